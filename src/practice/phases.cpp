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
#include <map>
#include <set>
#include <type_traits>

namespace mend {

namespace {

using nlohmann::json;

// JSON the library kept in a row; a damaged value reads as null, never as a
// crash, and says so.
json kept_json(const Text& t, json& out, const char* key) {
    if (!t) return out[key] = nullptr;
    json j = json::parse(*t, nullptr, false);
    if (j.is_discarded()) {
        out[std::string(key) + "_damaged"] = true;
        j = nullptr;
    }
    return out[key] = j;
}

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
    ctx.role_changes = store::list_role_changes(*db_, case_id);
    return ctx;
}

Practice::CaseProtocolContext Practice::context_on(CaseProtocolContext ctx, const Date& date) {
    std::string on = date.iso();
    if (on < ctx.entries.front().entered_on)
        fail(Errc::invalid, "the case had not started its protocol on that date");
    while (ctx.entries.back().entered_on > on)
        ctx.entries.pop_back();
    // The roles in force on the date: the last change made by then, else what
    // the first later change replaced.
    const protocol::RoleChange* before = nullptr;
    const protocol::RoleChange* after = nullptr;
    for (const auto& r : ctx.role_changes) {
        if (r.changed_on <= on)
            before = &r;
        else if (!after)
            after = &r;
    }
    if (before)
        ctx.cp.betrayed_client_id = before->betrayed_client_id;
    else if (after)
        ctx.cp.betrayed_client_id = after->previous_client_id;
    return ctx;
}

// The facts the gates read: partners and roles, every administration of the
// instruments the protocol names (from any of the partner's cases), flags,
// screens, attestations, agreements, and the current plan's review date.
protocol::CaseFacts Practice::case_facts(const CaseProtocolContext& ctx, std::optional<Date> today,
                                         const GatheredRows& given) {
    protocol::CaseFacts f;
    f.case_id = ctx.kase.id;
    f.today = today ? *today : this->today();
    f.phase = ctx.current().phase;
    f.phase_entered_on = ctx.current().entered_on;
    std::vector<Client> read_partners;
    if (!given.partners)
        for (Id id : partners_of(ctx.kase)) {
            auto client = store::find_client(*db_, id);
            if (!client) fail(Errc::store, "a partner's record is missing");
            read_partners.push_back(std::move(*client));
        }
    for (const auto& client : given.partners ? *given.partners : read_partners) {
        Id id = client.id;
        std::string role = ctx.kase.individual()             ? "client"
                           : ctx.cp.betrayed_client_id == 0  ? ""
                           : ctx.cp.betrayed_client_id == id ? "betrayed"
                                                             : "involved";
        f.partners.push_back({id, client.known_as(), role});
    }
    std::set<std::string> instruments = protocol::instruments_named(ctx.definition);
    std::vector<measures::Instrument> read_instruments;
    if (!given.instruments) read_instruments = known_instruments();
    for (const auto& in : given.instruments ? *given.instruments : read_instruments)
        f.instruments[in.code] = in;
    // A recorded instant as the practice's calendar date.
    const std::string zone = time_zone();
    auto local_day = [&](const std::string& at) {
        try {
            return local_date(parse_timestamp("at", at), zone).iso();
        } catch (const Error&) {
            fail(Errc::store, "a stored timestamp is damaged");
        }
    };
    // A client's rows from a given map (none when the client has none), else
    // read into `read`.
    auto rows_of = [](const auto* map, Id client, auto& read, auto reader) {
        using Rows = std::remove_reference_t<decltype(read)>;
        static const Rows none;
        if (!map) {
            read = reader();
            return static_cast<const Rows*>(&read);
        }
        auto it = map->find(client);
        return it == map->end() ? &none : &it->second;
    };
    for (const auto& p : f.partners) {
        // The partner's administrations, read once, of the instruments named.
        std::map<std::string, std::vector<measures::Administration>> named;
        std::vector<measures::Administration> read;
        const auto* known = rows_of(given.administrations, p.client_id, read, [&] {
            return store::list_client_administrations(*db_, p.client_id);
        });
        for (const auto& a : *known)
            if (instruments.count(a.instrument)) named[a.instrument].push_back(a);
        for (const auto& [code, given] : named) {
            auto points = measures::points_of(given);
            if (!points.empty()) f.series[{p.client_id, code}] = points;
        }
        // Every flag, open or resolved: the gate judges which were open on
        // its date.
        std::vector<measures::Flag> read_flags;
        const auto* flags = rows_of(given.flags, p.client_id, read_flags, [&] {
            store::FlagFilter filter;
            filter.client_id = p.client_id;
            filter.include_resolved = true;
            return store::list_flags(*db_, {0, true}, filter);
        });
        for (const auto& fl : *flags)
            f.flags.push_back({fl.id, fl.client_id, fl.code, fl.severity, fl.raised_on,
                               fl.status == "resolved" && fl.resolved_at
                                   ? local_day(*fl.resolved_at)
                                   : std::string()});
        std::vector<measures::SafetyScreen> read_screens;
        const auto* screens = rows_of(given.screens, p.client_id, read_screens, [&] {
            return store::list_safety_screens(*db_, p.client_id);
        });
        for (const auto& s : *screens)
            f.screens.push_back({s.id, s.client_id, s.ipv, s.suicide_risk, s.administered_on});
    }
    std::vector<protocol::Attestation> read_attestations;
    if (!given.attestations) read_attestations = store::list_attestations(*db_, ctx.kase.id);
    for (const auto& a : given.attestations ? *given.attestations : read_attestations)
        f.attestations.push_back(
            {a.id, a.client_id, a.code, a.value, a.effective_on.value_or(""), a.recorded_on});
    // Agreements with their status changes, so the status on the date is known.
    std::vector<protocol::Agreement> read_agreements;
    if (!given.agreements) read_agreements = store::list_agreements(*db_, ctx.kase.id);
    for (const auto& a : given.agreements ? *given.agreements : read_agreements) {
        protocol::AgreementFact fact{a.id, a.kind, a.status, a.agreed_on, {}};
        std::vector<protocol::AgreementEvent> read_events;
        const auto* events = rows_of(given.agreement_events, a.id, read_events,
                                     [&] { return store::list_agreement_events(*db_, a.id); });
        for (const auto& ev : *events)
            fact.events.push_back({ev.status, local_day(ev.at)});
        f.agreements.push_back(fact);
    }
    // The cut-offs as the practice chose them, for criteria that name one.
    for (const auto& code : instruments) {
        if (!given.cutoffs) {
            f.cutoff_choices[code] = store::cutoff_choices(*db_, code);
            continue;
        }
        auto it = given.cutoffs->find(code);
        if (it == given.cutoffs->end())
            it = given.cutoffs->emplace(code, store::cutoff_choices(*db_, code)).first;
        f.cutoff_choices[code] = it->second;
    }
    std::vector<Session> sessions;
    if (!given.sessions) sessions = store::list_sessions(*db_, ctx.kase.id);
    for (const auto& s : given.sessions ? *given.sessions : sessions)
        f.session_dates.push_back(s.date());
    if (given.plans) {
        for (const auto& plan : *given.plans)
            if (plan.phase == f.phase) f.plan_review_on = plan.review_on;
    } else if (auto plan = store::latest_plan(*db_, ctx.kase.id, f.phase)) {
        f.plan_review_on = plan->review_on;
    }
    return f;
}

// A phase change's date: today by default, never before the last entry and
// never after today.
std::string Practice::phase_date(const std::string& given, const CaseProtocolContext& ctx) {
    Date d = given.empty() ? today() : parse_date_in("on", given, earliest_date(), today());
    if (d < parse_date("on", ctx.current().entered_on))
        fail(Errc::invalid, "a phase change cannot be dated before the current phase began");
    return d.iso();
}

// Rationales and safety plans are sentences a reader can follow, not a
// character typed to get past a check.
void Practice::check_rationale(const char* field, const std::string& text,
                               const protocol::Protocol& definition) {
    check_text(field, text, 4000);
    std::size_t chars = 0; // code points, leading and trailing blanks aside
    auto first = text.find_first_not_of(" \t\r\n"), last = text.find_last_not_of(" \t\r\n");
    if (first != std::string::npos)
        for (std::size_t i = first; i <= last; ++i)
            chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    std::size_t least = static_cast<std::size_t>(definition.min_rationale_chars);
    if (chars < least)
        fail(Errc::invalid, fmt::format("{} must be a real sentence: at least {} characters (the "
                                        "protocol's minimum)",
                                        field, least));
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

void Practice::set_roles(Id case_id, Id betrayed_client_id, const std::string& rationale,
                         bool override) {
    if (betrayed_client_id < 0) fail(Errc::invalid, "betrayed_client_id must be a client id or 0");
    check_text("rationale", rationale, 4000);
    run([&] {
        auto ctx = protocol_context("update", case_id);
        if (ctx.kase.archived) fail(Errc::state, "that case is archived");
        if (ctx.kase.individual()) fail(Errc::invalid, "partner roles belong to conjoint cases");
        auto partners = partners_of(ctx.kase);
        if (betrayed_client_id &&
            std::find(partners.begin(), partners.end(), betrayed_client_id) == partners.end())
            fail(Errc::invalid, "the betrayed partner must be a partner of the couple");
        if (betrayed_client_id == ctx.cp.betrayed_client_id)
            fail(Errc::invalid, "the roles are already recorded that way");
        check_rationale("rationale", rationale, ctx.definition);
        // Every gate reads the roles: weigh the current phase's gates under
        // the present roles and under the new ones.
        Date on = today();
        auto before = protocol::evaluate(ctx.definition, case_facts(ctx, on));
        auto changed = ctx;
        changed.cp.betrayed_client_id = betrayed_client_id;
        changed.role_changes.clear();
        auto after = protocol::evaluate(ctx.definition, case_facts(changed, on));
        json opened = json::array();
        for (std::size_t i = 0; i < after.transitions.size(); ++i)
            if (after.transitions[i].open && !before.transitions[i].open)
                opened.push_back(after.transitions[i].to);
        if (!opened.empty() && !override)
            fail(Errc::gate,
                 fmt::format("changing the roles would open the gate to {}; see the gate "
                             "evaluation, and record the change as an override if it stands",
                             opened[0].get<std::string>()));
        protocol::RoleChange r;
        r.case_id = case_id;
        r.actor_id = actor().id;
        r.betrayed_client_id = betrayed_client_id;
        r.previous_client_id = ctx.cp.betrayed_client_id;
        r.kind = opened.empty() ? "roles" : "override";
        r.changed_on = on.iso();
        r.rationale = rationale;
        r.evaluation = protocol::to_json(after).dump();
        if (!opened.empty()) r.opened = opened.dump();
        r.created_at = now_iso();
        store::insert_role_change(*db_, r);
        store::update_case_protocol_roles(*db_, case_id, betrayed_client_id, r.created_at);
        audit(opened.empty() ? "set_roles" : "override_roles", "case", case_id);
    });
}

nlohmann::json Practice::evaluate_json(Id case_id, const std::string& on) {
    json out;
    read([&] {
        actor();
        Date date = on.empty() ? today() : parse_date_in("on", on, earliest_date(), today());
        auto ctx = context_on(protocol_context("read", case_id), date);
        auto e = protocol::evaluate(ctx.definition, case_facts(ctx, date));
        out = protocol::to_json(e);
        out["case_id"] = case_id;
        out["as_of"] = date.iso();
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
        // `to` is named only when it is one of the protocol's phases: an
        // unknown one is the caller's text, never echoed.
        fail(Errc::invalid,
             g.ctx.definition.phase(to)
                 ? fmt::format("the protocol has no step from {} to {}", g.from, to)
                 : fmt::format("the protocol has no step from {} to the phase given", g.from));
    g.date = phase_date(on, g.ctx);
    // The gate as of the move's date: what was recorded by then, and the
    // time in phase counted to it.
    g.ctx = context_on(std::move(g.ctx), parse_date("on", g.date));
    g.evaluation =
        protocol::evaluate(g.ctx.definition, case_facts(g.ctx, parse_date("on", g.date)));
    while (g.evaluation.transitions[g.step].to != to)
        ++g.step;
    return g;
}

// What a move through a gate keeps: the evaluation of that step as of its
// date (criteria with their sentences and evidence, contraindications).
std::string Practice::GateStep::kept_evaluation() const {
    json e = protocol::to_json(evaluation);
    json only = json::array({e["transitions"][step]});
    e["transitions"] = only;
    e["as_of"] = date;
    return e.dump();
}

void Practice::record_phase_entry(protocol::PhaseEntry entry, const char* action) {
    entry.actor_id = actor().id;
    entry.created_at = now_iso();
    Id id = store::insert_phase_entry(*db_, entry);
    audit(action, "case", entry.case_id);
    queue_event(EventKind::phase_changed, id, entry.case_id, 0);
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
                 !t.suspended_by.empty()
                     ? fmt::format("the gate from {} to {} is closed: a contraindication suspends "
                                   "this step; see the gate evaluation",
                                   g.from, to)
                 : !t.blocked_by_unknown.empty()
                     ? fmt::format("the gate from {} to {} is closed: whether a contraindication "
                                   "is present is not known (unknown is not safe); see the gate "
                                   "evaluation",
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
        entry.evaluation = g.kept_evaluation();
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
        check_rationale("rationale", rationale, g.ctx.definition);
        if (!safety_plan.empty()) check_rationale("safety_plan", safety_plan, g.ctx.definition);
        const auto& t = g.transition();
        if (t.needs_safety_plan() && safety_plan.empty())
            fail(Errc::gate, "a contraindication is present or not known to be absent, or an "
                             "urgent safety flag is open: an override needs a stated safety plan");
        // What the override passed over, kept with the entry for reports.
        json unmet = {{"criteria", json::array()}, {"contraindications", json::array()}};
        for (const auto& c : t.criteria)
            if (c.status != "met")
                unmet["criteria"].push_back({{"id", c.id},
                                             {"label", c.label},
                                             {"status", c.status},
                                             {"sentence", c.sentence}});
        for (const auto& c : g.evaluation.contraindications) {
            auto named = [&](const std::vector<std::string>& codes) {
                return std::find(codes.begin(), codes.end(), c.code) != codes.end();
            };
            if (named(t.suspended_by) || named(t.blocked_by_unknown))
                unmet["contraindications"].push_back({{"code", c.code},
                                                      {"label", c.label},
                                                      {"status", c.status},
                                                      {"sentence", c.sentence}});
        }
        protocol::PhaseEntry entry;
        entry.case_id = case_id;
        entry.phase = to;
        entry.from_phase = g.from;
        entry.kind = t.open ? "advance" : "override";
        entry.entered_on = g.date;
        entry.rationale = rationale;
        if (!safety_plan.empty()) entry.safety_plan = safety_plan;
        if (!t.open) entry.unmet = unmet.dump();
        entry.evaluation = g.kept_evaluation();
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
        check_rationale("rationale", rationale, ctx.definition);
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
    read([&] {
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
            json entry = {{"id", e.id},
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
                          {"safety_plan", text(e.safety_plan)}};
            kept_json(e.unmet, entry, "unmet");
            // An override passed a closed gate: nothing "opened" it.
            json kept = kept_json(e.evaluation, entry, "evaluation");
            entry["opened_by"] =
                e.kind == "advance" ? protocol::opened_by(kept, true) : json::array();
            entries.push_back(entry);
        }
        json roles = json::array();
        for (const auto& r : ctx.role_changes) {
            auto id = [](Id v) { return v ? json(v) : json(nullptr); };
            json change = {{"id", r.id},
                           {"kind", r.kind},
                           {"changed_on", r.changed_on},
                           {"betrayed_client_id", id(r.betrayed_client_id)},
                           {"previous_client_id", id(r.previous_client_id)},
                           {"rationale", r.rationale},
                           {"actor_id", r.actor_id}};
            kept_json(r.opened, change, "opened");
            roles.push_back(change);
        }
        out = {
            {"case_id", case_id},
            {"protocol",
             {{"code", ctx.cp.code}, {"version", ctx.cp.version}, {"name", ctx.definition.name}}},
            {"started_on", ctx.cp.started_on},
            {"current_phase", ctx.current().phase},
            {"entries", entries},
            {"role_changes", roles}};
        audit("read", "case_phase", case_id);
    });
    return out;
}

} // namespace mend
