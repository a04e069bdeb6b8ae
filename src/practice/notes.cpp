// Sessions and notes: drafts saved with a version check, signatures with a
// SHA-256 content hash, addenda, co-signatures, share marks under a
// no-secrets policy, psychotherapy process notes kept apart, and search.
#include "domain/billing.hpp"
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/hash.hpp"
#include "practice/practice.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace mend {

namespace {

using nlohmann::json;

// A note signed more than this many days after its session is a late entry.

// What a host needs to bill the session; `npi` is the rendering clinician's
// (the one who recorded it).
json billing_json(const Session& s, const Text& npi) {
    json add_ons = json::array();
    for (const auto& a : add_on_codes(s))
        add_ons.push_back({{"code", a.code}, {"units", a.units}});
    return {{"place_of_service", s.place_of_service ? json(*s.place_of_service) : json(nullptr)},
            {"modifiers", s.modifiers},
            {"interactive_complexity", s.interactive_complexity},
            {"add_on_codes", add_ons},
            {"diagnosis_ids", s.diagnosis_ids},
            {"rendering_clinician_id", s.created_by},
            {"rendering_npi", npi ? json(*npi) : json(nullptr)}};
}

json session_to_json(const Session& s, const Text& npi) {
    return {{"id", s.id},
            {"case_id", s.case_id},
            {"starts_at", s.starts_at},
            {"utc_offset", s.utc_offset},
            {"starts_at_utc", s.starts_utc},
            {"duration_minutes", s.duration_minutes},
            {"modality", s.modality},
            {"participants", s.participants},
            {"identified_patient_id",
             s.identified_patient_id ? json(s.identified_patient_id) : json(nullptr)},
            {"cpt_code", s.cpt_code},
            {"cpt_rule", cpt_time_rule(s.cpt_code)},
            {"phase", s.phase ? json(*s.phase) : json(nullptr)},
            {"created_by", s.created_by},
            {"created_at", s.created_at},
            {"billing", billing_json(s, npi)}};
}

} // namespace

// A clinician's NPI (none when the clinician or the NPI is missing).
Text Practice::npi_of(Id clinician_id) {
    auto c = store::find_clinician(*db_, clinician_id);
    return c ? c->npi : Text();
}

// A session's diagnosis pointers name diagnoses of its case about the client
// billed (the identified patient, else the one participant; any participant
// when neither), current on the session's date.
void Practice::check_diagnosis_pointers(const Session& s) {
    if (s.diagnosis_ids.empty()) return;
    Id billed = s.identified_patient_id ? s.identified_patient_id
                                        : (s.participants.size() == 1 ? s.participants.front() : 0);
    auto diagnoses = store::list_diagnoses(*db_, s.case_id);
    for (Id id : s.diagnosis_ids) {
        auto d = std::find_if(diagnoses.begin(), diagnoses.end(),
                              [&](const Diagnosis& x) { return x.id == id; });
        if (d == diagnoses.end())
            fail(Errc::invalid, "a diagnosis pointer must name a diagnosis of the session's case");
        bool about_billed = billed ? d->client_id == billed
                                   : std::find(s.participants.begin(), s.participants.end(),
                                               d->client_id) != s.participants.end();
        if (!about_billed)
            fail(Errc::invalid, "a session points at diagnoses of the client it bills (the "
                                "identified patient, or its one participant)");
        if (d->onset_on && *d->onset_on > s.date())
            fail(Errc::invalid, "a diagnosis pointed at had not begun by the session's date");
        if (d->resolved_on && *d->resolved_on < s.date())
            fail(Errc::invalid, "a diagnosis pointed at was resolved before the session");
    }
}

// The case's phase on a date: the last phase entered on or before it.
std::optional<std::string> Practice::phase_on(Id case_id, const std::string& date) {
    std::optional<std::string> phase;
    for (const auto& e : store::list_phase_entries(*db_, case_id))
        if (e.entered_on <= date) phase = e.phase;
    return phase;
}

Id Practice::create_session(Session s) {
    if (s.case_id <= 0) fail(Errc::invalid, "case_id must be a case's id");
    Id id = 0;
    run([&] {
        Case c = visible_case("create", s.case_id);
        if (c.archived) fail(Errc::state, "that case is archived");
        // A local time is the practice's; a time with an offset is that
        // instant. Stored: the practice's local time, its offset then, UTC.
        check_text("starts_at", s.starts_at, 40);
        std::string zone = time_zone();
        long long at = s.starts_at.size() > 16 ? parse_timestamp("starts_at", s.starts_at)
                                               : from_local_time("starts_at", s.starts_at, zone);
        auto zoned = in_zone(at, zone);
        s.starts_at = zoned.local;
        s.starts_utc = zoned.utc;
        s.utc_offset = zoned.offset;
        validate(s, !c.individual());
        auto clients = partners_of(c);
        for (Id p : s.participants)
            if (std::find(clients.begin(), clients.end(), p) == clients.end())
                fail(Errc::invalid, "every participant must be a client of the case");
        if (s.identified_patient_id &&
            std::find(clients.begin(), clients.end(), s.identified_patient_id) == clients.end())
            fail(Errc::invalid, "the identified patient must be a client of the case");
        if (s.date() > today().iso())
            fail(Errc::invalid, "a session is recorded once it has happened");
        check_diagnosis_pointers(s);
        s.phase = phase_on(s.case_id, s.date());
        s.created_by = actor().id;
        s.created_at = now_iso();
        id = store::insert_session(*db_, s);
        audit("create", "session", id);
    });
    return id;
}

nlohmann::json Practice::session_json(Id id) {
    json out;
    read([&] {
        actor();
        auto s = store::find_session(*db_, id);
        Sought sought{"session", id, "no session has that id"};
        if (!s) not_found("read", sought);
        visible_case("read", s->case_id, sought);
        out = session_to_json(*s, npi_of(s->created_by));
        audit("read", "session", id);
    });
    return out;
}

nlohmann::json Practice::sessions_json(Id case_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_case("read", case_id);
        std::map<Id, Text> npis; // each clinician read once
        for (const auto& s : store::list_sessions(*db_, case_id)) {
            auto npi = npis.find(s.created_by);
            if (npi == npis.end()) npi = npis.emplace(s.created_by, npi_of(s.created_by)).first;
            out.push_back(session_to_json(s, npi->second));
        }
        audit("read", "session_list", case_id);
    });
    return out;
}

Note Practice::visible_note(const char* action, Id id) {
    actor(); // no actor: that error, not this one
    Sought sought{"note", id, "no note has that id"};
    auto n = store::find_note(*db_, id);
    if (!n) not_found(action, sought);
    auto c = store::find_case(*db_, n->case_id);
    if (!c) fail(Errc::store, "a note's case is missing");
    if (!sees_case(*c) && n->author_id != actor().id) not_found(action, sought);
    return *n;
}

Id Practice::create_note(Id session_id, const std::string& format, const std::string& content) {
    Note n;
    n.format = format;
    n.content = validate_note_content(format, content);
    Id id = 0;
    run([&] {
        auto s = store::find_session(*db_, session_id);
        Sought sought{"session", session_id, "no session has that id"};
        if (!s) not_found("create", sought);
        Case c = visible_case("create", s->case_id, sought);
        if (c.archived) fail(Errc::state, "that case is archived");
        n.session_id = session_id;
        n.case_id = s->case_id;
        n.author_id = actor().id;
        n.phase = s->phase;
        n.created_at = n.updated_at = now_iso();
        id = store::insert_note(*db_, n);
        store::index_note(*db_, id, note_search_text(n), false);
        audit("create", "note", id);
    });
    return id;
}

int Practice::update_note(Id id, int expected_version, const std::string& format,
                          const std::string& content) {
    json checked = validate_note_content(format, content);
    int version = 0;
    run([&] {
        Note n = visible_note("update", id);
        if (n.author_id != actor().id) deny("update", "note", id);
        if (n.status == "signed") fail(Errc::state, "a signed note never changes: add an addendum");
        if (n.version != expected_version)
            fail(Errc::conflict,
                 fmt::format("the draft was saved since you read it (now version {}); "
                             "reload it and apply your change again",
                             n.version));
        n.format = format;
        n.content = checked;
        n.version = expected_version + 1;
        n.updated_at = now_iso();
        if (!store::update_draft(*db_, n, expected_version))
            fail(Errc::conflict, "the draft was saved by someone else meanwhile; reload it");
        store::index_note(*db_, id, note_search_text(n));
        version = n.version;
        audit("update", "note", id);
    });
    return version;
}

void Practice::sign_note(Id id) {
    run([&] {
        Note n = visible_note("sign", id);
        if (n.author_id != actor().id) deny("sign", "note", id);
        if (n.status == "signed") fail(Errc::state, "that note is already signed");
        auto s = store::find_session(*db_, n.session_id);
        if (!s) fail(Errc::store, "a note's session is missing");
        long days = today().days_since_epoch() - parse_date("date", s->date()).days_since_epoch();
        n.late_entry = days > late_entry_days;
        n.status = "signed";
        n.signed_by = actor().id;
        n.signed_at = now_iso();
        n.updated_at = *n.signed_at;
        n.content_hash = sha256_hex(note_canonical(n));
        store::sign_note(*db_, n);
        // The content hash enters the audit chain: in a keyed practice it is
        // under the host's key, so a note rewritten with a recomputed hash,
        // deleted or made a draft again no longer matches (verify_notes_json).
        audit("sign", "note", id, "sha256:" + *n.content_hash);
        queue_event(EventKind::note_signed, id, s->case_id, 0);
    });
}

void Practice::cosign_note(Id id) {
    run([&] {
        Note n = visible_note("cosign", id);
        if (!actor().sees_everything()) deny("cosign", "note", id);
        if (n.status != "signed")
            fail(Errc::state, "a note is co-signed after its author signs it");
        if (n.author_id == actor().id) fail(Errc::invalid, "a note's author cannot co-sign it");
        for (const auto& sig : store::list_signatures(*db_, id))
            if (sig.signer_id == actor().id)
                fail(Errc::state, "you have already co-signed that note");
        store::NoteSignature sig{id, actor().id, actor().role, now_iso(), ""};
        sig.hash = sha256_hex(json{
            {"note_hash", *n.content_hash},
            {"signer_id", sig.signer_id},
            {"role", sig.role},
            {"signed_at",
             sig.signed_at}}.dump());
        store::insert_signature(*db_, sig);
        audit("cosign", "note", id);
        auto session = store::find_session(*db_, n.session_id);
        queue_event(EventKind::note_cosigned, id, session ? session->case_id : 0, 0);
    });
}

Id Practice::addend_note(Id id, const std::string& text, const std::string& reason) {
    check_text("text", text, addendum_text_max_bytes);
    check_text("reason", reason, addendum_reason_max_bytes);
    Id addendum_id = 0;
    run([&] {
        Note n = visible_note("addend", id);
        if (n.status != "signed")
            fail(Errc::state, "a draft is edited; addenda go on signed notes");
        Addendum a;
        a.note_id = id;
        a.author_id = actor().id;
        a.text = text;
        a.reason = reason;
        a.created_at = now_iso();
        // The hash covers the addendum and the note it amends.
        a.hash = sha256_hex(addendum_canonical(a, *n.content_hash));
        addendum_id = store::insert_addendum(*db_, a);
        std::string search = note_search_text(n);
        for (const auto& x : store::list_addenda(*db_, id))
            search += x.text + "\n";
        store::index_note(*db_, id, search);
        audit("addend", "note", id, fmt::format("addendum {} sha256:{}", addendum_id, a.hash));
    });
    return addendum_id;
}

// Under a no-secrets policy a clinician may bring an individual session's
// note into conjoint work; the mark is audited. It never puts the note in
// the other partner's record.
void Practice::mark_shareable(Id id, bool shareable) {
    run([&] {
        Note n = visible_note("share", id);
        auto s = store::find_session(*db_, n.session_id);
        if (!s) fail(Errc::store, "a note's session is missing");
        if (!s->individual())
            fail(Errc::invalid, "only an individual session's note is shared into conjoint work");
        auto c = store::find_case(*db_, n.case_id);
        if (!c) fail(Errc::store, "a note's case is missing");
        Id couple_id = c->couple_id;
        if (c->individual()) {
            auto linked =
                c->linked_case_id ? store::find_case(*db_, c->linked_case_id) : std::nullopt;
            couple_id = linked ? linked->couple_id : 0;
        }
        auto couple = couple_id ? store::find_couple(*db_, couple_id) : std::nullopt;
        if (!couple)
            fail(Errc::invalid, "the note's case runs alongside no couple's conjoint case");
        if (couple->secrets_policy != "no_secrets")
            fail(Errc::state, "the couple's secrets policy keeps individual sessions confidential");
        store::insert_share_mark(*db_, id, shareable, actor().id, now_iso());
        audit(shareable ? "share" : "unshare", "note", id);
    });
}

nlohmann::json Practice::note_summary(const Note& n, bool include_text) {
    auto s = store::find_session(*db_, n.session_id);
    auto addenda = store::list_addenda(*db_, n.id);
    json out = {{"id", n.id},
                {"session_id", n.session_id},
                {"case_id", n.case_id},
                {"date", s ? s->date() : ""},
                {"participants", s ? json(s->participants) : json::array()},
                {"format", n.format},
                {"status", n.status},
                {"version", n.version},
                {"author_id", n.author_id},
                {"phase", n.phase ? json(*n.phase) : json(nullptr)},
                {"late_entry", n.late_entry},
                {"signed_by", n.signed_by ? json(n.signed_by) : json(nullptr)},
                {"signed_at", n.signed_at ? json(*n.signed_at) : json(nullptr)},
                {"addenda", addenda.size()},
                {"shareable", store::note_shareable(*db_, n.id)}};
    out["content"] = include_text ? n.content : json(nullptr);
    return out;
}

nlohmann::json Practice::note_json(Id id) {
    json out;
    read([&] {
        Note n = visible_note("read", id);
        out = note_summary(n, true);
        out["content_hash"] = n.content_hash ? json(*n.content_hash) : json(nullptr);
        json addenda = json::array();
        for (const auto& a : store::list_addenda(*db_, id))
            addenda.push_back({{"id", a.id},
                               {"author_id", a.author_id},
                               {"text", a.text},
                               {"reason", a.reason},
                               {"created_at", a.created_at},
                               {"hash", a.hash}});
        out["addenda"] = addenda;
        json sigs = json::array();
        for (const auto& s : store::list_signatures(*db_, id))
            sigs.push_back({{"signer_id", s.signer_id},
                            {"role", s.role},
                            {"signed_at", s.signed_at},
                            {"hash", s.hash}});
        out["cosignatures"] = sigs;
        audit("read", "note", id);
    });
    return out;
}

nlohmann::json Practice::notes_json(Id case_id, Id client_id, bool include_text) {
    if ((case_id == 0) == (client_id == 0))
        fail(Errc::invalid, "list the notes of a case or of a client");
    if (case_id < 0 || client_id < 0) fail(Errc::invalid, "ids must be positive");
    json out = json::array();
    read([&] {
        actor();
        std::vector<Note> notes;
        if (case_id) {
            visible_case("read", case_id);
            notes = store::list_case_notes(*db_, case_id);
        } else {
            visible_client("read", client_id);
            notes = store::list_client_notes(*db_, client_id);
        }
        for (const auto& n : notes) {
            auto c = store::find_case(*db_, n.case_id);
            if (!c) fail(Errc::store, "a note's case is missing");
            if (!sees_case(*c) && n.author_id != actor().id) continue;
            out.push_back(note_summary(n, include_text));
            audit("read", "note", n.id);
        }
    });
    return out;
}

// Every signed note's and addendum's hash recomputed, and what the audit
// chain says was signed and added looked for (inside a read).
nlohmann::json Practice::note_mismatches() {
    json bad = json::array();
    int notes = 0, addenda = 0;
    for (const auto& n : store::list_signed_notes(*db_)) {
        ++notes;
        if (!n.content_hash || sha256_hex(note_canonical(n)) != *n.content_hash)
            bad.push_back({{"kind", "note"}, {"id", n.id}, {"problem", "edited"}});
        for (const auto& a : store::list_addenda(*db_, n.id)) {
            ++addenda;
            if (sha256_hex(addendum_canonical(a, n.content_hash.value_or(""))) != a.hash)
                bad.push_back(
                    {{"kind", "addendum"}, {"id", a.id}, {"note_id", n.id}, {"problem", "edited"}});
        }
    }
    // What the audit chain says was signed and added must still be there,
    // unchanged: a deleted or re-drafted note, a rewritten one with a
    // recomputed hash, a deleted addendum.
    std::map<Id, std::string> signed_hash;
    std::map<Id, std::pair<Id, std::string>> addendum_hash; // id -> note, hash
    auto problem = [&](const char* kind, Id id, Id note_id, const char* what) {
        json m = {{"kind", kind}, {"id", id}, {"problem", what}};
        if (note_id) m["note_id"] = note_id;
        bad.push_back(m);
    };
    store::for_each_audit(*db_, [&](const store::AuditEvent& e) {
        if (e.object_type != "note" || e.outcome != "ok" || !e.detail) return;
        auto hex64 = [](const std::string& h) {
            return h.size() == 64 && h.find_first_not_of("0123456789abcdef") == std::string::npos;
        };
        const std::string& d = *e.detail;
        if (e.action == "sign") {
            if (d.rfind("sha256:", 0) == 0 && hex64(d.substr(7)))
                signed_hash[e.object_id] = d.substr(7);
            else
                problem("note", e.object_id, 0, "unreadable_audit_detail");
        }
        if (e.action == "addend") {
            // "addendum <id> sha256:<64 hex>", nothing else
            auto space = d.find(' ', 9);
            Id addendum = 0;
            if (d.rfind("addendum ", 0) == 0 && space != std::string::npos && space > 9 &&
                space - 9 <= 18 && d.find_first_not_of("0123456789", 9) == space &&
                d.compare(space, 8, " sha256:") == 0 && hex64(d.substr(space + 8)) &&
                (addendum = std::stoll(d.substr(9, space - 9))) > 0)
                addendum_hash[addendum] = {e.object_id, d.substr(space + 8)};
            else
                problem("addendum", 0, e.object_id, "unreadable_audit_detail");
        }
    });
    for (const auto& [note_id, hash] : signed_hash) {
        auto n = store::find_note(*db_, note_id);
        if (!n)
            problem("note", note_id, 0, "deleted");
        else if (n->status != "signed")
            problem("note", note_id, 0, "redrafted");
        else if (n->content_hash.value_or("") != hash)
            problem("note", note_id, 0, "edited");
    }
    std::map<Id, std::map<Id, std::string>> addenda_of;
    for (const auto& [id, of] : addendum_hash) {
        if (!addenda_of.count(of.first))
            for (const auto& a : store::list_addenda(*db_, of.first))
                addenda_of[of.first][a.id] = a.hash;
        auto& present = addenda_of[of.first];
        auto it = present.find(id);
        if (it == present.end())
            problem("addendum", id, of.first, "deleted");
        else if (it->second != of.second)
            problem("addendum", id, of.first, "edited");
    }
    return {{"notes_checked", notes}, {"addenda_checked", addenda}, {"mismatches", bad}};
}

nlohmann::json Practice::verify_notes_json() {
    json out;
    read([&] {
        if (!actor().sees_everything()) deny("verify", "note", 0);
        json found = note_mismatches();
        json chain = nullptr;
        bool chain_ok = true;
        if (db_->keyed()) {
            ChainReport r = chain_report(std::nullopt);
            chain_ok = r.ok;
            chain = {{"ok", r.ok},
                     {"first_bad_seq", r.ok ? json(nullptr) : json(r.first_bad_seq)},
                     {"reason", r.ok ? json(nullptr) : json(r.reason)}};
        }
        out = found;
        out["audit_chain"] = chain;
        out["ok"] = found["mismatches"].empty() && chain_ok;
        audit("verify", "note", 0);
    });
    return out;
}

nlohmann::json Practice::search_notes_json(const std::string& query, Id client_id,
                                           bool include_process_notes, int limit) {
    check_text("query", query, search_query_max_bytes);
    if (limit == 0) limit = search_limit_default;
    if (limit < 1 || limit > search_limit_max)
        fail(Errc::invalid, fmt::format("limit must be between 1 and {}", search_limit_max));
    if (client_id < 0) fail(Errc::invalid, "client_id must be a client's id or 0");
    json out = json::array();
    read([&] {
        actor();
        if (client_id) visible_client("read", client_id);
        for (const auto& h : store::search_notes(*db_, query, viewer(), client_id, limit)) {
            out.push_back({{"kind", "progress_note"},
                           {"note_id", h.note_id},
                           {"case_id", h.case_id},
                           {"date", h.date},
                           {"snippet", trimmed(h.snippet)}});
            audit("read", "note", h.note_id);
        }
        // Process notes are searched only at their author's request, and
        // only the author's own.
        if (include_process_notes) {
            // Every word of the query, case-insensitively (ASCII), as for
            // progress notes; within the client's sessions when one is named.
            auto query_words = words(ascii_lower(query));
            for (const auto& p : store::list_process_notes(*db_, 0, actor().id)) {
                if (static_cast<int>(out.size()) >= limit) break;
                if (p.author_id != actor().id) continue;
                std::string text = ascii_lower(p.text);
                bool all = !query_words.empty();
                for (const auto& w : query_words)
                    all &= text.find(w) != std::string::npos;
                if (!all) continue;
                auto s = store::find_session(*db_, p.session_id);
                if (!s) fail(Errc::store, "a process note's session is missing");
                if (client_id && std::find(s->participants.begin(), s->participants.end(),
                                           client_id) == s->participants.end())
                    continue;
                // A snippet around the first word, cut on UTF-8 character boundaries.
                std::size_t at = text.find(query_words.front());
                std::size_t from = at > 40 ? at - 40 : 0, to = std::min(p.text.size(), at + 80);
                while (from > 0 && (static_cast<unsigned char>(p.text[from]) & 0xC0) == 0x80)
                    --from;
                while (to < p.text.size() &&
                       (static_cast<unsigned char>(p.text[to]) & 0xC0) == 0x80)
                    ++to;
                out.push_back({{"kind", "process_note"},
                               {"process_note_id", p.id},
                               {"case_id", s->case_id},
                               {"date", s->date()},
                               {"snippet", p.text.substr(from, to - from)}});
                audit("read_process_note", "process_note", p.id);
            }
        }
    });
    return out;
}

Id Practice::create_process_note(Id session_id, const std::string& text) {
    check_text("text", text, process_note_max_bytes);
    Id id = 0;
    run([&] {
        auto s = store::find_session(*db_, session_id);
        Sought sought{"session", session_id, "no session has that id"};
        if (!s) not_found("create", sought);
        Case c = visible_case("create", s->case_id, sought);
        id = store::insert_process_note(*db_, {0, session_id, c.id, actor().id, text, now_iso()});
        audit("create_process_note", "process_note", id);
    });
    return id;
}

nlohmann::json Practice::process_note_json(Id id) {
    json out;
    read([&] {
        actor();
        auto p = store::find_process_note(*db_, id);
        Sought sought{"process_note", id, "no process note has that id"};
        if (!p) not_found("read_process_note", sought);
        // Their author's, and whom the author grants: not even an admin
        // otherwise, and to anyone else it answers as a missing one does.
        if (p->author_id != actor().id && !store::process_note_granted(*db_, id, actor().id))
            not_found("read_process_note", sought);
        out = {{"id", p->id},           {"session_id", p->session_id},
               {"case_id", p->case_id}, {"author_id", p->author_id},
               {"text", p->text},       {"created_at", p->created_at}};
        audit("read_process_note", "process_note", id);
    });
    return out;
}

nlohmann::json Practice::process_notes_json(Id case_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_case("read", case_id);
        for (const auto& p : store::list_process_notes(*db_, case_id, actor().id)) {
            out.push_back({{"id", p.id},
                           {"session_id", p.session_id},
                           {"author_id", p.author_id},
                           {"text", p.text},
                           {"created_at", p.created_at}});
            audit("read_process_note", "process_note", p.id);
        }
    });
    return out;
}

void Practice::grant_process_note(Id id, Id clinician_id) {
    run([&] {
        actor();
        auto p = store::find_process_note(*db_, id);
        Sought sought{"process_note", id, "no process note has that id"};
        if (!p) not_found("grant", sought);
        // Only its author grants it; one who may read it is refused, anyone
        // else is answered as if it were missing.
        if (p->author_id != actor().id) {
            if (!store::process_note_granted(*db_, id, actor().id)) not_found("grant", sought);
            deny("grant", "process_note", id);
        }
        auto who = store::find_clinician(*db_, clinician_id);
        if (!who) fail(Errc::not_found, "no clinician has that id");
        if (store::process_note_granted(*db_, id, clinician_id) || clinician_id == actor().id)
            fail(Errc::state, "that clinician can already read it");
        store::insert_process_note_grant(*db_, id, clinician_id, actor().id, now_iso());
        audit("grant", "process_note", id);
    });
}

} // namespace mend
