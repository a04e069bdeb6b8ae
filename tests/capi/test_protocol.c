/*
 * The protocol engine through the C API: start, gates that refuse with
 * MEND_EGATE and change nothing, attestations, overrides, moving back,
 * plans, agreements, bad input, authorisation and audit.
 */
#include "support.h"

static int64_t attest(mend_db* db, int64_t kase, int64_t client, const char* code,
                      const char* value, int expect) {
    mend_attestation_fields f = MEND_ATTESTATION_FIELDS_INIT;
    int64_t id = 0;
    f.case_id = kase;
    f.client_id = client;
    f.code = code;
    f.value = value;
    CHECK_RC(mend_attestation_create(&id, db, &f), expect);
    return id;
}

static int count(const char* haystack, const char* needle) {
    int n = 0;
    const char* p;
    for (p = haystack; p && (p = strstr(p, needle)) != NULL; ++p)
        ++n;
    return n;
}

int main(int argc, char** argv) {
    int64_t admin, clin, other, jo, kai, solo, couple, kase, solo_case, agreement = 0;
    mend_db* db;
    char* js = NULL;
    int version = 0;
    mend_safety_screen_fields sf = MEND_SAFETY_SCREEN_FIELDS_INIT;
    mend_agreement_fields af = MEND_AGREEMENT_FIELDS_INIT;

    t_location(argc, argv, "capi_protocol.db");
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

    SECTION("protocols");
    REQUIRE_OK(mend_protocol_list_json(&js, db));
    CHECK_SUBSTR(js, "\"code\":\"betrayal_trauma_couples\"");
    CHECK_SUBSTR(js, "\"code\":\"betrayal_trauma_individual\"");
    mend_free(js);
    REQUIRE_OK(mend_protocol_get_json(&js, db, "betrayal_trauma_couples"));
    CHECK_SUBSTR(js, "\"relational\":true");
    CHECK_SUBSTR(js, "\"code\":\"ipv_current\"");
    mend_free(js);
    CHECK_RC(mend_protocol_get_json(&js, db, "nope"), MEND_ENOTFOUND);

    SECTION("starting a case");
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, NULL), MEND_ESTATE);
    CHECK_RC(mend_phase_start(db, kase, "betrayal_trauma_individual", 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_start(db, kase, "betrayal_trauma_couples", solo, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_start(db, kase, NULL, 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_start(db, 999999, "betrayal_trauma_couples", 0, NULL), MEND_ENOTFOUND);
    REQUIRE_OK(mend_phase_start(db, kase, "betrayal_trauma_couples", 0, NULL));
    CHECK_RC(mend_phase_start(db, kase, "betrayal_trauma_couples", 0, NULL), MEND_ESTATE);
    REQUIRE_OK(mend_phase_start(db, solo_case, "betrayal_trauma_individual", 0, NULL));

    SECTION("a closed gate refuses and changes nothing");
    CHECK_RC(mend_phase_advance(db, kase, "safety_stabilisation", NULL, NULL), MEND_EGATE);
    /* Nobody screened: whether there is violence is unknown, which is not safe. */
    CHECK_SUBSTR(mend_errmsg(db), "is not known (unknown is not safe)");
    CHECK_NO_SUBSTR(mend_errmsg(db), "Joanna");
    CHECK_RC(mend_phase_advance(db, kase, "relational_repair", NULL, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK(count(js, "\"kind\":") == 1);
    CHECK_SUBSTR(js, "\"current_phase\":\"intake\"");
    mend_free(js);

    SECTION("screens and consent open it");
    sf.ipv = "none";
    sf.suicide_risk = "none";
    sf.client_id = jo;
    {
        int64_t s;
        REQUIRE_OK(mend_safety_screen_create(&s, db, &sf));
        sf.client_id = kai;
        REQUIRE_OK(mend_safety_screen_create(&s, db, &sf));
    }
    attest(db, kase, jo, "conjoint_consent", "yes", MEND_OK);
    attest(db, kase, kai, "conjoint_consent", "yes", MEND_OK);
    attest(db, kase, solo, "conjoint_consent", "yes", MEND_EINVAL); /* not a partner */
    attest(db, kase, jo, "conjoint_consent", "perhaps", MEND_EINVAL);
    attest(db, kase, 0, "decision", "stay_together_forever", MEND_EINVAL);
    attest(db, kase, 0, "Bad Code", "yes", MEND_EINVAL);
    attest(db, kase, jo, "conjoint_consent", NULL, MEND_EINVAL);
    REQUIRE_OK(mend_phase_evaluate_json(&js, db, kase, NULL));
    CHECK_SUBSTR(js, "\"open\":true");
    CHECK_SUBSTR(js, "Joanna screened privately on");
    mend_free(js);
    REQUIRE_OK(mend_phase_advance(db, kase, "safety_stabilisation", "Both screened", NULL));

    SECTION("roles: criteria about the betrayed partner need them");
    REQUIRE_OK(mend_phase_evaluate_json(&js, db, kase, NULL));
    CHECK_SUBSTR(js, "which partner is the betrayed partner is not recorded");
    mend_free(js);
    CHECK_RC(mend_phase_set_roles(db, kase, solo, "Joanna was the partner betrayed"), MEND_EINVAL);
    CHECK_RC(mend_phase_set_roles(db, kase, jo, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_set_roles(db, kase, jo, "x"), MEND_EINVAL); /* not a sentence */
    CHECK_SUBSTR(mend_errmsg(db), "at least 20 characters");
    CHECK_RC(mend_phase_set_roles(db, kase, jo, "   short one        "), MEND_EINVAL);
    CHECK_RC(mend_phase_set_roles(db, kase, jo, "Joanna \xff was the partner betrayed"),
             MEND_EENCODING);
    CHECK_RC(mend_phase_set_roles(db, 999999, jo, "Joanna was the partner betrayed"),
             MEND_ENOTFOUND);
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"role_changes\":[]"); /* the refusals changed nothing */
    mend_free(js);
    REQUIRE_OK(mend_phase_set_roles(db, kase, jo, "Joanna was the partner betrayed"));
    CHECK_RC(mend_phase_set_roles(db, kase, jo, "Joanna was the partner betrayed"), MEND_EINVAL);
    REQUIRE_OK(mend_phase_evaluate_json(&js, db, kase, NULL));
    CHECK_NO_SUBSTR(js, "is not recorded (set the case's roles)");
    CHECK_SUBSTR(js, "Felt safety for Joanna: not recorded yet; needs >= 5");
    mend_free(js);
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"rationale\":\"Joanna was the partner betrayed\"");
    CHECK_SUBSTR(js, "\"kind\":\"roles\"");
    CHECK(count(js, "\"previous_client_id\":null") == 1);
    mend_free(js);

    SECTION("an advance keeps the evaluation that opened its gate");
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"opened_by\":[{\"id\":\"screened\"");
    CHECK_SUBSTR(js, "Joanna screened privately on");
    mend_free(js);

    SECTION("the gate evaluation as of a date");
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, "1999-01-01"), MEND_EINVAL);
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, "2999-01-01"), MEND_EINVAL);
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, "2026-02-30"), MEND_EINVAL);
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, "yesterday"), MEND_EINVAL);
    CHECK_RC(mend_phase_advance(db, kase, "impact_meaning", NULL, "2999-01-01"), MEND_EINVAL);

    SECTION("agreements");
    af.case_id = kase;
    af.kind = "boundary";
    af.text = "No contact with the affair partner";
    REQUIRE_OK(mend_agreement_create(&agreement, db, &af));
    af.kind = "No Kind";
    CHECK_RC(mend_agreement_create(&agreement, db, &af), MEND_EINVAL);
    REQUIRE_OK(mend_agreement_list_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"status\":\"active\"");
    mend_free(js);
    CHECK_RC(mend_agreement_update(db, agreement, "gone", NULL, 0), MEND_EINVAL);
    CHECK_RC(mend_agreement_update(db, agreement, "broken", NULL, solo), MEND_EINVAL);
    REQUIRE_OK(mend_agreement_update(db, agreement, "broken", "Contact resumed", kai));
    {
        mend_safety_flag_list_options fo = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
        fo.case_id = kase;
        REQUIRE_OK(mend_safety_flag_list_json(&js, db, &fo));
        CHECK_SUBSTR(js, "\"code\":\"agreement_broken\"");
        CHECK(count(js, "\"code\":\"agreement_broken\"") == 1);
        mend_free(js);
    }

    SECTION("override: a rationale is required, and recorded");
    CHECK_RC(mend_phase_override(db, kase, "impact_meaning", NULL, NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_override(db, kase, "impact_meaning", "", NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_override(db, kase, "impact_meaning", "ok", NULL, NULL), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "rationale must be a real sentence");
    REQUIRE_OK(
        mend_phase_override(db, kase, "impact_meaning", "Agreed in supervision", NULL, NULL));
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK_SUBSTR(js, "\"kind\":\"override\"");
    CHECK_SUBSTR(js, "\"rationale\":\"Agreed in supervision\"");
    CHECK_SUBSTR(js, "\"id\":\"no_flags\"");
    mend_free(js);

    SECTION("an ongoing affair suspends conjoint work");
    attest(db, kase, kai, "affair_ongoing", "yes", MEND_OK);
    CHECK_RC(mend_phase_override(db, kase, "decision_point", "Accountability shown in sessions",
                                 NULL, NULL),
             MEND_EGATE);
    CHECK_RC(mend_phase_override(db, kase, "decision_point", "Accountability shown in sessions", "",
                                 NULL),
             MEND_EGATE);
    CHECK_RC(mend_phase_override(db, kase, "decision_point", "Accountability shown in sessions",
                                 "plan", NULL),
             MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "safety_plan must be a real sentence");
    REQUIRE_OK(mend_phase_evaluate_json(&js, db, kase, NULL));
    CHECK_SUBSTR(js, "\"suspended\":true");
    mend_free(js);

    SECTION("moving back");
    CHECK_RC(mend_phase_back(db, kase, "consolidation", "x", NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_back(db, kase, "safety_stabilisation", NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_back(db, kase, "safety_stabilisation", "New disclosure of contact",
                             "1999-01-01"),
             MEND_EINVAL);
    CHECK_RC(mend_phase_back(db, kase, "safety_stabilisation", "New one", NULL), MEND_EINVAL);
    REQUIRE_OK(
        mend_phase_back(db, kase, "safety_stabilisation", "New disclosure of contact", NULL));
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    CHECK(count(js, "\"from_phase\":") == 4); /* one per phase entry */
    CHECK_SUBSTR(js, "\"kind\":\"back\"");
    mend_free(js);

    SECTION("plans");
    CHECK_RC(mend_plan_set(&version, db, kase, "safety_stabilisation", "{\"problems\":[]}"),
             MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "problems must not be empty");
    CHECK_RC(
        mend_plan_set(
            &version, db, kase, "nowhere",
            "{\"problems\":[\"p\"],\"goals\":[{\"text\":\"g\"}],\"review_on\":\"2027-01-01\"}"),
        MEND_EINVAL);
    REQUIRE_OK(mend_plan_set(
        &version, db, kase, "safety_stabilisation",
        "{\"problems\":[\"p\"],\"goals\":[{\"text\":\"g\"}],\"review_on\":\"2027-01-01\"}"));
    CHECK(version == 1);
    REQUIRE_OK(mend_plan_set(
        &version, db, kase, "safety_stabilisation",
        "{\"problems\":[\"p2\"],\"goals\":[{\"text\":\"g\"}],\"review_on\":\"2020-01-01\"}"));
    CHECK(version == 2);
    REQUIRE_OK(mend_plan_get_json(&js, db, kase, "safety_stabilisation"));
    CHECK_SUBSTR(js, "\"problems\":[\"p2\"]");
    CHECK_SUBSTR(js, "\"review_due\":true");
    mend_free(js);
    REQUIRE_OK(mend_phase_evaluate_json(&js, db, kase, NULL));
    CHECK_SUBSTR(js, "\"plan_review_due\":true");
    mend_free(js);

    SECTION("another clinician sees nothing");
    REQUIRE_OK(mend_actor_set(db, other));
    CHECK_RC(mend_phase_evaluate_json(&js, db, kase, NULL), MEND_ENOTFOUND);
    CHECK_RC(mend_phase_history_json(&js, db, kase), MEND_ENOTFOUND);
    CHECK_RC(mend_phase_advance(db, kase, "impact_meaning", NULL, NULL), MEND_ENOTFOUND);
    attest(db, kase, jo, "relational_readiness", "yes", MEND_ENOTFOUND);

    SECTION("loaded protocols");
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_RC(mend_protocol_load(db, "{\"code\":\"p2\"}"), MEND_EINVAL);
    CHECK_SUBSTR(mend_errmsg(db), "name is required");
    CHECK_RC(mend_protocol_load(db, "not json"), MEND_EINVAL);
    CHECK_RC(mend_protocol_load(
                 db, "{\"code\":\"betrayal_trauma_couples\",\"name\":\"X\",\"kind\":\"conjoint\","
                     "\"phases\":[{\"code\":\"a\",\"name\":\"A\"},{\"code\":\"b\",\"name\":\"B\"}],"
                     "\"transitions\":[{\"from\":\"a\",\"to\":\"b\"}]}"),
             MEND_EEXISTS);
    REQUIRE_OK(mend_protocol_load(
        db, "{\"code\":\"p2\",\"name\":\"X\",\"kind\":\"conjoint\","
            "\"phases\":[{\"code\":\"a\",\"name\":\"A\"},{\"code\":\"b\",\"name\":\"B\"}],"
            "\"transitions\":[{\"from\":\"a\",\"to\":\"b\"}]}"));
    CHECK_RC(mend_protocol_load(
                 db, "{\"code\":\"p2\",\"name\":\"X\",\"kind\":\"conjoint\","
                     "\"phases\":[{\"code\":\"a\",\"name\":\"A\"},{\"code\":\"b\",\"name\":\"B\"}],"
                     "\"transitions\":[{\"from\":\"a\",\"to\":\"b\"}]}"),
             MEND_EEXISTS);

    SECTION("audit");
    {
        int n = 0;
        t_event* ev = t_read_audit(db, &n);
        REQUIRE_NOT_NULL(ev);
        CHECK(t_count_events(ev, n, "start_protocol", "case", kase, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "advance", "case", kase, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "override", "case", kase, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "move_back", "case", kase, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "set_roles", "case", kase, "ok", clin) == 1);
        CHECK(t_count_events(ev, n, "read", "case", kase, "not_found", other) >= 1);
        free(ev);
    }

    SECTION("phase history is append-only in the database itself");
    {
        char err[256];
        CHECK(t_raw_exec("UPDATE phase_entry SET phase = 'consolidation'", err, sizeof err) != 0);
        CHECK(t_raw_exec("DELETE FROM attestation", err, sizeof err) != 0);
        CHECK(t_raw_exec("UPDATE role_change SET rationale = 'x'", err, sizeof err) != 0);
        CHECK(t_raw_exec("DELETE FROM role_change", err, sizeof err) != 0);
    }
    mend_close(db);
    return t_finish();
}
