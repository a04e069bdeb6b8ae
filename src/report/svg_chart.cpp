#include "report/svg_chart.hpp"

#include "report/escape.hpp"
#include "report/format.hpp"
#include "report/phrases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace mend::report {

namespace {

const char* const font_family = "DejaVu Sans, Noto Sans, Segoe UI, Arial, sans-serif";
const char* const line_colour = "#1f3a5f";
// Text drawn over bands gets a white halo so it stays readable.
const char* const halo =
    R"( stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke")";

// A rough width of text in the chart's font, to decide whether a label fits.
double text_width(std::string_view text, double font_size) {
    double w = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;
        w += c < 0x80 ? 0.6 * font_size : 1.0 * font_size;
    }
    return w;
}

// Shorten a label until it fits `width` (or give up: empty).
std::string fit(const std::string& text, double width, double font_size) {
    if (text_width(text, font_size) <= width) return text;
    std::size_t n = utf8_length(text);
    while (n > 1) {
        --n;
        std::string t = utf8_truncate(text, n);
        if (text_width(t, font_size) <= width) return t;
    }
    return {};
}

// Ticks at a "nice" step (1, 2 or 5 times a power of ten) from lo to hi.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> ticks;
    double range = hi - lo;
    if (!(range > 0)) return {lo};
    double raw = range / std::max(1, max_ticks - 1);
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * mag;
        if (range / step <= max_ticks - 1 + 1e-9) break;
    }
    double start = std::ceil(lo / step - 1e-9) * step;
    for (double v = start; v <= hi + 1e-9; v += step)
        ticks.push_back(std::round(v / step) * step);
    return ticks;
}

struct Fill {
    const char* background;
    const char* ink;
    const char* kind; // hatch | dots | lines | cross | vertical | plain
};

Fill track_fill(const std::string& track) {
    if (track == "trauma") return {"#f6dcc7", "#b9774a", "hatch"};
    if (track == "relational") return {"#d3e4f4", "#3f6f9f", "dots"};
    if (track == "separation") return {"#e4d8f0", "#7a5a9e", "lines"};
    if (track == "closure") return {"#d6edd3", "#4b8445", "cross"};
    if (track == "integration") return {"#d5ecea", "#3d8a80", "vertical"};
    return {"#ebebeb", "#8a8a8a", "plain"};
}

std::string track_key(const std::string& track) {
    for (const char* t : {"trauma", "relational", "separation", "closure", "integration"})
        if (track == t) return t;
    return "other";
}

// A pattern per track so that the bands differ in greyscale too.
std::string pattern_def(const std::string& track, const std::string& id) {
    Fill f = track_fill(track);
    std::string k = f.kind, body;
    body += fmt::format(R"(<rect width="10" height="10" fill="{}"/>)", f.background);
    const char* ink = R"( stroke-opacity="0.55")";
    if (k == "hatch")
        body += fmt::format(
            R"(<path d="M-1,1 l2,-2 M0,10 l10,-10 M9,11 l2,-2" stroke="{}" stroke-width="0.8"{}/>)",
            f.ink, ink);
    else if (k == "dots")
        body += fmt::format(
            R"(<circle cx="2.5" cy="2.5" r="1.1" fill="{0}" fill-opacity="0.6"/><circle cx="7.5" cy="7.5" r="1.1" fill="{0}" fill-opacity="0.6"/>)",
            f.ink);
    else if (k == "lines")
        body += fmt::format(R"(<path d="M0,2.5 h10 M0,7.5 h10" stroke="{}" stroke-width="0.7"{}/>)",
                            f.ink, ink);
    else if (k == "cross")
        body +=
            fmt::format(R"(<path d="M0,0 l10,10 M10,0 l-10,10" stroke="{}" stroke-width="0.6"{}/>)",
                        f.ink, ink);
    else if (k == "vertical")
        body += fmt::format(R"(<path d="M2.5,0 v10 M7.5,0 v10" stroke="{}" stroke-width="0.7"{}/>)",
                            f.ink, ink);
    return fmt::format(
        R"(<pattern id="{}" patternUnits="userSpaceOnUse" width="10" height="10">{}</pattern>)", id,
        body);
}

struct XTick {
    long day;
    std::string label, year;
};

std::vector<XTick> x_ticks(long first, long last, int max_ticks) {
    std::vector<XTick> ticks;
    long span = last - first;
    if (span <= 0) {
        Ymd d = civil_from_days(first);
        ticks.push_back({first, fmt::format("{} {}", d.day, month_abbreviation(d.month)),
                         std::to_string(d.year)});
        return ticks;
    }
    if (span <= 75) {
        long step = 7;
        while (span / step + 1 > max_ticks)
            step += 7;
        int last_year = 0;
        for (long day = first; day <= last; day += step) {
            Ymd d = civil_from_days(day);
            ticks.push_back({day, fmt::format("{} {}", d.day, month_abbreviation(d.month)),
                             d.year != last_year ? std::to_string(d.year) : std::string()});
            last_year = d.year;
        }
        return ticks;
    }
    Ymd a = civil_from_days(first);
    long months = static_cast<long>(span / 30.44) + 1;
    int step = 1;
    for (int s : {1, 2, 3, 6, 12}) {
        step = s;
        if (months / s + 1 <= max_ticks) break;
    }
    int y = a.year, m = a.month;
    bool first_tick = true;
    for (int guard = 0; guard < 1200; ++guard) {
        long day = days_from_civil(y, m, 1);
        if (day > last) break;
        if (day >= first && (m - 1) % step == 0) {
            ticks.push_back({day, month_abbreviation(m),
                             first_tick || m == 1 ? std::to_string(y) : std::string()});
            first_tick = false;
        }
        if (++m > 12) m = 1, ++y;
    }
    return ticks;
}

std::string attr(const std::string& s) {
    return escape_html(s);
}

} // namespace

std::string coord(double v) {
    double r = std::round(v * 10.0) / 10.0;
    if (r == 0) return "0";
    if (r == std::trunc(r)) return fmt::format("{:.0f}", r);
    return fmt::format("{:.1f}", r);
}

Ymd civil_from_days(long z) {
    // Howard Hinnant's algorithm (proleptic Gregorian calendar).
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

long days_from_civil(int year, int month, int day) {
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

double LineChartGeometry::x(long day) const {
    if (last_day <= first_day) return (plot.left + plot.right) / 2;
    return plot.left + static_cast<double>(day - first_day) /
                           static_cast<double>(last_day - first_day) * (plot.right - plot.left);
}

double LineChartGeometry::y(double total) const {
    if (!(total_max > total_min)) return (plot.top + plot.bottom) / 2;
    return plot.bottom - (total - total_min) / (total_max - total_min) * (plot.bottom - plot.top);
}

LineChartGeometry line_chart_geometry(double width, double height, long first_day, long last_day,
                                      double total_min, double total_max) {
    LineChartGeometry g;
    g.width = width;
    g.height = height;
    g.plot = PlotArea{42, 36, width - 12, height - 34};
    g.first_day = first_day;
    g.last_day = last_day;
    g.total_min = total_min;
    g.total_max = total_max;
    return g;
}

std::vector<ChartPhase> chart_phases(const std::vector<TimelineEntry>& timeline) {
    std::vector<ChartPhase> out;
    for (std::size_t i = 0; i < timeline.size(); ++i) {
        const auto& e = timeline[i];
        ChartPhase p;
        p.number = static_cast<int>(i + 1);
        p.phase = e.phase;
        p.name = e.phase_name;
        p.track = e.track;
        p.kind = e.kind;
        p.from_day = day_number("phase_timeline.entered_on", e.entered_on);
        if (e.left_on) p.to_day = day_number("phase_timeline.left_on", *e.left_on);
        out.push_back(p);
    }
    return out;
}

std::string track_swatch_svg(const std::string& track, const std::string& id) {
    return fmt::format(
        R"~(<svg xmlns="http://www.w3.org/2000/svg" class="swatch" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true"><defs>{}</defs><rect x="0.5" y="0.5" width="21" height="11" fill="url(#{})" stroke="#555" stroke-width="1"/></svg>)~",
        pattern_def(track, id), id);
}

std::string line_chart_svg(const Measure& m, const std::vector<ChartPhase>& phases,
                           const LineChartOptions& o) {
    const LineChartGeometry g = line_chart_geometry(o.width, o.height, o.first_day, o.last_day,
                                                    m.total_min.value, m.total_max.value);
    const PlotArea& p = g.plot;
    const std::string& id = o.id;
    const double strip_top = 17;
    auto clamp_y = [&](double v) { return std::clamp(v, p.top, p.bottom); };

    std::vector<const MeasurePoint*> scored;
    for (const auto& pt : m.points)
        if (pt.total) scored.push_back(&pt);

    std::string s;
    s += fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" id="{0}" viewBox="0 0 {1} {2}" width="{1}" height="{2}" role="img" aria-labelledby="{0}-title {0}-desc" data-client-id="{3}" data-instrument="{4}" font-family="{5}" font-size="10">)",
        id, coord(o.width), coord(o.height), m.client_id, attr(m.instrument), font_family);
    s += '\n';
    s += fmt::format(R"(<title id="{}-title">{}: totals for {} over time</title>)", id,
                     attr(m.abbreviation), attr(m.client_name));
    s += '\n';
    std::string desc;
    if (scored.empty())
        desc = "No scored administrations in this period.";
    else
        desc = fmt::format("{} from {} to {}; {} Shaded bands show the treatment phases. The table "
                           "with this chart "
                           "lists every value.",
                           plural(static_cast<long long>(scored.size()), "scored administration",
                                  "scored administrations"),
                           scored.front()->date, scored.back()->date, scale_sentence(m));
    s += fmt::format(R"(<desc id="{}-desc">{}</desc>)", id, attr(desc));
    s += '\n';

    // The phase bands, clipped to the chart's days.
    std::set<std::string> tracks;
    struct PhaseBand {
        const ChartPhase* phase;
        double x0, x1;
    };
    std::vector<PhaseBand> bands;
    for (const auto& ph : phases) {
        long a = std::max(ph.from_day, g.first_day);
        long b = std::min(ph.to_day ? *ph.to_day : g.last_day, g.last_day);
        if (b < a || (b == a && g.last_day > g.first_day)) continue;
        bands.push_back({&ph, g.x(a), b == a ? g.x(a) + 1 : g.x(b)});
        tracks.insert(track_key(ph.track));
    }
    if (!tracks.empty()) {
        s += "<defs>";
        for (const auto& t : tracks)
            s += pattern_def(t == "other" ? "" : t, id + "-" + t);
        s += "</defs>\n";
    }
    s += R"(<g class="phases">)";
    s += '\n';
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const auto& b = bands[i];
        // Neighbouring bands alternate in strength, so that phases of one track stay apart.
        s += fmt::format(
            R"~(<rect class="phase" data-phase="{}" data-track="{}" x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" fill-opacity="{}"><title>{}</title></rect>)~",
            attr(b.phase->phase), attr(b.phase->track), coord(b.x0), coord(strip_top),
            coord(b.x1 - b.x0), coord(p.bottom - strip_top), id, track_key(b.phase->track),
            i % 2 == 0 ? "0.7" : "0.4",
            attr(fmt::format("{}. {}", b.phase->number, b.phase->name)));
        s += '\n';
    }
    for (const auto& b : bands) {
        if (b.x0 > p.left + 0.5)
            s += fmt::format(
                R"(<line class="phase-edge" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#555555" stroke-width="1"{3}/>)",
                coord(b.x0), coord(strip_top), coord(p.bottom),
                b.phase->kind == "back" ? R"( stroke-dasharray="3 2")" : "");
        // The strip above the plot: "2 Safety and stabilisation", or "2", as room allows.
        std::string mark = b.phase->kind == "override" ? "*"
                           : b.phase->kind == "back"   ? "\u21a9"
                                                       : "";
        std::string number = std::to_string(b.phase->number) + mark;
        double room = b.x1 - b.x0 - 5;
        std::string label = fit(number + " " + b.phase->name, room, 9);
        if (utf8_length(label) < utf8_length(number) + 5)
            label = text_width(number, 9) <= room ? number : std::string();
        if (!label.empty())
            s += fmt::format(
                R"(<text class="phase-label" x="{}" y="{}" font-size="9" fill="#1a1a1a">{}</text>)",
                coord(b.x0 + 3), coord(strip_top + 12), escape_html(label));
        s += '\n';
    }
    s += "</g>\n";

    // The points first: labels are placed around them.
    struct Box {
        double x0, y0, x1, y1;
    };
    std::vector<Box> taken;
    struct Dot {
        const MeasurePoint* pt;
        double x, y;
        bool marked;
    };
    std::vector<Dot> dots;
    for (const auto* pt : scored) {
        Dot d{pt, g.x(pt->day), clamp_y(g.y(pt->total->value)), marked_change(pt->from_previous)};
        double r = d.marked ? 8.5 : 5;
        taken.push_back({d.x - r, d.y - r, d.x + r, d.y + r});
        dots.push_back(d);
    }
    struct Candidate {
        double x, y; // anchor and baseline
        const char* anchor;
    };
    auto label_box = [](const Candidate& c, double w) {
        std::string a = c.anchor;
        double x0 = a == "start" ? c.x : a == "end" ? c.x - w : c.x - w / 2;
        return Box{x0 - 1, c.y - 9, x0 + w + 1, c.y + 2.5};
    };
    // The first candidate inside the plot that overlaps nothing placed so far
    // (else the first inside the plot), which then takes its room.
    auto place = [&](const std::vector<Candidate>& candidates, double w) {
        const Candidate* fallback = nullptr;
        for (const auto& c : candidates) {
            Box b = label_box(c, w);
            if (b.y0 < p.top - 2 || b.y1 > p.bottom || b.x0 < p.left - 1 || b.x1 > p.right + 1)
                continue;
            if (!fallback) fallback = &c;
            bool clear = std::none_of(taken.begin(), taken.end(), [&](const Box& t) {
                return b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1;
            });
            if (clear) {
                taken.push_back(b);
                return c;
            }
        }
        Candidate c = fallback ? *fallback : candidates.front();
        taken.push_back(label_box(c, w));
        return c;
    };
    std::string labels;

    // Band boundaries (faint); band names go with the labels.
    std::vector<Band> sorted = m.bands;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Band& a, const Band& b) { return a.min.value < b.min.value; });
    struct BandName {
        std::string label;
        double top, bottom;
    };
    std::vector<BandName> band_names;
    if (!sorted.empty()) {
        s += R"(<g class="bands">)";
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            double lo = i == 0 ? g.total_min : (sorted[i - 1].max.value + sorted[i].min.value) / 2;
            double hi = i + 1 == sorted.size()
                            ? g.total_max
                            : (sorted[i].max.value + sorted[i + 1].min.value) / 2;
            if (i > 0 && lo > g.total_min && lo < g.total_max)
                s += fmt::format(
                    R"(<line class="band-rule" data-value="{0}" x1="{1}" y1="{2}" x2="{3}" y2="{2}" stroke="#9a9a9a" stroke-width="0.7"/>)",
                    format_number(lo), coord(p.left), coord(g.y(lo)), coord(p.right));
            double top = clamp_y(g.y(hi)), bottom = clamp_y(g.y(lo));
            if (bottom - top >= 11)
                band_names.push_back(
                    {fit(sorted[i].label, (p.right - p.left) / 2, 8.5), top, bottom});
        }
        s += "</g>\n";
    }

    // Axes, ticks and labels.
    s += R"(<g class="axes" stroke="#333333" stroke-width="1">)";
    s += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><line x1="{0}" y1="{2}" x2="{3}" y2="{2}"/>)",
        coord(p.left), coord(p.top), coord(p.bottom), coord(p.right));
    s += "</g>\n";
    s += fmt::format(
        R"(<text class="axis-note" x="2" y="11" font-size="9.5" fill="#1a1a1a">{}</text>)",
        escape_html(axis_direction(m)));
    s += '\n';
    auto yticks = nice_ticks(g.total_min, g.total_max, 6);
    for (double v : yticks)
        s += fmt::format(
            R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333333"/><text x="{3}" y="{4}" text-anchor="end" fill="#1a1a1a">{5}</text>)",
            coord(p.left - 4), coord(g.y(v)), coord(p.left), coord(p.left - 6), coord(g.y(v) + 3.5),
            format_number(v));
    s += '\n';
    int max_x = o.width < 500 ? 5 : 8;
    for (const auto& t : x_ticks(g.first_day, g.last_day, max_x)) {
        double x = g.x(t.day);
        s += fmt::format(
            R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#333333"/><text x="{0}" y="{3}" text-anchor="middle" fill="#1a1a1a">{4}</text>)",
            coord(x), coord(p.bottom), coord(p.bottom + 4), coord(p.bottom + 15),
            escape_html(t.label));
        if (!t.year.empty())
            s += fmt::format(
                R"(<text x="{}" y="{}" text-anchor="middle" font-size="9" fill="#4d4d4d">{}</text>)",
                coord(x), coord(p.bottom + 27), t.year);
    }
    s += '\n';

    // Cut-offs: dashed lines; their labels go with the labels.
    struct CutName {
        std::string label;
        double y;
    };
    std::vector<CutName> cut_names;
    for (const auto& c : m.cutoffs) {
        if (c.value.value < g.total_min || c.value.value > g.total_max) continue;
        double y = g.y(c.value.value);
        s += fmt::format(
            R"(<line class="cutoff" data-value="{0}" x1="{1}" y1="{2}" x2="{3}" y2="{2}" stroke="#1a1a1a" stroke-width="1.3" stroke-dasharray="7 4"/>)",
            c.value.text, coord(p.left), coord(y), coord(p.right));
        s += '\n';
        cut_names.push_back({fit(c.label + ": " + c.value.text, p.right - p.left - 10, 9), y});
    }

    if (scored.empty())
        labels += fmt::format(
            R"(<text x="{}" y="{}" text-anchor="middle" fill="#1a1a1a"{}>No scored administrations in this period.</text>)",
            coord((p.left + p.right) / 2), coord((p.top + p.bottom) / 2), halo);

    // The line, then the points on top.
    if (dots.size() > 1) {
        std::string pts;
        for (const auto& d : dots)
            pts += (pts.empty() ? "" : " ") + coord(d.x) + "," + coord(d.y);
        s += fmt::format(
            R"(<polyline class="series" points="{}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"/>)",
            pts, line_colour);
        s += '\n';
    }
    for (const auto& d : dots) {
        const MeasurePoint* pt = d.pt;
        std::string change;
        if (d.marked) {
            const std::string& c = pt->from_previous->classification;
            bool worse = c == "deteriorated";
            const char* colour = worse ? "#9b1c1c" : "#1b6a36";
            s += fmt::format(
                R"(<circle class="change-ring" cx="{}" cy="{}" r="7" fill="none" stroke="{}" stroke-width="1.6"{}/>)",
                coord(d.x), coord(d.y), colour, worse ? R"( stroke-dasharray="2.5 1.5")" : "");
            change = fmt::format(R"( data-change="{}")", c);
        }
        std::string tip = pt->date + ": " + pt->total->text;
        if (pt->band) tip += " (" + *pt->band + ")";
        if (pt->from_previous) tip += "; " + change_text(pt->from_previous);
        s += fmt::format(
            R"(<circle class="point" cx="{}" cy="{}" r="3.6" fill="{}" stroke="#ffffff" stroke-width="1" data-date="{}" data-total="{}"{}><title>{}</title></circle>)",
            coord(d.x), coord(d.y), line_colour, pt->date, pt->total->text, change,
            escape_html(tip));
        s += '\n';
    }

    // Labels last, on top, placed clear of the points and of one another:
    // reliable changes first, then cut-offs, then band names.
    for (const auto& d : dots) {
        if (!d.marked) continue;
        const std::string& c = d.pt->from_previous->classification;
        bool worse = c == "deteriorated";
        std::string word = c == "recovered" ? "recovered" : worse ? "worse" : "better";
        double w = text_width(word, 9) * 1.1; // bold
        double mx = std::clamp(d.x, p.left + w / 2 + 1, p.right - w / 2 - 1);
        Candidate at = place({{mx, d.y - 11, "middle"},
                              {mx, d.y + 19, "middle"},
                              {d.x + 10, d.y + 3.5, "start"},
                              {d.x - 10, d.y + 3.5, "end"}},
                             w);
        labels += fmt::format(
            R"(<text class="change-label" x="{}" y="{}" text-anchor="{}" font-size="9" font-weight="bold" fill="{}"{}>{}</text>)",
            coord(at.x), coord(at.y), at.anchor, worse ? "#9b1c1c" : "#1b6a36", halo, word);
        labels += '\n';
    }
    for (const auto& c : cut_names) {
        double w = text_width(c.label, 9);
        double mid = (p.left + p.right) / 2;
        Candidate at = place({{p.right - 3, c.y - 4, "end"},
                              {p.right - 3, c.y + 11, "end"},
                              {p.left + 4, c.y - 4, "start"},
                              {p.left + 4, c.y + 11, "start"},
                              {mid, c.y - 4, "middle"},
                              {mid, c.y + 11, "middle"}},
                             w);
        labels += fmt::format(
            R"(<text class="cutoff-label" x="{}" y="{}" text-anchor="{}" font-size="9" fill="#1a1a1a"{}>{}</text>)",
            coord(at.x), coord(at.y), at.anchor, halo, escape_html(c.label));
        labels += '\n';
    }
    for (const auto& b : band_names) {
        if (b.label.empty()) continue;
        double w = text_width(b.label, 8.5);
        double y = (b.top + b.bottom) / 2 + 3;
        Candidate at = place({{p.left + 4, y, "start"},
                              {p.right - 4, y, "end"},
                              {(p.left + p.right) / 2, y, "middle"}},
                             w);
        labels += fmt::format(
            R"(<text class="band-label" x="{}" y="{}" text-anchor="{}" font-size="8.5" font-style="italic" fill="#4d4d4d"{}>{}</text>)",
            coord(at.x), coord(at.y), at.anchor, halo, escape_html(b.label));
        labels += '\n';
    }
    if (!labels.empty()) s += "<g class=\"labels\">\n" + labels + "</g>\n";
    s += "</svg>";
    return s;
}

std::string bar_chart_svg(const std::vector<WeekCount>& weeks, const std::string& id,
                          const std::string& title) {
    const double width = 640, height = 200;
    const PlotArea p{40, 22, width - 12, height - 40};
    long long max_count = 1;
    for (const auto& w : weeks)
        max_count = std::max(max_count, w.count);
    auto yticks = nice_ticks(0, static_cast<double>(max_count), 5);
    double top_value =
        std::max(static_cast<double>(max_count), yticks.empty() ? 1.0 : yticks.back());
    auto y = [&](double v) { return p.bottom - v / top_value * (p.bottom - p.top); };

    std::string s;
    s += fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" id="{0}" viewBox="0 0 {1} {2}" width="{1}" height="{2}" role="img" aria-labelledby="{0}-title" font-family="{3}" font-size="10">)",
        id, coord(width), coord(height), font_family);
    s += '\n';
    s += fmt::format(R"(<title id="{}-title">{}</title>)", id, escape_html(title));
    s += '\n';
    for (double v : yticks)
        s += fmt::format(
            R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="{4}"/><text x="{5}" y="{6}" text-anchor="end" fill="#1a1a1a">{7}</text>)",
            coord(p.left), coord(y(v)), coord(p.right), v == 0 ? "#333333" : "#d0d0d0",
            v == 0 ? "1" : "0.7", coord(p.left - 5), coord(y(v) + 3.5), format_number(v));
    s += '\n';
    s += fmt::format(R"(<text x="2" y="11" font-size="9.5" fill="#1a1a1a">sessions</text>)");
    s += '\n';
    std::size_t n = weeks.size();
    double slot = n ? (p.right - p.left) / static_cast<double>(n) : 0;
    double bar = std::min(slot * 0.7, 46.0);
    std::size_t every = 1;
    while (n / every > 12)
        ++every;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& w = weeks[i];
        double cx = p.left + slot * (static_cast<double>(i) + 0.5);
        double top = y(static_cast<double>(w.count));
        s += fmt::format(
            R"(<rect class="bar" data-week="{}" data-count="{}" x="{}" y="{}" width="{}" height="{}" fill="#4a6a8a" stroke="#1f3a5f" stroke-width="0.8"><title>{}</title></rect>)",
            w.week_of, w.count, coord(cx - bar / 2), coord(top), coord(bar), coord(p.bottom - top),
            fmt::format("week of {}: {}", w.week_of, plural(w.count, "session", "sessions")));
        s += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" fill="#1a1a1a">{}</text>)",
                         coord(cx), coord(top - 3), w.count);
        if (i % every == 0) {
            Ymd d = civil_from_days(day_number("sessions_per_week.week_of", w.week_of));
            s += fmt::format(
                R"(<text x="{0}" y="{1}" text-anchor="middle" fill="#1a1a1a">{2} {3}</text>)",
                coord(cx), coord(p.bottom + 14), d.day, month_abbreviation(d.month));
            if (i == 0 ||
                civil_from_days(day_number("sessions_per_week.week_of", weeks[i - every].week_of))
                        .year != d.year)
                s += fmt::format(
                    R"(<text x="{}" y="{}" text-anchor="middle" font-size="9" fill="#4d4d4d">{}</text>)",
                    coord(cx), coord(p.bottom + 26), d.year);
        }
        s += '\n';
    }
    s += fmt::format(
        R"(<text x="{}" y="{}" text-anchor="middle" font-size="9" fill="#4d4d4d">week beginning</text>)",
        coord((p.left + p.right) / 2), coord(height - 3));
    s += "\n</svg>";
    return s;
}

} // namespace mend::report
