// A gate evaluation as a CDS Hooks response: the pure mapping, on
// evaluations of the built-in couples protocol.
#include "domain/text.hpp"
#include "fhir/cds_card.hpp"
#include "measures/builtin.hpp"
#include "protocol/builtin.hpp"
#include "protocol/evaluate.hpp"
#include "protocol_facts.hpp"

#include <catch2/catch.hpp>

using namespace mend::protocol;
using mend::parse_date;
using nlohmann::json;

namespace {

const Protocol& couples() {
    for (const auto& p : builtin_protocols())
        if (p.code == "betrayal_trauma_couples") return p;
    throw std::runtime_error("no couples protocol");
}

// A couple at the decision point, screened, consenting, with one high PCL-5:
// the trauma gate is blocked by the betrayed partner's symptoms only.
CaseFacts decision_point() {
    CaseFacts f = decision_point_facts();
    f.series[{1, "pcl5"}] = {
        {10, "2026-10-02", parse_date("d", "2026-10-02").days_since_epoch(), 41.0}};
    return f;
}

json cards_of(const CaseFacts& f) {
    json e = to_json(evaluate(couples(), f));
    e["protocol"] = {{"code", "betrayal_trauma_couples"}, {"version", 1}, {"name", "Couples"}};
    return mend::fhir::cds_cards(e)["cards"];
}

const json* find(const json& cards, const std::string& summary) {
    for (const auto& c : cards)
        if (c["summary"].get<std::string>().rfind(summary, 0) == 0) return &c;
    return nullptr;
}

void check_shape(const json& cards) {
    for (const auto& c : cards) {
        CHECK(c["summary"].get<std::string>().size() <= 139);
        CHECK(c["summary"].get<std::string>().find("Jamie") == std::string::npos);
        CHECK(c["summary"].get<std::string>().find("Alex") == std::string::npos);
        std::string i = c["indicator"];
        CHECK((i == "info" || i == "warning" || i == "critical"));
        CHECK(c["source"]["label"] == "mend phase protocol");
        CHECK(c["source"]["topic"] == json({{"system", "urn:mend:protocol"},
                                            {"code", "betrayal_trauma_couples"},
                                            {"version", "1"},
                                            {"display", "Couples"}}));
    }
}

} // namespace

TEST_CASE("CDS card: the trauma gate blocked by an unmet criterion is a warning", "[fhir][card]") {
    json cards = cards_of(decision_point());
    check_shape(cards);
    const json* rel = find(cards, "Relational work not yet indicated");
    REQUIRE(rel);
    CHECK((*rel)["indicator"] == "warning");
    std::string d = (*rel)["detail"];
    CHECK_THAT(d, Catch::Contains("Begin relational work (the trauma gate)"));
    CHECK_THAT(d, Catch::Contains("1 of "));
    CHECK_THAT(d, Catch::Contains("- **The betrayed partner's trauma symptoms have settled, "
                                  "consistently over time** (not met): PCL-5 for Jamie: 41 on "
                                  "2026-10-02"));
    CHECK_THAT(d, Catch::StartsWith("As of 2026-11-30: phase *Decision point*, entered on "
                                    "2026-10-01 (60 days)."));
    // Separation support (not the couple's decision) is not open either: an
    // info card, after the warning.
    const json* other = find(cards, "Not yet open: ");
    REQUIRE(other);
    CHECK((*other)["indicator"] == "info");
    CHECK(cards[0]["indicator"] == "warning");
    // Nothing present, nothing unknown: no critical card.
    for (const auto& c : cards)
        CHECK(c["indicator"] != "critical");
}

TEST_CASE("CDS card: the trauma gate open is an info card", "[fhir][card]") {
    auto f = decision_point();
    f.series[{1, "pcl5"}] = {
        {10, "2026-11-01", parse_date("d", "2026-11-01").days_since_epoch(), 20.0},
        {11, "2026-11-20", parse_date("d", "2026-11-20").days_since_epoch(), 18.0}};
    json cards = cards_of(f);
    check_shape(cards);
    CHECK_FALSE(find(cards, "Relational work not yet indicated"));
    const json* open = find(cards, "Gate open: Begin relational work (the trauma gate)");
    REQUIRE(open);
    CHECK((*open)["indicator"] == "info");
    CHECK_THAT((*open)["detail"].get<std::string>(), Catch::Contains("every criterion is met"));
}

TEST_CASE("CDS card: a contraindication present is critical and named", "[fhir][card]") {
    auto f = decision_point();
    f.attestations.push_back({30, 2, "affair_ongoing", "yes", "", "2026-11-29"});
    json cards = cards_of(f);
    check_shape(cards);
    REQUIRE(cards.size() >= 2);
    CHECK(cards[0]["indicator"] == "critical");
    CHECK(cards[0]["summary"] ==
          "Contraindication present: The affair or contact with the affair partner is ongoing");
    std::string d = cards[0]["detail"];
    CHECK_THAT(d, Catch::Contains("The protocol is suspended by a contraindication."));
    CHECK_THAT(d, Catch::Contains(
                      "**The affair or contact with the affair partner is ongoing**: present."));
    CHECK_THAT(d, Catch::Contains("Begin relational work (the trauma gate)"));
    const json* rel = find(cards, "Relational work not yet indicated");
    REQUIRE(rel);
    CHECK_THAT(
        (*rel)["detail"].get<std::string>(),
        Catch::Contains("Suspended by: The affair or contact with the affair partner is ongoing."));
}

TEST_CASE("CDS card: a contraindication not known is not safe", "[fhir][card]") {
    auto f = decision_point();
    f.screens = {{1, 1, "none", "none", "2026-11-01"}}; // Alex never screened
    json cards = cards_of(f);
    check_shape(cards);
    const json* u = find(cards, "Not known to be safe: ");
    REQUIRE(u);
    CHECK((*u)["indicator"] == "warning");
    CHECK_THAT((*u)["detail"].get<std::string>(),
               Catch::Contains("not known (it is not treated as absent)"));
    CHECK_THAT((*u)["detail"].get<std::string>(), Catch::Contains("not yet screened for Alex"));
    // The step it holds is not shown as open.
    CHECK_FALSE(find(cards, "Gate open: Begin relational work"));
    CHECK(cards[0]["indicator"] != "info");
}

TEST_CASE("CDS card: summaries stay short, Markdown is escaped, odd input is safe",
          "[fhir][card]") {
    json e = {{"as_of", "2026-11-30"},
              {"phase_name", "P"},
              {"contraindications", json::array({{{"code", "x"},
                                                  {"label", std::string(200, 'L') + "\xC3\xA9"},
                                                  {"status", "damaged"},
                                                  {"sentence", "<b>*x*</b>"}}})},
              {"transitions", json::array()}};
    json cards = mend::fhir::cds_cards(e)["cards"];
    REQUIRE(cards.size() == 2);
    CHECK(cards[0]["indicator"] == "warning"); // a status not known is not safe
    std::string s = cards[0]["summary"];
    CHECK(s.size() <= 139);
    CHECK(mend::is_valid_utf8(s));
    CHECK_THAT(cards[0]["detail"].get<std::string>(), Catch::Contains("\\<b\\>\\*x\\*\\</b\\>"));
    CHECK(cards[1]["summary"] == "Last phase of the protocol: P");
    CHECK(cards[1]["source"]["topic"]["system"] == "urn:mend:protocol");
    CHECK(mend::fhir::cds_cards(json::object())["cards"].size() == 1);
    CHECK(mend::fhir::cds_cards({{"days_in_phase", "x"}, {"protocol", {{"version", "y"}}}})["cards"]
              .size() == 1);
}
