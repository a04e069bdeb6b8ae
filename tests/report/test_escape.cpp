// The escapers: every special character, controls, UTF-8 kept intact.
#include "report/escape.hpp"

#include <catch2/catch.hpp>

using namespace mend::report;

TEST_CASE("escape_html: the five XML specials", "[escape]") {
    CHECK(escape_html("&") == "&amp;");
    CHECK(escape_html("<") == "&lt;");
    CHECK(escape_html(">") == "&gt;");
    CHECK(escape_html("\"") == "&quot;");
    CHECK(escape_html("'") == "&#39;");
    CHECK(escape_html("<script>alert('x & \"y\"')</script>") ==
          "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
    CHECK(escape_html("&amp;") == "&amp;amp;");
    CHECK(escape_html("") == "");
}

TEST_CASE("escape_html: UTF-8 passes through; forbidden controls become U+FFFD", "[escape]") {
    const std::string text = "Zoë Ødegård 王芳 أشعر بالأمان 👩‍❤️‍👨";
    CHECK(escape_html(text) == text);
    CHECK(escape_html("a\tb\nc\rd") == "a\tb\nc\rd");
    CHECK(escape_html(std::string("a\x01"
                                  "b\x1f"
                                  "c\x0b"
                                  "d")) == "a\uFFFDb\uFFFDc\uFFFDd");
    CHECK(escape_html("x\uFFFEy\uFFFFz") == "x\uFFFDy\uFFFDz");
    CHECK(escape_html("\x7f") == "\x7f"); // allowed by XML 1.0
}

TEST_CASE("escape_markdown: every special character", "[escape]") {
    CHECK(escape_markdown("a|b") == "a\\|b");
    CHECK(escape_markdown("a*b") == "a\\*b");
    CHECK(escape_markdown("a_b") == "a\\_b");
    CHECK(escape_markdown("a`b") == "a\\`b");
    CHECK(escape_markdown("a<b") == "a\\<b");
    CHECK(escape_markdown("a>b") == "a\\>b");
    CHECK(escape_markdown("a[b]c") == "a\\[b\\]c");
    CHECK(escape_markdown("a\\b") == "a\\\\b");
    CHECK(escape_markdown("a~b") == "a\\~b");
    CHECK(escape_markdown("*Bob* | <script>") == "\\*Bob\\* \\| \\<script\\>");
}

TEST_CASE("escape_markdown: block starts and entities", "[escape]") {
    CHECK(escape_markdown("# heading") == "\\# heading");
    CHECK(escape_markdown("a # b") == "a # b");
    CHECK(escape_markdown("> quote") == "\\> quote");
    CHECK(escape_markdown("- item") == "\\- item");
    CHECK(escape_markdown("+ item") == "\\+ item");
    CHECK(escape_markdown("= rule") == "\\= rule");
    CHECK(escape_markdown("1. item") == "1\\. item");
    CHECK(escape_markdown("12) item") == "12\\) item");
    CHECK(escape_markdown("2026 was hard") == "2026 was hard");
    CHECK(escape_markdown("   # indented") == "\\# indented");
    CHECK(escape_markdown("Jamie & Alex") == "Jamie & Alex");
    CHECK(escape_markdown("&amp; &#65;") == "\\&amp; \\&#65;");
}

TEST_CASE("escape_markdown: line breaks become spaces; UTF-8 intact", "[escape]") {
    CHECK(escape_markdown("one\ntwo\r\nthree\rfour") == "one two three four");
    CHECK(escape_markdown("one\n# two") == "one \\# two");
    CHECK(escape_markdown("Zoë Ødegård 王芳 😟") == "Zoë Ødegård 王芳 😟");
    CHECK(escape_markdown(std::string("bell\x07")) == "bell\uFFFD");
    CHECK(escape_markdown_cell("") == "\u2014");
    CHECK(escape_markdown_cell("a|b") == "a\\|b");
}

TEST_CASE("escape_markdown_block: paragraphs and hard breaks", "[escape]") {
    CHECK(escape_markdown_block("one\ntwo") == "one\\\ntwo");
    CHECK(escape_markdown_block("one\n\n\ntwo") == "one\n\ntwo");
    CHECK(escape_markdown_block("# a\n- b\n1. c") == "\\# a\\\n\\- b\\\n1\\. c");
    CHECK(escape_markdown_block("\n\n") == "");
}
