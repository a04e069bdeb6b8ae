// Report renderers: pure functions from a report snapshot (a JSON document,
// docs/report-schema.md) to Markdown, to one self-contained HTML file with
// inline SVG charts, and to canonical JSON. No database, no clock, no locale:
// the same snapshot always renders to the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace mend::report {

// The schemas these renderers understand.
inline constexpr const char* case_schema = "mend.report.case/1";
inline constexpr const char* caseload_schema = "mend.report.caseload/1";

// Each dispatches on snapshot["schema"]. A missing or unknown schema, a
// missing required member or a member of the wrong type throws mend::Error
// (Errc::invalid; Errc::encoding for text that is not valid UTF-8). Messages
// name the member ("report snapshot: clients[1].name is missing"), never
// its content.
std::string render_markdown(const nlohmann::json& snapshot);
std::string render_html(const nlohmann::json& snapshot);

// The snapshot itself, pretty-printed: 2-space indent, keys sorted, UTF-8
// kept as is, a trailing newline. Checks the schema and the text encoding.
std::string render_json(const nlohmann::json& snapshot);

} // namespace mend::report
