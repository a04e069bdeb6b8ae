#include "protocol/protocol_json.hpp"

#include "domain/json_reader.hpp"

#include <set>

namespace mend::protocol {

namespace {

using nlohmann::json;
const JsonReader rd("protocol definition");

const std::set<std::string> criterion_kinds = {
    "measure_sustained",  "latest_measure", "reliable_improvement", "no_open_flags",
    "safety_screened",    "attestation",    "stated_readiness",     "decision",
    "agreement_in_place", "min_weeks",      "min_sessions"};

const std::set<std::string> conjoint_subjects = {"betrayed", "involved", "both", "either", "case"};
const std::set<std::string> individual_subjects = {"client", "case"};

// Which kinds need a partner (a subject other than "case").
bool needs_partner(const std::string& kind) {
    return kind == "measure_sustained" || kind == "latest_measure" ||
           kind == "reliable_improvement" || kind == "no_open_flags" || kind == "safety_screened" ||
           kind == "stated_readiness";
}

Criterion criterion_from(const json& j, const std::string& p, const std::string& protocol_kind) {
    Criterion c;
    c.id = rd.code(j, "id", p);
    c.kind = rd.str(j, "kind", p, true, 40);
    if (!criterion_kinds.count(c.kind)) rd.bad(p + "kind", "is not a known criterion kind");
    c.label = rd.str(j, "label", p, true);
    c.subject = rd.str(j, "subject", p, false, 20);
    if (c.subject.empty()) c.subject = protocol_kind == "individual" ? "client" : "case";
    const auto& subjects = protocol_kind == "individual" ? individual_subjects : conjoint_subjects;
    if (!subjects.count(c.subject))
        rd.bad(p + "subject", protocol_kind == "individual"
                                  ? "must be client or case in an individual protocol"
                                  : "must be betrayed, involved, both, either or case");
    if (needs_partner(c.kind) && c.subject == "case") rd.bad(p + "subject", "must name a partner");
    c.source = rd.str(j, "source", p, false);
    if (c.kind == "measure_sustained" || c.kind == "latest_measure" ||
        c.kind == "reliable_improvement")
        c.instrument = rd.code(j, "instrument", p);
    if (c.kind == "measure_sustained" || c.kind == "latest_measure") {
        c.comparator = rd.comparator(j, p);
        c.value = rd.num(j, "value", p);
    }
    if (c.kind == "measure_sustained") {
        c.count = rd.integer(j, "count", p, 1);
        c.min_days = rd.integer(j, "min_days", p, 0);
        if (c.count < 1 || c.count > 20) rd.bad(p + "count", "must be 1 to 20");
        if (c.min_days < 0 || c.min_days > 3650) rd.bad(p + "min_days", "must be 0 to 3650");
    }
    if (c.kind == "attestation") {
        c.attestation = rd.code(j, "attestation", p);
        c.min_days_since = rd.integer(j, "min_days_since", p, 0);
        if (c.min_days_since < 0 || c.min_days_since > 36500)
            rd.bad(p + "min_days_since", "must be 0 or more days");
    }
    if (c.kind == "decision") {
        const json& ch = rd.array(j, "choices", p, true);
        if (ch.empty()) rd.bad(p + "choices", "must name at least one outcome");
        for (const auto& v : ch) {
            if (!v.is_string()) rd.bad(p + "choices", "must hold strings");
            c.choices.push_back(v.get<std::string>());
        }
    }
    if (c.kind == "agreement_in_place") c.agreement_kind = rd.code(j, "agreement_kind", p);
    if (c.kind == "min_weeks") {
        c.weeks = rd.integer(j, "weeks", p);
        if (c.weeks < 1 || c.weeks > 520) rd.bad(p + "weeks", "must be 1 to 520");
    }
    if (c.kind == "min_sessions") {
        c.sessions = rd.integer(j, "sessions", p);
        if (c.sessions < 1 || c.sessions > 500) rd.bad(p + "sessions", "must be 1 to 500");
    }
    return c;
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
    if (p.min_rationale_chars < 1 || p.min_rationale_chars > 1000)
        rd.bad("min_rationale_chars", "must be 1 to 1000");

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
        c.source = rd.str(contra[i], "source", path, false);
        p.contraindications.push_back(c);
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
            if (!c.instrument.empty()) cj["instrument"] = c.instrument;
            if (!c.comparator.empty()) {
                cj["comparator"] = c.comparator;
                cj["value"] = c.value;
            }
            if (c.kind == "measure_sustained") {
                cj["count"] = c.count;
                cj["min_days"] = c.min_days;
            }
            if (!c.attestation.empty()) cj["attestation"] = c.attestation;
            if (c.min_days_since) cj["min_days_since"] = c.min_days_since;
            if (!c.choices.empty()) cj["choices"] = c.choices;
            if (!c.agreement_kind.empty()) cj["agreement_kind"] = c.agreement_kind;
            if (c.weeks) cj["weeks"] = c.weeks;
            if (c.sessions) cj["sessions"] = c.sessions;
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
        contra.push_back(cj);
    }
    return {{"code", p.code},
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
