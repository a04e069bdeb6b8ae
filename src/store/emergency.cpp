// Break the glass: emergency grants (append-only) and the practice's shortest
// accepted reason.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

namespace mend::store {

namespace {

template <bool WithId> struct InsertGrant : InsertRow<WithId> {
    long long clinician = 0, client = 0, opened = 0, expires = 0;
    std::string reason;
    explicit InsertGrant(soci::session& sql) : InsertRow<WithId>(sql) {
        this->st.exchange(soci::use(clinician));
        this->st.exchange(soci::use(client));
        this->st.exchange(soci::use(reason));
        this->st.exchange(soci::use(opened));
        this->st.exchange(soci::use(expires));
        this->compile_insert("emergency_grant",
                             "clinician_id, client_id, reason, opened_us, expires_us",
                             ":c, :k, :r, :o, :e");
    }
};

struct GrantRow {
    EmergencyGrant g;
    long long id = 0, clinician = 0, client = 0;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(clinician));
        st.exchange(soci::into(client));
        st.exchange(soci::into(g.reason));
        st.exchange(soci::into(g.opened_us));
        st.exchange(soci::into(g.expires_us));
    }
    EmergencyGrant get() const {
        EmergencyGrant out = g;
        out.id = id;
        out.clinician_id = clinician;
        out.client_id = client;
        return out;
    }
};

constexpr const char* grant_columns =
    "SELECT id, clinician_id, client_id, reason, opened_us, expires_us FROM emergency_grant";

// The latest grant in force at :now for one clinician and client.
struct ActiveGrant : Prepared {
    GrantRow r;
    long long clinician = 0, client = 0, now1 = 0, now2 = 0;
    explicit ActiveGrant(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(clinician));
        st.exchange(soci::use(client));
        st.exchange(soci::use(now1));
        st.exchange(soci::use(now2));
        compile(std::string(grant_columns) +
                " WHERE clinician_id = :c AND client_id = :k AND expires_us > :n1"
                " AND opened_us <= :n2 ORDER BY id DESC LIMIT 1");
    }
};

struct ListGrants : Prepared {
    GrantRow r;
    long long after = 0;
    int limit = 0;
    explicit ListGrants(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        st.exchange(soci::use(limit));
        compile(std::string(grant_columns) + " WHERE id > :after ORDER BY id LIMIT :lim");
    }
};

struct ReasonMin : One<IntRow> {
    explicit ReasonMin(soci::session& sql)
        : One(sql, "SELECT emergency_reason_min FROM practice ORDER BY id LIMIT 1") {}
};

struct SetReasonMin : Prepared {
    int n = 0;
    explicit SetReasonMin(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(n));
        compile("UPDATE practice SET emergency_reason_min = :n");
    }
};

} // namespace

Id insert_emergency_grant(Database& db, const EmergencyGrant& g) {
    return insert_row<InsertGrant>(db, RowTable::emergency_grant, [&](auto& s, Id id) {
        s.clinician = g.clinician_id;
        s.client = g.client_id;
        s.reason = seal_text(db, {"emergency_grant", "reason", id}, g.reason);
        s.opened = g.opened_us;
        s.expires = g.expires_us;
    });
}

namespace {
// A grant as read, its reason opened. Grants opened before schema 16 keep
// their reasons in the clear, also in an encrypted practice, until a
// re-encryption seals them (store/reseal.cpp).
EmergencyGrant opened(Database& db, EmergencyGrant g) {
    if (db.encrypted() && is_sealed(g.reason))
        g.reason = open_text(db, {"emergency_grant", "reason", g.id}, g.reason);
    return g;
}
} // namespace

std::optional<EmergencyGrant> active_emergency_grant(Database& db, Id clinician_id, Id client_id,
                                                     long long now_us) {
    auto& s = db.prepared<ActiveGrant>();
    s.clinician = clinician_id;
    s.client = client_id;
    s.now1 = s.now2 = now_us;
    if (!s.run()) return std::nullopt;
    return opened(db, s.r.get());
}

std::vector<EmergencyGrant> list_emergency_grants(Database& db, Id after_id, int limit) {
    auto& s = db.prepared<ListGrants>();
    s.after = after_id;
    s.limit = limit;
    auto grants = s.all(s.r);
    for (auto& g : grants)
        g = opened(db, std::move(g));
    return grants;
}

int practice_emergency_reason_min(Database& db) {
    auto n = db.prepared<ReasonMin>().find();
    return n ? static_cast<int>(*n) : 20;
}

void set_practice_emergency_reason_min(Database& db, int n) {
    auto& s = db.prepared<SetReasonMin>();
    s.n = n;
    s.run();
}

} // namespace mend::store
