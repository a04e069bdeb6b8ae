// The statement-plan check (issue 12): no statement the store makes reads a
// whole table that grows with the practice.
//
// How: the store tells an observer (store::set_statement_observer, installed
// as a SOCI logger on every database opened after it is set, once migrated)
// the text of every statement it prepares. This test sets the observer, runs
// a representative workload through the facade (every repository: people,
// couples, cases, the protocol, screens, measures, flags with each filter,
// sessions, notes, addenda, share marks, search, process notes, releases,
// reports, the caseload and the audit log, as an admin and as a clinician who
// sees only their own), then plans each distinct statement on the same
// database:
//  - SQLite: EXPLAIN QUERY PLAN with every parameter unbound (NULL; SQLite's
//    plan does not depend on the values). A "SCAN <table>" fails unless the
//    table is small (the allow-list below, each with its reason) or the scan
//    is of a covering index.
//  - PostgreSQL: PREPARE with the :name placeholders as $n, then
//    EXPLAIN EXECUTE with NULLs under plan_cache_mode = force_generic_plan
//    (the plan the parameters do not shape) and enable_seqscan = off, so
//    that on these tiny tables the planner shows whether an index CAN serve
//    the query. A "Seq Scan on <table>", or an index scan with no Index
//    Cond (what the planner picks over a seq scan it may not use: the whole
//    index), fails unless the table is small.
// Capturing what runs, not a list kept by hand, means a new statement is
// checked as soon as the workload reaches it; the workload asserts that it
// reached every table it should.
#include "fixture.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <regex>
#include <set>

using namespace mend_test;

namespace {

std::mutex g_mutex;
std::set<std::string> g_statements;

void observe(const std::string& sql) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_statements.insert(sql);
}

// Tables small by nature, which a statement may read whole.
const std::map<std::string, const char*> small_tables = {
    {"practice", "one row: the practice itself"},
    {"mend_schema", "one row per migration"},
    {"clinician", "the practice's staff (100 at the benchmark's size L), listed whole by design"},
    {"instrument_definition", "the practice's instruments: a few dozen versions"},
    {"instrument_setting", "one row per instrument cut-off the practice sets"},
    {"protocol_definition", "a handful of protocol versions"},
    {"sqlite_master", "the schema"},
    {"sqlite_schema", "the schema"},
    {"audit_pending", "the read journal (PostgreSQL): the reads of host transactions still open "
                      "or cut short, emptied as each ends"},
    {"sqlite_sequence", "one row per table: the next id an encrypted practice seals a row to"},
};

// Statements that list a whole table by design (the result is the table),
// found by a fragment of their text, each with its reason.
const std::vector<std::pair<const char*, const char*>> whole_listings = {
    {"FROM safety_flag f ORDER BY f.id",
     "every flag ever raised in the practice, resolved ones too (an admin's full list)"},
    {"FROM safety_flag f WHERE EXISTS (SELECT 1 FROM client c",
     "every flag, resolved ones too, of the clients a clinician sees: no index narrows 'sees'"},
};

bool whole_listing(const std::string& sql) {
    return std::any_of(whole_listings.begin(), whole_listings.end(),
                       [&](const auto& w) { return sql.find(w.first) != std::string::npos; });
}

std::string first_word(const std::string& sql) {
    std::string w;
    for (char c : sql) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (w.empty()) continue;
            break;
        }
        w += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return w;
}

bool plannable(const std::string& sql) {
    auto w = first_word(sql);
    return w == "SELECT" || w == "INSERT" || w == "UPDATE" || w == "DELETE" || w == "WITH";
}

// alias -> table for the FROM and JOIN clauses of one statement.
std::map<std::string, std::string> aliases(const std::string& sql) {
    static const std::set<std::string> keywords = {
        "where", "join", "on",    "order", "left",    "inner", "group",  "limit",
        "using", "set",  "union", "cross", "natural", "outer", "having", "window"};
    std::map<std::string, std::string> out;
    static const std::regex from(
        R"(\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?)", std::regex::icase);
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), from); it != std::sregex_iterator();
         ++it) {
        std::string table = (*it)[1];
        out[table] = table;
        std::string alias = (*it)[2];
        std::string lower = alias;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (!alias.empty() && !keywords.count(lower)) out[alias] = table;
    }
    return out;
}

std::string resolve(const std::map<std::string, std::string>& a, const std::string& name) {
    auto it = a.find(name);
    return it == a.end() ? name : it->second;
}

// The full scans of growing tables in one statement's SQLite plan.
std::vector<std::string> sqlite_scans(sqlite3* db, const std::string& sql) {
    std::vector<std::string> bad;
    sqlite3_stmt* st = nullptr;
    std::string explain = "EXPLAIN QUERY PLAN " + sql;
    if (sqlite3_prepare_v2(db, explain.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        bad.push_back(std::string("cannot plan: ") + sqlite3_errmsg(db));
        return bad;
    }
    auto a = aliases(sql);
    static const std::regex scan(R"(^SCAN (\S+)(.*)$)");
    while (sqlite3_step(st) == SQLITE_ROW) {
        std::string detail = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
        std::smatch m;
        if (!std::regex_match(detail, m, scan)) continue;
        std::string name = m[1], rest = m[2];
        if (name == "CONSTANT" || name[0] == '(') continue;                  // no table
        if (rest.find("COVERING INDEX") != std::string::npos) continue;      // index only
        if (rest.find("VIRTUAL TABLE INDEX") != std::string::npos) continue; // FTS5 MATCH
        std::string table = resolve(a, name);
        if (small_tables.count(table)) continue;
        if (!a.count(name)) continue; // a CTE or subquery name, not a table
        bad.push_back(detail + " (table " + table + ")");
    }
    sqlite3_finalize(st);
    return bad;
}

// :name placeholders as $n (one number per distinct name), outside quotes
// and casts; returns the number of parameters.
int to_dollar(const std::string& sql, std::string& out) {
    std::map<std::string, int> numbers;
    bool quoted = false;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'') quoted = !quoted;
        bool starts = !quoted && c == ':' && i + 1 < sql.size() &&
                      (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_') &&
                      (i == 0 || sql[i - 1] != ':');
        if (!starts) {
            out += c;
            continue;
        }
        size_t j = i + 1;
        while (j < sql.size() &&
               (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
            ++j;
        std::string name = sql.substr(i + 1, j - i - 1);
        auto it = numbers.emplace(name, static_cast<int>(numbers.size()) + 1).first;
        out += "$" + std::to_string(it->second);
        i = j - 1;
    }
    return static_cast<int>(numbers.size());
}

std::string pg_exec(PGconn* c, const std::string& sql, std::vector<std::string>* rows = nullptr) {
    PGresult* r = PQexec(c, sql.c_str());
    auto status = PQresultStatus(r);
    std::string error;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        error = PQresultErrorMessage(r);
    else if (rows)
        for (int i = 0; i < PQntuples(r); ++i)
            rows->push_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return error;
}

std::vector<std::string> postgresql_scans(PGconn* c, const std::string& sql, int n) {
    std::vector<std::string> bad;
    std::string text;
    int params = to_dollar(sql, text);
    std::string name = "mend_plan_" + std::to_string(n);
    if (auto e = pg_exec(c, "PREPARE " + name + " AS " + text); !e.empty()) {
        bad.push_back("cannot prepare: " + e);
        return bad;
    }
    std::string args;
    for (int i = 0; i < params; ++i)
        args += (i ? ", NULL" : "NULL");
    std::vector<std::string> plan;
    std::string explain = "EXPLAIN EXECUTE " + name + (params ? "(" + args + ")" : "");
    if (auto e = pg_exec(c, explain, &plan); !e.empty()) bad.push_back("cannot explain: " + e);
    pg_exec(c, "DEALLOCATE " + name);
    // A Seq Scan, or an index scan with no Index Cond (with seq scans off,
    // the planner walks a whole index rather than the table), reads it all.
    static const std::regex seq(R"(Seq Scan on (\w+))");
    static const std::regex index(R"(Index (?:Only )?Scan(?: Backward)? using \w+ on (\w+))");
    for (size_t i = 0; i < plan.size(); ++i) {
        std::smatch m;
        if (std::regex_search(plan[i], m, seq) && !small_tables.count(m[1])) bad.push_back(plan[i]);
        if (std::regex_search(plan[i], m, index) && !small_tables.count(m[1])) {
            bool cond = false;
            for (size_t j = i + 1; j < plan.size() && plan[j].find("->") == std::string::npos; ++j)
                cond = cond || plan[j].find("Index Cond:") != std::string::npos;
            if (!cond) bad.push_back(plan[i] + " (no Index Cond: the whole index)");
        }
    }
    return bad;
}

// Runs a read; a refusal (a clinician reading what is not theirs) is fine:
// the statements that decided it ran.
template <class F> void tolerate(F&& f) {
    try {
        f();
    } catch (const mend::Error& e) {
        if (e.code() != mend::Errc::denied) throw;
    }
}

// The workload: every kind of read and write the store makes.
void workload(Fresh& f) {
    auto& p = *f.p;
    Id lead = f.clinician("Lead Person", "clinician", std::string("staff-lead"));
    Id sup = f.clinician("Super Visor", "supervisor");
    Id a = f.client("Ann", "Partner", std::string("ext-a"));
    Id b = f.client("Bob", "Partner");
    Id solo = f.client("Sol", "Single");
    Id couple = f.couple(a, b, "no_secrets");
    Id kase = f.conjoint_case(couple, lead);
    Id solo_case = f.individual_case(solo, lead);

    auto run_as = [&](mend::Practice& q, Id actor) {
        q.set_actor(actor);
        tolerate([&] { q.get_clinician(lead); });
        tolerate([&] { q.get_clinician_external("staff-lead-2"); });
        tolerate([&] { q.list_clinicians({}); });
        tolerate([&] { q.get_client(a); });
        tolerate([&] { q.get_client_external("ext-a2"); });
        tolerate([&] { all_clients(q, true); });
        tolerate([&] { all_clients(q, false); });
        tolerate([&] { q.list_clinicians({0, 100, true}); });
        tolerate([&] { q.list_couples({0, 100, true}, 0); });
        tolerate([&] { q.list_couples({0, 100, true}, a); });
        tolerate([&] { q.get_couple(couple); });
        tolerate([&] { q.list_couples({}, 0); });
        tolerate([&] { q.list_couples({}, a); });
        tolerate([&] { q.get_case(kase); });
        tolerate([&] { q.list_cases({}, {}); });
        tolerate([&] { q.list_cases({}, {a, 0, 0}); });
        tolerate([&] { q.list_cases({}, {0, couple, 0}); });
        tolerate([&] { q.list_cases({}, {0, 0, lead}); });
        // Each filter shape is its own statement, with archived ones too.
        tolerate([&] { q.list_cases({0, 100, true}, {}); });
        tolerate([&] { q.list_cases({0, 100, true}, {a, 0, 0}); });
        tolerate([&] { q.list_cases({0, 100, true}, {0, couple, lead}); });
        for (Id cl : {Id(0), a})
            for (Id cs : {Id(0), kase})
                for (Id pc : {Id(0), lead})
                    for (bool resolved : {false, true}) {
                        mend::store::FlagFilter ff;
                        ff.client_id = cl;
                        ff.case_id = cs;
                        ff.clinician_id = pc;
                        ff.include_resolved = resolved;
                        tolerate([&] { q.flags_json(ff); });
                    }
        tolerate([&] { q.safety_screens_json(a); });
        tolerate([&] { q.series_json(a, "phq9"); });
        tolerate([&] { q.sustained_json(a, "phq9", "<", 10, 2, 0); });
        tolerate([&] { q.evaluate_json(kase, ""); });
        tolerate([&] { q.history_json(kase); });
        tolerate([&] { q.attestations_json(kase); });
        tolerate([&] { q.plan_json(kase, "intake"); });
        tolerate([&] { q.agreements_json(kase); });
        tolerate([&] { q.sessions_json(kase); });
        tolerate([&] { q.notes_json(kase, 0, true); });
        tolerate([&] { q.notes_json(0, a, false); });
        tolerate([&] { q.search_notes_json("words", 0, true, 10); });
        tolerate([&] { q.search_notes_json("words", a, false, 10); });
        tolerate([&] { q.process_notes_json(kase); });
        mend::ReportOptions ro;
        ro.case_id = kase;
        tolerate([&] { q.report_snapshot(ro); });
        ro.kind = "caseload";
        ro.case_id = 0;
        tolerate([&] { q.report_snapshot(ro); });
        ro.clinician_id = lead;
        tolerate([&] { q.report_snapshot(ro); });
    };

    // Updates, each checking that its external id is free in its table.
    mend::ClinicianPatch cp;
    cp.external_id = std::string("staff-lead-2");
    p.update_clinician(lead, cp);
    mend::ClientPatch clp;
    clp.external_id = std::string("ext-a2");
    p.update_client(a, clp);
    mend::CouplePatch cpp;
    cpp.external_id = std::string("couple-1");
    p.update_couple(couple, cpp);
    mend::CasePatch kp;
    kp.external_id = std::string("case-1");
    p.update_case(kase, kp);
    p.get_clinician_external("staff-lead-2");
    p.get_client_external("ext-a2");

    p.set_actor(lead);
    p.start_protocol(kase, "betrayal_trauma_couples", 0, "");
    p.start_protocol(solo_case, "betrayal_trauma_individual", 0, "");
    p.set_roles(kase, b, "Bob was the partner who was betrayed", true);
    screen_and_consent(p, kase, a, b);
    p.evaluate_json(kase, "");
    p.set_plan(kase, "intake",
               R"({"problems":["p"],"goals":[{"text":"g"}],"review_on":"2027-01-01"})");
    kept_agreement(p, kase);

    Id measures[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
        mend::MeasureInput m;
        m.client_id = a;
        m.case_id = kase;
        m.instrument = "phq9";
        m.administered_on = i ? "2026-02-01" : "2026-01-01";
        for (int k = 0; k < 9; ++k)
            m.answers.emplace_back(k == 8 ? 1 : 2);
        measures[i] = p.record_measure(m);
    }
    p.measure_json(measures[0]);
    p.change_json(measures[0], measures[1]);

    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {a, b};
    s.cpt_code = "90847";
    s.identified_patient_id = a;
    Id session = p.create_session(s);
    p.session_json(session);
    Id note = p.create_note(session, "free", R"({"text": "Session words here"})");
    p.update_note(note, 1, "free", R"({"text": "Session words again"})");
    p.sign_note(note);
    p.addend_note(note, "More words", "clarity");
    s.starts_at = "2026-01-12T10:00";
    s.participants = {a};
    s.cpt_code = "90834";
    s.identified_patient_id = 0;
    Id individual = p.create_note(p.create_session(s), "free", R"({"text": "Alone words"})");
    p.mark_shareable(individual, true);
    p.note_json(note);
    Id pn = p.create_process_note(session, "Process words");
    p.grant_process_note(pn, sup);
    p.process_note_json(pn);

    auto flags = p.flags_json({});
    if (!flags.empty()) p.resolve_flag(flags.at(0).at("id").get<Id>(), "seen");

    mend::store::Release r;
    r.case_id = kase;
    r.for_client_id = a;
    r.recipient = "Ann";
    r.purpose = "own copy";
    r.expires_on = "2027-01-01";
    Id release = p.create_release(r);
    p.authorise_release(release, b);
    mend::ReportOptions ro;
    ro.case_id = kase;
    ro.release_id = release;
    p.report_snapshot(ro);

    run_as(p, lead);
    p.set_actor(f.admin);
    p.verify_notes_json();
    p.set_cutoff("pcl5", "probable_ptsd", 31); // the first setting, then a change
    p.set_cutoff("pcl5", "probable_ptsd", 33);
    p.cosign_note(note);
    p.audit_json(0, 100);
    p.catalog_json();
    run_as(p, f.admin);
    auto other = f.handle(sup);
    run_as(*other, sup);
}

// The workload on a practice that is encrypted (the host's keys include a
// wrap key: blind-index look-ups, the per-word note index, ids taken before
// sealed inserts), or not.
void check_plans(bool encrypted) {
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_statements.clear();
    }
    mend::store::set_statement_observer(observe);
    Fresh f(encrypted ? fresh_keys() : KeyMap{});
    REQUIRE(f.p->encrypted() == encrypted);
    try {
        workload(f);
    } catch (...) {
        mend::store::set_statement_observer(nullptr);
        throw;
    }
    mend::store::set_statement_observer(nullptr);
    std::set<std::string> statements;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        statements = g_statements;
    }
    // The workload reached what it should.
    for (const char* table : {"note_share",
                              "safety_flag",
                              "addendum",
                              "administration",
                              "record_release",
                              "phase_entry",
                              "process_note_grant",
                              "role_change",
                              "attestation",
                              "agreement_event",
                              "note_signature",
                              "treatment_plan",
                              "audit_event",
                              "instrument_setting",
                              "safety_screen",
                              "UPDATE care_case",
                              "UPDATE couple",
                              "UPDATE client",
                              "UPDATE clinician",
                              "FROM care_case WHERE external_id",
                              "FROM couple WHERE external_id",
                              "FROM client WHERE external_id",
                              "FROM clinician WHERE external_id",
                              "INSERT INTO role_change",
                              "UPDATE case_protocol",
                              "INSERT INTO instrument_setting",
                              "UPDATE instrument_setting",
                              "FROM release_authorisation"}) {
        bool seen = std::any_of(statements.begin(), statements.end(), [&](const std::string& s) {
            return s.find(table) != std::string::npos;
        });
        INFO(table);
        CHECK(seen);
    }

    // An encrypted practice's own statements were planned too.
    if (encrypted)
        for (const char* text : {"FROM note_word", "INSERT INTO note_word", "external_id_bidx =",
                                 on_postgresql() ? "nextval(" : "sqlite_sequence"}) {
            INFO(text);
            CHECK(std::any_of(statements.begin(), statements.end(), [&](const std::string& s) {
                return s.find(text) != std::string::npos;
            }));
        }

    std::vector<std::string> failures;
    int planned = 0;
    if (on_postgresql()) {
        PGconn* c = PQconnectdb(f.where.c_str());
        REQUIRE(PQstatus(c) == CONNECTION_OK);
        pg_exec(c, "SET plan_cache_mode = force_generic_plan");
        pg_exec(c, "SET enable_seqscan = off");
        for (const auto& sql : statements) {
            if (!plannable(sql) || whole_listing(sql)) continue;
            ++planned;
            for (const auto& bad : postgresql_scans(c, sql, planned))
                failures.push_back(bad + "\n    in: " + sql);
        }
        PQfinish(c);
    } else {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(f.where.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        for (const auto& sql : statements) {
            if (!plannable(sql) || whole_listing(sql)) continue;
            ++planned;
            for (const auto& bad : sqlite_scans(db, sql))
                failures.push_back(bad + "\n    in: " + sql);
        }
        sqlite3_close(db);
    }
    CHECK(planned > 60);
    for (const auto& failure : failures)
        UNSCOPED_INFO("full scan: " << failure);
    CHECK(failures.empty());
}

} // namespace

TEST_CASE("no statement of the store scans a table that grows", "[plans]") {
    check_plans(false);
}

TEST_CASE("no statement of an encrypted practice's store scans a table that grows", "[plans]") {
    check_plans(true);
}
