#include "domain/audit_chain.hpp"
#include "domain/error.hpp"
#include "store/audit_fields.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

#include <algorithm>
#include <iterator>

namespace mend::store {

namespace {

// seq is the last seq plus one, read under the write lock just before the
// INSERT (AuditHead), so the log has no gaps: BEGIN IMMEDIATE holds it on
// SQLite; on PostgreSQL a transaction-scoped advisory lock, taken by the
// statement before (the head's snapshot is newer than the lock), serialises
// appenders (a sequence would leave gaps on rollback). The lock is taken
// once per write transaction (Database::holds_audit_lock), not per row.
// MAX(seq) is one descent of the primary key's index on both backends (the
// plan test checks it reads no whole table); keeping the next seq in the
// handle would save little and would have to be undone with every rollback
// to a savepoint. In a keyed practice the MAC is computed from the same
// head, so the chain cannot fork.
struct AppendAudit : Prepared {
    long long seq = 0;
    AuditFieldsIn fields;
    InId key_id{0};
    InText prev_mac{Text()}, mac{Text()};
    explicit AppendAudit(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(seq));
        fields.bind(st);
        st.exchange(soci::use(key_id.value, key_id.ind));
        st.exchange(soci::use(prev_mac.value, prev_mac.ind));
        st.exchange(soci::use(mac.value, mac.ind));
        compile("INSERT INTO audit_event (seq, at_us, actor_id, action, object_type, object_id,"
                " outcome, detail, key_id, prev_mac, mac) VALUES (:seq, :at, :actor, :action,"
                " :type, :obj, :outcome, :detail, :key, :prev, :mac)");
    }
};

struct AuditHead : Prepared {
    long long seq = 0;
    OutText mac;
    OutId key;
    explicit AuditHead(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(seq));
        st.exchange(soci::into(mac.value, mac.ind));
        st.exchange(soci::into(key.value, key.ind));
        compile("SELECT seq, mac, key_id FROM audit_event"
                " WHERE seq = (SELECT MAX(seq) FROM audit_event)");
    }
};

struct AuditLock : Prepared {
    explicit AuditLock(soci::session& sql) : Prepared(sql) {
        compile("SELECT pg_advisory_xact_lock(7301002, hashtext(current_schema()))");
    }
};

ChainRow chain_row(const AuditEvent& e) {
    ChainRow r;
    r.seq = e.seq;
    r.at_us = e.at_us;
    if (e.actor_id) r.actor_id = e.actor_id;
    r.action = e.action;
    r.object_type = e.object_type;
    if (e.object_id) r.object_id = e.object_id;
    r.outcome = e.outcome;
    r.detail = e.detail;
    if (e.key_id) r.key_id = e.key_id;
    r.prev_mac = e.prev_mac;
    r.mac = e.mac;
    return r;
}

} // namespace

ChainRow audit_chain_row(const AuditEvent& e) {
    return chain_row(e);
}

long long append_audit(Database& db, AuditEvent e) {
    if (db.backend() == Backend::postgresql && !db.holds_audit_lock()) {
        db.prepared<AuditLock>().run();
        db.note_audit_lock();
    }
    // Whether the practice is keyed is read from the log itself, not from
    // what the handle saw when it opened: once the head is chained, every
    // handle must chain (another may have adopted keys since).
    auto& head = db.prepared<AuditHead>();
    head.seq = 0;
    head.mac = OutText();
    head.key = OutId();
    head.run();
    e.seq = head.seq + 1;
    if (head.mac.get() || db.keyed()) {
        if (!db.chain_key())
            fail(Errc::key, "this practice keeps its audit under the host's key: open it with "
                            "its key file or key callback");
        const ChainKey& key = *db.chain_key();
        if (head.key.get() > key.id)
            fail(Errc::key, "another handle moved this practice to a newer audit key: open it "
                            "again with the host's newest keys");
        e.key_id = key.id;
        if (head.mac.get()) {
            e.prev_mac = head.mac.get();
        } else { // the first keyed event seals every event before it
            ChainSeal seal;
            for_each_audit(db, [&](const AuditEvent& earlier) { seal.add(chain_row(earlier)); });
            e.prev_mac = seal.hex();
        }
        e.mac = audit_mac(key.key, chain_row(e));
    }
    auto& s = db.prepared<AppendAudit>();
    s.seq = e.seq;
    s.fields.set(e);
    s.key_id = InId(e.key_id);
    s.prev_mac = InText(e.prev_mac);
    s.mac = InText(e.mac);
    s.run();
    return e.seq;
}
namespace {
struct AuditRow {
    long long seq = 0;
    AuditFieldsOut fields;
    OutId key;
    OutText prev_mac, mac;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(seq));
        fields.bind(st);
        st.exchange(soci::into(key.value, key.ind));
        st.exchange(soci::into(prev_mac.value, prev_mac.ind));
        st.exchange(soci::into(mac.value, mac.ind));
    }
    AuditEvent get() const {
        AuditEvent out = fields.get();
        out.seq = seq;
        out.key_id = key.get();
        out.prev_mac = prev_mac.get();
        out.mac = mac.get();
        return out;
    }
};
#define MEND_AUDIT_COLUMNS                                                                         \
    "seq, at_us, actor_id, action, object_type, object_id, outcome, detail, key_id, prev_mac, mac"

struct ListAudit : Prepared {
    AuditRow r;
    long long after = 0;
    int limit = 0;
    explicit ListAudit(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        st.exchange(soci::use(limit));
        compile("SELECT " MEND_AUDIT_COLUMNS
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
        compile("SELECT " MEND_AUDIT_COLUMNS
                " FROM audit_event WHERE object_type = :t AND object_id = :o ORDER BY seq");
    }
};
} // namespace

std::optional<AuditEvent> audit_head(Database& db) {
    auto& s = db.prepared<AuditHead>();
    s.seq = 0;
    s.mac = OutText();
    if (!s.run()) return std::nullopt;
    AuditEvent e;
    e.seq = s.seq;
    e.mac = s.mac.get();
    return e;
}

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
        std::string t = "SELECT " MEND_AUDIT_COLUMNS " FROM audit_event WHERE ";
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

void for_each_audit(Database& db, const std::function<void(const AuditEvent&)>& each,
                    long long after_seq) {
    constexpr int page = 2000;
    while (true) {
        auto rows = list_audit(db, after_seq, page);
        for (const auto& e : rows)
            each(e);
        if (rows.size() < static_cast<size_t>(page)) return;
        after_seq = rows.back().seq;
    }
}

std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit) {
    auto& s = db.prepared<ListAudit>();
    s.after = after_seq;
    s.limit = limit;
    return s.all(s.r);
}

} // namespace mend::store
