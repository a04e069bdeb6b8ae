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

} // namespace

Id insert_couple(Database& db, const Couple& c) {
    InText start(c.relationship_start), ext(c.external_id);
    int children = c.children_in_household.value_or(0);
    soci::indicator children_ind = c.children_in_household ? soci::i_ok : soci::i_null;
    long long a = c.client_a_id, b = c.client_b_id, by = c.created_by, id = 0;
    db.sql() << "INSERT INTO couple (client_a_id, client_b_id, relationship_status,"
                " relationship_start, children_in_household, secrets_policy, external_id,"
                " archived, created_by, created_at, updated_at)"
                " VALUES (:a, :b, :st, :start, :ch, :sp, :ext, 0, :by, :ca, :ua) RETURNING id",
        soci::use(a), soci::use(b), soci::use(c.relationship_status),
        soci::use(start.value, start.ind), soci::use(children, children_ind),
        soci::use(c.secrets_policy), soci::use(ext.value, ext.ind), soci::use(by),
        soci::use(c.created_at), soci::use(c.updated_at), soci::into(id);
    return id;
}

namespace {
struct FindCouple : Lookup<Row, long long> {
    explicit FindCouple(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM couple p WHERE p.id = :id") {}
};
} // namespace

std::optional<Couple> find_couple(Database& db, Id id) {
    return db.prepared<FindCouple>().find(id);
}

std::optional<Id> find_couple_id_by_external(Database& db, const std::string& external_id) {
    long long id = 0;
    db.sql() << "SELECT id FROM couple WHERE external_id = :ext", soci::use(external_id),
        soci::into(id);
    if (!db.sql().got_data()) return std::nullopt;
    return id;
}

void update_couple(Database& db, const Couple& c) {
    InText start(c.relationship_start), ext(c.external_id);
    int children = c.children_in_household.value_or(0);
    soci::indicator children_ind = c.children_in_household ? soci::i_ok : soci::i_null;
    int archived = c.archived ? 1 : 0;
    long long id = c.id;
    db.sql() << "UPDATE couple SET relationship_status = :st, relationship_start = :start,"
                " children_in_household = :ch, secrets_policy = :sp, external_id = :ext,"
                " archived = :arch, updated_at = :ua WHERE id = :id",
        soci::use(c.relationship_status), soci::use(start.value, start.ind),
        soci::use(children, children_ind), soci::use(c.secrets_policy),
        soci::use(ext.value, ext.ind), soci::use(archived), soci::use(c.updated_at), soci::use(id);
}

std::vector<Couple> list_couples(Database& db, const Viewer& viewer, const Page& page,
                                 Id client_id) {
    Row r;
    long long after = page.after_id, v1 = viewer.clinician_id, v2 = v1;
    long long c0 = client_id, c1 = client_id, c2 = client_id;
    int archived = page.include_archived ? 1 : 0, limit = page.limit;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(after));
    st.exchange(soci::use(archived));
    st.exchange(soci::use(c0));
    st.exchange(soci::use(c1));
    st.exchange(soci::use(c2));
    if (!viewer.sees_everything) {
        st.exchange(soci::use(v1));
        st.exchange(soci::use(v2));
    }
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(std::string("SELECT ") + columns +
               " FROM couple p WHERE p.id > :after AND (:arch = 1 OR p.archived = 0)"
               " AND (:c0 = 0 OR p.client_a_id = :c1 OR p.client_b_id = :c2)" +
               (viewer.sees_everything ? "" : std::string(" AND ") + visible_to_clinician) +
               " ORDER BY p.id LIMIT :lim");
    st.define_and_bind();
    return fetch_all(st, r);
}

bool couple_visible(Database& db, Id couple_id, Id clinician_id) {
    long long id = couple_id, v1 = clinician_id, v2 = v1;
    int n = 0;
    db.sql() << std::string("SELECT COUNT(*) FROM couple p WHERE p.id = :id AND ") +
                    visible_to_clinician,
        soci::use(id), soci::use(v1), soci::use(v2), soci::into(n);
    return n > 0;
}

} // namespace mend::store
