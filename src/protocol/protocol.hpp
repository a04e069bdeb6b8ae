// A treatment protocol as data: phases, the transitions between them, the
// gate criteria on each transition, and the contraindications that suspend
// conjoint and relational work. Built-in protocols are in builtin.cpp; a
// practice loads its own in the same JSON form.
#pragma once

#include <string>
#include <vector>

namespace mend::protocol {

struct Phase {
    std::string code, name, track, description;
};

// One gate criterion. Which fields matter depends on `kind`:
//   measure_sustained   subject, instrument, comparator, value, count, min_days
//   latest_measure      subject, instrument, comparator, value
//   reliable_improvement subject, instrument
//   no_open_flags       subject
//   safety_screened     subject
//   attestation         subject, attestation (the clinician records "yes"),
//                       min_days_since (days since its effective date, e.g. sobriety)
//   stated_readiness    subject (the partner's own stated readiness)
//   decision            choices (the decision point's outcome)
//   agreement_in_place  agreement_kind (an active agreement of that kind)
//   min_weeks           weeks in the current phase
//   min_sessions        sessions held since the current phase began
// Subjects: "betrayed", "involved", "both", "either" (conjoint cases),
// "client" (individual cases), "case" (no partner).
struct Criterion {
    std::string id, kind, label, subject = "case";
    std::string instrument, comparator;
    double value = 0;
    int count = 1, min_days = 0;
    std::string attestation;
    int min_days_since = 0;
    std::vector<std::string> choices;
    std::string agreement_kind;
    int weeks = 0;
    int sessions = 0;
    std::string source;
};

// A hard stop: when present, conjoint and relational work is suspended, and
// only an override with a stated safety plan moves the case forward.
//   kind "ipv_current": a partner's latest safety screen reports current
//   violence, or a current-violence flag is open.
//   kind "attestation": the clinician records `attestation` as "yes".
struct Contraindication {
    std::string code, label, kind, attestation, source;
};

struct Transition {
    std::string from, to, name;
    bool relational = false; // entering relational work (the "trauma gate")
    std::vector<Criterion> criteria;
};

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

    const Phase* phase(const std::string& code) const;
    int phase_index(const std::string& code) const; // -1 when absent
    std::vector<const Transition*> transitions_from(const std::string& phase) const;
    const Transition* transition(const std::string& from, const std::string& to) const;
};

} // namespace mend::protocol
