#include "store/read_journal.hpp"

#include "domain/error.hpp"
#include "store/audit_fields.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

#include <algorithm>
#include <fcntl.h>
#include <fmt/format.h>
#include <functional>
#include <optional>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mend::store {

namespace {

constexpr const char* pending_columns =
    "at_us, actor_id, action, object_type, object_id, outcome, detail";

struct Fixed : Prepared {
    Fixed(soci::session& sql, const char* text) : Prepared(sql) { compile(text); }
};

// One journalled event, written on the journal's connection.
struct InsertPending : Prepared {
    AuditFieldsIn fields;
    explicit InsertPending(soci::session& sql) : Prepared(sql) {
        fields.bind(st);
        compile(fmt::format("INSERT INTO audit_pending ({}) VALUES (:at, :actor, :action, :type,"
                            " :obj, :outcome, :detail)",
                            pending_columns));
    }
    void put(const AuditEvent& e) {
        fields.set(e);
        run();
    }
};

// Whether any row is journalled (one step of the primary key's index).
struct FirstPending : Prepared {
    long long id = 0;
    explicit FirstPending(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(id));
        compile("SELECT id FROM audit_pending ORDER BY id LIMIT 1");
    }
};

struct PendingRow {
    long long id = 0, moved = 0;
    AuditEvent e;
    AuditFieldsOut fields;
    OutId moved_seq;
    template <class Stmt> void bind(Stmt& st, bool with_moved) {
        st.exchange(soci::into(id));
        fields.bind(st);
        if (with_moved) st.exchange(soci::into(moved_seq.value, moved_seq.ind));
    }
    PendingRow get() const {
        PendingRow out;
        out.id = id;
        out.e = fields.get();
        out.moved = moved_seq.get();
        return out;
    }
};

// SQLite's sidecar: every row, in journal order, with the seq a move gave it.
struct ListPending : Prepared {
    PendingRow r;
    explicit ListPending(soci::session& sql) : Prepared(sql) {
        r.bind(st, true);
        compile(fmt::format("SELECT id, {}, moved_seq FROM audit_pending ORDER BY id",
                            pending_columns));
    }
};
struct MarkMoved : Prepared {
    long long seq = 0, id = 0;
    explicit MarkMoved(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(seq));
        st.exchange(soci::use(id));
        compile("UPDATE audit_pending SET moved_seq = :s WHERE id = :id");
    }
};
struct DeletePending : Prepared {
    long long id = 0;
    explicit DeletePending(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        compile("DELETE FROM audit_pending WHERE id = :id");
    }
};

// On the database's connection (SQLite): the event a marked row was given.
struct AuditAt : Prepared {
    long long seq = 0, at_us = 0;
    OutId actor, object;
    std::string action, object_type, outcome;
    explicit AuditAt(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(at_us));
        st.exchange(soci::into(actor.value, actor.ind));
        st.exchange(soci::into(action));
        st.exchange(soci::into(object_type));
        st.exchange(soci::into(object.value, object.ind));
        st.exchange(soci::into(outcome));
        st.exchange(soci::use(seq));
        compile("SELECT at_us, actor_id, action, object_type, object_id, outcome"
                " FROM audit_event WHERE seq = :s");
    }
};

// On the database's connection (PostgreSQL): takes every row no other open
// move holds, in one statement; the rows are gone when the transaction
// commits, and back if it rolls back.
struct TakePending : Prepared {
    PendingRow r;
    explicit TakePending(soci::session& sql) : Prepared(sql) {
        r.bind(st, false);
        compile(fmt::format("DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending"
                            " ORDER BY id FOR UPDATE SKIP LOCKED) RETURNING id, {}",
                            pending_columns));
    }
};
// PostgreSQL's audit append lock (store/audit.cpp), without waiting.
struct TryAuditLock : Prepared {
    int got = 0;
    explicit TryAuditLock(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(got));
        compile("SELECT CASE WHEN pg_try_advisory_xact_lock(7301002, hashtext(current_schema())) "
                "THEN 1 ELSE 0 END");
    }
};
struct AuditLockWait : Prepared {
    explicit AuditLockWait(soci::session& sql) : Prepared(sql) {
        compile("SELECT pg_advisory_xact_lock(7301002, hashtext(current_schema()))");
    }
};

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace

// The journal's own connection and its statements (compiled once each).
struct ReadJournal::Impl {
    bool sqlite = true;
    // Behind a transaction-mode pooler: each transaction's settings.
    std::function<void(soci::session&)> pooled;
    std::string sidecar;
    soci::session sql;
    std::optional<InsertPending> insert;
    std::optional<FirstPending> first;
    std::optional<ListPending> list;
    std::optional<MarkMoved> mark;
    std::optional<DeletePending> remove;
    std::optional<Fixed> begin, commit, rollback;

    ~Impl() { forget_statements(); }

    // Statements before the session.
    void forget_statements() {
        insert.reset();
        first.reset();
        list.reset();
        mark.reset();
        remove.reset();
        begin.reset();
        commit.reset();
        rollback.reset();
    }

    bool connected = false;
    bool open() const { return connected; }

    void disconnect() noexcept {
        forget_statements();
        try {
            sql.close();
        } catch (...) {
        }
        connected = false;
    }

    // Opens the sidecar (SQLite) or a second connection (PostgreSQL);
    // `create`: make the sidecar when there is none.
    bool connect(const Database& db, bool create) {
        if (open()) return true;
        if (sqlite && !create && !file_exists(sidecar)) return false;
        try {
            connect_now(db);
        } catch (...) {
            disconnect();
            throw;
        }
        connected = true;
        return true;
    }

    void connect_now(const Database& db) {
        if (sqlite) {
            int fd = ::open(sidecar.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (fd < 0) fail(Errc::store, "the read journal beside the database cannot be made");
            int changed = ::fchmod(fd, 0600); // the owner's only, as the database's keys
            ::close(fd);
            if (changed != 0) fail(Errc::store, "the read journal's mode cannot be set to 0600");
            sql.open(soci::sqlite3, "db=\"" + sidecar + "\"");
            sql << fmt::format("PRAGMA busy_timeout={}", db.busy_timeout_ms());
            std::string mode;
            sql << "PRAGMA journal_mode=WAL", soci::into(mode);
            sql << "PRAGMA synchronous=FULL";
            sql << "CREATE TABLE IF NOT EXISTS audit_pending ("
                   " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                   " at_us INTEGER NOT NULL, actor_id INTEGER, action TEXT NOT NULL,"
                   " object_type TEXT NOT NULL, object_id INTEGER, outcome TEXT NOT NULL,"
                   " detail TEXT, moved_seq INTEGER)";
            list.emplace(sql);
            mark.emplace(sql);
            remove.emplace(sql);
            first.emplace(sql);
            begin.emplace(sql, "BEGIN IMMEDIATE");
            commit.emplace(sql, "COMMIT");
            rollback.emplace(sql, "ROLLBACK");
        } else {
            // The handle's own server, practice and settings.
            sql.open(soci::postgresql, db.connect_string());
            postgresql_session_settings(sql, db.practice(), db.busy_timeout_ms(),
                                        db.statement_timeout_ms(), db.transaction_pooling());
            if (db.transaction_pooling())
                pooled = [&db](soci::session& s) {
                    postgresql_transaction_settings(s, db.practice(), db.busy_timeout_ms(),
                                                    db.statement_timeout_ms());
                };
        }
        NoServerPrepares no_prepares(db.transaction_pooling());
        insert.emplace(sql);
    }

    // Runs `work` in one transaction of the journal's connection.
    // (PostgreSQL runs transaction statements as simple queries, as
    // Database does.)
    template <class F> void transaction(F&& work) {
        sqlite ? (void)begin->run() : sql.begin();
        try {
            if (pooled) pooled(sql);
            work();
            sqlite ? (void)commit->run() : sql.commit();
        } catch (...) {
            try {
                sqlite ? (void)rollback->run() : sql.rollback();
            } catch (...) {
            }
            throw;
        }
    }
};

ReadJournal::ReadJournal(Database& db) : db_(db), impl_(std::make_unique<Impl>()) {
    impl_->sqlite = db.backend() == Backend::sqlite;
    impl_->sidecar = db.where() + "-reads";
}

ReadJournal::~ReadJournal() = default;

namespace {
bool in_memory(const Database& db) {
    return db.backend() == Backend::sqlite && db.where() == ":memory:";
}
} // namespace

void ReadJournal::write(const std::vector<AuditEvent>& events) {
    if (events.empty()) return;
    if (in_memory(db_)) {
        memory_.insert(memory_.end(), events.begin(), events.end());
        return;
    }
    try {
        impl_->connect(db_, true);
        impl_->transaction([&] {
            for (const auto& e : events)
                impl_->insert->put(e);
        });
    } catch (const mend::Error&) {
        throw;
    } catch (...) {
        // PostgreSQL: the journal's connection may be lost, and SOCI keeps a
        // failed statement's copies of its values (Prepared::failed()): the
        // next write connects again, with new statements.
        if (!impl_->sqlite) impl_->disconnect();
        fail(Errc::store, "the read could not be journalled for the audit log");
    }
}

bool ReadJournal::has_events() {
    if (in_memory(db_)) return !memory_.empty();
    if (!impl_->sqlite) return db_.prepared<FirstPending>().run();
    if (!impl_->connect(db_, false)) return false;
    return impl_->first->run();
}

ReadJournal::Move ReadJournal::move() {
    Move m;
    if (in_memory(db_)) {
        for (const auto& e : memory_)
            append_audit(db_, e);
        m.ids.push_back(static_cast<long long>(memory_.size()));
        return m;
    }
    if (!impl_->sqlite) {
        if (!db_.holds_audit_lock()) {
            auto& lock = db_.prepared<TryAuditLock>();
            lock.got = 0;
            lock.run();
            if (!lock.got) return m; // another transaction appends: the next move
            db_.note_audit_lock();
        }
        auto& take = db_.prepared<TakePending>();
        auto rows = take.all(take.r);
        std::sort(rows.begin(), rows.end(),
                  [](const PendingRow& a, const PendingRow& b) { return a.id < b.id; });
        for (const auto& r : rows)
            append_audit(db_, r.e);
        return m; // deleted in this transaction: nothing to finish
    }
    if (!impl_->connect(db_, false)) return m;
    auto rows = impl_->list->all(impl_->list->r);
    std::vector<std::pair<long long, long long>> marks; // row id, seq
    for (const auto& r : rows) {
        if (r.moved) {
            auto& at = db_.prepared<AuditAt>();
            at.seq = r.moved;
            at.actor = OutId();
            at.object = OutId();
            if (at.run() && at.at_us == r.e.at_us && at.actor.get() == r.e.actor_id &&
                at.action == r.e.action && at.object_type == r.e.object_type &&
                at.object.get() == r.e.object_id && at.outcome == r.e.outcome) {
                m.ids.push_back(r.id); // moved before, not yet forgotten
                continue;
            }
        }
        marks.emplace_back(r.id, append_audit(db_, r.e));
        m.ids.push_back(r.id);
    }
    // The seqs are durable before the chain commits: a crash between the two
    // commits finds each row's event at its seq and does not move it again.
    if (!marks.empty())
        impl_->transaction([&] {
            for (const auto& [id, seq] : marks) {
                impl_->mark->id = id;
                impl_->mark->seq = seq;
                impl_->mark->run();
            }
        });
    return m;
}

void ReadJournal::finish(const Move& m) noexcept {
    if (m.ids.empty()) return;
    if (in_memory(db_)) {
        auto n = std::min<std::size_t>(static_cast<std::size_t>(m.ids.front()), memory_.size());
        memory_.erase(memory_.begin(), memory_.begin() + static_cast<std::ptrdiff_t>(n));
        return;
    }
    if (!impl_->sqlite || !impl_->open()) return;
    try {
        impl_->transaction([&] {
            for (long long id : m.ids) {
                impl_->remove->id = id;
                impl_->remove->run();
            }
        });
    } catch (...) {
        // Left marked: the next move finds them in the chain and forgets them.
    }
}

void settle_read_journal(Database& db, bool wait) noexcept {
    try {
        if (db.in_write()) return;
        if (db.keys_unregistered() || (db.keyed() && !db.chain_key())) return;
        // A transaction that lost its connection has ended: connect again,
        // so that its journalled reads reach the chain now.
        db.reconnect_if_lost();
        if (!db.read_journal().has_events()) return;
        if (wait)
            db.begin_write();
        else if (!db.try_begin_write())
            return;
        // Taken after BEGIN, which makes a new journal when it reconnects.
        auto& journal = db.read_journal();
        ReadJournal::Move m;
        try {
            if (wait && db.backend() == Backend::postgresql && !db.holds_audit_lock()) {
                db.prepared<AuditLockWait>().run();
                db.note_audit_lock();
            }
            m = journal.move();
            db.commit();
        } catch (...) {
            db.rollback();
            return;
        }
        journal.finish(m);
    } catch (...) {
        // What is not moved stays journalled.
    }
}

} // namespace mend::store
