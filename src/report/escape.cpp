#include "report/escape.hpp"

#include <vector>

namespace mend::report {

namespace {

const char* const replacement = "\xEF\xBF\xBD"; // U+FFFD

// XML 1.0 forbids most C0 controls and the non-characters U+FFFE, U+FFFF.
// Returns how many bytes at `i` form such a character (0: none).
std::size_t forbidden_at(std::string_view s, std::size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
         static_cast<unsigned char>(s[i + 2]) == 0xBF))
        return 3;
    return 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Inline escaping of one line (no line breaks in `line`).
std::string markdown_line(std::string_view line) {
    std::string out;
    out.reserve(line.size() + 8);
    // Leading white space would make an indented code block at line start;
    // drop it (it carries no meaning in inline text).
    std::size_t start = 0;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t'))
        ++start;
    line = line.substr(start);
    // Block markers at the start: headings, quotes, list items, setext rules.
    std::size_t i = 0;
    if (!line.empty() &&
        (line[0] == '#' || line[0] == '>' || line[0] == '-' || line[0] == '+' || line[0] == '=')) {
        out += '\\';
        out += line[0];
        i = 1;
    } else {
        std::size_t d = 0;
        while (d < line.size() && d < 9 && is_digit(line[d]))
            ++d;
        if (d > 0 && d < line.size() && (line[d] == '.' || line[d] == ')')) {
            out.append(line.substr(0, d));
            out += '\\';
            i = d;
        }
    }
    for (; i < line.size(); ++i) {
        char c = line[i];
        if (std::size_t n = forbidden_at(line, i)) {
            out += replacement;
            i += n - 1;
            continue;
        }
        switch (c) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '~':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
            out += '\\';
            out += c;
            break;
        case '&':
            if (i + 1 < line.size() && (is_alnum(line[i + 1]) || line[i + 1] == '#')) out += '\\';
            out += c;
            break;
        case '\t':
            out += ' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t b = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(text.substr(b, i - b));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            b = i + 1;
        }
    }
    lines.push_back(text.substr(b));
    return lines;
}

std::string rtrim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    return s;
}

} // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (std::size_t n = forbidden_at(text, i)) {
            out += replacement;
            i += n - 1;
            continue;
        }
        char c = text[i];
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escape_markdown(std::string_view text) {
    std::string joined;
    bool first = true;
    for (std::string_view line : split_lines(text)) {
        std::string esc = markdown_line(line);
        if (esc.empty()) continue;
        if (!first) joined += ' ';
        joined += esc;
        first = false;
    }
    return rtrim(joined);
}

std::string escape_markdown_cell(std::string_view text) {
    std::string s = escape_markdown(text);
    return s.empty() ? "\u2014" : s;
}

std::string escape_markdown_block(std::string_view text) {
    std::vector<std::string> paragraphs;
    std::string current;
    for (std::string_view line : split_lines(text)) {
        std::string esc = rtrim(markdown_line(line));
        if (esc.empty()) {
            if (!current.empty()) paragraphs.push_back(current), current.clear();
            continue;
        }
        if (!current.empty()) current += "\\\n"; // a hard line break
        current += esc;
    }
    if (!current.empty()) paragraphs.push_back(current);
    std::string out;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        if (i) out += "\n\n";
        out += paragraphs[i];
    }
    return out;
}

std::string escape_csv(std::string_view text) {
    std::string field;
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        field += '\'';
    field += text;
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace mend::report
