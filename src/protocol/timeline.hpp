// A case's phase timeline: how long each phase lasted and how many sessions
// were held in it. Pure: the entries, the session dates and "today" are
// passed in. One computation for the phase history and the reports.
#pragma once

#include "domain/dates.hpp"
#include "protocol/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::protocol {

struct PhaseSpan {
    std::optional<std::string> left_on; // nullopt for the current phase
    long days = 0;                      // to the next entry, or to today for the current one
    int sessions = 0;                   // sessions from the entry to the next (the last to today)
};

// One span per entry, in the entries' order (oldest first).
std::vector<PhaseSpan> phase_spans(const std::vector<PhaseEntry>& entries,
                                   const std::vector<std::string>& session_dates,
                                   const Date& today);

} // namespace mend::protocol
