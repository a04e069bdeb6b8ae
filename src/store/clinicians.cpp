#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

const char* const columns =
    "id, display_name, credentials, role, external_id, archived, created_at, updated_at";

// One clinician row's into() targets, reusable across fetches.
struct Row {
    long long id = 0;
    std::string display_name, role, created_at, updated_at;
    OutText credentials, external_id;
    int archived = 0;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(display_name));
        st.exchange(soci::into(credentials.value, credentials.ind));
        st.exchange(soci::into(role));
        st.exchange(soci::into(external_id.value, external_id.ind));
        st.exchange(soci::into(archived));
        st.exchange(soci::into(created_at));
        st.exchange(soci::into(updated_at));
    }
    Clinician get() const {
        Clinician c;
        c.id = id;
        c.display_name = display_name;
        c.credentials = credentials.get();
        c.role = role;
        c.external_id = external_id.get();
        c.archived = archived != 0;
        c.created_at = created_at;
        c.updated_at = updated_at;
        return c;
    }
};

struct FindClinician : Lookup<Row, long long> {
    explicit FindClinician(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM clinician WHERE id = :id") {}
};

struct FindClinicianByExternal : Lookup<Row, std::string> {
    explicit FindClinicianByExternal(soci::session& sql)
        : Lookup(sql,
                 std::string("SELECT ") + columns + " FROM clinician WHERE external_id = :ext") {}
};

} // namespace

int count_clinicians(Database& db) {
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM clinician", soci::into(n);
    return n;
}

void insert_practice(Database& db, const std::string& name, const std::string& now) {
    db.sql() << "INSERT INTO practice (name, created_at) VALUES (:name, :at)", soci::use(name),
        soci::use(now);
}

namespace {
struct PracticeTimeZone : One<TextRow> {
    explicit PracticeTimeZone(soci::session& sql)
        : One(sql, "SELECT time_zone FROM practice ORDER BY id LIMIT 1") {}
};
} // namespace

std::string practice_time_zone(Database& db) {
    auto zone = db.prepared<PracticeTimeZone>().find();
    return zone && !zone->empty() ? *zone : std::string("UTC");
}

void set_practice_time_zone(Database& db, const std::string& zone) {
    db.sql() << "UPDATE practice SET time_zone = :z", soci::use(zone);
}

Id insert_clinician(Database& db, const Clinician& c) {
    InText credentials(c.credentials), external_id(c.external_id);
    int archived = c.archived ? 1 : 0;
    long long id = 0;
    db.sql() << "INSERT INTO clinician (display_name, credentials, role, external_id, archived,"
                " created_at, updated_at) VALUES (:dn, :cr, :role, :ext, :arch, :ca, :ua)"
                " RETURNING id",
        soci::use(c.display_name), soci::use(credentials.value, credentials.ind), soci::use(c.role),
        soci::use(external_id.value, external_id.ind), soci::use(archived), soci::use(c.created_at),
        soci::use(c.updated_at), soci::into(id);
    return id;
}

std::optional<Clinician> find_clinician(Database& db, Id id) {
    return db.prepared<FindClinician>().find(id);
}

std::optional<Clinician> find_clinician_by_external(Database& db, const std::string& external_id) {
    return db.prepared<FindClinicianByExternal>().find(external_id);
}

void update_clinician(Database& db, const Clinician& c) {
    InText credentials(c.credentials), external_id(c.external_id);
    int archived = c.archived ? 1 : 0;
    long long id = c.id;
    db.sql() << "UPDATE clinician SET display_name = :dn, credentials = :cr, role = :role,"
                " external_id = :ext, archived = :arch, updated_at = :ua WHERE id = :id",
        soci::use(c.display_name), soci::use(credentials.value, credentials.ind), soci::use(c.role),
        soci::use(external_id.value, external_id.ind), soci::use(archived), soci::use(c.updated_at),
        soci::use(id);
}

std::vector<Clinician> list_clinicians(Database& db, const Page& page) {
    Row r;
    long long after = page.after_id;
    int archived = page.include_archived ? 1 : 0, limit = page.limit;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(after));
    st.exchange(soci::use(archived));
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(std::string("SELECT ") + columns +
               " FROM clinician WHERE id > :after AND (:arch = 1 OR archived = 0)"
               " ORDER BY id LIMIT :lim");
    st.define_and_bind();
    return fetch_all(st, r);
}

bool external_id_taken(Database& db, const char* table, const std::string& external_id, Id self) {
    // `table` is one of mend's own table names, never user text.
    int n = 0;
    long long me = self;
    db.sql() << std::string("SELECT COUNT(*) FROM ") + table +
                    " WHERE external_id = :ext AND id <> :self",
        soci::use(external_id), soci::use(me), soci::into(n);
    return n > 0;
}

} // namespace mend::store
