// Pieces of JSON both report snapshots (the case and the caseload) build.
#pragma once

#include "domain/records.hpp"

#include <nlohmann/json.hpp>
#include <optional>

namespace mend {

// A clinician as a report names them; null when there is none.
inline nlohmann::json clinician_json(const std::optional<Clinician>& c) {
    if (!c) return nullptr;
    return {{"id", c->id},
            {"name", c->display_name},
            {"credentials",
             c->credentials ? nlohmann::json(*c->credentials) : nlohmann::json(nullptr)}};
}

} // namespace mend
