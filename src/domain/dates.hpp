// Calendar dates at the API are ISO 8601 "YYYY-MM-DD" strings.
#pragma once

#include <string>
#include <string_view>

namespace mend {

// A checked calendar date: the text is exactly YYYY-MM-DD and the day exists.
struct Date {
    int year = 0, month = 0, day = 0;
    std::string iso() const;
    long days_since_epoch() const; // for comparisons and spans
    friend bool operator<(const Date& a, const Date& b) {
        return a.days_since_epoch() < b.days_since_epoch();
    }
    friend bool operator==(const Date& a, const Date& b) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
};

// Throws Errc::invalid (naming `field`) unless `text` is a real YYYY-MM-DD date.
Date parse_date(const char* field, std::string_view text);

// parse_date() plus a range check: min <= date <= max.
Date parse_date_in(const char* field, std::string_view text, const Date& min, const Date& max);

// The earliest date mend accepts anywhere (birth dates, relationship starts).
Date earliest_date();

} // namespace mend
