#include "store/binding.hpp"
#include "store/repositories.hpp"

namespace mend::store {

// seq is the last seq plus one, read under the write lock, so the log has no
// gaps: BEGIN IMMEDIATE holds it on SQLite; on PostgreSQL a transaction-scoped
// advisory lock serialises appenders (a sequence would leave gaps on rollback).
void append_audit(Database& db, AuditEvent e) {
    if (db.backend() == Backend::postgresql) db.sql() << "SELECT pg_advisory_xact_lock(7301002)";
    long long last = 0;
    soci::indicator last_ind = soci::i_null;
    db.sql() << "SELECT MAX(seq) FROM audit_event", soci::into(last, last_ind);
    long long seq = (last_ind == soci::i_ok ? last : 0) + 1;
    InId actor(e.actor_id), object(e.object_id);
    db.sql() << "INSERT INTO audit_event (seq, at_us, actor_id, action, object_type, object_id,"
                " outcome) VALUES (:seq, :at, :actor, :action, :type, :obj, :outcome)",
        soci::use(seq), soci::use(e.at_us), soci::use(actor.value, actor.ind), soci::use(e.action),
        soci::use(e.object_type), soci::use(object.value, object.ind), soci::use(e.outcome);
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
