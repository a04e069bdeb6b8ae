#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

// seq is the last seq plus one, read under the write lock in the INSERT
// itself, so the log has no gaps: BEGIN IMMEDIATE holds it on SQLite; on
// PostgreSQL a transaction-scoped advisory lock, taken by the statement
// before (the INSERT's snapshot is newer than the lock), serialises
// appenders (a sequence would leave gaps on rollback).
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
    if (db.backend() == Backend::postgresql) db.prepared<AuditLock>().run();
    auto& s = db.prepared<AppendAudit>();
    s.at_us = e.at_us;
    s.actor = InId(e.actor_id);
    s.object = InId(e.object_id);
    s.action = std::move(e.action);
    s.object_type = std::move(e.object_type);
    s.outcome = std::move(e.outcome);
    s.run();
}
std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit) {
    AuditEvent e;
    OutId actor, object;
    soci::statement st =
        (db.sql().prepare << "SELECT seq, at_us, actor_id, action, object_type, object_id, outcome"
                             " FROM audit_event WHERE seq > :after ORDER BY seq LIMIT :lim",
         soci::into(e.seq), soci::into(e.at_us), soci::into(actor.value, actor.ind),
         soci::into(e.action), soci::into(e.object_type), soci::into(object.value, object.ind),
         soci::into(e.outcome), soci::use(after_seq), soci::use(limit));
    std::vector<AuditEvent> out;
    if (st.execute(true)) {
        do {
            AuditEvent row = e;
            row.actor_id = actor.get();
            row.object_id = object.get();
            out.push_back(row);
        } while (st.fetch());
    }
    return out;
}

} // namespace mend::store
