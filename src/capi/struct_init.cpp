// mend_<struct>_init() for every versioned fields/options struct but
// mend_open_options (db.cpp): each writes exactly the bytes of the version the
// host asks for (capi/struct_versions.hpp holds the table).
#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_agreement_fields_init(mend_agreement_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_case_fields_init(mend_case_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_case_list_options_init(mend_case_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_client_fields_init(mend_client_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_client_list_options_init(mend_client_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_clinician_fields_init(mend_clinician_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_clinician_list_options_init(mend_clinician_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_couple_fields_init(mend_couple_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_couple_list_options_init(mend_couple_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_measure_fields_init(mend_measure_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_session_fields_init(mend_session_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_note_list_options_init(mend_note_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_audit_report_options_init(mend_audit_report_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_note_search_options_init(mend_note_search_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_attestation_fields_init(mend_attestation_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_diagnosis_fields_init(mend_diagnosis_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_fhir_import_options_init(mend_fhir_import_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_report_options_init(mend_report_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_fhir_export_options_init(mend_fhir_export_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_release_fields_init(mend_release_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_safety_screen_fields_init(mend_safety_screen_fields* fields, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(fields, version); });
}

int mend_safety_flag_list_options_init(mend_safety_flag_list_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

} // extern "C"
