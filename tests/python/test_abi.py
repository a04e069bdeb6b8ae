"""The ctypes structures mirror the C headers: same fields, order, offsets and sizes."""

from __future__ import annotations

import ctypes
import shutil
import subprocess

import pytest

from mend import _lib

from conftest import REPO

STRUCTS = {
    "mend_open_options": _lib.OpenOptions,
    "mend_clinician_fields": _lib.ClinicianFields,
    "mend_diagnosis_fields": _lib.DiagnosisFields,
    "mend_client_fields": _lib.ClientFields,
    "mend_couple_fields": _lib.CoupleFields,
    "mend_case_fields": _lib.CaseFields,
    "mend_clinician_list_options": _lib.ClinicianListOptions,
    "mend_client_list_options": _lib.ClientListOptions,
    "mend_couple_list_options": _lib.CoupleListOptions,
    "mend_case_list_options": _lib.CaseListOptions,
    "mend_measure_fields": _lib.MeasureFields,
    "mend_safety_screen_fields": _lib.SafetyScreenFields,
    "mend_safety_flag_list_options": _lib.FlagListOptions,
    "mend_attestation_fields": _lib.AttestationFields,
    "mend_agreement_fields": _lib.AgreementFields,
    "mend_session_fields": _lib.SessionFields,
    "mend_note_list_options": _lib.NoteListOptions,
    "mend_note_search_options": _lib.NoteSearchOptions,
    "mend_report_options": _lib.ReportOptions,
    "mend_release_fields": _lib.ReleaseFields,
    "mend_fhir_export_options": _lib.FhirExportOptions,
    "mend_fhir_import_options": _lib.FhirImportOptions,
    "mend_audit_report_options": _lib.AuditReportOptions,
}

# The *_INIT macros: version first, then the documented defaults.
VERSION_MACROS = ["MEND_CLINICIAN_FIELDS_VERSION", "MEND_CLIENT_FIELDS_VERSION",
                  "MEND_COUPLE_FIELDS_VERSION", "MEND_CASE_FIELDS_VERSION",
                  "MEND_CLINICIAN_LIST_OPTIONS_VERSION", "MEND_CLIENT_LIST_OPTIONS_VERSION",
                  "MEND_COUPLE_LIST_OPTIONS_VERSION", "MEND_CASE_LIST_OPTIONS_VERSION",
                  "MEND_MEASURE_FIELDS_VERSION", "MEND_SAFETY_SCREEN_FIELDS_VERSION",
                  "MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION", "MEND_ATTESTATION_FIELDS_VERSION",
                  "MEND_AGREEMENT_FIELDS_VERSION", "MEND_SESSION_FIELDS_VERSION",
                  "MEND_NOTE_LIST_OPTIONS_VERSION", "MEND_NOTE_SEARCH_OPTIONS_VERSION",
                  "MEND_REPORT_OPTIONS_VERSION", "MEND_RELEASE_FIELDS_VERSION",
                  "MEND_DIAGNOSIS_FIELDS_VERSION", "MEND_FHIR_EXPORT_OPTIONS_VERSION",
                  "MEND_FHIR_IMPORT_OPTIONS_VERSION", "MEND_AUDIT_REPORT_OPTIONS_VERSION"]
#: The structs that grew past version 1, and the version the binding asks for.
GROWN = {"MEND_CLINICIAN_FIELDS_VERSION": _lib.CLINICIAN_FIELDS_VERSION,
         "MEND_SESSION_FIELDS_VERSION": _lib.SESSION_FIELDS_VERSION}
CONSTANTS = ["MEND_OK", "MEND_ITEROVER", "MEND_ERROR", "MEND_EINVAL", "MEND_EENCODING", "MEND_ENOTFOUND",
             "MEND_EDENIED", "MEND_ENOACTOR", "MEND_EEXISTS", "MEND_ECONSTRAINT", "MEND_ESCHEMA", "MEND_EBUSY",
             "MEND_ENOMEM", "MEND_ESTORE", "MEND_ESTATE", "MEND_EGATE", "MEND_ECONFLICT", "MEND_EKEY", "MEND_ECONNECTION",
             "MEND_SYNC_FULL",
             "MEND_SYNC_NORMAL", "MEND_OPEN_CREATE", "MEND_OPEN_TRANSACTION_POOLING",
             "MEND_ITEM_MISSING", "MEND_AUDIT_REPORT_JSON", "MEND_AUDIT_REPORT_CSV",
             "MEND_KEY_STATE_NONE", "MEND_KEY_STATE_HELD", "MEND_KEY_STATE_MISSING",
             "MEND_KEY_STATE_UNREGISTERED"]


@pytest.fixture(scope="module")
def c_layout(tmp_path_factory):
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc to read the headers' layout")
    d = tmp_path_factory.mktemp("abi")
    lines = ["#include <mend/mend.h>", "#include <stddef.h>", "#include <stdio.h>", "int main(void) {"]
    for cname, py in STRUCTS.items():
        lines.append(f'printf("{cname} size %zu\\n", sizeof({cname}));')
        for field, _ in py._fields_:
            lines.append(f'printf("{cname} {field} %zu %zu\\n", offsetof({cname}, {field}), '
                         f"sizeof((({cname} *)0)->{field}));")
    for macro in ["MEND_OPEN_OPTIONS_VERSION"] + VERSION_MACROS + CONSTANTS:
        lines.append(f'printf("{macro} %d\\n", (int)({macro}));')
    lines.append("return 0; }")
    src = d / "layout.c"
    src.write_text("\n".join(lines))
    exe = d / "layout"
    subprocess.run(["gcc", "-std=c99", "-Wall", "-Werror", "-I", str(REPO / "include"), "-o", str(exe), str(src)],
                   check=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    layout = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) == 4:  # "struct field offset size"
            layout[f"{words[0]} {words[1]}"] = words[2:]
        else:  # "struct size N" or "MACRO N"
            layout[" ".join(words[:-1])] = words[-1]
    return layout


@pytest.mark.parametrize("cname", sorted(STRUCTS))
def test_struct_layout(c_layout, cname):
    py = STRUCTS[cname]
    assert int(c_layout[f"{cname} size"]) == ctypes.sizeof(py)
    for field, ctype in py._fields_:
        offset, size = c_layout[f"{cname} {field}"]
        assert (int(offset), int(size)) == (getattr(py, field).offset, ctypes.sizeof(ctype)), field


def test_versions_and_codes(c_layout):
    assert int(c_layout["MEND_OPEN_OPTIONS_VERSION"]) == _lib.OPEN_OPTIONS_VERSION == 4
    for macro in VERSION_MACROS:
        assert int(c_layout[macro]) == GROWN.get(macro, _lib.STRUCT_VERSION), macro
    for name in CONSTANTS:
        assert int(c_layout[name]) == getattr(_lib, name), name
