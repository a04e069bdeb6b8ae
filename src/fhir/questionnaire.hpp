// An instrument as a FHIR R4 (4.0.1) Questionnaire, so that a host's patient
// portal can administer it. Pure: from the instrument's definition only.
#pragma once

#include "measures/instrument.hpp"

#include <nlohmann/json.hpp>

namespace mend::fhir {

// The system of mend's own codes where LOINC has none (instruments and items
// without a LOINC code).
inline constexpr const char* local_system = "urn:mend:instrument";
inline constexpr const char* loinc_system = "http://loinc.org";

// The canonical URL of an instrument's Questionnaire ("urn:mend:questionnaire:phq9").
std::string questionnaire_url(const measures::Instrument& in);

// The Questionnaire: one item per form item (linkId its number), with its
// LOINC code where it has one, answer options from the item's range (LOINC
// answer codes where the instrument's scale has a LOINC answer list, each
// with its score as the ordinalValue extension; else integers), required
// items marked, and the instrument's licence as the copyright.
nlohmann::json questionnaire(const measures::Instrument& in);

} // namespace mend::fhir
