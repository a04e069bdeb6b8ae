#include "capi/support.hpp"

using namespace mend::capi;

namespace {

// The case the options name (NULL options: the defaults).
int64_t case_of(const mend_fhir_import_options* opts) {
    return (opts ? versioned(opts, "opts") : StructVersions<mend_fhir_import_options>::defaults())
        .case_id;
}

} // namespace

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

int mend_fhir_import(char** out, mend_db* db, const char* json,
                     const mend_fhir_import_options* opts) {
    return json_out(out, db, [&](mend::Practice& p) {
        return p.fhir_import_text(text(json, "json"), case_of(opts));
    });
}

int mend_fhir_import_file(char** out, mend_db* db, const char* path,
                          const mend_fhir_import_options* opts) {
    return json_out(out, db, [&](mend::Practice& p) {
        return p.fhir_import_file(text(path, "path"), case_of(opts));
    });
}

} // extern "C"
