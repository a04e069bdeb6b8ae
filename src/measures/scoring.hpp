// Scoring an administration by an instrument's definition.
#pragma once

#include "measures/instrument.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::measures {

// One answer: the option chosen (nullopt: not answered).
using Answer = std::optional<int>;

struct ItemScore {
    int item = 0;
    Answer option;            // as chosen on the form
    std::optional<int> score; // through the item's key (reverse items flipped)
};

// A flag the administration raises. severity: "urgent" (a safety item or
// total rule fired), "unknown" (a safety item was not answered: follow up).
struct RaisedFlag {
    std::string code, severity, message, source;
    int item = 0; // 0 for total-level flags
};

struct CutoffResult {
    std::string code, label, comparator;
    double value = 0;
    std::optional<bool> met; // nullopt when there is no total
    std::string source;
};

struct SymptomResult {
    std::string code, label;
    std::optional<bool> met; // nullopt: missing items leave it undecided
    struct Cluster {
        std::string subscale;
        int endorsed = 0, missing = 0, needed = 0;
        std::optional<bool> met;
    };
    std::vector<Cluster> clusters;
};

struct Score {
    std::string instrument;
    int version = 0;
    std::string missing_policy; // "complete" or "prorate", as applied
    std::vector<ItemScore> items;
    int answered = 0, missing = 0; // of the scored items
    std::optional<double> total;
    bool prorated = false;
    std::vector<std::pair<std::string, std::optional<double>>> subscales;
    std::optional<std::string> band;
    std::vector<CutoffResult> cutoffs;
    std::optional<SymptomResult> symptom_rule;
    std::optional<bool> in_clinical_range;
    std::vector<RaisedFlag> flags;
};

// Cut-off values a practice chose within an instrument's configurable range,
// by cut-off code.
using CutoffChoices = std::map<std::string, double>;

// Scores `answers`, given in the order of the instrument's items (trailing
// unscored optional items may be left off). `policy` is "" for the
// instrument's default, "complete" or "prorate". Throws Errc::invalid for a
// wrong count or an answer outside an item's range.
Score score(const Instrument& in, const std::vector<Answer>& answers, const std::string& policy,
            const CutoffChoices& choices = {});

// Rebuilds the chosen cut-off value (checked against the instrument's range).
double cutoff_value(const Instrument& in, const Cutoff& c, const CutoffChoices& choices);

nlohmann::json to_json(const Score& s);

} // namespace mend::measures
