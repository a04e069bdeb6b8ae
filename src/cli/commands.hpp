// The `mend` commands. Each returns the process exit code.
#pragma once

#include "args.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace mend::cli {

int cmd_init(const Args& args);
int cmd_demo(const Args& args);
int cmd_audit(const Args& args);
int cmd_key(const Args& args);
int cmd_emergency(const Args& args);
int cmd_info(const Args& args);
int cmd_check(const Args& args);
int cmd_practice(const Args& args);
int cmd_clinician(const Args& args);
int cmd_client(const Args& args);
int cmd_couple(const Args& args);
int cmd_case(const Args& args);
int cmd_measure(const Args& args);
int cmd_safety(const Args& args);
int cmd_flag(const Args& args);
int cmd_protocol(const Args& args);
int cmd_phase(const Args& args);
int cmd_attest(const Args& args);
int cmd_diagnosis(const Args& args);
int cmd_plan(const Args& args);
int cmd_agreement(const Args& args);
int cmd_session(const Args& args);
int cmd_note(const Args& args);
int cmd_process_note(const Args& args);
int cmd_report(const Args& args);
int cmd_release(const Args& args);
int cmd_catalog(const Args& args);
int cmd_fhir(const Args& args);

// The library's catalogue without a database (mend_catalog_get_json), read once.
const nlohmann::json& library_catalog();
// One of its "limits".
long long catalog_limit(const char* name);
// The lines a command's --help adds from the catalogue ("" for none).
std::string catalog_help(const std::string& command);

} // namespace mend::cli
