// Protocol definitions to and from JSON, validated on the way in.
#pragma once

#include "protocol/protocol.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace mend::protocol {

// Throws mend::Error (Errc::invalid) naming the bad field.
Protocol protocol_from_json(const nlohmann::json& j);
Protocol protocol_from_json_text(const std::string& text);
nlohmann::json to_json(const Protocol& p);
nlohmann::json summary_json(const Protocol& p);

} // namespace mend::protocol
