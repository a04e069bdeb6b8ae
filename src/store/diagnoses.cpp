// Diagnoses (ICD-10-CM) on a case.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

namespace mend::store {

namespace {

const char* const columns = "id, case_id, client_id, code, listed, rank, onset_on, resolved_on,"
                            " recorded_by, created_at, updated_at";

struct Row {
    long long id = 0, kase = 0, client = 0, by = 0;
    std::string code, created_at, updated_at;
    int listed = 0, rank = 0;
    OutText onset, resolved;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(kase));
        st.exchange(soci::into(client));
        st.exchange(soci::into(code));
        st.exchange(soci::into(listed));
        st.exchange(soci::into(rank));
        st.exchange(soci::into(onset.value, onset.ind));
        st.exchange(soci::into(resolved.value, resolved.ind));
        st.exchange(soci::into(by));
        st.exchange(soci::into(created_at));
        st.exchange(soci::into(updated_at));
    }
    Diagnosis get() const {
        Diagnosis d;
        d.id = id;
        d.case_id = kase;
        d.client_id = client;
        d.code = code;
        d.listed = listed != 0;
        d.rank = rank;
        d.onset_on = onset.get();
        d.resolved_on = resolved.get();
        d.recorded_by = by;
        d.created_at = created_at;
        d.updated_at = updated_at;
        return d;
    }
};

// The values a create or an update writes.
struct Values {
    std::string code;
    int listed = 0, rank = 0;
    InText onset{Text()}, resolved{Text()};
    std::string updated_at;
    void set(const Diagnosis& d) {
        code = d.code;
        listed = d.listed ? 1 : 0;
        rank = d.rank;
        onset = InText(d.onset_on);
        resolved = InText(d.resolved_on);
        updated_at = d.updated_at;
    }
};

struct InsertDiagnosis : Prepared {
    long long kase = 0, client = 0, by = 0, id = 0;
    std::string created_at;
    Values v;
    explicit InsertDiagnosis(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(kase));
        st.exchange(soci::use(client));
        st.exchange(soci::use(v.code));
        st.exchange(soci::use(v.listed));
        st.exchange(soci::use(v.rank));
        st.exchange(soci::use(v.onset.value, v.onset.ind));
        st.exchange(soci::use(v.resolved.value, v.resolved.ind));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO diagnosis (case_id, client_id, code, listed, rank, onset_on,"
                " resolved_on, recorded_by, created_at, updated_at)"
                " VALUES (:cs, :cl, :code, :l, :r, :on, :res, :by, :ca, :ua) RETURNING id");
    }
};

struct UpdateDiagnosis : Prepared {
    long long id = 0;
    Values v;
    explicit UpdateDiagnosis(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(v.code));
        st.exchange(soci::use(v.listed));
        st.exchange(soci::use(v.rank));
        st.exchange(soci::use(v.onset.value, v.onset.ind));
        st.exchange(soci::use(v.resolved.value, v.resolved.ind));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE diagnosis SET code = :code, listed = :l, rank = :r, onset_on = :on,"
                " resolved_on = :res, updated_at = :ua WHERE id = :id");
    }
};

struct FindDiagnosis : Lookup<Row, long long> {
    explicit FindDiagnosis(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM diagnosis WHERE id = :id") {}
};

struct CaseDiagnoses : List<Row, long long> {
    explicit CaseDiagnoses(soci::session& sql)
        : List(sql, std::string("SELECT ") + columns +
                        " FROM diagnosis WHERE case_id = :c ORDER BY client_id, rank, id") {}
};

} // namespace

Id insert_diagnosis(Database& db, const Diagnosis& d) {
    auto& s = db.prepared<InsertDiagnosis>();
    s.kase = d.case_id;
    s.client = d.client_id;
    s.by = d.recorded_by;
    s.created_at = d.created_at;
    s.v.set(d);
    s.run();
    return s.id;
}

void update_diagnosis(Database& db, const Diagnosis& d) {
    auto& s = db.prepared<UpdateDiagnosis>();
    s.id = d.id;
    s.v.set(d);
    s.run();
}

std::optional<Diagnosis> find_diagnosis(Database& db, Id id) {
    return db.prepared<FindDiagnosis>().find(id);
}

std::vector<Diagnosis> list_diagnoses(Database& db, Id case_id) {
    return db.prepared<CaseDiagnoses>().list(case_id);
}

} // namespace mend::store
