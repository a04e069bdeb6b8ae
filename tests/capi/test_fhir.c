/*
 * A case's gate evaluation as a CDS Hooks card through the C API
 * (mend_fhir_card_json): not known to be safe, relational work not yet
 * indicated, a contraindication present; bad input and authorisation.
 */
#include "support.h"

static void attest(mend_db* db, int64_t kase, int64_t client, const char* code) {
    mend_attestation_fields f = MEND_ATTESTATION_FIELDS_INIT;
    int64_t id = 0;
    f.case_id = kase;
    f.client_id = client;
    f.code = code;
    f.value = "yes";
    REQUIRE_OK(mend_attestation_create(&id, db, &f));
}

/* The card's JSON (the caller frees it), or NULL. */
static char* card(mend_db* db, int64_t kase) {
    char* js = NULL;
    CHECK_RC(mend_fhir_card_json(&js, db, kase, NULL), MEND_OK);
    return js;
}

int main(int argc, char** argv) {
    int64_t admin, clin, other, jo, kai, couple, kase, screen;
    mend_db* db;
    char* js = NULL;
    const char* critical;
    const char* warning;
    char today[11];
    mend_safety_screen_fields sf = MEND_SAFETY_SCREEN_FIELDS_INIT;

    t_location(argc, argv, "capi_fhir.db");
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Cam Lin", "clinician", "cam");
    other = t_clinician(db, "Other One", "clinician", "other");
    REQUIRE_OK(mend_actor_set(db, clin));
    jo = t_client(db, "Joanna", "Quist", "pt-jo");
    kai = t_client(db, "Kai", "Quist", "pt-kai");
    couple = t_couple(db, jo, kai, "confidential");
    kase = t_conjoint_case(db, couple, clin);

    SECTION("no protocol yet, bad arguments");
    js = (char*)1;
    CHECK_RC(mend_fhir_card_json(&js, db, kase, NULL), MEND_ESTATE);
    CHECK(js == NULL);
    CHECK_RC(mend_fhir_card_json(&js, db, 999999, NULL), MEND_ENOTFOUND);
    CHECK_RC(mend_fhir_card_json(NULL, db, kase, NULL), MEND_EINVAL);
    CHECK_RC(mend_fhir_card_json(&js, NULL, kase, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_phase_start(db, kase, "betrayal_trauma_couples", jo, NULL));
    CHECK_RC(mend_fhir_card_json(&js, db, kase, "2026-02-30"), MEND_EINVAL);
    CHECK_RC(mend_fhir_card_json(&js, db, kase, "1999-01-01"), MEND_EINVAL);
    CHECK_RC(mend_fhir_card_json(&js, db, kase, "2999-01-01"), MEND_EINVAL);
    CHECK_RC(mend_fhir_card_json(&js, db, 0, NULL), MEND_ENOTFOUND);

    SECTION("nobody screened: violence is not known, a warning, not info");
    js = card(db, kase);
    CHECK_SUBSTR(js, "{\"cards\":[{");
    CHECK_SUBSTR(js, "\"summary\":\"Not known to be safe: Current intimate-partner violence or "
                     "coercion\"");
    CHECK_SUBSTR(js, "not known (it is not treated as absent)");
    CHECK_SUBSTR(js, "not yet screened for Joanna and Kai");
    CHECK_SUBSTR(js, "\"indicator\":\"warning\"");
    CHECK_SUBSTR(js, "\"source\":{\"label\":\"mend phase protocol\",\"topic\":{\"code\":"
                     "\"betrayal_trauma_couples\"");
    CHECK_SUBSTR(js, "\"system\":\"urn:mend:protocol\",\"version\":\"1\"");
    CHECK_NO_SUBSTR(js, "\"indicator\":\"critical\"");
    CHECK_NO_SUBSTR(js, "Gate open");
    mend_free(js);
    t_local_date(today, 0);
    REQUIRE_OK(mend_fhir_card_json(&js, db, kase, today));
    CHECK_SUBSTR(js, "Not known to be safe");
    mend_free(js);

    SECTION("screened, at the decision point: relational work not yet indicated");
    sf.ipv = "none";
    sf.suicide_risk = "none";
    sf.client_id = jo;
    REQUIRE_OK(mend_safety_screen_create(&screen, db, &sf));
    sf.client_id = kai;
    REQUIRE_OK(mend_safety_screen_create(&screen, db, &sf));
    js = card(db, kase);
    CHECK_NO_SUBSTR(js, "Not known to be safe");
    mend_free(js);
    REQUIRE_OK(
        mend_phase_override(db, kase, "safety_stabilisation", "Agreed in supervision", NULL, NULL));
    REQUIRE_OK(
        mend_phase_override(db, kase, "impact_meaning", "Agreed in supervision", NULL, NULL));
    REQUIRE_OK(
        mend_phase_override(db, kase, "decision_point", "Agreed in supervision", NULL, NULL));
    js = card(db, kase);
    CHECK_SUBSTR(js, "\"summary\":\"Relational work not yet indicated\"");
    CHECK_SUBSTR(js, "**Begin relational work (the trauma gate)** (decision\\\\_point to "
                     "relational\\\\_repair): not open;");
    CHECK_SUBSTR(js, "- **The betrayed partner's trauma symptoms have settled, consistently over "
                     "time** (");
    CHECK_SUBSTR(js, "- **Both partners consent to relational work, asked at the decision "
                     "point** (not known)");
    CHECK_SUBSTR(js, "- **The boundaries agreement has held: active and not broken for 8 weeks** "
                     "(not met): No active boundary agreement");
    CHECK_SUBSTR(js, "phase *Decision point*");
    CHECK_NO_SUBSTR(js, "\"indicator\":\"critical\"");
    mend_free(js);

    SECTION("an ongoing affair: a critical card, first");
    attest(db, kase, kai, "affair_ongoing");
    js = card(db, kase);
    critical = strstr(js, "\"indicator\":\"critical\"");
    warning = strstr(js, "\"indicator\":\"warning\"");
    CHECK(critical != NULL && warning != NULL && critical < warning);
    CHECK_SUBSTR(js, "\"summary\":\"Contraindication present: The affair or contact with the "
                     "affair partner is ongoing\"");
    CHECK_SUBSTR(js, "The protocol is suspended by a contraindication.");
    CHECK_SUBSTR(js, "Suspended by: The affair or contact with the affair partner is ongoing.");
    CHECK_SUBSTR(js, "\"summary\":\"Relational work not yet indicated\"");
    mend_free(js);

    SECTION("another clinician may not read it; the refusal is audited");
    REQUIRE_OK(mend_actor_set(db, other));
    js = (char*)1;
    CHECK_RC(mend_fhir_card_json(&js, db, kase, NULL), MEND_ENOTFOUND);
    CHECK(js == NULL);
    REQUIRE_OK(mend_actor_set(db, admin));
    {
        int n = 0;
        t_event* ev = t_read_audit(db, &n);
        CHECK(t_count_events(ev, n, "read", "case_phase", kase, "ok", clin) >= 5);
        CHECK_I64(t_count_events(ev, n, "read", "case", kase, "not_found", other), 1);
        free(ev);
    }

    mend_close(db);
    return t_finish();
}
