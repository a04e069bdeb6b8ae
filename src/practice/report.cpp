// Report snapshots (docs/report-schema.md): everything a report shows,
// gathered under the actor's authorisation and audited. The renderers in
// src/report turn a snapshot into Markdown or HTML; the JSON format is the
// snapshot itself. A release prepared for one partner holds nothing from the
// other partner's individual record, and joint content only when both
// partners authorised it.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/practice.hpp"
#include "report/render.hpp"

#include <fmt/format.h>

namespace mend {

using nlohmann::json;

nlohmann::json Practice::report_snapshot(const ReportOptions& in) {
    ReportOptions o = in;
    if (!one_of(o.kind, report_kinds))
        fail(Errc::invalid, "kind must be one of: " + joined(report_kinds));
    o.generated_on =
        o.generated_on.empty() ? today().iso() : parse_date("generated_on", o.generated_on).iso();
    // A report shows the records as of its date: nothing later. `to` is a
    // date like `from` (it was compared as text, so "<b>" or "0" passed).
    if (!o.to.empty()) o.to = parse_date("to", o.to).iso();
    if (o.to.empty() || o.to > o.generated_on) o.to = o.generated_on;
    if (!o.from.empty()) o.from = parse_date("from", o.from).iso();
    if (!o.from.empty() && o.to < o.from) fail(Errc::invalid, "to is before from");
    if (o.overdue_weeks == 0) o.overdue_weeks = overdue_weeks_default;
    if (o.overdue_weeks < overdue_weeks_min || o.overdue_weeks > overdue_weeks_max)
        fail(Errc::invalid,
             fmt::format("overdue_weeks must be {} to {}", overdue_weeks_min, overdue_weeks_max));
    if (o.kind == "case" && o.case_id <= 0) fail(Errc::invalid, "a case report names its case");
    json out;
    read([&] {
        actor();
        out = o.kind == "case" ? case_snapshot(o) : caseload_snapshot(o);
    });
    return out;
}

std::string Practice::render_report(const ReportOptions& o, const std::string& format) {
    if (!one_of(format, report_formats))
        fail(Errc::invalid, "format must be one of: " + joined(report_formats));
    json snap = report_snapshot(o);
    if (format == "markdown") return report::render_markdown(snap);
    if (format == "html") return report::render_html(snap);
    return report::render_json(snap);
}

} // namespace mend
