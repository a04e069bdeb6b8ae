#include "practice/clock.hpp"

#include "domain/error.hpp"

#include <chrono>
#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace mend {

namespace {
using us_t = std::chrono::microseconds;
using sys_us = date::sys_time<us_t>;

const date::time_zone* zone_of(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        fail(Errc::invalid, "the practice's time zone is not in the system's time zone database");
    }
}

bool digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(std::string_view s, std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

std::string offset_text(std::chrono::seconds offset) {
    long long s = offset.count();
    char sign = s < 0 ? '-' : '+';
    s = s < 0 ? -s : s;
    return fmt::format("{}{:02}:{:02}", sign, s / 3600, (s % 3600) / 60);
}

// "YYYY-MM-DDTHH:MM" (and its date checked): minutes since the local epoch.
date::local_time<std::chrono::minutes> local_minutes(const char* field, std::string_view text) {
    if (text.size() != 16 || text[10] != 'T' || text[13] != ':' || !digits(text, 11, 2) ||
        !digits(text, 14, 2))
        fail(Errc::invalid, std::string(field) + " must be written YYYY-MM-DDTHH:MM");
    Date d = parse_date_in(field, text.substr(0, 10), earliest_date(), Date{9999, 12, 31});
    int h = number(text, 11, 2), m = number(text, 14, 2);
    if (h > 23 || m > 59) fail(Errc::invalid, std::string(field) + " holds no such time of day");
    auto day = date::local_days{date::year{d.year} / d.month / d.day};
    return day + std::chrono::hours{h} + std::chrono::minutes{m};
}
} // namespace

long long system_now_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso_from_us(long long us) {
    sys_us t{us_t{us}};
    auto day = date::floor<date::days>(t);
    date::year_month_day ymd{day};
    date::hh_mm_ss<us_t> tod{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", int(ymd.year()),
                       unsigned(ymd.month()), unsigned(ymd.day()), tod.hours().count(),
                       tod.minutes().count(), tod.seconds().count(), tod.subseconds().count());
}

bool known_time_zone(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    if (name.front() == '/' || name.find("..") != std::string_view::npos) return false;
    try {
        date::locate_zone(std::string(name));
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void check_time_zone(const char* field, std::string_view name) {
    if (name.empty())
        fail(Errc::invalid, std::string(field) + " is empty: name an IANA time zone such as "
                                                 "America/Chicago, or UTC");
    if (!known_time_zone(name))
        fail(Errc::invalid, std::string(field) +
                                " is not a time zone of the system's IANA database (tzdata); "
                                "write one such as America/Chicago, Europe/Berlin or UTC");
}

Date local_date(long long us, const std::string& zone) {
    auto local = zone_of(zone)->to_local(sys_us{us_t{us}});
    date::year_month_day ymd{date::floor<date::days>(local)};
    return Date{int(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                static_cast<int>(unsigned(ymd.day()))};
}

long long parse_timestamp(const char* field, std::string_view text) {
    auto bad = [&] {
        fail(Errc::invalid, std::string(field) +
                                " must be an ISO 8601 time with its offset, such as "
                                "2026-11-03T02:00:00Z or 2026-11-02T20:00:00-06:00");
    };
    if (text.size() < 17 || text[10] != 'T') bad();
    auto minutes = local_minutes(field, text.substr(0, 16));
    std::size_t at = 16;
    long long us = 0;
    if (at < text.size() && text[at] == ':') {
        if (!digits(text, at + 1, 2)) bad();
        int s = number(text, at + 1, 2);
        if (s > 59) bad();
        us += s * 1000000LL;
        at += 3;
        if (at < text.size() && text[at] == '.') {
            std::size_t n = 0;
            long long frac = 0;
            ++at;
            while (at < text.size() && text[at] >= '0' && text[at] <= '9' && n < 6) {
                frac = frac * 10 + (text[at] - '0');
                ++at;
                ++n;
            }
            if (n == 0) bad();
            for (std::size_t i = n; i < 6; ++i)
                frac *= 10;
            us += frac;
        }
    }
    long long offset_s = 0;
    if (at < text.size() && text[at] == 'Z') {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        if (at + 6 != text.size() || text[at + 3] != ':' || !digits(text, at + 1, 2) ||
            !digits(text, at + 4, 2))
            bad();
        int h = number(text, at + 1, 2), m = number(text, at + 4, 2);
        if (h > 23 || m > 59) bad();
        offset_s = (h * 3600LL + m * 60LL) * (text[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        bad();
    }
    if (at != text.size()) bad();
    long long local_us = std::chrono::duration_cast<us_t>(minutes.time_since_epoch()).count() + us;
    return local_us - offset_s * 1000000LL;
}

ZonedTime in_zone(long long us, const std::string& zone) {
    const auto* z = zone_of(zone);
    sys_us t{us_t{us}};
    auto info = z->get_info(date::floor<std::chrono::seconds>(t));
    auto local = date::floor<std::chrono::minutes>(z->to_local(t));
    ZonedTime out;
    out.local = date::format("%Y-%m-%dT%H:%M", local);
    out.offset = offset_text(info.offset);
    out.utc = date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(t));
    return out;
}

long long from_local_time(const char* field, std::string_view local, const std::string& zone) {
    const auto* z = zone_of(zone);
    auto lt = local_minutes(field, local);
    auto info = z->get_info(lt);
    if (info.result == date::local_info::nonexistent)
        fail(Errc::invalid, std::string(field) +
                                " does not exist in the practice's time zone (the clocks "
                                "skip it); give the time with its offset");
    auto sys = date::sys_time<std::chrono::minutes>{lt.time_since_epoch()} - info.first.offset;
    return std::chrono::duration_cast<us_t>(sys.time_since_epoch()).count();
}

long long start_of_day_us(const Date& day, const std::string& zone, int plus_days) {
    const auto* z = zone_of(zone);
    const date::year_month_day ymd{date::year{day.year}, date::month(day.month),
                                   date::day(day.day)};
    const date::local_days local{date::sys_days{ymd}.time_since_epoch() + date::days{plus_days}};
    const auto info = z->get_info(local);
    const auto sys = info.result == date::local_info::nonexistent
                         ? date::sys_seconds{info.second.begin}
                         : date::sys_seconds{local.time_since_epoch() - info.first.offset};
    return std::chrono::duration_cast<us_t>(sys.time_since_epoch()).count();
}

} // namespace mend
