// The HTML renderer: one self-contained, well-formed XHTML-style document
// with inline CSS and SVG; no scripts, no external resources.
#include "report/html.hpp"

#include "report/escape.hpp"
#include "report/format.hpp"
#include "report/phrases.hpp"
#include "report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mend::report {

namespace {

std::string e(std::string_view s) {
    return escape_html(s);
}

// Inline user text, isolated for bidirectional scripts.
std::string u(std::string_view s) {
    return R"(<span dir="auto">)" + e(s) + "</span>";
}

// A table cell holding user text (or a dash when there is none).
std::string utd(const std::optional<std::string>& s, const char* cls = nullptr) {
    std::string c = cls ? fmt::format(R"( class="{}")", cls) : "";
    if (!s || s->empty()) return fmt::format("<td{}>\u2014</td>", c);
    return fmt::format(R"(<td{} dir="auto">{}</td>)", c, e(*s));
}
std::string td(const std::string& escaped, const char* cls = nullptr) {
    if (cls) return fmt::format(R"(<td class="{}">{}</td>)", cls, escaped);
    return "<td>" + escaped + "</td>";
}
// A date cell (never wrapped).
std::string tdate(const std::optional<std::string>& d) {
    return R"(<td class="date">)" + (d ? e(*d) : std::string("\u2014")) + "</td>";
}

// Multi-line user text: kept as written (line breaks shown by CSS).
std::string text_block(const std::string& s, const char* cls = "text-block") {
    return fmt::format(R"(<div class="{}" dir="auto">{}</div>)", cls, e(s));
}

const char* const css = R"css(
@page { size: auto; margin: 15mm; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0 auto; padding: 18px 22px; max-width: 62rem; font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; line-height: 1.4; color: #111111; background: #ffffff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.6rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.25rem; margin: 1.7rem 0 0.5rem; padding-bottom: 0.15rem; border-bottom: 2px solid #333333; }
h3 { font-size: 1.08rem; margin: 1.2rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 0.9rem 0 0.3rem; }
p { margin: 0.3rem 0 0.5rem; }
ul { margin: 0.3rem 0 0.6rem; padding-left: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.9rem; font-size: 0.93rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.2rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #e9e9e9; }
thead { display: table-header-group; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date, td.status { white-space: nowrap; }
table.compact { width: auto; min-width: 45%; }
tr, figure, .box, .chart-row, .legend, table.compact { break-inside: avoid; page-break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1.1rem; margin: 0.6rem 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul.plain { list-style: none; padding: 0; margin: 0; }
.muted { color: #444444; }
.small { font-size: 0.9rem; }
.release-banner { border: 3px double #000000; background: #f1f1f1; padding: 0.5rem 0.9rem; margin: 0 0 1rem; }
.release-banner .banner-title { font-size: 1.15rem; font-weight: bold; margin: 0; }
.box { border: 1px solid #555555; padding: 0.45rem 0.8rem; margin: 0.6rem 0 0.8rem; }
.box-title { font-weight: bold; margin: 0 0 0.25rem; }
.warning { border: 3px solid #8b0000; background: #fdeaea; }
.warning .box-title { color: #8b0000; font-size: 1.05rem; }
.attention { border: 2px solid #8a4b00; background: #fff4e5; }
.callout { border: 1px solid #1f3a5f; border-left: 7px solid #1f3a5f; background: #edf2f8; }
.override-box { border: 2px dashed #8a4b00; background: #fffaf2; }
.tag { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 0.3rem; font-size: 0.78rem; font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em; white-space: nowrap; }
.tag-override { color: #8a4b00; background: #fff1dc; }
.tag-back { color: #333333; background: #ececec; border-style: dashed; }
.tag-open { color: #14532d; background: #e6f4ea; }
.tag-blocked { color: #8b0000; background: #fdeaea; }
.tag-relational { color: #1f3a5f; background: #edf2f8; }
td.overdue, td.late-entry { color: #8b0000; }
tr.override td { background: #fff7ea; }
tr.back td { background: #f4f4f4; }
.status-met { color: #14532d; }
.status-not_met { color: #8b0000; font-weight: bold; }
.status-unknown { color: #444444; font-style: italic; }
.status-present { color: #8b0000; font-weight: bold; }
.severity-urgent, .severity-high { font-weight: bold; text-transform: uppercase; }
.change-marked { font-weight: bold; }
.chart-row { display: flex; gap: 1rem; align-items: flex-start; margin: 0.3rem 0 0.6rem; }
.chart-row figure { flex: 1 1 0; min-width: 0; margin: 0; }
figcaption { font-weight: bold; margin: 0 0 0.15rem; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
svg.swatch { vertical-align: middle; margin-right: 0.3rem; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1.2rem; font-size: 0.9rem; }
.text-block { white-space: pre-wrap; }
.note-text { white-space: pre-wrap; border-left: 3px solid #999999; padding-left: 0.6rem; margin: 0.2rem 0 0.9rem; }
.two-col { display: flex; gap: 1.2rem; align-items: flex-start; }
.two-col > * { flex: 1 1 0; min-width: 0; }
footer { margin-top: 2rem; border-top: 1px solid #8a8a8a; padding-top: 0.4rem; font-size: 0.9rem; color: #333333; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2, h3, h4, figcaption, caption, .instrument > p { break-after: avoid; page-break-after: avoid; }
  .chart-row { gap: 5mm; }
}
)css";

void open_document(std::string& h, const std::string& title) {
    h += "<!DOCTYPE html>\n";
    h += R"(<html xmlns="http://www.w3.org/1999/xhtml" lang="en">)";
    h += "\n<head>\n";
    h += R"(<meta charset="utf-8"/>)";
    h += "\n";
    h += R"(<meta name="viewport" content="width=device-width, initial-scale=1"/>)";
    h += "\n<title>" + e(title) + "</title>\n<style>";
    h += css;
    h += "</style>\n</head>\n<body>\n";
}

void close_document(std::string& h) {
    h += "</body>\n</html>\n";
}

// ---- the case report ----------------------------------------------------------

void release_banner_html(std::string& h, const Release& r) {
    h += R"(<div class="release-banner" role="note">)";
    h += "\n";
    h += fmt::format(R"(<p class="banner-title">Prepared for {} &#8212; release #{}{}</p>)",
                     u(r.for_name), r.id,
                     r.expires_on ? ", expires " + *r.expires_on : std::string(", no expiry date"));
    h += "\n";
    std::string details = release_details(r);
    if (!details.empty()) h += R"(<p class="small" dir="auto">)" + e(details) + "</p>\n";
    h += "</div>\n";
}

void header_html(std::string& h, const CaseReport& r) {
    h += "<header>\n<h1 dir=\"auto\">" + e(r.title) + "</h1>\n<dl class=\"facts\">\n";
    h += "<dt>Practice</dt><dd dir=\"auto\">" + e(r.practice_name) + "</dd>\n";
    const CaseInfo& c = r.case_info;
    {
        CaseInfo bare = c;
        bare.external_id.reset();
        std::string line = case_line(bare); // "#1: couple (conjoint) case, ..."
        std::string id = fmt::format("#{}", c.id);
        std::string rest = line.substr(id.size());
        h += "<dt>Case</dt><dd>" + e(id);
        if (c.external_id && !c.external_id->empty()) h += " (" + u(*c.external_id) + ")";
        h += e(rest) + "</dd>\n";
    }
    h += fmt::format("<dt>{}</dt><dd><ul class=\"plain\">",
                     r.clients.size() == 1 ? "Client" : "Clients");
    for (const auto& cl : r.clients) {
        std::string d = client_details(cl);
        h += "<li>" + u(cl.name) + (d.empty() ? "" : " (" + e(d) + ")") + "</li>";
    }
    h += "</ul></dd>\n";
    if (r.couple) h += "<dt>Couple</dt><dd dir=\"auto\">" + e(couple_line(*r.couple)) + "</dd>\n";
    h += "<dt>Primary clinician</dt>";
    if (c.primary_clinician)
        h += "<dd dir=\"auto\">" + e(person_line(*c.primary_clinician)) + "</dd>\n";
    else
        h += "<dd>None recorded</dd>\n";
    h += "<dt>Protocol</dt>";
    if (r.protocol)
        h += "<dd dir=\"auto\">" + e(protocol_line(*r.protocol)) + "</dd>\n";
    else
        h += "<dd>None: no treatment protocol is applied to this case</dd>\n";
    h += fmt::format("<dt>Period</dt><dd>{} to {}</dd>\n", r.period_from, r.period_to);
    h += fmt::format("<dt>Generated</dt><dd>{}</dd>\n", r.generated_on);
    h += "</dl>\n</header>\n";
}

// What needs attention first: present contraindications, a suspended gate,
// open safety flags.
void attention_html(std::string& h, const CaseReport& r) {
    auto items = attention_items(r);
    if (items.empty()) return;
    h +=
        R"(<div class="box warning" role="alert"><p class="box-title">&#9888; Needs attention</p><ul>)";
    for (const auto& i : items)
        h += "<li>" + escape_html(i) + "</li>";
    h += "</ul></div>\n";
}

void timeline_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"timeline\">\n<h2>Phase timeline</h2>\n";
    if (r.timeline.empty()) {
        h += r.protocol ? "<p>No phase has been entered yet.</p>\n"
                        : "<p>No treatment protocol is applied to this case, so there is no phase "
                          "timeline.</p>\n";
        h += "</section>\n";
        return;
    }
    bool sessions = std::any_of(r.timeline.begin(), r.timeline.end(),
                                [](const TimelineEntry& t) { return t.sessions.has_value(); });
    h += "<table class=\"timeline\">\n<thead><tr><th "
         "class=\"num\">#</th><th>Phase</th><th>Entered</th><th>Left</th>"
         "<th>Time in phase</th>";
    if (sessions) h += "<th class=\"num\">Sessions</th>";
    h += "<th>How</th><th>Moved by</th><th>Why</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        const auto& t = r.timeline[i];
        const char* cls = t.kind == "override" ? R"( class="override")"
                          : t.kind == "back"   ? R"( class="back")"
                                               : "";
        h += fmt::format("<tr{}>", cls);
        h += fmt::format(R"(<td class="num">{}</td>)", i + 1);
        h += "<td>" + u(t.phase_name);
        if (!t.track.empty())
            h += R"(<br/><span class="muted small">)" + e(t.track) + " track</span>";
        h += "</td>";
        h += tdate(t.entered_on);
        h += t.left_on ? tdate(t.left_on) : td("current phase");
        h += td(e(time_in_phase(t)));
        if (sessions)
            h += td(t.sessions ? std::to_string(*t.sessions) : std::string("\u2014"), "num");
        if (t.kind == "override")
            h += td(R"(<span class="tag tag-override">* Override</span>)");
        else if (t.kind == "back")
            h += td(R"(<span class="tag tag-back">&#8617; Moved back</span>)");
        else
            h += td(e(entry_kind_words(t.kind)));
        h += utd(t.by ? std::optional<std::string>(t.by->name) : std::nullopt);
        std::string why = why_words(t);
        if (t.kind == "override")
            h += td("Override: see below");
        else
            h += why.empty() ? "<td>\u2014</td>" : "<td>" + text_block(why) + "</td>";
        h += "</tr>\n";
    }
    h += "</tbody>\n</table>\n";
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        const auto& t = r.timeline[i];
        if (t.kind != "override") continue;
        h += R"(<div class="box override-box">)";
        h += fmt::format(R"(<p class="box-title">* Override: moved into {} (phase {}) on {}{}</p>)",
                         u(t.phase_name), i + 1, t.entered_on,
                         t.by ? " by " + u(person_line(*t.by)) : std::string());
        h += "\n<p><strong>Rationale:</strong></p>";
        h += t.rationale ? text_block(*t.rationale) : std::string("<p>None recorded.</p>");
        h += "\n<p><strong>Safety plan:</strong></p>";
        h += t.safety_plan ? text_block(*t.safety_plan) : std::string("<p>None recorded.</p>");
        h += "\n<p><strong>Criteria passed over:</strong></p>";
        if (t.unmet.empty())
            h += "<p>None listed.</p>";
        else {
            h += "<ul>";
            for (const auto& c : t.unmet) {
                h += "<li>" + u(c.label);
                if (c.sentence) h += ": " + u(*c.sentence);
                h += "</li>";
            }
            h += "</ul>";
        }
        h += "\n</div>\n";
    }
    if (!r.role_changes.empty()) {
        h += "<h3>Changes of roles</h3>\n<p>Every gate reads which partner is the betrayed "
             "one.</p>\n<table>\n<thead><tr><th>Date</th><th>Change</th><th>By</th><th>Why</th>"
             "</tr></thead>\n<tbody>\n";
        for (const auto& c : r.role_changes) {
            h += "<tr>" + td(e(c.changed_on)) + utd(role_change_words(c));
            h += utd(c.by ? std::optional<std::string>(c.by->name) : std::nullopt);
            h += c.rationale ? "<td>" + text_block(*c.rationale) + "</td>" : "<td>\u2014</td>";
            h += "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
}

void criteria_table(std::string& h, const std::vector<Criterion>& criteria) {
    h += "<table>\n<thead><tr><th>Criterion</th><th>Status</th><th>Details</th></tr></"
         "thead>\n<tbody>\n";
    for (const auto& c : criteria) {
        h += "<tr>" + utd(c.label);
        h += fmt::format(R"(<td class="status status-{}">{} {}</td>)", e(c.status),
                         criterion_status_symbol(c.status), e(criterion_status_words(c.status)));
        h += utd(c.sentence) + "</tr>\n";
    }
    h += "</tbody>\n</table>\n";
}

void gate_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"gate\">\n<h2>Where the case stands now</h2>\n";
    if (!r.gate) {
        h += r.protocol ? "<p>There is no current gate evaluation.</p>\n"
                        : "<p>No treatment protocol is applied to this case, so no gate is "
                          "evaluated.</p>\n";
        h += "</section>\n";
        return;
    }
    const Gate& g = *r.gate;
    h += "<p>Current phase: <strong>" + u(g.phase_name) + "</strong>";
    if (g.entered_on) h += ", since " + *g.entered_on;
    if (g.days_in_phase) h += " (" + plural(*g.days_in_phase, "day", "days") + ")";
    h += ".</p>\n";

    std::vector<const Contraindication*> present;
    for (const auto& c : g.contraindications)
        if (c.status == "present") present.push_back(&c);
    if (g.suspended || !present.empty()) {
        h += R"(<div class="box warning" role="alert">)";
        h += "\n";
        if (g.suspended)
            h += "<p class=\"box-title\">&#9888; Progress is suspended</p>\n<p>" +
                 std::string(
                     present.empty()
                         ? "Progress through the protocol is suspended."
                         : "A contraindication is present, so progress through the protocol is "
                           "suspended: no way forward opens until it is resolved, whatever the "
                           "criteria below say.") +
                 "</p>\n";
        if (!present.empty()) {
            h += fmt::format("<p class=\"box-title\">&#9888; Warning: {} present</p>\n<ul>",
                             present.size() == 1 ? "a contraindication is"
                                                 : "contraindications are");
            for (const auto* c : present) {
                h += "<li><strong>" + u(c->label) + "</strong>";
                if (c->sentence) h += ": " + u(*c->sentence);
                h += "</li>";
            }
            h += "</ul>\n";
        }
        h += "</div>\n";
    }

    h += "<h3>Contraindications</h3>\n";
    if (g.contraindications.empty())
        h += "<p>The protocol lists no contraindications.</p>\n";
    else {
        h += "<table>\n<thead><tr><th>Contraindication</th><th>Status</th><th>Details</th></tr></"
             "thead>\n<tbody>\n";
        for (const auto& c : g.contraindications) {
            h += "<tr>" + utd(c.label);
            std::string mark = c.status == "present"  ? "&#9888; "
                               : c.status == "absent" ? "\u2713 "
                                                      : "? ";
            h += fmt::format(R"(<td class="status status-{}">{}{}</td>)", e(c.status), mark,
                             e(contraindication_status_words(c.status)));
            h += utd(c.sentence) + "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }

    h += "<h3>Ways forward</h3>\n";
    if (g.transitions.empty()) h += "<p>The protocol has no way forward from this phase.</p>\n";
    for (const auto& t : g.transitions) {
        h += "<div class=\"transition\">\n<h4>" + u(t.name) + " ";
        h += t.open ? R"(<span class="tag tag-open">&#10003; Open</span>)"
                    : R"(<span class="tag tag-blocked">&#10007; Blocked</span>)";
        if (t.relational) h += R"( <span class="tag tag-relational">relational work</span>)";
        h += "</h4>\n<p>";
        if (t.open)
            h += "Every criterion is met.";
        else if (t.unmet > 0)
            h += fmt::format("{} not met.", plural(t.unmet, "criterion", "criteria"));
        else
            h += "Not open yet.";
        h += "</p>\n";
        if (!t.criteria.empty()) criteria_table(h, t.criteria);
        h += "</div>\n";
    }

    h += "<h3>What still blocks relational work</h3>\n";
    if (g.blocking_relational.empty())
        h += "<p>" + e(nothing_blocks_sentence(r, g)) + "</p>\n";
    else {
        h += "<ul>\n";
        for (const auto& b : g.blocking_relational)
            h += "<li dir=\"auto\">" + e(b) + "</li>\n";
        h += "</ul>\n";
    }
    if (g.summary) h += "<p><strong>In short:</strong> " + u(*g.summary) + "</p>\n";
    h += "</section>\n";
}

std::string bands_sentence(const Measure& m) {
    std::string s;
    for (const auto& b : m.bands)
        s += (s.empty() ? "" : "; ") + b.label + " " + b.min.text + "\u2013" + b.max.text;
    return s;
}

std::string cutoffs_sentence(const Measure& m) {
    std::string s;
    for (const auto& c : m.cutoffs)
        s += (s.empty() ? "" : "; ") + c.label + ", " +
             comparator_phrase(c.comparator, c.value.text);
    return s;
}

void measure_table_html(std::string& h, const Measure& m) {
    h += "<table class=\"measure-table\">\n<caption>" + u(m.client_name) + " &#8212; " +
         u(m.abbreviation) + "</caption>\n";
    h += "<thead><tr><th>Date</th><th class=\"num\">Total</th><th>Band</th><th>Change since "
         "previous</th>"
         "<th>Change since first</th></tr></thead>\n<tbody>\n";
    for (const auto& p : m.points) {
        h += "<tr>" + tdate(p.date);
        h += p.total ? td(p.total->text, "num") : td("not scored", "num muted");
        h += utd(p.band);
        h += marked_change(p.from_previous) ? td(e(change_text(p.from_previous)), "change-marked")
                                            : td(e(change_text(p.from_previous)));
        h += td(e(change_text(p.from_baseline)));
        h += "</tr>\n";
    }
    h += "</tbody>\n</table>\n";
}

void phase_legend_html(std::string& h, const CaseReport& r) {
    if (r.timeline.empty()) return;
    h += "<ul class=\"legend\">\n";
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        const auto& t = r.timeline[i];
        std::string mark = t.kind == "override" ? "*" : t.kind == "back" ? "\u21a9" : "";
        h += "<li>" + track_swatch_svg(t.track, fmt::format("legend-{}", i + 1));
        h += fmt::format("{}{} ", i + 1, e(mark)) + u(t.phase_name);
        h += fmt::format(" <span class=\"muted\">({}{} to {})</span>",
                         t.track.empty() ? "" : e(t.track) + " track, ", t.entered_on,
                         t.left_on ? *t.left_on : std::string("now"));
        h += "</li>\n";
    }
    h += "</ul>\n";
}

void measures_html(std::string& h, const CaseReport& r, int& chart_counter) {
    h += "<section id=\"measures\">\n";
    h += r.couple_report() ? "<h2>Measures: both partners side by side</h2>\n"
                           : "<h2>Measures over time</h2>\n";
    if (r.couple_report() && !r.dyadic.empty()) {
        h += R"(<div class="box callout"><p class="box-title">&#8644; Both partners together</p>)";
        h += "\n<ul>\n";
        for (const auto& d : r.dyadic) {
            std::string kind = humanize(d.kind);
            if (!kind.empty())
                kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
            h += "<li><strong>" + e(kind) + ":</strong> " + u(d.sentence) + "</li>\n";
        }
        h += "</ul>\n</div>\n";
    }
    if (r.measures.empty()) {
        h += "<p>No measures were taken in this period.</p>\n</section>\n";
        return;
    }
    h += "<p class=\"muted small\">How to read the charts: each dot is one administration, left to "
         "right by date. "
         "A dashed line is a cut-off; faint lines separate the severity bands. ";
    if (!r.timeline.empty())
        h += "The shaded bands behind the line are the treatment phases, numbered as in the "
             "timeline (* entered by "
             "override, &#8617; a move back). ";
    h += "A ring marks a reliable change from the previous administration: solid for better or "
         "recovered, dashed for "
         "worse. The table under each chart lists every value.</p>\n";
    phase_legend_html(h, r);
    auto phases = chart_phases(r.timeline);
    for (const auto& group : group_by_instrument(r.measures)) {
        const Measure& first = r.measures[group.entries.front()];
        h += "<div class=\"instrument\">\n<h3>" + u(first.abbreviation);
        if (first.construct)
            h += " <span class=\"muted\">&#8212; " + u(*first.construct) + "</span>";
        h += "</h3>\n<p>" + e(scale_sentence(first));
        std::string cut = cutoffs_sentence(first), bands = bands_sentence(first);
        if (!cut.empty())
            h +=
                " Cut-off" + std::string(first.cutoffs.size() > 1 ? "s" : "") + ": " + u(cut) + ".";
        if (!bands.empty()) h += " Bands: " + u(bands) + ".";
        std::string range = clinical_range_phrase(first);
        if (!range.empty()) h += " Clinical range: " + e(range) + ".";
        if (std::any_of(group.entries.begin(), group.entries.end(),
                        [&](std::size_t i) { return has_unclassified_change(r.measures[i]); }))
            h += std::string(" ") + unclassified_sentence();
        h += "</p>\n";
        std::vector<const Measure*> charted;
        for (std::size_t i : group.entries) {
            const Measure& m = r.measures[i];
            if (std::any_of(m.points.begin(), m.points.end(),
                            [](const MeasurePoint& p) { return p.total.has_value(); }))
                charted.push_back(&m);
        }
        if (!charted.empty()) {
            h += "<div class=\"chart-row\">\n";
            for (const Measure* m : charted) {
                DayRange days = chart_days(r, *m);
                LineChartOptions o;
                o.width = charted.size() > 1 ? 360 : 640;
                o.height = 260;
                o.id = fmt::format("chart-{}", ++chart_counter);
                o.first_day = days.first;
                o.last_day = days.last;
                h += "<figure>\n<figcaption dir=\"auto\">" + e(m->client_name) + "</figcaption>\n";
                h += line_chart_svg(*m, phases, o);
                h += "\n</figure>\n";
            }
            h += "</div>\n";
        }
        for (std::size_t i : group.entries) {
            const Measure& m = r.measures[i];
            std::string outside = outside_period_sentence(m);
            if (!outside.empty())
                h += "<p class=\"muted\">" + u(m.client_name) + ", " + u(m.abbreviation) + ": " +
                     e(outside) + "</p>\n";
            if (m.points.empty())
                h += "<p>" + u(m.client_name) + ": no administrations of " + u(m.abbreviation) +
                     " in this period.</p>\n";
            else
                measure_table_html(h, m);
        }
        h += "</div>\n";
    }
    h += "</section>\n";
}

void agreements_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"agreements\">\n<h2>Agreements</h2>\n";
    if (r.agreements.empty())
        h += "<p>No agreements are recorded.</p>\n";
    else {
        h += "<table>\n<thead><tr><th>Kind</th><th>Agreement</th><th>Agreed on</th><th>Review "
             "on</th><th>Status</th></tr></thead>\n<tbody>\n";
        for (const auto& a : r.agreements) {
            bool overdue = review_overdue(r, a);
            h += std::string(overdue ? "<tr class=\"overdue\">" : "<tr>") +
                 td(e(humanize(a.kind))) + "<td>" + text_block(a.text) + "</td>" +
                 tdate(a.agreed_on) +
                 (overdue ? R"(<td class="date overdue"><strong>&#9888; )" + e(*a.review_on) +
                                " (review overdue)</strong></td>"
                          : tdate(a.review_on)) +
                 td(e(humanize(a.status))) + "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
}

void flags_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"flags\">\n<h2>Open safety flags</h2>\n";
    if (r.flags.empty())
        h += "<p>No safety flags are open.</p>\n";
    else {
        h += "<table>\n<thead><tr><th>Raised "
             "on</th><th>Client</th><th>Flag</th><th>Severity</th><th>Details</th></tr></"
             "thead>\n<tbody>\n";
        for (const auto& f : r.flags) {
            h += "<tr>" + tdate(f.raised_on) + utd(f.client_name) + td(e(humanize(f.code))) +
                 fmt::format(R"(<td class="severity-{}">{}</td>)", e(f.severity),
                             e(humanize(f.severity))) +
                 (f.message ? "<td>" + text_block(*f.message) + "</td>"
                            : std::string("<td>\u2014</td>")) +
                 "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
}

void sessions_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"sessions\">\n<h2>Sessions</h2>\n";
    if (!r.sessions) {
        h += "<p>No sessions are recorded for this case.</p>\n</section>\n";
        return;
    }
    const Sessions& s = *r.sessions;
    h += "<p>" + plural(s.total, "session", "sessions") +
         " in total.</p>\n<div class=\"two-col\">\n";
    h += "<table class=\"compact\">\n<caption>By phase</caption>\n<thead><tr><th>Phase</th><th "
         "class=\"num\">Sessions</th></tr></thead>\n<tbody>\n";
    if (s.by_phase.empty()) h += "<tr><td colspan=\"2\">None</td></tr>\n";
    for (const auto& p : s.by_phase)
        h += "<tr>" + utd(p.phase_name) + td(std::to_string(p.count), "num") + "</tr>\n";
    h += "</tbody>\n</table>\n";
    h += "<table class=\"compact\">\n<caption>By CPT code</caption>\n<thead><tr><th>CPT "
         "code</th><th class=\"num\">Sessions</th></tr></thead>\n<tbody>\n";
    if (s.by_cpt.empty()) h += "<tr><td colspan=\"2\">None</td></tr>\n";
    for (const auto& c : s.by_cpt)
        h += "<tr>" + utd(c.code) + td(std::to_string(c.count), "num") + "</tr>\n";
    h += "</tbody>\n</table>\n</div>\n</section>\n";
}

void notes_html(std::string& h, const CaseReport& r) {
    h += "<section id=\"notes\">\n<h2>Signed notes</h2>\n";
    if (!r.notes) {
        h += "<p>Notes are not part of this report.</p>\n</section>\n";
        return;
    }
    if (r.notes->empty()) {
        h += "<p>No signed notes in this period.</p>\n</section>\n";
        return;
    }
    h += "<table>\n<thead><tr><th>Date</th><th>Type</th><th>Format</th><th>Status</th><th>Author</"
         "th><th>Signed on</th><th>Late entry</th>"
         "<th class=\"num\">Addenda</th></tr></thead>\n<tbody>\n";
    bool any_late = false;
    for (const auto& n : *r.notes) {
        any_late = any_late || n.late_entry.value_or(false);
        std::string late = e(late_entry_words(n.late_entry));
        // Late, or not known: marked.
        std::string late_cell = n.late_entry.value_or(true)
                                    ? td("<strong>" + late + "</strong>", "late-entry")
                                    : td(late);
        h += "<tr>" + tdate(n.date) + td(e(humanize(n.type))) +
             td(n.format ? e(note_format_words(*n.format)) : "\u2014") + td(e(humanize(n.status))) +
             utd(n.author) + (n.signed_on ? tdate(timestamp_text(*n.signed_on)) : td("\u2014")) +
             late_cell + td(n.addenda ? std::to_string(*n.addenda) : std::string("\u2014"), "num") +
             "</tr>\n";
    }
    h += "</tbody>\n</table>\n";
    if (any_late) h += "<p class=\"muted small\">" + e(late_entry_sentence()) + "</p>\n";
    for (const auto& n : *r.notes) {
        if (!n.text) continue;
        std::string type = humanize(n.type);
        if (!type.empty())
            type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
        h += fmt::format("<h4>{} of {}", e(type), n.date);
        if (n.author) h += ", by " + u(*n.author);
        h += "</h4>\n" + text_block(*n.text, "note-text") + "\n";
    }
    h += "</section>\n";
}

} // namespace

std::string html_case_report(const CaseReport& report) {
    // Tables and charts hold the report period only.
    const CaseReport r = within_period(report);
    std::string h;
    open_document(h, r.title + " \u2014 " + r.practice_name);
    if (r.release) release_banner_html(h, *r.release);
    header_html(h, r);
    attention_html(h, r);
    timeline_html(h, r);
    gate_html(h, r);
    int charts = 0;
    measures_html(h, r, charts);
    agreements_html(h, r);
    flags_html(h, r);
    sessions_html(h, r);
    notes_html(h, r);
    h += "<footer>\n";
    if (r.release)
        h += "<p><strong>Release copy.</strong> " + u(release_footer(*r.release)) + "</p>\n";
    h += fmt::format(
        "<p>Generated on {} by mend from a report snapshot ({}). It holds confidential clinical "
        "information: store and share it accordingly.</p>\n",
        r.generated_on, "mend.report.case/1");
    h += "</footer>\n";
    close_document(h);
    return h;
}

// ---- the caseload report --------------------------------------------------------

std::string html_caseload_report(const CaseloadReport& r) {
    std::string h;
    open_document(h, r.title + " \u2014 " + r.practice_name);
    h += "<header>\n<h1 dir=\"auto\">" + e(r.title) + "</h1>\n<dl class=\"facts\">\n";
    h += "<dt>Practice</dt><dd dir=\"auto\">" + e(r.practice_name) + "</dd>\n";
    h += "<dt>Clinician</dt>";
    h += r.clinician ? "<dd dir=\"auto\">" + e(person_line(*r.clinician)) + "</dd>\n"
                     : std::string("<dd>All clinicians (the whole practice)</dd>\n");
    if (r.overdue_after_weeks)
        h += "<dt>Measures overdue</dt><dd>after " +
             plural(*r.overdue_after_weeks, "week", "weeks") + " without one</dd>\n";
    h += fmt::format("<dt>Generated</dt><dd>{}</dd>\n", r.generated_on);
    h += "</dl>\n</header>\n";

    std::vector<std::string> attention;
    if (!r.open_flags.empty())
        attention.push_back(r.open_flags.size() == 1
                                ? std::string("1 open safety flag.")
                                : fmt::format("{} open safety flags.", r.open_flags.size()));
    long suspended = std::count_if(r.blocked.begin(), r.blocked.end(),
                                   [](const BlockedCase& b) { return b.suspended; });
    if (suspended > 0)
        attention.push_back(suspended == 1
                                ? std::string("1 case is suspended at a gate.")
                                : fmt::format("{} cases are suspended at a gate.", suspended));
    if (!attention.empty()) {
        h +=
            R"(<div class="box warning" role="alert"><p class="box-title">&#9888; Needs attention</p><ul>)";
        for (const auto& a : attention)
            h += "<li>" + e(a) + "</li>";
        h += "</ul></div>\n";
    }

    h += "<section id=\"by-phase\">\n<h2>Cases by phase</h2>\n";
    if (r.by_phase.empty())
        h += "<p>No cases.</p>\n";
    else {
        h += "<table class=\"compact\">\n<thead><tr><th>Phase</th><th "
             "class=\"num\">Cases</th></tr></thead>\n<tbody>\n";
        for (const auto& p : r.by_phase)
            h += "<tr>" + (p.phase_name.empty() ? td("No protocol") : utd(p.phase_name)) +
                 td(std::to_string(p.count), "num") + "</tr>\n";
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"blocked\">\n<h2>Blocked at a gate</h2>\n";
    if (r.blocked.empty()) h += "<p>No case is blocked at a gate.</p>\n";
    for (const auto& b : r.blocked) {
        h += fmt::format("<div class=\"box{}\">\n<p class=\"box-title\">",
                         b.suspended ? " warning" : "");
        h += u(b.label) + fmt::format(" (case #{})", b.case_id);
        if (b.suspended) h += R"( <span class="tag tag-blocked">&#9888; Suspended</span>)";
        h += "</p>\n";
        if (b.phase_name) h += "<p>Currently in " + u(*b.phase_name) + ".</p>\n";
        if (b.transition) h += "<p>Blocked: " + u(*b.transition) + ".</p>\n";
        if (b.unmet.empty())
            h += "<p>No unmet criterion is listed.</p>\n";
        else {
            h += "<p>Not met yet:</p>\n<ul>\n";
            for (const auto& x : b.unmet)
                h += "<li dir=\"auto\">" + e(x) + "</li>\n";
            h += "</ul>\n";
        }
        h += "</div>\n";
    }
    h += "</section>\n";

    h += "<section id=\"overdue\">\n<h2>Overdue measures</h2>\n";
    if (r.overdue_measures.empty())
        h += "<p>No measures are overdue.</p>\n";
    else {
        h += "<table>\n<thead><tr><th class=\"num\">Case</th><th>Client</th><th>Last "
             "measured</th><th class=\"num\">Weeks since</th></tr></thead>\n<tbody>\n";
        for (const auto& o : r.overdue_measures)
            h += "<tr>" + td(fmt::format("#{}", o.case_id), "num") + utd(o.client_name) +
                 (o.last_measure_on ? tdate(o.last_measure_on) : td("never measured")) +
                 td(o.weeks_since ? std::to_string(*o.weeks_since) : std::string("\u2014"), "num") +
                 "</tr>\n";
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"flags\">\n<h2>Open safety flags</h2>\n";
    if (r.open_flags.empty())
        h += "<p>No safety flags are open.</p>\n";
    else {
        h += "<table>\n<thead><tr><th>Raised on</th><th "
             "class=\"num\">Case</th><th>Client</th><th>Flag</th><th>Severity</th></tr></"
             "thead>\n<tbody>\n";
        for (const auto& f : r.open_flags)
            h += "<tr>" + tdate(f.raised_on) + td(fmt::format("#{}", f.case_id), "num") +
                 utd(f.client_name) + td(e(humanize(f.code))) +
                 fmt::format(R"(<td class="severity-{}">{}</td>)", e(f.severity),
                             e(humanize(f.severity))) +
                 "</tr>\n";
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"sessions\">\n<h2>Sessions per week</h2>\n";
    if (r.sessions_per_week.empty())
        h += "<p>No sessions are recorded yet.</p>\n";
    else {
        h += "<figure>\n" +
             bar_chart_svg(r.sessions_per_week, "sessions-chart", "Sessions per week") +
             "\n</figure>\n";
        h += "<table class=\"compact\">\n<thead><tr><th>Week beginning</th><th "
             "class=\"num\">Sessions</th></tr></thead>\n<tbody>\n";
        for (const auto& w : r.sessions_per_week)
            h += "<tr>" + tdate(w.week_of) + td(std::to_string(w.count), "num") + "</tr>\n";
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"cases\">\n<h2>Cases</h2>\n";
    if (r.cases.empty())
        h += "<p>No cases.</p>\n";
    else {
        h += "<table>\n<thead><tr><th "
             "class=\"num\">Case</th><th>Clients</th><th>Kind</th><th>Status</th><th>Clinician</th>"
             "<th>Phase</th><th class=\"num\">Days in phase</th></tr></thead>\n<tbody>\n";
        for (const auto& c : r.cases)
            h += "<tr>" + td(fmt::format("#{}", c.id), "num") + utd(c.label) +
                 td(c.kind == "conjoint" ? std::string("couple (conjoint)") : e(humanize(c.kind))) +
                 td(e(humanize(c.status))) + utd(c.clinician) +
                 (c.phase_name ? utd(c.phase_name) : td("No protocol")) +
                 td(c.days_in_phase ? std::to_string(*c.days_in_phase) : std::string("\u2014"),
                    "num") +
                 "</tr>\n";
        h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
    h += "<footer>\n";
    h += fmt::format(
        "<p>Generated on {} by mend from a report snapshot ({}). It holds confidential clinical "
        "information: store and share it accordingly.</p>\n",
        r.generated_on, "mend.report.caseload/1");
    h += "</footer>\n";
    close_document(h);
    return h;
}

} // namespace mend::report
