/*
 * Every call added after the spine, given a NULL handle, a NULL out pointer
 * or NULL required text: MEND_EINVAL, no crash, and *out left NULL.
 */
#include "support.h"

int main(int argc, char** argv) {
    int64_t admin, id = 7;
    int version = 7;
    char* js = (char*)"untouched";
    mend_db* db;
    mend_measure_fields mf = MEND_MEASURE_FIELDS_INIT;
    mend_safety_screen_fields sf = MEND_SAFETY_SCREEN_FIELDS_INIT;
    mend_attestation_fields af = MEND_ATTESTATION_FIELDS_INIT;
    mend_agreement_fields gf = MEND_AGREEMENT_FIELDS_INIT;
    mend_session_fields ss = MEND_SESSION_FIELDS_INIT;
    mend_report_options ro = MEND_REPORT_OPTIONS_INIT;
    mend_release_fields rf = MEND_RELEASE_FIELDS_INIT;
    mend_note_list_options nl = MEND_NOTE_LIST_OPTIONS_INIT;

    t_location(argc, argv, "capi_null_args.db");
    db = t_fresh_practice(&admin);

    SECTION("NULL handle");
    CHECK_RC(mend_instrument_list_json(&js, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_RC(mend_measure_create(&id, NULL, &mf), MEND_EINVAL);
    CHECK_RC(mend_safety_screen_create(&id, NULL, &sf), MEND_EINVAL);
    CHECK_RC(mend_safety_flag_resolve(NULL, 1, "x"), MEND_EINVAL);
    CHECK_RC(mend_protocol_list_json(&js, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_advance(NULL, 1, "x", NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_attestation_create(&id, NULL, &af), MEND_EINVAL);
    CHECK_RC(mend_agreement_create(&id, NULL, &gf), MEND_EINVAL);
    CHECK_RC(mend_session_create(&id, NULL, &ss), MEND_EINVAL);
    CHECK_RC(mend_note_sign(NULL, 1), MEND_EINVAL);
    CHECK_RC(mend_note_search_json(&js, NULL, "x", NULL), MEND_EINVAL);
    CHECK_RC(mend_process_note_get_json(&js, NULL, 1), MEND_EINVAL);
    CHECK_RC(mend_report_render(&js, NULL, &ro), MEND_EINVAL);
    CHECK_RC(mend_release_create(&id, NULL, &rf), MEND_EINVAL);
    CHECK_RC(mend_practice_timezone(&js, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_RC(mend_practice_set_timezone(NULL, "UTC"), MEND_EINVAL);
    CHECK_RC(mend_practice_set_now(NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_practice_today(&js, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_I64(id, 7);

    SECTION("NULL out");
    CHECK_RC(mend_instrument_list_json(NULL, db), MEND_EINVAL);
    CHECK_RC(mend_measure_get_json(NULL, db, 1), MEND_EINVAL);
    CHECK_RC(mend_measure_create(NULL, db, &mf), MEND_EINVAL);
    CHECK_RC(mend_phase_evaluate_json(NULL, db, 1, NULL), MEND_EINVAL);
    CHECK_RC(mend_plan_set(NULL, db, 1, "intake", "{}"), MEND_EINVAL);
    CHECK_RC(mend_attestation_create(NULL, db, &af), MEND_EINVAL);
    CHECK_RC(mend_session_create(NULL, db, &ss), MEND_EINVAL);
    CHECK_RC(mend_note_create(NULL, db, 1, "free", "{}"), MEND_EINVAL);
    CHECK_RC(mend_note_update(NULL, db, 1, 1, "free", "{}"), MEND_EINVAL);
    CHECK_RC(mend_note_list_json(NULL, db, &nl), MEND_EINVAL);
    CHECK_RC(mend_report_render(NULL, db, &ro), MEND_EINVAL);
    CHECK_RC(mend_release_create(NULL, db, &rf), MEND_EINVAL);
    CHECK_RC(mend_practice_timezone(NULL, db), MEND_EINVAL);
    CHECK_RC(mend_practice_today(NULL, db), MEND_EINVAL);

    SECTION("NULL fields, options and text");
    js = (char*)"untouched";
    CHECK_RC(mend_measure_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_safety_screen_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_instrument_get_json(&js, db, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    CHECK_RC(mend_instrument_load(db, NULL), MEND_EINVAL);
    CHECK_RC(mend_protocol_load(db, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_start(db, 1, NULL, 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_override(db, 1, "x", NULL, NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_set_roles(db, 1, 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_override_roles(db, 1, 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_phase_override_roles(NULL, 1, 0, "a rationale of some length"), MEND_EINVAL);
    CHECK_RC(mend_attestation_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_agreement_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_agreement_update(db, 1, NULL, NULL, 0), MEND_EINVAL);
    CHECK_RC(mend_session_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_note_create(&id, db, 1, NULL, "{}"), MEND_EINVAL);
    CHECK_RC(mend_note_create(&id, db, 1, "free", NULL), MEND_EINVAL);
    CHECK_RC(mend_note_create(&id, db, 1, "free", "{not json"), MEND_EINVAL);
    CHECK_RC(mend_note_create(&id, db, 1, "free", "\"\xC3\x28\""), MEND_EENCODING);
    CHECK_RC(mend_note_addendum_create(&id, db, 1, NULL, "r"), MEND_EINVAL);
    CHECK_RC(mend_note_list_json(&js, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_note_search_json(&js, db, NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_process_note_create(&id, db, 1, NULL), MEND_EINVAL);
    CHECK_RC(mend_report_render(&js, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_report_write(db, &ro, NULL), MEND_EINVAL);
    CHECK_RC(mend_release_create(&id, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_plan_set(&version, db, 1, NULL, "{}"), MEND_EINVAL);
    CHECK_RC(mend_practice_set_timezone(db, NULL), MEND_EINVAL);
    CHECK_I64(version, 7);
    CHECK_I64(id, 7);

    SECTION("unknown struct versions");
    mf.version = 0;
    CHECK_RC(mend_measure_create(&id, db, &mf), MEND_EINVAL);
    ro.version = 99;
    CHECK_RC(mend_report_render(&js, db, &ro), MEND_EINVAL);
    nl.version = 0;
    CHECK_RC(mend_note_list_json(&js, db, &nl), MEND_EINVAL);
    ss.version = 2;
    CHECK_RC(mend_session_create(&id, db, &ss), MEND_EINVAL);

    SECTION("unknown ids");
    CHECK_RC(mend_measure_get_json(&js, db, 999999), MEND_ENOTFOUND);
    CHECK_RC(mend_note_get_json(&js, db, INT64_MAX), MEND_ENOTFOUND);
    CHECK_RC(mend_session_get_json(&js, db, -5), MEND_ENOTFOUND);
    CHECK_RC(mend_safety_flag_resolve(db, 999999, "note"), MEND_ENOTFOUND);
    CHECK_RC(mend_process_note_get_json(&js, db, 999999), MEND_ENOTFOUND);
    CHECK_RC(mend_agreement_update(db, 999999, "kept", NULL, 0), MEND_ENOTFOUND);
    ro.version = MEND_REPORT_OPTIONS_VERSION;
    ro.case_id = 999999;
    CHECK_RC(mend_report_render(&js, db, &ro), MEND_ENOTFOUND);
    mend_close(db);
    return t_finish();
}
