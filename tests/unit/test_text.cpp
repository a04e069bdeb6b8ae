// The UTF-8 validator and the text checks (src/domain/text.cpp).
#include "domain/text.hpp"

#include "errors.hpp"

#include <string>
#include <string_view>

using mend::Errc;
using mend::is_valid_utf8;
using mend_test::error_of;
using mend_test::message_of;

namespace {
std::string_view bytes(const char* s, std::size_t n) {
    return {s, n};
}
} // namespace

TEST_CASE("valid UTF-8 is accepted", "[utf8]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ASCII, with punctuation: ~!@#$%^&*()_+{}|:\"<>?"));
    CHECK(is_valid_utf8("\x01\x7F")); // control characters are UTF-8
    CHECK(is_valid_utf8("Zo\xC3\xAB \xC3\x98"
                        "deg\xC3\xA5rd"));                                // Zoë Ødegård
    CHECK(is_valid_utf8("\xE7\x8E\x8B\xE8\x8A\xB3"));                     // 王芳
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));                             // 😀
    CHECK(is_valid_utf8("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB")); // ZWJ sequence
    // The edges of every length class (Unicode table 3-7).
    CHECK(is_valid_utf8("\xC2\x80"));         // U+0080
    CHECK(is_valid_utf8("\xDF\xBF"));         // U+07FF
    CHECK(is_valid_utf8("\xE0\xA0\x80"));     // U+0800
    CHECK(is_valid_utf8("\xE1\x80\x80"));     // U+1000
    CHECK(is_valid_utf8("\xEC\xBF\xBF"));     // U+CFFF
    CHECK(is_valid_utf8("\xED\x80\x80"));     // U+D000
    CHECK(is_valid_utf8("\xED\x9F\xBF"));     // U+D7FF, just below the surrogates
    CHECK(is_valid_utf8("\xEE\x80\x80"));     // U+E000, just above them
    CHECK(is_valid_utf8("\xEF\xBF\xBD"));     // U+FFFD
    CHECK(is_valid_utf8("\xEF\xBF\xBF"));     // U+FFFF
    CHECK(is_valid_utf8("\xF0\x90\x80\x80")); // U+10000
    CHECK(is_valid_utf8("\xF1\x80\x80\x80")); // U+40000
    CHECK(is_valid_utf8("\xF3\xBF\xBF\xBF")); // U+FFFFF
    CHECK(is_valid_utf8("\xF4\x80\x80\x80")); // U+100000
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF")); // U+10FFFF, the last code point
}

TEST_CASE("every class of invalid UTF-8 is refused", "[utf8]") {
    SECTION("lone continuation bytes") {
        CHECK_FALSE(is_valid_utf8("\x80"));
        CHECK_FALSE(is_valid_utf8("\xBF"));
        CHECK_FALSE(is_valid_utf8("a\x80z"));
        CHECK_FALSE(is_valid_utf8("\xC3\xA9\xA9")); // one too many
    }
    SECTION("bytes that never appear") {
        for (int b : {0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF}) {
            std::string s(1, static_cast<char>(b));
            s += "\x80\x80\x80";
            INFO("lead byte " << b);
            CHECK_FALSE(is_valid_utf8(s));
        }
    }
    SECTION("overlong forms") {
        CHECK_FALSE(is_valid_utf8("\xC0\xAF")); // '/'
        CHECK_FALSE(is_valid_utf8("\xC0\x80")); // NUL, "modified UTF-8"
        CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
        CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));
        CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF")); // U+07FF in three bytes
        CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));
        CHECK_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF")); // U+FFFF in four bytes
    }
    SECTION("UTF-16 surrogates") {
        CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));             // U+D800
        CHECK_FALSE(is_valid_utf8("\xED\xAD\xBF"));             // U+DB7F
        CHECK_FALSE(is_valid_utf8("\xED\xB0\x80"));             // U+DC00
        CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));             // U+DFFF
        CHECK_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80")); // a CESU-8 pair
    }
    SECTION("above U+10FFFF") {
        CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
        CHECK_FALSE(is_valid_utf8("\xF4\xBF\xBF\xBF"));
        CHECK_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
    }
    SECTION("sequences cut short") {
        CHECK_FALSE(is_valid_utf8("\xC3"));
        CHECK_FALSE(is_valid_utf8("\xE2\x82"));
        CHECK_FALSE(is_valid_utf8("\xF0\x9F\x98"));
        CHECK_FALSE(is_valid_utf8("abc\xF0\x9F"));
        CHECK_FALSE(is_valid_utf8("\xE2\x82 euro")); // cut short by the next character
    }
    SECTION("bad continuation bytes") {
        CHECK_FALSE(is_valid_utf8("\xC3\x28"));
        CHECK_FALSE(is_valid_utf8("\xC3\xC3\xA9"));
        CHECK_FALSE(is_valid_utf8("\xE2\x28\xA1"));
        CHECK_FALSE(is_valid_utf8("\xE2\x82\x28"));
        CHECK_FALSE(is_valid_utf8("\xF0\x28\x8C\xBC"));
        CHECK_FALSE(is_valid_utf8("\xF0\x90\x28\xBC"));
        CHECK_FALSE(is_valid_utf8("\xF0\x90\x8C\x28"));
    }
    SECTION("an embedded NUL") {
        CHECK_FALSE(is_valid_utf8(bytes("a\0b", 3)));
        CHECK_FALSE(is_valid_utf8(bytes("\0", 1)));
    }
    SECTION("an invalid byte anywhere in a long text") {
        std::string s(10000, 'x');
        CHECK(is_valid_utf8(s));
        s[9999] = '\xFF';
        CHECK_FALSE(is_valid_utf8(s));
        s[9999] = 'x';
        s[0] = '\x80';
        CHECK_FALSE(is_valid_utf8(s));
    }
}

TEST_CASE("check_text: encoding, required, length", "[text]") {
    using mend::check_text;
    CHECK_FALSE(error_of([] { check_text("given_name", "Jamie", 200); }));
    CHECK(error_of([] { check_text("given_name", "Ja\xC3\x28mie", 200); }) == Errc::encoding);
    CHECK(error_of([] { check_text("given_name", "", 200); }) == Errc::invalid);
    CHECK(error_of([] { check_text("given_name", " \t\r\n ", 200); }) == Errc::invalid);
    CHECK_FALSE(error_of([] { check_text("note", "", 200, false); }));
    // Length in bytes, inclusive.
    CHECK_FALSE(error_of([] { check_text("f", std::string(200, 'a'), 200); }));
    CHECK(error_of([] { check_text("f", std::string(201, 'a'), 200); }) == Errc::invalid);
    CHECK(error_of([] { check_text("f", std::string(64 * 1024, 'a'), 200); }) == Errc::invalid);
    std::string two_byte;
    for (int i = 0; i < 100; ++i)
        two_byte += "\xC3\xA9";
    CHECK_FALSE(error_of([&] { check_text("f", two_byte, 200); }));
    CHECK(error_of([&] { check_text("f", two_byte + "a", 200); }) == Errc::invalid);
    // An encoding error wins over a length error: the text is not text.
    CHECK(error_of([] { check_text("f", std::string(300, 'a') + "\xFF", 200); }) == Errc::encoding);
    // Messages name the field and never repeat the value.
    auto msg = message_of([] { check_text("family_name", "Secretname\xC3\x28", 200); });
    CHECK(msg.find("family_name") != std::string::npos);
    CHECK(msg.find("Secretname") == std::string::npos);
    msg = message_of([] { check_text("family_name", std::string(201, 'Q'), 200); });
    CHECK(msg.find("family_name") != std::string::npos);
    CHECK(msg.find("QQQQ") == std::string::npos);
}

TEST_CASE("trimmed", "[text]") {
    CHECK(mend::trimmed("") == "");
    CHECK(mend::trimmed("  \t\r\n") == "");
    CHECK(mend::trimmed(" a b ") == "a b");
    CHECK(mend::trimmed("\tZo\xC3\xAB\n") == "Zo\xC3\xAB");
}

TEST_CASE("words of a search query, and ASCII lowering", "[text]") {
    CHECK(mend::words("  trust\tand  \"repair\"\n") ==
          std::vector<std::string>{"trust", "and", "\"repair\""});
    CHECK(mend::words("").empty());
    CHECK(mend::words(" \t\r\n").empty());
    CHECK(mend::words("Zoë's 王芳") == std::vector<std::string>{"Zoë's", "王芳"});
    CHECK(mend::ascii_lower("Trust ÉTÉ 王") == "trust ÉtÉ 王"); // only ASCII letters change
}
