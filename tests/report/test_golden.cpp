// Golden files: every tests/report/golden/NAME.json renders to NAME.md and
// NAME.html byte for byte. MEND_UPDATE_GOLDEN=1 rewrites them instead (review
// the diff before committing).
#include "report/render.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;
using namespace mend::report;

namespace {

bool updating() {
    const char* v = std::getenv("MEND_UPDATE_GOLDEN");
    return v && *v && std::string(v) != "0";
}

std::vector<std::string> fixture_names() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(report_test::golden_dir()))
        if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Where two texts first differ, as "line N: expected ... / actual ...".
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::size_t line = 1, i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) {
        if (expected[i] == '\n') ++line;
        ++i;
    }
    auto line_at = [&](const std::string& s) {
        std::size_t b = s.rfind('\n', i == 0 ? 0 : i - 1);
        b = b == std::string::npos ? 0 : b + 1;
        std::size_t e = s.find('\n', i);
        return s.substr(b,
                        std::min<std::size_t>(e == std::string::npos ? s.size() - b : e - b, 300));
    };
    return "first difference on line " + std::to_string(line) + "\n  golden: " + line_at(expected) +
           "\n  actual: " + line_at(actual);
}

void compare_or_update(const std::string& path, const std::string& actual) {
    if (updating()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << actual;
        REQUIRE(out.good());
        WARN("updated " << path);
        return;
    }
    REQUIRE(fs::exists(path));
    std::string expected = report_test::read_file(path);
    bool same = expected == actual;
    INFO(path << " differs from the rendering; " << (same ? "" : first_difference(expected, actual))
              << "\n(MEND_UPDATE_GOLDEN=1 rewrites the golden files; review the diff before "
                 "committing.)");
    CHECK(same);
}

} // namespace

TEST_CASE("golden files: each fixture renders to its .md, .html and .json.golden byte for byte",
          "[golden]") {
    auto names = fixture_names();
    REQUIRE(names.size() >= 6);
    for (const auto& name : names) {
        SECTION(name) {
            auto snapshot = report_test::fixture(name);
            std::string md = render_markdown(snapshot), html = render_html(snapshot);
            // Same snapshot, same bytes.
            CHECK(render_markdown(snapshot) == md);
            CHECK(render_html(snapshot) == html);
            compare_or_update(report_test::golden_dir() + "/" + name + ".md", md);
            compare_or_update(report_test::golden_dir() + "/" + name + ".html", html);
            // The JSON format: the snapshot itself, sorted and indented.
            std::string js = render_json(snapshot);
            CHECK(render_json(snapshot) == js);
            CHECK(nlohmann::json::parse(js) == snapshot);
            compare_or_update(report_test::golden_dir() + "/" + name + ".json.golden", js);
        }
    }
}

TEST_CASE("golden files: the release banner and footer", "[golden]") {
    auto s = report_test::fixture("release");
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(md.find("Prepared for Jamie Morgan \u2014 release #4, expires 2027-02-28") !=
          std::string::npos);
    CHECK(md.find("**Release copy.**") != std::string::npos);
    CHECK(html.find("Prepared for <span dir=\"auto\">Jamie Morgan</span> &#8212; release #4, "
                    "expires 2027-02-28") != std::string::npos);
    CHECK(html.find("<strong>Release copy.</strong>") != std::string::npos);
    // Not a release: no banner.
    CHECK(render_html(report_test::fixture("couple_blocked")).find("release-banner\"") ==
          std::string::npos);
}

TEST_CASE("golden files: hostile text renders literally", "[golden]") {
    auto s = report_test::fixture("hostile_unicode");
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("Zoë Ødegård") != std::string::npos);
    CHECK(html.find("王芳") != std::string::npos);
    CHECK(html.find("مرحلة الأمان") != std::string::npos);
    CHECK(md.find("\\*Bob\\* \\| \\<script\\>alert(1)\\</script\\>") != std::string::npos);
    // Every "<" of the snapshot's text is escaped: no raw tag survives.
    CHECK_FALSE(std::regex_search(md, std::regex(R"((^|[^\\])<[a-zA-Z/!?])")));
}
