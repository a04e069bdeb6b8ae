#include "practice/clock.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>

namespace mend {

namespace {
std::tm utc_tm(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}
} // namespace

long long now_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string now_iso() {
    return iso_from_us(now_us());
}

std::string iso_from_us(long long us) {
    std::tm tm = utc_tm(static_cast<std::time_t>(us / 1000000));
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us % 1000000);
}

Date utc_today() {
    std::tm tm = utc_tm(static_cast<std::time_t>(now_us() / 1000000));
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Date latest_today() {
    std::tm tm = utc_tm(static_cast<std::time_t>(now_us() / 1000000 + 14 * 3600));
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

} // namespace mend
