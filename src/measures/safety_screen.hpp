// The structured safety screen given to each partner privately at intake and
// as needed: intimate-partner violence and suicide risk.
#pragma once

#include "measures/records.hpp"
#include "measures/scoring.hpp"

#include <vector>

namespace mend::measures {

bool is_ipv_status(const std::string& s);
bool is_suicide_risk(const std::string& s);

// Checks the screen's values (Errc::invalid naming the field).
void validate(const SafetyScreen& s);

// The flags a screen raises. Universal, individual screening before conjoint
// work: Bograd & Mederos 1999, J Marital Fam Ther 25:291. Current violence is
// a contraindication to conjoint work; an unknown answer is never negative.
std::vector<RaisedFlag> screen_flags(const SafetyScreen& s);

} // namespace mend::measures
