// The caseload report's snapshot (docs/report-schema.md): a clinician's (or
// the practice's) open cases, where each stands, what is blocked or overdue.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "practice/report_json.hpp"
#include "report/render.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace mend {

using nlohmann::json;

nlohmann::json Practice::caseload_snapshot(const ReportOptions& o) {
    Id clinician = o.clinician_id;
    if (!actor().sees_everything()) {
        if (clinician && clinician != actor().id) deny("report", "caseload", clinician);
        clinician = actor().id;
    }
    std::optional<Clinician> who;
    if (clinician) {
        who = store::find_clinician(*db_, clinician);
        if (!who) fail(Errc::not_found, "no clinician has that id");
    }
    json snap;
    snap["schema"] = report::caseload_schema;
    snap["title"] = "Caseload report";
    snap["generated_on"] = o.generated_on;
    snap["practice"] = {{"name", store::practice_name(*db_)}};
    snap["clinician"] = clinician_json(who);
    snap["overdue_after_weeks"] = o.overdue_weeks;
    json cases = json::array(), blocked = json::array(), overdue = json::array(),
         flags = json::array();
    std::map<std::string, int> by_phase;
    std::map<std::string, int> per_week;
    Date today = parse_date("generated_on", o.generated_on);
    // Each clinician the report names, read once.
    std::map<Id, std::optional<Clinician>> clinicians;
    // The cut-off choices of the instruments the gates name, read once.
    std::map<std::string, std::map<std::string, double>> cutoffs;
    const auto instruments = known_instruments();
    store::CaseFilter filter;
    filter.clinician_id = clinician;
    store::Page page;
    page.limit = 500;
    for (;;) {
        auto rows = store::list_cases(*db_, viewer(), page, filter);
        // The page's rows, each table read once for all its open cases.
        std::vector<Id> case_ids, couple_ids, client_ids;
        for (const auto& c : rows) {
            if (c.status == "closed") continue;
            case_ids.push_back(c.id);
            if (c.individual())
                client_ids.push_back(c.client_id);
            else
                couple_ids.push_back(c.couple_id);
        }
        const auto couples = store::find_couples(*db_, couple_ids);
        for (const auto& [id, couple] : couples) {
            client_ids.push_back(couple.client_a_id);
            client_ids.push_back(couple.client_b_id);
        }
        std::sort(client_ids.begin(), client_ids.end());
        client_ids.erase(std::unique(client_ids.begin(), client_ids.end()), client_ids.end());
        const auto clients = store::find_clients(*db_, client_ids);
        const auto sessions_of = store::sessions_of_cases(*db_, case_ids, false);
        const auto protocols = store::case_protocols(*db_, case_ids);
        auto entries_of = store::phase_entries_of_cases(*db_, case_ids);
        auto role_changes_of = store::role_changes_of_cases(*db_, case_ids);
        const auto attestations_of = store::attestations_of_cases(*db_, case_ids);
        const auto agreements_of = store::agreements_of_cases(*db_, case_ids);
        const auto agreement_events = store::agreement_events_of_cases(*db_, case_ids);
        const auto plans_of = store::latest_plans_of_cases(*db_, case_ids);
        // The gates read totals; the weekly counts, dates.
        const auto administrations = store::administrations_of_clients(*db_, client_ids, false);
        const auto flags_of = store::flags_of_clients(*db_, client_ids);
        const auto screens_of = store::screens_of_clients(*db_, client_ids);
        // A case's rows of a page map, or none.
        auto of = [](const auto& map, Id key) {
            using Rows = typename std::decay_t<decltype(map)>::mapped_type;
            static const Rows none;
            auto it = map.find(key);
            return it == map.end() ? &none : &it->second;
        };
        for (const auto& c : rows) {
            if (c.status == "closed") continue;
            std::vector<Id> partner_ids{c.client_id};
            if (!c.individual()) {
                auto couple = couples.find(c.couple_id);
                if (couple == couples.end()) fail(Errc::store, "the case's couple is missing");
                partner_ids = {couple->second.client_a_id, couple->second.client_b_id};
            }
            std::vector<std::string> names;
            std::vector<Client> people;
            for (Id id : partner_ids) {
                auto client = clients.find(id);
                if (client == clients.end()) fail(Errc::store, "a partner's record is missing");
                people.push_back(client->second);
                names.push_back(people.back().full_name());
            }
            std::string label = names.size() == 2 ? names[0] + " & " + names[1] : names[0];
            auto lead = clinicians.find(c.primary_clinician_id);
            if (lead == clinicians.end())
                lead = clinicians
                           .emplace(c.primary_clinician_id,
                                    store::find_clinician(*db_, c.primary_clinician_id))
                           .first;
            json entry = {{"id", c.id},
                          {"label", label},
                          {"kind", c.kind},
                          {"status", c.status},
                          {"clinician", lead->second ? lead->second->display_name : ""},
                          {"phase", nullptr},
                          {"phase_name", nullptr},
                          {"days_in_phase", nullptr}};
            const auto& sessions = *of(sessions_of, c.id);
            auto cp = protocols.find(c.id);
            std::vector<protocol::PhaseEntry> entries;
            if (cp != protocols.end()) entries = std::move(entries_of[c.id]);
            entries.erase(
                std::remove_if(entries.begin(), entries.end(),
                               [&](const auto& x) { return x.entered_on > o.generated_on; }),
                entries.end());
            if (cp != protocols.end() && !entries.empty()) {
                CaseProtocolContext ctx{c, cp->second,
                                        protocol_version(cp->second.code, cp->second.version),
                                        entries, std::move(role_changes_of[c.id])};
                ctx = context_on(std::move(ctx), today); // the roles in force then
                GatheredRows given;
                given.sessions = &sessions;
                given.administrations = &administrations;
                given.partners = &people;
                given.flags = &flags_of;
                given.screens = &screens_of;
                given.attestations = of(attestations_of, c.id);
                given.agreements = of(agreements_of, c.id);
                given.agreement_events = &agreement_events;
                given.plans = of(plans_of, c.id);
                given.cutoffs = &cutoffs;
                given.instruments = &instruments;
                auto e = protocol::evaluate(ctx.definition, case_facts(ctx, today, given));
                entry["phase"] = e.phase;
                entry["phase_name"] = e.phase_name;
                entry["days_in_phase"] = e.days_in_phase;
                by_phase[e.phase_name] += 1;
                bool any_open = std::any_of(e.transitions.begin(), e.transitions.end(),
                                            [](const auto& t) { return t.open; });
                if (!e.transitions.empty() && !any_open) {
                    const auto* t = &e.transitions.front();
                    for (const auto& x : e.transitions)
                        if (x.relational) t = &x;
                    json unmet = json::array();
                    for (const auto& cr : t->criteria)
                        if (cr.status != "met") unmet.push_back(cr.label);
                    // The contraindications that hold this step: present, or
                    // not known to be absent.
                    for (const auto& con : e.contraindications)
                        for (const auto* codes : {&t->suspended_by, &t->blocked_by_unknown})
                            if (std::find(codes->begin(), codes->end(), con.code) != codes->end())
                                unmet.push_back(con.label);
                    blocked.push_back({{"case_id", c.id},
                                       {"label", label},
                                       {"phase_name", e.phase_name},
                                       {"transition", t->name},
                                       {"suspended", e.every_way_suspended()},
                                       {"unmet", unmet}});
                }
            } else {
                by_phase["No protocol"] += 1;
            }
            cases.push_back(entry);
            audit("read", "case", c.id);
            for (const auto& p : people)
                audit("read", "client", p.id);
            for (const auto& p : people) {
                // Every administration counts as a measure, of any instrument.
                Text last;
                for (const auto& a : *of(administrations, p.id))
                    if (a.administered_on <= o.generated_on && (!last || a.administered_on > *last))
                        last = a.administered_on;
                long weeks =
                    last
                        ? (today.days_since_epoch() - parse_date("d", *last).days_since_epoch()) / 7
                        : -1;
                if (!last || weeks >= o.overdue_weeks)
                    overdue.push_back({{"case_id", c.id},
                                       {"client_name", p.full_name()},
                                       {"last_measure_on", last ? json(*last) : json(nullptr)},
                                       {"weeks_since", last ? json(weeks) : json(nullptr)}});
                for (const auto& f : *of(flags_of, p.id))
                    if (f.status == "open")
                        flags.push_back({{"case_id", c.id},
                                         {"client_name", p.full_name()},
                                         {"code", f.code},
                                         {"severity", f.severity},
                                         {"raised_on", f.raised_on}});
            }
            for (const auto& s : sessions) {
                Date d = parse_date("d", s.date());
                long age = today.days_since_epoch() - d.days_since_epoch();
                if (age < 0 || age >= 12 * 7) continue;
                // The week's Monday (1970-01-05 was a Monday).
                long monday = d.days_since_epoch() - ((d.days_since_epoch() - 4) % 7 + 7) % 7;
                Date m{1970, 1, 1};
                std::string key;
                {
                    long diff = monday - m.days_since_epoch();
                    std::time_t t = static_cast<std::time_t>(diff) * 86400;
                    std::tm tm{};
                    gmtime_r(&t, &tm);
                    key = fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                                      tm.tm_mday);
                }
                per_week[key] += 1;
            }
        }
        if (static_cast<int>(rows.size()) < page.limit) break;
        page.after_id = rows.back().id;
    }
    json phases = json::array();
    for (const auto& [name, n] : by_phase)
        phases.push_back({{"phase_name", name}, {"count", n}});
    json weeks = json::array();
    for (const auto& [week, n] : per_week)
        weeks.push_back({{"week_of", week}, {"count", n}});
    snap["cases"] = cases;
    snap["by_phase"] = phases;
    snap["blocked"] = blocked;
    snap["overdue_measures"] = overdue;
    snap["open_flags"] = flags;
    snap["sessions_per_week"] = weeks;
    audit("report", "caseload", clinician);
    return snap;
}

} // namespace mend
