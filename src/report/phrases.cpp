#include "report/phrases.hpp"

#include "report/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace mend::report {

std::vector<std::string> attention_items(const CaseReport& r) {
    std::vector<std::string> items;
    if (r.gate) {
        long present =
            std::count_if(r.gate->contraindications.begin(), r.gate->contraindications.end(),
                          [](const Contraindication& c) { return c.status == "present"; });
        if (present > 0)
            items.push_back(
                fmt::format("{} present (see \u201cWhere the case stands now\u201d).",
                            present == 1 ? "A contraindication is" : "Contraindications are"));
        if (r.gate->suspended) items.push_back("Progress through the protocol is suspended.");
    }
    if (!r.flags.empty())
        items.push_back(fmt::format("{} open (see \u201cOpen safety flags\u201d).",
                                    r.flags.size() == 1
                                        ? std::string("1 safety flag is")
                                        : fmt::format("{} safety flags are", r.flags.size())));
    long overdue = std::count_if(r.agreements.begin(), r.agreements.end(),
                                 [&](const Agreement& a) { return review_overdue(r, a); });
    if (overdue > 0)
        items.push_back(
            fmt::format("{} overdue (see \u201cAgreements\u201d).",
                        overdue == 1 ? std::string("The review of 1 agreement is")
                                     : fmt::format("The reviews of {} agreements are", overdue)));
    return items;
}

std::string role_words(const std::string& role) {
    if (role == "betrayed") return "betrayed partner";
    if (role == "involved") return "involved partner";
    if (role == "client") return "client";
    return humanize(role);
}

std::string client_details(const Client& c) {
    std::vector<std::string> parts;
    if (c.role) parts.push_back(role_words(*c.role));
    if (c.pronouns && !c.pronouns->empty()) parts.push_back(*c.pronouns);
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i)
        s += (i ? ", " : "") + parts[i];
    return s;
}

std::string comparator_phrase(const std::string& comparator, const std::string& value) {
    if (comparator == ">=") return value + " or more";
    if (comparator == ">") return "above " + value;
    if (comparator == "<") return "below " + value;
    if (comparator == "<=") return value + " or less";
    return comparator + " " + value;
}

std::string criterion_status_words(const std::string& status) {
    if (status == "met") return "Met";
    if (status == "not_met") return "Not met";
    if (status == "unknown") return "Unknown";
    return humanize(status);
}

std::string criterion_status_symbol(const std::string& status) {
    if (status == "met") return "\u2713";     // check mark
    if (status == "not_met") return "\u2717"; // ballot x
    return "?";
}

std::string contraindication_status_words(const std::string& status) {
    if (status == "present") return "Present";
    if (status == "absent") return "Absent";
    if (status == "unknown") return "Not known";
    return humanize(status);
}

std::string classification_words(const std::string& classification) {
    if (classification == "recovered") return "recovered";
    if (classification == "improved") return "improved";
    if (classification == "unchanged") return "no reliable change";
    if (classification == "deteriorated") return "deteriorated";
    if (classification == "unknown") return "change not classified";
    return humanize(classification);
}

std::string change_text(const std::optional<Change>& change) {
    if (!change) return "\u2014";
    // No reliable-change rule: the plain difference says it all.
    if (change->classification == "unknown" && change->delta)
        return format_delta(change->delta->value);
    std::string s = classification_words(change->classification);
    if (change->delta) s += " (" + format_delta(change->delta->value) + ")";
    return s;
}

bool marked_change(const std::optional<Change>& change) {
    return change &&
           (change->classification == "improved" || change->classification == "recovered" ||
            change->classification == "deteriorated");
}

std::string entry_kind_words(const std::string& kind) {
    if (kind == "start") return "Start";
    if (kind == "advance") return "Advanced";
    if (kind == "override") return "Override";
    if (kind == "back") return "Moved back";
    return humanize(kind);
}

std::string role_change_words(const RoleChange& r) {
    std::string s = r.betrayed ? *r.betrayed + " recorded as the betrayed partner"
                               : std::string("The betrayed partner no longer recorded");
    if (r.previous) s += " (before: " + *r.previous + ")";
    if (r.kind == "override") s += ", as an override: the change opened a gate";
    return s;
}

std::string why_words(const TimelineEntry& e) {
    std::string opened;
    for (const auto& c : e.opened_by)
        opened += (opened.empty() ? "" : "; ") + c.label;
    if (!opened.empty()) opened = "Gate open: " + opened;
    if (!e.rationale) return opened;
    return opened.empty() ? *e.rationale : *e.rationale + " \u2014 " + opened;
}

std::string time_in_phase(const TimelineEntry& e) {
    std::string s;
    if (e.weeks && *e.weeks >= 1 && e.days)
        s = fmt::format("{} ({})", plural(*e.weeks, "week", "weeks"),
                        plural(*e.days, "day", "days"));
    else if (e.weeks && *e.weeks >= 1)
        s = plural(*e.weeks, "week", "weeks");
    else if (e.days)
        s = plural(*e.days, "day", "days");
    else
        return "\u2014";
    if (!e.left_on) s += " so far";
    return s;
}

std::string protocol_line(const Protocol& p) {
    if (p.version) return fmt::format("{} ({}, version {})", p.name, p.code, *p.version);
    return fmt::format("{} ({})", p.name, p.code);
}

std::string case_line(const CaseInfo& c) {
    std::string kind = c.kind == "conjoint"     ? "couple (conjoint) case"
                       : c.kind == "individual" ? "individual case"
                                                : humanize(c.kind) + " case";
    std::string s = fmt::format("#{}", c.id);
    if (c.external_id && !c.external_id->empty()) s += fmt::format(" ({})", *c.external_id);
    s += fmt::format(": {}, {}", kind, humanize(c.status));
    if (c.opened_on) s += ", opened " + *c.opened_on;
    if (c.closed_on) s += ", closed " + *c.closed_on;
    return s;
}

std::string couple_line(const Couple& c) {
    std::vector<std::string> parts;
    if (c.relationship_status) {
        std::string s = humanize(*c.relationship_status);
        if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
        parts.push_back(s);
    }
    if (c.relationship_start) parts.push_back("relationship began " + *c.relationship_start);
    if (c.children_in_household) {
        long long n = *c.children_in_household;
        parts.push_back(n == 0 ? std::string("no children in the household")
                               : plural(n, "child", "children") + " in the household");
    }
    if (c.secrets_policy) parts.push_back("secrets policy: " + humanize(*c.secrets_policy));
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i)
        s += (i ? "; " : "") + parts[i];
    return s.empty() ? "\u2014" : s;
}

std::string person_line(const Person& p) {
    if (p.credentials && !p.credentials->empty()) return p.name + ", " + *p.credentials;
    return p.name;
}

std::string scale_sentence(const Measure& m) {
    return fmt::format("Scores run from {} to {}; higher is {}.", m.total_min.text,
                       m.total_max.text, m.higher_is_better ? "better" : "worse");
}

bool has_unclassified_change(const Measure& m) {
    for (const auto& p : m.points)
        for (const auto* c : {&p.from_previous, &p.from_baseline})
            if (*c && (*c)->classification == "unknown") return true;
    return false;
}

std::string timestamp_text(const std::string& ts) {
    // "2026-06-04T16:20:00Z" -> "2026-06-04 16:20 UTC"; anything else as given.
    if (ts.size() >= 17 && ts[10] == 'T' && ts[13] == ':' && (ts.back() == 'Z' || ts.back() == 'z'))
        return ts.substr(0, 10) + " " + ts.substr(11, 5) + " UTC";
    return ts;
}

std::string note_format_words(const std::string& format) {
    for (const char* f : {"soap", "dap", "birp", "girp", "pie", "pirp"})
        if (format == f) {
            std::string s = format;
            for (char& ch : s)
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            return s;
        }
    return humanize(format);
}

std::string axis_direction(const Measure& m) {
    return m.higher_is_better ? "\u2191 higher = better" : "\u2191 higher = worse";
}

std::string release_banner(const Release& r) {
    std::string s = fmt::format("Prepared for {} \u2014 release #{}", r.for_name, r.id);
    s += r.expires_on ? ", expires " + *r.expires_on : ", no expiry date";
    return s;
}

std::string release_details(const Release& r) {
    std::vector<std::string> parts;
    if (r.to) parts.push_back("Released to: " + *r.to + ".");
    if (r.purpose) parts.push_back("Purpose: " + *r.purpose + ".");
    if (r.joint_content) {
        parts.push_back(
            *r.joint_content
                ? std::string(
                      "Joint content about both partners is included: each partner authorised it.")
                : std::string("Joint content about both partners is not included: it needs an "
                              "authorisation from each partner."));
    }
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i)
        s += (i ? " " : "") + parts[i];
    return s;
}

std::string release_footer(const Release& r) {
    return fmt::format("Prepared for {} under release #{}{}. It holds only what the "
                       "release allows; the full record stays with the practice.",
                       r.for_name, r.id,
                       r.expires_on ? ", valid until " + *r.expires_on : std::string());
}

std::vector<InstrumentGroup> group_by_instrument(const std::vector<Measure>& measures) {
    std::vector<InstrumentGroup> groups;
    for (std::size_t i = 0; i < measures.size(); ++i) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const InstrumentGroup& g) {
            return g.instrument == measures[i].instrument;
        });
        if (it == groups.end())
            groups.push_back({measures[i].instrument, {i}});
        else
            it->entries.push_back(i);
    }
    return groups;
}

DayRange chart_days(const CaseReport& r, const Measure& m) {
    DayRange d{day_number("period.from", r.period_from), day_number("period.to", r.period_to)};
    for (const auto& p : m.points) {
        d.first = std::min(d.first, p.day);
        d.last = std::max(d.last, p.day);
    }
    return d;
}

std::string nothing_blocks_sentence(const CaseReport& r, const Gate& g) {
    // The current phase's track: the gate's, else the timeline's current entry.
    std::string track = g.track.value_or("");
    if (!g.track)
        for (const auto& t : r.timeline)
            if (t.phase == g.phase && !t.left_on) track = t.track;
    bool was_relational =
        std::any_of(r.timeline.begin(), r.timeline.end(),
                    [](const TimelineEntry& t) { return t.track == "relational"; });
    std::string where = g.phase_name;
    // "Relational repair" -> "relational repair" (not "IPV ..." or a name).
    if (where.size() > 1 && std::isupper(static_cast<unsigned char>(where[0])) &&
        std::islower(static_cast<unsigned char>(where[1])))
        where[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(where[0])));
    std::string since = g.entered_on ? " since " + *g.entered_on : std::string();
    if (track == "relational")
        return fmt::format("In {}{}: the case is past the trauma gate, in relational work.", where,
                           since);
    if ((track == "closure" || track == "integration") && was_relational)
        return fmt::format("In {}{}, after relational work: the case is past the trauma gate.",
                           where, since);
    bool any_relational = false, open_relational = false;
    for (const auto& t : g.transitions) {
        any_relational = any_relational || t.relational;
        open_relational = open_relational || (t.relational && t.open);
    }
    if (open_relational) return "Nothing: every criterion for relational work is met.";
    if (any_relational) return "Nothing is listed.";
    return "Nothing is listed: no way forward from this phase leads into relational work.";
}

} // namespace mend::report

namespace mend::report {

bool review_overdue(const CaseReport& r, const Agreement& a) {
    if (a.review_overdue) return *a.review_overdue;
    return a.review_on && *a.review_on < r.generated_on && a.status != "kept" &&
           a.status != "revised";
}

std::string late_entry_words(const std::optional<bool>& late) {
    if (!late) return "Not known";
    return *late ? "Yes" : "No";
}

CaseReport within_period(CaseReport r) {
    long from = day_number("period.from", r.period_from), to = day_number("period.to", r.period_to);
    for (auto& m : r.measures) {
        std::vector<MeasurePoint> kept;
        for (auto& p : m.points)
            if (p.day < from || p.day > to)
                m.outside_period.push_back(p.date);
            else
                kept.push_back(std::move(p));
        m.points = std::move(kept);
    }
    return r;
}

std::string outside_period_sentence(const Measure& m) {
    if (m.outside_period.empty()) return "";
    std::string dates;
    for (std::size_t i = 0; i < m.outside_period.size(); ++i)
        dates += (i ? ", " : "") + m.outside_period[i];
    return m.outside_period.size() == 1
               ? fmt::format("1 administration outside the report period ({}) is not shown.", dates)
               : fmt::format("{} administrations outside the report period ({}) are not shown.",
                             m.outside_period.size(), dates);
}

std::string clinical_range_phrase(const Measure& m) {
    if (!m.clinical_range) return "";
    return comparator_phrase(m.clinical_range->comparator, m.clinical_range->value.text);
}

} // namespace mend::report
