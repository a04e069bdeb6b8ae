// The HTML renderer (internal; the public entry point is render_html).
#pragma once

#include "report/snapshot.hpp"

#include <string>

namespace mend::report {

std::string html_case_report(const CaseReport& r);
std::string html_caseload_report(const CaseloadReport& r);

} // namespace mend::report
