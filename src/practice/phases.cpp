// A case's way through its protocol: start, evaluate the gates, advance,
// override with a rationale, move back; every step recorded and audited.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "measures/builtin.hpp"
#include "measures/definition_json.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "protocol/protocol_json.hpp"
#include "protocol/timeline.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace mend {

namespace {

using nlohmann::json;

} // namespace

std::vector<Id> Practice::partners_of(const Case& c) {
    if (c.individual()) return {c.client_id};
    auto couple = store::find_couple(*db_, c.couple_id);
    if (!couple) fail(Errc::store, "the case's couple is missing");
    return {couple->client_a_id, couple->client_b_id};
}

Practice::CaseProtocolContext Practice::protocol_context(const char* action, Id case_id) {
    CaseProtocolContext ctx;
    ctx.kase = visible_case(action, case_id);
    auto cp = store::find_case_protocol(*db_, case_id);
    if (!cp) fail(Errc::state, "this case follows no protocol yet; start one first");
    ctx.cp = *cp;
    ctx.definition = protocol_version(cp->code, cp->version);
    ctx.entries = store::list_phase_entries(*db_, case_id);
    if (ctx.entries.empty()) fail(Errc::store, "the case's phase history is missing");
    return ctx;
}

// The facts the gates read: partners and roles, every administration of the
// instruments the protocol names (from any of the partner's cases), flags,
// screens, attestations, agreements, and the current plan's review date.
protocol::CaseFacts Practice::case_facts(const CaseProtocolContext& ctx,
                                         std::optional<Date> today) {
    protocol::CaseFacts f;
    f.case_id = ctx.kase.id;
    f.today = today ? *today : this->today();
    f.phase = ctx.current().phase;
    f.phase_entered_on = ctx.current().entered_on;
    for (Id id : partners_of(ctx.kase)) {
        auto client = store::find_client(*db_, id);
        if (!client) fail(Errc::store, "a partner's record is missing");
        std::string role = ctx.kase.individual()             ? "client"
                           : ctx.cp.betrayed_client_id == 0  ? ""
                           : ctx.cp.betrayed_client_id == id ? "betrayed"
                                                             : "involved";
        f.partners.push_back({id, client->known_as(), role});
    }
    std::set<std::string> instruments;
    for (const auto& t : ctx.definition.transitions)
        for (const auto& c : t.criteria)
            if (!c.instrument.empty()) instruments.insert(c.instrument);
    for (const auto& b : measures::builtin_instruments())
        f.instruments[b.code] = b;
    for (const auto& [code, version, text] :
         store::list_definitions(*db_, store::DefinitionKind::instrument))
        f.instruments[code] = measures::instrument_from_json_text(text);
    for (const auto& p : f.partners) {
        for (const auto& code : instruments) {
            auto points = measures::points_of(store::list_administrations(*db_, p.client_id, code));
            if (!points.empty()) f.series[{p.client_id, code}] = points;
        }
        store::FlagFilter filter;
        filter.client_id = p.client_id;
        for (const auto& fl : store::list_flags(*db_, {0, true}, filter))
            f.open_flags.push_back({fl.id, fl.client_id, fl.code, fl.severity, fl.raised_on});
        for (const auto& s : store::list_safety_screens(*db_, p.client_id))
            f.screens.push_back({s.id, s.client_id, s.ipv, s.suicide_risk, s.administered_on});
    }
    for (const auto& a : store::list_attestations(*db_, ctx.kase.id))
        f.attestations.push_back(
            {a.id, a.client_id, a.code, a.value, a.effective_on.value_or(""), a.recorded_on});
    for (const auto& a : store::list_agreements(*db_, ctx.kase.id))
        f.agreements.push_back({a.id, a.kind, a.status, a.agreed_on});
    if (auto plan = store::latest_plan(*db_, ctx.kase.id, f.phase))
        f.plan_review_on = plan->review_on;
    return f;
}

// A phase change's date: today by default, never before the last entry.
std::string Practice::phase_date(const std::string& given, const CaseProtocolContext& ctx) {
    Date d = given.empty() ? today() : parse_date_in("on", given, earliest_date(), today());
    if (d < parse_date("on", ctx.current().entered_on))
        fail(Errc::invalid, "a phase change cannot be dated before the current phase began");
    return d.iso();
}

void Practice::start_protocol(Id case_id, const std::string& code, Id betrayed_client_id,
                              const std::string& on) {
    check_text("protocol", code, 40);
    if (betrayed_client_id < 0) fail(Errc::invalid, "betrayed_client_id must be a client id or 0");
    run([&] {
        Case c = visible_case("update", case_id);
        if (c.archived) fail(Errc::state, "that case is archived");
        if (store::find_case_protocol(*db_, case_id))
            fail(Errc::state, "this case already follows a protocol");
        auto p = protocol_version(code, 0);
        if (p.kind != c.kind)
            fail(Errc::invalid, fmt::format("a {} protocol cannot run an {} case", p.kind, c.kind));
        if (betrayed_client_id) {
            auto partners = partners_of(c);
            if (c.individual() ||
                std::find(partners.begin(), partners.end(), betrayed_client_id) == partners.end())
                fail(Errc::invalid, "the betrayed partner must be a partner of the couple");
        }
        std::string date =
            on.empty()
                ? today().iso()
                : parse_date_in("on", on, parse_date("opened_on", c.opened_on), today()).iso();
        protocol::CaseProtocol cp{case_id, p.code,    p.version, betrayed_client_id,
                                  date,    now_iso(), now_iso()};
        store::insert_case_protocol(*db_, cp);
        protocol::PhaseEntry e;
        e.case_id = case_id;
        e.phase = p.start_phase;
        e.kind = "start";
        e.entered_on = date;
        record_phase_entry(e, "start_protocol");
    });
}

void Practice::set_roles(Id case_id, Id betrayed_client_id) {
    if (betrayed_client_id < 0) fail(Errc::invalid, "betrayed_client_id must be a client id or 0");
    run([&] {
        auto ctx = protocol_context("update", case_id);
        if (ctx.kase.archived) fail(Errc::state, "that case is archived");
        if (ctx.kase.individual()) fail(Errc::invalid, "partner roles belong to conjoint cases");
        auto partners = partners_of(ctx.kase);
        if (betrayed_client_id &&
            std::find(partners.begin(), partners.end(), betrayed_client_id) == partners.end())
            fail(Errc::invalid, "the betrayed partner must be a partner of the couple");
        store::update_case_protocol_roles(*db_, case_id, betrayed_client_id, now_iso());
        audit("update", "case_protocol", case_id);
    });
}

nlohmann::json Practice::evaluate_json(Id case_id) {
    json out;
    run([&] {
        actor();
        auto ctx = protocol_context("read", case_id);
        auto e = protocol::evaluate(ctx.definition, case_facts(ctx));
        out = protocol::to_json(e);
        out["case_id"] = case_id;
        out["protocol"] = {
            {"code", ctx.cp.code}, {"version", ctx.cp.version}, {"name", ctx.definition.name}};
        out["betrayed_client_id"] =
            ctx.cp.betrayed_client_id ? json(ctx.cp.betrayed_client_id) : json(nullptr);
        audit("read", "case_phase", case_id);
    });
    return out;
}

// The common start of a move forward: the case's protocol, the step from
// the current phase to `to`, its date (checked before anything is weighed)
// and the gate evaluation of that step.
Practice::GateStep Practice::gate_step(Id case_id, const std::string& to, const std::string& on) {
    GateStep g{protocol_context("update", case_id), "", "", {}, 0};
    if (g.ctx.kase.archived) fail(Errc::state, "that case is archived");
    g.from = g.ctx.current().phase;
    if (!g.ctx.definition.transition(g.from, to))
        fail(Errc::invalid, fmt::format("the protocol has no step from {} to {}", g.from, to));
    g.date = phase_date(on, g.ctx);
    g.evaluation = protocol::evaluate(g.ctx.definition, case_facts(g.ctx));
    while (g.evaluation.transitions[g.step].to != to)
        ++g.step;
    return g;
}

void Practice::record_phase_entry(protocol::PhaseEntry entry, const char* action) {
    entry.actor_id = actor().id;
    entry.created_at = now_iso();
    store::insert_phase_entry(*db_, entry);
    audit(action, "case", entry.case_id);
}

void Practice::advance(Id case_id, const std::string& to, const std::string& rationale,
                       const std::string& on) {
    check_text("to", to, 40);
    if (!rationale.empty()) check_text("rationale", rationale, 4000);
    run([&] {
        GateStep g = gate_step(case_id, to, on);
        const auto& t = g.transition();
        if (!t.open)
            fail(Errc::gate,
                 g.evaluation.suspended
                     ? fmt::format("the gate from {} to {} is closed: a contraindication suspends "
                                   "conjoint work; see the gate evaluation",
                                   g.from, to)
                     : fmt::format("the gate from {} to {} is not open: {} of {} criteria unmet; "
                                   "see the gate evaluation",
                                   g.from, to, t.unmet(), t.criteria.size()));
        protocol::PhaseEntry entry;
        entry.case_id = case_id;
        entry.phase = to;
        entry.from_phase = g.from;
        entry.kind = "advance";
        entry.entered_on = g.date;
        if (!rationale.empty()) entry.rationale = rationale;
        record_phase_entry(entry, "advance");
    });
}

void Practice::override_gate(Id case_id, const std::string& to, const std::string& rationale,
                             const std::string& safety_plan, const std::string& on) {
    check_text("to", to, 40);
    check_text("rationale", rationale, 4000);
    if (!safety_plan.empty()) check_text("safety_plan", safety_plan, 4000);
    run([&] {
        GateStep g = gate_step(case_id, to, on);
        const auto& t = g.transition();
        if (g.evaluation.suspended && safety_plan.empty())
            fail(Errc::gate,
                 "a contraindication is present: an override needs a stated safety plan");
        // What the override passed over, kept with the entry for reports.
        json unmet = {{"criteria", json::array()}, {"contraindications", json::array()}};
        for (const auto& c : t.criteria)
            if (c.status != "met")
                unmet["criteria"].push_back({{"id", c.id},
                                             {"label", c.label},
                                             {"status", c.status},
                                             {"sentence", c.sentence}});
        for (const auto& c : g.evaluation.contraindications)
            if (c.status == "present")
                unmet["contraindications"].push_back(
                    {{"code", c.code}, {"label", c.label}, {"sentence", c.sentence}});
        protocol::PhaseEntry entry;
        entry.case_id = case_id;
        entry.phase = to;
        entry.from_phase = g.from;
        entry.kind = t.open ? "advance" : "override";
        entry.entered_on = g.date;
        entry.rationale = rationale;
        if (!safety_plan.empty()) entry.safety_plan = safety_plan;
        if (!t.open) entry.unmet = unmet.dump();
        record_phase_entry(entry, t.open ? "advance" : "override");
    });
}

void Practice::move_back(Id case_id, const std::string& to, const std::string& rationale,
                         const std::string& on) {
    check_text("to", to, 40);
    check_text("rationale", rationale, 4000);
    run([&] {
        auto ctx = protocol_context("update", case_id);
        if (ctx.kase.archived) fail(Errc::state, "that case is archived");
        const auto& from = ctx.current().phase;
        int target = ctx.definition.phase_index(to);
        if (target < 0) fail(Errc::invalid, "the protocol has no phase with that code");
        if (target >= ctx.definition.phase_index(from))
            fail(Errc::invalid, "moving back goes to an earlier phase; to go forward, advance");
        protocol::PhaseEntry entry;
        entry.case_id = case_id;
        entry.phase = to;
        entry.from_phase = from;
        entry.kind = "back";
        entry.entered_on = phase_date(on, ctx);
        entry.rationale = rationale;
        record_phase_entry(entry, "move_back");
    });
}

nlohmann::json Practice::history_json(Id case_id) {
    json out;
    run([&] {
        actor();
        auto ctx = protocol_context("read", case_id);
        json entries = json::array();
        std::vector<std::string> session_dates;
        for (const auto& s : store::list_sessions(*db_, case_id))
            session_dates.push_back(s.date());
        auto spans = protocol::phase_spans(ctx.entries, session_dates, today());
        for (std::size_t i = 0; i < ctx.entries.size(); ++i) {
            const auto& e = ctx.entries[i];
            const auto& span = spans[i];
            const auto* ph = ctx.definition.phase(e.phase);
            auto text = [](const Text& t) { return t ? json(*t) : json(nullptr); };
            entries.push_back({{"id", e.id},
                               {"phase", e.phase},
                               {"phase_name", ph ? ph->name : e.phase},
                               {"from_phase", text(e.from_phase)},
                               {"kind", e.kind},
                               {"entered_on", e.entered_on},
                               {"left_on", span.left_on ? json(*span.left_on) : json(nullptr)},
                               {"days", span.days},
                               {"sessions", span.sessions},
                               {"actor_id", e.actor_id},
                               {"rationale", text(e.rationale)},
                               {"safety_plan", text(e.safety_plan)},
                               {"unmet", e.unmet ? json::parse(*e.unmet) : json(nullptr)}});
        }
        out = {
            {"case_id", case_id},
            {"protocol",
             {{"code", ctx.cp.code}, {"version", ctx.cp.version}, {"name", ctx.definition.name}}},
            {"started_on", ctx.cp.started_on},
            {"current_phase", ctx.current().phase},
            {"entries", entries}};
        audit("read", "case_phase", case_id);
    });
    return out;
}

} // namespace mend
