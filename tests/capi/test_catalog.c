/*
 * The catalogue (mend/catalog.h) holds the rules the library enforces, not a
 * copy of them: each limit and list read from mend_catalog_get_json is
 * checked at its boundary against the call that enforces it (a text of
 * exactly short_text_max_bytes accepted and one byte more refused, every
 * CPT code's minute range, every note format's fields, the audit and search
 * limits, the children range). Also: a case's kind follows from client or
 * couple, mend_report_write writes atomically, and note content over
 * note_content_max_bytes is refused.
 */
#include "support.h"

#include <stdio.h>

/* The text of `key`'s value in `json` (after the colon), or NULL. */
static const char* value_of(const char* json, const char* key) {
    char pattern[96];
    const char* at;
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    at = strstr(json, pattern);
    return at ? at + strlen(pattern) : NULL;
}

/* An integer value of `key` in `json` (the first occurrence); -999 if absent. */
static long int_of(const char* json, const char* key) {
    const char* v = value_of(json, key);
    if (!v || strncmp(v, "null", 4) == 0) return -999;
    return strtol(v, NULL, 10);
}

/* Copies the strings of the array starting at `v` ('[') into out (each up to
 * 63 bytes); returns how many. */
static int strings_of(const char* v, char out[][64], int max) {
    int n = 0;
    if (!v || *v != '[') return 0;
    ++v;
    while (*v && *v != ']' && n < max) {
        const char* end;
        if (*v != '"') {
            ++v;
            continue;
        }
        end = strchr(v + 1, '"');
        if (!end) break;
        snprintf(out[n], 64, "%.*s", (int)(end - v - 1), v + 1);
        ++n;
        v = end + 1;
    }
    return n;
}

static char* repeat(char ch, size_t n) {
    char* s = (char*)malloc(n + 1);
    REQUIRE(s != NULL);
    memset(s, ch, n);
    s[n] = '\0';
    return s;
}

static int64_t session_for(mend_db* db, int64_t kase, const int64_t* who, size_t n, int64_t patient,
                           const char* cpt, int minutes, int* rc) {
    mend_session_fields f = MEND_SESSION_FIELDS_INIT;
    char at[20];
    int64_t id = 0;
    t_local_date(at, -1);
    strcat(at, "T10:00");
    f.case_id = kase;
    f.starts_at = at;
    f.duration_minutes = minutes;
    f.modality = "in_person";
    f.participants = who;
    f.participant_count = n;
    f.identified_patient_id = patient;
    f.cpt_code = cpt;
    *rc = mend_session_create(&id, db, &f);
    return id;
}

static int note_with(mend_db* db, int64_t session, const char* format, const char* field) {
    char content[128];
    int64_t id = 0;
    snprintf(content, sizeof content, "{\"%.60s\": \"canary text\"}", field);
    return mend_note_create(&id, db, session, format, content);
}

int main(int argc, char** argv) {
    int64_t admin, clin, a, b, couple, solo_case, pair_case, id = 0, session = 0;
    char* cat = NULL;
    char* with_db = NULL;
    mend_db* db;
    long max_text, children_max, audit_max, search_max, content_max, field_max;
    int rc, n_codes = 0;
    const char* p;
    const char* stop;

    t_location(argc, argv, "capi_catalog.db");

    SECTION("without a database");
    REQUIRE_OK(mend_catalog_get_json(&cat, NULL));
    REQUIRE(cat != NULL);
    CHECK(strstr(cat, "\"schema\":\"mend.catalog/1\"") != NULL);
    CHECK(strstr(cat, "\"pcl5\"") != NULL);             /* built-in instruments */
    CHECK(strstr(cat, "\"conjoint_consent\"") != NULL); /* read by built-in protocols */
    CHECK_RC(mend_catalog_get_json(NULL, NULL), MEND_EINVAL);
    /* The event kinds and log levels carry the numbers of their macros. */
    {
        char want[64];
        snprintf(want, sizeof want, "{\"code\":%d,\"name\":\"flag_raised\"}",
                 MEND_EVENT_FLAG_RAISED);
        CHECK(strstr(cat, want) != NULL);
        snprintf(want, sizeof want, "{\"code\":%d,\"name\":\"release_created\"}",
                 MEND_EVENT_RELEASE_CREATED);
        CHECK(strstr(cat, want) != NULL);
        snprintf(want, sizeof want, "{\"code\":%d,\"name\":\"warning\"}", MEND_LOG_WARNING);
        CHECK(strstr(cat, want) != NULL);
        snprintf(want, sizeof want, "{\"code\":%d,\"name\":\"debug\"}", MEND_LOG_DEBUG);
        CHECK(strstr(cat, want) != NULL);
    }
    max_text = int_of(cat, "short_text_max_bytes");
    children_max = int_of(cat, "children_in_household_max");
    audit_max = int_of(cat, "audit_limit_max");
    search_max = int_of(cat, "search_limit_max");
    content_max = int_of(cat, "note_content_max_bytes");
    field_max = int_of(cat, "note_field_max_bytes");
    REQUIRE(max_text > 0 && children_max > 0 && audit_max > 0 && search_max > 0);
    REQUIRE(content_max > field_max && field_max > 0);
    CHECK(int_of(cat, "children_in_household_min") == 0);

    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Cam Lin", "clinician", "cam");
    REQUIRE_OK(mend_actor_set(db, clin));

    SECTION("with a database: the practice's definitions; an actor is needed");
    REQUIRE_OK(mend_catalog_get_json(&with_db, db));
    CHECK(strstr(with_db, "\"instruments\":[") != NULL);
    CHECK(strstr(with_db, "\"felt_safety\"") != NULL);
    CHECK(int_of(with_db, "short_text_max_bytes") == max_text);
    mend_free(with_db);

    SECTION("short_text_max_bytes is the limit a name is held to");
    {
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        char* name = repeat('n', (size_t)max_text);
        f.given_name = name;
        f.family_name = "Doe";
        CHECK_OK(mend_client_create(&id, db, &f));
        free(name);
        name = repeat('n', (size_t)max_text + 1);
        f.given_name = name;
        CHECK_RC(mend_client_create(&id, db, &f), MEND_EINVAL);
        free(name);
    }

    SECTION("the children range is the one a couple is held to");
    a = t_client(db, "Ana", "Diaz", NULL);
    b = t_client(db, "Ben", "Diaz", NULL);
    couple = t_couple(db, a, b, "no_secrets");
    {
        mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
        f.children_in_household = (int)children_max;
        CHECK_OK(mend_couple_update(db, couple, &f));
        f.children_in_household = (int)children_max + 1;
        CHECK_RC(mend_couple_update(db, couple, &f), MEND_EINVAL);
        f.children_in_household = 0;
        CHECK_OK(mend_couple_update(db, couple, &f));
    }

    SECTION("a case's kind follows from its client or couple");
    {
        mend_case_fields f = MEND_CASE_FIELDS_INIT;
        mend_case* c = NULL;
        f.client_id = a;
        REQUIRE_OK(mend_case_create(&solo_case, db, &f));
        REQUIRE_OK(mend_case_get(&c, db, solo_case));
        CHECK_STREQ(mend_case_kind(c), "individual");
        mend_case_free(c);
        f.client_id = 0;
        f.couple_id = couple;
        REQUIRE_OK(mend_case_create(&pair_case, db, &f));
        REQUIRE_OK(mend_case_get(&c, db, pair_case));
        CHECK_STREQ(mend_case_kind(c), "conjoint");
        mend_case_free(c);
        f.client_id = a; /* both: the kind must be given */
        CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    }

    SECTION("each CPT code's minute range is the one a session is held to");
    p = value_of(cat, "cpt_codes");
    REQUIRE(p != NULL);
    stop = strchr(p, ']'); /* the array's end: its objects hold no array */
    REQUIRE(stop != NULL);
    while ((p = strstr(p, "{\"code\":\"")) != NULL && p < stop) {
        char code[16];
        const char* end = strchr(p, '}');
        char object[256];
        long min, max;
        int conjoint;
        int64_t both[2];
        const int64_t* who;
        size_t count;
        int64_t kase, patient;
        REQUIRE(end && end - p < (long)sizeof object);
        snprintf(object, sizeof object, "%.*s", (int)(end - p + 1), p);
        snprintf(code, sizeof code, "%.5s", p + strlen("{\"code\":\""));
        min = int_of(object, "min_minutes");
        max = int_of(object, "max_minutes");
        conjoint = strstr(object, "\"conjoint\":true") != NULL;
        both[0] = a;
        both[1] = b;
        /* 90846 is without the identified patient, 90847 with them. */
        kase = conjoint ? pair_case : solo_case;
        who = conjoint && strcmp(code, "90846") == 0 ? &both[1] : both;
        count = conjoint ? (strcmp(code, "90846") == 0 ? 1 : 2) : 1;
        patient = conjoint ? a : 0;
        session_for(db, kase, who, count, patient, code, (int)min, &rc);
        CHECK(rc == MEND_OK);
        if (min > 1) {
            session_for(db, kase, who, count, patient, code, (int)min - 1, &rc);
            CHECK(rc == MEND_EINVAL);
        }
        if (max != -999) {
            session_for(db, kase, who, count, patient, code, (int)max, &rc);
            CHECK(rc == MEND_OK);
            session_for(db, kase, who, count, patient, code, (int)max + 1, &rc);
            CHECK(rc == MEND_EINVAL);
        }
        ++n_codes;
        p = end;
    }
    CHECK(n_codes >= 6);

    SECTION("each note format takes exactly the fields the catalogue lists");
    {
        static const char* formats[] = {"soap", "dap", "birp", "free"};
        char fields[16][64];
        int f, i, n;
        session = session_for(db, solo_case, &a, 1, 0, "90834", 45, &rc);
        REQUIRE(rc == MEND_OK);
        for (f = 0; f < 4; ++f) {
            n = strings_of(value_of(value_of(cat, "note_formats"), formats[f]), fields, 16);
            CHECK(n >= 3);
            for (i = 0; i < n; ++i)
                if (strcmp(fields[i], "interventions") != 0)
                    CHECK_OK(note_with(db, session, formats[f], fields[i]));
        }
        CHECK_RC(note_with(db, session, "dap", "subjective"), MEND_EINVAL);
        CHECK_RC(note_with(db, session, "free", "data"), MEND_EINVAL);
    }

    SECTION("note content: a field up to note_field_max_bytes, the whole up to "
            "note_content_max_bytes, refused once with MEND_EINVAL beyond");
    {
        size_t len = (size_t)content_max + 64;
        char* content = (char*)malloc(len + 1);
        char* text = repeat('x', (size_t)field_max);
        REQUIRE(content != NULL);
        snprintf(content, len, "{\"text\": \"%s\"}", text);
        CHECK_OK(mend_note_create(&id, db, session, "free", content));
        snprintf(content, len, "{\"text\": \"%sx\"}", text);
        CHECK_RC(mend_note_create(&id, db, session, "free", content), MEND_EINVAL);
        free(text);
        /* Over the whole-content limit: refused before any parsing. */
        memset(content, ' ', len);
        content[0] = '{';
        memcpy(content + len - 12, "\"text\":\"a\"}", 11);
        content[len - 1] = '\0';
        CHECK(strlen(content) > (size_t)content_max);
        CHECK_RC(mend_note_create(&id, db, session, "free", content), MEND_EINVAL);
        CHECK(strstr(mend_errmsg(db), "content_json is longer than") != NULL);
        free(content);
    }

    SECTION("the search limit");
    {
        mend_note_search_options o = MEND_NOTE_SEARCH_OPTIONS_INIT;
        char* js = NULL;
        o.limit = (int)search_max;
        CHECK_OK(mend_note_search_json(&js, db, "canary", &o));
        mend_free(js);
        o.limit = (int)search_max + 1;
        CHECK_RC(mend_note_search_json(&js, db, "canary", &o), MEND_EINVAL);
        o.limit = 0; /* the default */
        CHECK_OK(mend_note_search_json(&js, db, "canary", &o));
        mend_free(js);
    }

    SECTION("the audit limit");
    REQUIRE_OK(mend_actor_set(db, admin));
    {
        char* js = NULL;
        CHECK_OK(mend_audit_list_json(&js, db, 0, (int)audit_max));
        mend_free(js);
        CHECK_RC(mend_audit_list_json(&js, db, 0, (int)audit_max + 1), MEND_EINVAL);
        CHECK(js == NULL);
    }

    SECTION("mend_report_write: atomically, or a clear error and nothing written");
    {
        mend_report_options o = MEND_REPORT_OPTIONS_INIT;
        char path[512], part[520];
        size_t size = 0;
        unsigned char* body;
        FILE* f;
        o.kind = "case";
        o.format = "markdown";
        o.case_id = solo_case;
        CHECK_RC(mend_report_write(db, &o, "/nonexistent-mend-dir/sub/report.md"), MEND_EINVAL);
        f = fopen("/nonexistent-mend-dir/sub/report.md.part", "rb");
        CHECK(f == NULL);
        if (f) fclose(f);
        snprintf(path, sizeof path, "%s", "capi_catalog_report.md");
        snprintf(part, sizeof part, "%s.part", path);
        remove(path);
        CHECK_OK(mend_report_write(db, &o, path));
        body = t_read_file(path, &size);
        CHECK(body != NULL && size > 0);
        free(body);
        f = fopen(part, "rb");
        CHECK(f == NULL);
        if (f) fclose(f);
        remove(path);
    }

    SECTION("an instrument as a FHIR R4 Questionnaire, with or without a database");
    {
        char* q = NULL;
        REQUIRE_OK(mend_fhir_questionnaire_get_json(&q, NULL, "phq9"));
        CHECK_SUBSTR(q, "\"resourceType\":\"Questionnaire\"");
        CHECK_SUBSTR(q, "\"url\":\"urn:mend:questionnaire:phq9\"");
        CHECK_SUBSTR(q, "\"code\":\"44249-1\"");
        CHECK_SUBSTR(q, "\"code\":\"LA6571-9\"");
        mend_free(q);
        q = NULL;
        REQUIRE_OK(mend_fhir_questionnaire_get_json(&q, db, "gad7"));
        CHECK_SUBSTR(q, "\"code\":\"69737-5\"");
        mend_free(q);
        q = (char*)1;
        CHECK_RC(mend_fhir_questionnaire_get_json(&q, NULL, "nope"), MEND_ENOTFOUND);
        CHECK(q == NULL);
        CHECK_RC(mend_fhir_questionnaire_get_json(&q, db, "nope"), MEND_ENOTFOUND);
        CHECK_RC(mend_fhir_questionnaire_get_json(&q, NULL, NULL), MEND_EINVAL);
        CHECK_RC(mend_fhir_questionnaire_get_json(NULL, NULL, "phq9"), MEND_EINVAL);
        CHECK_RC(mend_fhir_questionnaire_get_json(&q, NULL, "ph\xffq9"), MEND_EENCODING);
    }

    mend_free(cat);
    mend_close(db);
    return t_finish();
}
