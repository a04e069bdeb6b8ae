#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

// seq is the last seq plus one, read under the write lock in the INSERT
// itself, so the log has no gaps: BEGIN IMMEDIATE holds it on SQLite; on
// PostgreSQL a transaction-scoped advisory lock, taken by the statement
// before (the INSERT's snapshot is newer than the lock), serialises
// appenders (a sequence would leave gaps on rollback). The lock is taken
// once per write transaction (Database::holds_audit_lock), not per row.
// MAX(seq) is one descent of the primary key's index on both backends (the
// plan test checks it reads no whole table); keeping the next seq in the
// handle would save little and would have to be undone with every rollback
// to a savepoint.
struct AppendAudit : Prepared {
    long long at_us = 0;
    InId actor{0}, object{0};
    std::string action, object_type, outcome;
    explicit AppendAudit(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(at_us));
        st.exchange(soci::use(actor.value, actor.ind));
        st.exchange(soci::use(action));
        st.exchange(soci::use(object_type));
        st.exchange(soci::use(object.value, object.ind));
        st.exchange(soci::use(outcome));
        compile("INSERT INTO audit_event (seq, at_us, actor_id, action, object_type, object_id,"
                " outcome) VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_event), :at,"
                " :actor, :action, :type, :obj, :outcome)");
    }
};

struct AuditLock : Prepared {
    explicit AuditLock(soci::session& sql) : Prepared(sql) {
        compile("SELECT pg_advisory_xact_lock(7301002)");
    }
};

} // namespace

void append_audit(Database& db, AuditEvent e) {
    if (db.backend() == Backend::postgresql && !db.holds_audit_lock()) {
        db.prepared<AuditLock>().run();
        db.note_audit_lock();
    }
    auto& s = db.prepared<AppendAudit>();
    s.at_us = e.at_us;
    s.actor = InId(e.actor_id);
    s.object = InId(e.object_id);
    s.action = std::move(e.action);
    s.object_type = std::move(e.object_type);
    s.outcome = std::move(e.outcome);
    s.run();
}
namespace {
struct AuditRow {
    AuditEvent e;
    OutId actor, object;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(e.seq));
        st.exchange(soci::into(e.at_us));
        st.exchange(soci::into(actor.value, actor.ind));
        st.exchange(soci::into(e.action));
        st.exchange(soci::into(e.object_type));
        st.exchange(soci::into(object.value, object.ind));
        st.exchange(soci::into(e.outcome));
    }
    AuditEvent get() const {
        AuditEvent out = e;
        out.actor_id = actor.get();
        out.object_id = object.get();
        return out;
    }
};

struct ListAudit : Prepared {
    AuditRow r;
    long long after = 0;
    int limit = 0;
    explicit ListAudit(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        st.exchange(soci::use(limit));
        compile("SELECT seq, at_us, actor_id, action, object_type, object_id, outcome"
                " FROM audit_event WHERE seq > :after ORDER BY seq LIMIT :lim");
    }
};
struct ListAuditOf : Prepared {
    AuditRow r;
    std::string type;
    long long object = 0;
    explicit ListAuditOf(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(type));
        st.exchange(soci::use(object));
        compile("SELECT seq, at_us, actor_id, action, object_type, object_id, outcome"
                " FROM audit_event WHERE object_type = :t AND object_id = :o ORDER BY seq");
    }
};
} // namespace

std::vector<AuditEvent> list_audit_of(Database& db, const std::string& object_type, Id object_id) {
    auto& s = db.prepared<ListAuditOf>();
    s.type = object_type;
    s.object = object_id;
    return s.all(s.r);
}

std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit) {
    auto& s = db.prepared<ListAudit>();
    s.after = after_seq;
    s.limit = limit;
    return s.all(s.r);
}

} // namespace mend::store
