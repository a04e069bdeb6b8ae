// Instrument definitions to and from JSON, validated on the way in.
#pragma once

#include "measures/instrument.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace mend::measures {

// Parses and checks a definition. Throws mend::Error (Errc::invalid) with a
// message naming the bad field, e.g. "instrument definition: items[2].max ...".
Instrument instrument_from_json(const nlohmann::json& j);
Instrument instrument_from_json_text(const std::string& text);

nlohmann::json to_json(const Instrument& i);

// The short summary used by instrument lists.
nlohmann::json summary_json(const Instrument& i);

} // namespace mend::measures
