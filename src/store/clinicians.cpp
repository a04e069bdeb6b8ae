#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

#include <stdexcept>

namespace mend::store {

namespace {

const char* const columns =
    "id, display_name, credentials, role, external_id, archived, created_at, updated_at, npi";

// One clinician row's into() targets, reusable across fetches.
struct Row {
    long long id = 0;
    std::string display_name, role, created_at, updated_at;
    OutText credentials, external_id, npi;
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
        st.exchange(soci::into(npi.value, npi.ind));
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
        c.npi = npi.get();
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

struct CountClinicians : One<IntRow> {
    explicit CountClinicians(soci::session& sql) : One(sql, "SELECT COUNT(*) FROM clinician") {}
};

struct ClinicianValues {
    std::string display_name, role, updated_at;
    InText credentials{Text()}, external_id{Text()}, npi{Text()};
    int archived = 0;
    void set(const Clinician& c) {
        display_name = c.display_name;
        credentials = InText(c.credentials);
        role = c.role;
        external_id = InText(c.external_id);
        archived = c.archived ? 1 : 0;
        npi = InText(c.npi);
        updated_at = c.updated_at;
    }
    void bind(soci::statement& st) {
        st.exchange(soci::use(display_name));
        st.exchange(soci::use(credentials.value, credentials.ind));
        st.exchange(soci::use(role));
        st.exchange(soci::use(external_id.value, external_id.ind));
        st.exchange(soci::use(archived));
        st.exchange(soci::use(npi.value, npi.ind));
    }
};

struct InsertClinician : Prepared {
    ClinicianValues v;
    std::string created_at;
    long long id = 0;
    explicit InsertClinician(soci::session& sql) : Prepared(sql) {
        v.bind(st);
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO clinician (display_name, credentials, role, external_id, archived,"
                " npi, created_at, updated_at) VALUES (:dn, :cr, :role, :ext, :arch, :npi, :ca,"
                " :ua) RETURNING id");
    }
};

struct UpdateClinician : Prepared {
    ClinicianValues v;
    long long id = 0;
    explicit UpdateClinician(soci::session& sql) : Prepared(sql) {
        v.bind(st);
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE clinician SET display_name = :dn, credentials = :cr, role = :role,"
                " external_id = :ext, archived = :arch, npi = :npi, updated_at = :ua"
                " WHERE id = :id");
    }
};

// A page of clinicians; Archived: the archived ones too.
template <bool Archived> struct ListClinicians : Prepared {
    Row r;
    long long after = 0;
    int limit = 0;
    explicit ListClinicians(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        st.exchange(soci::use(limit));
        compile(std::string("SELECT ") + columns + " FROM clinician WHERE id > :after" +
                (Archived ? "" : " AND archived = 0") + " ORDER BY id LIMIT :lim");
    }
};

// Whether another row of a table holds an external id: one statement per
// table (`Table` is one of mend's own table names, never user text).
template <const char* Table, const char* Column> struct ExternalIdTaken : Prepared {
    std::string ext;
    long long self = 0;
    int n = 0;
    explicit ExternalIdTaken(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(ext));
        st.exchange(soci::use(self));
        st.exchange(soci::into(n));
        compile(std::string("SELECT COUNT(*) FROM ") + Table + " WHERE " + Column +
                " = :ext AND id <> :self");
    }
};

extern const char client_table[] = "client";
extern const char couple_table[] = "couple";
extern const char case_table[] = "care_case";
extern const char clinician_table[] = "clinician";
extern const char external_id_column[] = "external_id";
// An encrypted practice's clients: the blind index of the external id.
extern const char external_id_bidx_column[] = "external_id_bidx";

template <const char* Table, const char* Column = external_id_column>
bool taken_in(Database& db, const std::string& external_id, Id self) {
    auto& s = db.prepared<ExternalIdTaken<Table, Column>>();
    s.ext = external_id;
    s.self = self;
    s.n = 0;
    s.run();
    return s.n > 0;
}

} // namespace

int count_clinicians(Database& db) {
    return static_cast<int>(db.prepared<CountClinicians>().find().value_or(0));
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
    auto& s = db.prepared<InsertClinician>();
    s.v.set(c);
    s.created_at = c.created_at;
    s.run();
    return s.id;
}

std::optional<Clinician> find_clinician(Database& db, Id id) {
    return db.prepared<FindClinician>().find(id);
}

std::optional<Clinician> find_clinician_by_external(Database& db, const std::string& external_id) {
    return db.prepared<FindClinicianByExternal>().find(external_id);
}

void update_clinician(Database& db, const Clinician& c) {
    auto& s = db.prepared<UpdateClinician>();
    s.v.set(c);
    s.id = c.id;
    s.run();
}

std::vector<Clinician> list_clinicians(Database& db, const Page& page) {
    auto run = [&](auto& s) {
        s.after = page.after_id;
        s.limit = page.limit;
        return s.all(s.r);
    };
    return page.include_archived ? run(db.prepared<ListClinicians<true>>())
                                 : run(db.prepared<ListClinicians<false>>());
}

bool external_id_taken(Database& db, const char* table, const std::string& external_id, Id self) {
    const std::string t = table;
    if (t == client_table && db.encrypted())
        return taken_in<client_table, external_id_bidx_column>(
            db, *blind_index(db, client_external_id_index, external_id), self);
    if (t == client_table) return taken_in<client_table>(db, external_id, self);
    if (t == couple_table) return taken_in<couple_table>(db, external_id, self);
    if (t == case_table) return taken_in<case_table>(db, external_id, self);
    if (t == clinician_table) return taken_in<clinician_table>(db, external_id, self);
    throw std::logic_error("external_id_taken: not one of mend's tables");
}

} // namespace mend::store
