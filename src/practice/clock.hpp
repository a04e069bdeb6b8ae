// Wall-clock readings, all UTC.
#pragma once

#include "domain/dates.hpp"

#include <string>

namespace mend {

// "2026-11-30T10:15:00.123456Z"
std::string now_iso();
// A microsecond timestamp as now_iso() writes it.
std::string iso_from_us(long long us);
// Microseconds since the Unix epoch.
long long now_us();
// Today's date in UTC.
Date utc_today();
// The latest calendar date anywhere on Earth now (UTC+14): a date the host
// calls "today" in any time zone is never later than this.
Date latest_today();

} // namespace mend
