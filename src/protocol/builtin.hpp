// The protocols mend ships. Their thresholds are defaults for clinical
// review, not settled science: every gate can be overridden with a written
// rationale, and a practice can load its own model.
#pragma once

#include "protocol/protocol.hpp"

#include <vector>

namespace mend::protocol {

const std::vector<Protocol>& builtin_protocols();

} // namespace mend::protocol
