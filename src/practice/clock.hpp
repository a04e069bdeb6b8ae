// Time: UTC instants and the practice's local calendar. The practice's own
// clock (its "now", its zone, its "today") is a member of Practice
// (Practice::now_us(), now_iso(), today()); these are the pure conversions it
// uses, with the zone rules of the system's IANA database (tzdata, read by
// Howard Hinnant's date/tz with the OS tzdb).
#pragma once

#include "domain/dates.hpp"

#include <string>
#include <string_view>

namespace mend {

// "2026-11-30T10:15:00.123456Z"
std::string iso_from_us(long long us);
// Microseconds since the Unix epoch, from the system clock.
long long system_now_us();

// Whether `name` is a zone of the system's IANA database ("America/Chicago",
// "UTC"). Never throws.
bool known_time_zone(std::string_view name);
// Throws Errc::invalid unless `name` is a known zone; the message names the
// field, never the value.
void check_time_zone(const char* field, std::string_view name);

// The calendar date at instant `us` in `zone` (a known zone).
Date local_date(long long us, const std::string& zone);

// An ISO 8601 timestamp with its offset: YYYY-MM-DDTHH:MM[:SS[.ffffff]]
// followed by Z or +HH:MM / -HH:MM, years 1900-9999. Returns microseconds
// since the epoch; throws Errc::invalid naming `field` otherwise.
long long parse_timestamp(const char* field, std::string_view text);

// An instant as the wall-clock time in `zone`.
struct ZonedTime {
    std::string local;  // "YYYY-MM-DDTHH:MM", the zone's local time
    std::string offset; // "+HH:MM" / "-HH:MM", the zone's offset from UTC then
    std::string utc;    // "YYYY-MM-DDTHH:MM:SSZ"
};
ZonedTime in_zone(long long us, const std::string& zone);

// A wall-clock time "YYYY-MM-DDTHH:MM" in `zone` as an instant. A time the
// zone skips (the spring-forward gap) is refused with Errc::invalid naming
// `field`; a time it repeats (the autumn fall-back) is the earlier one.
long long from_local_time(const char* field, std::string_view local, const std::string& zone);

// The first instant of the local date `day` + `plus_days` in `zone`: its
// midnight, or the end of the gap where the zone skips midnight.
long long start_of_day_us(const Date& day, const std::string& zone, int plus_days = 0);

} // namespace mend
