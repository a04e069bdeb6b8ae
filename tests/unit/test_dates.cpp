// Calendar dates (src/domain/dates.cpp).
#include "domain/dates.hpp"

#include "errors.hpp"

#include <cstdio>

using mend::Date;
using mend::Errc;
using mend::parse_date;
using mend::parse_date_in;
using mend_test::error_of;
using mend_test::message_of;

namespace {
bool valid(const char* s) {
    return !error_of([&] { parse_date("d", s); });
}
} // namespace

TEST_CASE("leap years", "[dates]") {
    CHECK(valid("2024-02-29")); // divisible by 4
    CHECK_FALSE(valid("2023-02-29"));
    CHECK_FALSE(valid("1900-02-29")); // divisible by 100, not 400
    CHECK(valid("2000-02-29"));       // divisible by 400
    CHECK_FALSE(valid("2100-02-29"));
    CHECK(valid("2400-02-29"));
    CHECK_FALSE(valid("2024-02-30"));
    CHECK(valid("2023-02-28"));
}

TEST_CASE("month lengths", "[dates]") {
    const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; ++m) {
        char last[32], after[32];
        std::snprintf(last, sizeof last, "2023-%02d-%02d", m, days[m - 1]);
        std::snprintf(after, sizeof after, "2023-%02d-%02d", m, days[m - 1] + 1);
        INFO(last);
        CHECK(valid(last));
        CHECK_FALSE(valid(after));
    }
    CHECK_FALSE(valid("2023-01-00"));
    CHECK_FALSE(valid("2023-00-01"));
    CHECK_FALSE(valid("2023-13-01"));
    CHECK_FALSE(valid("2023-99-99"));
}

TEST_CASE("format errors", "[dates]") {
    for (const char* s : {"",
                          "2024",
                          "2024-02",
                          "2024-2-29",
                          "2024-02-9",
                          "24-02-29",
                          "2024-002-09",
                          "2024/02/29",
                          "2024.02.29",
                          "20240229",
                          "2024-02-29 ",
                          " 2024-02-29",
                          "2024-02-29T00:00",
                          "2024-02-29Z",
                          "abcd-ef-gh",
                          "2024-0a-01",
                          "+024-02-29",
                          "-024-02-29",
                          "2024--2-29",
                          "2024-02-\xD9\xA1"}) {
        INFO("\"" << s << "\"");
        auto e = error_of([&] { parse_date("date_of_birth", s); });
        CHECK(e == Errc::invalid);
    }
    // Boost's calendar starts in 1400.
    CHECK_FALSE(valid("1399-12-31"));
    CHECK_FALSE(valid("0000-01-01"));
    CHECK(valid("1400-01-01"));
    CHECK(valid("9999-12-31"));
}

TEST_CASE("a parsed date", "[dates]") {
    Date d = parse_date("d", "2024-02-29");
    CHECK(d.year == 2024);
    CHECK(d.month == 2);
    CHECK(d.day == 29);
    CHECK(d.iso() == "2024-02-29");
    CHECK(parse_date("d", "1901-03-04").iso() == "1901-03-04");
    CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
    CHECK(Date{1970, 1, 2}.days_since_epoch() == 1);
    CHECK(Date{1969, 12, 31}.days_since_epoch() == -1);
    CHECK(Date{2000, 3, 1}.days_since_epoch() - Date{2000, 2, 28}.days_since_epoch() == 2);
    CHECK(Date{2023, 3, 1}.days_since_epoch() - Date{2023, 2, 28}.days_since_epoch() == 1);
    CHECK(Date{2024, 1, 1} < Date{2024, 1, 2});
    CHECK_FALSE(Date{2024, 1, 2} < Date{2024, 1, 1});
    CHECK(Date{2024, 1, 1} == parse_date("d", "2024-01-01"));
    CHECK(mend::earliest_date() == Date{1900, 1, 1});
}

TEST_CASE("dates in a range", "[dates]") {
    const Date lo{1900, 1, 1}, hi{2026, 6, 15};
    CHECK(parse_date_in("d", "1900-01-01", lo, hi) == lo);
    CHECK(parse_date_in("d", "2026-06-15", lo, hi) == hi);
    CHECK(error_of([&] { parse_date_in("d", "1899-12-31", lo, hi); }) == Errc::invalid);
    CHECK(error_of([&] { parse_date_in("d", "2026-06-16", lo, hi); }) == Errc::invalid);
    CHECK(error_of([&] { parse_date_in("d", "2026-06-31", lo, hi); }) == Errc::invalid);
    auto msg = message_of([&] { parse_date_in("date_of_birth", "1850-05-05", lo, hi); });
    CHECK(msg.find("date_of_birth") != std::string::npos);
    CHECK(msg.find("1850") == std::string::npos); // never the value itself
    msg = message_of([&] { parse_date("relationship_start", "2023-02-29"); });
    CHECK(msg.find("relationship_start") != std::string::npos);
    CHECK(msg.find("2023-02-29") == std::string::npos);
}
