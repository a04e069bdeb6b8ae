// Releases of records to a client and the partners' authorisations.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

namespace mend::store {

namespace {
struct PracticeName : One<TextRow> {
    explicit PracticeName(soci::session& sql)
        : One(sql, "SELECT name FROM practice ORDER BY id LIMIT 1") {}
};
} // namespace

std::string practice_name(Database& db) {
    return db.prepared<PracticeName>().find().value_or(std::string());
}

namespace {
template <bool WithId> struct InsertRelease : InsertRow<WithId> {
    long long c = 0, f = 0, by = 0;
    std::string recipient, purpose, created_on, expires_on, created_at;
    explicit InsertRelease(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(f));
        st.exchange(soci::use(recipient));
        st.exchange(soci::use(purpose));
        st.exchange(soci::use(created_on));
        st.exchange(soci::use(expires_on));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        this->compile_insert("record_release",
                             "case_id, for_client_id, recipient, purpose, created_on, expires_on,"
                             " created_by, created_at",
                             ":c, :f, :r, :p, :on, :ex, :by, :at");
    }
};

struct ReleaseRow {
    long long c = 0, f = 0, by = 0;
    Release r;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(c));
        st.exchange(soci::into(f));
        st.exchange(soci::into(r.recipient));
        st.exchange(soci::into(r.purpose));
        st.exchange(soci::into(r.created_on));
        st.exchange(soci::into(r.expires_on));
        st.exchange(soci::into(by));
        st.exchange(soci::into(r.created_at));
    }
    Release get() const {
        Release out = r;
        out.case_id = c;
        out.for_client_id = f;
        out.created_by = by;
        return out;
    }
};

struct FindRelease : Lookup<ReleaseRow, long long> {
    explicit FindRelease(soci::session& sql)
        : Lookup(sql, "SELECT case_id, for_client_id, recipient, purpose, created_on, expires_on,"
                      " created_by, created_at FROM record_release WHERE id = :id") {}
};

struct ListAuthorisations : List<IntRow, long long> {
    explicit ListAuthorisations(soci::session& sql)
        : List(sql, "SELECT client_id FROM release_authorisation"
                    " WHERE release_id = :id ORDER BY client_id") {}
};

struct ListReleaseIds : List<IntRow, long long> {
    explicit ListReleaseIds(soci::session& sql)
        : List(sql, "SELECT id FROM record_release WHERE case_id = :id ORDER BY id") {}
};

struct InsertAuthorisation : Prepared {
    long long r = 0, c = 0, by = 0;
    std::string on;
    explicit InsertAuthorisation(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(r));
        st.exchange(soci::use(c));
        st.exchange(soci::use(on));
        st.exchange(soci::use(by));
        compile("INSERT INTO release_authorisation (release_id, client_id, authorised_on,"
                " recorded_by) VALUES (:r, :c, :on, :by)");
    }
};
} // namespace

Id insert_release(Database& db, const Release& r) {
    return insert_row<InsertRelease>(db, RowTable::record_release, [&](auto& s, Id id) {
        s.c = r.case_id;
        s.f = r.for_client_id;
        s.recipient = seal_text(db, {"record_release", "recipient", id}, r.recipient);
        s.purpose = r.purpose;
        s.created_on = r.created_on;
        s.expires_on = r.expires_on;
        s.by = r.created_by;
        s.created_at = r.created_at;
    });
}

std::optional<Release> find_release(Database& db, Id id) {
    auto r = db.prepared<FindRelease>().find(id);
    if (!r) return std::nullopt;
    r->id = id;
    r->recipient = open_text(db, {"record_release", "recipient", id}, r->recipient);
    for (long long client : db.prepared<ListAuthorisations>().list(id))
        r->authorised.push_back(client);
    return r;
}

std::vector<Release> list_releases(Database& db, Id case_id) {
    std::vector<Release> out;
    for (long long id : db.prepared<ListReleaseIds>().list(case_id))
        if (auto r = find_release(db, id)) out.push_back(*r);
    return out;
}

void insert_release_authorisation(Database& db, Id release_id, Id client_id, const std::string& on,
                                  Id by) {
    auto& s = db.prepared<InsertAuthorisation>();
    s.r = release_id;
    s.c = client_id;
    s.on = on;
    s.by = by;
    s.run();
}

} // namespace mend::store
