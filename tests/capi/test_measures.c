/*
 * Outcome measures, safety screens and flags through the C API: scoring by
 * the published rules, nothing stored on bad input, flags raised and
 * resolved, reliable change, authorisation and audit.
 */
#include "support.h"

static char* take(char* s) {
    return s;
}

static int64_t record(mend_db* db, int64_t client, const char* instrument, const int* answers,
                      size_t n, const char* date, int expect) {
    mend_measure_fields f = MEND_MEASURE_FIELDS_INIT;
    int64_t id = 0;
    f.client_id = client;
    f.instrument = instrument;
    f.answers = answers;
    f.answer_count = n;
    f.administered_on = date;
    CHECK_RC(mend_measure_create(&id, db, &f), expect);
    return id;
}

static long series_points(mend_db* db, int64_t client, const char* instrument) {
    char* js = NULL;
    long n = 0;
    const char* p;
    if (mend_measure_series_json(&js, db, client, instrument) != MEND_OK) return -1;
    for (p = js; (p = strstr(p, "\"administration_id\"")) != NULL; ++p)
        ++n;
    mend_free(js);
    return n;
}

int main(int argc, char** argv) {
    int64_t admin, clin, other, ana, ben, id1, id2, id3, screen, flag_id = 0;
    mend_db* db;
    char* js = NULL;
    const char* p;
    static const int phq_moderate[9] = {2, 2, 2, 2, 2, 1, 1, 1, 1}; /* 14 */
    static const int phq_mild[9] = {1, 1, 1, 1, 1, 1, 1, 1, 0};     /* 8 */
    static const int phq_out[9] = {1, 1, 1, 1, 1, 1, 1, 1, 4};
    static const int phq_blank9[9] = {1, 1, 1, 1, 1, 1, 1, 1, MEND_ITEM_MISSING};
    static const int csi16_best[16] = {6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 5, 0, 0, 5, 0};
    mend_safety_flag_list_options fo = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
    mend_safety_screen_fields sf = MEND_SAFETY_SCREEN_FIELDS_INIT;
    mend_measure_fields mf = MEND_MEASURE_FIELDS_INIT;

    t_location(argc, argv, "capi_measures.db");
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Cam Lin", "clinician", "cam");
    other = t_clinician(db, "Other One", "clinician", "other");
    REQUIRE_OK(mend_actor_set(db, clin));
    ana = t_client(db, "Ana", "Reyes", "pt-ana");
    ben = t_client(db, "Ben", "Reyes", "pt-ben");

    SECTION("instruments");
    REQUIRE_OK(mend_instrument_list_json(&js, db));
    CHECK_SUBSTR(js, "\"code\":\"pcl5\"");
    CHECK_SUBSTR(js, "\"code\":\"csi16\"");
    CHECK_SUBSTR(js, "\"code\":\"felt_safety\"");
    mend_free(take(js));
    REQUIRE_OK(mend_instrument_get_json(&js, db, "phq9"));
    CHECK_SUBSTR(js, "\"value\":10.0");
    CHECK_SUBSTR(js, "Kroenke");
    mend_free(js);
    CHECK_RC(mend_instrument_get_json(&js, db, "nope"), MEND_ENOTFOUND);
    CHECK_NULL(js);

    SECTION("PHQ-9: total, band, cut-off, item-9 flag");
    id1 = record(db, ana, "phq9", phq_moderate, 9, "2026-09-01", MEND_OK);
    REQUIRE_OK(mend_measure_get_json(&js, db, id1));
    CHECK_SUBSTR(js, "\"total\":14.0");
    CHECK_SUBSTR(js, "\"band\":\"moderate\"");
    CHECK_SUBSTR(js, "\"met\":true");
    CHECK_SUBSTR(js, "\"code\":\"suicidal_ideation\"");
    CHECK_SUBSTR(js, "\"administered_on\":\"2026-09-01\"");
    mend_free(js);
    id2 = record(db, ana, "phq9", phq_mild, 9, "2026-10-01", MEND_OK);
    REQUIRE_OK(mend_measure_change_json(&js, db, id1, id2));
    CHECK_SUBSTR(js, "\"delta\":-6.0");
    CHECK_SUBSTR(js, "\"classification\":\"recovered\"");
    mend_free(js);

    SECTION("bad answers store nothing");
    record(db, ana, "phq9", phq_out, 9, "2026-10-02", MEND_EINVAL);
    record(db, ana, "phq9", phq_mild, 3, "2026-10-02", MEND_EINVAL);
    record(db, ana, "phq9", phq_mild, 9, "2026-02-30", MEND_EINVAL);
    record(db, ana, "phq9", phq_mild, 9, "1850-01-01", MEND_EINVAL);
    record(db, ana, "nope", phq_mild, 9, "2026-10-02", MEND_ENOTFOUND);
    record(db, 999999, "phq9", phq_mild, 9, "2026-10-02", MEND_ENOTFOUND);
    record(db, ana, "phq\xC3\x28", phq_mild, 9, "2026-10-02", MEND_EENCODING);
    CHECK_RC(mend_measure_create(&id3, db, NULL), MEND_EINVAL);
    mf.client_id = ana;
    mf.instrument = "phq9";
    mf.answer_count = 9;
    CHECK_RC(mend_measure_create(&id3, db, &mf), MEND_EINVAL); /* answers NULL */
    mf.version = 99;
    CHECK_RC(mend_measure_create(&id3, db, &mf), MEND_EINVAL);
    CHECK_I64(series_points(db, ana, "phq9"), 2);

    SECTION("a blank safety item: no total, an unknown flag");
    id3 = record(db, ben, "phq9", phq_blank9, 9, NULL, MEND_OK);
    REQUIRE_OK(mend_measure_get_json(&js, db, id3));
    CHECK_SUBSTR(js, "\"total\":null");
    CHECK_SUBSTR(js, "\"code\":\"suicidal_ideation_unknown\"");
    mend_free(js);

    SECTION("CSI-16 reverse keys");
    id3 = record(db, ana, "csi16", csi16_best, 16, "2026-10-03", MEND_OK);
    REQUIRE_OK(mend_measure_get_json(&js, db, id3));
    CHECK_SUBSTR(js, "\"total\":81.0");
    CHECK_SUBSTR(js, "{\"item\":26,\"option\":0,\"score\":5}");
    mend_free(js);

    SECTION("held over time");
    REQUIRE_OK(mend_measure_sustained_json(&js, db, ana, "phq9", "<", 10, 1, 0));
    CHECK_SUBSTR(js, "\"met\":true");
    mend_free(js);
    REQUIRE_OK(mend_measure_sustained_json(&js, db, ana, "phq9", "<", 10, 2, 14));
    CHECK_SUBSTR(js, "\"met\":false");
    CHECK_SUBSTR(js, "\"found\":1");
    mend_free(js);
    CHECK_RC(mend_measure_sustained_json(&js, db, ana, "phq9", "==", 10, 2, 14), MEND_EINVAL);

    SECTION("safety screens and flags");
    sf.client_id = ben;
    sf.ipv = "current";
    sf.ipv_instrument = "HITS";
    sf.suicide_risk = "none";
    REQUIRE_OK(mend_safety_screen_create(&screen, db, &sf));
    sf.ipv = "sometimes";
    CHECK_RC(mend_safety_screen_create(&screen, db, &sf), MEND_EINVAL);
    REQUIRE_OK(mend_safety_screen_list_json(&js, db, ben));
    CHECK_SUBSTR(js, "\"ipv\":\"current\"");
    CHECK_SUBSTR(js, "\"ipv_instrument\":\"HITS\"");
    mend_free(js);
    fo.client_id = ben;
    REQUIRE_OK(mend_safety_flag_list_json(&js, db, &fo));
    CHECK_SUBSTR(js, "\"code\":\"ipv_current\"");
    CHECK_SUBSTR(js, "\"code\":\"suicidal_ideation_unknown\"");
    p = strstr(js, "\"code\":\"ipv_current\"");
    if (p) {
        /* Keys are sorted: the flag's "id" follows its "code". */
        const char* q = strstr(p, "\"id\":");
        if (q) flag_id = strtoll(q + 5, NULL, 10);
    }
    mend_free(js);
    REQUIRE(flag_id > 0);
    CHECK_RC(mend_safety_flag_resolve(db, flag_id, ""), MEND_EINVAL);
    CHECK_RC(mend_safety_flag_resolve(db, flag_id, NULL), MEND_EINVAL);
    CHECK_OK(mend_safety_flag_resolve(db, flag_id, "Safety plan; individual sessions only"));
    CHECK_RC(mend_safety_flag_resolve(db, flag_id, "again"), MEND_ESTATE);
    REQUIRE_OK(mend_safety_flag_list_json(&js, db, &fo));
    CHECK_NO_SUBSTR(js, "\"code\":\"ipv_current\"");
    mend_free(js);
    fo.include_resolved = 1;
    REQUIRE_OK(mend_safety_flag_list_json(&js, db, &fo));
    CHECK_SUBSTR(js, "\"resolution_note\":\"Safety plan; individual sessions only\"");
    mend_free(js);

    SECTION("another clinician sees none of it");
    REQUIRE_OK(mend_actor_set(db, other));
    CHECK_RC(mend_measure_get_json(&js, db, id1), MEND_ENOTFOUND);
    CHECK_NO_SUBSTR(mend_errmsg(db), "Ana");
    CHECK_RC(mend_measure_series_json(&js, db, ana, "phq9"), MEND_ENOTFOUND);
    CHECK_RC(mend_safety_flag_list_json(&js, db, &fo), MEND_ENOTFOUND);
    record(db, ana, "phq9", phq_mild, 9, NULL, MEND_ENOTFOUND);
    REQUIRE_OK(mend_actor_set(db, clin));
    CHECK_I64(series_points(db, ana, "phq9"), 2);

    SECTION("loaded instruments: admins only, validated");
    CHECK_RC(
        mend_instrument_load(
            db, "{\"code\":\"x1\",\"name\":\"X\",\"items\":[{\"number\":1,\"min\":0,\"max\":4}]}"),
        MEND_EDENIED);
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_RC(
        mend_instrument_load(
            db, "{\"code\":\"x1\",\"name\":\"X\",\"items\":[{\"number\":1,\"min\":4,\"max\":0}]}"),
        MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "items[0].max");
    CHECK_RC(
        mend_instrument_load(
            db,
            "{\"code\":\"phq9\",\"name\":\"X\",\"items\":[{\"number\":1,\"min\":0,\"max\":4}]}"),
        MEND_EEXISTS);
    CHECK_OK(mend_instrument_load(
        db, "{\"code\":\"x1\",\"name\":\"X\",\"items\":[{\"number\":1,\"min\":0,\"max\":4}]}"));
    CHECK_RC(mend_instrument_set_cutoff(db, "pcl5", "probable_ptsd", 34), MEND_EINVAL);
    CHECK_OK(mend_instrument_set_cutoff(db, "pcl5", "probable_ptsd", 31));
    CHECK_RC(mend_instrument_set_cutoff(db, "phq9", "probable_depression", 11), MEND_EINVAL);

    SECTION("audit");
    {
        int n = 0;
        t_event* ev = t_read_audit(db, &n);
        REQUIRE_NOT_NULL(ev);
        CHECK(t_count_events(ev, n, "create", "administration", id1, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "read", "administration", id1, "ok", clin) >= 1);
        /* The refusal names the record it protects: the client. */
        CHECK(t_count_events(ev, n, "read", "client", ana, "not_found", other) >= 1);
        CHECK(t_count_events(ev, n, "update", "safety_flag", flag_id, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "create", "safety_screen", screen, "ok", clin) == 1);
        free(ev);
    }

    SECTION("administrations are append-only in the database itself");
    {
        char err[256];
        CHECK(t_raw_exec("UPDATE administration SET total = 0", err, sizeof err) != 0);
        CHECK(t_raw_exec("DELETE FROM administration_item", err, sizeof err) != 0);
    }
    REQUIRE_OK(mend_actor_set(db, clin));
    CHECK_I64(series_points(db, ana, "phq9"), 2);
    mend_close(db);
    return t_finish();
}
