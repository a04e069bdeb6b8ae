#include "report/render.hpp"

#include "domain/error.hpp"
#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/snapshot.hpp"

#include <fmt/format.h>

namespace mend::report {

namespace {

enum class Kind { case_report, caseload_report };

Kind checked_kind(const nlohmann::json& snapshot) {
    std::string schema = snapshot_schema(snapshot);
    Kind k;
    if (schema == case_schema)
        k = Kind::case_report;
    else if (schema == caseload_schema)
        k = Kind::caseload_report;
    else
        fail(Errc::invalid, "report snapshot: schema is not one these renderers know "
                            "(mend.report.case/1, mend.report.caseload/1)");
    check_encoding(snapshot);
    return k;
}

} // namespace

std::string render_markdown(const nlohmann::json& snapshot) {
    if (checked_kind(snapshot) == Kind::case_report)
        return markdown_case_report(read_case_report(snapshot));
    return markdown_caseload_report(read_caseload_report(snapshot));
}

std::string render_html(const nlohmann::json& snapshot) {
    if (checked_kind(snapshot) == Kind::case_report)
        return html_case_report(read_case_report(snapshot));
    return html_caseload_report(read_caseload_report(snapshot));
}

std::string render_json(const nlohmann::json& snapshot) {
    checked_kind(snapshot);
    // nlohmann::json keeps object keys sorted; strings were checked as UTF-8.
    return snapshot.dump(2, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

} // namespace mend::report
