// Record text shown on a terminal: a value that holds control characters
// (an ESC sequence that clears the screen, a CR or LF that forges a line, a
// BEL, a bidi override that reorders what follows) is shown escaped, never
// as it is. JSON output (--json) is not touched: JSON escapes on its own.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mend::cli {

// `text` for a terminal: \n \r \t as themselves escaped, the other C0
// controls, DEL and bytes that are not UTF-8 as \xHH, the C1 controls
// (U+0080-U+009F) and the invisible direction and line controls (U+061C,
// U+200E, U+200F, U+2028-U+202E, U+2066-U+2069) as \u{HHHH}. What it
// returns is printable: escaping it again changes nothing.
std::string shown(std::string_view text);

// A document the library rendered (a Markdown or CSV report) for a
// terminal: shown(), but its line feeds kept as the lines they make.
std::string shown_lines(std::string_view text);

// `j` with every string in it (keys too) passed through shown().
nlohmann::json shown_json(const nlohmann::json& j);

} // namespace mend::cli
