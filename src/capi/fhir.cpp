#include "capi/support.hpp"

using namespace mend::capi;

namespace {
mend::FhirExportOptions export_options(const mend_fhir_export_options* in) {
    const mend_fhir_export_options o = versioned(in, "opts");
    mend::FhirExportOptions r;
    r.case_id = o.case_id;
    r.client_id = o.client_id;
    r.release_id = o.release_id;
    return r;
}

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

int mend_fhir_export_json(char** out, mend_db* db, const mend_fhir_export_options* opts) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.fhir_export(export_options(opts)); });
}

int mend_fhir_export_write(mend_db* db, const mend_fhir_export_options* opts, const char* path) {
    return guarded(db, [&] {
        std::string target = text(path, "path");
        practice(db).write_fhir_export(export_options(opts), target);
    });
}

int mend_fhir_card_json(char** out, mend_db* db, int64_t case_id, const char* on) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.fhir_card(case_id, optional_text(on)); });
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
