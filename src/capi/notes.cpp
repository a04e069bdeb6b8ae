#include "capi/support.hpp"
#include "domain/billing.hpp"
#include "domain/catalog.hpp"

using namespace mend::capi;

extern "C" {

int mend_session_create(int64_t* out, mend_db* db, const mend_session_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_session_fields fv = versioned(fields, "fields");
        const mend_session_fields* f = &fv;
        if (f->participant_count > mend::session_participants_max)
            mend::fail(mend::Errc::invalid, "participant_count is too large");
        if (f->participant_count && !f->participants)
            mend::fail(mend::Errc::invalid, "participants is NULL");
        mend::Session s;
        s.case_id = f->case_id;
        s.starts_at = text(f->starts_at, "starts_at");
        s.duration_minutes = f->duration_minutes;
        s.modality = text(f->modality, "modality");
        s.participants.assign(f->participants, f->participants + f->participant_count);
        s.identified_patient_id = f->identified_patient_id;
        s.cpt_code = text(f->cpt_code, "cpt_code");
        if (f->place_of_service) s.place_of_service = text(f->place_of_service, "place_of_service");
        if (f->modifiers) s.modifiers = mend::parse_modifiers(text(f->modifiers, "modifiers"));
        s.interactive_complexity = f->interactive_complexity != 0;
        if (f->diagnosis_count > mend::session_diagnoses_max)
            mend::fail(mend::Errc::invalid, "diagnosis_count is too large");
        if (f->diagnosis_count && !f->diagnosis_ids)
            mend::fail(mend::Errc::invalid, "diagnosis_ids is NULL");
        s.diagnosis_ids.assign(f->diagnosis_ids, f->diagnosis_ids + f->diagnosis_count);
        *out = practice(db).create_session(s);
    });
}

int mend_session_get_json(char** out, mend_db* db, int64_t id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.session_json(id); });
}

int mend_session_list_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.sessions_json(case_id); });
}

int mend_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* format,
                     const char* content_json) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_note(session_id, text(format, "format"),
                                        text(content_json, "content_json"));
    });
}

int mend_note_update(int* out, mend_db* db, int64_t id, int expected_version, const char* format,
                     const char* content_json) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).update_note(id, expected_version, text(format, "format"),
                                        text(content_json, "content_json"));
    });
}

int mend_note_sign(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).sign_note(id); });
}

int mend_note_cosign(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).cosign_note(id); });
}

int mend_note_addendum_create(int64_t* out, mend_db* db, int64_t id, const char* text_arg,
                              const char* reason) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).addend_note(id, text(text_arg, "text"), text(reason, "reason"));
    });
}

int mend_note_set_shareable(mend_db* db, int64_t id, int shareable) {
    return guarded(db, [&] { practice(db).mark_shareable(id, shareable != 0); });
}

int mend_note_get_json(char** out, mend_db* db, int64_t id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.note_json(id); });
}

int mend_note_list_json(char** out, mend_db* db, const mend_note_list_options* opts) {
    return json_out(out, db, [&](mend::Practice& p) {
        const mend_note_list_options o = versioned(opts, "opts");
        return p.notes_json(o.case_id, o.client_id, o.include_text != 0);
    });
}

int mend_note_verify_json(char** out, mend_db* db) {
    return json_out(out, db, [&](mend::Practice& p) { return p.verify_notes_json(); });
}

int mend_note_search_json(char** out, mend_db* db, const char* query,
                          const mend_note_search_options* opts) {
    return json_out(out, db, [&](mend::Practice& p) {
        mend_note_search_options o = MEND_NOTE_SEARCH_OPTIONS_INIT;
        if (opts) o = versioned(opts, "opts");
        return p.search_notes_json(text(query, "query"), o.client_id, o.include_process_notes != 0,
                                   o.limit);
    });
}

int mend_process_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* text_arg) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_process_note(session_id, text(text_arg, "text"));
    });
}

int mend_process_note_get_json(char** out, mend_db* db, int64_t id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.process_note_json(id); });
}

int mend_process_note_list_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.process_notes_json(case_id); });
}

int mend_process_note_grant(mend_db* db, int64_t id, int64_t clinician_id) {
    return guarded(db, [&] { practice(db).grant_process_note(id, clinician_id); });
}

} // extern "C"
