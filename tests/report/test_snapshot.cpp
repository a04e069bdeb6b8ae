// Snapshot checking and dispatch: what throws, and what the messages say.
#include "report/render.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <locale>

using namespace mend::report;
using nlohmann::json;
using report_test::fixture;
using report_test::thrown_by;

namespace {
template <class F> void check_invalid(F&& f, const std::string& in_message) {
    auto t = thrown_by(f);
    REQUIRE(t.has_value());
    CHECK(t->code == mend::Errc::invalid);
    CHECK_THAT(t->message, Catch::Matchers::Contains("report snapshot: ") &&
                               Catch::Matchers::Contains(in_message));
}
} // namespace

TEST_CASE("a snapshot without a schema throws", "[snapshot]") {
    json s = fixture("couple_blocked");
    s.erase("schema");
    check_invalid([&] { render_markdown(s); }, "schema is missing");
    check_invalid([&] { render_html(s); }, "schema is missing");
    check_invalid([&] { render_json(s); }, "schema is missing");
}

TEST_CASE("an unknown or malformed schema throws", "[snapshot]") {
    json s = fixture("couple_blocked");
    s["schema"] = "mend.report.case/2";
    check_invalid([&] { render_markdown(s); }, "schema");
    check_invalid([&] { render_html(s); }, "schema");
    check_invalid([&] { render_json(s); }, "schema");
    s["schema"] = 1;
    check_invalid([&] { render_html(s); }, "schema must be a string");
    check_invalid([&] { render_html(json::array()); }, "must be a JSON object");
    check_invalid([&] { render_html(json(nullptr)); }, "must be a JSON object");
}

TEST_CASE("a missing required member throws, naming it", "[snapshot]") {
    json s = fixture("couple_blocked");
    s.erase("clients");
    check_invalid([&] { render_markdown(s); }, "clients is missing");

    s = fixture("couple_blocked");
    s["measures"][1]["points"][2].erase("date");
    check_invalid([&] { render_html(s); }, "measures[1].points[2].date is missing");

    s = fixture("couple_blocked");
    s["phase_timeline"][0].erase("left_on");
    check_invalid([&] { render_html(s); }, "phase_timeline[0].left_on is missing");

    s = fixture("caseload");
    s.erase("sessions_per_week");
    check_invalid([&] { render_markdown(s); }, "sessions_per_week is missing");
}

TEST_CASE("a member of the wrong type or value throws, naming it but not its content",
          "[snapshot]") {
    json s = fixture("couple_blocked");
    s["clients"][0]["name"] = 42;
    check_invalid([&] { render_html(s); }, "clients[0].name must be a string");

    s = fixture("couple_blocked");
    s["measures"][0]["points"][0]["date"] = "2026-02-30";
    check_invalid([&] { render_html(s); }, "measures[0].points[0].date");

    s = fixture("couple_blocked");
    s["kind"] = "group_case";
    check_invalid([&] { render_markdown(s); }, "kind");

    s = fixture("couple_blocked");
    s["gate"]["transitions"][0]["criteria"][0]["status"] = "maybe";
    auto t = thrown_by([&] { render_html(s); });
    REQUIRE(t.has_value());
    CHECK(t->message.find("maybe") == std::string::npos);

    s = fixture("couple_blocked");
    s["clients"][0]["name"] = "Secret Name";
    s["clients"][0].erase("role");
    t = thrown_by([&] { render_html(s); });
    REQUIRE(t.has_value());
    CHECK(t->message.find("Secret") == std::string::npos);
}

TEST_CASE("text that is not valid UTF-8 throws Errc::encoding", "[snapshot]") {
    json s = fixture("couple_blocked");
    s["clients"][1]["name"] = std::string("Alex \xC3\x28");
    auto t = thrown_by([&] { render_html(s); });
    REQUIRE(t.has_value());
    CHECK(t->code == mend::Errc::encoding);
    CHECK_THAT(t->message, Catch::Matchers::Contains("clients[1].name"));
    CHECK(thrown_by([&] { render_json(s); }).has_value());
}

TEST_CASE("render_json: sorted keys, 2-space indent, trailing newline, same content",
          "[snapshot]") {
    for (const char* name : {"couple_blocked", "caseload", "hostile_unicode"}) {
        json s = fixture(name);
        std::string out = render_json(s);
        REQUIRE(!out.empty());
        CHECK(out.back() == '\n');
        CHECK(out.compare(0, 4, "{\n  ") == 0);
        CHECK(json::parse(out) == s);
        CHECK(out == s.dump(2) + "\n");
    }
    // Unicode is written as is, not as \u escapes.
    CHECK(render_json(fixture("hostile_unicode")).find("Zoë Ødegård") != std::string::npos);
}

TEST_CASE("rendering is deterministic and locale-independent", "[snapshot]") {
    json s = fixture("individual");
    std::string md = render_markdown(s), html = render_html(s);
    struct Comma : std::numpunct<char> {
        char do_decimal_point() const override { return ','; }
    };
    std::locale old = std::locale::global(std::locale(std::locale::classic(), new Comma));
    CHECK(render_markdown(s) == md);
    CHECK(render_html(s) == html);
    std::locale::global(old);
    CHECK(render_html(s) == html);
    CHECK(html.find("13.33") != std::string::npos); // a non-integer total, "." as separator
}
