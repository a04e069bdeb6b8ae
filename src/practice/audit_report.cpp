// Audit reports for compliance officers (supervisors and admins): the log
// filtered by client (every event about any record of the client's),
// by actor and by date range, as JSON or CSV. Events hold no client data, so
// neither does a report: ids, times, actions, outcomes and the names of the
// clinicians who acted.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "report/escape.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace mend {

namespace {

void add(std::map<std::string, std::vector<Id>>& out, const char* type, Id id) {
    out[type].push_back(id);
}

} // namespace

// The records that belong to client `client_id`, by the object type their
// audit events name: the client row, the client's couples, every case of the
// client or of their couples with its case-level records (phase, lists,
// plans, attestations, agreements), the sessions the client took part in
// with their notes and process notes, the client's own diagnoses,
// administrations, measure series, safety screens and flags, and the
// releases that hold any of their record. A partner's individual records
// (their sessions alone, their measures, screens, flags, diagnoses, a
// release of an individual case of theirs) are not the client's.
std::map<std::string, std::vector<Id>> Practice::records_of_client(Id client_id) {
    std::map<std::string, std::vector<Id>> out;
    add(out, "client", client_id);
    add(out, "measure_series", client_id);
    store::Page page;
    page.include_archived = true;
    page.limit = 1000;
    const store::Viewer all{0, true};
    for (const auto& k : store::list_couples(*db_, all, page, client_id))
        add(out, "couple", k.id);
    store::CaseFilter filter;
    filter.client_id = client_id;
    for (const auto& c : store::list_cases(*db_, all, page, filter)) {
        for (const char* type : {"case", "case_phase", "session_list", "attestation_list",
                                 "agreement_list", "diagnosis_list"})
            add(out, type, c.id);
        for (Id plan : store::list_plan_ids(*db_, c.id))
            add(out, "treatment_plan", plan);
        for (const auto& a : store::list_attestations(*db_, c.id))
            add(out, "attestation", a.id);
        for (const auto& a : store::list_agreements(*db_, c.id))
            add(out, "agreement", a.id);
        std::vector<Id> sessions;
        for (const auto& s : store::list_sessions(*db_, c.id))
            if (std::find(s.participants.begin(), s.participants.end(), client_id) !=
                s.participants.end()) {
                sessions.push_back(s.id);
                add(out, "session", s.id);
            }
        auto in_sessions = [&](Id session_id) {
            return std::find(sessions.begin(), sessions.end(), session_id) != sessions.end();
        };
        for (const auto& n : store::list_case_notes(*db_, c.id))
            if (in_sessions(n.session_id)) add(out, "note", n.id);
        for (const auto& [session_id, id] : store::list_process_note_ids(*db_, c.id))
            if (in_sessions(session_id)) add(out, "process_note", id);
        for (const auto& d : store::list_diagnoses(*db_, c.id))
            if (d.client_id == client_id) add(out, "diagnosis", d.id);
        for (const auto& r : store::list_releases(*db_, c.id))
            if (r.for_client_id == client_id || !c.individual()) add(out, "release", r.id);
    }
    for (const auto& a : store::list_client_administrations(*db_, client_id))
        add(out, "administration", a.id);
    for (const auto& s : store::list_safety_screens(*db_, client_id))
        add(out, "safety_screen", s.id);
    store::FlagFilter flags;
    flags.client_id = client_id;
    flags.include_resolved = true;
    for (const auto& f : store::list_flags(*db_, all, flags))
        add(out, "safety_flag", f.id);
    return out;
}

std::string Practice::audit_report(const AuditReportOptions& o) {
    if (o.format != audit_report_json && o.format != audit_report_csv)
        fail(Errc::invalid, "format must be JSON or CSV");
    if (o.client_id < 0) fail(Errc::invalid, "client_id must not be negative");
    if (o.actor_id < 0) fail(Errc::invalid, "actor_id must not be negative");
    if (o.after_seq < 0) fail(Errc::invalid, "after_seq must not be negative");
    if (o.limit < 0 || o.limit > audit_limit_max)
        fail(Errc::invalid, fmt::format("limit must be between 1 and {} (0: {})", audit_limit_max,
                                        audit_limit_default));
    std::optional<Date> from, to;
    if (!o.from.empty()) from = parse_date("from", o.from);
    if (!o.to.empty()) to = parse_date("to", o.to);
    if (from && to && *to < *from) fail(Errc::invalid, "from is after to");

    std::vector<store::AuditEvent> events;
    std::map<Id, std::string> names; // the clinicians who acted
    read([&] {
        if (!actor().sees_everything()) deny("report", "audit_log", 0);
        store::AuditQuery q;
        q.after_seq = o.after_seq;
        q.limit = o.limit ? o.limit : audit_limit_default;
        q.actor_id = o.actor_id;
        if (from) q.from_us = start_of_day_us(*from, time_zone());
        if (to) q.to_us = start_of_day_us(*to, time_zone(), 1);
        if (o.actor_id && !store::find_clinician(*db_, o.actor_id))
            fail(Errc::not_found, "no clinician has that id");
        if (o.client_id) {
            if (!store::find_client(*db_, o.client_id))
                fail(Errc::not_found, "no client has that id");
            q.objects = records_of_client(o.client_id);
        }
        events = store::list_audit_where(*db_, q);
        for (const auto& e : events)
            if (e.actor_id && !names.count(e.actor_id)) {
                auto c = store::find_clinician(*db_, e.actor_id);
                names[e.actor_id] = c ? c->display_name : std::string();
            }
        audit("report", "audit_log", 0);
    });

    auto name_of = [&](Id id) { return id ? names[id] : std::string(); };
    if (o.format == audit_report_csv) {
        // RFC 4180: a header line, CRLF after every line.
        std::string out = "seq,at,actor_id,actor_name,action,object_type,object_id,outcome\r\n";
        for (const auto& e : events) {
            out += fmt::format("{},{},{},{},{},{},{},{}\r\n", e.seq, iso_from_us(e.at_us),
                               e.actor_id ? std::to_string(e.actor_id) : std::string(),
                               report::escape_csv(name_of(e.actor_id)),
                               report::escape_csv(e.action), report::escape_csv(e.object_type),
                               e.object_id ? std::to_string(e.object_id) : std::string(),
                               report::escape_csv(e.outcome));
        }
        return out;
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : events) {
        out.push_back(audit_event_json(e));
        out.back()["actor_name"] = e.actor_id ? nlohmann::json(name_of(e.actor_id)) : nullptr;
    }
    return out.dump();
}

} // namespace mend
