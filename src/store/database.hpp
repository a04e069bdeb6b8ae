// One open practice database: a SOCI session on SQLite or PostgreSQL, with
// its pragmas checked, its schema migrated, and write transactions that take
// the write lock up front (BEGIN IMMEDIATE on SQLite).
#pragma once

#include "domain/field_crypto.hpp"
#include "domain/keys.hpp"

#include <memory>
#include <optional>
#include <soci/soci.h>
#include <string>
#include <typeindex>
#include <unordered_map>

namespace mend::store {

enum class Backend { sqlite, postgresql };

class Prepared;    // store/prepared.hpp
class ReadJournal; // store/read_journal.hpp

struct OpenOptions {
    int busy_timeout_ms = 5000;
    bool synchronous_full = true; // SQLite synchronous=FULL: no commit lost on power loss
    // Make a new mend database where there is none (no file, an empty file,
    // a schema with no tables). Without it such a location is Errc::not_found
    // and nothing is created. Never changes a database that is not mend's.
    bool create = false;
    // The host's keys (domain/keys.hpp), or none: a keyed practice opened
    // without them can be identified but not read or written.
    KeySource keys;
    // PostgreSQL only (each refused on SQLite when set). The practice's
    // schema ("" : the URL's practice parameter, else the current schema).
    std::string practice;
    // Seconds per host to connect (0: the URL's connect_timeout, else 10).
    int connect_timeout_s = 0;
    // The server cancels a statement running longer (0: no limit).
    int statement_timeout_ms = 0;
    // Behind a transaction-mode pooler: no server-side prepared statements;
    // the schema and timeouts set per transaction.
    bool transaction_pooling = false;
};

// The audit key the handle chains new events under.
struct ChainKey {
    Id id = 0;
    KeyBytes key{};
};

class Database {
  public:
    // `where` is a SQLite file path or a postgresql:// URL. Throws mend::Error:
    // not_found (no mend database there and !options.create; nothing is
    // created), schema (another application's tables, or a newer mend),
    // store (a damaged file, or cannot open). Whatever is not mend's is only
    // read, never written.
    static std::unique_ptr<Database> open(const std::string& where, const OpenOptions& options);
    // PostgreSQL: a connection to the server's database only (no practice
    // opened, nothing read or written), to list its practices
    // (store/practices.hpp). A SQLite path is Errc::invalid.
    static std::unique_ptr<Database> open_server(const std::string& where,
                                                 const OpenOptions& options);
    // Finalizes the cached statements, then closes the session.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    soci::session& sql() { return sql_; }
    Backend backend() const { return backend_; }
    const char* backend_name() const;

    // Transactions. begin_write() takes the write lock at once, so a
    // read-then-write never fails half way with a stale snapshot.
    // begin_read() opens a read-only snapshot without the write lock (SQLite:
    // a deferred BEGIN, a WAL snapshot that writers do not wait for;
    // PostgreSQL: REPEATABLE READ READ ONLY). End it with commit() or
    // rollback(); nothing may be written in it.
    void begin_write();
    // begin_write() that gives up at once when another connection holds the
    // write lock (SQLite; PostgreSQL has none to wait for): false then.
    bool try_begin_write();
    void begin_read();
    void commit();
    void rollback() noexcept;
    void savepoint();
    void release_savepoint();
    void rollback_to_savepoint() noexcept;

    int schema_version();

    // PostgreSQL's audit append lock (store/audit.cpp), transaction-scoped:
    // whether the write transaction open now took it already. Forgotten
    // when the transaction ends or rolls back to its savepoint (which may
    // have released it), and never kept outside begin_write().
    bool holds_audit_lock() const { return audit_locked_; }
    bool in_write() const { return in_write_; }
    void note_audit_lock() { audit_locked_ = in_write_; }

    // The host's keys (store/keys.cpp sets them once the handle is open).
    // keyed(): the practice keeps a keyed audit chain; chain_key(): the
    // audit key this handle appends under, none when the host gave none.
    const KeySource& key_source() const { return keys_; }
    bool keyed() const { return keyed_; }
    // The host gave keys, and the practice registered none of them: a
    // practice never keyed, or one whose chain was stripped (the two look
    // alike). Nothing but adopting the keys runs then.
    bool keys_unregistered() const { return keys_ && !keyed_; }
    const std::optional<ChainKey>& chain_key() const { return chain_key_; }
    void set_keys(KeySource source, bool keyed, std::optional<ChainKey> chain_key);

    // Encryption at rest (store/keys.cpp, store/sealing.hpp). encrypted():
    // the practice keeps a data key (its client data is sealed);
    // field_keys(): the data keys this handle unwrapped, Errc::key (naming
    // why) when it could not unwrap them, and never for a practice that is
    // not encrypted.
    bool encrypted() const { return encrypted_; }
    bool field_keys_open() const { return field_keys_.has_value(); }
    const FieldKeys& field_keys() const;
    void set_field_keys(bool encrypted, std::optional<FieldKeys> keys, std::string problem);
    // The practice's key job (store/reseal.hpp) as this handle last read it
    // (refresh_key_job): the generation of its data keys, and whether a
    // re-encryption or conversion is under way.
    long long key_generation() const { return key_generation_; }
    bool key_job_under_way() const { return key_job_; }
    void set_key_job(long long generation, bool under_way) {
        key_generation_ = generation;
        key_job_ = under_way;
    }

    // PostgreSQL: the connection is gone (the server died, a failover, a
    // network cut); reconnect_if_lost() connects again (Errc::connection
    // when it cannot), dropping the statements prepared on the lost one.
    // begin_write() and begin_read() call it; plain_read() does for a read
    // outside any transaction (a setting), and reads once more when the read
    // finds the connection lost (a read is safe to repeat). Inside a
    // transaction (begin_write() or begin_read() until commit() or
    // rollback()) it never connects again: the transaction died with the
    // connection, and what follows must not run outside it (Errc::connection
    // until the transaction is rolled back; commit() then commits nothing).
    bool connection_lost() const;
    void reconnect_if_lost();
    // Whether the transaction open is the host's (mend_transaction_begin):
    // a lost connection's message then asks the host to roll it back.
    void set_host_transaction(bool open) { host_transaction_ = open; }
    // Before the work of a commit: Errc::connection ("nothing of it was
    // committed") when the open transaction's connection is known lost.
    void check_connection_to_commit();
    template <class F> auto plain_read(F read) -> decltype(read()) {
        reconnect_if_lost();
        try {
            return read();
        } catch (...) {
            if (!connection_lost()) throw;
        }
        reconnect_if_lost();
        return read();
    }

    // The statement S (a Prepared, store/prepared.hpp), compiled on its first
    // use on this handle and kept until the handle closes, the connection is
    // lost, or (PostgreSQL) a run of it fails: see Prepared::failed().
    template <class S> S& prepared();

    // The journal of reads made inside the host's transaction
    // (store/read_journal.hpp), made on first use.
    ReadJournal& read_journal();
    // Where the database is (a SQLite path, ":memory:", or a PostgreSQL URL)
    // and the busy timeout it was opened with.
    const std::string& where() const { return where_; }
    // PostgreSQL: the practice's schema ("" for the connection's current
    // schema) and whether a transaction-mode pooler sits in between.
    const std::string& practice() const { return practice_; }
    bool transaction_pooling() const { return pooling_; }
    // PostgreSQL: the connect string (libpq keywords, the connect timeout
    // included) and the statement timeout, for a second connection of the
    // handle's (the read journal).
    const std::string& connect_string() const { return connect_string_; }
    int statement_timeout_ms() const { return statement_timeout_ms_; }
    int busy_timeout_ms() const { return busy_timeout_ms_; }

    // Called from a catch block: rethrows the current exception as a
    // mend::Error with a fixed message that carries no client data.
    [[noreturn]] void rethrow_as_error() const;

  private:
    explicit Database(Backend backend);
    static std::unique_ptr<Database> open_impl(const std::string& where, const OpenOptions& options,
                                               bool server_only);
    void open_sqlite(const std::string& path, const OpenOptions& options);
    void configure_sqlite(const OpenOptions& options, bool in_memory);
    // PostgreSQL: connects with connect_string_ and makes the session's
    // settings; select_practice() finds (or, with create, makes) the
    // practice's schema; begin_settings() sets the schema and timeouts in
    // each transaction behind a pooler.
    void connect_postgresql();
    void select_practice(bool create, const std::string& label);
    void begin_settings();
    template <class F> void begin_reconnecting(F begin);
    // Runs the fixed statement S (compiled once) on SQLite, or its text on PostgreSQL.
    template <class S> void exec_fixed(const char* postgresql_text);

    Backend backend_;
    bool in_write_ = false, audit_locked_ = false;
    bool in_transaction_ = false;   // begin_write() or begin_read() until commit() or rollback()
    bool host_transaction_ = false; // set_host_transaction()
    KeySource keys_;
    bool keyed_ = false;
    std::optional<ChainKey> chain_key_;
    std::string where_;
    int busy_timeout_ms_ = 5000;
    std::string connect_string_, practice_;
    bool pooling_ = false;
    int statement_timeout_ms_ = 0;
    std::unique_ptr<ReadJournal> journal_;
    bool encrypted_ = false;
    std::optional<FieldKeys> field_keys_;
    std::string field_keys_problem_;
    long long key_generation_ = 0;
    bool key_job_ = false;
    soci::session sql_;
    // Declared after sql_: destroyed (finalized) before the session closes.
    std::unordered_map<std::type_index, std::unique_ptr<Prepared>> prepared_;
};

// For tests (the statement-plan check, tests/store/test_plans.cpp): a
// function told the text of every statement that a database opened after
// this call prepares once its schema is migrated (SQL text only: values are
// always bound, so no client data reaches it). Process-wide; nullptr stops it
// for databases opened afterwards. It may be called from any thread that uses
// a database, so it must be thread-safe.
using StatementObserver = void (*)(const std::string& sql);
void set_statement_observer(StatementObserver observer);

// libpq's URL as the quoted keyword=value pairs SOCI is given (mend's own
// practice parameter left out).
std::string postgresql_connect_string(const std::string& url);
// A PostgreSQL connection's settings: the session's (UTF-8, UTC, no notices
// printed; unless behind a pooler, the lock and statement timeouts and the
// practice's schema), and, behind a transaction-mode pooler, each
// transaction's (the same three with set_config(..., true)).
void postgresql_session_settings(soci::session& sql, const std::string& practice,
                                 int lock_timeout_ms, int statement_timeout_ms, bool pooling);
void postgresql_transaction_settings(soci::session& sql, const std::string& practice,
                                     int lock_timeout_ms, int statement_timeout_ms);

// A practice name (its PostgreSQL schema): 1-63 of a-z, 0-9 and _, starting
// with a letter, not pg_* nor information_schema.
bool valid_practice_name(const std::string& name);

// Reads the practice's registered keys (store/keys.cpp) and checks the
// host's against them (Errc::key for a wrong or missing one); Database::open
// calls it once the schema is migrated.
void load_keys(Database& db, const KeySource& source);
// Reads the practice's wrapped data keys and unwraps them with the host's
// wrap keys (load_keys calls it). A missing or wrong wrap key is not an
// error here: the handle opens, and every read or write of client data is
// Errc::key.
void load_data_keys(Database& db, const KeySource& source);

// What a database holds before mend writes to it (read only, no lock taken).
enum class Contents { empty, mend, foreign };
Contents inspect(Database& db);

// Applies every migration the database lacks, in one transaction. A schema
// newer than this library knows fails with Errc::schema and changes nothing.
void migrate(Database& db);

// The newest schema version this library knows.
int latest_schema_version();

} // namespace mend::store
