// The dyadic callouts of a couple report, against series built by hand.
#include "report/dyadic.hpp"

#include <catch2/catch.hpp>

using mend::report::dyadic_callouts;
using nlohmann::json;

namespace {
json series(std::initializer_list<double> totals, double cutoff) {
    json points = json::array();
    int day = 1;
    for (double t : totals) points.push_back({{"date", "2026-10-0" + std::to_string(day++)}, {"total", t}});
    return {{"points", points}, {"cutoffs", json::array({{{"value", cutoff}}})}};
}
} // namespace

TEST_CASE("dyadic: satisfaction rising while trauma symptoms stay high", "[dyadic]") {
    json pcl_high = series({52, 41}, 33), pcl_low = series({52, 30}, 33);
    json csi_rising = series({9, 12}, 13.5), csi_flat = series({12, 12}, 13.5);
    auto out = dyadic_callouts({"Jamie", &pcl_high, nullptr}, {"Alex", nullptr, &csi_rising});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["sentence"] == "Alex's relationship satisfaction is rising (9 to 12) while Jamie's trauma "
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
    REQUIRE(out.size() == 1); // Alex's satisfaction rises too, but with no PCL-5 only this rule fires
    CHECK(out[0]["sentence"] == "Alex is satisfied with the relationship (CSI-4 15) while Jamie remains "
                                    "in distress (CSI-4 9): the partners are in different places.");
    // Either way round.
    auto reversed = dyadic_callouts({"Jamie", nullptr, &satisfied}, {"Alex", nullptr, &distressed});
    REQUIRE(reversed.size() == 1);
    CHECK(reversed[0]["sentence"] == "Jamie is satisfied with the relationship (CSI-4 15) while Alex remains "
                                     "in distress (CSI-4 9): the partners are in different places.");
    CHECK(dyadic_callouts({"Jamie", nullptr, &distressed}, {"Alex", nullptr, &distressed}).empty());
}
