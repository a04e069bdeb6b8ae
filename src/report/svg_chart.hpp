// Inline SVG charts for the HTML reports: a line chart of one client's totals
// on one instrument (phase bands behind the line, cut-offs, band boundaries,
// reliable-change markers) and a bar chart of sessions per week. The output is
// well-formed XML with its own xmlns; every text is escaped.
#pragma once

#include "report/snapshot.hpp"

#include <string>
#include <vector>

namespace mend::report {

struct PlotArea {
    double left = 0, top = 0, right = 0, bottom = 0;
};

// Where values land in a line chart: dates linearly between first_day (the
// left edge of the plot) and last_day (the right edge); totals linearly
// between total_min (the bottom edge) and total_max (the top edge).
struct LineChartGeometry {
    double width = 0, height = 0;
    PlotArea plot;
    long first_day = 0, last_day = 0;
    double total_min = 0, total_max = 0;

    double x(long day) const;
    double y(double total) const;
};

LineChartGeometry line_chart_geometry(double width, double height, long first_day, long last_day,
                                      double total_min, double total_max);

// One phase band behind a line chart.
struct ChartPhase {
    int number = 0; // 1-based position in the timeline, as the legend shows it
    std::string phase, name, track, kind;
    long from_day = 0;
    std::optional<long> to_day; // null: until the chart's end
};

std::vector<ChartPhase> chart_phases(const std::vector<TimelineEntry>& timeline);

struct LineChartOptions {
    double width = 640, height = 260;
    std::string id; // unique in the document: prefixes the ids inside the chart
    long first_day = 0, last_day = 0;
};

std::string line_chart_svg(const Measure& m, const std::vector<ChartPhase>& phases,
                           const LineChartOptions& o);

// A small swatch of a track's fill, for legends.
std::string track_swatch_svg(const std::string& track, const std::string& id);

// Bars of sessions per week, in the order given.
std::string bar_chart_svg(const std::vector<WeekCount>& weeks, const std::string& id,
                          const std::string& title);

// Civil date of a day number (days since 1970-01-01).
struct Ymd {
    int year = 0, month = 0, day = 0;
};
Ymd civil_from_days(long days);
long days_from_civil(int year, int month, int day);

// Coordinates as the SVG prints them: at most 1 decimal, no "-0".
std::string coord(double v);

} // namespace mend::report
