// Number and word formatting shared by the renderers. Locale-independent.
#pragma once

#include <string>
#include <string_view>

namespace mend::report {

// Integers without ".0"; other values rounded to at most 2 decimals with
// trailing zeros dropped; "." as the decimal separator; never "-0".
std::string format_number(double value);

// A signed change: "+3", "-15", "0", "+2.5".
std::string format_delta(double value);

// "suicidal_ideation" -> "suicidal ideation".
std::string humanize(std::string_view code);

// "1 week", "3 weeks".
std::string plural(long long n, std::string_view one, std::string_view many);

// The number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// At most max_chars code points; "…" replaces what is cut.
std::string utf8_truncate(std::string_view text, std::size_t max_chars);

// "2026-08-07" -> "Aug" (month abbreviation, English) and the day "7".
std::string month_abbreviation(int month);

} // namespace mend::report
