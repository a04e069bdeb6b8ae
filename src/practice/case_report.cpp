// The case report's snapshot (docs/report-schema.md): everything the report
// shows, gathered under the actor's authorisation and audited.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "measures/builtin.hpp"
#include "measures/definition_json.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "practice/report_json.hpp"
#include "protocol/protocol_json.hpp"
#include "protocol/timeline.hpp"
#include "report/disclosure.hpp"
#include "report/dyadic.hpp"
#include "report/render.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace mend {

namespace {

using nlohmann::json;

bool in_period(const std::string& date, const ReportOptions& o) {
    return (o.from.empty() || date >= o.from) && (o.to.empty() || date <= o.to);
}

} // namespace

std::optional<store::Release> Practice::release_of(const Case& c, Id release_id) {
    if (!release_id) return std::nullopt;
    auto release = store::find_release(*db_, release_id);
    if (!release || release->case_id != c.id)
        fail(Errc::not_found, "no release of this case has that id");
    if (parse_date("expires_on", release->expires_on) < today())
        fail(Errc::state, "that release has expired");
    return release;
}

report::Disclosure Practice::disclosure(const Case& c, const std::vector<Id>& partners,
                                        const std::optional<store::Release>& release) {
    std::optional<report::ReleaseScope> scope;
    if (release) scope = report::ReleaseScope{release->for_client_id, release->authorised};
    return report::Disclosure(!c.individual(), partners, scope);
}

nlohmann::json Practice::case_snapshot(const ReportOptions& options) {
    Case c = visible_case("report", options.case_id);
    // The period the report names is the period it shows: without a start,
    // it starts when the case opened, and nothing earlier is listed.
    ReportOptions o = options;
    if (o.from.empty()) o.from = c.opened_on;
    auto partners = partners_of(c);
    std::map<Id, Client> clients;
    for (Id id : partners) {
        auto client = store::find_client(*db_, id);
        if (!client) fail(Errc::store, "a partner's record is missing");
        clients[id] = *client;
    }

    // Whose content this report may hold: report::Disclosure decides.
    std::optional<store::Release> release = release_of(c, o.release_id);
    bool conjoint = !c.individual();
    const report::Disclosure may = disclosure(c, partners, release);
    // Each clinician the report names, read once.
    std::map<Id, std::optional<Clinician>> clinicians;
    auto clinician = [&](Id id) -> const std::optional<Clinician>& {
        auto it = clinicians.find(id);
        if (it == clinicians.end())
            it = clinicians.emplace(id, store::find_clinician(*db_, id)).first;
        return it->second;
    };

    auto cp = store::find_case_protocol(*db_, c.id);
    std::optional<protocol::Protocol> definition;
    if (cp) definition = protocol_version(cp->code, cp->version);

    json snap;
    snap["schema"] = report::case_schema;
    snap["kind"] = conjoint ? "couple_case" : "individual_case";
    snap["title"] = release ? "Treatment-phase report (release copy)" : "Treatment-phase report";
    snap["generated_on"] = o.generated_on;
    snap["period"] = {{"from", o.from}, {"to", o.to}};
    snap["practice"] = {{"name", store::practice_name(*db_)}};
    snap["release"] = nullptr;
    if (release)
        snap["release"] = {{"id", release->id},
                           {"for_client_id", release->for_client_id},
                           {"for_name", clients[release->for_client_id].full_name()},
                           {"to", release->recipient},
                           {"purpose", release->purpose},
                           {"joint_content", conjoint && may.authorised_by_all()},
                           {"expires_on", release->expires_on}};
    snap["case"] = {{"id", c.id},
                    {"kind", c.kind},
                    {"status", c.status},
                    {"opened_on", c.opened_on},
                    {"closed_on", c.closed_on ? json(*c.closed_on) : json(nullptr)},
                    {"external_id", c.external_id ? json(*c.external_id) : json(nullptr)},
                    {"primary_clinician", clinician_json(clinician(c.primary_clinician_id))}};
    json cl = json::array();
    for (Id id : partners) {
        if (!may.names_client(id)) continue;
        const Client& x = clients[id];
        std::string role = !conjoint                        ? "client"
                           : !cp || !cp->betrayed_client_id ? ""
                           : cp->betrayed_client_id == id   ? "betrayed"
                                                            : "involved";
        cl.push_back({{"id", id},
                      {"name", x.full_name()},
                      {"role", role.empty() ? json(nullptr) : json(role)},
                      {"pronouns", x.pronouns ? json(*x.pronouns) : json(nullptr)}});
        audit("read", "client", id);
    }
    snap["clients"] = cl;
    snap["couple"] = nullptr;
    if (conjoint && may.joint_content()) {
        auto couple = store::find_couple(*db_, c.couple_id);
        if (!couple) fail(Errc::store, "the case's couple is missing");
        snap["couple"] = {
            {"relationship_status", couple->relationship_status},
            {"relationship_start",
             couple->relationship_start ? json(*couple->relationship_start) : json(nullptr)},
            {"children_in_household",
             couple->children_in_household ? json(*couple->children_in_household) : json(nullptr)},
            {"secrets_policy", couple->secrets_policy}};
    }

    // Each partner's administrations (every instrument), read once: for the
    // partner's own measures, and for the gate, which weighs both partners.
    std::map<Id, std::vector<measures::Administration>> administrations;
    for (Id id : partners)
        if (may.individual_record(id) || may.both_partners_records())
            administrations[id] = store::list_client_administrations(*db_, id);

    // The protocol, the phase timeline and the gate: joint content.
    snap["protocol"] = nullptr;
    snap["phase_timeline"] = json::array();
    snap["gate"] = nullptr;
    auto sessions = store::list_sessions(*db_, c.id);
    auto session_shown = [&](const Session& s) {
        return in_period(s.date(), o) && may.session(s.participants);
    };
    if (cp && may.joint_content()) {
        snap["protocol"] = {
            {"code", cp->code}, {"version", cp->version}, {"name", definition->name}};
        // The timeline and the gate as of the report's date.
        Date today = parse_date("generated_on", o.generated_on);
        auto entries = store::list_phase_entries(*db_, c.id);
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [&](const auto& e) { return e.entered_on > o.generated_on; }),
                      entries.end());
        std::vector<std::string> shown_dates;
        for (const auto& s : sessions)
            if (session_shown(s)) shown_dates.push_back(s.date());
        auto spans = protocol::phase_spans(entries, shown_dates, today);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            const auto& span = spans[i];
            const auto* ph = definition->phase(e.phase);
            const auto& by = clinician(e.actor_id);
            // The sentences of what an override passed over, and the
            // clinician's rationale and safety plan, can name either
            // partner's individual results: a release keeps only the labels.
            json unmet = json::array(), opened_by = json::array();
            if (e.evaluation && e.kind == "advance")
                opened_by = protocol::opened_by(json::parse(*e.evaluation, nullptr, false),
                                                may.clinician_reasoning());
            if (e.unmet) {
                // A damaged row reads as nothing passed over, never as an error.
                auto u = json::parse(*e.unmet, nullptr, false);
                if (!u.is_object()) u = json::object();
                auto text = [](const json& x, const char* key) {
                    auto it = x.find(key);
                    return it != x.end() && it->is_string() ? *it : json(nullptr);
                };
                for (const char* list : {"criteria", "contraindications"}) {
                    if (!u.contains(list) || !u[list].is_array()) continue;
                    for (const auto& x : u[list])
                        if (x.is_object())
                            unmet.push_back(
                                {{"id", text(x, std::string(list) == "criteria" ? "id" : "code")},
                                 {"label",
                                  text(x, "label").is_null() ? json("") : text(x, "label")},
                                 {"sentence", may.clinician_reasoning() ? text(x, "sentence")
                                                                        : json(nullptr)}});
                }
            }
            snap["phase_timeline"].push_back(
                {{"phase", e.phase},
                 {"phase_name", ph ? ph->name : e.phase},
                 {"track", ph ? ph->track : ""},
                 {"kind", e.kind},
                 {"entered_on", e.entered_on},
                 {"left_on", span.left_on ? json(*span.left_on) : json(nullptr)},
                 {"days", span.days},
                 {"weeks", span.days / 7},
                 {"sessions", span.sessions},
                 {"by", by ? json{{"id", by->id}, {"name", by->display_name}} : json(nullptr)},
                 {"rationale",
                  e.rationale && may.clinician_reasoning() ? json(*e.rationale) : json(nullptr)},
                 {"safety_plan", e.safety_plan && may.clinician_reasoning() ? json(*e.safety_plan)
                                                                            : json(nullptr)},
                 {"unmet", unmet},
                 {"opened_by", opened_by}});
        }
        // Changes of which partner is the betrayed one: every gate reads
        // them. A release keeps the change, not the clinician's reasons.
        snap["role_changes"] = json::array();
        auto role_changes = store::list_role_changes(*db_, c.id);
        for (const auto& r : role_changes) {
            if (r.changed_on > o.generated_on) continue;
            auto name = [&](Id id) {
                return id && clients.count(id) ? json(clients[id].known_as()) : json(nullptr);
            };
            const auto& by = clinician(r.actor_id);
            snap["role_changes"].push_back(
                {{"changed_on", r.changed_on},
                 {"kind", r.kind},
                 {"betrayed", name(r.betrayed_client_id)},
                 {"previous", name(r.previous_client_id)},
                 {"by", by ? json{{"id", by->id}, {"name", by->display_name}} : json(nullptr)},
                 {"rationale", may.clinician_reasoning() ? json(r.rationale) : json(nullptr)}});
        }
        // The gate weighs both partners' individual records: never in a release.
        if (may.both_partners_records() && !entries.empty()) {
            CaseProtocolContext ctx{c, *cp, *definition, entries, role_changes};
            ctx = context_on(std::move(ctx), today); // the roles in force then
            auto e = protocol::evaluate(*definition,
                                        case_facts(ctx, today, {&sessions, &administrations}));
            json g = protocol::to_json(e);
            for (auto& con : g["contraindications"])
                con.erase("evidence");
            json blocking = json::array();
            // A contraindication that suspends the trauma gate, or is not
            // known to be absent, blocks it as much as an unmet criterion.
            for (const auto& t : e.transitions)
                if (t.relational)
                    for (const auto& c : e.contraindications)
                        for (const auto* codes : {&t.suspended_by, &t.blocked_by_unknown})
                            if (std::find(codes->begin(), codes->end(), c.code) != codes->end())
                                blocking.push_back(c.status == "unknown"
                                                       ? c.label + " (not known to be absent)"
                                                       : c.label);
            for (auto& t : g["transitions"]) {
                t.erase("from");
                for (auto& cr : t["criteria"]) {
                    cr.erase("evidence");
                    cr.erase("kind");
                    if (t["relational"].get<bool>() && cr["status"] != "met")
                        blocking.push_back(cr["label"]);
                }
            }
            g["blocking_relational"] = blocking;
            // The report says "progress is suspended" only when no way
            // forward can open; a contraindication that holds some steps is
            // shown with the steps it holds.
            g["suspended"] = e.every_way_suspended();
            // Where the case stands: the current phase's track (relational
            // once past the trauma gate).
            const auto* current = definition->phase(g["phase"].get<std::string>());
            g["track"] = current ? current->track : "";
            g.erase("plan_review_on");
            g.erase("plan_review_due");
            snap["gate"] = g;
        }
    }

    // Each included client's measure trajectories, within the period.
    json measures = json::array();
    std::map<std::pair<Id, std::string>, json> series_by;
    // Each instrument once, at its latest version.
    std::vector<measures::Instrument> all = known_instruments();
    for (Id id : partners) {
        if (!may.individual_record(id)) continue;
        // The client's administrations by instrument.
        std::map<std::string, std::vector<measures::Administration>> by_instrument;
        for (const auto& a : administrations[id])
            by_instrument[a.instrument].push_back(a);
        for (const auto& in : all) {
            auto given = by_instrument.find(in.code);
            if (given == by_instrument.end()) continue;
            json s = series_data(id, in, given->second);
            json points = json::array();
            for (const auto& p : s["points"])
                if (in_period(p["date"].get<std::string>(), o)) {
                    json q = p;
                    q.erase("case_id");
                    q.erase("prorated");
                    q.erase("in_clinical_range");
                    points.push_back(q);
                }
            if (points.empty()) continue;
            s["points"] = points;
            s["client_name"] = clients[id].full_name();
            s["clinical_range"] = in.clinical_range
                                      ? json{{"comparator", in.clinical_range->comparator},
                                             {"value", in.clinical_range->value}}
                                      : json(nullptr);
            series_by[{id, in.code}] = s;
            measures.push_back(s);
            audit("read", "measure_series", id);
        }
    }
    snap["measures"] = measures;

    // The dyadic view: asymmetries between the partners' trajectories.
    json dyadic = json::array();
    if (conjoint && may.both_partners_records() && cp && cp->betrayed_client_id) {
        Id betrayed = cp->betrayed_client_id;
        Id involved = partners[0] == betrayed ? partners[1] : partners[0];
        auto series = [&](Id client, const char* code) {
            auto it = series_by.find({client, code});
            return it == series_by.end() ? nullptr : &it->second;
        };
        auto every = [&](Id client) {
            std::vector<const json*> out;
            for (const auto& [key, s] : series_by)
                if (key.first == client) out.push_back(&s);
            return out;
        };
        dyadic = report::dyadic_callouts({clients[betrayed].known_as(), series(betrayed, "pcl5"),
                                          series(betrayed, "csi4"), every(betrayed)},
                                         {clients[involved].known_as(), series(involved, "pcl5"),
                                          series(involved, "csi4"), every(involved)});
    }
    snap["dyadic"] = dyadic;

    // Agreements made by the report's date; a review date before it is
    // overdue unless the agreement was kept or revised.
    json agreements = json::array();
    if (may.joint_content())
        for (const auto& a : store::list_agreements(*db_, c.id)) {
            if (a.agreed_on > o.generated_on) continue;
            bool overdue = a.review_on && *a.review_on < o.generated_on && a.status != "kept" &&
                           a.status != "revised";
            agreements.push_back({{"id", a.id},
                                  {"kind", a.kind},
                                  {"text", a.text},
                                  {"agreed_on", a.agreed_on},
                                  {"review_on", a.review_on ? json(*a.review_on) : json(nullptr)},
                                  {"review_overdue", overdue},
                                  {"status", a.status}});
        }
    snap["agreements"] = agreements;

    json flags = json::array();
    for (Id id : partners) {
        if (!may.individual_record(id)) continue;
        store::FlagFilter filter;
        filter.client_id = id;
        for (const auto& f : store::list_flags(*db_, {0, true}, filter))
            // A broken agreement's flag is joint content, like the agreement.
            if (f.raised_on <= o.generated_on && may.flag(id, f.code))
                flags.push_back({{"id", f.id},
                                 {"client_id", f.client_id},
                                 {"client_name", clients[id].full_name()},
                                 {"code", f.code},
                                 {"severity", f.severity},
                                 {"message", f.message},
                                 {"raised_on", f.raised_on}});
    }
    snap["flags"] = flags;

    // Sessions by phase and CPT code.
    std::map<std::string, int> by_phase, by_cpt;
    int total = 0;
    for (const auto& s : sessions)
        if (session_shown(s)) {
            ++total;
            by_phase[s.phase.value_or("")] += 1;
            by_cpt[s.cpt_code] += 1;
        }
    json phase_counts = json::array(), cpt_counts = json::array();
    for (const auto& [phase, n] : by_phase) {
        const auto* ph = definition && !phase.empty() ? definition->phase(phase) : nullptr;
        phase_counts.push_back(
            {{"phase", phase.empty() ? json(nullptr) : json(phase)},
             {"phase_name", ph ? ph->name : (phase.empty() ? "Before the protocol" : phase)},
             {"count", n}});
    }
    for (const auto& [code, n] : by_cpt)
        cpt_counts.push_back({{"code", code}, {"count", n}});
    snap["sessions"] = {{"total", total}, {"by_phase", phase_counts}, {"by_cpt", cpt_counts}};

    // Signed notes: a release holds only the notes of its client's own
    // sessions (joint sessions only with joint consent). An individual
    // session's text never goes into a couple report unless shared.
    json notes = json::array();
    std::map<Id, const Session*> session_of;
    for (const auto& s : sessions)
        session_of[s.id] = &s;
    for (const auto& r : store::list_report_notes(*db_, c.id)) {
        const Note& n = r.note;
        if (n.status != "signed") continue;
        auto found = session_of.find(n.session_id);
        if (found == session_of.end() || !session_shown(*found->second)) continue;
        const Session& s = *found->second;
        bool text_allowed = may.note_text(o.include_note_text, s.individual(), r.shareable);
        notes.push_back({{"id", n.id},
                         {"date", s.date()},
                         {"format", n.format},
                         {"type", s.individual() ? "individual session" : "joint session"},
                         {"status", n.status},
                         {"author", r.author},
                         {"signed_on", n.signed_at ? json(*n.signed_at) : json(nullptr)},
                         {"late_entry", n.late_entry},
                         {"addenda", r.addenda},
                         {"text", text_allowed ? json(r.text) : json(nullptr)}});
        audit("read", "note", n.id);
    }
    snap["notes"] = notes;
    audit(release ? "release" : "report", release ? "release" : "case",
          release ? release->id : c.id);
    return snap;
}

} // namespace mend
