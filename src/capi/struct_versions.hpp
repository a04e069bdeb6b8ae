// The one table of the public structs' versions: for each fields/options
// struct, how many bytes each of its versions defines. Every shim reads a
// host's struct only through versioned() and every mend_*_init() writes only
// through init_versioned(), so no call reads or writes a byte past the
// version the host set, whatever size the struct has grown to since.
//
// A version's size is the end of its last field (offsetof + sizeof), not
// sizeof: a later version may put a field in the earlier one's tail padding,
// and those padding bytes are never read from or written to a host built
// against the earlier version.
//
// How version 2 of a struct is added (say mend_client_fields gains `notes`):
//   1. include/mend/client.h: append the field at the END of the struct (never
//      reorder, remove or retype a field), document it "(version 2)", bump
//      MEND_CLIENT_FIELDS_VERSION to 2 and add the field's default to
//      MEND_CLIENT_FIELDS_INIT.
//   2. Here: append the end of version 2's last field to the sizes, keeping
//      version 1's entry exactly as it was:
//        MEND_STRUCT_VERSIONS(mend_client_fields, MEND_CLIENT_FIELDS_VERSION,
//            MEND_CLIENT_FIELDS_INIT, MEND_FIELDS_END(mend_client_fields, phone),
//            MEND_FIELDS_END(mend_client_fields, notes))
//      The static_asserts below fail until the table has one entry per
//      version and the newest entry reaches the struct's last field.
//   3. The shim reads the new field as usual: a host that set version 1 gets
//      the field's default from MEND_CLIENT_FIELDS_INIT (versioned() starts
//      from it), so the shim needs no version test of its own.
//   4. Python (bindings/python/mend/_lib.py): the same field at the same place
//      (tests/python/test_abi.py compares the layouts); tests/capi/test_abi.c:
//      a v1 host of the struct with guard bytes after its v1 size.
#pragma once

#include "domain/error.hpp"

#include <mend/mend.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <type_traits>

// The end of `field` in `type`: the size of a version whose last field it is.
#define MEND_FIELDS_END(type, field)                                                               \
    (offsetof(type, field) + sizeof(static_cast<type*>(nullptr)->field))

namespace mend::capi {

// Specialised once per public struct by MEND_STRUCT_VERSIONS below.
template <class T> struct StructVersions;

#define MEND_STRUCT_VERSIONS(type, latest_macro, init_macro, ...)                                  \
    template <> struct StructVersions<type> {                                                      \
        static constexpr const char* name = #type;                                                 \
        static constexpr const char* init_name = #init_macro;                                      \
        static constexpr unsigned int latest = latest_macro;                                       \
        /* size[v]: the bytes version v defines; size[0] is unused. */                             \
        static constexpr std::size_t size[] = {0, __VA_ARGS__};                                    \
        /* The newest version's defaults, padding zeroed (static storage). */                      \
        static const type& defaults() {                                                            \
            static const type d = init_macro;                                                      \
            return d;                                                                              \
        }                                                                                          \
    };                                                                                             \
    static_assert(sizeof(StructVersions<type>::size) / sizeof(std::size_t) == (latest_macro) + 1,  \
                  #type ": one size per version, version 1 first");                                \
    static_assert(StructVersions<type>::size[latest_macro] <= sizeof(type) &&                      \
                      sizeof(type) - StructVersions<type>::size[latest_macro] < alignof(type),     \
                  #type ": the newest version must end at the struct's last field");               \
    static_assert(std::is_trivially_copyable<type>::value, #type " must stay a plain C struct")

// clang-format off
MEND_STRUCT_VERSIONS(mend_open_options, MEND_OPEN_OPTIONS_VERSION, MEND_OPEN_OPTIONS_INIT,
    MEND_FIELDS_END(mend_open_options, synchronous), MEND_FIELDS_END(mend_open_options, flags),
    MEND_FIELDS_END(mend_open_options, key_user_data),
    MEND_FIELDS_END(mend_open_options, statement_timeout_ms));
MEND_STRUCT_VERSIONS(mend_clinician_fields, MEND_CLINICIAN_FIELDS_VERSION,
    MEND_CLINICIAN_FIELDS_INIT, MEND_FIELDS_END(mend_clinician_fields, external_id),
    MEND_FIELDS_END(mend_clinician_fields, npi));
MEND_STRUCT_VERSIONS(mend_clinician_list_options, MEND_CLINICIAN_LIST_OPTIONS_VERSION,
    MEND_CLINICIAN_LIST_OPTIONS_INIT,
    MEND_FIELDS_END(mend_clinician_list_options, include_archived));
MEND_STRUCT_VERSIONS(mend_client_fields, MEND_CLIENT_FIELDS_VERSION, MEND_CLIENT_FIELDS_INIT,
    MEND_FIELDS_END(mend_client_fields, phone));
MEND_STRUCT_VERSIONS(mend_client_list_options, MEND_CLIENT_LIST_OPTIONS_VERSION,
    MEND_CLIENT_LIST_OPTIONS_INIT, MEND_FIELDS_END(mend_client_list_options, include_archived));
MEND_STRUCT_VERSIONS(mend_couple_fields, MEND_COUPLE_FIELDS_VERSION, MEND_COUPLE_FIELDS_INIT,
    MEND_FIELDS_END(mend_couple_fields, external_id));
MEND_STRUCT_VERSIONS(mend_couple_list_options, MEND_COUPLE_LIST_OPTIONS_VERSION,
    MEND_COUPLE_LIST_OPTIONS_INIT, MEND_FIELDS_END(mend_couple_list_options, client_id));
MEND_STRUCT_VERSIONS(mend_case_fields, MEND_CASE_FIELDS_VERSION, MEND_CASE_FIELDS_INIT,
    MEND_FIELDS_END(mend_case_fields, external_id));
MEND_STRUCT_VERSIONS(mend_case_list_options, MEND_CASE_LIST_OPTIONS_VERSION,
    MEND_CASE_LIST_OPTIONS_INIT, MEND_FIELDS_END(mend_case_list_options, clinician_id));
MEND_STRUCT_VERSIONS(mend_measure_fields, MEND_MEASURE_FIELDS_VERSION, MEND_MEASURE_FIELDS_INIT,
    MEND_FIELDS_END(mend_measure_fields, missing_policy));
MEND_STRUCT_VERSIONS(mend_safety_screen_fields, MEND_SAFETY_SCREEN_FIELDS_VERSION,
    MEND_SAFETY_SCREEN_FIELDS_INIT, MEND_FIELDS_END(mend_safety_screen_fields, suicide_instrument));
MEND_STRUCT_VERSIONS(mend_safety_flag_list_options, MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION,
    MEND_SAFETY_FLAG_LIST_OPTIONS_INIT, MEND_FIELDS_END(mend_safety_flag_list_options, include_resolved));
MEND_STRUCT_VERSIONS(mend_attestation_fields, MEND_ATTESTATION_FIELDS_VERSION,
    MEND_ATTESTATION_FIELDS_INIT, MEND_FIELDS_END(mend_attestation_fields, note));
MEND_STRUCT_VERSIONS(mend_diagnosis_fields, MEND_DIAGNOSIS_FIELDS_VERSION,
    MEND_DIAGNOSIS_FIELDS_INIT, MEND_FIELDS_END(mend_diagnosis_fields, allow_unlisted));
MEND_STRUCT_VERSIONS(mend_agreement_fields, MEND_AGREEMENT_FIELDS_VERSION,
    MEND_AGREEMENT_FIELDS_INIT, MEND_FIELDS_END(mend_agreement_fields, review_on));
MEND_STRUCT_VERSIONS(mend_session_fields, MEND_SESSION_FIELDS_VERSION, MEND_SESSION_FIELDS_INIT,
    MEND_FIELDS_END(mend_session_fields, cpt_code),
    MEND_FIELDS_END(mend_session_fields, diagnosis_count));
MEND_STRUCT_VERSIONS(mend_note_list_options, MEND_NOTE_LIST_OPTIONS_VERSION,
    MEND_NOTE_LIST_OPTIONS_INIT, MEND_FIELDS_END(mend_note_list_options, include_text));
MEND_STRUCT_VERSIONS(mend_note_search_options, MEND_NOTE_SEARCH_OPTIONS_VERSION,
    MEND_NOTE_SEARCH_OPTIONS_INIT, MEND_FIELDS_END(mend_note_search_options, limit));
MEND_STRUCT_VERSIONS(mend_report_options, MEND_REPORT_OPTIONS_VERSION, MEND_REPORT_OPTIONS_INIT,
    MEND_FIELDS_END(mend_report_options, overdue_weeks));
MEND_STRUCT_VERSIONS(mend_fhir_export_options, MEND_FHIR_EXPORT_OPTIONS_VERSION,
    MEND_FHIR_EXPORT_OPTIONS_INIT, MEND_FIELDS_END(mend_fhir_export_options, release_id));
MEND_STRUCT_VERSIONS(mend_release_fields, MEND_RELEASE_FIELDS_VERSION, MEND_RELEASE_FIELDS_INIT,
    MEND_FIELDS_END(mend_release_fields, expires_on));
MEND_STRUCT_VERSIONS(mend_fhir_import_options, MEND_FHIR_IMPORT_OPTIONS_VERSION,
    MEND_FHIR_IMPORT_OPTIONS_INIT, MEND_FIELDS_END(mend_fhir_import_options, case_id));
MEND_STRUCT_VERSIONS(mend_audit_report_options, MEND_AUDIT_REPORT_OPTIONS_VERSION,
    MEND_AUDIT_REPORT_OPTIONS_INIT, MEND_FIELDS_END(mend_audit_report_options, limit));
// clang-format on

// Throws Errc::invalid unless 1 <= version <= the newest version of T.
template <class T> void check_struct_version(unsigned int version) {
    using V = StructVersions<T>;
    if (version == 0)
        fail(Errc::invalid, std::string(V::name) + " has version 0; set it with " + V::init_name +
                                " or " + V::name + "_init()");
    if (version > V::latest)
        fail(Errc::invalid, std::string(V::name) + " has version " + std::to_string(version) +
                                ", newer than this library knows (newest " +
                                std::to_string(V::latest) + "); use " + V::init_name);
}

// The host's struct as the library's own full copy: exactly the bytes of the
// version the host set are read (the version field first, on its own); every
// later field keeps the newest defaults. Throws Errc::invalid naming `what`
// for a NULL pointer or an unknown version.
template <class T> T versioned(const T* in, const char* what) {
    if (!in) fail(Errc::invalid, std::string(what) + " is NULL");
    unsigned int version = 0;
    std::memcpy(&version, in, sizeof version);
    check_struct_version<T>(version);
    T out = StructVersions<T>::defaults();
    std::memcpy(static_cast<void*>(&out), static_cast<const void*>(in),
                StructVersions<T>::size[version]);
    return out;
}

// The body of every mend_*_init(): exactly `version`'s bytes of *out become
// its defaults (padding zeroed) and out->version is `version`; nothing past
// them is written. Throws Errc::invalid for a NULL pointer or unknown version.
template <class T> void init_versioned(T* out, unsigned int version) {
    if (!out) fail(Errc::invalid, std::string(StructVersions<T>::name) + " pointer is NULL");
    check_struct_version<T>(version);
    std::memcpy(static_cast<void*>(out), static_cast<const void*>(&StructVersions<T>::defaults()),
                StructVersions<T>::size[version]);
    std::memcpy(static_cast<void*>(out), &version, sizeof version);
}

} // namespace mend::capi
