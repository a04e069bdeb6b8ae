// Releases of records to a client and the partners' authorisations.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

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

Id insert_release(Database& db, const Release& r) {
    long long c = r.case_id, f = r.for_client_id, by = r.created_by, id = 0;
    db.sql()
        << "INSERT INTO record_release (case_id, for_client_id, recipient, purpose, created_on,"
           " expires_on, created_by, created_at) VALUES (:c, :f, :r, :p, :on, :ex, :by, :at) "
           "RETURNING id",
        soci::use(c), soci::use(f), soci::use(r.recipient), soci::use(r.purpose),
        soci::use(r.created_on), soci::use(r.expires_on), soci::use(by), soci::use(r.created_at),
        soci::into(id);
    return id;
}

std::optional<Release> find_release(Database& db, Id id) {
    long long key = id, c = 0, f = 0, by = 0;
    Release r;
    db.sql()
        << "SELECT case_id, for_client_id, recipient, purpose, created_on, expires_on, created_by,"
           " created_at FROM record_release WHERE id = :id",
        soci::use(key), soci::into(c), soci::into(f), soci::into(r.recipient),
        soci::into(r.purpose), soci::into(r.created_on), soci::into(r.expires_on), soci::into(by),
        soci::into(r.created_at);
    if (!db.sql().got_data()) return std::nullopt;
    r.id = id;
    r.case_id = c;
    r.for_client_id = f;
    r.created_by = by;
    long long client = 0;
    soci::statement st = (db.sql().prepare << "SELECT client_id FROM release_authorisation"
                                              " WHERE release_id = :id ORDER BY client_id",
                          soci::into(client), soci::use(key));
    if (st.execute(true)) {
        do
            r.authorised.push_back(client);
        while (st.fetch());
    }
    return r;
}

void insert_release_authorisation(Database& db, Id release_id, Id client_id, const std::string& on,
                                  Id by) {
    long long r = release_id, c = client_id, b = by;
    db.sql()
        << "INSERT INTO release_authorisation (release_id, client_id, authorised_on, recorded_by)"
           " VALUES (:r, :c, :on, :by)",
        soci::use(r), soci::use(c), soci::use(on), soci::use(b);
}

} // namespace mend::store
