// The Markdown renderer (internal; the public entry point is render_markdown).
#pragma once

#include "report/snapshot.hpp"

#include <string>

namespace mend::report {

std::string markdown_case_report(const CaseReport& r);
std::string markdown_caseload_report(const CaseloadReport& r);

} // namespace mend::report
