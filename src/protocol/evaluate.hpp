// Gate evaluation: for a case's current phase, every criterion of every
// transition out of it, met / not met / unknown, with a sentence a clinician
// understands and the evidence behind it; contraindications first. Pure:
// the facts are gathered by the caller.
#pragma once

#include "domain/dates.hpp"
#include "domain/records.hpp"
#include "measures/change.hpp"
#include "measures/instrument.hpp"
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

struct FlagFact {
    Id id = 0, client_id = 0;
    std::string code, severity, raised_on;
};

struct ScreenFact {
    Id id = 0, client_id = 0;
    std::string ipv, suicide_risk, administered_on;
};

struct AgreementFact {
    Id id = 0;
    std::string kind, status, agreed_on;
};

struct CaseFacts {
    Id case_id = 0;
    std::vector<Partner> partners;
    std::string phase, phase_entered_on;
    // Each partner's administrations of an instrument, oldest first.
    std::map<std::pair<Id, std::string>, std::vector<measures::Point>> series;
    std::map<std::string, measures::Instrument> instruments;
    std::vector<AttestationFact> attestations; // in the order recorded
    std::vector<FlagFact> open_flags;
    std::vector<ScreenFact> screens;
    std::vector<AgreementFact> agreements;
    std::optional<std::string> plan_review_on;
    std::vector<std::string> session_dates; // the case's sessions, YYYY-MM-DD
    Date today;
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
};

struct TransitionResult {
    std::string from, to, name;
    bool relational = false;
    bool open = false; // every criterion met and no contraindication present
    std::vector<CriterionResult> criteria;
    int unmet() const;
};

struct Evaluation {
    std::string phase, phase_name;
    std::string entered_on;
    int days_in_phase = 0;
    std::vector<ContraindicationResult> contraindications;
    bool suspended = false;
    std::vector<TransitionResult> transitions;
    bool plan_review_due = false;
    std::optional<std::string> plan_review_on;
    std::string summary;
};

Evaluation evaluate(const Protocol& protocol, const CaseFacts& facts);

nlohmann::json to_json(const Evaluation& e);

} // namespace mend::protocol
