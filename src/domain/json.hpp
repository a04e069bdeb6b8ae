// Records as JSON objects: the form the C API hands to hosts and the CLI prints.
#pragma once

#include "domain/records.hpp"

#include <nlohmann/json.hpp>

namespace mend {

nlohmann::json to_json(const Clinician& c);
nlohmann::json to_json(const Client& c);
nlohmann::json to_json(const Couple& c);
nlohmann::json to_json(const Case& c);

} // namespace mend
