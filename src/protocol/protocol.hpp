// A treatment protocol as data: phases, the transitions between them, the
// gate criteria on each transition, and the contraindications that suspend
// conjoint and relational work. Built-in protocols are in builtin.cpp; a
// practice loads its own in the same JSON form. Every threshold is data here,
// so a practice can review it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mend::protocol {

struct Phase {
    std::string code, name, track, description;
};

// One gate criterion. Which fields matter depends on `kind` (the criterion
// registry in criteria.hpp parses, writes and judges each kind):
//   measure_sustained   subject, instrument, comparator, value | cutoff, count, min_days
//   latest_measure      subject, instrument, comparator, value | cutoff, max_age_days
//   reliable_improvement subject, instrument
//   no_open_flags       subject
//   no_urgent_flags     subject (no open flag of severity "urgent": suicide
//                       risk, PHQ-9 item 9, current violence)
//   safety_screened     subject, max_age_days
//   attestation         subject, attestation (the clinician records "yes"),
//                       min_days_since (days since its effective date, e.g. sobriety),
//                       recorded_since ("" | "phase_entry": only a record made
//                       on or after the current phase began counts)
//   stated_readiness    subject (the partner's own stated readiness), max_age_days
//   decision            choices (the decision point's outcome)
//   agreement_in_place  agreement_kind (an active agreement of that kind)
//   agreement_kept      agreement_kind, weeks (active, agreed N+ weeks back,
//                       not broken in the last N weeks)
//   min_weeks           weeks in the current phase
//   min_sessions        sessions held since the current phase began
// Subjects: "betrayed", "involved", "both", "either" (conjoint cases),
// "client" (individual cases), "case" (no partner).
// `cutoff` names a cut-off of the instrument by code (e.g. "probable_ptsd");
// its value is the one the practice chose (CaseFacts::cutoff_choices), and a
// criterion gives either `value` or `cutoff`, never both.
// `max_age_days` (0: the protocol's evidence_max_age_days) makes older
// evidence "out of date", which does not meet the criterion.
struct Criterion {
    std::string id, kind, label, subject = "case";
    std::string instrument, comparator;
    double value = 0;
    std::string cutoff;
    int count = 1, min_days = 0;
    std::string attestation;
    int min_days_since = 0;
    std::string recorded_since;
    std::vector<std::string> choices;
    std::string agreement_kind;
    int weeks = 0;
    int sessions = 0;
    int max_age_days = 0;
    std::string source;
};

// A hard stop: when present, the transitions it suspends do not open, and
// only an override with a stated safety plan moves the case along them; when
// unknown (e.g. a violence screen whose result is unknown) the same holds.
//   kind "ipv_current": a partner's latest safety screen reports current
//   violence, or a current-violence flag is open; unknown when a partner was
//   never screened or the latest screen's result is unknown.
//   kind "attestation": the clinician records `attestation` as "yes" (and no
//   later "yes" of its opposite stands; never recorded: absent).
// `suspends`: the transitions it suspends, each a target phase code ("to":
// every transition into that phase) or "from->to"; empty: all transitions.
struct Contraindication {
    std::string code, label, kind, attestation, source;
    std::vector<std::string> suspends;
    bool suspends_transition(const std::string& from, const std::string& to) const;
};

struct Transition {
    std::string from, to, name;
    bool relational = false; // entering relational work (the "trauma gate")
    std::vector<Criterion> criteria;
};

// The JSON form (protocol_json.hpp):
// {"code", "name", "version", "kind": "conjoint"|"individual", "description",
//  "sources": [text], "start_phase",
//  "phases": [{"code", "name", "track", "description"}],
//  "transitions": [{"from", "to", "name", "relational", "criteria": [Criterion]}],
//  "contraindications": [{"code", "label", "kind", "attestation", "suspends", "source"}],
//  "evidence_max_age_days": {"safety_screen": 90, "stated_readiness": 30,
//                            "<instrument code>": 30, ...},
//  "opposites": [["contact_ended", "affair_ongoing"], ...],
//  "tracked_instruments": {"betrayed"|"involved"|"both"|"client": [instrument code]}}
struct Protocol {
    std::string code, name, kind; // kind: conjoint | individual
    int version = 1;
    std::string description;
    std::vector<std::string> sources;
    std::string start_phase;
    // The shortest rationale or safety plan (in characters) an override, a
    // move back or a change of roles accepts: a sentence, not a keystroke.
    int min_rationale_chars = 20;
    std::vector<Phase> phases;
    std::vector<Transition> transitions;
    std::vector<Contraindication> contraindications;
    // How old evidence may be before it is out of date, in days, by what it
    // is: "safety_screen" (safety_screened), "stated_readiness", or an
    // instrument code (latest_measure on that instrument, e.g. "felt_safety").
    // A definition without it gets these defaults (what is not known to be
    // recent is not evidence); one that names windows replaces them all. A
    // criterion's max_age_days overrides it.
    std::map<std::string, int> evidence_max_age_days = {
        {"felt_safety", 30}, {"stated_readiness", 30}, {"safety_screen", 90}};
    // Attestation codes that contradict each other: of a "yes" to either,
    // the latest recorded stands.
    std::vector<std::pair<std::string, std::string>> opposites;
    // The instruments tracked for each role (betrayed, involved, both; client
    // in individual protocols), beyond those the criteria name.
    std::map<std::string, std::vector<std::string>> tracked_instruments;

    const Phase* phase(const std::string& code) const;
    int phase_index(const std::string& code) const; // -1 when absent
    std::vector<const Transition*> transitions_from(const std::string& phase) const;
    const Transition* transition(const std::string& from, const std::string& to) const;
    // The opposite of an attestation code ("" when it has none).
    std::string opposite(const std::string& attestation) const;
    // The evidence window for `key` (0: none).
    int max_age(const std::string& key) const;
};

// Every instrument the protocol's criteria and tracked lists name: what the
// practice layer loads each partner's administrations of.
std::set<std::string> instruments_named(const Protocol& p);

} // namespace mend::protocol
