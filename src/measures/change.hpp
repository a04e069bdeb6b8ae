// Change over time: reliable change (Jacobson & Truax 1991), clinically
// significant change, and "held over time" for the protocol gates.
#pragma once

#include "measures/instrument.hpp"
#include "measures/records.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::measures {

// Jacobson & Truax (1991), J Consult Clin Psychol 59:12, with the
// Christensen & Mendoza (1986) S_diff they adopt:
//   S_E = sd * sqrt(1 - r);  S_diff = sqrt(2 * S_E^2);  reliable when |delta| > 1.96 * S_diff.
double jacobson_truax_threshold(double sd, double reliability);

struct Change {
    double before = 0, after = 0, delta = 0;
    std::string method;   // "threshold" | "jacobson_truax" | "none"
    double threshold = 0; // the change that counts (points)
    bool strict = false;  // jacobson_truax: |delta| > threshold; threshold: >=
    // "improved", "deteriorated", "no_reliable_change", or "unknown" when the
    // instrument has no reliable-change rule.
    std::string direction;
    // Recovered: a reliable improvement that also left the clinical range.
    std::optional<bool> clinically_significant;
    std::string classification; // recovered | improved | unchanged | deteriorated | unknown
    std::string source;
};

Change reliable_change(const Instrument& in, double before, double after);

nlohmann::json to_json(const Change& c);

// One administration's total in a series.
struct Point {
    long long administration_id = 0;
    std::string date; // YYYY-MM-DD
    long days = 0;    // days since the epoch, for spacing
    std::optional<double> total;
};

// A client's administrations of one instrument (oldest first) as points.
std::vector<Point> points_of(const std::vector<Administration>& administrations);

// "k consecutive administrations meeting `total COMPARATOR value`, each at
// least `min_days` apart": walking back from the latest administration, every
// one must meet the condition (the first that does not ends the run), and k of
// them must be spaced min_days apart. Evidence lists what was used.
struct Sustained {
    bool met = false;
    std::vector<Point> evidence; // the administrations counted, oldest first
    std::optional<Point> latest; // the latest administration, met or not
    int needed = 0, found = 0;
};

Sustained sustained(const std::vector<Point>& oldest_first, const std::string& comparator,
                    double value, int k, int min_days);

nlohmann::json to_json(const Sustained& s);

} // namespace mend::measures
