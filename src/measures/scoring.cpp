#include "measures/scoring.hpp"

#include "domain/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace mend::measures {

double cutoff_value(const Instrument&, const Cutoff& c, const CutoffChoices& choices) {
    auto it = choices.find(c.code);
    if (it == choices.end() || !c.configurable_min) return c.value;
    return it->second;
}

Score score(const Instrument& in, const std::vector<Answer>& answers, const std::string& policy_in,
            const CutoffChoices& choices) {
    // Required items come first in every built-in form; a host definition may
    // interleave them, so count positions, not just required items.
    std::size_t last_required = 0;
    for (std::size_t k = 0; k < in.items.size(); ++k)
        if (in.items[k].required) last_required = k + 1;
    if (answers.size() < last_required || answers.size() > in.items.size())
        fail(Errc::invalid,
             fmt::format(
                 "{} takes {} answers{}, not {}", in.abbreviation, last_required,
                 in.items.size() > last_required ? fmt::format(" (up to {})", in.items.size()) : "",
                 answers.size()));

    std::string policy = policy_in.empty() ? in.missing.default_policy : policy_in;
    if (policy != "complete" && policy != "prorate")
        fail(Errc::invalid, "missing-item policy must be complete or prorate");
    if (policy == "prorate" && in.missing.prorate_min_answered == 0)
        fail(Errc::invalid,
             fmt::format("{} has no prorating rule; score it complete", in.abbreviation));

    Score s;
    s.instrument = in.code;
    s.version = in.version;
    s.missing_policy = policy;
    double sum = 0;
    for (std::size_t k = 0; k < in.items.size(); ++k) {
        const Item& item = in.items[k];
        ItemScore is;
        is.item = item.number;
        if (k < answers.size()) is.option = answers[k];
        if (is.option) {
            int o = *is.option;
            if (o < item.min || o > item.max)
                fail(Errc::invalid,
                     fmt::format("{} item {}: answer {} is outside {}..{}", in.abbreviation,
                                 item.number, o, item.min, item.max));
            is.score = item.reverse ? item.min + item.max - o : o;
        }
        if (item.scored) {
            if (is.score) {
                ++s.answered;
                sum += *is.score;
            } else {
                ++s.missing;
            }
        }
        s.items.push_back(is);
    }

    auto item_score = [&](int number) -> std::optional<int> {
        for (const auto& is : s.items)
            if (is.item == number) return is.score;
        return std::nullopt;
    };

    if (s.missing == 0) {
        s.total = sum;
    } else if (policy == "prorate" && s.answered >= in.missing.prorate_min_answered) {
        // Prorated total: the mean of the answered items times the number of
        // scored items, rounded half up. Recorded as prorated with the score.
        s.total = std::floor(sum * in.scored_item_count() / s.answered + 0.5);
        s.prorated = true;
    }

    for (const auto& sub : in.subscales) {
        double t = 0;
        bool complete = true;
        for (int n : sub.items) {
            auto v = item_score(n);
            if (!v)
                complete = false;
            else
                t += *v;
        }
        s.subscales.emplace_back(sub.code, complete ? std::optional<double>(t) : std::nullopt);
    }

    if (s.total) {
        for (const auto& b : in.bands)
            if (*s.total >= b.min && *s.total <= b.max) s.band = b.label;
        if (in.clinical_range) s.in_clinical_range = in.in_clinical_range(*s.total);
    }

    for (const auto& c : in.cutoffs) {
        CutoffResult r{c.code,       c.label, c.comparator, cutoff_value(in, c, choices),
                       std::nullopt, c.source};
        if (s.total) r.met = compare(*s.total, c.comparator, r.value);
        s.cutoffs.push_back(r);
    }

    if (in.symptom_rule) {
        const auto& rule = *in.symptom_rule;
        SymptomResult r{rule.code, rule.label, true, {}};
        bool any_unknown = false, any_failed = false;
        for (const auto& req : rule.require) {
            SymptomResult::Cluster c;
            c.subscale = req.subscale;
            c.needed = req.count;
            for (const auto& sub : in.subscales) {
                if (sub.code != req.subscale) continue;
                for (int n : sub.items) {
                    auto v = item_score(n);
                    if (!v)
                        ++c.missing;
                    else if (*v >= rule.endorse_at)
                        ++c.endorsed;
                }
            }
            // Decided even with gaps when the answers already settle it.
            if (c.endorsed >= c.needed)
                c.met = true;
            else if (c.endorsed + c.missing < c.needed)
                c.met = false;
            any_failed |= c.met == false;
            any_unknown |= !c.met.has_value();
            r.clusters.push_back(c);
        }
        r.met = any_failed    ? std::optional<bool>(false)
                : any_unknown ? std::nullopt
                              : std::optional<bool>(true);
        s.symptom_rule = r;
    }

    for (const auto& rule : in.safety_items) {
        auto v = item_score(rule.item);
        if (!v)
            s.flags.push_back({rule.flag + "_unknown", "unknown",
                               fmt::format("{} item {} was not answered: a safety item left blank "
                                           "is not a negative answer; follow up",
                                           in.abbreviation, rule.item),
                               rule.source, rule.item});
        else if (*v >= rule.at_least)
            s.flags.push_back({rule.flag, "urgent", rule.message, rule.source, rule.item});
    }
    if (s.total)
        for (const auto& t : in.total_flags)
            if (*s.total >= t.at_least)
                s.flags.push_back({t.flag, "urgent", t.message, t.source, 0});
    return s;
}

nlohmann::json to_json(const Score& s) {
    using nlohmann::json;
    auto opt = [](const auto& o) { return o ? json(*o) : json(nullptr); };
    json items = json::array();
    for (const auto& i : s.items)
        items.push_back({{"item", i.item}, {"option", opt(i.option)}, {"score", opt(i.score)}});
    json subs = json::object();
    for (const auto& [code, v] : s.subscales)
        subs[code] = opt(v);
    json cuts = json::array();
    for (const auto& c : s.cutoffs)
        cuts.push_back({{"code", c.code},
                        {"label", c.label},
                        {"comparator", c.comparator},
                        {"value", c.value},
                        {"met", opt(c.met)},
                        {"source", c.source}});
    json flags = json::array();
    for (const auto& f : s.flags)
        flags.push_back({{"code", f.code},
                         {"severity", f.severity},
                         {"message", f.message},
                         {"item", f.item ? json(f.item) : json(nullptr)},
                         {"source", f.source}});
    json out = {{"instrument", s.instrument},
                {"instrument_version", s.version},
                {"missing_policy", s.missing_policy},
                {"answered", s.answered},
                {"missing", s.missing},
                {"total", opt(s.total)},
                {"prorated", s.prorated},
                {"band", opt(s.band)},
                {"subscales", subs},
                {"cutoffs", cuts},
                {"in_clinical_range", opt(s.in_clinical_range)},
                {"items", items},
                {"flags", flags}};
    if (s.symptom_rule) {
        json clusters = json::array();
        for (const auto& c : s.symptom_rule->clusters)
            clusters.push_back({{"subscale", c.subscale},
                                {"endorsed", c.endorsed},
                                {"missing", c.missing},
                                {"needed", c.needed},
                                {"met", opt(c.met)}});
        out["symptom_rule"] = {{"code", s.symptom_rule->code},
                               {"label", s.symptom_rule->label},
                               {"met", opt(s.symptom_rule->met)},
                               {"clusters", clusters}};
    } else {
        out["symptom_rule"] = nullptr;
    }
    return out;
}

} // namespace mend::measures
