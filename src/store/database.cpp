#include "store/database.hpp"

#include "domain/error.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

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
std::string libpq_keywords(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        if (error) PQfreemem(error);
        fail(Errc::invalid, "the PostgreSQL URL is malformed");
    }
    std::string out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val || !*o->val) continue;
        out += o->keyword;
        out += "='";
        for (const char* c = o->val; *c; ++c) {
            if (*c == '\\' || *c == '\'') out += '\\';
            out += *c;
        }
        out += "' ";
    }
    PQconninfoFree(options);
    return out;
}

} // namespace

std::unique_ptr<Database> Database::open(const std::string& where, const OpenOptions& options) {
    if (where.empty()) fail(Errc::invalid, "database path is empty");
    if (options.busy_timeout_ms < 0 || options.busy_timeout_ms > 600000)
        fail(Errc::invalid, "busy_timeout_ms must be between 0 and 600000");
    const bool pg = is_postgresql_url(where);
    std::unique_ptr<Database> db(new Database(pg ? Backend::postgresql : Backend::sqlite));
    try {
        if (pg) {
            db->sql_.open(soci::postgresql, libpq_keywords(where));
            db->configure_postgresql(options);
        } else {
            // SOCI reads a connect string with '=' as key=value pairs; a plain
            // path (spaces allowed) is taken whole as the file name.
            if (where.find('=') != std::string::npos)
                fail(Errc::invalid, "a SQLite database path may not contain '='");
            db->sql_.open(soci::sqlite3, where);
            db->configure_sqlite(options, where == ":memory:");
        }
        migrate(*db);
    } catch (const mend::Error&) {
        throw;
    } catch (...) {
        db->rethrow_as_error();
    }
    return db;
}

const char* Database::backend_name() const {
    return backend_ == Backend::sqlite ? "sqlite" : "postgresql";
}

// SOCI ignores connect-string keys it does not know and defaults to no busy
// timeout, so every setting is made with a PRAGMA and read back
// (see shared/reference/reliability-security.md, section 5).
void Database::configure_sqlite(const OpenOptions& options, bool in_memory) {
    int timeout = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 5000;
    // The busy timeout comes first: switching to WAL needs a lock another
    // connection may hold for a moment.
    sql_ << fmt::format("PRAGMA busy_timeout={}", timeout);
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

void Database::configure_postgresql(const OpenOptions& options) {
    sql_ << "SET client_encoding TO 'UTF8'";
    sql_ << "SET TIME ZONE 'UTC'";
    // The busy timeout's PostgreSQL form: a lock wait (a row, or the audit
    // append lock held by another open transaction) gives up with
    // SQLSTATE 55P03, reported as MEND_EBUSY, instead of waiting forever.
    int timeout = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 5000;
    sql_ << fmt::format("SET lock_timeout = {}", timeout);
}

void Database::begin_write() {
    sql_ << (backend_ == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}
void Database::commit() {
    sql_ << "COMMIT";
}
void Database::rollback() noexcept {
    try {
        sql_ << "ROLLBACK";
    } catch (...) {
        // Nothing left to undo (the backend already ended the transaction).
    }
}
void Database::savepoint() {
    sql_ << "SAVEPOINT mend_call";
}
void Database::release_savepoint() {
    sql_ << "RELEASE SAVEPOINT mend_call";
}
void Database::rollback_to_savepoint() noexcept {
    try {
        sql_ << "ROLLBACK TO SAVEPOINT mend_call";
        sql_ << "RELEASE SAVEPOINT mend_call";
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
    } catch (const soci::postgresql_soci_error& e) {
        std::string state = e.sqlstate();
        // SQLSTATE classes: PostgreSQL manual, appendix A.
        if (state == "23505") fail(Errc::exists, "a unique value is already in use");
        if (starts_with(state, "23"))
            fail(Errc::constraint, "the change breaks a rule of the data");
        if (state == "40001" || state == "40P01" || state == "55P03")
            fail(Errc::busy, "the database is busy; try again");
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
            fail(Errc::store, "the file is not a mend database or it is damaged");
        if (rc == SQLITE_CANTOPEN) fail(Errc::store, "the database file cannot be opened");
        if (rc == SQLITE_READONLY) fail(Errc::store, "the database is read-only");
        if (rc == SQLITE_FULL) fail(Errc::store, "the disk is full");
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
