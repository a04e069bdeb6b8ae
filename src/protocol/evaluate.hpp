// Gate evaluation: for a case's current phase, every criterion of every
// transition out of it, met / not met / unknown, with a sentence a clinician
// understands and the evidence behind it; contraindications first. Pure:
// the facts are gathered by the caller, and everything is judged as of
// `CaseFacts::today`: the caller may pass every fact it holds, and what is
// dated after that day (scores, screens, flags, attestations, agreements and
// their status changes, sessions) is left out here.
#pragma once

#include "domain/dates.hpp"
#include "domain/records.hpp"
#include "measures/change.hpp"
#include "measures/instrument.hpp"
#include "measures/scoring.hpp"
#include "protocol/protocol.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::protocol {

struct Partner {
    Id client_id = 0;
    std::string name; // as the clinician knows them (preferred name, else given name)
    std::string role; // betrayed | involved | client | "" (not recorded)
};

struct AttestationFact {
    Id id = 0, client_id = 0; // client 0: about the case
    std::string code, value;  // value: "yes", "no", or a choice (the decision)
    std::string effective_on; // e.g. a sobriety date; "" when none
    std::string recorded_on;
};

// A safety flag, open or resolved: open on day D when raised_on <= D and
// (resolved_on is empty or resolved_on > D). severity "urgent" (suicide risk,
// PHQ-9 item 9, current violence) blocks intake -> stabilisation.
struct FlagFact {
    Id id = 0, client_id = 0;
    std::string code, severity, raised_on;
    std::string resolved_on; // "" while open
};

struct ScreenFact {
    Id id = 0, client_id = 0;
    std::string ipv, suicide_risk, administered_on;
};

// A change of an agreement's status: on (YYYY-MM-DD), status active | kept |
// broken | revised.
struct AgreementStatusEvent {
    std::string status, on;
};

// An agreement is active from agreed_on; its status on day D is the last of
// `events` dated on or before D ("active" when none is). With no events at
// all, `status` (the current status) is taken as it stands.
struct AgreementFact {
    Id id = 0;
    std::string kind, status, agreed_on;
    std::vector<AgreementStatusEvent> events; // in order
};

struct CaseFacts {
    Id case_id = 0;
    std::vector<Partner> partners;
    std::string phase, phase_entered_on;
    // Each partner's administrations of an instrument, oldest first.
    std::map<std::pair<Id, std::string>, std::vector<measures::Point>> series;
    std::map<std::string, measures::Instrument> instruments;
    // The cut-off values the practice chose, by instrument code (a criterion's
    // "cutoff" reads measures::cutoff_value with these; absent: the default).
    std::map<std::string, measures::CutoffChoices> cutoff_choices;
    std::vector<AttestationFact> attestations; // in the order recorded
    std::vector<FlagFact> flags;               // every flag, open and resolved (see FlagFact)
    std::vector<ScreenFact> screens;
    std::vector<AgreementFact> agreements;
    std::optional<std::string> plan_review_on;
    std::vector<std::string> session_dates; // the case's sessions, YYYY-MM-DD
    Date today; // the date judged as of: a move's, a status's or a report's date
};

struct CriterionResult {
    std::string id, kind, label, status; // status: met | not_met | unknown
    std::string sentence;
    nlohmann::json evidence;
};

struct ContraindicationResult {
    std::string code, label, status; // present | absent | unknown
    std::string sentence;
    nlohmann::json evidence;
    std::vector<std::string> suspends; // as defined; empty: every transition
};

struct TransitionResult {
    std::string from, to, name;
    bool relational = false;
    // Every criterion met and no contraindication that suspends this
    // transition present or unknown.
    bool open = false;
    std::vector<CriterionResult> criteria;
    // Codes of the contraindications that suspend this transition and are
    // present (suspended_by) or unknown (blocked_by_unknown): either way only
    // an override with a rationale and a safety plan moves along it.
    std::vector<std::string> suspended_by, blocked_by_unknown;
    // Criteria about urgent safety flags that are not met: an override past
    // them needs a safety plan too.
    std::vector<std::string> urgent_unmet;
    int unmet() const;
    bool needs_safety_plan() const {
        return !suspended_by.empty() || !blocked_by_unknown.empty() || !urgent_unmet.empty();
    }
};

struct Evaluation {
    std::string as_of; // facts.today, YYYY-MM-DD
    std::string phase, phase_name;
    std::string entered_on;
    int days_in_phase = 0;
    std::vector<ContraindicationResult> contraindications;
    bool suspended =
        false; // a contraindication is present (each transition says which it suspends)
    std::vector<TransitionResult> transitions;
    // Every way forward from this phase is held by a present contraindication
    // (with an ongoing affair, separation support may still open: then not).
    bool every_way_suspended() const {
        if (transitions.empty()) return false;
        for (const auto& t : transitions)
            if (t.suspended_by.empty()) return false;
        return true;
    }
    bool plan_review_due = false;
    std::optional<std::string> plan_review_on;
    std::string summary;
};

Evaluation evaluate(const Protocol& protocol, const CaseFacts& facts);

nlohmann::json to_json(const Evaluation& e);

// The criteria that were met in an evaluation kept with a move (to_json's
// form, as stored): [{id, label, sentence}], sentence null unless
// `sentences` (a release copy keeps labels only). A kept value of the wrong
// shape gives [], never an error: stored rows may be damaged.
nlohmann::json opened_by(const nlohmann::json& evaluation, bool sentences);

} // namespace mend::protocol
