// Statements compiled once per handle (store/prepared.hpp): a second client
// create compiles nothing, nor do a second gate evaluation's reads and flag
// lists (every filter variant), nor a second reading of notes, addenda, share
// marks and an administration, and a cached statement keeps working after a
// failed statement, ROLLBACK TO SAVEPOINT and ROLLBACK, on both backends
// (on PostgreSQL a failed statement is replaced by a new one).
#include "fixture.hpp"
#include "store/prepared.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <set>

using namespace mend_test;
using namespace mend::store;

namespace {

// SQLite calls the authorizer only while compiling a statement.
int count_compile(void* n, int, const char*, const char*, const char*, const char*) {
    ++*static_cast<long long*>(n);
    return SQLITE_OK;
}

mend::Client client(Id by, const mend::Text& external_id = {}) {
    mend::Client c;
    c.given_name = "Given";
    c.family_name = "Family";
    c.external_id = external_id;
    c.created_by = by;
    c.created_at = c.updated_at = "2026-01-01T00:00:00.000000Z";
    return c;
}

Id create(Database& db, Id by, const mend::Text& external_id = {}) {
    db.begin_write();
    db.savepoint();
    Id id = insert_client(db, client(by, external_id));
    AuditEvent e;
    e.actor_id = by;
    e.action = "create";
    e.object_type = "client";
    e.object_id = id;
    append_audit(db, e);
    REQUIRE(find_client(db, id));
    db.release_savepoint();
    db.commit();
    return id;
}

// The connection's server-side prepared statements: how many, and their names.
std::pair<int, std::string> server_statements(Database& db) {
    int n = 0;
    std::string names;
    db.sql() << "SELECT COUNT(*), COALESCE(string_agg(name, ',' ORDER BY name), '')"
                " FROM pg_prepared_statements",
        soci::into(n), soci::into(names);
    return std::make_pair(n, names);
}

} // namespace

TEST_CASE("a second client create compiles no statement", "[store][prepared]") {
    Fresh f;
    auto db = Database::open(f.where, pooled());
    if (db->backend() == Backend::sqlite) {
        long long compiled = 0;
        auto* conn = static_cast<soci::sqlite3_session_backend*>(db->sql().get_backend())->conn_;
        sqlite_api::sqlite3_set_authorizer(conn, count_compile, &compiled);
        create(*db, f.admin);
        long long first = compiled;
        CHECK(first > 0);
        create(*db, f.admin);
        CHECK(compiled == first);
        sqlite_api::sqlite3_set_authorizer(conn, nullptr, nullptr);
    } else {
        // One-time queries are unnamed; cached ones are named server-side
        // statements, kept under the same names (a recompile takes a new one).
        auto named = [&] { return server_statements(*db); };
        create(*db, f.admin);
        auto first = named();
        if (behind_pooler()) {
            // Transaction pooling: no server-side statement outlives its
            // transaction (the next one may run on another server connection).
            CHECK(first.first == 0);
        } else {
            CHECK(first.first >= 4); // insert, audit lock, audit insert, find
        }
        create(*db, f.admin);
        CHECK(named() == first);
    }
}

TEST_CASE("cached statements survive failures and rollbacks", "[store][prepared]") {
    Fresh f;
    auto db = Database::open(f.where, pooled());
    Id a = create(*db, f.admin, std::string("ext-a"));

    // A unique violation inside a transaction, undone to the savepoint.
    db->begin_write();
    db->savepoint();
    auto code = error_of([&] {
        try {
            insert_client(*db, client(f.admin, std::string("ext-a")));
        } catch (...) {
            db->rethrow_as_error();
        }
    });
    CHECK(code == mend::Errc::exists);
    db->rollback_to_savepoint();
    const auto before = db->backend() == Backend::postgresql ? server_statements(*db)
                                                             : std::make_pair(0, std::string());
    Id b = insert_client(*db, client(f.admin, std::string("ext-b")));
    CHECK(b > a);
    if (db->backend() == Backend::postgresql && !behind_pooler()) {
        // The failed insert is not run again (SOCI would overwrite the copies
        // of its bound values unfreed): a new statement took its place, and
        // the old one was deallocated on the server.
        const auto after = server_statements(*db);
        CHECK(after.first == before.first);
        CHECK(after.second != before.second);
    }
    db->commit();
    CHECK(find_client_id_by_external(*db, "ext-b") == b);

    // A whole transaction rolled back: its row is gone, the statements work.
    db->begin_write();
    Id c = insert_client(*db, client(f.admin, std::string("ext-c")));
    db->rollback();
    CHECK(!find_client(*db, c));
    CHECK(!find_client_id_by_external(*db, "ext-c"));
    Id d = create(*db, f.admin, std::string("ext-d"));
    CHECK(find_client(*db, d)->external_id == mend::Text("ext-d"));
    CHECK(find_client(*db, a)->external_id == mend::Text("ext-a"));
}

namespace {

// The reads a phase evaluation and the flag lists make, every converted
// variant of each (issue 12: each compiled once per handle, then reused).
void gate_reads(Database& db, Id kase, Id a, Id agreement, Id lead) {
    CHECK(find_case_protocol(db, kase)->code == "betrayal_trauma_couples");
    CHECK(list_phase_entries(db, kase).size() >= 1);
    CHECK(list_attestations(db, kase).size() == 2);
    CHECK(list_role_changes(db, kase).empty());
    CHECK(list_agreements(db, kase).size() == 1);
    CHECK(find_agreement(db, agreement)->kind == "transparency");
    CHECK(list_agreement_events(db, agreement).size() == 2); // made, kept
    CHECK(list_safety_screens(db, a).size() == 1);
    CHECK(cutoff_choices(db, "phq9").empty());
    CHECK(!latest_plan(db, kase, "intake"));
    Viewer admin{0, true}, clinician{lead, false};
    for (Id cl : {Id(0), a})
        for (Id cs : {Id(0), kase})
            for (Id pc : {Id(0), lead})
                for (bool resolved : {false, true})
                    for (const Viewer& v : {admin, clinician}) {
                        FlagFilter ff;
                        ff.client_id = cl;
                        ff.case_id = cs;
                        ff.clinician_id = pc;
                        ff.include_resolved = resolved;
                        auto flags = list_flags(db, v, ff);
                        for (const auto& flag : flags)
                            CHECK(find_flag(db, flag.id)->id == flag.id);
                    }
    CHECK(list_cases(db, clinician, {}, {a, 0, 0}).size() == 1);
    CHECK(list_couples(db, clinician, {}, a).size() == 1);
    CHECK(list_audit(db, 0, 5).size() == 5);
}

} // namespace

TEST_CASE("a second gate evaluation's reads and flag lists compile no statement",
          "[store][prepared]") {
    Fresh f;
    auto& p = *f.p;
    Id lead = f.clinician("Lead Person");
    Id a = f.client("Ann", "Partner"), b = f.client("Bob", "Partner");
    Id kase = f.conjoint_case(f.couple(a, b), lead);
    p.set_actor(lead);
    p.start_protocol(kase, "betrayal_trauma_couples", 0, "");
    screen_and_consent(p, kase, a, b);
    Id agreement = kept_agreement(p, kase);
    mend::MeasureInput m;
    m.client_id = a;
    m.case_id = kase;
    m.instrument = "phq9";
    m.administered_on = "2026-01-01";
    for (int k = 0; k < 9; ++k)
        m.answers.emplace_back(k == 8 ? 1 : 2); // the self-harm item raises a flag
    p.record_measure(m);

    auto db = Database::open(f.where, pooled());
    REQUIRE(list_flags(*db, {0, true}, {}).size() == 1);
    if (db->backend() == Backend::sqlite) {
        long long compiled = 0;
        auto* conn = static_cast<soci::sqlite3_session_backend*>(db->sql().get_backend())->conn_;
        sqlite_api::sqlite3_set_authorizer(conn, count_compile, &compiled);
        gate_reads(*db, kase, a, agreement, lead);
        long long first = compiled;
        CHECK(first > 0);
        gate_reads(*db, kase, a, agreement, lead);
        CHECK(compiled == first);
        sqlite_api::sqlite3_set_authorizer(conn, nullptr, nullptr);
    } else {
        auto named = [&] {
            int n = 0;
            db->sql() << "SELECT COUNT(*) FROM pg_prepared_statements", soci::into(n);
            return n;
        };
        int before = named();
        gate_reads(*db, kase, a, agreement, lead);
        int first = named();
        if (behind_pooler())
            CHECK(first == 0); // nothing prepared on the server behind a pooler
        else
            CHECK(first >=
                  before + 40); // 10 reads, 32 flag variants, find_flag, cases, couples, audit
        gate_reads(*db, kase, a, agreement, lead);
        CHECK(named() == first);
    }
}

namespace {
// The note and administration reads a note view, a client's record and a
// report make, in a read snapshot.
void note_reads(Database& db, Id kase, Id a, Id note, Id individual, Id administration) {
    db.begin_read(); // a read snapshot, as a report's
    CHECK(find_note(db, note)->status == "signed");
    CHECK(list_case_notes(db, kase).size() == 2);
    CHECK(list_client_notes(db, a).size() == 2);
    CHECK(list_signed_notes(db).size() == 1);
    auto addenda = list_addenda(db, note);
    REQUIRE(addenda.size() == 1);
    CHECK(addenda[0].note_id == note);
    CHECK(addenda[0].reason == "clarity");
    CHECK(note_shareable(db, individual));
    CHECK_FALSE(note_shareable(db, note)); // never marked
    auto given = find_administration(db, administration);
    REQUIRE(given);
    CHECK(given->answers.size() == 10); // the 9 scored items and the unanswered difficulty item
    CHECK(given->answers[8] == std::make_pair(9, std::optional<int>(1)));
    CHECK(given->answers[9] == std::make_pair(10, std::optional<int>()));
    db.commit();
}
} // namespace

TEST_CASE("a second reading of notes, addenda, share marks and an administration compiles no "
          "statement",
          "[store][prepared]") {
    Fresh f;
    auto& p = *f.p;
    Id lead = f.clinician("Lead Person");
    Id a = f.client("Ann", "Partner"), b = f.client("Bob", "Partner");
    Id kase = f.conjoint_case(f.couple(a, b, "no_secrets"), lead); // shareable notes allowed
    p.set_actor(lead);
    mend::MeasureInput m;
    m.client_id = a;
    m.case_id = kase;
    m.instrument = "phq9";
    m.administered_on = "2026-01-01";
    for (int k = 0; k < 9; ++k)
        m.answers.emplace_back(k == 8 ? 1 : 2);
    Id administration = p.record_measure(m);
    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {a, b};
    s.cpt_code = "90847";
    s.identified_patient_id = a;
    Id note = p.create_note(p.create_session(s), "free", R"({"text": "Joint words"})");
    p.sign_note(note);
    p.addend_note(note, "More words", "clarity");
    s.starts_at = "2026-01-12T10:00";
    s.participants = {a};
    s.cpt_code = "90834";
    s.identified_patient_id = 0;
    Id individual = p.create_note(p.create_session(s), "free", R"({"text": "Alone words"})");
    p.mark_shareable(individual, true);

    auto db = Database::open(f.where, pooled());
    if (db->backend() == Backend::sqlite) {
        long long compiled = 0;
        auto* conn = static_cast<soci::sqlite3_session_backend*>(db->sql().get_backend())->conn_;
        sqlite_api::sqlite3_set_authorizer(conn, count_compile, &compiled);
        note_reads(*db, kase, a, note, individual, administration);
        long long first = compiled;
        CHECK(first > 0);
        note_reads(*db, kase, a, note, individual, administration);
        CHECK(compiled == first);
        sqlite_api::sqlite3_set_authorizer(conn, nullptr, nullptr);
    } else {
        auto named = [&] {
            int n = 0;
            db->sql() << "SELECT COUNT(*) FROM pg_prepared_statements", soci::into(n);
            return n;
        };
        int before = named();
        note_reads(*db, kase, a, note, individual, administration);
        int first = named();
        if (behind_pooler())
            CHECK(first == 0); // nothing prepared on the server behind a pooler
        else
            CHECK(first >=
                  before + 8); // 4 note lists, addenda, share mark, administration, answers
        note_reads(*db, kase, a, note, individual, administration);
        CHECK(named() == first);
    }
}

namespace {
// A couple's case on the couples protocol with what its gates read: safety
// screens and consent, a kept agreement, a plan, a session, and a PHQ-9
// whose self-harm item raises a flag when `flagged`.
Id gated_couple_case(Fresh& f, Id lead, int n, bool flagged) {
    auto& p = *f.p;
    std::string tag = std::to_string(n);
    Id a = f.client("Ann" + tag, "Partner"), b = f.client("Bob" + tag, "Partner");
    Id kase = f.conjoint_case(f.couple(a, b), lead);
    p.start_protocol(kase, "betrayal_trauma_couples", 0, "");
    screen_and_consent(p, kase, a, b);
    kept_agreement(p, kase);
    p.set_plan(kase, "intake",
               R"({"problems":["p"],"goals":[{"text":"g"}],"review_on":"2027-01-01"})");
    mend::MeasureInput m;
    m.client_id = a;
    m.case_id = kase;
    m.instrument = "phq9";
    m.administered_on = "2026-01-01";
    for (int k = 0; k < 9; ++k)
        m.answers.emplace_back(k == 8 ? (flagged ? 1 : 0) : 2);
    p.record_measure(m);
    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {a, b};
    s.cpt_code = "90847";
    s.identified_patient_id = a;
    p.create_session(s);
    return kase;
}

// The caseload and the statements it ran to read its rows (its audit
// events are written after the read, and not counted).
std::pair<nlohmann::json, long long> caseload(mend::Practice& p) {
    long long before = statements_run(), reads = -1;
    p.set_read_hook([&] { reads = statements_run() - before; });
    mend::ReportOptions o;
    o.kind = "caseload";
    auto snap = p.report_snapshot(o);
    p.set_read_hook({});
    return {snap, reads};
}
} // namespace

TEST_CASE("the caseload reads a fixed number of statements, whatever its number of cases",
          "[store][prepared]") {
    Fresh f;
    Id lead = f.clinician("Lead Person");
    f.p->set_actor(lead);
    std::set<long long> flagged; // the cases whose PHQ-9 raised a flag: every other one
    for (int n = 0; n < 2; ++n)
        if (Id kase = gated_couple_case(f, lead, n, n % 2 == 0); n % 2 == 0) flagged.insert(kase);
    caseload(*f.p); // the definitions, read once per handle
    auto [two, two_reads] = caseload(*f.p);
    REQUIRE(two["cases"].size() == 2);
    for (int n = 2; n < 6; ++n)
        if (Id kase = gated_couple_case(f, lead, n, n % 2 == 0); n % 2 == 0) flagged.insert(kase);
    auto [six, six_reads] = caseload(*f.p);
    REQUIRE(six["cases"].size() == 6);
    CHECK(two_reads > 0);
    CHECK(six_reads == two_reads); // it was about 25 more per case
    // Each case's rows reached its own gate and lists, and no other case's.
    for (const auto& c : six["cases"])
        CHECK(c["phase"] == "intake");
    auto case_ids = [](const nlohmann::json& list) {
        std::set<long long> out;
        for (const auto& x : list)
            out.insert(x["case_id"].get<long long>());
        return out;
    };
    CHECK(six["open_flags"].size() == 3);
    CHECK(case_ids(six["open_flags"]) == flagged);
    // An open self-harm flag holds the next step; every other criterion
    // (screens, consent, agreement, plan) is met in each case.
    REQUIRE(six["blocked"].size() == 3);
    CHECK(case_ids(six["blocked"]) == flagged);
    for (const auto& b : six["blocked"])
        CHECK(b["unmet"].size() == 1);
    // Ann's PHQ-9 is months old; Bob has none.
    CHECK(six["overdue_measures"].size() == 12);
}
