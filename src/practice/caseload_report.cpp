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
    // Every open flag of the practice, read once, by client (oldest first).
    std::map<Id, std::vector<measures::Flag>> open_flags;
    for (auto& f : store::list_flags(*db_, {0, true}, store::FlagFilter{}))
        open_flags[f.client_id].push_back(std::move(f));
    store::CaseFilter filter;
    filter.clinician_id = clinician;
    store::Page page;
    page.limit = 1000;
    for (;;) {
        auto rows = store::list_cases(*db_, viewer(), page, filter);
        for (const auto& c : rows) {
            if (c.status == "closed") continue;
            std::vector<std::string> names;
            std::vector<Client> people;
            for (Id id : partners_of(c)) {
                people.push_back(*store::find_client(*db_, id));
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
            // The case's sessions, read once: for the gate and the weekly counts.
            const auto sessions = store::list_sessions(*db_, c.id);
            auto cp = store::find_case_protocol(*db_, c.id);
            auto entries =
                cp ? store::list_phase_entries(*db_, c.id) : std::vector<protocol::PhaseEntry>{};
            entries.erase(
                std::remove_if(entries.begin(), entries.end(),
                               [&](const auto& x) { return x.entered_on > o.generated_on; }),
                entries.end());
            if (cp && !entries.empty()) {
                CaseProtocolContext ctx{c, *cp, protocol_version(cp->code, cp->version), entries,
                                        store::list_role_changes(*db_, c.id)};
                ctx = context_on(std::move(ctx), today); // the roles in force then
                auto e = protocol::evaluate(ctx.definition,
                                            case_facts(ctx, today, {&sessions, nullptr}));
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
                Text last = store::latest_administration_on(*db_, p.id, o.generated_on);
                long weeks =
                    last
                        ? (today.days_since_epoch() - parse_date("d", *last).days_since_epoch()) / 7
                        : -1;
                if (!last || weeks >= o.overdue_weeks)
                    overdue.push_back({{"case_id", c.id},
                                       {"client_name", p.full_name()},
                                       {"last_measure_on", last ? json(*last) : json(nullptr)},
                                       {"weeks_since", last ? json(weeks) : json(nullptr)}});
                for (const auto& f : open_flags[p.id])
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
