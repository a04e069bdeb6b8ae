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

namespace {
struct InsertCase : Prepared {
    std::string kind, opened_on, status, created_at, updated_at;
    InId client{0}, couple{0}, linked{0};
    InText closed{Text()}, ext{Text()};
    long long clinician = 0, by = 0, id = 0;
    explicit InsertCase(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(kind));
        st.exchange(soci::use(client.value, client.ind));
        st.exchange(soci::use(couple.value, couple.ind));
        st.exchange(soci::use(clinician));
        st.exchange(soci::use(opened_on));
        st.exchange(soci::use(closed.value, closed.ind));
        st.exchange(soci::use(status));
        st.exchange(soci::use(linked.value, linked.ind));
        st.exchange(soci::use(ext.value, ext.ind));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(updated_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO care_case (kind, client_id, couple_id, primary_clinician_id,"
                " opened_on, closed_on, status, linked_case_id, external_id, archived,"
                " created_by, created_at, updated_at) VALUES (:kind, :cl, :cp, :pc, :op, :cd,"
                " :st, :lk, :ext, 0, :by, :ca, :ua) RETURNING id");
    }
};

struct UpdateCase : Prepared {
    std::string opened_on, status, updated_at;
    InId linked{0};
    InText closed{Text()}, ext{Text()};
    long long clinician = 0, id = 0;
    int archived = 0;
    explicit UpdateCase(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(clinician));
        st.exchange(soci::use(opened_on));
        st.exchange(soci::use(closed.value, closed.ind));
        st.exchange(soci::use(status));
        st.exchange(soci::use(linked.value, linked.ind));
        st.exchange(soci::use(ext.value, ext.ind));
        st.exchange(soci::use(archived));
        st.exchange(soci::use(updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE care_case SET primary_clinician_id = :pc, opened_on = :op,"
                " closed_on = :cd, status = :st, linked_case_id = :lk, external_id = :ext,"
                " archived = :arch, updated_at = :ua WHERE id = :id");
    }
};

struct FindCase : Lookup<Row, long long> {
    explicit FindCase(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM care_case k WHERE k.id = :id") {}
};

struct FindCaseByExternal : Lookup<IntRow, std::string> {
    explicit FindCaseByExternal(soci::session& sql)
        : Lookup(sql, "SELECT id FROM care_case WHERE external_id = :ext") {}
};

// A page of cases: each filter the caller sets adds its fixed condition.
enum CaseFilterBits : unsigned {
    active_only = 1,
    by_client = 2,
    by_couple = 4,
    by_clinician = 8,
    led_by_viewer = 16, // a clinician sees the cases they lead
};

template <unsigned Bits> struct ListCases : Prepared {
    Row r;
    long long after = 0, cl1 = 0, cl2 = 0, cl3 = 0, cp = 0, pc = 0, viewer = 0;
    int limit = 0;
    explicit ListCases(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        std::string where = " WHERE k.id > :after";
        if (Bits & active_only) where += " AND k.archived = 0";
        if (Bits & by_client) {
            where += " AND (k.client_id = :cl1 OR k.couple_id IN"
                     " (SELECT id FROM couple WHERE client_a_id = :cl2 OR client_b_id = :cl3))";
            for (long long* v : {&cl1, &cl2, &cl3})
                st.exchange(soci::use(*v));
        }
        if (Bits & by_couple) {
            where += " AND k.couple_id = :cp";
            st.exchange(soci::use(cp));
        }
        if (Bits & by_clinician) {
            where += " AND k.primary_clinician_id = :pc";
            st.exchange(soci::use(pc));
        }
        if (Bits & led_by_viewer) {
            where += " AND k.primary_clinician_id = :viewer";
            st.exchange(soci::use(viewer));
        }
        st.exchange(soci::use(limit));
        compile(std::string("SELECT ") + columns + " FROM care_case k" + where +
                " ORDER BY k.id LIMIT :lim");
    }
};
} // namespace

Id insert_case(Database& db, const Case& c) {
    auto& s = db.prepared<InsertCase>();
    s.kind = c.kind;
    s.client = InId(c.client_id);
    s.couple = InId(c.couple_id);
    s.clinician = c.primary_clinician_id;
    s.opened_on = c.opened_on;
    s.closed = InText(c.closed_on);
    s.status = c.status;
    s.linked = InId(c.linked_case_id);
    s.ext = InText(c.external_id);
    s.by = c.created_by;
    s.created_at = c.created_at;
    s.updated_at = c.updated_at;
    s.run();
    return s.id;
}

std::optional<Case> find_case(Database& db, Id id) {
    return db.prepared<FindCase>().find(id);
}

std::optional<Id> find_case_id_by_external(Database& db, const std::string& external_id) {
    auto id = db.prepared<FindCaseByExternal>().find(external_id);
    if (!id) return std::nullopt;
    return static_cast<Id>(*id);
}

void update_case(Database& db, const Case& c) {
    auto& s = db.prepared<UpdateCase>();
    s.clinician = c.primary_clinician_id;
    s.opened_on = c.opened_on;
    s.closed = InText(c.closed_on);
    s.status = c.status;
    s.linked = InId(c.linked_case_id);
    s.ext = InText(c.external_id);
    s.archived = c.archived ? 1 : 0;
    s.updated_at = c.updated_at;
    s.id = c.id;
    s.run();
}

std::vector<Case> list_cases(Database& db, const Viewer& viewer, const Page& page,
                             const CaseFilter& filter) {
    unsigned bits = (page.include_archived ? 0u : active_only) |
                    (filter.client_id ? by_client : 0u) | (filter.couple_id ? by_couple : 0u) |
                    (filter.clinician_id ? by_clinician : 0u) |
                    (viewer.sees_everything ? 0u : led_by_viewer);
    return with_variant<31>(bits, [&](auto variant) {
        auto& s = db.prepared<ListCases<decltype(variant)::value>>();
        s.after = page.after_id;
        s.cl1 = s.cl2 = s.cl3 = filter.client_id;
        s.cp = filter.couple_id;
        s.pc = filter.clinician_id;
        s.viewer = viewer.clinician_id;
        s.limit = page.limit;
        return s.all(s.r);
    });
}

} // namespace mend::store
