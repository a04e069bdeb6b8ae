// Checks on text that crosses into mend: valid UTF-8, no NUL, bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mend {

// Longest value of a name-like field, in bytes.
constexpr std::size_t max_short_text = 200;

bool is_valid_utf8(std::string_view text) noexcept;

// Throws Errc::encoding for invalid UTF-8 and Errc::invalid when empty (if
// required) or longer than max_bytes. `field` names the field in the message.
void check_text(const char* field, std::string_view value, std::size_t max_bytes,
                bool required = true);

// The words of a search query: split on white space, empty ones dropped.
std::vector<std::string> words(std::string_view text);

// The parts of `text` between separators, empty ones kept ("a,,b" is 3
// parts); none for "".
std::vector<std::string> split(std::string_view text, char separator);

// ASCII letters lowered; other bytes (UTF-8 included) kept as they are.
std::string ascii_lower(std::string text);

// Surrounding white space removed.
std::string trimmed(std::string_view text);

} // namespace mend
