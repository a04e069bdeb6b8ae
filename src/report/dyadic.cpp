#include "report/dyadic.hpp"

#include "report/phrases.hpp"

#include <fmt/format.h>
#include <optional>

namespace mend::report {

namespace {

using nlohmann::json;

struct Ends {
    double first = 0, latest = 0;
};

// The first and the latest scored totals of a series.
std::optional<Ends> ends(const json* series) {
    if (!series) return std::nullopt;
    std::optional<Ends> e;
    for (const auto& p : (*series)["points"])
        if (!p["total"].is_null()) {
            double t = p["total"].get<double>();
            if (!e) e = Ends{t, t};
            e->latest = t;
        }
    return e;
}

// The series' first cut-off, where the instrument has one.
std::optional<double> cutoff(const json* series) {
    if (!series || (*series)["cutoffs"].empty()) return std::nullopt;
    return (*series)["cutoffs"][0]["value"].get<double>();
}

// The latest scored point of a series (nullptr when none is scored).
const json* latest_scored(const json& series) {
    const json* out = nullptr;
    for (const auto& p : series["points"])
        if (!p["total"].is_null()) out = &p;
    return out;
}

bool compare(double total, const std::string& comparator, double value) {
    if (comparator == ">=") return total >= value;
    if (comparator == ">") return total > value;
    if (comparator == "<=") return total <= value;
    if (comparator == "<") return total < value;
    return false;
}

std::string number(double v) {
    return v == static_cast<long long>(v) ? std::to_string(static_cast<long long>(v))
                                          : fmt::format("{:.1f}", v);
}

} // namespace

json dyadic_callouts(const PartnerSeries& betrayed, const PartnerSeries& involved) {
    json out = json::array();
    auto trauma = ends(betrayed.pcl5);
    auto trauma_cut = cutoff(betrayed.pcl5);
    auto satisfaction = ends(involved.csi4);
    if (trauma && trauma_cut && satisfaction && trauma->latest >= *trauma_cut &&
        satisfaction->latest > satisfaction->first)
        out.push_back(
            {{"kind", "asymmetry"},
             {"sentence",
              fmt::format("{}'s relationship satisfaction is rising ({} to {}) while {}'s "
                          "trauma symptoms stay above the cut-off (PCL-5 {}): emotional "
                          "intimacy is not yet a fair expectation.",
                          involved.name, number(satisfaction->first), number(satisfaction->latest),
                          betrayed.name, number(trauma->latest))}});
    auto a = ends(involved.csi4), b = ends(betrayed.csi4);
    auto distress = cutoff(involved.csi4);
    if (a && b && distress && (a->latest > *distress) != (b->latest > *distress)) {
        bool involved_satisfied = a->latest > *distress;
        const auto& happy = involved_satisfied ? involved : betrayed;
        const auto& hurt = involved_satisfied ? betrayed : involved;
        out.push_back(
            {{"kind", "asymmetry"},
             {"sentence",
              fmt::format("{} is satisfied with the relationship (CSI-4 {}) while {} "
                          "remains in distress (CSI-4 {}): the partners are in "
                          "different places.",
                          happy.name, number(involved_satisfied ? a->latest : b->latest), hurt.name,
                          number(involved_satisfied ? b->latest : a->latest))}});
    }
    // The involved partner's own scores in the clinical range.
    for (const json* s : involved.all) {
        if (!s || s == involved.csi4) continue;
        auto range = s->find("clinical_range");
        if (range == s->end() || range->is_null()) continue;
        const json* p = latest_scored(*s);
        if (!p) continue;
        double total = (*p)["total"].get<double>();
        std::string comparator = (*range)["comparator"].get<std::string>();
        double value = (*range)["value"].get<double>();
        if (!compare(total, comparator, value)) continue;
        std::string band = p->contains("band") && (*p)["band"].is_string()
                               ? fmt::format(" is {},", (*p)["band"].get<std::string>())
                               : std::string(" is");
        out.push_back(
            {{"kind", "involved_partner"},
             {"sentence", fmt::format("{}'s {} of {} ({}){} in the clinical range ({}): the "
                                      "involved partner can be suffering too and needs care in "
                                      "their own right.",
                                      involved.name, (*s)["abbreviation"].get<std::string>(),
                                      number(total), (*p)["date"].get<std::string>(), band,
                                      comparator_phrase(comparator, number(value)))}});
    }
    return out;
}

} // namespace mend::report
