// A gate evaluation as a CDS Hooks 2.0 response (https://cds-hooks.hl7.org/),
// so that a host that speaks CDS Hooks can show, say, "relational work not yet
// indicated" with its reasons. Pure: from the evaluation only.
#pragma once

#include <nlohmann/json.hpp>

namespace mend::fhir {

// The system of the protocol's code in each card's source.topic.
inline constexpr const char* protocol_system = "urn:mend:protocol";

// The longest summary, in bytes (CDS Hooks: fewer than 140 characters).
inline constexpr std::size_t max_card_summary = 139;

// {"cards": [...]} from a gate evaluation as Practice::evaluate_json gives it
// (protocol, as_of, phase_name, contraindications, transitions, ...). One
// card per finding, the most urgent first:
// - critical: each contraindication present;
// - warning: each contraindication not known to be absent (unknown is not
//   safe), each relational step not open ("Relational work not yet
//   indicated"), and each other step not open that needs a safety plan;
// - info: each other step not open, each step open, the protocol's last phase.
// A card's summary holds protocol text only (labels, step and phase names),
// never client data; its detail (Markdown, every value from the evaluation
// escaped) lists the criteria not met or unknown with their sentences, and
// what holds the step. source: "mend phase protocol", the protocol as topic.
nlohmann::json cds_cards(const nlohmann::json& evaluation);

} // namespace mend::fhir
