// FHIR R4 export: a case (or one client's own record) gathered under the
// actor's authorisation and report::Disclosure, mapped by src/fhir/bundle.
#include "domain/error.hpp"
#include "fhir/bundle.hpp"
#include "practice/files.hpp"
#include "practice/practice.hpp"

#include <set>

namespace mend {

namespace {

// Each of these sessions by its id.
std::map<Id, const Session*> by_id(const std::vector<Session>& sessions) {
    std::map<Id, const Session*> out;
    for (const auto& s : sessions)
        out[s.id] = &s;
    return out;
}

} // namespace

nlohmann::json Practice::fhir_export(const FhirExportOptions& o) {
    if ((o.case_id > 0) == (o.client_id > 0))
        fail(Errc::invalid, "an export names either a case or a client");
    if (o.case_id < 0 || o.client_id < 0 || o.release_id < 0)
        fail(Errc::invalid, "ids are positive");
    if (o.release_id && !o.case_id) fail(Errc::invalid, "a release is of a case: name the case");
    fhir::ExportData d;
    std::set<Id> clinicians;
    read([&] {
        actor();
        d.generated_at = now_iso();
        std::vector<Id> partners;
        std::optional<store::Release> release;
        if (o.case_id) {
            d.kase = visible_case("export", o.case_id);
            partners = partners_of(d.kase);
            release = release_of(d.kase, o.release_id);
        } else {
            partners = {visible_client("export", o.client_id).id};
        }
        // A client's own export is their individual record, as a release to
        // them of their individual case would be.
        const report::Disclosure may = o.case_id
                                           ? disclosure(d.kase, partners, release)
                                           : report::Disclosure(false, partners, std::nullopt);
        d.reasoning = may.clinician_reasoning();
        bool conjoint = o.case_id && !d.kase.individual();
        auto clients = store::find_clients(*db_, partners);
        for (Id id : partners) {
            if (!may.names_client(id)) continue;
            auto it = clients.find(id);
            if (it == clients.end()) fail(Errc::store, "a client of the case is missing");
            d.clients.push_back({it->second, may.individual_record(id)});
            audit("read", "client", id);
        }
        if (o.case_id) clinicians.insert(d.kase.primary_clinician_id);
        if (conjoint && may.joint_content()) d.couple = store::find_couple(*db_, d.kase.couple_id);

        // Diagnoses, administrations and flags are each client's individual record.
        std::vector<Diagnosis> diagnoses;
        if (o.case_id) {
            diagnoses = store::list_diagnoses(*db_, d.kase.id);
            audit("read", "diagnosis_list", d.kase.id);
        } else {
            store::CaseFilter filter;
            filter.client_id = o.client_id;
            for (const auto& c : store::list_cases(*db_, viewer(), store::Page{}, filter)) {
                audit("read", "diagnosis_list", c.id);
                for (auto& x : store::list_diagnoses(*db_, c.id))
                    if (x.client_id == o.client_id) diagnoses.push_back(x);
            }
        }
        for (auto& x : diagnoses)
            if (may.individual_record(x.client_id)) {
                clinicians.insert(x.recorded_by);
                d.diagnoses.push_back(std::move(x));
            }
        for (Id id : partners) {
            if (!may.individual_record(id)) continue;
            audit("read", "measure_series", id); // as the report does
            for (auto& a : store::list_client_administrations(*db_, id)) {
                std::string key = fhir::instrument_key(a.instrument, a.instrument_version);
                if (!d.instruments.count(key))
                    d.instruments.emplace(key,
                                          instrument_version(a.instrument, a.instrument_version));
                clinicians.insert(a.entered_by);
                d.administrations.push_back(std::move(a));
            }
            store::FlagFilter filter;
            filter.client_id = id;
            for (auto& f : store::list_flags(*db_, {0, true}, filter))
                if (may.flag(id, f.code)) {
                    audit("read", "safety_flag", f.id);
                    d.flags.push_back(std::move(f));
                }
        }

        // The protocol, its phases and plan: joint content of the case.
        if (o.case_id && may.joint_content()) {
            if (auto cp = store::find_case_protocol(*db_, d.kase.id)) {
                fhir::ExportProtocol p{*cp, protocol_version(cp->code, cp->version),
                                       store::list_phase_entries(*db_, d.kase.id)};
                for (const auto& e : p.entries)
                    clinicians.insert(e.actor_id);
                d.protocol = std::move(p);
            }
            // The plan's goals can name either partner's results: the
            // clinicians' reasoning, never in a release (as in its report).
            auto plans = may.clinician_reasoning() ? store::latest_plans_of_cases(*db_, {d.kase.id})
                                                   : store::ByKey<protocol::PlanVersion>{};
            if (!plans[d.kase.id].empty()) {
                d.plan = plans[d.kase.id].back();
                clinicians.insert(d.plan->created_by);
            }
        }

        // Sessions and their signed progress notes, as a report lists them.
        std::vector<Session> sessions;
        std::vector<store::ReportNote> notes;
        if (o.case_id) {
            sessions = store::list_sessions(*db_, d.kase.id);
            notes = store::list_report_notes(*db_, d.kase.id);
        } else {
            // A client's own record: the sessions they attended alone, in the
            // cases the actor may see (a note's author sees their own note).
            std::map<Id, bool> case_seen;
            auto seen = [&](Id case_id) {
                auto it = case_seen.find(case_id);
                if (it != case_seen.end()) return it->second;
                auto c = store::find_case(*db_, case_id);
                return case_seen[case_id] = c && sees_case(*c);
            };
            for (const auto& n : store::list_client_notes(*db_, o.client_id)) {
                auto s = store::find_session(*db_, n.session_id);
                if (!s || !s->individual()) continue;
                if (!seen(s->case_id) && n.author_id != actor().id) continue;
                if (!std::any_of(sessions.begin(), sessions.end(),
                                 [&](const Session& x) { return x.id == s->id; }))
                    sessions.push_back(*s);
            }
            std::set<Id> cases;
            for (const auto& s : sessions)
                cases.insert(s.case_id);
            for (Id c : cases)
                for (auto& r : store::list_report_notes(*db_, c))
                    notes.push_back(std::move(r));
        }
        for (auto& s : sessions)
            if (may.session(s.participants)) {
                clinicians.insert(s.created_by);
                d.sessions.push_back(std::move(s));
            }
        auto session_of = by_id(d.sessions);
        for (auto& r : notes) {
            if (r.note.status != "signed") continue;
            auto found = session_of.find(r.note.session_id);
            if (found == session_of.end()) continue;
            const Session& s = *found->second;
            bool text = may.note_text(true, conjoint && s.individual(), r.shareable);
            clinicians.insert(r.note.author_id);
            clinicians.insert(r.note.signed_by);
            d.notes.push_back(
                {std::move(r.note), s.participants, text, text ? r.text : "", r.addenda});
            audit("read", "note", d.notes.back().note.id);
        }

        // Release authorisations: every one of the case for its clinicians;
        // a release's own bundle holds only that release.
        if (o.case_id) {
            auto releases = release ? std::vector<store::Release>{*release}
                                    : store::list_releases(*db_, d.kase.id);
            std::string today_iso = today().iso();
            for (const auto& r : releases) {
                if (!may.names_client(r.for_client_id)) continue;
                d.releases.push_back({r.id, r.for_client_id, r.recipient, r.purpose, r.created_on,
                                      r.expires_on, r.created_at, r.authorised,
                                      r.expires_on < today_iso});
            }
        }
        for (Id id : clinicians)
            if (id)
                if (auto c = store::find_clinician(*db_, id)) d.clinicians[id] = *c;
        if (o.case_id)
            audit(release ? "release" : "export", release ? "release" : "case",
                  release ? release->id : d.kase.id);
        else
            audit("export", "client", o.client_id);
    });
    return fhir::bundle(d);
}

void Practice::write_fhir_export(const FhirExportOptions& o, const std::string& path) {
    write_file_atomically(path, fhir_export(o).dump(2) + "\n");
}

} // namespace mend
