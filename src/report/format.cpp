#include "report/format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace mend::report {

std::string format_number(double value) {
    if (!std::isfinite(value)) return "n/a";
    double rounded = std::round(value * 100.0) / 100.0;
    if (rounded == 0) return "0";
    if (std::fabs(rounded) < 1e15 && rounded == std::trunc(rounded))
        return fmt::format("{:.0f}", rounded);
    std::string s = fmt::format("{:.2f}", rounded);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

std::string format_delta(double value) {
    std::string s = format_number(value);
    if (s != "0" && s != "n/a" && s.front() != '-') s.insert(s.begin(), '+');
    return s;
}

std::string humanize(std::string_view code) {
    std::string s(code);
    for (char& c : s)
        if (c == '_') c = ' ';
    return s;
}

std::string plural(long long n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string utf8_truncate(std::string_view text, std::size_t max_chars) {
    if (utf8_length(text) <= max_chars) return std::string(text);
    if (max_chars == 0) return {};
    std::size_t keep = max_chars - 1, seen = 0, i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == keep) break;
            ++seen;
        }
    }
    std::string s(text.substr(0, i));
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s + "\u2026";
}

std::string month_abbreviation(int month) {
    static const char* const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (month < 1 || month > 12) return "?";
    return names[month - 1];
}

} // namespace mend::report
