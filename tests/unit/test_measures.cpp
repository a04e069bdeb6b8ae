// The built-in instruments held to their published rules
// (shared/reference/measures.md cites the sources), and the change rules.
#include "domain/error.hpp"
#include "measures/builtin.hpp"
#include "measures/change.hpp"
#include "measures/definition_json.hpp"
#include "measures/safety_screen.hpp"
#include "measures/scoring.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

using namespace mend::measures;

namespace {

const Instrument& builtin(const std::string& code) {
    for (const auto& i : builtin_instruments())
        if (i.code == code) return i;
    throw std::runtime_error("no builtin " + code);
}

// Answers adding up to `total` over `n` items of 0..max, spread evenly.
std::vector<Answer> answers_for(int n, int max, int total) {
    std::vector<Answer> a(n, 0);
    for (int i = 0; total > 0; i = (i + 1) % n)
        if (*a[i] < max) {
            a[i] = *a[i] + 1;
            --total;
        }
    return a;
}

// PHQ-9 answers with item 9 at `item9`.
std::vector<Answer> phq9(int total_of_first_eight, int item9 = 0) {
    auto a = answers_for(8, 3, total_of_first_eight);
    a.push_back(item9);
    return a;
}

bool has_flag(const Score& s, const std::string& code, const std::string& severity) {
    for (const auto& f : s.flags)
        if (f.code == code && f.severity == severity) return true;
    return false;
}

int error_code(const std::function<void()>& f) {
    try {
        f();
    } catch (const mend::Error& e) {
        return static_cast<int>(e.code());
    }
    return 0;
}

} // namespace

TEST_CASE("PHQ-9 bands are Kroenke 2001's, inclusive at each lower edge", "[measures][phq9]") {
    const auto& in = builtin("phq9");
    struct Case {
        int total;
        const char* band;
    } cases[] = {{0, "minimal"},
                 {4, "minimal"},
                 {5, "mild"},
                 {9, "mild"},
                 {10, "moderate"},
                 {14, "moderate"},
                 {15, "moderately severe"},
                 {19, "moderately severe"},
                 {20, "severe"},
                 {24, "severe"}};
    for (auto c : cases) {
        auto s = score(in, phq9(c.total), "");
        INFO("total " << c.total);
        REQUIRE(s.total == Approx(c.total));
        CHECK(*s.band == c.band);
    }
    auto full = score(in, std::vector<Answer>(9, 3), "");
    CHECK(*full.total == 27);
    CHECK(*full.band == "severe");
}

TEST_CASE("PHQ-9 cut-off, caseness and total flag", "[measures][phq9]") {
    const auto& in = builtin("phq9");
    auto nine = score(in, phq9(9), "");
    auto ten = score(in, phq9(10), "");
    CHECK(nine.cutoffs[0].met == false);
    CHECK(ten.cutoffs[0].met == true);
    CHECK(nine.in_clinical_range == false);
    CHECK(ten.in_clinical_range == true);
    CHECK_FALSE(has_flag(score(in, phq9(19), ""), "severe_depression", "urgent"));
    CHECK(has_flag(score(in, phq9(20), ""), "severe_depression", "urgent"));
}

TEST_CASE("PHQ-9 item 9: any answer above 'not at all' raises the suicide flag",
          "[measures][phq9]") {
    const auto& in = builtin("phq9");
    CHECK(score(in, phq9(0, 0), "").flags.empty());
    for (int v : {1, 2, 3}) {
        auto s = score(in, phq9(0, v), "");
        CHECK(has_flag(s, "suicidal_ideation", "urgent"));
        CHECK(*s.total == v); // the flag does not depend on the total
    }
    auto blank = phq9(12);
    blank[8] = std::nullopt;
    auto s = score(in, blank, "");
    CHECK(has_flag(s, "suicidal_ideation_unknown", "unknown"));
    CHECK_FALSE(has_flag(s, "suicidal_ideation", "urgent"));
    CHECK_FALSE(s.total.has_value()); // no total with a scored item missing
    CHECK(s.missing == 1);
}

TEST_CASE("PHQ-9 item 10 is optional and never scored", "[measures][phq9]") {
    const auto& in = builtin("phq9");
    auto a = phq9(6);
    auto without = score(in, a, "");
    a.push_back(3);
    auto with = score(in, a, "");
    CHECK(*without.total == 6);
    CHECK(*with.total == 6);
    CHECK(with.items.back().option == 3);
    a.push_back(1);
    CHECK(error_code([&] { score(in, a, ""); }) == -2);                         // 11 answers
    CHECK(error_code([&] { score(in, std::vector<Answer>(8, 0), ""); }) == -2); // 8 answers
}

TEST_CASE("answers outside an item's range are refused", "[measures]") {
    CHECK(error_code([] { score(builtin("phq9"), phq9(3, 4), ""); }) == -2);
    auto neg = phq9(3);
    neg[0] = -1;
    CHECK(error_code([&] { score(builtin("phq9"), neg, ""); }) == -2);
    CHECK(error_code([] { score(builtin("pcl5"), std::vector<Answer>(20, 5), ""); }) == -2);
    CHECK(error_code([] { score(builtin("csi4"), {7, 0, 0, 0}, ""); }) == -2); // item 1 is 0-6
    CHECK_NOTHROW(score(builtin("csi4"), {6, 5, 5, 5}, ""));
}

TEST_CASE("missing items: no total by default; prorating is explicit", "[measures][missing]") {
    const auto& in = builtin("phq9");
    auto a = phq9(0);
    // Seven answered (sum 14), two scored items missing (not item 9).
    a = {2, 2, 2, 2, 2, 2, std::nullopt, std::nullopt, 2};
    auto complete = score(in, a, "");
    CHECK(complete.missing_policy == "complete");
    CHECK_FALSE(complete.total.has_value());
    auto prorated = score(in, a, "prorate");
    CHECK(prorated.missing_policy == "prorate");
    CHECK(prorated.prorated);
    CHECK(*prorated.total == 18); // 14 * 9 / 7 = 18
    a[5] = std::nullopt;          // six answered: below the 7 the policy needs
    CHECK_FALSE(score(in, a, "prorate").total.has_value());
    // No prorating rule is offered for the PCL-5 or the CSI.
    CHECK(error_code([] { score(builtin("pcl5"), std::vector<Answer>(20, 1), "prorate"); }) == -2);
    CHECK(error_code([] { score(builtin("csi4"), {1, 1, 1, 1}, "prorate"); }) == -2);
    CHECK(error_code([] { score(builtin("phq9"), phq9(1), "guess"); }) == -2);
}

TEST_CASE("GAD-7 bands, cut-off and caseness (Spitzer 2006; NHS Talking Therapies)",
          "[measures][gad7]") {
    const auto& in = builtin("gad7");
    struct Case {
        int total;
        const char* band;
    } cases[] = {{0, "minimal"},   {4, "minimal"},   {5, "mild"},    {9, "mild"},
                 {10, "moderate"}, {14, "moderate"}, {15, "severe"}, {21, "severe"}};
    for (auto c : cases) {
        auto s = score(in, answers_for(7, 3, c.total), "");
        INFO("total " << c.total);
        CHECK(*s.band == c.band);
    }
    CHECK(score(in, answers_for(7, 3, 9), "").cutoffs[0].met == false);
    CHECK(score(in, answers_for(7, 3, 10), "").cutoffs[0].met == true);
    CHECK(score(in, answers_for(7, 3, 7), "").in_clinical_range == false);
    CHECK(score(in, answers_for(7, 3, 8), "").in_clinical_range == true);
    auto five = answers_for(7, 3, 10);
    five[5] = five[6] = std::nullopt;
    CHECK(score(in, five, "prorate").prorated);
    five[4] = std::nullopt;
    CHECK_FALSE(score(in, five, "prorate").total.has_value());
}

TEST_CASE("PCL-5 totals, clusters, no bands, and the configurable cut-off", "[measures][pcl5]") {
    const auto& in = builtin("pcl5");
    auto s = score(in, std::vector<Answer>(20, 4), "");
    CHECK(*s.total == 80);
    CHECK_FALSE(s.band.has_value()); // no published severity bands
    REQUIRE(s.subscales.size() == 4);
    CHECK(s.subscales[0] == std::make_pair(std::string("B"), std::optional<double>(20)));
    CHECK(s.subscales[1].second == 8);
    CHECK(s.subscales[2].second == 28);
    CHECK(s.subscales[3].second == 24);
    auto t32 = score(in, answers_for(20, 4, 32), "");
    auto t33 = score(in, answers_for(20, 4, 33), "");
    CHECK(t32.cutoffs[0].value == 33);
    CHECK(t32.cutoffs[0].met == false);
    CHECK(t33.cutoffs[0].met == true);
    auto t31 = score(in, answers_for(20, 4, 31), "", {{"probable_ptsd", 31}});
    CHECK(t31.cutoffs[0].value == 31);
    CHECK(t31.cutoffs[0].met == true);
    // Clinically significant change at <= 28 (Marx 2022): 29 is in range, 28 is not.
    CHECK(score(in, answers_for(20, 4, 29), "").in_clinical_range == true);
    CHECK(score(in, answers_for(20, 4, 28), "").in_clinical_range == false);
}

TEST_CASE("PCL-5 DSM-5 rule: item >= 2 endorses; 1 B, 1 C, 2 D, 2 E", "[measures][pcl5]") {
    const auto& in = builtin("pcl5");
    // The minimal pattern: B1, C1, D1, D2, E1, E2 at 2 -> total 12, rule met, cut-off not.
    std::vector<Answer> a(20, 0);
    for (int item : {1, 6, 8, 9, 15, 16})
        a[item - 1] = 2;
    auto s = score(in, a, "");
    CHECK(*s.total == 12);
    CHECK(s.symptom_rule->met == true);
    CHECK(s.cutoffs[0].met == false);
    // A 1 does not endorse.
    auto b = a;
    b[15] = 1;
    CHECK(score(in, b, "").symptom_rule->met == false);
    // No C symptom: not met, whatever else.
    auto c = std::vector<Answer>(20, 4);
    c[5] = c[6] = 1;
    CHECK(score(in, c, "").symptom_rule->met == false);
    // Missing items: decided when the answers already settle it.
    auto d = a;
    d[19] = std::nullopt; // E6 missing, E already has 2
    auto ds = score(in, d, "");
    CHECK(ds.symptom_rule->met == true);
    CHECK_FALSE(ds.total.has_value());
    auto e = b;           // E has one endorsed, E2 at 1...
    e[16] = std::nullopt; // ...and E3 missing: undecided
    CHECK_FALSE(score(in, e, "").symptom_rule->met.has_value());
    auto f = c; // C cannot be met: C items answered 1
    f[0] = std::nullopt;
    CHECK(score(in, f, "").symptom_rule->met == false);
}

TEST_CASE("CSI-4 and CSI-16: scales, reverse keys and distress cut-offs (Funk & Rogge 2007)",
          "[measures][csi]") {
    const auto& csi4 = builtin("csi4");
    CHECK(csi4.higher_is_better);
    CHECK(csi4.total_max() == 21);
    auto s13 = score(csi4, {4, 3, 3, 3}, "");
    auto s14 = score(csi4, {5, 3, 3, 3}, "");
    CHECK(*s13.total == 13);
    CHECK(s13.cutoffs[0].met == true); // < 13.5: notable dissatisfaction
    CHECK(s14.cutoffs[0].met == false);
    for (const auto& item : csi4.items)
        CHECK_FALSE(item.reverse);

    const auto& csi16 = builtin("csi16");
    CHECK(csi16.total_max() == 81);
    std::vector<int> reversed;
    for (const auto& item : csi16.items)
        if (item.reverse) reversed.push_back(item.number);
    CHECK(reversed == std::vector<int>{26, 28, 30, 32});
    // The most satisfied form: top option everywhere, leftmost (0) on reversed items.
    std::vector<Answer> best;
    for (const auto& item : csi16.items)
        best.push_back(item.reverse ? item.min : item.max);
    auto top = score(csi16, best, "");
    CHECK(*top.total == 81);
    for (const auto& is : top.items)
        if (is.item == 26) {
            CHECK(is.option == 0);
            CHECK(is.score == 5);
        }
    std::vector<Answer> worst;
    for (const auto& item : csi16.items)
        worst.push_back(item.reverse ? item.max : item.min);
    CHECK(*score(csi16, worst, "").total == 0);
    CHECK(score(csi16, worst, "").cutoffs[0].met == true); // < 51.5
}

TEST_CASE("reliable change: published thresholds and direction", "[measures][change]") {
    auto c = reliable_change(builtin("phq9"), 15, 9);
    CHECK(c.delta == -6);
    CHECK(c.direction == "improved");
    CHECK(c.clinically_significant == true);
    CHECK(c.classification == "recovered");
    CHECK(reliable_change(builtin("phq9"), 15, 10).classification == "unchanged");
    CHECK(reliable_change(builtin("phq9"), 20, 12).classification == "improved"); // still >= 10
    CHECK(reliable_change(builtin("phq9"), 10, 16).direction == "deteriorated");
    CHECK(reliable_change(builtin("gad7"), 12, 8).classification ==
          "improved"); // 8 is still a case
    CHECK(reliable_change(builtin("gad7"), 11, 7).classification == "recovered");
    CHECK(reliable_change(builtin("gad7"), 11, 8).direction == "no_reliable_change");
    CHECK(reliable_change(builtin("pcl5"), 50, 35).classification == "improved");
    CHECK(reliable_change(builtin("pcl5"), 40, 25).classification == "recovered");
    CHECK(reliable_change(builtin("pcl5"), 40, 26).classification == "unchanged"); // 14 < 15
    auto csi = reliable_change(builtin("csi4"), 8, 16);
    CHECK(csi.method == "none");
    CHECK(csi.classification == "unknown");
}

TEST_CASE("Jacobson & Truax reliable change, computed by hand", "[measures][change]") {
    // SD 5, r .80: S_E = 5 * sqrt(.2) = 2.2361; S_diff = sqrt(2 * 2.2361^2) = 3.1623;
    // 1.96 * S_diff = 6.1981 points.
    CHECK(jacobson_truax_threshold(5, 0.80) == Approx(6.1981).epsilon(1e-4));
    // DAS worked example in the reference note: SD 11.83, r .84 -> 13.11 points.
    CHECK(jacobson_truax_threshold(11.83, 0.84) == Approx(13.11).epsilon(1e-3));
    auto in = instrument_from_json_text(R"({
      "code": "trust8", "name": "Trust scale", "higher_is_better": true,
      "items": [{"number": 1, "min": 0, "max": 40}],
      "reliable_change": {"method": "jacobson_truax", "sd": 5, "reliability": 0.8},
      "clinical_range": {"comparator": "<", "value": 20}
    })");
    CHECK(reliable_change(in, 10, 16).direction == "no_reliable_change"); // 6 < 6.198
    auto up = reliable_change(in, 10, 17);
    CHECK(up.direction == "improved"); // higher is better
    CHECK(up.clinically_significant == false);
    CHECK(reliable_change(in, 15, 22).classification == "recovered");
    CHECK(reliable_change(in, 30, 23).classification == "deteriorated");
}

TEST_CASE("held over time: k administrations meeting a condition, d days apart",
          "[measures][sustained]") {
    auto p = [](long long id, long day, double total) { return Point{id, "", day, total}; };
    // Latest two below 33 but only 10 days apart.
    auto s = sustained({p(1, 0, 40), p(2, 20, 30), p(3, 30, 31)}, "<", 33, 2, 14);
    CHECK_FALSE(s.met);
    CHECK(s.found == 1);
    // One low score is not enough.
    CHECK_FALSE(sustained({p(1, 0, 45), p(2, 14, 30)}, "<", 33, 2, 14).met);
    // Two low scores 14+ days apart.
    auto ok = sustained({p(1, 0, 45), p(2, 14, 30), p(3, 28, 31)}, "<", 33, 2, 14);
    CHECK(ok.met);
    REQUIRE(ok.evidence.size() == 2);
    CHECK(ok.evidence[0].administration_id == 2);
    CHECK(ok.evidence[1].administration_id == 3);
    // A close low score in between is skipped, not a reason to fail.
    CHECK(sustained({p(1, 0, 30), p(2, 5, 29), p(3, 20, 31)}, "<", 33, 2, 14).met);
    // A high score breaks the run.
    CHECK_FALSE(sustained({p(1, 0, 30), p(2, 20, 40), p(3, 40, 31)}, "<", 33, 2, 14).met);
    // An administration with no total breaks it too.
    CHECK_FALSE(
        sustained({p(1, 0, 30), Point{2, "", 20, std::nullopt}, p(3, 40, 31)}, "<", 33, 2, 14).met);
    CHECK_FALSE(sustained({}, "<", 33, 1, 0).met);
    CHECK(error_code([] { sustained({}, "=", 33, 1, 0); }) == -2);
    CHECK(error_code([] { sustained({}, "<", 33, 0, 0); }) == -2);
}

TEST_CASE("instrument definitions are validated, naming the bad field", "[measures][definition]") {
    auto message = [](const std::string& text) {
        try {
            instrument_from_json_text(text);
        } catch (const mend::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(message("{"), Catch::Contains("not valid JSON"));
    CHECK_THAT(message(R"({"name": "x", "items": [{"number": 1, "min": 0, "max": 3}]})"),
               Catch::Contains("code is required"));
    CHECK_THAT(
        message(R"({"code": "x", "name": "x", "items": [{"number": 1, "min": 3, "max": 3}]})"),
        Catch::Contains("items[0].max"));
    CHECK_THAT(message(R"({"code": "x", "name": "x", "items": [{"number": 1, "min": 0, "max": 3},
                                                              {"number": 1, "min": 0, "max": 3}]})"),
               Catch::Contains("items[1].number"));
    CHECK_THAT(message(R"({"code": "x", "name": "x", "items": [{"number": 1, "min": 0, "max": 3}],
                           "safety_items": [{"item": 2, "at_least": 1, "flag": "f", "message": "m"}]})"),
               Catch::Contains("safety_items[0].item"));
    CHECK_THAT(message(R"({"code": "x", "name": "x", "items": [{"number": 1, "min": 0, "max": 3}],
                           "bands": [{"min": 0, "max": 9, "label": "too wide"}]})"),
               Catch::Contains("bands[0].min"));
    CHECK_THAT(message(R"({"code": "x", "name": "x", "items": [{"number": 1, "min": 0, "max": 3}],
                           "reliable_change": {"method": "jacobson_truax", "sd": 2, "reliability": 1.2}})"),
               Catch::Contains("reliable_change.reliability"));
    CHECK_THAT(
        message(
            R"({"code": "Bad Code", "name": "x", "items": [{"number": 1, "min": 0, "max": 3}]})"),
        Catch::Contains("code may hold only"));
    // Every built-in survives a round trip through its own JSON.
    for (const auto& b : builtin_instruments()) {
        auto again = instrument_from_json(to_json(b));
        CHECK(to_json(again) == to_json(b));
    }
}

TEST_CASE("safety screens raise the flags their answers call for", "[measures][safety]") {
    SafetyScreen s;
    s.ipv = "none";
    s.suicide_risk = "none";
    CHECK(screen_flags(s).empty());
    s.ipv = "current";
    auto f = screen_flags(s);
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "ipv_current");
    CHECK(f[0].severity == "urgent");
    s.ipv = "past";
    CHECK(screen_flags(s)[0].code == "ipv_past");
    s.ipv = "unknown";
    s.suicide_risk = "unknown";
    f = screen_flags(s);
    REQUIRE(f.size() == 2);
    CHECK(f[0].code == "ipv_unknown");
    CHECK(f[1].code == "suicide_risk_unknown");
    s.ipv = "none";
    for (const char* r : {"moderate", "high"}) {
        s.suicide_risk = r;
        CHECK(screen_flags(s)[0].code == "suicide_risk");
    }
    s.suicide_risk = "low";
    CHECK(screen_flags(s).empty());
    s.ipv = "sometimes";
    CHECK(error_code([&] { validate(s); }) == -2);
}

TEST_CASE("administrations become points for the time rules", "[measures][sustained]") {
    Administration a, b;
    a.id = 4;
    a.administered_on = "2026-11-01";
    a.total = 30;
    b.id = 9;
    b.administered_on = "2026-11-15";
    auto points = points_of({a, b});
    REQUIRE(points.size() == 2);
    CHECK(points[0].administration_id == 4);
    CHECK(points[1].days - points[0].days == 14);
    CHECK(points[0].total == 30.0);
    CHECK_FALSE(points[1].total.has_value());
}
