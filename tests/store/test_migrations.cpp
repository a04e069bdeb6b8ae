// Opening a database: migrations, reopening, a schema from a newer mend,
// the SQLite settings mend relies on (WAL, busy timeout), open's arguments.
#include "fixture.hpp"

#include <chrono>
#include <fstream>
#include <sqlite3.h>

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

TEST_CASE("migrations create the schema, starting at version 1", "[store][migrations]") {
    std::string where = fresh_location();
    auto p = create_practice(where);
    CHECK(std::string(p->backend_name()) == (on_postgresql() ? "postgresql" : "sqlite"));
    int v = p->schema_version();
    CHECK(v >= 1);
    CHECK(v == mend::store::latest_schema_version());
    CHECK(raw_int(where, "SELECT COUNT(*) FROM mend_schema WHERE version = 1") == 1);
    CHECK(raw_int(where, "SELECT MAX(version) FROM mend_schema") == v);
    CHECK(raw_int(where, "SELECT COUNT(*) FROM mend_schema") == v);
    for (const char* table :
         {"practice", "clinician", "client", "couple", "care_case", "audit_event"}) {
        INFO(table);
        CHECK(raw_exec(where, std::string("SELECT COUNT(*) FROM ") + table).empty());
        CHECK(raw_int(where, std::string("SELECT COUNT(*) FROM ") + table) == 0);
    }
}

TEST_CASE("reopening is idempotent", "[store][migrations]") {
    Fresh f;
    Id c = f.client("Reopen", "Person", std::string("ext-r"));
    int v = f.p->schema_version();
    long long tables =
        raw_int(f.where, on_postgresql() ? "SELECT COUNT(*) FROM information_schema.tables "
                                           "WHERE table_schema = 'public'"
                                         : "SELECT COUNT(*) FROM sqlite_master");
    f.p.reset();
    for (int i = 0; i < 3; ++i) {
        auto p = open_practice(f.where);
        CHECK(p->schema_version() == v);
        CHECK(error_of([&] { p->get_client(c); }) == Errc::no_actor);
        p->set_actor(f.admin);
        CHECK(p->get_client(c).given_name == "Reopen");
        CHECK(p->get_client_external("ext-r").id == c);
    }
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM mend_schema") == v);
    CHECK(raw_int(f.where, on_postgresql() ? "SELECT COUNT(*) FROM information_schema.tables "
                                             "WHERE table_schema = 'public'"
                                           : "SELECT COUNT(*) FROM sqlite_master") == tables);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM clinician") == 1);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM practice") == 1);
    // Setting the practice up again is refused.
    auto p = open_practice(f.where);
    mend::ClinicianPatch a;
    a.display_name = "Second Admin";
    CHECK(error_of([&] { p->init("Again", a); }) == Errc::state);
}

TEST_CASE("a database from a newer mend is refused and left as it was", "[store][migrations]") {
    Fresh f;
    f.client("Future", "Person");
    f.p.reset();
    REQUIRE(raw_exec(f.where, "INSERT INTO mend_schema(version, applied_at) VALUES (999, 'x')") ==
            "");
    const std::string count_tables = on_postgresql()
                                         ? "SELECT COUNT(*) FROM information_schema.tables "
                                           "WHERE table_schema = 'public'"
                                         : "SELECT COUNT(*) FROM sqlite_master";
    long long tables = raw_int(f.where, count_tables);
    long long rows = raw_int(f.where, "SELECT COUNT(*) FROM mend_schema");
    auto e = error_of([&] { open_practice(f.where); });
    CHECK(e == Errc::schema);
    CHECK(raw_int(f.where, count_tables) == tables);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM mend_schema") == rows);
    CHECK(raw_int(f.where, "SELECT MAX(version) FROM mend_schema") == 999);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM client") == 1);
    // Still refused the second time.
    CHECK(error_of([&] { open_practice(f.where); }) == Errc::schema);
}

TEST_CASE("only create makes a database; another application's is left alone",
          "[store][migrations]") {
    const std::string count_tables = on_postgresql()
                                         ? "SELECT COUNT(*) FROM information_schema.tables "
                                           "WHERE table_schema = 'public'"
                                         : "SELECT COUNT(*) FROM sqlite_master";
    std::string where = fresh_location();
    CHECK(error_of([&] { open_practice(where); }) == Errc::not_found);
    if (on_postgresql())
        CHECK(raw_int(where, count_tables) == 0);
    else
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            CHECK(!std::ifstream(where + suffix).good());
    create_practice(where).reset();
    CHECK(raw_int(where, "SELECT COUNT(*) FROM mend_schema") ==
          mend::store::latest_schema_version());
    CHECK(open_practice(where)->schema_version() == mend::store::latest_schema_version());

    std::string other = fresh_location();
    if (!on_postgresql()) std::ofstream(other).close(); // raw_exec does not create files
    REQUIRE(raw_exec(other, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)") == "");
    CHECK(error_of([&] { open_practice(other); }) == Errc::schema);
    CHECK(error_of([&] { create_practice(other); }) == Errc::schema);
    CHECK(raw_int(other, count_tables) == 1);
}

TEST_CASE("open's arguments", "[store][migrations]") {
    mend::store::OpenOptions o;
    CHECK(error_of([&] { open_practice("", o); }) == Errc::invalid);
    o.busy_timeout_ms = -1;
    CHECK(error_of([&] { open_practice(fresh_location(), o); }) == Errc::invalid);
    o.busy_timeout_ms = 600001;
    CHECK(error_of([&] { open_practice(fresh_location(), o); }) == Errc::invalid);
    CHECK(error_of([] { open_practice("/nonexistent-mend-dir/x=y.db"); }) == Errc::invalid);
    CHECK(error_of([] { open_practice("/nonexistent-mend-dir/sub/x.db"); }) == Errc::not_found);
    CHECK(error_of([] { create_practice("/nonexistent-mend-dir/sub/x.db"); }) == Errc::store);
    CHECK(error_of([] { open_practice("postgresql://mend@127.0.0.1:1/x?connect_timeout=2"); }) ==
          Errc::connection);
}

TEST_CASE("SQLite: WAL mode and the busy timeout", "[store][migrations][sqlite]") {
    if (on_postgresql()) {
        SUCCEED("SQLite only");
        return;
    }
    Fresh f;
    CHECK(raw_text(f.where, "PRAGMA journal_mode") == "wal");
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'audit_event'") >= 2);

    // A writer waits busy_timeout_ms for another's write lock, then gives up.
    mend::store::OpenOptions o;
    o.busy_timeout_ms = 300;
    auto p = f.handle(f.admin, o);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open_v2(f.where.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    mend::ClientPatch c;
    c.given_name = "Busy";
    c.family_name = "Writer";
    auto t0 = std::chrono::steady_clock::now();
    CHECK(error_of([&] { p->create_client(c); }) == Errc::busy);
    auto waited = std::chrono::steady_clock::now() - t0;
    CHECK(waited >= std::chrono::milliseconds(250));
    CHECK(waited < std::chrono::milliseconds(4000));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(p->create_client(c) > 0);
}

TEST_CASE("v6: the practice's time zone, and session starts from before it",
          "[store][migrations]") {
    Fresh f;
    CHECK(f.p->schema_version() >= 6);
    CHECK(raw_text(f.where, "SELECT time_zone FROM practice") == "UTC");
    CHECK(f.p->time_zone() == "UTC");
    f.p->set_time_zone("America/Chicago");
    CHECK(raw_text(f.where, "SELECT time_zone FROM practice") == "America/Chicago");

    // A session written before v6 has no UTC start or offset: its starts_at
    // was read in UTC, the zone every practice had then.
    Id client = f.client("Legacy", "Session");
    Id kase = f.individual_case(client, f.admin);
    REQUIRE(raw_exec(f.where, "INSERT INTO session (case_id, starts_at, duration_minutes,"
                              " modality, cpt_code, created_by, created_at) VALUES (" +
                                  std::to_string(kase) +
                                  ", '2025-03-04T09:15', 45, 'video',"
                                  " '90834', " +
                                  std::to_string(f.admin) + ", '2025-03-04T10:00:00.000000Z')") ==
            "");
    Id id = raw_int(f.where, "SELECT MAX(id) FROM session");
    auto s = f.p->session_json(id);
    CHECK(s["starts_at"] == "2025-03-04T09:15");
    CHECK(s["starts_at_utc"] == "2025-03-04T09:15:00Z");
    CHECK(s["utc_offset"] == "+00:00");
}

TEST_CASE("v8: an older database gains the lookup indexes and its notes' search text",
          "[store][migrations]") {
    Fresh f;
    Id client = f.client("Older", "Database");
    Id kase = f.individual_case(client, f.admin);
    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {client};
    s.cpt_code = "90834";
    Id note = f.p->create_note(f.p->create_session(s), "free", R"({"text": "alphaword here"})");
    f.p->sign_note(note);
    f.p->addend_note(note, "betaword later", "clarity");
    f.p.reset();

    // Back to version 7: without v8's indexes (and on PostgreSQL its search
    // table, with v4's index on note.search_text), and without v9's table.
    std::string undo;
    for (const char* index :
         {"note_share_note", "note_signature_note", "agreement_event_agreement",
          "process_note_case", "session_participant_client", "safety_flag_status",
          "process_note_author", "process_note_grant_clinician"})
        undo += std::string("DROP INDEX ") + index + "; ";
    if (on_postgresql())
        undo += "DROP TABLE note_search_text; CREATE INDEX note_search ON note USING GIN "
                "(to_tsvector('simple', search_text)); ";
    // v9 and v10 too.
    undo += "DROP TABLE diagnosis; ALTER TABLE clinician DROP COLUMN npi; ";
    for (const char* column :
         {"place_of_service", "modifiers", "interactive_complexity", "diagnosis_ids"})
        undo += std::string("ALTER TABLE session DROP COLUMN ") + column + "; ";
    // And v11's index and triggers (those on SQLite only).
    undo += "DROP INDEX audit_event_object; ";
    if (!on_postgresql())
        for (const char* table : {"audit_event",
                                  "administration",
                                  "safety_screen",
                                  "phase_entry",
                                  "attestation",
                                  "session",
                                  "note_signature",
                                  "note_share",
                                  "addendum",
                                  "process_note",
                                  "agreement_event",
                                  "role_change",
                                  "record_release",
                                  "administration_item",
                                  "instrument_definition",
                                  "protocol_definition",
                                  "release_authorisation",
                                  "session_participant",
                                  "treatment_plan",
                                  "note"})
            undo += std::string("DROP TRIGGER ") + table + "_no_replace; ";
    // And v14's read journal (a table on PostgreSQL only).
    if (on_postgresql()) undo += "DROP TABLE audit_pending; ";
    // And v13's grants and setting.
    undo += "DROP TABLE emergency_grant; ALTER TABLE practice DROP COLUMN emergency_reason_min; ";
    // And v12's key table and audit detail (v12 rebuilds the audit table on SQLite).
    undo += "DROP TABLE practice_key; ALTER TABLE audit_event DROP COLUMN detail; ";
    if (on_postgresql())
        undo += "ALTER TABLE audit_event ALTER COLUMN mac TYPE BYTEA USING NULL, "
                "ALTER COLUMN prev_mac TYPE BYTEA USING NULL; ";
    // And v15's data keys, blind indexes and note word index.
    undo += "DROP TABLE data_key; DROP TABLE note_word; DROP INDEX client_external_id_bidx; "
            "DROP INDEX client_name_bidx; ALTER TABLE client DROP COLUMN external_id_bidx; "
            "ALTER TABLE client DROP COLUMN name_bidx; ";
    // And v16's key job (its triggers are made anew over v4's and v13's).
    undo += "DROP TABLE key_job; ";
    undo += "DELETE FROM mend_schema WHERE version >= 8";
    REQUIRE(raw_exec(f.where, undo) == "");

    auto p = f.handle(f.admin);
    CHECK(p->schema_version() == mend::store::latest_schema_version());
    std::string indexes =
        on_postgresql() ? "SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
                        : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ";
    CHECK(raw_int(f.where, indexes + "'note_share_note'") == 1);
    CHECK(raw_int(f.where, indexes + "'safety_flag_status'") == 1);
    CHECK(raw_int(f.where, indexes + "'emergency_grant_holder'") == 1);
    CHECK(raw_int(f.where, "SELECT emergency_reason_min FROM practice") == 20);
    if (!on_postgresql()) // v11 again (a signed note cannot be replaced), and v13's grants
        CHECK(raw_int(f.where, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
                               " AND name LIKE '%_no_replace'") == 21);
    // The note is found by words of its text and of its addendum together.
    auto hits = p->search_notes_json("alphaword betaword", 0, false, 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0]["note_id"] == note);
}
