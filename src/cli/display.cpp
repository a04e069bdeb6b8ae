#include "display.hpp"

#include <cstdio>

namespace mend::cli {

namespace {

// The length of the UTF-8 sequence at s[i] and its code point; 0 when the
// bytes there are not UTF-8 (a stray continuation byte, an overlong form, a
// surrogate, a truncated sequence).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    static const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

// "\\x1b", "\\u{202e}".
std::string escaped(const char* format, unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

bool invisible_control(char32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// shown() and shown_lines().
std::string escape(std::string_view text, bool keep_newlines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        std::size_t n = decode(text, i, cp);
        if (n == 0) {
            out += escaped("\\x%02x", static_cast<unsigned char>(text[i]));
            i += 1;
            continue;
        }
        if (cp == '\n')
            out += keep_newlines ? "\n" : "\\n";
        else if (cp == '\r')
            out += "\\r";
        else if (cp == '\t')
            out += "\\t";
        else if (cp < 0x20 || cp == 0x7F)
            out += escaped("\\x%02x", static_cast<unsigned>(cp));
        else if (invisible_control(cp))
            out += escaped("\\u{%04x}", static_cast<unsigned>(cp));
        else
            out.append(text.substr(i, n));
        i += n;
    }
    return out;
}

} // namespace

std::string shown(std::string_view text) {
    return escape(text, false);
}

std::string shown_lines(std::string_view text) {
    return escape(text, true);
}

nlohmann::json shown_json(const nlohmann::json& j) {
    if (j.is_string()) return shown(std::string_view(j.get_ref<const std::string&>()));
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : j)
            out.push_back(shown_json(v));
        return out;
    }
    if (j.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : j.items())
            out[shown(std::string_view(k))] = shown_json(v);
        return out;
    }
    return j;
}

} // namespace mend::cli
