#include "measures/change.hpp"

#include "domain/dates.hpp"
#include "domain/error.hpp"

#include <cmath>

namespace mend::measures {

double jacobson_truax_threshold(double sd, double reliability) {
    double se = sd * std::sqrt(1.0 - reliability);
    double s_diff = std::sqrt(2.0 * se * se);
    return 1.96 * s_diff;
}

Change reliable_change(const Instrument& in, double before, double after) {
    Change c;
    c.before = before;
    c.after = after;
    c.delta = after - before;
    if (!in.reliable_change) {
        c.method = "none";
        c.direction = "unknown";
        c.classification = "unknown";
        c.source = "no published reliable-change rule for " + in.abbreviation;
        return c;
    }
    const auto& rc = *in.reliable_change;
    c.method = rc.method;
    c.source = rc.source;
    bool reliable;
    if (rc.method == "threshold") {
        // Published thresholds are whole points, met at or above (">= 6 points").
        c.threshold = rc.points;
        reliable = std::fabs(c.delta) >= rc.points;
    } else {
        c.threshold = jacobson_truax_threshold(rc.sd, rc.reliability);
        c.strict = true;
        reliable = std::fabs(c.delta) > c.threshold;
    }
    bool better = in.higher_is_better ? c.delta > 0 : c.delta < 0;
    if (!reliable)
        c.direction = "no_reliable_change";
    else
        c.direction = better ? "improved" : "deteriorated";

    if (in.clinical_range) {
        c.clinically_significant = c.direction == "improved" && in.in_clinical_range(before) &&
                                   !in.in_clinical_range(after);
    }
    if (c.direction == "improved")
        c.classification = c.clinically_significant.value_or(false) ? "recovered" : "improved";
    else if (c.direction == "deteriorated")
        c.classification = "deteriorated";
    else
        c.classification = "unchanged";
    return c;
}

nlohmann::json to_json(const Change& c) {
    using nlohmann::json;
    return {{"before", c.before},
            {"after", c.after},
            {"delta", c.delta},
            {"method", c.method},
            {"threshold", c.method == "none" ? json(nullptr) : json(c.threshold)},
            {"threshold_rule",
             c.method == "none" ? json(nullptr) : json(c.strict ? "|delta| >" : "|delta| >=")},
            {"direction", c.direction},
            {"clinically_significant",
             c.clinically_significant ? json(*c.clinically_significant) : json(nullptr)},
            {"classification", c.classification},
            {"source", c.source}};
}

std::vector<Point> points_of(const std::vector<Administration>& administrations) {
    std::vector<Point> out;
    for (const auto& a : administrations)
        out.push_back({a.id, a.administered_on,
                       parse_date("administered_on", a.administered_on).days_since_epoch(),
                       a.total});
    return out;
}

Sustained sustained(const std::vector<Point>& series, const std::string& comparator, double value,
                    int k, int min_days) {
    if (k < 1 || k > 100) fail(Errc::invalid, "the number of administrations must be 1 to 100");
    if (min_days < 0 || min_days > 3650) fail(Errc::invalid, "the spacing must be 0 to 3650 days");
    if (comparator != "<" && comparator != "<=" && comparator != ">" && comparator != ">=")
        fail(Errc::invalid, "comparator must be <, <=, > or >=");
    Sustained s;
    s.needed = k;
    if (series.empty()) return s;
    s.latest = series.back();
    std::vector<Point> picked;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        if (!it->total || !compare(*it->total, comparator, value)) break;
        if (picked.empty() || picked.back().days - it->days >= min_days) picked.push_back(*it);
        if (static_cast<int>(picked.size()) == k) break;
    }
    s.found = static_cast<int>(picked.size());
    s.met = s.found >= k;
    s.evidence.assign(picked.rbegin(), picked.rend());
    return s;
}

nlohmann::json to_json(const Sustained& s) {
    using nlohmann::json;
    auto point = [](const Point& p) {
        return json{{"administration_id", p.administration_id},
                    {"date", p.date},
                    {"total", p.total ? json(*p.total) : json(nullptr)}};
    };
    json ev = json::array();
    for (const auto& p : s.evidence)
        ev.push_back(point(p));
    return {{"met", s.met},
            {"needed", s.needed},
            {"found", s.found},
            {"evidence", ev},
            {"latest", s.latest ? point(*s.latest) : json(nullptr)}};
}

} // namespace mend::measures
