// Chart geometry: where totals and dates land, and what the SVG carries.
#include "report/snapshot.hpp"
#include "report/svg_chart.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace mend::report;

TEST_CASE("line chart geometry: totals bottom to top, dates left to right", "[svg]") {
    long first = days_from_civil(2026, 6, 1), last = days_from_civil(2026, 11, 30);
    LineChartGeometry g = line_chart_geometry(640, 260, first, last, 0, 80);
    REQUIRE(g.plot.left < g.plot.right);
    REQUIRE(g.plot.top < g.plot.bottom);
    CHECK(g.y(0) == Approx(g.plot.bottom)); // total_min at the bottom of the plot area
    CHECK(g.y(80) == Approx(g.plot.top));   // total_max at the top
    CHECK(g.y(40) == Approx((g.plot.top + g.plot.bottom) / 2));
    CHECK(g.x(first) == Approx(g.plot.left)); // the first date at the left
    CHECK(g.x(last) == Approx(g.plot.right)); // the last date at the right
    CHECK(g.x(first + (last - first) / 2) == Approx((g.plot.left + g.plot.right) / 2).margin(1.0));
    CHECK(g.y(60) < g.y(20)); // higher totals are higher up, for every instrument
}

TEST_CASE("line chart geometry: a range that does not start at 0, and degenerate ranges", "[svg]") {
    LineChartGeometry g = line_chart_geometry(360, 260, 100, 200, 10, 20);
    CHECK(g.y(10) == Approx(g.plot.bottom));
    CHECK(g.y(20) == Approx(g.plot.top));
    LineChartGeometry one_day = line_chart_geometry(360, 260, 100, 100, 5, 5);
    CHECK(one_day.x(100) == Approx((one_day.plot.left + one_day.plot.right) / 2));
    CHECK(one_day.y(5) == Approx((one_day.plot.top + one_day.plot.bottom) / 2));
}

TEST_CASE("civil dates round-trip", "[svg]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2026, 7, 21) == day_number("d", "2026-07-21"));
    Ymd d = civil_from_days(days_from_civil(2028, 2, 29));
    CHECK((d.year == 2028 && d.month == 2 && d.day == 29));
}

namespace {

Measure sample_measure() {
    Measure m;
    m.client_id = 1;
    m.client_name = "Jamie <Morgan>";
    m.instrument = "pcl5";
    m.abbreviation = "PCL-5";
    m.higher_is_better = false;
    m.total_min = {0, "0"};
    m.total_max = {80, "80"};
    m.cutoffs.push_back({"probable_ptsd", "probable PTSD", ">=", {33, "33"}});
    auto add = [&](const char* date, std::optional<double> total, const char* cls) {
        MeasurePoint p;
        p.date = date;
        p.day = day_number("date", date);
        if (total) p.total = Number{*total, std::to_string(static_cast<int>(*total))};
        if (cls) p.from_previous = Change{cls, std::nullopt, std::nullopt};
        m.points.push_back(p);
    };
    add("2026-06-01", 80, nullptr);
    add("2026-08-01", std::nullopt, nullptr);
    add("2026-09-01", 40, "improved");
    add("2026-11-30", 0, "recovered");
    return m;
}

} // namespace

TEST_CASE("line chart SVG: points where the geometry puts them", "[svg]") {
    Measure m = sample_measure();
    LineChartOptions o;
    o.width = 640;
    o.height = 260;
    o.id = "t1";
    o.first_day = day_number("from", "2026-06-01");
    o.last_day = day_number("to", "2026-11-30");
    TimelineEntry e;
    e.phase = "safety_stabilisation";
    e.phase_name = "Safety and stabilisation";
    e.track = "trauma";
    e.kind = "start";
    e.entered_on = "2026-05-01";
    e.left_on = "2026-08-15";
    std::string svg = line_chart_svg(m, chart_phases({e}), o);
    LineChartGeometry g = line_chart_geometry(640, 260, o.first_day, o.last_day, 0, 80);

    std::regex point(
        R"re(<circle class="point" cx="([0-9.]+)" cy="([0-9.]+)"[^>]*data-date="([0-9-]+)" data-total="([0-9.]+)")re");
    std::vector<std::smatch> found;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), point);
         it != std::sregex_iterator(); ++it)
        found.push_back(*it);
    REQUIRE(found.size() == 3); // the null total is skipped
    CHECK(found[0][3] == "2026-06-01");
    CHECK(std::stod(found[0][1]) == Approx(g.plot.left).margin(0.05)); // first date: left edge
    CHECK(std::stod(found[0][2]) == Approx(g.plot.top).margin(0.05));  // total_max: top edge
    CHECK(found[2][3] == "2026-11-30");
    CHECK(std::stod(found[2][1]) == Approx(g.plot.right).margin(0.05));  // last date: right edge
    CHECK(std::stod(found[2][2]) == Approx(g.plot.bottom).margin(0.05)); // total_min: bottom edge

    CHECK(svg.find(R"(data-change="improved")") != std::string::npos);
    CHECK(svg.find(R"(data-change="recovered")") != std::string::npos);
    CHECK(svg.find(R"(<line class="cutoff" data-value="33")") != std::string::npos);
    CHECK(svg.find(R"(class="series")") != std::string::npos);
    // The phase band is clipped to the chart's first day.
    CHECK(
        svg.find(
            R"(<rect class="phase" data-phase="safety_stabilisation" data-track="trauma" x="42")") !=
        std::string::npos);
    CHECK(svg.find(R"(xmlns="http://www.w3.org/2000/svg")") != std::string::npos);
    CHECK(svg.find("Jamie &lt;Morgan&gt;") != std::string::npos);
    CHECK(svg.find("Jamie <Morgan>") == std::string::npos);
}

TEST_CASE("bar chart SVG: one bar per week", "[svg]") {
    std::string svg =
        bar_chart_svg({{"2026-11-16", 8}, {"2026-11-23", 0}}, "b", "Sessions <per> week");
    CHECK(svg.find(R"(<rect class="bar" data-week="2026-11-16" data-count="8")") !=
          std::string::npos);
    CHECK(svg.find(R"(<rect class="bar" data-week="2026-11-23" data-count="0")") !=
          std::string::npos);
    CHECK(svg.find("Sessions &lt;per&gt; week") != std::string::npos);
}

TEST_CASE("coordinates print with at most one decimal", "[svg]") {
    CHECK(coord(42) == "42");
    CHECK(coord(42.04) == "42");
    CHECK(coord(42.25) == "42.3");
    CHECK(coord(-0.01) == "0");
}
