#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

const char* const columns =
    "k.id, k.kind, k.client_id, k.couple_id, k.primary_clinician_id, k.opened_on, k.closed_on,"
    " k.status, k.linked_case_id, k.external_id, k.archived, k.created_by, k.created_at,"
    " k.updated_at";

struct Row {
    long long id = 0, clinician = 0, created_by = 0;
    OutId client, couple, linked;
    std::string kind, opened_on, status, created_at, updated_at;
    OutText closed_on, external_id;
    int archived = 0;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(client.value, client.ind));
        st.exchange(soci::into(couple.value, couple.ind));
        st.exchange(soci::into(clinician));
        st.exchange(soci::into(opened_on));
        st.exchange(soci::into(closed_on.value, closed_on.ind));
        st.exchange(soci::into(status));
        st.exchange(soci::into(linked.value, linked.ind));
        st.exchange(soci::into(external_id.value, external_id.ind));
        st.exchange(soci::into(archived));
        st.exchange(soci::into(created_by));
        st.exchange(soci::into(created_at));
        st.exchange(soci::into(updated_at));
    }
    Case get() const {
        Case c;
        c.id = id;
        c.kind = kind;
        c.client_id = client.get();
        c.couple_id = couple.get();
        c.primary_clinician_id = clinician;
        c.opened_on = opened_on;
        c.closed_on = closed_on.get();
        c.status = status;
        c.linked_case_id = linked.get();
        c.external_id = external_id.get();
        c.archived = archived != 0;
        c.created_by = created_by;
        c.created_at = created_at;
        c.updated_at = updated_at;
        return c;
    }
};

} // namespace

Id insert_case(Database& db, const Case& c) {
    InId client(c.client_id), couple(c.couple_id), linked(c.linked_case_id);
    InText closed(c.closed_on), ext(c.external_id);
    long long clinician = c.primary_clinician_id, by = c.created_by, id = 0;
    db.sql() << "INSERT INTO care_case (kind, client_id, couple_id, primary_clinician_id,"
                " opened_on, closed_on, status, linked_case_id, external_id, archived,"
                " created_by, created_at, updated_at) VALUES (:kind, :cl, :cp, :pc, :op, :cd,"
                " :st, :lk, :ext, 0, :by, :ca, :ua) RETURNING id",
        soci::use(c.kind), soci::use(client.value, client.ind), soci::use(couple.value, couple.ind),
        soci::use(clinician), soci::use(c.opened_on), soci::use(closed.value, closed.ind),
        soci::use(c.status), soci::use(linked.value, linked.ind), soci::use(ext.value, ext.ind),
        soci::use(by), soci::use(c.created_at), soci::use(c.updated_at), soci::into(id);
    return id;
}

namespace {
struct FindCase : Lookup<Row, long long> {
    explicit FindCase(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM care_case k WHERE k.id = :id") {}
};
} // namespace

std::optional<Case> find_case(Database& db, Id id) {
    return db.prepared<FindCase>().find(id);
}

std::optional<Id> find_case_id_by_external(Database& db, const std::string& external_id) {
    long long id = 0;
    db.sql() << "SELECT id FROM care_case WHERE external_id = :ext", soci::use(external_id),
        soci::into(id);
    if (!db.sql().got_data()) return std::nullopt;
    return id;
}

void update_case(Database& db, const Case& c) {
    InId linked(c.linked_case_id);
    InText closed(c.closed_on), ext(c.external_id);
    long long clinician = c.primary_clinician_id, id = c.id;
    int archived = c.archived ? 1 : 0;
    db.sql() << "UPDATE care_case SET primary_clinician_id = :pc, opened_on = :op,"
                " closed_on = :cd, status = :st, linked_case_id = :lk, external_id = :ext,"
                " archived = :arch, updated_at = :ua WHERE id = :id",
        soci::use(clinician), soci::use(c.opened_on), soci::use(closed.value, closed.ind),
        soci::use(c.status), soci::use(linked.value, linked.ind), soci::use(ext.value, ext.ind),
        soci::use(archived), soci::use(c.updated_at), soci::use(id);
}

std::vector<Case> list_cases(Database& db, const Viewer& viewer, const Page& page,
                             const CaseFilter& filter) {
    Row r;
    long long after = page.after_id, viewer_id = viewer.clinician_id;
    long long cl0 = filter.client_id, cl1 = cl0, cl2 = cl0, cl3 = cl0;
    long long cp0 = filter.couple_id, cp1 = cp0, pc0 = filter.clinician_id, pc1 = pc0;
    int archived = page.include_archived ? 1 : 0, limit = page.limit;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(after));
    st.exchange(soci::use(archived));
    st.exchange(soci::use(cl0));
    st.exchange(soci::use(cl1));
    st.exchange(soci::use(cl2));
    st.exchange(soci::use(cl3));
    st.exchange(soci::use(cp0));
    st.exchange(soci::use(cp1));
    st.exchange(soci::use(pc0));
    st.exchange(soci::use(pc1));
    // A clinician sees the cases they lead.
    if (!viewer.sees_everything) st.exchange(soci::use(viewer_id));
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(std::string("SELECT ") + columns +
               " FROM care_case k WHERE k.id > :after AND (:arch = 1 OR k.archived = 0)"
               " AND (:cl0 = 0 OR k.client_id = :cl1 OR k.couple_id IN"
               "      (SELECT id FROM couple WHERE client_a_id = :cl2 OR client_b_id = :cl3))"
               " AND (:cp0 = 0 OR k.couple_id = :cp1)"
               " AND (:pc0 = 0 OR k.primary_clinician_id = :pc1)" +
               (viewer.sees_everything ? "" : " AND k.primary_clinician_id = :viewer") +
               " ORDER BY k.id LIMIT :lim");
    st.define_and_bind();
    return fetch_all(st, r);
}

} // namespace mend::store
