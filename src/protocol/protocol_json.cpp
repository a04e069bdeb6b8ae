#include "protocol/protocol_json.hpp"

#include "domain/json_reader.hpp"
#include "protocol/criteria.hpp"

#include <set>

namespace mend::protocol {

namespace {

using nlohmann::json;
const JsonReader rd("protocol definition");

const std::set<std::string> conjoint_subjects = {"betrayed", "involved", "both", "either", "case"};
const std::set<std::string> individual_subjects = {"client", "case"};

Criterion criterion_from(const json& j, const std::string& p, const std::string& protocol_kind) {
    Criterion c;
    c.id = rd.code(j, "id", p);
    c.kind = rd.str(j, "kind", p, true, 40);
    const CriterionKind* kind = criterion_kind(c.kind);
    if (!kind) rd.bad(p + "kind", "is not a known criterion kind");
    c.label = rd.str(j, "label", p, true);
    c.subject = rd.str(j, "subject", p, false, 20);
    if (c.subject.empty()) c.subject = protocol_kind == "individual" ? "client" : "case";
    const auto& subjects = protocol_kind == "individual" ? individual_subjects : conjoint_subjects;
    if (!subjects.count(c.subject))
        rd.bad(p + "subject", protocol_kind == "individual"
                                  ? "must be client or case in an individual protocol"
                                  : "must be betrayed, involved, both, either or case");
    if (kind->scope == CriterionKind::Scope::partner && c.subject == "case")
        rd.bad(p + "subject", "must name a partner");
    c.source = rd.str(j, "source", p, false);
    kind->parse(c, j, p);
    return c;
}

// A code: 1..40 of a-z, 0-9 and _ (as JsonReader::code), at `path`.
std::string code_at(const json& v, const std::string& path) {
    bool ok = v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 40;
    if (ok)
        for (char ch : v.get<std::string>())
            ok &= (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) rd.bad(path, "must be a code: 1 to 40 of a-z, 0-9 and _");
    return v.get<std::string>();
}

std::vector<std::string> codes(const json& arr, const std::string& path) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < arr.size(); ++i)
        out.push_back(code_at(arr[i], path + "[" + std::to_string(i) + "]"));
    return out;
}

} // namespace

Protocol protocol_from_json(const json& j) {
    if (!j.is_object()) rd.bad("", "must be a JSON object");
    Protocol p;
    p.code = rd.code(j, "code", "");
    p.name = rd.str(j, "name", "", true);
    p.version = rd.integer(j, "version", "", 1);
    if (p.version < 1) rd.bad("version", "must be 1 or more");
    p.kind = rd.str(j, "kind", "", true, 20);
    if (p.kind != "conjoint" && p.kind != "individual")
        rd.bad("kind", "must be conjoint or individual");
    p.description = rd.str(j, "description", "", false, 4000);
    for (const auto& s : rd.array(j, "sources", "", false)) {
        if (!s.is_string()) rd.bad("sources", "must hold strings");
        p.sources.push_back(s.get<std::string>());
    }
    p.min_rationale_chars = rd.integer(j, "min_rationale_chars", "", p.min_rationale_chars);
    if (p.min_rationale_chars < 10 || p.min_rationale_chars > 1000)
        rd.bad("min_rationale_chars", "must be 10 to 1000: a rationale is a sentence");

    const json& phases = rd.array(j, "phases", "", true);
    if (phases.size() < 2 || phases.size() > 50) rd.bad("phases", "must hold 2 to 50 phases");
    for (std::size_t i = 0; i < phases.size(); ++i) {
        std::string path = JsonReader::index("phases", i);
        Phase ph{rd.code(phases[i], "code", path), rd.str(phases[i], "name", path, true),
                 rd.str(phases[i], "track", path, false, 40),
                 rd.str(phases[i], "description", path, false, 4000)};
        if (p.phase(ph.code)) rd.bad(path + "code", "repeats another phase");
        p.phases.push_back(ph);
    }
    p.start_phase = rd.str(j, "start_phase", "", false, 40);
    if (p.start_phase.empty()) p.start_phase = p.phases.front().code;
    if (!p.phase(p.start_phase)) rd.bad("start_phase", "names no phase of the protocol");

    const json& transitions = rd.array(j, "transitions", "", true);
    if (transitions.empty()) rd.bad("transitions", "must not be empty");
    for (std::size_t i = 0; i < transitions.size(); ++i) {
        std::string path = JsonReader::index("transitions", i);
        const json& tj = transitions[i];
        Transition t;
        t.from = rd.str(tj, "from", path, true, 40);
        t.to = rd.str(tj, "to", path, true, 40);
        if (!p.phase(t.from)) rd.bad(path + "from", "names no phase of the protocol");
        if (!p.phase(t.to)) rd.bad(path + "to", "names no phase of the protocol");
        if (t.from == t.to) rd.bad(path + "to", "must differ from from");
        if (p.transition(t.from, t.to)) rd.bad(path + "to", "repeats another transition");
        t.name = rd.str(tj, "name", path, false);
        t.relational = rd.boolean(tj, "relational", path, false);
        const json& criteria = rd.array(tj, "criteria", path, false);
        std::set<std::string> ids;
        for (std::size_t k = 0; k < criteria.size(); ++k) {
            std::string cp = path + JsonReader::index("criteria", k);
            Criterion c = criterion_from(criteria[k], cp, p.kind);
            if (!ids.insert(c.id).second)
                rd.bad(cp + "id", "repeats another criterion of the transition");
            t.criteria.push_back(c);
        }
        p.transitions.push_back(t);
    }

    const json& contra = rd.array(j, "contraindications", "", false);
    for (std::size_t i = 0; i < contra.size(); ++i) {
        std::string path = JsonReader::index("contraindications", i);
        Contraindication c;
        c.code = rd.code(contra[i], "code", path);
        c.label = rd.str(contra[i], "label", path, true);
        c.kind = rd.str(contra[i], "kind", path, true, 40);
        if (c.kind != "ipv_current" && c.kind != "attestation")
            rd.bad(path + "kind", "must be ipv_current or attestation");
        if (c.kind == "attestation") c.attestation = rd.code(contra[i], "attestation", path);
        const json& suspends = rd.array(contra[i], "suspends", path, false);
        for (std::size_t k = 0; k < suspends.size(); ++k) {
            std::string sp = path + "suspends[" + std::to_string(k) + "]";
            if (!suspends[k].is_string()) rd.bad(sp, "must be a phase code or from->to");
            std::string v = suspends[k].get<std::string>();
            auto arrow = v.find("->");
            bool known = arrow == std::string::npos
                             ? p.phase(v) != nullptr
                             : p.transition(v.substr(0, arrow), v.substr(arrow + 2)) != nullptr;
            if (!known) rd.bad(sp, "names no phase or transition of the protocol");
            c.suspends.push_back(v);
        }
        c.source = rd.str(contra[i], "source", path, false);
        p.contraindications.push_back(c);
    }

    if (const json* ages = JsonReader::member(j, "evidence_max_age_days")) {
        if (!ages->is_object()) rd.bad("evidence_max_age_days", "must be an object");
        p.evidence_max_age_days.clear(); // the definition's windows replace the defaults
        for (const auto& [key, v] : ages->items()) {
            std::string kp = "evidence_max_age_days." + key;
            code_at(json(key), kp);
            if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 3650)
                rd.bad(kp, "must be a whole number of days, 1 to 3650");
            p.evidence_max_age_days[key] = static_cast<int>(v.get<long long>());
        }
    }
    const json& opposites = rd.array(j, "opposites", "", false);
    for (std::size_t i = 0; i < opposites.size(); ++i) {
        std::string op = "opposites[" + std::to_string(i) + "]";
        if (!opposites[i].is_array() || opposites[i].size() != 2)
            rd.bad(op, "must be a pair of attestation codes");
        auto pair = codes(opposites[i], op);
        if (pair[0] == pair[1]) rd.bad(op, "must name two different attestations");
        if (!p.opposite(pair[0]).empty() || !p.opposite(pair[1]).empty())
            rd.bad(op, "names an attestation that already has an opposite");
        p.opposites.emplace_back(pair[0], pair[1]);
    }
    if (const json* tracked = JsonReader::member(j, "tracked_instruments")) {
        if (!tracked->is_object()) rd.bad("tracked_instruments", "must be an object");
        const std::set<std::string> roles =
            p.kind == "individual" ? std::set<std::string>{"client"}
                                   : std::set<std::string>{"betrayed", "involved", "both"};
        for (const auto& [role, list] : tracked->items()) {
            std::string tp = "tracked_instruments." + role;
            if (!roles.count(role))
                rd.bad(tp, p.kind == "individual" ? "must be client in an individual protocol"
                                                  : "must be betrayed, involved or both");
            if (!list.is_array()) rd.bad(tp, "must be a list of instrument codes");
            p.tracked_instruments[role] = codes(list, tp);
        }
    }
    return p;
}

Protocol protocol_from_json_text(const std::string& text) {
    return protocol_from_json(rd.parse(text));
}

json to_json(const Protocol& p) {
    json phases = json::array();
    for (const auto& ph : p.phases)
        phases.push_back({{"code", ph.code},
                          {"name", ph.name},
                          {"track", ph.track},
                          {"description", ph.description}});
    json transitions = json::array();
    for (const auto& t : p.transitions) {
        json criteria = json::array();
        for (const auto& c : t.criteria) {
            json cj = {{"id", c.id}, {"kind", c.kind}, {"label", c.label}, {"subject", c.subject}};
            if (const CriterionKind* kind = criterion_kind(c.kind)) kind->write(c, cj);
            if (!c.source.empty()) cj["source"] = c.source;
            criteria.push_back(cj);
        }
        transitions.push_back({{"from", t.from},
                               {"to", t.to},
                               {"name", t.name},
                               {"relational", t.relational},
                               {"criteria", criteria}});
    }
    json contra = json::array();
    for (const auto& c : p.contraindications) {
        json cj = {{"code", c.code}, {"label", c.label}, {"kind", c.kind}, {"source", c.source}};
        if (!c.attestation.empty()) cj["attestation"] = c.attestation;
        if (!c.suspends.empty()) cj["suspends"] = c.suspends;
        contra.push_back(cj);
    }
    json out = {{"code", p.code},
                {"name", p.name},
                {"version", p.version},
                {"kind", p.kind},
                {"description", p.description},
                {"sources", p.sources},
                {"start_phase", p.start_phase},
                {"min_rationale_chars", p.min_rationale_chars},
                {"phases", phases},
                {"transitions", transitions},
                {"contraindications", contra}};
    if (!p.evidence_max_age_days.empty()) out["evidence_max_age_days"] = p.evidence_max_age_days;
    if (!p.opposites.empty()) {
        json pairs = json::array();
        for (const auto& [a, b] : p.opposites)
            pairs.push_back({a, b});
        out["opposites"] = pairs;
    }
    if (!p.tracked_instruments.empty()) out["tracked_instruments"] = p.tracked_instruments;
    return out;
}

json summary_json(const Protocol& p) {
    json phases = json::array();
    for (const auto& ph : p.phases)
        phases.push_back(ph.code);
    return {{"code", p.code},
            {"name", p.name},
            {"version", p.version},
            {"kind", p.kind},
            {"phases", phases}};
}

} // namespace mend::protocol
