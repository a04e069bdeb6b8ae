#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_fhir_questionnaire_get_json(char** out, mend_db* db, const char* instrument) {
    if (!db) {
        if (out) *out = nullptr;
        return guarded(nullptr, [&] {
            need(out, "out");
            *out = dup_string(
                mend::Practice::builtin_fhir_questionnaire(text(instrument, "instrument")).dump());
        });
    }
    return json_out(out, db, [&](mend::Practice& p) {
        return p.fhir_questionnaire(text(instrument, "instrument"));
    });
}

int mend_fhir_card_json(char** out, mend_db* db, int64_t case_id, const char* on) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.fhir_card(case_id, optional_text(on)); });
}

} // extern "C"
