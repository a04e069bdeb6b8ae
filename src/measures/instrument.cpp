#include "measures/instrument.hpp"

namespace mend::measures {

const Item* Instrument::item(int number) const {
    for (const auto& i : items)
        if (i.number == number) return &i;
    return nullptr;
}

int Instrument::scored_item_count() const {
    int n = 0;
    for (const auto& i : items)
        n += i.scored ? 1 : 0;
    return n;
}

double Instrument::total_min() const {
    double t = 0;
    for (const auto& i : items)
        if (i.scored) t += i.min;
    return t;
}

double Instrument::total_max() const {
    double t = 0;
    for (const auto& i : items)
        if (i.scored) t += i.max;
    return t;
}

bool Instrument::in_clinical_range(double total) const {
    return clinical_range && compare(total, clinical_range->comparator, clinical_range->value);
}

bool compare(double lhs, const std::string& op, double rhs) {
    if (op == "<") return lhs < rhs;
    if (op == "<=") return lhs <= rhs;
    if (op == ">") return lhs > rhs;
    if (op == ">=") return lhs >= rhs;
    return false;
}

} // namespace mend::measures
