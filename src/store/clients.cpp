#include "store/binding.hpp"
#include "store/repositories.hpp"
#include "store/visibility.hpp"

namespace mend::store {

namespace {

const char* const columns = "c.id, c.external_id, c.given_name, c.family_name, c.preferred_name,"
                            " c.pronouns, c.date_of_birth, c.email, c.phone, c.archived,"
                            " c.created_by, c.created_at, c.updated_at";

const char* const visible_to_clinician = client_visible_sql;

struct Row {
    long long id = 0, created_by = 0;
    std::string given_name, family_name, created_at, updated_at;
    OutText external_id, preferred_name, pronouns, date_of_birth, email, phone;
    int archived = 0;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(external_id.value, external_id.ind));
        st.exchange(soci::into(given_name));
        st.exchange(soci::into(family_name));
        st.exchange(soci::into(preferred_name.value, preferred_name.ind));
        st.exchange(soci::into(pronouns.value, pronouns.ind));
        st.exchange(soci::into(date_of_birth.value, date_of_birth.ind));
        st.exchange(soci::into(email.value, email.ind));
        st.exchange(soci::into(phone.value, phone.ind));
        st.exchange(soci::into(archived));
        st.exchange(soci::into(created_by));
        st.exchange(soci::into(created_at));
        st.exchange(soci::into(updated_at));
    }
    Client get() const {
        Client c;
        c.id = id;
        c.external_id = external_id.get();
        c.given_name = given_name;
        c.family_name = family_name;
        c.preferred_name = preferred_name.get();
        c.pronouns = pronouns.get();
        c.date_of_birth = date_of_birth.get();
        c.email = email.get();
        c.phone = phone.get();
        c.archived = archived != 0;
        c.created_by = created_by;
        c.created_at = created_at;
        c.updated_at = updated_at;
        return c;
    }
};

} // namespace

Id insert_client(Database& db, const Client& c) {
    InText ext(c.external_id), pref(c.preferred_name), pron(c.pronouns), dob(c.date_of_birth),
        email(c.email), phone(c.phone);
    long long by = c.created_by, id = 0;
    db.sql() << "INSERT INTO client (external_id, given_name, family_name, preferred_name,"
                " pronouns, date_of_birth, email, phone, archived, created_by, created_at,"
                " updated_at) VALUES (:ext, :gn, :fn, :pn, :pr, :dob, :em, :ph, 0, :by, :ca, :ua)"
                " RETURNING id",
        soci::use(ext.value, ext.ind), soci::use(c.given_name), soci::use(c.family_name),
        soci::use(pref.value, pref.ind), soci::use(pron.value, pron.ind),
        soci::use(dob.value, dob.ind), soci::use(email.value, email.ind),
        soci::use(phone.value, phone.ind), soci::use(by), soci::use(c.created_at),
        soci::use(c.updated_at), soci::into(id);
    return id;
}

std::optional<Client> find_client(Database& db, Id id) {
    Row r;
    long long key = id;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + columns + " FROM client c WHERE c.id = :id");
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    return r.get();
}

std::optional<Id> find_client_id_by_external(Database& db, const std::string& external_id) {
    long long id = 0;
    db.sql() << "SELECT id FROM client WHERE external_id = :ext", soci::use(external_id),
        soci::into(id);
    if (!db.sql().got_data()) return std::nullopt;
    return id;
}

void update_client(Database& db, const Client& c) {
    InText ext(c.external_id), pref(c.preferred_name), pron(c.pronouns), dob(c.date_of_birth),
        email(c.email), phone(c.phone);
    int archived = c.archived ? 1 : 0;
    long long id = c.id;
    db.sql() << "UPDATE client SET external_id = :ext, given_name = :gn, family_name = :fn,"
                " preferred_name = :pn, pronouns = :pr, date_of_birth = :dob, email = :em,"
                " phone = :ph, archived = :arch, updated_at = :ua WHERE id = :id",
        soci::use(ext.value, ext.ind), soci::use(c.given_name), soci::use(c.family_name),
        soci::use(pref.value, pref.ind), soci::use(pron.value, pron.ind),
        soci::use(dob.value, dob.ind), soci::use(email.value, email.ind),
        soci::use(phone.value, phone.ind), soci::use(archived), soci::use(c.updated_at),
        soci::use(id);
}

std::vector<Client> list_clients(Database& db, const Viewer& viewer, const Page& page) {
    Row r;
    long long after = page.after_id, v1 = viewer.clinician_id, v2 = v1, v3 = v1;
    int archived = page.include_archived ? 1 : 0, limit = page.limit;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(after));
    st.exchange(soci::use(archived));
    if (!viewer.sees_everything) {
        st.exchange(soci::use(v1));
        st.exchange(soci::use(v2));
        st.exchange(soci::use(v3));
    }
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(std::string("SELECT ") + columns +
               " FROM client c WHERE c.id > :after AND (:arch = 1 OR c.archived = 0)" +
               (viewer.sees_everything ? "" : std::string(" AND ") + visible_to_clinician) +
               " ORDER BY c.id LIMIT :lim");
    st.define_and_bind();
    return fetch_all(st, r);
}

bool client_visible(Database& db, Id client_id, Id clinician_id) {
    long long id = client_id, v1 = clinician_id, v2 = v1, v3 = v1;
    int n = 0;
    db.sql() << std::string("SELECT COUNT(*) FROM client c WHERE c.id = :id AND ") +
                    visible_to_clinician,
        soci::use(id), soci::use(v1), soci::use(v2), soci::use(v3), soci::into(n);
    return n > 0;
}

} // namespace mend::store
