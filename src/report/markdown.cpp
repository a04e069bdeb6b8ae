// The Markdown renderer: headings, short sentences and tables; charts become
// tables. All snapshot text goes through the Markdown escapers.
#include "report/markdown.hpp"

#include "report/escape.hpp"
#include "report/format.hpp"
#include "report/phrases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace mend::report {

namespace {

std::string md(std::string_view s) {
    return escape_markdown(s);
}
std::string cell(std::string_view s) {
    return escape_markdown_cell(s);
}
std::string ocell(const std::optional<std::string>& s) {
    return s ? cell(*s) : std::string("\u2014");
}
std::string dash() {
    return "\u2014";
}

struct Column {
    std::string title;
    bool right = false;
};

// A table: cells are already escaped (or are the renderer's own text).
void table(std::string& m, const std::vector<Column>& columns,
           const std::vector<std::vector<std::string>>& rows) {
    m += "|";
    for (const auto& c : columns)
        m += " " + c.title + " |";
    m += "\n|";
    for (const auto& c : columns)
        m += c.right ? " ---: |" : " --- |";
    m += "\n";
    for (const auto& row : rows) {
        m += "|";
        for (const auto& v : row)
            m += " " + (v.empty() ? dash() : v) + " |";
        m += "\n";
    }
    m += "\n";
}

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// ---- the case report ----------------------------------------------------------

void header_md(std::string& m, const CaseReport& r) {
    m += "# " + md(r.title) + "\n\n";
    if (r.release) {
        const Release& rel = *r.release;
        m += fmt::format("> **Prepared for {} \u2014 release #{}{}**\n", md(rel.for_name), rel.id,
                         rel.expires_on ? ", expires " + *rel.expires_on
                                        : std::string(", no expiry date"));
        std::string details = release_details(rel);
        if (!details.empty()) m += ">\n> " + md(details) + "\n";
        m += "\n";
    }
    const CaseInfo& c = r.case_info;
    m += "- **Practice:** " + md(r.practice_name) + "\n";
    {
        // "#1 (case-3001): couple (conjoint) case, ..." with only the user's part escaped.
        CaseInfo bare = c;
        bare.external_id.reset();
        std::string line = case_line(bare), id = fmt::format("#{}", c.id);
        m += "- **Case:** " + id;
        if (c.external_id && !c.external_id->empty()) m += " (" + md(*c.external_id) + ")";
        m += md(line.substr(id.size())) + "\n";
    }
    m += r.clients.size() == 1 ? "- **Client:** " : "- **Clients:** ";
    for (std::size_t i = 0; i < r.clients.size(); ++i) {
        const auto& cl = r.clients[i];
        std::string d = client_details(cl);
        m += (i ? "; " : "") + md(cl.name) + (d.empty() ? "" : " (" + md(d) + ")");
    }
    m += "\n";
    if (r.couple) m += "- **Couple:** " + md(couple_line(*r.couple)) + "\n";
    m += "- **Primary clinician:** " +
         (c.primary_clinician ? md(person_line(*c.primary_clinician))
                              : std::string("none recorded")) +
         "\n";
    m += "- **Protocol:** " +
         (r.protocol ? md(protocol_line(*r.protocol))
                     : std::string("none: no treatment protocol is applied to this case")) +
         "\n";
    m += fmt::format("- **Period:** {} to {}\n", r.period_from, r.period_to);
    m += fmt::format("- **Generated:** {}\n\n", r.generated_on);
}

void attention_md(std::string& m, const CaseReport& r) {
    auto items = attention_items(r);
    if (items.empty()) return;
    m += "> **\u26a0 Needs attention**\n>\n";
    for (const auto& i : items)
        m += "> - " + i + "\n";
    m += "\n";
}

void timeline_md(std::string& m, const CaseReport& r) {
    m += "## Phase timeline\n\n";
    if (r.timeline.empty()) {
        m += r.protocol ? "No phase has been entered yet.\n\n"
                        : "No treatment protocol is applied to this case, so there is no phase "
                          "timeline.\n\n";
        return;
    }
    bool sessions = std::any_of(r.timeline.begin(), r.timeline.end(),
                                [](const TimelineEntry& t) { return t.sessions.has_value(); });
    std::vector<Column> cols{{"#", true}, {"Phase"}, {"Track"},
                             {"Entered"}, {"Left"},  {"Time in phase"}};
    if (sessions) cols.push_back({"Sessions", true});
    for (const char* c : {"How", "Moved by", "Why"})
        cols.push_back({c});
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        const auto& t = r.timeline[i];
        std::vector<std::string> row{std::to_string(i + 1),
                                     cell(t.phase_name),
                                     t.track.empty() ? dash() : cell(t.track),
                                     t.entered_on,
                                     t.left_on ? *t.left_on : "current phase",
                                     time_in_phase(t)};
        if (sessions) row.push_back(t.sessions ? std::to_string(*t.sessions) : dash());
        if (t.kind == "override")
            row.push_back("**OVERRIDE**");
        else if (t.kind == "back")
            row.push_back("**\u21a9 Moved back**");
        else
            row.push_back(entry_kind_words(t.kind));
        row.push_back(t.by ? cell(t.by->name) : dash());
        std::string why = why_words(t);
        row.push_back(t.kind == "override" ? std::string("Override: see below")
                      : why.empty()        ? dash()
                                           : cell(why));
        rows.push_back(row);
    }
    table(m, cols, rows);
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        const auto& t = r.timeline[i];
        if (t.kind != "override") continue;
        m += fmt::format("### Override: moved into {} (phase {}) on {}{}\n\n", md(t.phase_name),
                         i + 1, t.entered_on,
                         t.by ? " by " + md(person_line(*t.by)) : std::string());
        m += "**Rationale:**\n\n" +
             (t.rationale ? escape_markdown_block(*t.rationale) : std::string("None recorded.")) +
             "\n\n";
        m += "**Safety plan:**\n\n" +
             (t.safety_plan ? escape_markdown_block(*t.safety_plan)
                            : std::string("None recorded.")) +
             "\n\n";
        m += "**Criteria passed over:**\n\n";
        if (t.unmet.empty())
            m += "None listed.\n\n";
        else {
            for (const auto& c : t.unmet)
                m += "- " + md(c.label) + (c.sentence ? ": " + md(*c.sentence) : "") + "\n";
            m += "\n";
        }
    }
    if (!r.role_changes.empty()) {
        m += "### Changes of roles\n\nEvery gate reads which partner is the betrayed one.\n\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : r.role_changes)
            rows.push_back({c.changed_on, cell(role_change_words(c)),
                            c.by ? cell(c.by->name) : dash(), ocell(c.rationale)});
        table(m, {{"Date"}, {"Change"}, {"By"}, {"Why"}}, rows);
    }
}

void gate_md(std::string& m, const CaseReport& r) {
    m += "## Where the case stands now\n\n";
    if (!r.gate) {
        m += r.protocol
                 ? "There is no current gate evaluation.\n\n"
                 : "No treatment protocol is applied to this case, so no gate is evaluated.\n\n";
        return;
    }
    const Gate& g = *r.gate;
    m += "Current phase: **" + md(g.phase_name) + "**";
    if (g.entered_on) m += ", since " + *g.entered_on;
    if (g.days_in_phase) m += " (" + plural(*g.days_in_phase, "day", "days") + ")";
    m += ".\n\n";
    std::vector<const Contraindication*> present;
    for (const auto& c : g.contraindications)
        if (c.status == "present") present.push_back(&c);
    if (g.suspended) {
        m += "> **\u26a0 PROGRESS IS SUSPENDED.** ";
        m += present.empty()
                 ? "Progress through the protocol is suspended.\n"
                 : "A contraindication is present, so progress through the protocol is suspended: "
                   "no way "
                   "forward opens until it is resolved, whatever the criteria below say.\n";
        m += "\n";
    }
    if (!present.empty()) {
        m += fmt::format("> **\u26a0 WARNING: {} PRESENT**\n>\n",
                         present.size() == 1 ? "A CONTRAINDICATION IS" : "CONTRAINDICATIONS ARE");
        for (const auto* c : present)
            m += "> - **" + md(c->label) + "**" + (c->sentence ? ": " + md(*c->sentence) : "") +
                 "\n";
        m += "\n";
    }
    m += "### Contraindications\n\n";
    if (g.contraindications.empty())
        m += "The protocol lists no contraindications.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : g.contraindications) {
            std::string status = contraindication_status_words(c.status);
            if (c.status == "present") status = "**\u26a0 " + status + "**";
            rows.push_back({cell(c.label), status, ocell(c.sentence)});
        }
        table(m, {{"Contraindication"}, {"Status"}, {"Details"}}, rows);
    }
    m += "### Ways forward\n\n";
    if (g.transitions.empty()) m += "The protocol has no way forward from this phase.\n\n";
    for (const auto& t : g.transitions) {
        m += "#### " + md(t.name) + (t.open ? " \u2014 open" : " \u2014 blocked") +
             (t.relational ? " (relational work)" : "") + "\n\n";
        if (t.open)
            m += "Every criterion is met.\n\n";
        else if (t.unmet > 0)
            m += plural(t.unmet, "criterion", "criteria") + " not met.\n\n";
        else
            m += "Not open yet.\n\n";
        if (!t.criteria.empty()) {
            std::vector<std::vector<std::string>> rows;
            for (const auto& c : t.criteria) {
                std::string status =
                    criterion_status_symbol(c.status) + " " + criterion_status_words(c.status);
                if (c.status == "not_met") status = "**" + status + "**";
                rows.push_back({cell(c.label), status, ocell(c.sentence)});
            }
            table(m, {{"Criterion"}, {"Status"}, {"Details"}}, rows);
        }
    }
    m += "### What still blocks relational work\n\n";
    if (g.blocking_relational.empty())
        m += nothing_blocks_sentence(r, g) + "\n\n";
    else {
        for (const auto& b : g.blocking_relational)
            m += "- " + md(b) + "\n";
        m += "\n";
    }
    if (g.summary) m += "**In short:** " + md(*g.summary) + "\n\n";
}

std::string point_total(const MeasurePoint& p) {
    return p.total ? p.total->text : std::string("not scored");
}

void measure_table_md(std::string& m, const Measure& x) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : x.points) {
        std::string change = change_text(p.from_previous);
        if (marked_change(p.from_previous)) change = "**" + change + "**";
        rows.push_back(
            {p.date, point_total(p), ocell(p.band), change, change_text(p.from_baseline)});
    }
    table(m,
          {{"Date"}, {"Total", true}, {"Band"}, {"Change since previous"}, {"Change since first"}},
          rows);
}

void measures_md(std::string& m, const CaseReport& r) {
    m += "## Measures over time\n\n";
    if (r.measures.empty()) {
        m += "No measures were taken in this period.\n\n";
        return;
    }
    m += "Each table lists one client's administrations of one instrument, oldest first. A change "
         "in bold is a "
         "reliable change from the previous administration.\n\n";
    for (const auto& group : group_by_instrument(r.measures)) {
        for (std::size_t i : group.entries) {
            const Measure& x = r.measures[i];
            m += "### " + md(x.abbreviation) + ": " + md(x.client_name) + "\n\n";
            std::string about;
            if (x.construct) about = md(capitalised(*x.construct)) + ". ";
            about += scale_sentence(x);
            std::string cuts;
            for (const auto& c : x.cutoffs)
                cuts += (cuts.empty() ? "" : "; ") + md(c.label) + ", " +
                        comparator_phrase(c.comparator, c.value.text);
            if (!cuts.empty())
                about +=
                    std::string(" Cut-off") + (x.cutoffs.size() > 1 ? "s" : "") + ": " + cuts + ".";
            std::string bands;
            for (const auto& b : x.bands)
                bands += (bands.empty() ? "" : "; ") + md(b.label) + " " + b.min.text + "\u2013" +
                         b.max.text;
            if (!bands.empty()) about += " Bands: " + bands + ".";
            std::string range = clinical_range_phrase(x);
            if (!range.empty()) about += " Clinical range: " + range + ".";
            if (has_unclassified_change(x)) about += std::string(" ") + unclassified_sentence();
            std::string outside = outside_period_sentence(x);
            if (!outside.empty()) about += " " + outside;
            m += about + "\n\n";
            if (x.points.empty())
                m += "No administrations in this period.\n\n";
            else
                measure_table_md(m, x);
        }
    }
}

// Both partners' totals on one instrument, by date.
void dyadic_md(std::string& m, const CaseReport& r) {
    m += "## Both partners side by side\n\n";
    if (r.dyadic.empty())
        m += "No contrast between the partners is noted.\n\n";
    else {
        for (const auto& d : r.dyadic)
            m += "> **" + md(capitalised(humanize(d.kind))) + ":** " + md(d.sentence) + "\n>\n";
        m.resize(m.size() - 2); // the last ">\n"
        m += "\n";
    }
    bool any = false;
    for (const auto& group : group_by_instrument(r.measures)) {
        if (group.entries.size() < 2) continue;
        any = true;
        const Measure& first = r.measures[group.entries.front()];
        m += "### " + md(first.abbreviation) + ": both partners\n\n";
        std::map<std::string, std::vector<std::string>> by_date;
        for (std::size_t k = 0; k < group.entries.size(); ++k) {
            for (const auto& p : r.measures[group.entries[k]].points) {
                auto& row = by_date[p.date];
                row.resize(group.entries.size());
                std::string v = point_total(p);
                if (p.band) v += " (" + md(*p.band) + ")";
                row[k] = row[k].empty() ? v : row[k] + "; " + v;
            }
        }
        std::vector<Column> cols{{"Date"}};
        for (std::size_t i : group.entries)
            cols.push_back({md(r.measures[i].client_name)});
        std::vector<std::vector<std::string>> rows;
        for (auto& [date, values] : by_date) {
            std::vector<std::string> row{date};
            values.resize(group.entries.size());
            for (auto& v : values)
                row.push_back(v.empty() ? dash() : v);
            rows.push_back(row);
        }
        table(m, cols, rows);
    }
    if (!any && !r.measures.empty())
        m += "No instrument was given to both partners in this period.\n\n";
}

void agreements_md(std::string& m, const CaseReport& r) {
    m += "## Agreements\n\n";
    if (r.agreements.empty()) {
        m += "No agreements are recorded.\n\n";
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : r.agreements) {
        std::string review = a.review_on.value_or(dash());
        if (review_overdue(r, a)) review = "**\u26a0 " + review + " (review overdue)**";
        rows.push_back({cell(humanize(a.kind)), cell(a.text), a.agreed_on.value_or(dash()), review,
                        cell(humanize(a.status))});
    }
    table(m, {{"Kind"}, {"Agreement"}, {"Agreed on"}, {"Review on"}, {"Status"}}, rows);
}

void flags_md(std::string& m, const CaseReport& r) {
    m += "## Open safety flags\n\n";
    if (r.flags.empty()) {
        m += "No safety flags are open.\n\n";
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : r.flags) {
        std::string sev = cell(humanize(f.severity));
        if (f.severity == "urgent" || f.severity == "high") sev = "**" + sev + "**";
        rows.push_back(
            {f.raised_on, cell(f.client_name), cell(humanize(f.code)), sev, ocell(f.message)});
    }
    table(m, {{"Raised on"}, {"Client"}, {"Flag"}, {"Severity"}, {"Details"}}, rows);
}

void sessions_md(std::string& m, const CaseReport& r) {
    m += "## Sessions\n\n";
    if (!r.sessions) {
        m += "No sessions are recorded for this case.\n\n";
        return;
    }
    const Sessions& s = *r.sessions;
    m += plural(s.total, "session", "sessions") + " in total.\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : s.by_phase)
        rows.push_back({cell(p.phase_name), std::to_string(p.count)});
    if (!rows.empty()) table(m, {{"Phase"}, {"Sessions", true}}, rows);
    rows.clear();
    for (const auto& c : s.by_cpt)
        rows.push_back({cell(c.code), std::to_string(c.count)});
    if (!rows.empty()) table(m, {{"CPT code"}, {"Sessions", true}}, rows);
}

void notes_md(std::string& m, const CaseReport& r) {
    m += "## Signed notes\n\n";
    if (!r.notes) {
        m += "Notes are not part of this report.\n\n";
        return;
    }
    if (r.notes->empty()) {
        m += "No signed notes in this period.\n\n";
        return;
    }
    std::vector<std::vector<std::string>> rows;
    bool any_late = false;
    for (const auto& n : *r.notes) {
        std::string late = late_entry_words(n.late_entry);
        if (n.late_entry.value_or(true)) late = "**" + late + "**"; // late, or not known
        any_late = any_late || n.late_entry.value_or(false);
        rows.push_back({n.date, cell(humanize(n.type)),
                        n.format ? cell(note_format_words(*n.format)) : dash(),
                        cell(humanize(n.status)), ocell(n.author),
                        n.signed_on ? cell(timestamp_text(*n.signed_on)) : dash(), late,
                        n.addenda ? std::to_string(*n.addenda) : dash()});
    }
    table(m,
          {{"Date"},
           {"Type"},
           {"Format"},
           {"Status"},
           {"Author"},
           {"Signed on"},
           {"Late entry"},
           {"Addenda", true}},
          rows);
    if (any_late) m += std::string(late_entry_sentence()) + "\n\n";
    for (const auto& n : *r.notes) {
        if (!n.text) continue;
        m += "### " + md(capitalised(humanize(n.type))) + " of " + n.date +
             (n.author ? ", by " + md(*n.author) : "") + "\n\n";
        std::string body = escape_markdown_block(*n.text);
        m += (body.empty() ? std::string("(empty)") : body) + "\n\n";
    }
}

void footer_md(std::string& m, const std::optional<Release>& release,
               const std::string& generated_on, const char* schema) {
    m += "---\n\n";
    if (release) m += "**Release copy.** " + md(release_footer(*release)) + "\n\n";
    m += fmt::format("Generated on {} by mend from a report snapshot ({}). It holds confidential "
                     "clinical information: "
                     "store and share it accordingly.\n",
                     generated_on, schema);
}

} // namespace

std::string markdown_case_report(const CaseReport& report) {
    // Tables and charts hold the report period only.
    const CaseReport r = within_period(report);
    std::string m;
    header_md(m, r);
    attention_md(m, r);
    timeline_md(m, r);
    gate_md(m, r);
    measures_md(m, r);
    if (r.couple_report()) dyadic_md(m, r);
    agreements_md(m, r);
    flags_md(m, r);
    sessions_md(m, r);
    notes_md(m, r);
    footer_md(m, r.release, r.generated_on, "mend.report.case/1");
    return m;
}

std::string markdown_caseload_report(const CaseloadReport& r) {
    std::string m;
    m += "# " + md(r.title) + "\n\n";
    m += "- **Practice:** " + md(r.practice_name) + "\n";
    m += "- **Clinician:** " +
         (r.clinician ? md(person_line(*r.clinician))
                      : std::string("all clinicians (the whole practice)")) +
         "\n";
    if (r.overdue_after_weeks)
        m += "- **Measures overdue:** after " + plural(*r.overdue_after_weeks, "week", "weeks") +
             " without one\n";
    m += fmt::format("- **Generated:** {}\n\n", r.generated_on);

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
        m += "> **\u26a0 Needs attention**\n>\n";
        for (const auto& a : attention)
            m += "> - " + a + "\n";
        m += "\n";
    }

    m += "## Cases by phase\n\n";
    if (r.by_phase.empty())
        m += "No cases.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : r.by_phase)
            rows.push_back({p.phase_name.empty() ? std::string("No protocol") : cell(p.phase_name),
                            std::to_string(p.count)});
        table(m, {{"Phase"}, {"Cases", true}}, rows);
    }

    m += "## Blocked at a gate\n\n";
    if (r.blocked.empty()) m += "No case is blocked at a gate.\n\n";
    for (const auto& b : r.blocked) {
        m += "### " + md(b.label) + fmt::format(" (case #{})", b.case_id) +
             (b.suspended ? " \u2014 \u26a0 SUSPENDED" : "") + "\n\n";
        if (b.phase_name) m += "Currently in " + md(*b.phase_name) + ".";
        if (b.transition)
            m += std::string(b.phase_name ? " " : "") + "Blocked: " + md(*b.transition) + ".";
        if (b.phase_name || b.transition) m += "\n\n";
        if (b.unmet.empty())
            m += "No unmet criterion is listed.\n\n";
        else {
            m += "Not met yet:\n\n";
            for (const auto& x : b.unmet)
                m += "- " + md(x) + "\n";
            m += "\n";
        }
    }

    m += "## Overdue measures\n\n";
    if (r.overdue_measures.empty())
        m += "No measures are overdue.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& o : r.overdue_measures)
            rows.push_back({fmt::format("#{}", o.case_id), cell(o.client_name),
                            o.last_measure_on.value_or("never measured"),
                            o.weeks_since ? std::to_string(*o.weeks_since) : dash()});
        table(m, {{"Case", true}, {"Client"}, {"Last measured"}, {"Weeks since", true}}, rows);
    }

    m += "## Open safety flags\n\n";
    if (r.open_flags.empty())
        m += "No safety flags are open.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& f : r.open_flags) {
            std::string sev = cell(humanize(f.severity));
            if (f.severity == "urgent" || f.severity == "high") sev = "**" + sev + "**";
            rows.push_back({f.raised_on, fmt::format("#{}", f.case_id), cell(f.client_name),
                            cell(humanize(f.code)), sev});
        }
        table(m, {{"Raised on"}, {"Case", true}, {"Client"}, {"Flag"}, {"Severity"}}, rows);
    }

    m += "## Sessions per week\n\n";
    if (r.sessions_per_week.empty())
        m += "No sessions are recorded yet.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& w : r.sessions_per_week)
            rows.push_back({w.week_of, std::to_string(w.count)});
        table(m, {{"Week beginning"}, {"Sessions", true}}, rows);
    }

    m += "## Cases\n\n";
    if (r.cases.empty())
        m += "No cases.\n\n";
    else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : r.cases)
            rows.push_back(
                {fmt::format("#{}", c.id), cell(c.label),
                 c.kind == "conjoint" ? std::string("couple (conjoint)") : cell(humanize(c.kind)),
                 cell(humanize(c.status)), ocell(c.clinician),
                 c.phase_name ? cell(*c.phase_name) : std::string("No protocol"),
                 c.days_in_phase ? std::to_string(*c.days_in_phase) : dash()});
        table(m,
              {{"Case", true},
               {"Clients"},
               {"Kind"},
               {"Status"},
               {"Clinician"},
               {"Phase"},
               {"Days in phase", true}},
              rows);
    }
    footer_md(m, std::nullopt, r.generated_on, "mend.report.caseload/1");
    return m;
}

} // namespace mend::report
