#include "store/database.hpp"
#include "store/prepared.hpp"
#include "store/read_journal.hpp"

#include "domain/error.hpp"
#include "domain/text.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <sys/stat.h>

namespace mend::store {

namespace {

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool is_postgresql_url(const std::string& where) {
    return starts_with(where, "postgresql://") || starts_with(where, "postgres://");
}

// SOCI 4.0 mangles postgresql:// URLs, so libpq parses the URL and SOCI gets
// the same settings as quoted keyword=value pairs.
std::string libpq_keywords(const std::string& url,
                           const std::vector<std::pair<std::string, std::string>>& defaults = {}) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        if (error) PQfreemem(error);
        fail(Errc::invalid, "the PostgreSQL URL is malformed");
    }
    std::string out;
    auto add = [&out](const std::string& keyword, const char* value) {
        out += keyword;
        out += "='";
        for (const char* c = value; *c; ++c) {
            if (*c == '\\' || *c == '\'') out += '\\';
            out += *c;
        }
        out += "' ";
    };
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        // A default given with a value replaces the URL's; one given empty
        // only fills a gap in the URL.
        const auto d = std::find_if(defaults.begin(), defaults.end(),
                                    [o](const auto& kv) { return kv.first == o->keyword; });
        if (d != defaults.end() && !d->second.empty())
            add(d->first, d->second.c_str());
        else if (o->val && *o->val)
            add(o->keyword, o->val);
    }
    PQconninfoFree(options);
    return out;
}

// mend's own URL parameter, practice=NAME, taken out of the URL's query
// before libpq (which refuses parameters it does not know) sees it.
std::string take_practice_parameter(std::string& url) {
    std::string::size_type q = url.find('?');
    if (q == std::string::npos) return {};
    std::string practice, kept;
    bool found = false;
    std::string::size_type start = q + 1;
    while (start <= url.size()) {
        std::string::size_type end = url.find('&', start);
        if (end == std::string::npos) end = url.size();
        std::string part = url.substr(start, end - start);
        if (part.rfind("practice=", 0) == 0) {
            if (found) fail(Errc::invalid, "the URL names the practice twice");
            found = true;
            practice = part.substr(9);
            if (practice.empty()) fail(Errc::invalid, "the URL's practice parameter is empty");
        } else if (!part.empty()) {
            kept += (kept.empty() ? "" : "&") + part;
        }
        start = end + 1;
    }
    url = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
    return practice;
}

// The server and database a URL names, for messages: never the user or password.
std::string describe_postgresql(const std::string& url) {
    std::string host, port, dbname;
    if (PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr)) {
        for (PQconninfoOption* o = options; o->keyword; ++o) {
            if (!o->val) continue;
            std::string k = o->keyword;
            if (k == "host") host = o->val;
            if (k == "port") port = o->val;
            if (k == "dbname") dbname = o->val;
        }
        PQconninfoFree(options);
    }
    return "postgresql://" + host + (port.empty() ? "" : ":" + port) + "/" + dbname;
}

// A VFS that is the default one except that it never creates the main
// database file: sqlite3_open_v2() without SQLITE_OPEN_CREATE, which SOCI 4.0
// cannot ask for. Its -wal, -shm and journal files are created as usual (the
// main file exists by then). Registered once, never as the default.
// (SOCI includes sqlite3.h inside namespace sqlite_api.)
using sqlite_api::sqlite3_vfs;
constexpr const char* nocreate_vfs_name = "mend-nocreate";
sqlite3_vfs* g_base_vfs = nullptr;

int nocreate_open(sqlite3_vfs*, const char* name, sqlite_api::sqlite3_file* file, int flags,
                  int* out_flags) {
    if (flags & SQLITE_OPEN_MAIN_DB) flags &= ~SQLITE_OPEN_CREATE;
    return g_base_vfs->xOpen(g_base_vfs, name, file, flags, out_flags);
}

void register_nocreate_vfs() {
    static std::once_flag once;
    static sqlite3_vfs vfs;
    std::call_once(once, [] {
        g_base_vfs = sqlite_api::sqlite3_vfs_find(nullptr);
        if (!g_base_vfs) fail(Errc::store, "SQLite has no default VFS");
        vfs = *g_base_vfs;
        vfs.pNext = nullptr;
        vfs.zName = nocreate_vfs_name;
        vfs.xOpen = nocreate_open;
        if (sqlite_api::sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
            fail(Errc::store, "cannot register mend's SQLite VFS");
    });
    if (!sqlite_api::sqlite3_vfs_find(nocreate_vfs_name))
        fail(Errc::store, "mend's SQLite VFS is missing");
}

[[noreturn]] void no_database_at(const std::string& label) {
    fail(Errc::not_found, fmt::format("no mend database at {} (create one with mend init, or open "
                                      "with MEND_OPEN_CREATE)",
                                      label));
}

bool missing_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) != 0 && errno == ENOENT;
}

std::atomic<StatementObserver> g_observer{nullptr};

// Hands each statement SOCI prepares to the observer.
class ObservingLogger : public soci::logger_impl {
  public:
    explicit ObservingLogger(StatementObserver observer) : observer_(observer) {}
    void start_query(const std::string& query) override { observer_(query); }

  private:
    logger_impl* do_clone() const override { return new ObservingLogger(observer_); }
    StatementObserver observer_;
};

// A lost connection took the open transaction with it: nothing of it was
// committed, and nothing more of it may run, on the lost connection or a new
// one. `host_open`: the host's own transaction (mend_transaction_begin) is
// still open, and the host must end it.
[[noreturn]] void fail_lost_in_transaction(bool host_open) {
    if (host_open)
        fail(Errc::connection,
             "lost the connection to the PostgreSQL server inside the transaction, which is "
             "gone with it (nothing of it was committed): roll the transaction back, then retry "
             "(the handle connects again)");
    fail(Errc::connection, "lost the connection to the PostgreSQL server inside the transaction, "
                           "which is gone with it (nothing of it was committed); retry (the "
                           "handle connects again)");
}

} // namespace

std::string postgresql_connect_string(const std::string& url) {
    std::string plain = url;
    take_practice_parameter(plain);
    return libpq_keywords(plain);
}

bool valid_practice_name(const std::string& name) {
    if (name.empty() || name.size() > 63 || name.rfind("pg_", 0) == 0 ||
        name == "information_schema")
        return false;
    if (name[0] < 'a' || name[0] > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

void set_statement_observer(StatementObserver observer) {
    g_observer = observer;
}

std::unique_ptr<Database> Database::open(const std::string& where, const OpenOptions& options) {
    return open_impl(where, options, false);
}

std::unique_ptr<Database> Database::open_server(const std::string& where,
                                                const OpenOptions& options) {
    if (!is_postgresql_url(where))
        fail(Errc::invalid, "a SQLite file holds one practice; practices are listed on a "
                            "PostgreSQL server (a postgresql:// URL)");
    return open_impl(where, options, true);
}

std::unique_ptr<Database> Database::open_impl(const std::string& where, const OpenOptions& options,
                                              bool server_only) {
    if (where.empty()) fail(Errc::invalid, "database path is empty");
    if (options.busy_timeout_ms < 0 || options.busy_timeout_ms > 600000)
        fail(Errc::invalid, "busy_timeout_ms must be between 0 and 600000");
    if (options.connect_timeout_s < 0 || options.connect_timeout_s > 3600)
        fail(Errc::invalid, "connect_timeout_s must be between 0 and 3600");
    if (options.statement_timeout_ms < 0 || options.statement_timeout_ms > 3600000)
        fail(Errc::invalid, "statement_timeout_ms must be between 0 and 3600000");
    const bool pg = is_postgresql_url(where);
    std::string url = where;
    const std::string url_practice = pg ? take_practice_parameter(url) : std::string();
    std::string label = pg ? describe_postgresql(url) : where;
    if (!is_valid_utf8(options.practice) || !is_valid_utf8(url_practice))
        fail(Errc::encoding, "the practice name is not valid UTF-8");
    std::unique_ptr<Database> db(new Database(pg ? Backend::postgresql : Backend::sqlite));
    db->where_ = where;
    db->busy_timeout_ms_ = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 5000;
    if (pg) {
        if (!options.practice.empty() && !url_practice.empty() && options.practice != url_practice)
            fail(Errc::invalid, "the practice option and the URL's practice parameter differ");
        db->practice_ = options.practice.empty() ? url_practice : options.practice;
        if (!db->practice_.empty() && !valid_practice_name(db->practice_))
            fail(Errc::invalid, "a practice name is 1 to 63 characters of a-z, 0-9 and _, "
                                "starting with a letter (not pg_...)");
        if (!db->practice_.empty()) label += " (practice " + db->practice_ + ")";
        db->pooling_ = options.transaction_pooling;
        db->statement_timeout_ms_ = options.statement_timeout_ms;
        // libpq waits for ever for a server by default: never longer than this.
        db->connect_string_ =
            libpq_keywords(url, {{"connect_timeout", options.connect_timeout_s > 0
                                                         ? std::to_string(options.connect_timeout_s)
                                                         : std::string()}});
        if (db->connect_string_.find("connect_timeout='") == std::string::npos)
            db->connect_string_ += "connect_timeout='10' ";
    } else if (!options.practice.empty()) {
        fail(Errc::invalid, "a SQLite database holds one practice, its file: give no practice");
    }
    try {
        if (pg) {
            db->connect_postgresql();
            if (server_only) return db;
            db->select_practice(options.create, label);
        } else {
            db->open_sqlite(where, options);
        }
        // Nothing has been written yet: decide whether this is mend's.
        switch (inspect(*db)) {
        case Contents::mend:
            break;
        case Contents::empty:
            if (!options.create) no_database_at(label);
            break;
        case Contents::foreign:
            fail(Errc::schema, fmt::format("not a mend database: {} holds other tables and no "
                                           "mend schema; it was left as it was",
                                           label));
        }
        if (!pg) db->configure_sqlite(options, where == ":memory:");
        migrate(*db);
        load_keys(*db, options.keys);
        if (StatementObserver observer = g_observer)
            db->sql_.set_logger(new ObservingLogger(observer));
    } catch (const mend::Error&) {
        throw;
    } catch (...) {
        db->rethrow_as_error();
    }
    return db;
}

// Opens the file without writing to it; configure_sqlite() makes the settings
// once inspect() has found the file to be mend's (or empty, to create).
void Database::open_sqlite(const std::string& path, const OpenOptions& options) {
    // SOCI reads a connect string with '=' as key=value pairs; the path is
    // passed quoted (spaces allowed), so '=' and '"' cannot be in it.
    if (path.find_first_of("=\"") != std::string::npos)
        fail(Errc::invalid, "a SQLite database path may not contain '=' or '\"'");
    std::string connect = "db=\"" + path + "\"";
    if (!options.create) {
        if (path == ":memory:")
            fail(Errc::not_found, "no mend database at :memory: (an in-memory database is always "
                                  "new: open it with MEND_OPEN_CREATE)");
        register_nocreate_vfs();
        connect += std::string(" vfs=") + nocreate_vfs_name;
    }
    try {
        sql_.open(soci::sqlite3, connect);
    } catch (const soci::sqlite3_soci_error& e) {
        if (!options.create && (e.result() & 0xff) == SQLITE_CANTOPEN && missing_file(path))
            no_database_at(path);
        throw;
    }
    // Reading another connection's half-written commit waits instead of failing.
    int timeout = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 5000;
    sql_ << fmt::format("PRAGMA busy_timeout={}", timeout);
}

Database::Database(Backend backend) : backend_(backend) {}

Database::~Database() {
    journal_.reset();
    prepared_.clear();
    if (chain_key_) sodium_memzero(chain_key_->key.data(), chain_key_->key.size());
}

void Database::set_keys(KeySource source, bool keyed, std::optional<ChainKey> chain_key) {
    if (chain_key_) sodium_memzero(chain_key_->key.data(), chain_key_->key.size());
    keys_ = std::move(source);
    keyed_ = keyed;
    chain_key_ = chain_key;
    if (chain_key) sodium_memzero(chain_key->key.data(), chain_key->key.size());
}

void Database::set_field_keys(bool encrypted, std::optional<FieldKeys> keys, std::string problem) {
    encrypted_ = encrypted;
    field_keys_ = std::move(keys);
    field_keys_problem_ = std::move(problem);
}

const FieldKeys& Database::field_keys() const {
    if (!field_keys_)
        fail(Errc::key, encrypted_ ? field_keys_problem_
                                   : std::string("this practice keeps its data unencrypted"));
    return *field_keys_;
}

const char* Database::backend_name() const {
    return backend_ == Backend::sqlite ? "sqlite" : "postgresql";
}

// SOCI ignores connect-string keys it does not know and defaults to no busy
// timeout, so every setting is made with a PRAGMA and read back
// (see shared/reference/reliability-security.md, section 5).
void Database::configure_sqlite(const OpenOptions& options, bool in_memory) {
    // open_sqlite() set the busy timeout first: switching to WAL needs a lock
    // another connection may hold for a moment.
    int timeout = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 5000;
    std::string mode;
    sql_ << "PRAGMA journal_mode=WAL", soci::into(mode);
    if (mode != "wal" && !(in_memory && mode == "memory"))
        fail(Errc::store, "the database could not be put in WAL mode");
    sql_ << (options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    sql_ << "PRAGMA foreign_keys=ON";
    sql_ << "PRAGMA trusted_schema=OFF";

    int synchronous = -1, foreign_keys = -1, trusted = -1, busy = -1;
    sql_ << "PRAGMA synchronous", soci::into(synchronous);
    sql_ << "PRAGMA foreign_keys", soci::into(foreign_keys);
    sql_ << "PRAGMA trusted_schema", soci::into(trusted);
    sql_ << "PRAGMA busy_timeout", soci::into(busy);
    if (synchronous != (options.synchronous_full ? 2 : 1) || foreign_keys != 1 || trusted != 0 ||
        busy != timeout)
        fail(Errc::store, "the database refused mend's required settings");
}

void Database::connect_postgresql() {
    try {
        sql_.open(soci::postgresql, connect_string_);
    } catch (const soci::soci_error&) {
        fail(Errc::connection, "cannot connect to the PostgreSQL server (none of the URL's "
                               "hosts answered as a primary within the connect timeout, or "
                               "it refused the connection)");
    }
    postgresql_session_settings(sql_, practice_, busy_timeout_ms_, statement_timeout_ms_, pooling_);
}

void postgresql_session_settings(soci::session& sql, const std::string& practice,
                                 int lock_timeout_ms, int statement_timeout_ms, bool pooling) {
    // The server's notices (a backend's FATAL as the server dies) are not
    // the host's to see on its stderr: libpq's default prints them.
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    PQsetNoticeProcessor(
        backend->conn_, [](void*, const char*) {}, nullptr);
    // PgBouncer keeps these two for each client, so they hold behind a pooler too.
    sql << "SET client_encoding TO 'UTF8'";
    sql << "SET TIME ZONE 'UTC'";
    if (pooling) return; // the rest is set in each transaction
    // The busy timeout's PostgreSQL form: a lock wait (a row, or the audit
    // append lock held by another open transaction) gives up with
    // SQLSTATE 55P03, reported as MEND_EBUSY, instead of waiting forever.
    sql << fmt::format("SET lock_timeout = {}", lock_timeout_ms);
    sql << fmt::format("SET statement_timeout = {}", statement_timeout_ms);
    if (!practice.empty()) {
        std::string path;
        sql << "SELECT set_config('search_path', quote_ident(:p), false)", soci::use(practice),
            soci::into(path);
    }
}

void postgresql_transaction_settings(soci::session& sql, const std::string& practice,
                                     int lock_timeout_ms, int statement_timeout_ms) {
    const std::string lock = std::to_string(lock_timeout_ms);
    const std::string statement = std::to_string(statement_timeout_ms);
    std::string a, b, c;
    sql << "SELECT set_config('lock_timeout', :l, true), "
           "set_config('statement_timeout', :s, true), "
           "set_config('search_path', CASE WHEN :p = '' THEN current_setting('search_path') "
           "ELSE quote_ident(:p) END, true)",
        soci::use(lock, "l"), soci::use(statement, "s"), soci::use(practice, "p"), soci::into(a),
        soci::into(b), soci::into(c);
}

void Database::select_practice(bool create, const std::string& label) {
    if (practice_.empty()) return;
    int exists = 0;
    sql_ << "SELECT COUNT(*) FROM pg_namespace WHERE nspname = :p", soci::use(practice_),
        soci::into(exists);
    if (!exists) {
        if (!create) no_database_at(label);
        // An identifier cannot be bound: the name passed valid_practice_name
        // (a-z, 0-9 and _ only), so quoting it is enough.
        sql_ << "CREATE SCHEMA IF NOT EXISTS \"" + practice_ + "\"";
    }
    // Another practice's schema (scripts/hosting/practice-role.sql): the
    // database refuses this role; say so rather than find no tables there.
    int usable = 0;
    sql_ << "SELECT CASE WHEN has_schema_privilege(:p, 'USAGE') THEN 1 ELSE 0 END",
        soci::use(practice_), soci::into(usable);
    if (!usable)
        fail(Errc::denied, "the database role may not use this practice's schema (PostgreSQL "
                           "permission denied)");
    if (!pooling_) return;
    // Statements outside a transaction (open's own reads) run on whichever
    // server connection the pooler lends: the role's search_path must name
    // the practice.
    std::string current;
    soci::indicator ind = soci::i_ok;
    sql_ << "SELECT current_schema()", soci::into(current, ind);
    if (ind != soci::i_ok || current != practice_)
        fail(Errc::invalid, "behind a transaction pooler connect as the practice's own role, "
                            "whose search_path is the practice's schema "
                            "(scripts/hosting/practice-role.sql)");
}

void Database::begin_settings() {
    if (backend_ != Backend::postgresql || !pooling_) return;
    postgresql_transaction_settings(sql_, practice_, busy_timeout_ms_, statement_timeout_ms_);
}

bool Database::connection_lost() const {
    if (backend_ != Backend::postgresql) return false;
    auto* backend = static_cast<soci::postgresql_session_backend*>(
        const_cast<soci::session&>(sql_).get_backend());
    return !backend || !backend->conn_ || PQstatus(backend->conn_) != CONNECTION_OK;
}

void Database::reconnect_if_lost() {
    if (backend_ != Backend::postgresql || !connection_lost()) return;
    if (in_transaction_) fail_lost_in_transaction(host_transaction_);
    // The statements prepared on the lost connection died with it.
    journal_.reset();
    prepared_.clear();
    in_write_ = audit_locked_ = false;
    try {
        sql_.close();
    } catch (...) {
    }
    try {
        connect_postgresql();
    } catch (...) {
        try {
            sql_.close(); // the next call tries again
        } catch (...) {
        }
        fail(Errc::connection, "lost the connection to the PostgreSQL server and could not "
                               "connect again; retry");
    }
}

template <class F> void Database::begin_reconnecting(F begin) {
    if (backend_ == Backend::postgresql) reconnect_if_lost();
    try {
        begin();
    } catch (...) {
        if (!connection_lost()) throw;
        // Only BEGIN was sent, so nothing was done: connect again, begin again.
        reconnect_if_lost();
        begin();
    }
    try {
        begin_settings();
    } catch (...) {
        rollback(); // not left open on the server while nobody knows of it
        throw;
    }
}

namespace {

// Transaction statements, compiled once on SQLite. PostgreSQL runs them as
// simple queries (nothing to compile client-side, one round trip either way).
struct Fixed : Prepared {
    Fixed(soci::session& sql, const char* text) : Prepared(sql) { compile(text); }
};
struct BeginImmediate : Fixed {
    explicit BeginImmediate(soci::session& sql) : Fixed(sql, "BEGIN IMMEDIATE") {}
};
struct BeginDeferred : Fixed {
    explicit BeginDeferred(soci::session& sql) : Fixed(sql, "BEGIN DEFERRED") {}
};
struct Commit : Fixed {
    explicit Commit(soci::session& sql) : Fixed(sql, "COMMIT") {}
};
struct Rollback : Fixed {
    explicit Rollback(soci::session& sql) : Fixed(sql, "ROLLBACK") {}
};
struct Savepoint : Fixed {
    explicit Savepoint(soci::session& sql) : Fixed(sql, "SAVEPOINT mend_call") {}
};
struct Release : Fixed {
    explicit Release(soci::session& sql) : Fixed(sql, "RELEASE SAVEPOINT mend_call") {}
};
struct RollbackTo : Fixed {
    explicit RollbackTo(soci::session& sql) : Fixed(sql, "ROLLBACK TO SAVEPOINT mend_call") {}
};

} // namespace

template <class S> void Database::exec_fixed(const char* postgresql_text) {
    if (backend_ == Backend::sqlite)
        prepared<S>().run();
    else
        sql_ << postgresql_text;
}

void Database::begin_write() {
    audit_locked_ = false;
    begin_reconnecting([this] { exec_fixed<BeginImmediate>("BEGIN"); });
    in_write_ = in_transaction_ = true;
}
bool Database::try_begin_write() {
    if (backend_ != Backend::sqlite) {
        begin_write();
        return true;
    }
    auto* conn = static_cast<soci::sqlite3_session_backend*>(sql_.get_backend())->conn_;
    sqlite_api::sqlite3_busy_timeout(conn, 0);
    bool begun = false;
    try {
        begin_write();
        begun = true;
    } catch (const soci::sqlite3_soci_error& e) {
        int rc = e.result() & 0xff;
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
            sqlite_api::sqlite3_busy_timeout(conn, busy_timeout_ms_);
            throw;
        }
    }
    sqlite_api::sqlite3_busy_timeout(conn, busy_timeout_ms_);
    return begun;
}

ReadJournal& Database::read_journal() {
    if (!journal_) journal_ = std::make_unique<ReadJournal>(*this);
    return *journal_;
}

void Database::begin_read() {
    in_write_ = audit_locked_ = false;
    begin_reconnecting(
        [this] { exec_fixed<BeginDeferred>("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); });
    in_transaction_ = true;
}
void Database::check_connection_to_commit() {
    if (in_transaction_ && connection_lost()) fail_lost_in_transaction(false);
}
void Database::commit() {
    // A connection known lost before COMMIT was sent committed nothing.
    const bool lost = in_transaction_ && connection_lost();
    in_write_ = audit_locked_ = in_transaction_ = false;
    if (lost) fail_lost_in_transaction(false);
    exec_fixed<Commit>("COMMIT");
}
void Database::rollback() noexcept {
    in_write_ = audit_locked_ = in_transaction_ = false;
    try {
        exec_fixed<Rollback>("ROLLBACK");
    } catch (...) {
        // Nothing left to undo (the backend already ended the transaction).
    }
}
void Database::savepoint() {
    exec_fixed<Savepoint>("SAVEPOINT mend_call");
}
void Database::release_savepoint() {
    exec_fixed<Release>("RELEASE SAVEPOINT mend_call");
}
void Database::rollback_to_savepoint() noexcept {
    audit_locked_ = false;
    try {
        exec_fixed<RollbackTo>("ROLLBACK TO SAVEPOINT mend_call");
        exec_fixed<Release>("RELEASE SAVEPOINT mend_call");
    } catch (...) {
    }
}

int Database::schema_version() {
    int v = 0;
    soci::indicator ind = soci::i_ok;
    sql_ << "SELECT MAX(version) FROM mend_schema", soci::into(v, ind);
    return ind == soci::i_ok ? v : 0;
}

void Database::rethrow_as_error() const {
    try {
        throw;
    } catch (const mend::Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (...) {
        if (connection_lost() && in_transaction_) fail_lost_in_transaction(host_transaction_);
        if (connection_lost())
            fail(Errc::connection,
                 "lost the connection to the PostgreSQL server (connection lost, retry: the "
                 "handle connects again on its next call; a write in flight may or may not have "
                 "committed)");
    }
    try {
        throw;
    } catch (const soci::postgresql_soci_error& e) {
        std::string state = e.sqlstate();
        // SQLSTATE classes: PostgreSQL manual, appendix A.
        if (state == "23505") fail(Errc::exists, "a unique value is already in use");
        if (starts_with(state, "23"))
            fail(Errc::constraint, "the change breaks a rule of the data");
        if (state == "40001" || state == "40P01" || state == "55P03")
            fail(Errc::busy, "the database is busy; try again");
        if (state == "42501")
            fail(Errc::denied, "the database role may not use this practice's tables "
                               "(PostgreSQL: permission denied)");
        if (state == "57014")
            fail(Errc::busy, "a statement ran past the statement timeout and was cancelled");
        if (state == "57P01" || state == "57P02" || state == "57P03")
            fail(Errc::connection, "the PostgreSQL server is shutting down or starting up; retry");
        if (starts_with(state, "08"))
            fail(Errc::store, "lost the connection to the PostgreSQL server");
        fail(Errc::store, fmt::format("PostgreSQL error (SQLSTATE {})", state));
    } catch (const soci::sqlite3_soci_error& e) {
        int rc = e.result() & 0xff;
        if (rc == SQLITE_CONSTRAINT) {
            if (std::string(e.what()).find("UNIQUE") != std::string::npos)
                fail(Errc::exists, "a unique value is already in use");
            fail(Errc::constraint, "the change breaks a rule of the data");
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            fail(Errc::busy, "the database is locked by another writer; try again");
        if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
            fail(Errc::store, "the file is damaged or not a database");
        if (rc == SQLITE_CANTOPEN) fail(Errc::store, "the database file cannot be opened");
        if (rc == SQLITE_READONLY) fail(Errc::store, "the database is read-only");
        if (rc == SQLITE_FULL) fail(Errc::store, "the disk is full");
        if (rc == SQLITE_IOERR)
            fail(Errc::store, "a read or write of the database file failed (I/O error)");
        if (rc == SQLITE_NOMEM) fail(Errc::no_memory, "out of memory");
        fail(Errc::store, fmt::format("SQLite error {}", e.result()));
    } catch (const soci::soci_error& e) {
        if (e.get_error_category() == soci::soci_error::connection_error)
            fail(Errc::store, "cannot connect to the database");
        if (e.get_error_category() == soci::soci_error::constraint_violation)
            fail(Errc::constraint, "the change breaks a rule of the data");
        fail(Errc::store, "the database failed the request");
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception&) {
        fail(Errc::generic, "internal error in the store");
    }
}

} // namespace mend::store
