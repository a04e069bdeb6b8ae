// The catalogue with what the practice has loaded: instruments, protocols
// and the attestation codes the protocols' criteria read.
#include "domain/catalog.hpp"
#include "measures/builtin.hpp"
#include "practice/practice.hpp"
#include "protocol/builtin.hpp"

#include <map>
#include <set>

namespace mend {

namespace {

nlohmann::json with_definitions(const std::vector<measures::Instrument>& instruments,
                                const std::vector<protocol::Protocol>& protocols) {
    using nlohmann::json;
    json out = catalog_json();
    json ins = json::array();
    for (const auto& i : instruments)
        ins.push_back(i.code);
    json prs = json::array();
    // code -> the protocols that read it, and whether it is a decision.
    std::map<std::string, std::set<std::string>> read_by;
    std::set<std::string> decisions;
    for (const auto& p : protocols) {
        prs.push_back(p.code);
        auto note = [&](const std::string& code) {
            if (!code.empty()) read_by[code].insert(p.code);
        };
        for (const auto& t : p.transitions)
            for (const auto& c : t.criteria) {
                note(c.attestation);
                if (c.kind == "decision") {
                    note("decision");
                    decisions.insert("decision");
                }
            }
        for (const auto& c : p.contraindications)
            note(c.attestation);
        for (const auto& [a, b] : p.opposites) {
            note(a);
            note(b);
        }
    }
    json codes = json::array();
    for (const auto& [code, by] : read_by)
        codes.push_back({{"code", code},
                         {"values", decisions.count(code) ? out["values"]["decision_values"]
                                                          : out["values"]["attestation_values"]},
                         {"protocols", by}});
    out["instruments"] = ins;
    out["protocols"] = prs;
    out["attestation_codes"] = codes;
    return out;
}

} // namespace

nlohmann::json Practice::catalog_json() {
    return with_definitions(instruments(), protocols());
}

nlohmann::json Practice::builtin_catalog_json() {
    return with_definitions(measures::builtin_instruments(), protocol::builtin_protocols());
}

} // namespace mend
