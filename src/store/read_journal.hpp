// The journal of reads made inside the host's transaction (issue 14). The
// host's transaction holds the write lock, and an event appended in it dies
// with it when the process does before commit or rollback. So a read's
// audit events are first written here, on a second connection, committed
// and synced before the data is returned; they enter the audit chain (in
// journal order, chained and keyed as any append) when the host's
// transaction ends, when the handle closes, and when the next handle opens
// the database after a crash.
//
// Where it is: on PostgreSQL the table audit_pending (schema v14), written by
// a second connection in transactions of its own; a move deletes the rows
// and appends their events in one transaction, so each event enters the
// chain exactly once (rows another open move holds are skipped, not waited
// for). On SQLite a sidecar file beside the database, `<db>-reads` (mode
// 0600, made on the first read inside a host transaction, WAL and
// synchronous=FULL): the database's only write lock is the host's. A move
// marks each row with the seq its event is given (durably, before the
// chain's commit), then deletes the rows once the chain's transaction has
// committed; a row found marked is moved again only when the event at that
// seq is not the row's own (same time, actor, action, object and outcome),
// so a crash between the two commits never duplicates an event. An
// in-memory database (":memory:") has no sidecar: its journal is in memory
// (the process's death takes the database with it).
//
// The journal holds what the audit event holds: times, ids, the action, the
// object's kind, the outcome and the detail (never client data).
#pragma once

#include "store/database.hpp"

#include <memory>
#include <vector>

namespace mend::store {

struct AuditEvent; // store/repositories.hpp

class ReadJournal {
  public:
    explicit ReadJournal(Database& db);
    ~ReadJournal();
    ReadJournal(const ReadJournal&) = delete;
    ReadJournal& operator=(const ReadJournal&) = delete;

    // Writes `events` durably (committed on the journal's own connection)
    // before returning; throws when it cannot.
    void write(const std::vector<AuditEvent>& events);
    // Whether the journal may hold events (false without opening or making
    // anything when there is no sidecar).
    bool has_events();
    // Inside the database's write transaction: appends the journal's events
    // to the audit chain. Returns what to finish() once that transaction has
    // committed. On PostgreSQL moves nothing when another transaction holds
    // the audit append lock (the events wait for the next move).
    struct Move {
        std::vector<long long> ids; // journal rows (SQLite) or events (memory)
    };
    Move move();
    // After the chain's commit: forgets the moved rows (best effort).
    void finish(const Move& m) noexcept;

  private:
    struct Impl;
    Database& db_;
    std::unique_ptr<Impl> impl_;
    std::vector<AuditEvent> memory_; // ":memory:"
};

// Moves the journal into the chain in a write transaction of its own when it
// holds events and the handle may append (keys). `wait`: wait for the write
// lock (the busy timeout) or give up at once. Never throws; what is not moved
// stays journalled for the next move.
void settle_read_journal(Database& db, bool wait) noexcept;

} // namespace mend::store
