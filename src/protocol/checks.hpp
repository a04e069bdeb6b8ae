// Checks on what a clinician records against a protocol: attestations and
// treatment plans. Pure: "today" is passed in.
#pragma once

#include "domain/dates.hpp"
#include "protocol/records.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace mend::protocol {

// The decision point's outcomes (discernment counselling's three paths, and
// not yet decided).
bool is_decision(const std::string& value);

// An attestation's code is a-z0-9_; its value is "yes" or "no", or for the
// code "decision" one of stay_as_is, part, committed_work, undecided; an
// effective date (e.g. a sobriety date) is not in the future.
void validate(const Attestation& a, const Date& today);

// A treatment plan: {"problems": [text], "goals": [{"text", "objectives":
// [{"text", "measure": {"instrument", "comparator", "value"}, "target_date"}]}],
// "interventions": [text], "review_on": "YYYY-MM-DD"}. Returns the plan
// normalised; throws naming the bad field.
nlohmann::json validate_plan(const std::string& text);

} // namespace mend::protocol
