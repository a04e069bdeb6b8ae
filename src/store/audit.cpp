#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

#include <algorithm>
#include <iterator>

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

namespace {
// The filtered log, one statement per combination of filters (bit 1: one
// actor; bit 2: records of one object type among a set of ids, read through
// the index audit_event_object(object_type, object_id, seq)). The time range
// is always bound: [from, to) in microseconds.
template <bool ByActor, bool ByObjects> struct ListAuditWhere : Prepared {
    AuditRow r;
    long long after = 0, from = 0, to = 0;
    long long actor = 0;
    std::string type, ids;
    int limit = 0;
    static std::string text(soci::session& sql) {
        std::string t = "SELECT seq, at_us, actor_id, action, object_type, object_id, outcome"
                        " FROM audit_event WHERE ";
        if (ByObjects) t += "object_type = :type AND object_id" + in_ids(sql) + " AND ";
        t += "seq > :after AND at_us >= :from AND at_us < :to";
        if (ByActor) t += " AND actor_id = :actor";
        return t + " ORDER BY seq LIMIT :lim";
    }
    explicit ListAuditWhere(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        if (ByObjects) {
            st.exchange(soci::use(type));
            st.exchange(soci::use(ids));
        }
        st.exchange(soci::use(after));
        st.exchange(soci::use(from));
        st.exchange(soci::use(to));
        if (ByActor) st.exchange(soci::use(actor));
        st.exchange(soci::use(limit));
        compile(text(sql));
    }
};

template <bool ByActor, bool ByObjects>
std::vector<AuditEvent> audit_where(Database& db, const AuditQuery& q, const std::string& type,
                                    const std::vector<Id>& ids) {
    auto& s = db.prepared<ListAuditWhere<ByActor, ByObjects>>();
    s.after = q.after_seq;
    s.from = q.from_us;
    s.to = q.to_us;
    s.actor = q.actor_id;
    s.limit = q.limit;
    if (ByObjects) {
        s.type = type;
        s.ids = id_array(ids, db.backend() == Backend::sqlite);
    }
    return s.all(s.r);
}

std::vector<AuditEvent> audit_where(Database& db, const AuditQuery& q, bool by_objects,
                                    const std::string& type, const std::vector<Id>& ids) {
    unsigned bits = (q.actor_id != 0 ? 1u : 0u) | (by_objects ? 2u : 0u);
    return with_variant<3>(bits, [&](auto variant) {
        constexpr unsigned b = decltype(variant)::value;
        return audit_where<(b & 1u) != 0, (b & 2u) != 0>(db, q, type, ids);
    });
}
} // namespace

namespace {
struct CaseProcessNoteIds : List<Keyed<IntRow>, long long> {
    explicit CaseProcessNoteIds(soci::session& sql)
        : List(sql, "SELECT session_id, id FROM process_note WHERE case_id = :c ORDER BY id") {}
};
struct CasePlanIds : List<IntRow, long long> {
    explicit CasePlanIds(soci::session& sql)
        : List(sql, "SELECT id FROM treatment_plan WHERE case_id = :c ORDER BY id") {}
};
} // namespace

std::vector<std::pair<Id, Id>> list_process_note_ids(Database& db, Id case_id) {
    std::vector<std::pair<Id, Id>> out;
    for (const auto& [session, id] : db.prepared<CaseProcessNoteIds>().list(case_id))
        out.emplace_back(session, id);
    return out;
}

std::vector<Id> list_plan_ids(Database& db, Id case_id) {
    auto ids = db.prepared<CasePlanIds>().list(case_id);
    return std::vector<Id>(ids.begin(), ids.end());
}

std::vector<AuditEvent> list_audit_where(Database& db, const AuditQuery& q) {
    if (!q.objects) return audit_where(db, q, false, std::string(), {});
    // One read per object type, each at most `limit` rows; merged by seq, the
    // first `limit` of them are the page.
    std::vector<AuditEvent> out;
    for (const auto& [type, ids] : *q.objects) {
        if (ids.empty()) continue;
        auto rows = audit_where(db, q, true, type, ids);
        out.insert(out.end(), std::make_move_iterator(rows.begin()),
                   std::make_move_iterator(rows.end()));
    }
    std::sort(out.begin(), out.end(),
              [](const AuditEvent& a, const AuditEvent& b) { return a.seq < b.seq; });
    if (out.size() > static_cast<std::size_t>(q.limit)) out.resize(q.limit);
    return out;
}

std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit) {
    auto& s = db.prepared<ListAudit>();
    s.after = after_seq;
    s.limit = limit;
    return s.all(s.r);
}

} // namespace mend::store
