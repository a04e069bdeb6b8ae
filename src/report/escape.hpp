// Escaping of snapshot text: it is never trusted as markup.
#pragma once

#include <string>
#include <string_view>

namespace mend::report {

// Text and attribute values in HTML/XHTML/SVG: & < > " ' become
// &amp; &lt; &gt; &quot; &#39;. Characters XML 1.0 forbids (C0 controls
// other than tab, line feed and carriage return; U+FFFE, U+FFFF) become
// U+FFFD so the document stays well-formed. Expects valid UTF-8.
std::string escape_html(std::string_view text);

// Inline Markdown text (a sentence, a list item, a heading): \ ` * _ ~ [ ] < > |
// are backslash-escaped, & when it could start an entity, a leading # > - + =
// or "1." / "1)" so that it cannot start a block; line breaks become spaces.
// Controls are replaced as in escape_html.
std::string escape_markdown(std::string_view text);

// A Markdown table cell: escape_markdown(), and never empty (an empty cell
// would still be fine, but "—" reads better).
std::string escape_markdown_cell(std::string_view text);

// Several lines of Markdown text (a note, a rationale): each line escaped as
// inline text, lines of a paragraph joined with hard breaks, blank lines kept
// as paragraph breaks. The result never starts a block of its own.
std::string escape_markdown_block(std::string_view text);

// One CSV field (RFC 4180): quoted when it holds a comma, a double quote, a
// CR or an LF, a double quote doubled inside. A field that a spreadsheet
// would read as a formula (starting with = + - @, a tab or a CR) is given a
// leading apostrophe first (OWASP's CSV injection advice), so opening the
// report runs nothing.
std::string escape_csv(std::string_view text);

} // namespace mend::report
