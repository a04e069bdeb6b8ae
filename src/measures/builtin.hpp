// The instruments mend ships: PCL-5, PHQ-9, GAD-7, CSI-4, CSI-16 and the
// clinician-rated felt-safety scale. Sources are cited in builtin.cpp next to
// every cut-off and rule.
#pragma once

#include "measures/instrument.hpp"

#include <vector>

namespace mend::measures {

const std::vector<Instrument>& builtin_instruments();

} // namespace mend::measures
