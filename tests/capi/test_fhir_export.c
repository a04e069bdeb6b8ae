/*
 * FHIR R4 export through the C API: a couple's case as a Bundle (to a string
 * and to a file), a release prepared for one partner that holds nothing of
 * the other partner's individual record, a client's own record, the options
 * struct's checks, and bad arguments that leave nothing behind.
 */
#include "support.h"

static int64_t session(mend_db* db, int64_t kase, const int64_t* who, size_t n, int64_t patient,
                       const char* cpt, int minutes, int day) {
    return t_session(db, kase, who, n, patient, cpt, minutes, day, NULL);
}

static int64_t signed_note(mend_db* db, int64_t s, const char* content) {
    int64_t note = 0;
    REQUIRE_OK(mend_note_create(&note, db, s, "free", content));
    REQUIRE_OK(mend_note_sign(db, note));
    return note;
}

/* The export as a string (mend_free), or NULL with the code in *rc. */
static char* exported(mend_db* db, int64_t kase, int64_t client, int64_t release, int* rc) {
    mend_fhir_export_options o = MEND_FHIR_EXPORT_OPTIONS_INIT;
    char* js = NULL;
    o.case_id = kase;
    o.client_id = client;
    o.release_id = release;
    *rc = mend_fhir_export_json(&js, db, &o);
    return js;
}

int main(int argc, char** argv) {
    int64_t admin, clin, other, jo, kai, couple, kase, both[2], joint, alone_jo, alone_kai,
        note_joint, note_jo, note_kai, rel;
    mend_release_fields rf = MEND_RELEASE_FIELDS_INIT;
    mend_fhir_export_options o;
    char needle[80], expires[11];
    char* js;
    int rc;
    t_location(argc, argv, "capi_fhir_export.db");
    mend_db* db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Dr Export", "clinician", NULL);
    other = t_clinician(db, "Dr Other", "clinician", NULL);
    REQUIRE_OK(mend_actor_set(db, clin));
    jo = t_client(db, "Jo", "Lind", "EHR-JO");
    kai = t_client(db, "Kai", "Lind", NULL);
    couple = t_couple(db, jo, kai, "confidential");
    kase = t_conjoint_case(db, couple, clin);
    both[0] = jo;
    both[1] = kai;
    joint = session(db, kase, both, 2, jo, "90847", 50, 20);
    alone_jo = session(db, kase, &jo, 1, 0, "90834", 45, 15);
    alone_kai = session(db, kase, &kai, 1, 0, "90834", 45, 14);
    note_joint = signed_note(db, joint, "{\"text\": \"joint work\"}");
    note_jo = signed_note(db, alone_jo, "{\"text\": \"Jo alone\"}");
    note_kai = signed_note(db, alone_kai, "{\"text\": \"Kai alone\"}");

    SECTION("the clinicians' bundle holds the whole case");
    js = exported(db, kase, 0, 0, &rc);
    REQUIRE_OK(rc);
    CHECK_SUBSTR(js, "\"resourceType\":\"Bundle\"");
    CHECK_SUBSTR(js, "\"type\":\"collection\"");
    CHECK_SUBSTR(js, "\"code\":\"PSY\"");
    CHECK_SUBSTR(js,
                 "{\"system\":\"urn:mend:external-id\",\"use\":\"usual\",\"value\":\"EHR-JO\"}");
    snprintf(needle, sizeof needle, "\"id\":\"client-%lld\"", (long long)kai);
    CHECK_SUBSTR(js, needle);
    snprintf(needle, sizeof needle, "\"id\":\"couple-%lld\"", (long long)couple);
    CHECK_SUBSTR(js, needle);
    {
        int64_t n[3];
        int i;
        n[0] = note_joint;
        n[1] = note_jo;
        n[2] = note_kai;
        for (i = 0; i < 3; ++i) {
            snprintf(needle, sizeof needle, "\"id\":\"note-%lld\"", (long long)n[i]);
            CHECK_SUBSTR(js, needle);
        }
    }
    CHECK_SUBSTR(js, "\"code\":\"90847\"");
    mend_free(js);

    SECTION("a release for Jo holds nothing of Kai's individual record");
    t_utc_date(expires, 30);
    rf.case_id = kase;
    rf.for_client_id = jo;
    rf.recipient = "Jo's new therapist";
    rf.purpose = "continuity of care";
    rf.expires_on = expires;
    REQUIRE_OK(mend_release_create(&rel, db, &rf));
    js = exported(db, kase, 0, rel, &rc);
    REQUIRE_OK(rc);
    snprintf(needle, sizeof needle, "\"id\":\"note-%lld\"", (long long)note_jo);
    CHECK_SUBSTR(js, needle);
    snprintf(needle, sizeof needle, "note-%lld\"", (long long)note_kai);
    CHECK(strstr(js, needle) == NULL);
    snprintf(needle, sizeof needle, "client-%lld\"", (long long)kai);
    CHECK(strstr(js, needle) == NULL); /* not even named without joint consent */
    snprintf(needle, sizeof needle, "note-%lld\"", (long long)note_joint);
    CHECK(strstr(js, needle) == NULL);
    CHECK(strstr(js, "Kai") == NULL);
    snprintf(needle, sizeof needle, "\"id\":\"release-%lld\"", (long long)rel);
    CHECK_SUBSTR(js, needle);
    mend_free(js);

    SECTION("the accounting of disclosures lists the release for Jo, not for Kai");
    REQUIRE_OK(mend_release_accounting_json(&js, db, jo));
    snprintf(needle, sizeof needle, "\"release_id\":%lld", (long long)rel);
    CHECK_SUBSTR(js, needle);
    CHECK_SUBSTR(js, "\"holds\":{\"joint_content\":false,\"own_record\":true}");
    CHECK_SUBSTR(js, "\"provided\":[\"");
    mend_free(js);
    REQUIRE_OK(mend_release_accounting_json(&js, db, kai));
    CHECK_SUBSTR(js, "\"disclosures\":[]");
    mend_free(js);
    js = (char*)1;
    CHECK_RC(mend_release_accounting_json(&js, db, 999999), MEND_ENOTFOUND);
    CHECK(js == NULL);
    CHECK_RC(mend_release_accounting_json(NULL, db, jo), MEND_EINVAL);

    SECTION("a client's own record, written to a file");
    {
        const char* path = "capi_fhir_export_kai.json";
        unsigned char* bytes;
        char* text;
        size_t size = 0;
        remove(path);
        REQUIRE_OK(mend_fhir_export_options_init(&o, MEND_FHIR_EXPORT_OPTIONS_VERSION));
        o.client_id = kai;
        REQUIRE_OK(mend_fhir_export_write(db, &o, path));
        bytes = t_read_file(path, &size);
        REQUIRE(bytes != NULL);
        text = (char*)calloc(size + 1, 1);
        REQUIRE(text != NULL);
        memcpy(text, bytes, size);
        free(bytes);
        CHECK(size > 0 && text[size - 1] == '\n');
        snprintf(needle, sizeof needle, "\"id\": \"note-%lld\"", (long long)note_kai);
        CHECK_SUBSTR(text, needle);
        snprintf(needle, sizeof needle, "note-%lld\"", (long long)note_jo);
        CHECK(strstr(text, needle) == NULL);
        CHECK(strstr(text, "EHR-JO") == NULL);
        CHECK(strstr(text, "EpisodeOfCare") == NULL); /* no case: no episode */
        free(text);
        remove(path);
        CHECK_RC(mend_fhir_export_write(db, &o, "/nonexistent-dir/x.json"), MEND_EINVAL);
        CHECK_SUBSTR(mend_errmsg(db), "cannot be written");
        CHECK_RC(mend_fhir_export_write(db, &o, NULL), MEND_EINVAL);
    }

    SECTION("bad options and arguments");
    js = exported(db, 0, 0, 0, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    CHECK(js == NULL);
    CHECK_SUBSTR(mend_errmsg(db), "either a case or a client");
    exported(db, kase, jo, 0, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    exported(db, 0, jo, rel, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    exported(db, 999999, 0, 0, &rc);
    CHECK_RC(rc, MEND_ENOTFOUND);
    exported(db, 0, 999999, 0, &rc);
    CHECK_RC(rc, MEND_ENOTFOUND);
    exported(db, kase, 0, 999999, &rc);
    CHECK_RC(rc, MEND_ENOTFOUND);
    CHECK_RC(mend_fhir_export_json(&js, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_export_json(NULL, db, &o), MEND_EINVAL);
    CHECK_RC(mend_fhir_export_options_init(&o, 99), MEND_EINVAL);
    o.version = 99;
    CHECK_RC(mend_fhir_export_json(&js, db, &o), MEND_EINVAL);

    SECTION("another clinician may not export the case, and the refusal is audited");
    {
        REQUIRE_OK(mend_actor_set(db, other));
        js = exported(db, kase, 0, 0, &rc);
        CHECK_I64(rc, MEND_ENOTFOUND);
        CHECK(js == NULL);
        REQUIRE_OK(mend_actor_set(db, admin));
        {
            int n = 0;
            t_event* ev = t_read_audit(db, &n);
            CHECK(t_count_events(ev, n, "export", "case", kase, "ok", -1) == 1);
            CHECK(t_count_events(ev, n, "export", "case", kase, "not_found", other) == 1);
            CHECK(t_count_events(ev, n, "release", "release", rel, "ok", -1) == 1);
            CHECK(t_count_events(ev, n, "export", "client", kai, "ok", -1) >= 1);
            free(ev);
        }
    }

    mend_close(db);
    return t_finish();
}
