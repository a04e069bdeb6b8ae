// The `mend` commands. Each returns the process exit code.
#pragma once

#include "args.hpp"

namespace mend::cli {

int cmd_init(const Args& args);
int cmd_demo(const Args& args);
int cmd_audit(const Args& args);
int cmd_info(const Args& args);
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
int cmd_plan(const Args& args);
int cmd_agreement(const Args& args);
int cmd_session(const Args& args);
int cmd_note(const Args& args);
int cmd_process_note(const Args& args);
int cmd_report(const Args& args);
int cmd_release(const Args& args);

} // namespace mend::cli
