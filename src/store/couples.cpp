#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

const char* const columns =
    "p.id, p.client_a_id, p.client_b_id, p.relationship_status, p.relationship_start,"
    " p.children_in_household, p.secrets_policy, p.external_id, p.archived, p.created_by,"
    " p.created_at, p.updated_at";

// A clinician sees a couple they registered or one in a conjoint case they lead.
const char* const visible_to_clinician =
    "(p.created_by = :v1 OR EXISTS (SELECT 1 FROM care_case k WHERE k.couple_id = p.id"
    "  AND k.primary_clinician_id = :v2))";

struct Row {
    long long id = 0, a = 0, b = 0, created_by = 0;
    std::string status, policy, created_at, updated_at;
    OutText start, external_id;
    int children = 0, archived = 0;
    soci::indicator children_ind = soci::i_null;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(a));
        st.exchange(soci::into(b));
        st.exchange(soci::into(status));
        st.exchange(soci::into(start.value, start.ind));
        st.exchange(soci::into(children, children_ind));
        st.exchange(soci::into(policy));
        st.exchange(soci::into(external_id.value, external_id.ind));
        st.exchange(soci::into(archived));
        st.exchange(soci::into(created_by));
        st.exchange(soci::into(created_at));
        st.exchange(soci::into(updated_at));
    }
    Couple get() const {
        Couple c;
        c.id = id;
        c.client_a_id = a;
        c.client_b_id = b;
        c.relationship_status = status;
        c.relationship_start = start.get();
        if (children_ind == soci::i_ok) c.children_in_household = children;
        c.secrets_policy = policy;
        c.external_id = external_id.get();
        c.archived = archived != 0;
        c.created_by = created_by;
        c.created_at = created_at;
        c.updated_at = updated_at;
        return c;
    }
};

// The values an INSERT or UPDATE of a couple binds, beside its own.
struct CoupleValues {
    std::string status, policy, updated_at;
    InText start{Text()}, ext{Text()};
    int children = 0;
    soci::indicator children_ind = soci::i_null;
    void set(const Couple& c) {
        status = c.relationship_status;
        start = InText(c.relationship_start);
        children = c.children_in_household.value_or(0);
        children_ind = c.children_in_household ? soci::i_ok : soci::i_null;
        policy = c.secrets_policy;
        ext = InText(c.external_id);
        updated_at = c.updated_at;
    }
    void bind(soci::statement& st) {
        st.exchange(soci::use(status));
        st.exchange(soci::use(start.value, start.ind));
        st.exchange(soci::use(children, children_ind));
        st.exchange(soci::use(policy));
        st.exchange(soci::use(ext.value, ext.ind));
    }
};

struct InsertCouple : Prepared {
    CoupleValues v;
    long long a = 0, b = 0, by = 0, id = 0;
    std::string created_at;
    explicit InsertCouple(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(a));
        st.exchange(soci::use(b));
        v.bind(st);
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO couple (client_a_id, client_b_id, relationship_status,"
                " relationship_start, children_in_household, secrets_policy, external_id,"
                " archived, created_by, created_at, updated_at)"
                " VALUES (:a, :b, :st, :start, :ch, :sp, :ext, 0, :by, :ca, :ua) RETURNING id");
    }
};

struct UpdateCouple : Prepared {
    CoupleValues v;
    int archived = 0;
    long long id = 0;
    explicit UpdateCouple(soci::session& sql) : Prepared(sql) {
        v.bind(st);
        st.exchange(soci::use(archived));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE couple SET relationship_status = :st, relationship_start = :start,"
                " children_in_household = :ch, secrets_policy = :sp, external_id = :ext,"
                " archived = :arch, updated_at = :ua WHERE id = :id");
    }
};

struct FindCouple : Lookup<Row, long long> {
    explicit FindCouple(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM couple p WHERE p.id = :id") {}
};

struct FindCoupleByExternal : Lookup<IntRow, std::string> {
    explicit FindCoupleByExternal(soci::session& sql)
        : Lookup(sql, "SELECT id FROM couple WHERE external_id = :ext") {}
};

struct CoupleVisible : Prepared {
    long long id = 0, v1 = 0, v2 = 0;
    int n = 0;
    explicit CoupleVisible(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        st.exchange(soci::use(v1));
        st.exchange(soci::use(v2));
        st.exchange(soci::into(n));
        compile(std::string("SELECT COUNT(*) FROM couple p WHERE p.id = :id AND ") +
                visible_to_clinician);
    }
};

// A page of couples: each filter the caller sets adds its fixed condition.
enum CoupleFilterBits : unsigned { active_only = 1, with_client = 2, visible_only = 4 };

template <unsigned Bits> struct ListCouples : Prepared {
    Row r;
    long long after = 0, c1 = 0, c2 = 0, v1 = 0, v2 = 0;
    int limit = 0;
    explicit ListCouples(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        std::string where = " WHERE p.id > :after";
        if (Bits & active_only) where += " AND p.archived = 0";
        if (Bits & with_client) {
            where += " AND (p.client_a_id = :c1 OR p.client_b_id = :c2)";
            st.exchange(soci::use(c1));
            st.exchange(soci::use(c2));
        }
        if (Bits & visible_only) {
            where += std::string(" AND ") + visible_to_clinician;
            st.exchange(soci::use(v1));
            st.exchange(soci::use(v2));
        }
        st.exchange(soci::use(limit));
        compile(std::string("SELECT ") + columns + " FROM couple p" + where +
                " ORDER BY p.id LIMIT :lim");
    }
};

} // namespace

Id insert_couple(Database& db, const Couple& c) {
    auto& s = db.prepared<InsertCouple>();
    s.v.set(c);
    s.a = c.client_a_id;
    s.b = c.client_b_id;
    s.by = c.created_by;
    s.created_at = c.created_at;
    s.run();
    return s.id;
}

std::optional<Couple> find_couple(Database& db, Id id) {
    return db.prepared<FindCouple>().find(id);
}

std::optional<Id> find_couple_id_by_external(Database& db, const std::string& external_id) {
    auto id = db.prepared<FindCoupleByExternal>().find(external_id);
    if (!id) return std::nullopt;
    return static_cast<Id>(*id);
}

void update_couple(Database& db, const Couple& c) {
    auto& s = db.prepared<UpdateCouple>();
    s.v.set(c);
    s.archived = c.archived ? 1 : 0;
    s.id = c.id;
    s.run();
}

std::vector<Couple> list_couples(Database& db, const Viewer& viewer, const Page& page,
                                 Id client_id) {
    unsigned bits = (page.include_archived ? 0u : active_only) | (client_id ? with_client : 0u) |
                    (viewer.sees_everything ? 0u : visible_only);
    return with_variant<7>(bits, [&](auto variant) {
        auto& s = db.prepared<ListCouples<decltype(variant)::value>>();
        s.after = page.after_id;
        s.c1 = s.c2 = client_id;
        s.v1 = s.v2 = viewer.clinician_id;
        s.limit = page.limit;
        return s.all(s.r);
    });
}

bool couple_visible(Database& db, Id couple_id, Id clinician_id) {
    auto& s = db.prepared<CoupleVisible>();
    s.id = couple_id;
    s.v1 = s.v2 = clinician_id;
    s.n = 0;
    s.run();
    return s.n > 0;
}

namespace {
struct CouplesByIds : SetList<Row> {
    explicit CouplesByIds(soci::session& sql)
        : SetList(sql, std::string("SELECT p.id, ") + columns + " FROM couple p WHERE p.id" +
                           in_ids(sql)) {}
};
} // namespace

std::map<Id, Couple> find_couples(Database& db, const std::vector<Id>& ids) {
    std::map<Id, Couple> out;
    for (auto& [id, rows] : db.prepared<CouplesByIds>().by_key(ids))
        out.emplace(id, std::move(rows.front()));
    return out;
}

} // namespace mend::store
