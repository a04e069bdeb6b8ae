/*
 * FHIR R4 import (mend/fhir.h) through the C API: a Bundle of two Patients
 * and a PHQ-9 QuestionnaireResponse becomes two clients and an administration
 * scored by mend with its safety flag; importing again updates; a host total
 * that disagrees is reported; a bad entry stores nothing (all or nothing,
 * inside the host's transaction too); bad codes, an unknown instrument,
 * invalid JSON, NULL arguments and a missing file are clear errors.
 */
#include "support.h"

#include <stdio.h>

static long count_administrations(void) {
    long long n = -1;
    if (t_raw_int("SELECT COUNT(*) FROM administration", &n) != 0) return -1;
    return (long)n;
}

/* Counts the occurrences of `needle` in `s`. */
static int occurrences(const char* s, const char* needle) {
    int n = 0;
    for (const char* p = s ? strstr(s, needle) : NULL; p; p = strstr(p + 1, needle))
        ++n;
    return n;
}

/* A Patient entry with external id `ext` and birth date `born`. */
static void patient_entry(char* out, size_t size, const char* ext, const char* born) {
    snprintf(out, size,
             "{\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
             "\"urn:mend:external-id\",\"value\":\"%s\"}],\"name\":[{\"family\":\"Okafor\","
             "\"given\":[\"Ada\"]}],\"birthDate\":\"%s\"}}",
             ext, born);
}

/* A PHQ-9 response about client `client` with every item answered 1. */
static void response_entry(char* out, size_t size, long long client, const char* questionnaire) {
    char items[1200] = "";
    for (int i = 1; i <= 9; ++i) {
        char item[80];
        snprintf(item, sizeof item, "%s{\"linkId\":\"%d\",\"answer\":[{\"valueInteger\":1}]}",
                 i > 1 ? "," : "", i);
        strcat(items, item);
    }
    snprintf(out, size,
             "{\"resource\":{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
             "\"questionnaire\":\"%s\",\"subject\":{\"reference\":\"Patient/client-%lld\"},"
             "\"item\":[%s]}}",
             questionnaire, client, items);
}

/* A Bundle of the four entries `e` into `out` (8000 bytes). */
static void four_entries(char* out, char e[4][1500]) {
    snprintf(out, 8000, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[%s,%s,%s,%s]}",
             e[0], e[1], e[2], e[3]);
}

int main(int argc, char** argv) {
    char path[600], bad_bundle[8000], e[4][1500], resp[1500];
    char* bundle;
    char* js = NULL;
    int64_t admin = 0;
    long clients, administrations;
    mend_fhir_import_options o;
    mend_db* db;
    size_t size = 0;

    t_location(argc, argv, "capi_fhir_import.db");
    db = t_fresh_practice(&admin);
    REQUIRE_OK(mend_actor_set(db, admin));
    snprintf(path, sizeof path, "%s/import_bundle.json", MEND_TEST_FHIR_DIR);
    bundle = (char*)t_read_file(path, &size);
    REQUIRE_NOT_NULL(bundle);

    SECTION("a Bundle of two Patients and a PHQ-9 response");
    REQUIRE_OK(mend_fhir_import(&js, db, bundle, NULL));
    CHECK_I64(occurrences(js, "\"action\":\"created\""), 2);
    CHECK_SUBSTR(js, "\"path\":\"Bundle.entry[2].resource\"");
    CHECK_SUBSTR(js, "\"instrument\":\"phq9\"");
    CHECK_SUBSTR(js, "\"total\":9.0");
    CHECK_SUBSTR(js, "\"host_total\":9.0");
    CHECK_SUBSTR(js, "\"total_mismatch\":false");
    CHECK_SUBSTR(js, "\"flags\":[\"suicidal_ideation\"]");
    mend_free(js);
    js = NULL;
    CHECK_I64(t_count_clients(db, 1), 2);
    CHECK_I64(count_administrations(), 1);
    js = t_client_json(db, 1);
    CHECK_SUBSTR(js, "\"given_name\":\"Dana Maria\"");
    CHECK_SUBSTR(js, "\"preferred_name\":\"Dee\"");
    CHECK_SUBSTR(js, "\"external_id\":\"ehr-101\"");
    mend_free(js);
    js = t_client_json(db, 2);
    CHECK_SUBSTR(js, "\"external_id\":\"MRN-202\"");
    mend_free(js);
    js = NULL;

    SECTION("importing again, from the file, updates the clients");
    REQUIRE_OK(mend_fhir_import_options_init(&o, MEND_FHIR_IMPORT_OPTIONS_VERSION));
    REQUIRE_OK(mend_fhir_import_file(&js, db, path, &o));
    CHECK_I64(occurrences(js, "\"action\":\"updated\""), 2);
    mend_free(js);
    js = NULL;
    CHECK_I64(t_count_clients(db, 1), 2);
    CHECK_I64(count_administrations(), 2);

    SECTION("a host total that disagrees is reported; mend's score is stored");
    {
        char* p = strstr(bundle, "\"valueInteger\": 9}");
        REQUIRE_NOT_NULL(p);
        p[strlen("\"valueInteger\": ")] = '7';
        REQUIRE_OK(mend_fhir_import(&js, db, bundle, NULL));
        CHECK_SUBSTR(js, "\"total\":9.0");
        CHECK_SUBSTR(js, "\"host_total\":7.0");
        CHECK_SUBSTR(js, "\"total_mismatch\":true");
        mend_free(js);
        js = NULL;
    }

    SECTION("a bad fourth entry stores nothing of the bundle");
    clients = t_count_clients(db, 1);
    administrations = count_administrations();
    patient_entry(e[0], sizeof e[0], "new-1", "1990-01-01");
    patient_entry(e[1], sizeof e[1], "new-2", "1991-01-01");
    response_entry(e[2], sizeof e[2], 1, "urn:mend:questionnaire:phq9");
    patient_entry(e[3], sizeof e[3], "new-3", "1990-02-31");
    four_entries(bad_bundle, e);
    js = (char*)1;
    CHECK_RC(mend_fhir_import(&js, db, bad_bundle, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_SUBSTR(mend_errmsg(db), "Bundle.entry[3].resource.birthDate");
    CHECK_NO_SUBSTR(mend_errmsg(db), "1990-02-31");
    CHECK_I64(t_count_clients(db, 1), clients);
    CHECK_I64(count_administrations(), administrations);
    /* A failure the facade finds late (a birth date in the future) too. */
    patient_entry(e[3], sizeof e[3], "new-3", "2999-01-01");
    four_entries(bad_bundle, e);
    CHECK_RC(mend_fhir_import(&js, db, bad_bundle, NULL), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "Bundle.entry[3].resource: date_of_birth");
    CHECK_I64(t_count_clients(db, 1), clients);
    CHECK_I64(count_administrations(), administrations);

    SECTION("inside the host's transaction: the import is undone, the host's work kept");
    REQUIRE_OK(mend_transaction_begin(db));
    t_client(db, "Host", "Work", "host-1");
    CHECK_RC(mend_fhir_import(&js, db, bad_bundle, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK_I64(t_count_clients(db, 1), clients + 1);
    CHECK_I64(count_administrations(), administrations);

    SECTION("the case: the client's own, else refused");
    {
        int64_t kase = t_individual_case(db, 1, admin);
        int64_t other = t_individual_case(db, 2, admin);
        response_entry(resp, sizeof resp, 1, "urn:mend:questionnaire:phq9");
        snprintf(bad_bundle, sizeof bad_bundle, "{\"resourceType\":\"Bundle\",\"entry\":[%s]}",
                 resp);
        o.case_id = kase;
        REQUIRE_OK(mend_fhir_import(&js, db, bad_bundle, &o));
        CHECK_SUBSTR(js, "\"total\":9.0");
        mend_free(js);
        js = NULL;
        administrations = count_administrations();
        o.case_id = other;
        CHECK_RC(mend_fhir_import(&js, db, bad_bundle, &o), MEND_ECONSTRAINT);
        CHECK_SUBSTR(mend_errmsg(db), "Bundle.entry[0].resource: that case is not this client's");
        CHECK_I64(count_administrations(), administrations);
    }

    SECTION("codes, instruments, JSON");
    clients = t_count_clients(db, 1);
    CHECK_RC(
        mend_fhir_import(&js, db,
                         "{\"resourceType\":\"Patient\",\"gender\":\"F\",\"identifier\":"
                         "[{\"value\":\"g-1\"}],\"name\":[{\"family\":\"A\",\"given\":[\"B\"]}]}",
                         NULL),
        MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "Patient.gender must be one of male, female, other, unknown");
    response_entry(resp, sizeof resp, 1, "urn:mend:questionnaire:nope");
    snprintf(bad_bundle, sizeof bad_bundle, "{\"resourceType\":\"Bundle\",\"entry\":[%s]}", resp);
    CHECK_RC(mend_fhir_import(&js, db, bad_bundle, NULL), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db),
                 "Bundle.entry[0].resource.questionnaire names no instrument this practice has");
    CHECK_RC(mend_fhir_import(&js, db, "{\"resourceType\":", NULL), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "not valid JSON");
    CHECK_RC(mend_fhir_import(&js, db, "{\"resourceType\":\"Observation\"}", NULL), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "resource.resourceType must be Patient");
    CHECK_I64(t_count_clients(db, 1), clients);

    SECTION("NULL arguments, a bad options version, a missing file");
    CHECK_RC(mend_fhir_import(NULL, db, bundle, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_import(&js, NULL, bundle, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_import(&js, db, NULL, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_RC(mend_fhir_import_file(NULL, db, path, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_import_file(&js, NULL, path, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_import_file(&js, db, NULL, NULL), MEND_EINVAL);
    o.version = 0;
    CHECK_RC(mend_fhir_import(&js, db, bundle, &o), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "mend_fhir_import_options has version 0");
    CHECK_RC(mend_fhir_import_options_init(NULL, 1), MEND_EINVAL);
    CHECK_RC(mend_fhir_import_file(&js, db, "/nonexistent/bundle.json", NULL), MEND_ENOTFOUND);
    CHECK_SUBSTR(mend_errmsg(db), "there is no file at that path");
    CHECK_NULL(js);
    CHECK_I64(t_count_clients(db, 1), clients);

    free(bundle);
    mend_close(db);
    return t_finish();
}
