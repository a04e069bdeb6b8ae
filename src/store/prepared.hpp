// Statements compiled once per open database and reused: each is a struct
// deriving from Prepared that holds the values it binds with use() and into()
// as members, binds them in its constructor and compiles its fixed SQL text
// there. Database::prepared<S>() makes it on first use (keyed by the type S,
// never by text) and keeps it until the handle closes (or the connection is
// lost, or a run of it fails on PostgreSQL: failed()). On PostgreSQL SOCI
// makes it a server-side prepared statement (behind a transaction-mode
// pooler, an unnamed one each run: NoServerPrepares); on SQLite one
// sqlite3_stmt.
//
// Set the members, then run() (one row or none) or all(row) (every row).
// Both reset the statement afterwards, even when it fails, so a cached
// statement holds no read snapshot or lock between calls.
//
// The text is fixed: never built from values. A statement whose filters
// vary (a list page, the flag lists, note search) is a template on the
// filters that are on, one statement per combination (with_variant below),
// so each is planned with its own index rather than through (:x = 0 OR ...),
// which no index serves. Lookup, List and One cover the common shapes.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <soci/soci.h>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace mend::store {

// How many statements this thread has run through Prepared: what a test
// counts to show that a report reads a fixed number of statements.
long long statements_run();

// While one lives, statements this thread compiles on PostgreSQL are not
// prepared on the server (each run is an unnamed statement, parsed anew):
// Database::prepared() uses it behind a transaction-mode pooler, where the
// next transaction may run on another server connection.
class NoServerPrepares {
  public:
    explicit NoServerPrepares(bool active);
    ~NoServerPrepares();
    NoServerPrepares(const NoServerPrepares&) = delete;
    NoServerPrepares& operator=(const NoServerPrepares&) = delete;

  private:
    bool saved_;
};

class Prepared {
  public:
    explicit Prepared(soci::session& sql) : st(sql), sqlite_(sql.get_backend_name() == "sqlite3") {}
    virtual ~Prepared() = default;
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;

    // Runs once with the members' current values; true when a row was read
    // into the into() members.
    bool run();

    // The rows the last run() changed (an UPDATE's WHERE matched).
    long long affected() { return st.get_affected_rows(); }

    // Runs and collects every row through `row.get()` (the row's into()
    // targets are members bound in the constructor).
    template <class Row> auto all(Row& row) {
        count_run();
        Reset reset{st, sqlite_};
        std::vector<decltype(row.get())> out;
        noting_failure([&] {
            if (st.execute(true)) {
                do
                    out.push_back(row.get());
                while (st.fetch());
            }
        });
        return out;
    }

    // True when a run failed on PostgreSQL: SOCI 4.0 then still holds the
    // copies of the bound values it made for the run (its post_use() never
    // ran), and would overwrite them unfreed at the next run. So the
    // statement is not run again: Database::prepared() makes a new one in
    // its place (destroying this one frees the copies and deallocates the
    // server's prepared statement).
    bool failed() const { return failed_; }

  protected:
    static void count_run();
    bool sqlite() const { return sqlite_; }

    // Call in the derived constructor, after its exchange() calls.
    void compile(const std::string& sql);

    soci::statement st;

  private:
    // Runs `work`; a failure marks the statement failed() on PostgreSQL.
    template <class F> auto noting_failure(F&& work) -> decltype(work()) {
        try {
            return work();
        } catch (...) {
            failed_ = !sqlite_;
            throw;
        }
    }

    bool sqlite_;
    bool failed_ = false;
    struct Reset {
        soci::statement& st;
        bool sqlite;
        ~Reset();
    };
};

// A query for one row (or none) by one key: `Row` is a repository's row
// struct (members bound by row.bind(st), read by row.get()).
template <class Row, class Key> struct Lookup : Prepared {
    Row row;
    Key key{};
    Lookup(soci::session& sql, const std::string& text) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(key));
        compile(text);
    }
    std::optional<decltype(row.get())> find(const Key& k) {
        key = k;
        if (!run()) return std::nullopt;
        return row.get();
    }
};

// A query for every row with one key, in the statement's order.
template <class Row, class Key> struct List : Prepared {
    Row row;
    Key key{};
    List(soci::session& sql, const std::string& text) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(key));
        compile(text);
    }
    auto list(const Key& k) {
        key = k;
        return all(row);
    }
};

// A query for one row (or none) with no parameters.
template <class Row> struct One : Prepared {
    Row row;
    One(soci::session& sql, const std::string& text) : Prepared(sql) {
        row.bind(st);
        compile(text);
    }
    std::optional<decltype(row.get())> find() {
        if (!run()) return std::nullopt;
        return row.get();
    }
};

// A single text column as a Row.
struct TextRow {
    std::string value;
    template <class Stmt> void bind(Stmt& st) { st.exchange(soci::into(value)); }
    std::string get() const { return value; }
};

// A single integer column (an id or a count) as a Row.
struct IntRow {
    long long value = 0;
    template <class Stmt> void bind(Stmt& st) { st.exchange(soci::into(value)); }
    long long get() const { return value; }
};

// Reads for many keys at once (the caseload's pages): the ids go to the
// database as one bound value, which the statement opens with in_ids(): on
// SQLite a JSON array text read by json_each, on PostgreSQL an array literal
// cast to bigint[] (so the key's index is searched with = ANY). The text
// stays fixed whatever the number of ids.
std::string id_array(const std::vector<std::int64_t>& ids, bool sqlite);
// " IN (SELECT value FROM json_each(:ids))" or " = ANY(CAST(:ids AS bigint[]))".
std::string in_ids(soci::session& sql);

// A row of a set read: the key column first (the case or client it belongs
// to), then Row's columns.
template <class Row> struct Keyed {
    long long key = 0;
    Row row;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(key));
        row.bind(st);
    }
    auto get() const { return std::make_pair(key, row.get()); }
};

// A query for every row whose key is among a set of ids; by_key() gathers
// them by key, each key's rows in the statement's order.
template <class Row> struct SetList : Prepared {
    Keyed<Row> row;
    std::string ids;
    SetList(soci::session& sql, const std::string& text) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(ids));
        compile(text);
    }
    auto by_key(const std::vector<std::int64_t>& keys) {
        std::map<std::int64_t, std::vector<decltype(row.row.get())>> out;
        if (keys.empty()) return out;
        ids = id_array(keys, sqlite());
        for (auto& [key, value] : all(row))
            out[key].push_back(std::move(value));
        return out;
    }
};

// A set read's rows with their key field (case_id, client_id, ...) set to
// the id they were read by, for rows whose columns leave the key out.
template <class Map, class Field> Map keyed(Map rows, Field field) {
    for (auto& [key, list] : rows)
        for (auto& row : list)
            row.*field = key;
    return rows;
}

// Calls f(std::integral_constant<unsigned, B>{}) with B == bits (bits <= Max):
// a statement whose WHERE clause is chosen from a small fixed set is one
// Prepared struct per variant, a template on the variant's bits, each
// compiled once per handle.
template <unsigned Max, class F> decltype(auto) with_variant(unsigned bits, F&& f) {
    if constexpr (Max == 0) {
        return f(std::integral_constant<unsigned, 0>{});
    } else {
        if (bits == Max) return f(std::integral_constant<unsigned, Max>{});
        return with_variant<Max - 1>(bits, std::forward<F>(f));
    }
}

template <class S> S& Database::prepared() {
    std::unique_ptr<Prepared>& slot = prepared_[std::type_index(typeid(S))];
    if (slot && slot->failed()) slot.reset(); // after the failure's rollback: see failed()
    if (!slot) {                              // a failed compile leaves the slot empty
        NoServerPrepares pooled(pooling_);
        slot = std::make_unique<S>(sql_);
    }
    return static_cast<S&>(*slot);
}

} // namespace mend::store
