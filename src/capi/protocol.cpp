#include "capi/support.hpp"

#include "protocol/protocol_json.hpp"

using namespace mend::capi;

extern "C" {

int mend_protocol_list_json(char** out, mend_db* db) {
    return json_out(out, db, [&](mend::Practice& p) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& pr : p.protocols())
            list.push_back(mend::protocol::summary_json(pr));
        return list;
    });
}

int mend_protocol_get_json(char** out, mend_db* db, const char* code) {
    return json_out(out, db, [&](mend::Practice& p) {
        return mend::protocol::to_json(p.protocol_definition(text(code, "code")));
    });
}

int mend_protocol_load(mend_db* db, const char* definition_json) {
    return guarded(db,
                   [&] { practice(db).load_protocol(text(definition_json, "definition_json")); });
}

int mend_phase_start(mend_db* db, int64_t case_id, const char* protocol, int64_t betrayed_client_id,
                     const char* on) {
    return guarded(db, [&] {
        practice(db).start_protocol(case_id, text(protocol, "protocol"), betrayed_client_id,
                                    optional_text(on));
    });
}

int mend_phase_set_roles(mend_db* db, int64_t case_id, int64_t betrayed_client_id,
                         const char* rationale) {
    return guarded(db, [&] {
        practice(db).set_roles(case_id, betrayed_client_id, text(rationale, "rationale"), false);
    });
}

int mend_phase_override_roles(mend_db* db, int64_t case_id, int64_t betrayed_client_id,
                              const char* rationale) {
    return guarded(db, [&] {
        practice(db).set_roles(case_id, betrayed_client_id, text(rationale, "rationale"), true);
    });
}

int mend_phase_evaluate_json(char** out, mend_db* db, int64_t case_id, const char* on) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.evaluate_json(case_id, optional_text(on)); });
}

int mend_phase_advance(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                       const char* on) {
    return guarded(db, [&] {
        practice(db).advance(case_id, text(to, "to"), optional_text(rationale), optional_text(on));
    });
}

int mend_phase_override(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                        const char* safety_plan, const char* on) {
    return guarded(db, [&] {
        practice(db).override_gate(case_id, text(to, "to"), text(rationale, "rationale"),
                                   optional_text(safety_plan), optional_text(on));
    });
}

int mend_phase_back(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                    const char* on) {
    return guarded(db, [&] {
        practice(db).move_back(case_id, text(to, "to"), text(rationale, "rationale"),
                               optional_text(on));
    });
}

int mend_phase_history_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.history_json(case_id); });
}

int mend_attestation_create(int64_t* out, mend_db* db, const mend_attestation_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_attestation_fields fv = versioned(fields, "fields");
        const mend_attestation_fields* f = &fv;
        mend::protocol::Attestation a;
        a.case_id = f->case_id;
        a.client_id = f->client_id;
        a.code = text(f->code, "code");
        a.value = text(f->value, "value");
        if (f->effective_on) a.effective_on = std::string(f->effective_on);
        if (f->note) a.note = std::string(f->note);
        *out = practice(db).attest(a);
    });
}

int mend_attestation_list_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.attestations_json(case_id); });
}

int mend_plan_set(int* out, mend_db* db, int64_t case_id, const char* phase,
                  const char* plan_json) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).set_plan(case_id, text(phase, "phase"), text(plan_json, "plan_json"));
    });
}

int mend_plan_get_json(char** out, mend_db* db, int64_t case_id, const char* phase) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.plan_json(case_id, text(phase, "phase")); });
}

int mend_agreement_create(int64_t* out, mend_db* db, const mend_agreement_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_agreement_fields fv = versioned(fields, "fields");
        const mend_agreement_fields* f = &fv;
        mend::protocol::Agreement a;
        a.case_id = f->case_id;
        a.kind = text(f->kind, "kind");
        a.text = text(f->text, "text");
        a.agreed_on = optional_text(f->agreed_on);
        if (f->review_on) a.review_on = std::string(f->review_on);
        *out = practice(db).add_agreement(a);
    });
}

int mend_agreement_update(mend_db* db, int64_t agreement_id, const char* status, const char* note,
                          int64_t broken_by) {
    return guarded(db, [&] {
        practice(db).update_agreement(agreement_id, text(status, "status"), optional_text(note),
                                      broken_by);
    });
}

int mend_agreement_list_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.agreements_json(case_id); });
}

} // extern "C"
