#include "protocol/protocol.hpp"

namespace mend::protocol {

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

} // namespace mend::protocol
