// Statements compiled once per handle (store/prepared.hpp): a second client
// create compiles nothing, and a cached statement keeps working after a
// failed statement, ROLLBACK TO SAVEPOINT and ROLLBACK, on both backends.
#include "fixture.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

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

} // namespace

TEST_CASE("a second client create compiles no statement", "[store][prepared]") {
    Fresh f;
    auto db = Database::open(f.where, {});
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
        auto named = [&] {
            int n = 0;
            std::string names;
            db->sql() << "SELECT COUNT(*), COALESCE(string_agg(name, ',' ORDER BY name), '')"
                         " FROM pg_prepared_statements",
                soci::into(n), soci::into(names);
            return std::make_pair(n, names);
        };
        create(*db, f.admin);
        auto first = named();
        CHECK(first.first >= 4); // insert, audit lock, audit insert, find
        create(*db, f.admin);
        CHECK(named() == first);
    }
}

TEST_CASE("cached statements survive failures and rollbacks", "[store][prepared]") {
    Fresh f;
    auto db = Database::open(f.where, {});
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
    Id b = insert_client(*db, client(f.admin, std::string("ext-b")));
    CHECK(b > a);
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
