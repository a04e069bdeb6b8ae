// Plain-language words for the snapshot's codes, shared by the renderers.
#pragma once

#include "report/snapshot.hpp"

#include <string>
#include <vector>

namespace mend::report {

// What needs attention first in a case report, as plain sentences: present
// contraindications, a suspended gate, open safety flags, agreements whose
// review date has passed. Empty when none.
std::vector<std::string> attention_items(const CaseReport& r);

// "betrayed partner", "involved partner", "client".
std::string role_words(const std::string& role);

// "Jamie Morgan" plus "(betrayed partner, she/her)" when known: the part in
// parentheses only (empty when there is nothing to add).
std::string client_details(const Client& c);

// "33 or more", "below 13.5".
std::string comparator_phrase(const std::string& comparator, const std::string& value);

// Criterion status: "Met", "Not met", "Unknown"; with a symbol for print.
std::string criterion_status_words(const std::string& status);
std::string criterion_status_symbol(const std::string& status);

// Contraindication status: "Present", "Absent", "Not known".
std::string contraindication_status_words(const std::string& status);

// "improved", "no reliable change", ... ; with the change: "improved (-15)".
std::string classification_words(const std::string& classification);
std::string change_text(const std::optional<Change>& change);

// True for the classifications a chart marks: improved, recovered, deteriorated.
bool marked_change(const std::optional<Change>& change);

// Timeline entry kinds: "Start", "Advanced", "Override", "Moved back".
std::string entry_kind_words(const std::string& kind);

// Why a step was taken, for the timeline's "Why" column: the clinician's
// rationale and, for an advance, the criteria that opened the gate ("" when
// neither is recorded). Overrides are explained in their own box.
std::string why_words(const TimelineEntry& e);

// "Role change: Kit recorded as the betrayed partner (before: Robin), as an
// override (it opened a gate)".
std::string role_change_words(const RoleChange& r);

// "5 weeks (35 days)", "3 days", "5 weeks so far".
std::string time_in_phase(const TimelineEntry& e);

// "Betrayal-trauma recovery ... (betrayal_trauma_couples, version 1)".
std::string protocol_line(const Protocol& p);

// "#1 (case-3001): couple (conjoint) case, open, opened 2026-08-02".
std::string case_line(const CaseInfo& c);

// "Together since 2012-11-30; 2 children in the household; secrets policy: ...".
std::string couple_line(const Couple& c);

// "Jordan Reyes, LPC, CSAT".
std::string person_line(const Person& p);

// "Scores run from 0 to 80; higher is worse."
std::string scale_sentence(const Measure& m);
// True when some change of the measure has no reliable-change rule.
bool has_unclassified_change(const Measure& m);
inline const char* unclassified_sentence() {
    return "No reliable-change rule applies to these changes: they are plain differences.";
}

// "2026-06-04T16:20:00Z" -> "2026-06-04 16:20 UTC".
std::string timestamp_text(const std::string& ts);

// Note formats: "dap" -> "DAP", others humanised.
std::string note_format_words(const std::string& format);

// "higher = better" / "higher = worse" for the chart axis.
std::string axis_direction(const Measure& m);

// The release banner: "Prepared for Jamie Morgan — release #4, expires 2027-02-28".
std::string release_banner(const Release& r);
// "Released to: ... Purpose: ... Joint content ...".
std::string release_details(const Release& r);
// The footer line of a release copy.
std::string release_footer(const Release& r);

// The measure groups of a report: one per instrument, in order of first
// appearance, each holding the indexes of its measures entries.
struct InstrumentGroup {
    std::string instrument;
    std::vector<std::size_t> entries;
};
std::vector<InstrumentGroup> group_by_instrument(const std::vector<Measure>& measures);

// The x range of a measure chart: the period, widened to every point.
struct DayRange {
    long first = 0, last = 0;
};
DayRange chart_days(const CaseReport& r, const Measure& m);

// What "What still blocks relational work" says when the list is empty: past
// the trauma gate, where the case stands and since when ("In relational
// repair since 2026-10-16: ...").
std::string nothing_blocks_sentence(const CaseReport& r, const Gate& g);

// True when the agreement's review date has passed as of the report's date
// (the snapshot's review_overdue; computed from the dates in older ones).
bool review_overdue(const CaseReport& r, const Agreement& a);

// "Yes", "No", "Not known": a note's late entry.
std::string late_entry_words(const std::optional<bool>& late);
inline const char* late_entry_sentence() {
    return "A late entry is a note signed more than 3 days after its session.";
}

// The report with each measure's points outside the report period moved to
// Measure::outside_period: tables and charts show the period only.
CaseReport within_period(CaseReport r);
// "1 administration outside the report period (2026-05-01) is not shown."
std::string outside_period_sentence(const Measure& m);

// "in the clinical range at 10 or more" for the scale sentence (empty without one).
std::string clinical_range_phrase(const Measure& m);

} // namespace mend::report
