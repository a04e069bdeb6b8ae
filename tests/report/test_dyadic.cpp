// The dyadic callouts of a couple report, against series built by hand.
#include "report/dyadic.hpp"

#include <catch2/catch.hpp>

using mend::report::dyadic_callouts;
using nlohmann::json;

namespace {
json series(std::initializer_list<double> totals, double cutoff) {
    json points = json::array();
    int day = 1;
    for (double t : totals)
        points.push_back({{"date", "2026-10-0" + std::to_string(day++)}, {"total", t}});
    return {{"points", points}, {"cutoffs", json::array({{{"value", cutoff}}})}};
}
} // namespace

TEST_CASE("dyadic: satisfaction rising while trauma symptoms stay high", "[dyadic]") {
    json pcl_high = series({52, 41}, 33), pcl_low = series({52, 30}, 33);
    json csi_rising = series({9, 12}, 13.5), csi_flat = series({12, 12}, 13.5);
    auto out = dyadic_callouts({"Jamie", &pcl_high, nullptr}, {"Alex", nullptr, &csi_rising});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["sentence"] ==
          "Alex's relationship satisfaction is rising (9 to 12) while Jamie's trauma "
          "symptoms stay above the cut-off (PCL-5 41): emotional intimacy is not "
          "yet a fair expectation.");
    // At the cut-off is not below it.
    json pcl_at = series({40, 33}, 33);
    CHECK(dyadic_callouts({"Jamie", &pcl_at, nullptr}, {"Alex", nullptr, &csi_rising}).size() == 1);
    CHECK(dyadic_callouts({"Jamie", &pcl_low, nullptr}, {"Alex", nullptr, &csi_rising}).empty());
    CHECK(dyadic_callouts({"Jamie", &pcl_high, nullptr}, {"Alex", nullptr, &csi_flat}).empty());
    CHECK(dyadic_callouts({"Jamie", nullptr, nullptr}, {"Alex", nullptr, &csi_rising}).empty());
}

TEST_CASE("dyadic: one partner satisfied, the other in distress", "[dyadic]") {
    json satisfied = series({10, 15}, 13.5), distressed = series({11, 9}, 13.5);
    auto out = dyadic_callouts({"Jamie", nullptr, &distressed}, {"Alex", nullptr, &satisfied});
    REQUIRE(out.size() ==
            1); // Alex's satisfaction rises too, but with no PCL-5 only this rule fires
    CHECK(out[0]["sentence"] ==
          "Alex is satisfied with the relationship (CSI-4 15) while Jamie remains "
          "in distress (CSI-4 9): the partners are in different places.");
    // Either way round.
    auto reversed = dyadic_callouts({"Jamie", nullptr, &satisfied}, {"Alex", nullptr, &distressed});
    REQUIRE(reversed.size() == 1);
    CHECK(reversed[0]["sentence"] ==
          "Jamie is satisfied with the relationship (CSI-4 15) while Alex remains "
          "in distress (CSI-4 9): the partners are in different places.");
    CHECK(dyadic_callouts({"Jamie", nullptr, &distressed}, {"Alex", nullptr, &distressed}).empty());
}

namespace {
// A PHQ-9-like entry: its clinical range and banded points, as the snapshot holds them.
json banded(std::vector<std::pair<json, json>> points, json range) {
    json ps = json::array();
    int day = 1;
    for (auto& [total, band] : points)
        ps.push_back(
            {{"date", "2026-11-0" + std::to_string(day++)}, {"total", total}, {"band", band}});
    return {{"abbreviation", "PHQ-9"},
            {"points", ps},
            {"cutoffs", json::array()},
            {"clinical_range", range}};
}
const json phq_range = {{"comparator", ">="}, {"value", 10}};
} // namespace

TEST_CASE("dyadic: the involved partner's own scores in the clinical range", "[dyadic]") {
    json phq = banded({{9, "mild"}, {16, "moderately severe"}}, phq_range);
    auto out = dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&phq}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["kind"] == "involved_partner");
    CHECK(out[0]["sentence"] ==
          "Alex's PHQ-9 of 16 (2026-11-02) is moderately severe, in the clinical range "
          "(10 or more): the involved partner can be suffering too and needs care in "
          "their own right.");
    // At the range's edge is in it; the band label is the point's.
    json edge = banded({{10, "moderate"}}, phq_range);
    out = dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&edge}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["sentence"].get<std::string>().find(
              "Alex's PHQ-9 of 10 (2026-11-01) is moderate, in the clinical "
              "range (10 or more)") == 0);
    // No band: the range alone.
    json unbanded = banded({{12, nullptr}}, phq_range);
    out = dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&unbanded}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["sentence"].get<std::string>().find(
              "Alex's PHQ-9 of 12 (2026-11-01) is in the clinical range "
              "(10 or more):") == 0);
    // The latest scored point decides: left the range, nothing to say.
    json recovered =
        banded({{16, "moderately severe"}, {8, "mild"}, {nullptr, nullptr}}, phq_range);
    CHECK(dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&recovered}})
              .empty());
    // No clinical range defined: nothing claimed.
    json no_range = banded({{16, "moderately severe"}}, nullptr);
    CHECK(dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&no_range}})
              .empty());
    json absent = no_range;
    absent.erase("clinical_range");
    CHECK(dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&absent}})
              .empty());
    // A "below" range (distress under a value) reads the same way.
    json low = banded({{9, nullptr}}, {{"comparator", "<"}, {"value", 13.5}});
    out = dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, nullptr, {&low}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["sentence"].get<std::string>().find("(below 13.5)") != std::string::npos);
    // The betrayed partner's scores are not this callout's; the involved
    // partner's CSI-4 has its own callouts.
    CHECK(dyadic_callouts({"Jamie", nullptr, nullptr, {&phq}}, {"Alex", nullptr, nullptr, {}})
              .empty());
    CHECK(
        dyadic_callouts({"Jamie", nullptr, nullptr, {}}, {"Alex", nullptr, &low, {&low}}).empty());
}
