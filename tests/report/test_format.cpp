// Number and word formatting: locale-independent, no ".0", at most 2 decimals.
#include "report/format.hpp"
#include "report/phrases.hpp"

#include <catch2/catch.hpp>

#include <clocale>
#include <locale>

using namespace mend::report;

TEST_CASE("format_number: integers without .0; up to 2 decimals", "[format]") {
    CHECK(format_number(56) == "56");
    CHECK(format_number(0) == "0");
    CHECK(format_number(-0.0) == "0");
    CHECK(format_number(-15) == "-15");
    CHECK(format_number(13.5) == "13.5");
    CHECK(format_number(13.25) == "13.25");
    CHECK(format_number(1.0 / 3.0) == "0.33");
    CHECK(format_number(2.0 / 3.0) == "0.67");
    CHECK(format_number(0.1 + 0.2) == "0.3");
    CHECK(format_number(55.999) == "56");
    CHECK(format_number(-0.001) == "0");
    CHECK(format_number(1e6) == "1000000");
    CHECK(format_number(80.0) == "80");
}

namespace {
struct Comma : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};
} // namespace

TEST_CASE("format_number ignores the global locale", "[format]") {
    std::locale old = std::locale::global(std::locale(std::locale::classic(), new Comma));
    CHECK(format_number(13.5) == "13.5");
    CHECK(format_number(1234567) == "1234567");
    std::locale::global(old);
}

TEST_CASE("format_delta: signed", "[format]") {
    CHECK(format_delta(3) == "+3");
    CHECK(format_delta(-15) == "-15");
    CHECK(format_delta(0) == "0");
    CHECK(format_delta(2.5) == "+2.5");
}

TEST_CASE("words", "[format]") {
    CHECK(humanize("suicidal_ideation") == "suicidal ideation");
    CHECK(plural(1, "week", "weeks") == "1 week");
    CHECK(plural(3, "week", "weeks") == "3 weeks");
    CHECK(utf8_length("Zoë 王") == 5);
    CHECK(utf8_truncate("Safety and stabilisation", 7) == "Safety\u2026");
    CHECK(utf8_truncate("王芳王芳", 3) == "王芳\u2026");
    CHECK(utf8_truncate("short", 10) == "short");
    CHECK(comparator_phrase(">=", "33") == "33 or more");
    CHECK(comparator_phrase("<", "13.5") == "below 13.5");
}
