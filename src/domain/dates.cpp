#include "domain/dates.hpp"

#include "domain/error.hpp"
#include "domain/text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <fmt/format.h>

namespace mend {

namespace {
boost::gregorian::date to_boost(const Date& d) {
    return boost::gregorian::date(static_cast<unsigned short>(d.year),
                                  static_cast<unsigned short>(d.month),
                                  static_cast<unsigned short>(d.day));
}
} // namespace

std::string Date::iso() const {
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

long Date::days_since_epoch() const {
    static const boost::gregorian::date epoch(1970, 1, 1);
    return static_cast<long>((to_boost(*this) - epoch).days());
}

Date parse_date(const char* field, std::string_view text) {
    if (!is_valid_utf8(text)) fail(Errc::encoding, fmt::format("{} is not valid UTF-8", field));
    auto bad = [&] {
        fail(Errc::invalid, fmt::format("{} must be a date written YYYY-MM-DD", field));
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') bad();
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') bad();
    auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i)
            v = v * 10 + (text[i] - '0');
        return v;
    };
    Date d{num(0, 4), num(5, 2), num(8, 2)};
    // Boost.Date_Time supports 1400..9999 and knows month lengths and leap years.
    if (d.year < 1400 || d.month < 1 || d.month > 12 || d.day < 1) bad();
    if (d.day > boost::gregorian::gregorian_calendar::end_of_month_day(
                    static_cast<unsigned short>(d.year), static_cast<unsigned short>(d.month)))
        fail(Errc::invalid, fmt::format("{} is not a day of the calendar", field));
    return d;
}

Date parse_date_in(const char* field, std::string_view text, const Date& min, const Date& max) {
    Date d = parse_date(field, text);
    if (d < min || max < d)
        fail(Errc::invalid,
             fmt::format("{} must be between {} and {}", field, min.iso(), max.iso()));
    return d;
}

Date earliest_date() {
    return Date{1900, 1, 1};
}

} // namespace mend
