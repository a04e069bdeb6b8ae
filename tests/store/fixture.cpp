#include "fixture.hpp"

#include "practice/keys.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace mend_test {

namespace {

std::string g_base;
std::vector<std::string> g_files;
std::atomic<int> g_counter{0};

bool is_url(const std::string& s) {
    return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

void quiet(void*, const char*) {}

struct Pg {
    PGconn* c;
    explicit Pg(const std::string& url) : c(PQconnectdb(url.c_str())) {
        if (PQstatus(c) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(c);
            PQfinish(c);
            throw std::runtime_error("cannot connect to PostgreSQL: " + msg);
        }
        PQsetNoticeProcessor(c, quiet, nullptr);
    }
    ~Pg() { PQfinish(c); }
    Pg(const Pg&) = delete;
    Pg& operator=(const Pg&) = delete;
};

struct Lite {
    sqlite3* s = nullptr;
    explicit Lite(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &s, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            std::string msg = s ? sqlite3_errmsg(s) : "cannot open";
            sqlite3_close(s);
            throw std::runtime_error("cannot open " + path + ": " + msg);
        }
    }
    ~Lite() { sqlite3_close(s); }
    Lite(const Lite&) = delete;
    Lite& operator=(const Lite&) = delete;
};

} // namespace

void set_database_base(const std::string& base) {
    g_base = base;
    if (!is_url(base)) fs::create_directories(base);
}

bool on_postgresql() {
    return is_url(g_base);
}

void remove_sqlite_files() {
    for (const auto& f : g_files)
        for (const char* suffix : {"", "-wal", "-shm", "-journal", "-reads", "-reads-wal",
                                   "-reads-shm", "-reads-journal"}) {
            std::error_code ec;
            fs::remove(f + suffix, ec);
        }
    g_files.clear();
}

std::string fresh_location() {
    if (on_postgresql()) {
        Pg pg(g_base);
        PGresult* r = PQexec(pg.c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok)
            throw std::runtime_error(std::string("resetting the schema: ") + PQerrorMessage(pg.c));
        return g_base;
    }
    std::string path =
        (fs::path(g_base) / ("case-" + std::to_string(++g_counter) + ".db")).string();
    for (const char* suffix :
         {"", "-wal", "-shm", "-journal", "-reads", "-reads-wal", "-reads-shm", "-reads-journal"})
        fs::remove(path + suffix);
    g_files.push_back(path);
    return path;
}

std::string raw_exec(const std::string& where, const std::string& sql) {
    if (is_url(where)) {
        Pg pg(where);
        PGresult* r = PQexec(pg.c, sql.c_str());
        auto st = PQresultStatus(r);
        std::string err =
            st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? "" : PQerrorMessage(pg.c);
        PQclear(r);
        if (err.empty() && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = "failed";
        return err;
    }
    Lite db(where);
    char* msg = nullptr;
    int rc = sqlite3_exec(db.s, sql.c_str(), nullptr, nullptr, &msg);
    std::string err = rc == SQLITE_OK ? "" : (msg ? msg : "failed");
    sqlite3_free(msg);
    return err;
}

std::string raw_text(const std::string& where, const std::string& sql) {
    if (is_url(where)) {
        Pg pg(where);
        PGresult* r = PQexec(pg.c, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
            std::string err = PQerrorMessage(pg.c);
            PQclear(r);
            throw std::runtime_error("raw query failed: " + sql + ": " + err);
        }
        std::string v = PQgetisnull(r, 0, 0) ? "" : PQgetvalue(r, 0, 0);
        PQclear(r);
        return v;
    }
    Lite db(where);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db.s, sql.c_str(), -1, &st, nullptr) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        std::string err = sqlite3_errmsg(db.s);
        sqlite3_finalize(st);
        throw std::runtime_error("raw query failed: " + sql + ": " + err);
    }
    const unsigned char* t = sqlite3_column_text(st, 0);
    std::string v = t ? reinterpret_cast<const char*>(t) : "";
    sqlite3_finalize(st);
    return v;
}

long long raw_int(const std::string& where, const std::string& sql) {
    std::string v = raw_text(where, sql);
    return v.empty() ? 0 : std::stoll(v);
}

bool behind_pooler() {
    static const bool pooling = [] {
        const char* v = std::getenv("MEND_TEST_PG_POOLING");
        return v && std::string(v) == "1";
    }();
    return pooling;
}

mend::store::OpenOptions pooled(mend::store::OpenOptions o) {
    if (behind_pooler()) o.transaction_pooling = true;
    return o;
}

std::unique_ptr<mend::Practice> open_practice(const std::string& where,
                                              const mend::store::OpenOptions& options) {
    return mend::Practice::open(where, pooled(options));
}

std::unique_ptr<mend::Practice> create_practice(const std::string& where) {
    mend::store::OpenOptions options;
    options.create = true;
    return mend::Practice::open(where, options);
}

Fresh::Fresh() : Fresh(KeyMap{}) {}

Fresh::Fresh(const KeyMap& host_keys) : where(fresh_location()), keys(host_keys) {
    auto o = keys.empty() ? mend::store::OpenOptions{} : keyed(keys);
    o.create = true;
    p = open_practice(where, o);
    mend::ClinicianPatch a;
    a.display_name = "Admin Person";
    a.external_id = "staff-admin";
    admin = p->init("Test Practice", a);
}

std::unique_ptr<mend::Practice> Fresh::handle(Id actor, const mend::store::OpenOptions& o) const {
    auto options = o;
    if (!options.keys && !keys.empty()) options.keys = mend::key_source_of(keys);
    auto h = open_practice(where, options);
    h->set_actor(actor);
    return h;
}

Id Fresh::clinician(const std::string& name, const std::string& role,
                    const mend::Text& external_id) {
    mend::ClinicianPatch c;
    c.display_name = name;
    c.role = role;
    if (external_id) c.external_id = *external_id;
    return p->create_clinician(c);
}

Id Fresh::client(const std::string& given, const std::string& family,
                 const mend::Text& external_id) {
    mend::ClientPatch c;
    c.given_name = given;
    c.family_name = family;
    if (external_id) c.external_id = *external_id;
    return p->create_client(c);
}

Id Fresh::couple(Id a, Id b, const std::string& policy) {
    mend::CouplePatch c;
    c.client_a_id = a;
    c.client_b_id = b;
    c.secrets_policy = policy;
    return p->create_couple(c);
}

Id Fresh::conjoint_case(Id couple, Id lead) {
    mend::CasePatch c;
    c.kind = "conjoint";
    c.couple_id = couple;
    c.primary_clinician_id = lead;
    return p->create_case(c);
}

Id Fresh::individual_case(Id client, Id lead) {
    mend::CasePatch c;
    c.kind = "individual";
    c.client_id = client;
    c.primary_clinician_id = lead;
    return p->create_case(c);
}

void screen_and_consent(mend::Practice& p, Id kase, Id a, Id b) {
    for (Id c : {a, b}) {
        mend::measures::SafetyScreen s;
        s.client_id = c;
        s.case_id = kase;
        s.ipv = "none";
        s.suicide_risk = "none";
        p.record_safety_screen(s);
        mend::protocol::Attestation at;
        at.case_id = kase;
        at.client_id = c;
        at.code = "conjoint_consent";
        at.value = "yes";
        p.attest(at);
    }
}

Id kept_agreement(mend::Practice& p, Id kase) {
    mend::protocol::Agreement ag;
    ag.case_id = kase;
    ag.kind = "transparency";
    ag.text = "Phones open";
    ag.agreed_on = "2026-01-05";
    Id agreement = p.add_agreement(ag);
    p.update_agreement(agreement, "kept", "", 0);
    return agreement;
}

KeyMap fresh_keys(int generations) {
    std::string text;
    for (int g = 1; g <= generations; ++g)
        text += mend::key_file_line("audit", g) + mend::key_file_line("wrap", g);
    return mend::parse_key_file(text);
}

mend::store::OpenOptions keyed(const KeyMap& keys) {
    mend::store::OpenOptions o;
    o.keys = mend::key_source_of(keys);
    return o;
}

mend::Session session_of(Id kase, const std::string& starts_at, const std::vector<Id>& participants,
                         const std::string& cpt_code, Id identified_patient) {
    mend::Session s;
    s.case_id = kase;
    s.starts_at = starts_at;
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = participants;
    s.cpt_code = cpt_code;
    s.identified_patient_id = identified_patient;
    return s;
}

nlohmann::json all_events(mend::Practice& p) {
    nlohmann::json all = nlohmann::json::array();
    long long after = 0;
    for (;;) {
        auto page = nlohmann::json::parse(p.audit_json(after, 10000));
        for (auto& e : page)
            all.push_back(e);
        if (page.size() < 10000) break;
        after = page.back()["seq"].get<long long>();
    }
    return all;
}

int count_events(const nlohmann::json& events, const std::string& action,
                 const std::string& object_type, long long object_id, const std::string& outcome,
                 long long actor_id) {
    int n = 0;
    for (const auto& e : events) {
        if (!action.empty() && e["action"] != action) continue;
        if (!object_type.empty() && e["object_type"] != object_type) continue;
        long long oid = e["object_id"].is_null() ? 0 : e["object_id"].get<long long>();
        long long aid = e["actor_id"].is_null() ? 0 : e["actor_id"].get<long long>();
        if (object_id >= 0 && oid != object_id) continue;
        if (!outcome.empty() && e["outcome"] != outcome) continue;
        if (actor_id >= 0 && aid != actor_id) continue;
        ++n;
    }
    return n;
}

std::vector<mend::Client> all_clients(mend::Practice& p, bool include_archived) {
    std::vector<mend::Client> out;
    mend::ListOptions o;
    o.include_archived = include_archived;
    for (;;) {
        auto page = p.list_clients(o);
        out.insert(out.end(), page.begin(), page.end());
        if (static_cast<int>(page.size()) < o.limit) return out;
        o.after_id = page.back().id;
    }
}

} // namespace mend_test
