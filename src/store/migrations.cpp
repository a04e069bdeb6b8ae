// Versioned schema migrations, one list for both backends. {pk} and {blob}
// stand for the column types that differ; everything else is common SQL.
#include "domain/error.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "store/database.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <functional>
#include <string>
#include <vector>

namespace mend::store {

namespace {

struct Migration {
    int version;
    std::vector<std::string> common;
    std::vector<std::string> sqlite_only;
    std::vector<std::string> postgresql_only;
    // Statements made from the schema as the steps above left it (run last).
    std::function<std::vector<std::string>(Database&)> generated = nullptr;
};

// An append-only table refuses UPDATE and DELETE in the database itself.
std::vector<std::string> sqlite_append_only(const std::string& table) {
    return {
        fmt::format("CREATE TRIGGER {0}_no_update BEFORE UPDATE ON {0} "
                    "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END",
                    table),
        fmt::format("CREATE TRIGGER {0}_no_delete BEFORE DELETE ON {0} "
                    "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END",
                    table),
    };
}

std::vector<std::string> postgresql_append_only(const std::string& table) {
    return {
        fmt::format("CREATE TRIGGER {0}_no_change BEFORE UPDATE OR DELETE ON {0} "
                    "FOR EACH ROW EXECUTE FUNCTION mend_refuse_change()",
                    table),
        fmt::format("CREATE TRIGGER {0}_no_truncate BEFORE TRUNCATE ON {0} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION mend_refuse_change()",
                    table),
    };
}

// SQLite's REPLACE (and INSERT OR REPLACE) deletes a row whose key the new
// row repeats without firing its DELETE triggers (recursive triggers are off
// on a connection that is not mend's), so an append-only table also refuses
// an insert that repeats any of its keys: each `keys` entry is one unique key,
// its columns comma-separated. `when` narrows which existing rows are kept.
std::string sqlite_no_replace(const std::string& table, const std::vector<std::string>& keys,
                              const std::string& when = "") {
    std::string test;
    for (const auto& key : keys) {
        std::string match;
        for (const auto& column : split(key, ','))
            match += fmt::format("{}{} = NEW.{}", match.empty() ? "" : " AND ", column, column);
        test += fmt::format("{}EXISTS (SELECT 1 FROM {} WHERE {}{})", test.empty() ? "" : " OR ",
                            table, match, when);
    }
    return fmt::format(
        "CREATE TRIGGER {0}_no_replace BEFORE INSERT ON {0} WHEN {1} "
        "BEGIN SELECT RAISE(ABORT, '{0} is append-only: a key is never reused'); END",
        table, test);
}

// The append-only tables with sealed columns (store/sealing.hpp): a job may
// re-seal those columns (store/reseal.hpp). A signed note's are in v16.
struct ResealableTable {
    std::string table;
    std::vector<std::string> columns;
};
std::vector<ResealableTable> resealable_append_only() {
    return {
        {"addendum", {"text", "reason"}},
        {"process_note", {"text"}},
        {"agreement_event", {"note"}},
        {"phase_entry", {"rationale", "safety_plan", "unmet", "evaluation"}},
        {"role_change", {"rationale", "evaluation", "opened"}},
        {"record_release", {"recipient"}},
        {"attestation", {"note"}},
        {"treatment_plan", {"plan"}},
        {"emergency_grant", {"reason"}},
    };
}

// SQLite: the condition under which an UPDATE of `table` only re-seals
// `sealed`: every other column (as the table has them now) unchanged, and
// each sealed column unchanged or going from a value to a sealed value. A
// migration that adds a column to such a table recreates its trigger
// (tests/store/test_reseal.cpp tries every column).
std::string sqlite_only_resealed(Database& db, const std::string& table,
                                 const std::vector<std::string>& sealed) {
    std::vector<std::string> columns;
    {
        soci::rowset<soci::row> rows = (db.sql().prepare << "PRAGMA table_info(" + table + ")");
        for (const auto& r : rows)
            columns.push_back(r.get<std::string>(1));
    }
    std::string test;
    for (const auto& c : columns) {
        bool is_sealed = std::find(sealed.begin(), sealed.end(), c) != sealed.end();
        test += test.empty() ? "" : " AND ";
        if (is_sealed)
            test += fmt::format("(NEW.{0} IS OLD.{0} OR (OLD.{0} IS NOT NULL AND "
                                "substr(NEW.{0}, 1, 8) = 'mend:e1:'))",
                                c);
        else
            test += fmt::format("NEW.{0} IS OLD.{0}", c);
    }
    return test;
}

template <class T> void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

std::vector<Migration> migrations() {
    Migration v1{1, {}, {}, {}};
    v1.common = {
        "CREATE TABLE practice ("
        " id {pk}, name TEXT NOT NULL, created_at TEXT NOT NULL)",

        "CREATE TABLE clinician ("
        " id {pk},"
        " display_name TEXT NOT NULL,"
        " credentials TEXT,"
        " role TEXT NOT NULL CHECK (role IN ('clinician', 'supervisor', 'admin')),"
        " external_id TEXT UNIQUE,"
        " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

        "CREATE TABLE client ("
        " id {pk},"
        " external_id TEXT UNIQUE,"
        " given_name TEXT NOT NULL, family_name TEXT NOT NULL,"
        " preferred_name TEXT, pronouns TEXT, date_of_birth TEXT, email TEXT, phone TEXT,"
        " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
        " created_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

        "CREATE TABLE couple ("
        " id {pk},"
        " client_a_id BIGINT NOT NULL REFERENCES client(id),"
        " client_b_id BIGINT NOT NULL REFERENCES client(id),"
        " relationship_status TEXT NOT NULL"
        "  CHECK (relationship_status IN ('together', 'separated', 'ended')),"
        " relationship_start TEXT,"
        " children_in_household INTEGER"
        "  CHECK (children_in_household IS NULL OR children_in_household BETWEEN 0 AND 30),"
        " secrets_policy TEXT NOT NULL"
        "  CHECK (secrets_policy IN ('no_secrets', 'confidential', 'limited_secrets')),"
        " external_id TEXT UNIQUE,"
        " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
        " created_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
        " CHECK (client_a_id <> client_b_id))",

        "CREATE TABLE care_case ("
        " id {pk},"
        " kind TEXT NOT NULL CHECK (kind IN ('individual', 'conjoint')),"
        " client_id BIGINT REFERENCES client(id),"
        " couple_id BIGINT REFERENCES couple(id),"
        " primary_clinician_id BIGINT NOT NULL REFERENCES clinician(id),"
        " opened_on TEXT NOT NULL, closed_on TEXT,"
        " status TEXT NOT NULL CHECK (status IN ('open', 'on_hold', 'closed')),"
        " linked_case_id BIGINT REFERENCES care_case(id),"
        " external_id TEXT UNIQUE,"
        " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
        " created_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
        " CHECK ((kind = 'individual' AND client_id IS NOT NULL AND couple_id IS NULL)"
        "     OR (kind = 'conjoint' AND couple_id IS NOT NULL AND client_id IS NULL)))",

        "CREATE INDEX couple_client_a ON couple(client_a_id)",
        "CREATE INDEX couple_client_b ON couple(client_b_id)",
        "CREATE INDEX case_client ON care_case(client_id)",
        "CREATE INDEX case_couple ON care_case(couple_id)",
        "CREATE INDEX case_clinician ON care_case(primary_clinician_id)",

        // The audit log. seq has no gaps (assigned under the write lock), and
        // key_id, prev_mac and mac are there for the keyed hash chain to come.
        "CREATE TABLE audit_event ("
        " seq BIGINT PRIMARY KEY,"
        " at_us BIGINT NOT NULL,"
        " actor_id BIGINT,"
        " action TEXT NOT NULL,"
        " object_type TEXT NOT NULL,"
        " object_id BIGINT,"
        " outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied')),"
        " key_id INTEGER, prev_mac {blob}, mac {blob})",
    };
    append(v1.sqlite_only, sqlite_append_only("audit_event"));
    v1.postgresql_only = {
        "CREATE OR REPLACE FUNCTION mend_refuse_change() RETURNS trigger AS $body$ "
        "BEGIN RAISE EXCEPTION 'mend refuses to change %, it is append-only', TG_TABLE_NAME; END "
        "$body$ "
        "LANGUAGE plpgsql",
    };
    append(v1.postgresql_only, postgresql_append_only("audit_event"));

    // v2: outcome measures. Administrations keep every item answer, so they
    // can be rescored; they are never changed (a correction is a new one).
    Migration v2{2, {}, {}, {}};
    v2.common = {
        "CREATE TABLE instrument_definition ("
        " code TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,"
        " loaded_by BIGINT NOT NULL REFERENCES clinician(id), loaded_at TEXT NOT NULL,"
        " PRIMARY KEY (code, version))",

        "CREATE TABLE instrument_setting ("
        " instrument TEXT NOT NULL, cutoff TEXT NOT NULL, value {real} NOT NULL,"
        " set_by BIGINT NOT NULL REFERENCES clinician(id), set_at TEXT NOT NULL,"
        " PRIMARY KEY (instrument, cutoff))",

        "CREATE TABLE administration ("
        " id {pk},"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " case_id BIGINT REFERENCES care_case(id),"
        " instrument TEXT NOT NULL, instrument_version INTEGER NOT NULL,"
        " administered_on TEXT NOT NULL,"
        " entered_by BIGINT NOT NULL REFERENCES clinician(id),"
        " missing_policy TEXT NOT NULL CHECK (missing_policy IN ('complete', 'prorate')),"
        " total {real}, prorated INTEGER NOT NULL CHECK (prorated IN (0, 1)), band TEXT,"
        " created_at TEXT NOT NULL)",
        "CREATE INDEX administration_series ON administration(client_id, instrument, "
        "administered_on)",

        "CREATE TABLE administration_item ("
        " administration_id BIGINT NOT NULL REFERENCES administration(id),"
        " position INTEGER NOT NULL, item INTEGER NOT NULL, chosen INTEGER,"
        " PRIMARY KEY (administration_id, position))",

        "CREATE TABLE safety_screen ("
        " id {pk},"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " case_id BIGINT REFERENCES care_case(id),"
        " administered_on TEXT NOT NULL,"
        " ipv TEXT NOT NULL CHECK (ipv IN ('none', 'past', 'current', 'unknown')),"
        " ipv_instrument TEXT,"
        " suicide_risk TEXT NOT NULL"
        "  CHECK (suicide_risk IN ('none', 'low', 'moderate', 'high', 'unknown')),"
        " suicide_instrument TEXT,"
        " entered_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL)",
        "CREATE INDEX safety_screen_client ON safety_screen(client_id)",

        "CREATE TABLE safety_flag ("
        " id {pk},"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " case_id BIGINT REFERENCES care_case(id),"
        " administration_id BIGINT REFERENCES administration(id),"
        " screen_id BIGINT REFERENCES safety_screen(id),"
        " code TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, source TEXT,"
        " raised_on TEXT NOT NULL, raised_at TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),"
        " resolved_by BIGINT REFERENCES clinician(id), resolved_at TEXT, resolution_note TEXT)",
        "CREATE INDEX safety_flag_client ON safety_flag(client_id, status)",
    };
    for (const char* t :
         {"instrument_definition", "administration", "administration_item", "safety_screen"}) {
        append(v2.sqlite_only, sqlite_append_only(t));
        append(v2.postgresql_only, postgresql_append_only(t));
    }

    // v3: the phase protocol. A case follows one protocol version; its phase
    // history, attestations, plan versions and agreement events are
    // append-only: moving back or correcting adds a row, never edits one.
    Migration v3{3, {}, {}, {}};
    v3.common = {
        "CREATE TABLE protocol_definition ("
        " code TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,"
        " loaded_by BIGINT NOT NULL REFERENCES clinician(id), loaded_at TEXT NOT NULL,"
        " PRIMARY KEY (code, version))",

        "CREATE TABLE case_protocol ("
        " case_id BIGINT PRIMARY KEY REFERENCES care_case(id),"
        " protocol_code TEXT NOT NULL, protocol_version INTEGER NOT NULL,"
        " betrayed_client_id BIGINT REFERENCES client(id),"
        " started_on TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",

        "CREATE TABLE phase_entry ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " phase TEXT NOT NULL, from_phase TEXT,"
        " kind TEXT NOT NULL CHECK (kind IN ('start', 'advance', 'override', 'back')),"
        " entered_on TEXT NOT NULL,"
        " actor_id BIGINT NOT NULL REFERENCES clinician(id),"
        " rationale TEXT, safety_plan TEXT, unmet TEXT,"
        " created_at TEXT NOT NULL)",
        "CREATE INDEX phase_entry_case ON phase_entry(case_id, id)",

        "CREATE TABLE attestation ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " client_id BIGINT REFERENCES client(id),"
        " code TEXT NOT NULL, value TEXT NOT NULL, effective_on TEXT, note TEXT,"
        " recorded_on TEXT NOT NULL,"
        " recorded_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL)",
        "CREATE INDEX attestation_case ON attestation(case_id, id)",

        "CREATE TABLE treatment_plan ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " phase TEXT NOT NULL, version INTEGER NOT NULL, plan TEXT NOT NULL, review_on TEXT,"
        " created_by BIGINT NOT NULL REFERENCES clinician(id), created_at TEXT NOT NULL,"
        " UNIQUE (case_id, phase, version))",

        "CREATE TABLE agreement ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " kind TEXT NOT NULL, text TEXT NOT NULL,"
        " agreed_on TEXT NOT NULL, review_on TEXT,"
        " status TEXT NOT NULL CHECK (status IN ('active', 'kept', 'broken', 'revised')),"
        " created_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX agreement_case ON agreement(case_id)",

        "CREATE TABLE agreement_event ("
        " id {pk},"
        " agreement_id BIGINT NOT NULL REFERENCES agreement(id),"
        " status TEXT NOT NULL, note TEXT,"
        " broken_by BIGINT REFERENCES client(id),"
        " actor_id BIGINT NOT NULL REFERENCES clinician(id), at TEXT NOT NULL)",
    };
    for (const char* t : {"protocol_definition", "phase_entry", "attestation", "treatment_plan",
                          "agreement_event"}) {
        append(v3.sqlite_only, sqlite_append_only(t));
        append(v3.postgresql_only, postgresql_append_only(t));
    }

    // v4: sessions and notes. A signed note never changes: the database
    // itself refuses UPDATE or DELETE of a signed note, and addenda and
    // signatures are append-only.
    Migration v4{4, {}, {}, {}};
    v4.common = {
        "CREATE TABLE session ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " starts_at TEXT NOT NULL, duration_minutes INTEGER NOT NULL,"
        " modality TEXT NOT NULL CHECK (modality IN ('in_person', 'video', 'phone')),"
        " identified_patient_id BIGINT REFERENCES client(id),"
        " cpt_code TEXT NOT NULL, phase TEXT,"
        " created_by BIGINT NOT NULL REFERENCES clinician(id), created_at TEXT NOT NULL)",
        "CREATE INDEX session_case ON session(case_id, starts_at)",
        "CREATE TABLE session_participant ("
        " session_id BIGINT NOT NULL REFERENCES session(id),"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " PRIMARY KEY (session_id, client_id))",

        "CREATE TABLE note ("
        " id {pk},"
        " session_id BIGINT NOT NULL REFERENCES session(id),"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " author_id BIGINT NOT NULL REFERENCES clinician(id),"
        " format TEXT NOT NULL CHECK (format IN ('soap', 'dap', 'birp', 'free')),"
        " content TEXT NOT NULL, search_text TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('draft', 'signed')),"
        " version INTEGER NOT NULL, late_entry INTEGER NOT NULL DEFAULT 0, phase TEXT,"
        " signed_by BIGINT REFERENCES clinician(id), signed_at TEXT, content_hash TEXT,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX note_case ON note(case_id)",
        "CREATE INDEX note_session ON note(session_id)",

        // Co-signatures (a supervisor's) and share marks (the latest counts),
        // append-only.
        "CREATE TABLE note_signature ("
        " id {pk},"
        " note_id BIGINT NOT NULL REFERENCES note(id),"
        " signer_id BIGINT NOT NULL REFERENCES clinician(id),"
        " role TEXT NOT NULL, signed_at TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE TABLE note_share ("
        " id {pk},"
        " note_id BIGINT NOT NULL REFERENCES note(id),"
        " shareable INTEGER NOT NULL, actor_id BIGINT NOT NULL REFERENCES clinician(id),"
        " at TEXT NOT NULL)",

        "CREATE TABLE addendum ("
        " id {pk},"
        " note_id BIGINT NOT NULL REFERENCES note(id),"
        " author_id BIGINT NOT NULL REFERENCES clinician(id),"
        " text TEXT NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE INDEX addendum_note ON addendum(note_id)",

        // Psychotherapy (process) notes, 45 CFR 164.501: apart from the
        // record, readable by their author and whom the author grants.
        "CREATE TABLE process_note ("
        " id {pk},"
        " session_id BIGINT NOT NULL REFERENCES session(id),"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " author_id BIGINT NOT NULL REFERENCES clinician(id),"
        " text TEXT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE process_note_grant ("
        " process_note_id BIGINT NOT NULL REFERENCES process_note(id),"
        " clinician_id BIGINT NOT NULL REFERENCES clinician(id),"
        " granted_by BIGINT NOT NULL REFERENCES clinician(id), granted_at TEXT NOT NULL,"
        " PRIMARY KEY (process_note_id, clinician_id))",
    };
    v4.sqlite_only = {
        "CREATE TRIGGER note_signed_no_update BEFORE UPDATE ON note WHEN OLD.status = 'signed'"
        " BEGIN SELECT RAISE(ABORT, 'a signed note never changes: add an addendum'); END",
        "CREATE TRIGGER note_signed_no_delete BEFORE DELETE ON note WHEN OLD.status = 'signed'"
        " BEGIN SELECT RAISE(ABORT, 'a signed note is never deleted'); END",
        // Full-text search over progress notes (SQLite FTS5); rowid = note id.
        "CREATE VIRTUAL TABLE note_fts USING fts5(search_text, tokenize = 'unicode61')",
    };
    v4.postgresql_only = {
        "CREATE OR REPLACE FUNCTION mend_refuse_signed_change() RETURNS trigger AS $body$ "
        "BEGIN IF OLD.status = 'signed' THEN "
        "RAISE EXCEPTION 'a signed note never changes, add an addendum'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $body$ LANGUAGE plpgsql",
        "CREATE TRIGGER note_signed_no_change BEFORE UPDATE OR DELETE ON note"
        " FOR EACH ROW EXECUTE FUNCTION mend_refuse_signed_change()",
        "CREATE TRIGGER note_no_truncate BEFORE TRUNCATE ON note"
        " FOR EACH STATEMENT EXECUTE FUNCTION mend_refuse_change()",
        // Full-text search over progress notes (PostgreSQL).
        "CREATE INDEX note_search ON note USING GIN (to_tsvector('simple', search_text))",
    };
    for (const char* t : {"session", "session_participant", "note_signature", "note_share",
                          "addendum", "process_note"}) {
        append(v4.sqlite_only, sqlite_append_only(t));
        append(v4.postgresql_only, postgresql_append_only(t));
    }

    // v5: releases of records to a client, and each partner's authorisation
    // of joint content. Append-only: a release is a disclosure on record.
    Migration v5{5, {}, {}, {}};
    v5.common = {
        "CREATE TABLE record_release ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " for_client_id BIGINT NOT NULL REFERENCES client(id),"
        " recipient TEXT NOT NULL, purpose TEXT NOT NULL,"
        " created_on TEXT NOT NULL, expires_on TEXT NOT NULL,"
        " created_by BIGINT NOT NULL REFERENCES clinician(id), created_at TEXT NOT NULL)",
        "CREATE TABLE release_authorisation ("
        " release_id BIGINT NOT NULL REFERENCES record_release(id),"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " authorised_on TEXT NOT NULL, recorded_by BIGINT NOT NULL REFERENCES clinician(id),"
        " PRIMARY KEY (release_id, client_id))",
    };
    for (const char* t : {"record_release", "release_authorisation"}) {
        append(v5.sqlite_only, sqlite_append_only(t));
        append(v5.postgresql_only, postgresql_append_only(t));
    }

    // v6: the practice's time zone (an IANA name; "today" is the practice's
    // local date), and each session's start as a UTC instant with the
    // practice's offset then. Sessions written before v6 have neither: their
    // starts_at was read in UTC, the zone every practice had until then.
    Migration v6{6, {}, {}, {}};
    v6.common = {
        "ALTER TABLE practice ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'",
        "ALTER TABLE session ADD COLUMN starts_utc TEXT",
        "ALTER TABLE session ADD COLUMN utc_offset TEXT",
    };

    // v7: the gate evaluation that opened each phase move, kept with it; and
    // changes of partner roles as events of the record (append-only), since
    // they change what every gate reads.
    Migration v7{7, {}, {}, {}};
    v7.common = {
        "ALTER TABLE phase_entry ADD COLUMN evaluation TEXT",
        "CREATE TABLE role_change ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " betrayed_client_id BIGINT REFERENCES client(id),"
        " previous_client_id BIGINT REFERENCES client(id),"
        " kind TEXT NOT NULL CHECK (kind IN ('roles', 'override')),"
        " changed_on TEXT NOT NULL, rationale TEXT NOT NULL,"
        " evaluation TEXT, opened TEXT,"
        " actor_id BIGINT NOT NULL REFERENCES clinician(id), created_at TEXT NOT NULL)",
        "CREATE INDEX role_change_case ON role_change(case_id, id)",
    };
    append(v7.sqlite_only, sqlite_append_only("role_change"));
    append(v7.postgresql_only, postgresql_append_only("role_change"));

    // v8: an index for every lookup the store makes (issue 12; checked by
    // tests/store/test_plans.cpp), and on PostgreSQL an index the note
    // search's expression (the note's text with its addenda) can use.
    Migration v8{8, {}, {}, {}};
    v8.common = {
        "CREATE INDEX note_share_note ON note_share(note_id, id)",
        "CREATE INDEX note_signature_note ON note_signature(note_id, id)",
        "CREATE INDEX agreement_event_agreement ON agreement_event(agreement_id, id)",
        "CREATE INDEX process_note_case ON process_note(case_id)",
        "CREATE INDEX session_participant_client ON session_participant(client_id)",
        "CREATE INDEX safety_flag_status ON safety_flag(status)",
        "CREATE INDEX process_note_author ON process_note(author_id)",
        "CREATE INDEX process_note_grant_clinician ON process_note_grant(clinician_id)",
    };
    // The searched text of each note with its addenda, kept by index_note()
    // as SQLite's note_fts is: no index can hold an expression that reads
    // the addendum table, so note_search (on note.search_text alone) could
    // not serve the search.
    v8.postgresql_only = {
        "CREATE TABLE note_search_text ("
        " note_id BIGINT PRIMARY KEY REFERENCES note(id), search_text TEXT NOT NULL)",
        "INSERT INTO note_search_text (note_id, search_text)"
        " SELECT n.id, n.search_text || ' ' || COALESCE((SELECT string_agg(a.text, ' ' ORDER BY"
        " a.id) FROM addendum a WHERE a.note_id = n.id), '') FROM note n",
        "CREATE INDEX note_search_text_gin ON note_search_text"
        " USING GIN (to_tsvector('simple', search_text))",
        "DROP INDEX note_search",
    };
    // v9: diagnoses (ICD-10-CM) on a case, each about one of its clients.
    Migration v9{9, {}, {}, {}};
    v9.common = {
        "CREATE TABLE diagnosis ("
        " id {pk},"
        " case_id BIGINT NOT NULL REFERENCES care_case(id),"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " code TEXT NOT NULL, listed INTEGER NOT NULL CHECK (listed IN (0, 1)),"
        " rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 12),"
        " onset_on TEXT, resolved_on TEXT,"
        " recorded_by BIGINT NOT NULL REFERENCES clinician(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX diagnosis_case ON diagnosis(case_id, id)",
    };
    // v10: what a host needs to bill: a clinician's NPI, and a session's place
    // of service, modifiers, interactive-complexity add-on and pointers to the
    // case's diagnoses (ids, comma-separated, in order).
    Migration v10{10, {}, {}, {}};
    v10.common = {
        "ALTER TABLE clinician ADD COLUMN npi TEXT",
        "ALTER TABLE session ADD COLUMN place_of_service TEXT",
        "ALTER TABLE session ADD COLUMN modifiers TEXT",
        "ALTER TABLE session ADD COLUMN interactive_complexity INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE session ADD COLUMN diagnosis_ids TEXT",
    };
    // v11: REPLACE cannot rewrite what never changes (the audit, signed
    // notes, addenda, stored answers, ...): see sqlite_no_replace(). On
    // PostgreSQL an upsert's DO UPDATE fires the UPDATE triggers, which refuse.
    Migration v11{11, {}, {}, {}};
    // The events about one record (an accounting of disclosures reads a
    // release's).
    v11.common.push_back(
        "CREATE INDEX audit_event_object ON audit_event(object_type, object_id, seq)");
    for (const char* t : {"audit_event", "administration", "safety_screen", "phase_entry",
                          "attestation", "session", "note_signature", "note_share", "addendum",
                          "process_note", "agreement_event", "role_change", "record_release"})
        v11.sqlite_only.push_back(
            sqlite_no_replace(t, {std::string(t) == "audit_event" ? "seq" : "id"}));
    v11.sqlite_only.push_back(
        sqlite_no_replace("administration_item", {"administration_id,position"}));
    v11.sqlite_only.push_back(sqlite_no_replace("instrument_definition", {"code,version"}));
    v11.sqlite_only.push_back(sqlite_no_replace("protocol_definition", {"code,version"}));
    v11.sqlite_only.push_back(sqlite_no_replace("release_authorisation", {"release_id,client_id"}));
    v11.sqlite_only.push_back(sqlite_no_replace("session_participant", {"session_id,client_id"}));
    v11.sqlite_only.push_back(sqlite_no_replace("treatment_plan", {"id", "case_id,phase,version"}));
    // A signed note is never replaced; a draft's row may be (it is the author's).
    v11.sqlite_only.push_back(sqlite_no_replace("note", {"id"}, " AND status = 'signed'"));

    // v12: the keyed audit chain (issue 14). mac and prev_mac become hex
    // text (they were never written), each event may carry a detail that
    // holds no client data (a signed note's content hash, an addendum's id
    // and hash), and a look-up of a record the actor may not see is audited
    // as "not_found", as a missing one is. The host's keys are never stored:
    // practice_key keeps, per key, only a MAC of a fixed text under it, so a
    // wrong key is told from the right one.
    Migration v12{12, {}, {}, {}};
    v12.common = {
        "CREATE TABLE practice_key ("
        " purpose TEXT NOT NULL CHECK (purpose IN ('audit', 'wrap')),"
        " key_id BIGINT NOT NULL CHECK (key_id > 0),"
        " check_mac TEXT NOT NULL,"
        " added_at TEXT NOT NULL,"
        " PRIMARY KEY (purpose, key_id))",
    };
    v12.sqlite_only = {
        "CREATE TABLE audit_event_v12 ("
        " seq BIGINT PRIMARY KEY,"
        " at_us BIGINT NOT NULL,"
        " actor_id BIGINT,"
        " action TEXT NOT NULL,"
        " object_type TEXT NOT NULL,"
        " object_id BIGINT,"
        " outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'not_found')),"
        " key_id INTEGER, prev_mac TEXT, mac TEXT, detail TEXT)",
        "INSERT INTO audit_event_v12 (seq, at_us, actor_id, action, object_type, object_id,"
        " outcome) SELECT seq, at_us, actor_id, action, object_type, object_id, outcome"
        " FROM audit_event ORDER BY seq",
        "DROP TABLE audit_event",
        "ALTER TABLE audit_event_v12 RENAME TO audit_event",
    };
    append(v12.sqlite_only, sqlite_append_only("audit_event"));
    v12.sqlite_only.push_back(sqlite_no_replace("audit_event", {"seq"}));
    v12.sqlite_only.push_back(
        "CREATE INDEX audit_event_object ON audit_event(object_type, object_id, seq)");
    v12.postgresql_only = {
        "ALTER TABLE audit_event DROP CONSTRAINT audit_event_outcome_check",
        "ALTER TABLE audit_event ADD CONSTRAINT audit_event_outcome_check"
        " CHECK (outcome IN ('ok', 'denied', 'not_found'))",
        "ALTER TABLE audit_event ALTER COLUMN prev_mac TYPE TEXT USING encode(prev_mac, 'hex')",
        "ALTER TABLE audit_event ALTER COLUMN mac TYPE TEXT USING encode(mac, 'hex')",
        "ALTER TABLE audit_event ADD COLUMN detail TEXT",
    };

    // v13: break the glass (issue 14). A grant lets one clinician open one
    // client's record outside their caseload, for a stated reason, until it
    // expires; grants are append-only. The shortest reason a grant accepts is
    // a practice setting, reviewable like the time zone.
    Migration v13{13, {}, {}, {}};
    v13.common = {
        "ALTER TABLE practice ADD COLUMN emergency_reason_min INTEGER NOT NULL DEFAULT 20",
        "CREATE TABLE emergency_grant ("
        " id {pk},"
        " clinician_id BIGINT NOT NULL REFERENCES clinician(id),"
        " client_id BIGINT NOT NULL REFERENCES client(id),"
        " reason TEXT NOT NULL,"
        " opened_us BIGINT NOT NULL,"
        " expires_us BIGINT NOT NULL CHECK (expires_us > opened_us))",
        "CREATE INDEX emergency_grant_holder ON emergency_grant(clinician_id, client_id,"
        " expires_us)",
    };
    append(v13.sqlite_only, sqlite_append_only("emergency_grant"));
    v13.sqlite_only.push_back(sqlite_no_replace("emergency_grant", {"id"}));
    append(v13.postgresql_only, postgresql_append_only("emergency_grant"));

    // v14: reads made inside the host's transaction (issue 14). Each read's
    // audit event is journalled here by a second connection, committed before
    // the data is returned, and moved into the audit chain (deleted here in
    // the same transaction) when the host's transaction ends, when the handle
    // closes, or by the next handle to open the database after a crash
    // (store/read_journal.cpp). Ids, action and object only, as the log.
    // SQLite keeps the same table in a sidecar file (`<db>-reads`): the host's
    // transaction holds the only write lock on the database itself.
    Migration v14{14, {}, {}, {}};
    v14.postgresql_only = {
        "CREATE TABLE audit_pending ("
        " id BIGSERIAL PRIMARY KEY,"
        " at_us BIGINT NOT NULL,"
        " actor_id BIGINT,"
        " action TEXT NOT NULL,"
        " object_type TEXT NOT NULL,"
        " object_id BIGINT,"
        " outcome TEXT NOT NULL,"
        " detail TEXT)",
    };
    // v15: encryption at rest (issue 14). A practice that has a data key
    // keeps its client data sealed (store/sealing.hpp); the key is stored
    // only wrapped under one of the host's wrap keys. Sealed values keep
    // their TEXT columns; look-ups go through keyed blind indexes (a
    // client's external id, which stays unique, and name), and note search
    // through a keyed per-word index instead of note_fts / note_search_text.
    Migration v15{15, {}, {}, {}};
    v15.common = {
        "CREATE TABLE data_key ("
        " id BIGINT PRIMARY KEY CHECK (id > 0),"
        " wrap_key_id BIGINT NOT NULL CHECK (wrap_key_id > 0),"
        " wrapped TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('active', 'retired')))",
        "ALTER TABLE client ADD COLUMN external_id_bidx TEXT",
        "ALTER TABLE client ADD COLUMN name_bidx TEXT",
        "CREATE UNIQUE INDEX client_external_id_bidx ON client(external_id_bidx)",
        "CREATE INDEX client_name_bidx ON client(name_bidx)",
        "CREATE TABLE note_word ("
        " word_hash TEXT NOT NULL,"
        " note_id BIGINT NOT NULL REFERENCES note(id),"
        " PRIMARY KEY (word_hash, note_id))",
        "CREATE INDEX note_word_note ON note_word(note_id)",
    };
    // v16: re-encryption under a new data key, and conversion of a plaintext
    // practice, as resumable jobs (store/reseal.hpp). key_job's one row says
    // which job is under way and how far it got; its generation counts the
    // changes of the practice's data keys, so a handle learns at its next
    // call that its keys are stale. What never changes may still be
    // re-sealed: an UPDATE of an append-only table (or a signed note) passes
    // only when every other column is unchanged and each changed sealed
    // column goes from a value to a sealed value (a value that does not open
    // under the practice's keys is reported at its read, and none can be
    // made without the key). The emergency grant's reason is sealed from now
    // on.
    Migration v16{16, {}, {}, {}};
    v16.common = {
        "CREATE TABLE key_job ("
        " id INTEGER PRIMARY KEY CHECK (id = 1),"
        " generation BIGINT NOT NULL,"
        " kind TEXT CHECK (kind IS NULL OR kind IN ('encrypt', 'reencrypt')),"
        " stage TEXT CHECK (stage IS NULL OR stage IN ('reseal', 'vacuum')),"
        " target_key BIGINT,"
        " table_pos INTEGER NOT NULL,"
        " last_id BIGINT NOT NULL,"
        " started_at TEXT)",
        "INSERT INTO key_job (id, generation, table_pos, last_id) VALUES (1, 0, 0, 0)",
    };
    v16.postgresql_only = {
        "CREATE OR REPLACE FUNCTION mend_refuse_unless_resealed() RETURNS trigger AS $body$ "
        "DECLARE o jsonb; n jsonb; c text; i int; "
        "BEGIN "
        " IF TG_OP = 'UPDATE' THEN "
        "  o := to_jsonb(OLD); n := to_jsonb(NEW); "
        "  FOR i IN 1 .. TG_NARGS - 1 LOOP "
        "   c := TG_ARGV[i]; "
        "   IF (n->>c) IS DISTINCT FROM (o->>c) AND ((o->>c) IS NULL OR (n->>c) IS NULL"
        "       OR left(n->>c, 8) <> 'mend:e1:') THEN "
        "    RAISE EXCEPTION '%', TG_ARGV[0]; "
        "   END IF; "
        "   o := o - c; n := n - c; "
        "  END LOOP; "
        "  IF o = n THEN RETURN NEW; END IF; "
        " END IF; "
        " RAISE EXCEPTION '%', TG_ARGV[0]; "
        "END $body$ LANGUAGE plpgsql",
        "DROP TRIGGER note_signed_no_change ON note",
        "CREATE TRIGGER note_signed_no_change BEFORE UPDATE OR DELETE ON note"
        " FOR EACH ROW WHEN (OLD.status = 'signed') EXECUTE FUNCTION mend_refuse_unless_resealed("
        "'a signed note never changes, add an addendum', 'content', 'search_text')",
    };
    for (const auto& t : resealable_append_only()) {
        v16.postgresql_only.push_back(fmt::format("DROP TRIGGER {0}_no_change ON {0}", t.table));
        std::string args = fmt::format("'mend refuses to change {}, it is append-only'", t.table);
        for (const auto& c : t.columns)
            args += fmt::format(", '{}'", c);
        v16.postgresql_only.push_back(
            fmt::format("CREATE TRIGGER {0}_no_change BEFORE UPDATE OR DELETE ON {0} "
                        "FOR EACH ROW EXECUTE FUNCTION mend_refuse_unless_resealed({1})",
                        t.table, args));
    }
    v16.generated = [](Database& db) -> std::vector<std::string> {
        if (db.backend() != Backend::sqlite) return {};
        std::vector<std::string> out = {
            "DROP TRIGGER note_signed_no_update",
            "CREATE TRIGGER note_signed_no_update BEFORE UPDATE ON note WHEN OLD.status = "
            "'signed' AND NOT (" +
                sqlite_only_resealed(db, "note", {"content", "search_text"}) +
                ") BEGIN SELECT RAISE(ABORT, 'a signed note never changes: add an addendum'); "
                "END",
        };
        for (const auto& t : resealable_append_only()) {
            out.push_back(fmt::format("DROP TRIGGER {}_no_update", t.table));
            out.push_back(fmt::format("CREATE TRIGGER {0}_no_update BEFORE UPDATE ON {0} "
                                      "WHEN NOT ({1}) "
                                      "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END",
                                      t.table, sqlite_only_resealed(db, t.table, t.columns)));
        }
        return out;
    };
    return {v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16};
}

std::string expand(std::string sql, Backend backend) {
    auto replace = [&](const std::string& from, const std::string& to) {
        for (auto at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size()))
            sql.replace(at, from.size(), to);
    };
    if (backend == Backend::sqlite) {
        replace("{pk}", "INTEGER PRIMARY KEY AUTOINCREMENT");
        replace("{blob}", "BLOB");
        replace("{real}", "REAL");
    } else {
        replace("{pk}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        replace("{blob}", "BYTEA");
        replace("{real}", "DOUBLE PRECISION");
    }
    return sql;
}

bool has_schema_table(Database& db) {
    int n = 0;
    if (db.backend() == Backend::sqlite)
        db.sql()
            << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'mend_schema'",
            soci::into(n);
    else
        db.sql() << "SELECT COUNT(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_name = 'mend_schema'",
            soci::into(n);
    return n > 0;
}

std::string now_utc_text() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

} // namespace

Contents inspect(Database& db) {
    // Any schema object at all (a table, index, view or trigger) means the
    // database is in use; mend's own always include mend_schema with a row.
    // On a damaged file the first read fails (SQLITE_CORRUPT or NOTADB).
    int objects = 0;
    if (db.backend() == Backend::sqlite)
        db.sql() << "SELECT COUNT(*) FROM sqlite_master", soci::into(objects);
    else
        db.sql() << "SELECT COUNT(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema()",
            soci::into(objects);
    if (objects == 0) return Contents::empty;
    if (!has_schema_table(db)) return Contents::foreign;
    return db.schema_version() >= 1 ? Contents::mend : Contents::foreign;
}

int latest_schema_version() {
    return static_cast<int>(migrations().size());
}

void migrate(Database& db) {
    // Most opens find the schema current: check that without the write lock,
    // so opening never waits for another writer.
    if (has_schema_table(db)) {
        int current = db.schema_version();
        if (current == latest_schema_version()) return;
        if (current > latest_schema_version())
            fail(Errc::schema,
                 fmt::format("the database has schema version {}, newer than this library's {}; "
                             "upgrade mend",
                             current, latest_schema_version()));
    }
    db.begin_write();
    try {
        // Two processes opening a new PostgreSQL database at once must not
        // both create the schema.
        if (db.backend() == Backend::postgresql)
            db.sql() << "SELECT pg_advisory_xact_lock(7301001, hashtext(current_schema()))";
        // A cluster admin migrating a practice that belongs to its own role
        // (scripts/hosting/practice-role.sql grants that role to the admin):
        // the new tables belong to the practice's role too, as its old ones do.
        if (db.backend() == Backend::postgresql && !db.practice().empty()) {
            std::string owner, set;
            int act_as_owner = 0;
            db.sql() << "SELECT r.rolname, CASE WHEN r.rolname <> current_user"
                        " AND pg_has_role(r.oid, 'MEMBER') THEN 1 ELSE 0 END"
                        " FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner"
                        " WHERE n.nspname = current_schema()",
                soci::into(owner), soci::into(act_as_owner);
            if (act_as_owner)
                db.sql() << "SELECT set_config('role', :o, true)", soci::use(owner),
                    soci::into(set);
        }
        if (!has_schema_table(db))
            db.sql() << "CREATE TABLE mend_schema (version INTEGER PRIMARY KEY, applied_at TEXT "
                        "NOT NULL)";
        int current = db.schema_version();
        int latest = latest_schema_version();
        if (current > latest)
            fail(Errc::schema,
                 fmt::format("the database has schema version {}, newer than this library's {}; "
                             "upgrade mend",
                             current, latest));
        for (const auto& m : migrations()) {
            if (m.version <= current) continue;
            for (const auto& s : m.common)
                db.sql() << expand(s, db.backend());
            const auto& own = db.backend() == Backend::sqlite ? m.sqlite_only : m.postgresql_only;
            for (const auto& s : own)
                db.sql() << expand(s, db.backend());
            if (m.generated)
                for (const auto& s : m.generated(db))
                    db.sql() << s;
            std::string at = now_utc_text();
            int version = m.version;
            db.sql() << "INSERT INTO mend_schema (version, applied_at) VALUES (:v, :at)",
                soci::use(version), soci::use(at);
        }
        db.commit();
        if (current < latest)
            log::emit(log::Level::info,
                      fmt::format("{} schema migrated from version {} to version {}",
                                  db.backend_name(), current, latest));
    } catch (...) {
        db.rollback();
        throw;
    }
}

} // namespace mend::store
