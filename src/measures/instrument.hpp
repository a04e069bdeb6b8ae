// An outcome-measure instrument as data: items with their response keys,
// subscales, bands, cut-offs, safety rules and change rules. The built-in
// definitions live in builtin.cpp; hosts load more (for instruments they
// hold a licence for) through the same JSON form, scored by the same engine.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mend::measures {

struct Item {
    int number = 0;       // as printed on the form
    std::string text;     // a short summary, never the licensed wording
    int min = 0, max = 0; // the option range the form offers
    bool reverse = false; // score = min + max - option
    bool scored = true;   // counts towards the total (PHQ-9 item 10 does not)
    bool required = true; // an unscored item may be left out entirely
    std::string code;     // e.g. a LOINC item code
};

struct Subscale {
    std::string code, name;
    std::vector<int> items;
};

// A band of the total, inclusive at both ends.
struct Band {
    double min = 0, max = 0;
    std::string label;
};

// "total COMPARATOR value" with a meaning, e.g. PHQ-9 >= 10 "probable depression".
struct Cutoff {
    std::string code, label, comparator; // comparator: < <= > >=
    double value = 0;
    std::optional<double> configurable_min, configurable_max; // a practice may choose within
    std::string source;
};

// Symptom-count rule (e.g. the DSM-5 provisional PTSD rule of the PCL-5):
// an item is endorsed at `endorse_at` or above; each subscale needs `count`.
struct SymptomRule {
    std::string code, label;
    int endorse_at = 0;
    struct Requirement {
        std::string subscale;
        int count = 0;
    };
    std::vector<Requirement> require;
    std::string source;
};

// An item-level safety rule: option >= at_least raises `flag`. A missing
// safety item is never read as negative: it raises "<flag>_unknown".
struct SafetyItem {
    int item = 0;
    int at_least = 1;
    std::string flag, message, source;
};

// A total-level rule: total >= at_least raises `flag`.
struct TotalFlag {
    double at_least = 0;
    std::string flag, message, source;
};

// Reliable change: a published threshold in points, or Jacobson & Truax
// (1991) from the instrument's SD and reliability.
struct ReliableChange {
    std::string method; // "threshold" | "jacobson_truax"
    double points = 0;  // threshold: the smallest change that counts
    double sd = 0, reliability = 0;
    std::string source;
};

// The clinical range: where a score counts as a case. Leaving it, with a
// reliable improvement, is clinically significant change ("recovered").
struct ClinicalRange {
    std::string comparator; // total COMPARATOR value is in the clinical range
    double value = 0;
    std::string source;
};

struct MissingPolicy {
    std::string default_policy = "complete"; // "complete" | "prorate"
    int prorate_min_answered = 0;            // 0: prorating is not offered
};

struct Instrument {
    std::string code, name, abbreviation, construct;
    int version = 1;
    bool higher_is_better = false;
    bool clinician_rated = false;
    std::string licence, loinc_panel, loinc_total;
    std::vector<Item> items;
    std::vector<Subscale> subscales;
    std::vector<Band> bands;
    std::string bands_source;
    std::vector<Cutoff> cutoffs;
    std::optional<SymptomRule> symptom_rule;
    std::vector<SafetyItem> safety_items;
    std::vector<TotalFlag> total_flags;
    std::optional<ReliableChange> reliable_change;
    std::optional<ClinicalRange> clinical_range;
    MissingPolicy missing;
    std::string note;

    const Item* item(int number) const;
    int scored_item_count() const;
    double total_min() const;
    double total_max() const;
    bool in_clinical_range(double total) const;
};

bool compare(double lhs, const std::string& comparator, double rhs);

} // namespace mend::measures
