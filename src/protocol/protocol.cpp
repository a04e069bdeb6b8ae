#include "protocol/protocol.hpp"

#include <algorithm>

namespace mend::protocol {

bool Contraindication::suspends_transition(const std::string& from, const std::string& to) const {
    if (suspends.empty()) return true;
    return std::find(suspends.begin(), suspends.end(), to) != suspends.end() ||
           std::find(suspends.begin(), suspends.end(), from + "->" + to) != suspends.end();
}

const Phase* Protocol::phase(const std::string& code) const {
    for (const auto& p : phases)
        if (p.code == code) return &p;
    return nullptr;
}

int Protocol::phase_index(const std::string& code) const {
    for (std::size_t i = 0; i < phases.size(); ++i)
        if (phases[i].code == code) return static_cast<int>(i);
    return -1;
}

std::vector<const Transition*> Protocol::transitions_from(const std::string& phase) const {
    std::vector<const Transition*> out;
    for (const auto& t : transitions)
        if (t.from == phase) out.push_back(&t);
    return out;
}

const Transition* Protocol::transition(const std::string& from, const std::string& to) const {
    for (const auto& t : transitions)
        if (t.from == from && t.to == to) return &t;
    return nullptr;
}

std::string Protocol::opposite(const std::string& attestation) const {
    for (const auto& [a, b] : opposites) {
        if (a == attestation) return b;
        if (b == attestation) return a;
    }
    return "";
}

int Protocol::max_age(const std::string& key) const {
    auto it = evidence_max_age_days.find(key);
    return it == evidence_max_age_days.end() ? 0 : it->second;
}

std::set<std::string> instruments_named(const Protocol& p) {
    std::set<std::string> out;
    for (const auto& t : p.transitions)
        for (const auto& c : t.criteria)
            if (!c.instrument.empty()) out.insert(c.instrument);
    for (const auto& [role, codes] : p.tracked_instruments)
        out.insert(codes.begin(), codes.end());
    return out;
}

} // namespace mend::protocol
