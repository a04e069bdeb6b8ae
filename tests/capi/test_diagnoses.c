/*
 * Diagnoses through the C API: ICD-10-CM form and mend's table, unlisted
 * codes, ranks (the next free one, no two current diagnoses of one client
 * sharing one), dates, updates that keep and clear, bad input that changes
 * nothing, authorisation and audit.
 */
#include "support.h"

static int64_t diagnose(mend_db* db, int64_t kase, int64_t client, const char* code, int rank,
                        int expect) {
    mend_diagnosis_fields f = MEND_DIAGNOSIS_FIELDS_INIT;
    int64_t id = -1;
    f.case_id = kase;
    f.client_id = client;
    f.code = code;
    f.rank = rank;
    CHECK_RC(mend_diagnosis_create(&id, db, &f), expect);
    if (expect != MEND_OK) CHECK(id == -1); /* out untouched */
    return id;
}

/* How many diagnoses the case lists, and the list in *out (mend_free). */
static int listed(mend_db* db, int64_t kase, char** out) {
    int n = 0;
    const char* p;
    REQUIRE_OK(mend_diagnosis_list_json(out, db, kase));
    for (p = *out; (p = strstr(p, "\"code\":")) != NULL; ++p)
        ++n;
    return n;
}

/* A session of the couple's case billed as given; returns its id (-1 when refused). */
static int64_t billed_session(mend_db* db, int64_t kase, const char* at, const int64_t* who,
                              size_t n, int64_t patient, const char* cpt, int minutes,
                              const char* modality, const char* place, const char* modifiers,
                              int complexity, const int64_t* dx, size_t ndx, int expect) {
    mend_session_fields f = MEND_SESSION_FIELDS_INIT;
    int64_t id = -1;
    f.case_id = kase;
    f.starts_at = at;
    f.duration_minutes = minutes;
    f.modality = modality;
    f.participants = who;
    f.participant_count = n;
    f.identified_patient_id = patient;
    f.cpt_code = cpt;
    f.place_of_service = place;
    f.modifiers = modifiers;
    f.interactive_complexity = complexity;
    f.diagnosis_ids = dx;
    f.diagnosis_count = ndx;
    CHECK_RC(mend_session_create(&id, db, &f), expect);
    return id;
}

int main(int argc, char** argv) {
    int64_t admin, clin, other, jo, kai, solo, couple, kase, solo_case, primary, second, unlisted,
        kai_dx;
    mend_db* db;
    char* js = NULL;
    char today[11], tomorrow[11], last_year[11], buf[256];
    mend_diagnosis_fields f;
    t_event* events;
    int n, catalogue_codes = 0;

    t_location(argc, argv, "capi_diagnoses.db");
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Cam Lin", "clinician", "cam");
    other = t_clinician(db, "Other One", "clinician", "other");
    REQUIRE_OK(mend_actor_set(db, clin));
    jo = t_client(db, "Joanna", "Quist", "pt-jo");
    kai = t_client(db, "Kai", "Quist", "pt-kai");
    solo = t_client(db, "Solo", "Person", "pt-solo");
    couple = t_couple(db, jo, kai, "confidential");
    kase = t_conjoint_case(db, couple, clin);
    solo_case = t_individual_case(db, solo, clin);
    t_utc_date(today, 0);
    t_utc_date(tomorrow, 1);
    t_utc_date(last_year, -365);

    SECTION("the struct's versions");
    CHECK_RC(mend_diagnosis_fields_init(&f, 0), MEND_EINVAL);
    CHECK_RC(mend_diagnosis_fields_init(&f, MEND_DIAGNOSIS_FIELDS_VERSION + 1), MEND_EINVAL);
    CHECK_RC(mend_diagnosis_fields_init(NULL, MEND_DIAGNOSIS_FIELDS_VERSION), MEND_EINVAL);
    REQUIRE_OK(mend_diagnosis_fields_init(&f, MEND_DIAGNOSIS_FIELDS_VERSION));
    CHECK(f.version == MEND_DIAGNOSIS_FIELDS_VERSION && f.rank == 0 && f.code == NULL);

    SECTION("known codes and ranks");
    primary = diagnose(db, kase, jo, "F43.10", 0, MEND_OK); /* rank 0: the next free, 1 */
    second = diagnose(db, kase, jo, "Z63.0", 0, MEND_OK);   /* then 2 */
    kai_dx = diagnose(db, kase, kai, "F43.22", 1, MEND_OK); /* each client has his own ranks */
    REQUIRE(primary > 0 && second > 0 && kai_dx > 0);
    CHECK(listed(db, kase, &js) == 3);
    snprintf(buf, sizeof buf, "\"id\":%lld,", (long long)primary);
    CHECK_SUBSTR(js, buf);
    CHECK_SUBSTR(js, "\"code\":\"F43.10\"");
    CHECK_SUBSTR(js, "\"title\":\"Post-traumatic stress disorder, unspecified\"");
    CHECK_SUBSTR(js, "\"title\":\"Problems in relationship with spouse or partner\"");
    CHECK_SUBSTR(js, "\"rank\":2");
    CHECK_SUBSTR(js, "\"status\":\"active\"");
    CHECK_SUBSTR(js, "\"listed\":true");
    CHECK_NO_SUBSTR(js, "\"listed\":false");
    /* By client, rank and id: Joanna's two (she is the lower id), then Kai's. */
    CHECK(strstr(js, "F43.10") < strstr(js, "Z63.0") && strstr(js, "Z63.0") < strstr(js, "F43.22"));
    mend_free(js);
    /* A rank a current diagnosis of the same client holds is refused. */
    diagnose(db, kase, jo, "F41.1", 1, MEND_EEXISTS);
    diagnose(db, kase, jo, "F41.1", 2, MEND_EEXISTS);
    diagnose(db, kase, jo, "F41.1", 13, MEND_EINVAL);
    diagnose(db, kase, jo, "F41.1", -1, MEND_EINVAL);
    CHECK(listed(db, kase, &js) == 3);
    mend_free(js);

    SECTION("codes: form, the table, unlisted");
    {
        const char* bad[] = {"f43.10",  "F4",     "F43.",      "F43.12345", "43.10",
                             "F43,10",  "F43 10", "FF3.1",     "",          "Z63.0'--",
                             "F43.1\n", "F43.1;", "<b>F43</b>"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i)
            diagnose(db, kase, jo, bad[i], 0, MEND_EINVAL);
    }
    diagnose(db, kase, jo, NULL, 0, MEND_EINVAL);
    diagnose(db, kase, jo, "F4\xff.1", 0, MEND_EENCODING);
    /* A valid form outside mend's table needs allow_unlisted. */
    diagnose(db, kase, jo, "F42.2", 0, MEND_EINVAL);
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.case_id = kase;
    f.client_id = jo;
    f.code = "F42.2";
    f.allow_unlisted = 1;
    unlisted = -1;
    REQUIRE_OK(mend_diagnosis_create(&unlisted, db, &f));
    CHECK(listed(db, kase, &js) == 4);
    CHECK_SUBSTR(js, "\"code\":\"F42.2\"");
    CHECK_SUBSTR(js, "\"title\":null");
    CHECK_SUBSTR(js, "\"listed\":false");
    CHECK_SUBSTR(js, "\"rank\":3");
    mend_free(js);

    SECTION("every code of the catalogue is accepted, as listed");
    {
        char* cat = NULL;
        const char* p;
        const char* stop;
        int codes = 0;
        REQUIRE_OK(mend_catalog_get_json(&cat, db));
        p = strstr(cat, "\"diagnosis_codes\":[");
        REQUIRE(p != NULL);
        stop = strstr(p, "],\""); /* the array's end (a title may hold "]") */
        REQUIRE(stop != NULL);
        while ((p = strstr(p, "{\"code\":\"")) != NULL && p < stop) {
            char code[16];
            const char* end;
            int64_t id = -1;
            p += strlen("{\"code\":\"");
            end = strchr(p, '"');
            REQUIRE(end != NULL && end - p < (long)sizeof code);
            snprintf(code, sizeof code, "%.*s", (int)(end - p), p);
            f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
            f.case_id = solo_case;
            f.client_id = solo;
            f.code = code;
            f.resolved_on = today; /* resolved: it holds no rank */
            CHECK_OK(mend_diagnosis_create(&id, db, &f));
            ++codes;
        }
        CHECK(codes == 30);
        catalogue_codes = codes;
        mend_free(cat);
        REQUIRE_OK(mend_diagnosis_list_json(&js, db, solo_case));
        CHECK_NO_SUBSTR(js, "\"listed\":false");
        CHECK_NO_SUBSTR(js, "\"title\":null");
        mend_free(js);
    }

    SECTION("who and where");
    diagnose(db, kase, solo, "F41.1", 0, MEND_EINVAL); /* not a client of this case */
    diagnose(db, kase, 0, "F41.1", 0, MEND_EINVAL);
    diagnose(db, 999999, jo, "F41.1", 0, MEND_ENOTFOUND);
    diagnose(db, 0, jo, "F41.1", 0, MEND_EINVAL);
    CHECK_RC(mend_diagnosis_create(NULL, db, &f), MEND_EINVAL);
    CHECK_RC(mend_diagnosis_list_json(&js, db, 999999), MEND_ENOTFOUND);
    CHECK(js == NULL);
    REQUIRE_OK(mend_actor_set(db, other)); /* not this case's clinician */
    diagnose(db, kase, jo, "F41.1", 0, MEND_ENOTFOUND);
    CHECK_RC(mend_diagnosis_list_json(&js, db, kase), MEND_ENOTFOUND);
    CHECK(js == NULL);
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.resolved_on = today;
    CHECK_RC(mend_diagnosis_update(db, primary, &f), MEND_ENOTFOUND);
    REQUIRE_OK(mend_actor_set(db, clin));

    SECTION("dates");
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.case_id = kase;
    f.client_id = kai;
    f.code = "F41.1";
    f.onset_on = tomorrow;
    CHECK_RC(mend_diagnosis_create(&second, db, &f), MEND_EINVAL);
    f.onset_on = "2026-02-30";
    CHECK_RC(mend_diagnosis_create(&second, db, &f), MEND_EINVAL);
    f.onset_on = today;
    f.resolved_on = last_year; /* before onset */
    CHECK_RC(mend_diagnosis_create(&second, db, &f), MEND_EINVAL);
    CHECK(listed(db, kase, &js) == 4);
    mend_free(js);

    SECTION("updates keep, change and clear");
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.onset_on = last_year;
    REQUIRE_OK(mend_diagnosis_update(db, primary, &f));
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.resolved_on = today; /* resolves it; the code, rank and onset stay */
    REQUIRE_OK(mend_diagnosis_update(db, primary, &f));
    REQUIRE_OK(mend_diagnosis_list_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"status\":\"resolved\"");
    snprintf(buf, sizeof buf, "\"onset_on\":\"%s\"", last_year);
    CHECK_SUBSTR(js, buf);
    snprintf(buf, sizeof buf, "\"resolved_on\":\"%s\"", today);
    CHECK_SUBSTR(js, buf);
    mend_free(js);
    /* Resolved, it frees rank 1 for a new primary. */
    diagnose(db, kase, jo, "F43.21", 1, MEND_OK);
    /* Reopening the old primary ("" clears the date) would give Joanna two
     * current rank-1 diagnoses: refused, and nothing changes. */
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.resolved_on = "";
    CHECK_RC(mend_diagnosis_update(db, primary, &f), MEND_EEXISTS);
    REQUIRE_OK(mend_diagnosis_list_json(&js, db, kase));
    snprintf(buf, sizeof buf, "\"resolved_on\":\"%s\"", today);
    CHECK_SUBSTR(js, buf);
    mend_free(js);
    /* Reopened at rank 5 it is accepted. */
    f.rank = 5;
    REQUIRE_OK(mend_diagnosis_update(db, primary, &f));
    REQUIRE_OK(mend_diagnosis_list_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"rank\":5");
    CHECK_NO_SUBSTR(js, "\"status\":\"resolved\"");
    mend_free(js);
    /* An unlisted code stays acceptable when another field changes; a new
     * unlisted code needs allow_unlisted again. */
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.rank = 6;
    CHECK_OK(mend_diagnosis_update(db, unlisted, &f));
    f.code = "F42.3";
    CHECK_RC(mend_diagnosis_update(db, unlisted, &f), MEND_EINVAL);
    f.allow_unlisted = 1;
    CHECK_OK(mend_diagnosis_update(db, unlisted, &f));
    /* A diagnosis keeps its case and client. */
    f = (mend_diagnosis_fields)MEND_DIAGNOSIS_FIELDS_INIT;
    f.client_id = kai;
    CHECK_RC(mend_diagnosis_update(db, second, &f), MEND_EINVAL);
    f.client_id = 0;
    f.code = "bad";
    CHECK_RC(mend_diagnosis_update(db, second, &f), MEND_EINVAL);
    CHECK_RC(mend_diagnosis_update(db, 999999, &f), MEND_ENOTFOUND);
    CHECK_RC(mend_diagnosis_update(db, second, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_diagnosis_list_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"code\":\"F42.3\"");
    CHECK_SUBSTR(js, "\"code\":\"Z63.0\""); /* the refused updates changed nothing */
    mend_free(js);

    SECTION("billing: the rendering clinician's NPI");
    REQUIRE_OK(mend_actor_set(db, admin));
    {
        mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
        mend_clinician* rec = NULL;
        int64_t id = -1;
        cf.display_name = "Npi Person";
        cf.npi = "1234567890"; /* the check digit is 3 */
        CHECK_RC(mend_clinician_create(&id, db, &cf), MEND_EINVAL);
        cf.npi = "123456789X";
        CHECK_RC(mend_clinician_create(&id, db, &cf), MEND_EINVAL);
        cf.npi = "123456789";
        CHECK_RC(mend_clinician_create(&id, db, &cf), MEND_EINVAL);
        cf = (mend_clinician_fields)MEND_CLINICIAN_FIELDS_INIT;
        cf.npi = "1234567893"; /* CMS's example NPI */
        REQUIRE_OK(mend_clinician_update(db, clin, &cf));
        REQUIRE_OK(mend_clinician_get(&rec, db, clin));
        CHECK_STREQ(mend_clinician_npi(rec), "1234567893");
        CHECK_STREQ(mend_clinician_display_name(rec), "Cam Lin"); /* kept */
        mend_clinician_free(rec);
    }
    REQUIRE_OK(mend_actor_set(db, clin));

    SECTION("billing: place, modifiers, add-ons and diagnosis pointers");
    {
        char at[20];
        char yesterday[11];
        const int64_t both[2] = {jo, kai};
        const int64_t only_jo[1] = {jo};
        const int64_t jo_dx[2] = {second, primary}; /* Z63.0 and F43.10, both Joanna's */
        const int64_t kai_only[1] = {kai_dx};
        const int64_t five[5] = {second, primary, unlisted, second, primary};
        int64_t sid;
        t_utc_date(yesterday, -1);
        snprintf(at, sizeof at, "%sT10:00", yesterday);
        sid = billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", "95", 0, jo_dx,
                             2, MEND_OK);
        REQUIRE(sid > 0);
        REQUIRE_OK(mend_session_get_json(&js, db, sid));
        CHECK_SUBSTR(js, "\"place_of_service\":\"10\"");
        CHECK_SUBSTR(js, "\"modifiers\":[\"95\"]");
        snprintf(buf, sizeof buf, "\"diagnosis_ids\":[%lld,%lld]", (long long)second,
                 (long long)primary);
        CHECK_SUBSTR(js, buf);
        CHECK_SUBSTR(js, "\"rendering_npi\":\"1234567893\"");
        CHECK_SUBSTR(js, "\"add_on_codes\":[]");
        mend_free(js);
        /* Pointers name the billed client's diagnoses (Joanna is the identified patient). */
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 0, kai_only, 1,
                       MEND_EINVAL);
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 0, five, 5,
                       MEND_EINVAL);
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 0, NULL, 1,
                       MEND_EINVAL);
        {
            const int64_t twice[2] = {second, second};
            const int64_t nowhere[1] = {999999};
            billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 0, twice, 2,
                           MEND_EINVAL);
            billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 0, nowhere,
                           1, MEND_EINVAL);
        }
        /* The place, the modality and modifier 95 agree. */
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "11", NULL, 0, NULL, 0,
                       MEND_EINVAL);
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "in_person", "02", NULL, 0, NULL, 0,
                       MEND_EINVAL);
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "in_person", "11", "95", 0, NULL, 0,
                       MEND_EINVAL);
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "03", NULL, 0, NULL, 0,
                       MEND_EINVAL);
        {
            const char* bad[] = {"95,95", "9", "95,", "gt", "95,GT,AB,CD,EF", "95;GT", ",95"};
            size_t i;
            for (i = 0; i < sizeof bad / sizeof bad[0]; ++i)
                billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", bad[i], 0,
                               NULL, 0, MEND_EINVAL);
        }
        /* 90785 adds to individual psychotherapy, not to family psychotherapy or crisis. */
        billed_session(db, kase, at, both, 2, jo, "90847", 50, "video", "10", NULL, 1, NULL, 0,
                       MEND_EINVAL);
        billed_session(db, kase, at, only_jo, 1, 0, "90839", 60, "in_person", "11", NULL, 1, NULL,
                       0, MEND_EINVAL);
        sid = billed_session(db, kase, at, only_jo, 1, 0, "90834", 45, "in_person", "11", "GT", 1,
                             jo_dx, 1, MEND_OK);
        REQUIRE_OK(mend_session_get_json(&js, db, sid));
        CHECK_SUBSTR(js, "\"add_on_codes\":[{\"code\":\"90785\",\"units\":1}]");
        CHECK_SUBSTR(js, "\"interactive_complexity\":true");
        mend_free(js);
        /* Crisis: 90839 covers 30-74 minutes; 90840 each further 30. */
        billed_session(db, kase, at, only_jo, 1, 0, "90839", 29, "in_person", "11", NULL, 0, NULL,
                       0, MEND_EINVAL);
        sid = billed_session(db, kase, at, only_jo, 1, 0, "90839", 74, "in_person", "11", NULL, 0,
                             NULL, 0, MEND_OK);
        REQUIRE_OK(mend_session_get_json(&js, db, sid));
        CHECK_SUBSTR(js, "\"add_on_codes\":[]");
        mend_free(js);
        sid = billed_session(db, kase, at, only_jo, 1, 0, "90839", 75, "in_person", "11", NULL, 0,
                             NULL, 0, MEND_OK);
        REQUIRE_OK(mend_session_get_json(&js, db, sid));
        CHECK_SUBSTR(js, "{\"code\":\"90840\",\"units\":1}");
        mend_free(js);
        sid = billed_session(db, kase, at, only_jo, 1, 0, "90839", 135, "in_person", "11", NULL, 0,
                             NULL, 0, MEND_OK);
        REQUIRE_OK(mend_session_get_json(&js, db, sid));
        CHECK_SUBSTR(js, "{\"code\":\"90840\",\"units\":3}");
        mend_free(js);
        /* A session with no billing fields (a version 1 host's) bills none. */
        {
            mend_session_fields v1;
            int64_t id = -1;
            REQUIRE_OK(mend_session_fields_init(&v1, 1));
            v1.case_id = kase;
            v1.starts_at = at;
            v1.duration_minutes = 45;
            v1.modality = "in_person";
            v1.participants = only_jo;
            v1.participant_count = 1;
            v1.cpt_code = "90834";
            REQUIRE_OK(mend_session_create(&id, db, &v1));
            REQUIRE_OK(mend_session_get_json(&js, db, id));
            CHECK_SUBSTR(js, "\"place_of_service\":null");
            CHECK_SUBSTR(js, "\"modifiers\":[]");
            CHECK_SUBSTR(js, "\"diagnosis_ids\":[]");
            mend_free(js);
        }
    }

    SECTION("a damaged row: a clear error, never a wrong pointer");
    {
        /* Sessions are append-only: the damage goes around their triggers,
         * as someone editing the file would. */
        const char* off = t_is_pg() ? "ALTER TABLE session DISABLE TRIGGER USER;"
                                    : "DROP TRIGGER session_no_update;";
        const char* on = t_is_pg() ? "ALTER TABLE session ENABLE TRIGGER USER;" : "";
        char sql[300];
        char* bad = NULL;
        long long sid = 0;
        REQUIRE(t_raw_int("SELECT MAX(id) FROM session", &sid) == 0 && sid > 0);
        snprintf(sql, sizeof sql,
                 "%s UPDATE session SET diagnosis_ids = '12,x' WHERE id = %lld; %s", off, sid, on);
        REQUIRE(t_raw_exec(sql, buf, sizeof buf) == 0);
        CHECK_RC(mend_session_get_json(&bad, db, sid), MEND_ESTORE);
        CHECK(bad == NULL);
        CHECK_SUBSTR(mend_errmsg(db), "diagnosis pointers are damaged");
        snprintf(sql, sizeof sql, "%s UPDATE session SET diagnosis_ids = NULL WHERE id = %lld; %s",
                 t_is_pg() ? off : "", sid, on);
        REQUIRE(t_raw_exec(sql, buf, sizeof buf) == 0);
        CHECK_OK(mend_session_get_json(&bad, db, sid));
        mend_free(bad);
    }

    SECTION("audit");
    REQUIRE_OK(mend_actor_set(db, admin));
    events = t_read_audit(db, &n);
    REQUIRE(events != NULL);
    CHECK(t_count_events(events, n, "create", "diagnosis", primary, "ok", clin) == 1);
    CHECK(t_count_events(events, n, "create", "diagnosis", -1, "ok", clin) == 5 + catalogue_codes);
    CHECK(t_count_events(events, n, "update", "diagnosis", primary, "ok", clin) == 3);
    CHECK(t_count_events(events, n, "update", "diagnosis", unlisted, "ok", clin) == 2);
    CHECK(t_count_events(events, n, "read", "diagnosis_list", kase, "ok", clin) >= 5);
    CHECK(t_count_events(events, n, NULL, NULL, -1, "not_found", other) >= 3);
    CHECK(t_count_events(events, n, "update", "diagnosis", primary, "not_found", other) == 1);
    free(events);

    mend_close(db);
    return t_finish();
}
