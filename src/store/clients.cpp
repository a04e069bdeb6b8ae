#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"
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

// Calls f(column, field) for each field an encrypted practice seals.
template <class C, class F> void each_sealed(C& c, F&& f) {
    f("external_id", c.external_id);
    f("given_name", c.given_name);
    f("family_name", c.family_name);
    f("preferred_name", c.preferred_name);
    f("pronouns", c.pronouns);
    f("date_of_birth", c.date_of_birth);
    f("email", c.email);
    f("phone", c.phone);
}

// The client as read, its sealed fields opened.
Client opened(Database& db, Client c) {
    if (db.encrypted())
        each_sealed(c, [&](const char* column, auto& v) {
            v = open_text(db, {"client", column, c.id}, v);
        });
    return c;
}

} // namespace

std::pair<Text, Text> client_blind_indexes(Database& db, const Text& external_id,
                                           const std::string& given_name,
                                           const std::string& family_name) {
    return {
        blind_index(db, client_external_id_index, external_id),
        blind_index(db, client_name_index,
                    normalised_for_index(given_name) + "\n" + normalised_for_index(family_name))};
}

namespace {

// The values an INSERT or UPDATE of a client binds, in this order: sealed
// (to the row c.id), and with their blind indexes, in an encrypted practice.
struct ClientValues {
    InText ext{Text()}, pref{Text()}, pron{Text()}, dob{Text()}, email{Text()}, phone{Text()};
    InText ext_bidx{Text()}, name_bidx{Text()};
    std::string given_name, family_name, updated_at;

    void set(Database& db, Client c) {
        auto [ext_index, name_index] =
            client_blind_indexes(db, c.external_id, c.given_name, c.family_name);
        ext_bidx = InText(ext_index);
        name_bidx = InText(name_index);
        if (db.encrypted())
            each_sealed(c, [&](const char* column, auto& v) {
                v = seal_text(db, {"client", column, c.id}, v);
            });
        ext = InText(c.external_id);
        pref = InText(c.preferred_name);
        pron = InText(c.pronouns);
        dob = InText(c.date_of_birth);
        email = InText(c.email);
        phone = InText(c.phone);
        given_name = c.given_name;
        family_name = c.family_name;
        updated_at = c.updated_at;
    }
    void bind(soci::statement& st) {
        st.exchange(soci::use(ext.value, ext.ind));
        st.exchange(soci::use(given_name));
        st.exchange(soci::use(family_name));
        st.exchange(soci::use(pref.value, pref.ind));
        st.exchange(soci::use(pron.value, pron.ind));
        st.exchange(soci::use(dob.value, dob.ind));
        st.exchange(soci::use(email.value, email.ind));
        st.exchange(soci::use(phone.value, phone.ind));
        st.exchange(soci::use(ext_bidx.value, ext_bidx.ind));
        st.exchange(soci::use(name_bidx.value, name_bidx.ind));
    }
};

template <bool WithId> struct InsertClient : InsertRow<WithId> {
    ClientValues v;
    long long by = 0;
    std::string created_at;
    explicit InsertClient(soci::session& sql) : InsertRow<WithId>(sql) {
        v.bind(this->st);
        this->st.exchange(soci::use(by));
        this->st.exchange(soci::use(created_at));
        this->st.exchange(soci::use(v.updated_at));
        this->compile_insert(
            "client",
            "external_id, given_name, family_name, preferred_name, pronouns,"
            " date_of_birth, email, phone, external_id_bidx, name_bidx, archived,"
            " created_by, created_at, updated_at",
            ":ext, :gn, :fn, :pn, :pr, :dob, :em, :ph, :eb, :nb, 0, :by, :ca, :ua");
    }
};

struct UpdateClient : Prepared {
    ClientValues v;
    int archived = 0;
    long long id = 0;
    explicit UpdateClient(soci::session& sql) : Prepared(sql) {
        v.bind(st);
        st.exchange(soci::use(archived));
        st.exchange(soci::use(v.updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE client SET external_id = :ext, given_name = :gn, family_name = :fn,"
                " preferred_name = :pn, pronouns = :pr, date_of_birth = :dob, email = :em,"
                " phone = :ph, external_id_bidx = :eb, name_bidx = :nb, archived = :arch,"
                " updated_at = :ua WHERE id = :id");
    }
};

struct FindClient : Lookup<Row, long long> {
    explicit FindClient(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + columns + " FROM client c WHERE c.id = :id") {}
};

struct FindClientByExternal : Lookup<IntRow, std::string> {
    explicit FindClientByExternal(soci::session& sql)
        : Lookup(sql, "SELECT id FROM client WHERE external_id = :ext") {}
};

// An encrypted practice: by the external id's blind index.
struct FindClientByExternalIndex : Lookup<IntRow, std::string> {
    explicit FindClientByExternalIndex(soci::session& sql)
        : Lookup(sql, "SELECT id FROM client WHERE external_id_bidx = :b") {}
};

struct ClientsByName : Prepared {
    IntRow r;
    std::string given, family;
    explicit ClientsByName(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(given));
        st.exchange(soci::use(family));
        compile("SELECT id FROM client WHERE lower(trim(given_name)) = :g"
                " AND lower(trim(family_name)) = :f ORDER BY id");
    }
};

struct ClientsByNameIndex : List<IntRow, std::string> {
    explicit ClientsByNameIndex(soci::session& sql)
        : List(sql, "SELECT id FROM client WHERE name_bidx = :b ORDER BY id") {}
};

// A page of clients; Visible: only those the viewer may see; Archived: the
// archived ones too.
template <bool Visible, bool Archived> struct ListClients : Prepared {
    Row r;
    long long after = 0, v1 = 0, v2 = 0, v3 = 0;
    int limit = 0;
    explicit ListClients(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(after));
        if (Visible) {
            st.exchange(soci::use(v1));
            st.exchange(soci::use(v2));
            st.exchange(soci::use(v3));
        }
        st.exchange(soci::use(limit));
        compile(std::string("SELECT ") + columns + " FROM client c WHERE c.id > :after" +
                (Archived ? std::string() : std::string(" AND c.archived = 0")) +
                (Visible ? std::string(" AND ") + visible_to_clinician : std::string()) +
                " ORDER BY c.id LIMIT :lim");
    }
};

struct ClientVisible : Prepared {
    long long id = 0, v1 = 0, v2 = 0, v3 = 0;
    int n = 0;
    explicit ClientVisible(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        st.exchange(soci::use(v1));
        st.exchange(soci::use(v2));
        st.exchange(soci::use(v3));
        st.exchange(soci::into(n));
        compile(std::string("SELECT COUNT(*) FROM client c WHERE c.id = :id AND ") +
                visible_to_clinician);
    }
};

template <bool Visible, bool Archived>
std::vector<Client> page_clients(Database& db, const Viewer& viewer, const Page& page) {
    auto& s = db.prepared<ListClients<Visible, Archived>>();
    s.after = page.after_id;
    s.v1 = s.v2 = s.v3 = viewer.clinician_id;
    s.limit = page.limit;
    auto out = s.all(s.r);
    for (auto& c : out)
        c = opened(db, std::move(c));
    return out;
}

} // namespace

Id insert_client(Database& db, const Client& c) {
    return insert_row<InsertClient>(db, RowTable::client, [&](auto& s, Id id) {
        Client row = c;
        row.id = id;
        s.v.set(db, row);
        s.by = c.created_by;
        s.created_at = c.created_at;
    });
}

std::optional<Client> find_client(Database& db, Id id) {
    auto c = db.prepared<FindClient>().find(id);
    if (c) c = opened(db, std::move(*c));
    return c;
}

std::optional<Id> find_client_id_by_external(Database& db, const std::string& external_id) {
    auto id = db.encrypted() ? db.prepared<FindClientByExternalIndex>().find(
                                   *blind_index(db, client_external_id_index, external_id))
                             : db.prepared<FindClientByExternal>().find(external_id);
    if (!id) return std::nullopt;
    return static_cast<Id>(*id);
}

std::vector<Id> find_client_ids_by_name(Database& db, const std::string& given_name,
                                        const std::string& family_name) {
    std::vector<long long> rows;
    const std::string given = normalised_for_index(given_name);
    const std::string family = normalised_for_index(family_name);
    if (db.encrypted()) {
        rows = db.prepared<ClientsByNameIndex>().list(
            *blind_index(db, client_name_index, given + "\n" + family));
    } else {
        auto& s = db.prepared<ClientsByName>();
        s.given = given;
        s.family = family;
        rows = s.all(s.r);
    }
    return std::vector<Id>(rows.begin(), rows.end());
}

void update_client(Database& db, const Client& c) {
    auto& s = db.prepared<UpdateClient>();
    s.v.set(db, c);
    s.archived = c.archived ? 1 : 0;
    s.id = c.id;
    s.run();
}

std::vector<Client> list_clients(Database& db, const Viewer& viewer, const Page& page) {
    unsigned bits = (viewer.sees_everything ? 0u : 1u) | (page.include_archived ? 2u : 0u);
    return with_variant<3>(bits, [&](auto variant) {
        constexpr unsigned b = decltype(variant)::value;
        return page_clients<(b & 1u) != 0, (b & 2u) != 0>(db, viewer, page);
    });
}

bool client_visible(Database& db, Id client_id, Id clinician_id) {
    auto& s = db.prepared<ClientVisible>();
    s.id = client_id;
    s.v1 = s.v2 = s.v3 = clinician_id;
    s.n = 0;
    s.run();
    return s.n > 0;
}

namespace {
struct ClientsByIds : SetList<Row> {
    explicit ClientsByIds(soci::session& sql)
        : SetList(sql, std::string("SELECT c.id, ") + columns + " FROM client c WHERE c.id" +
                           in_ids(sql)) {}
};
} // namespace

std::map<Id, Client> find_clients(Database& db, const std::vector<Id>& ids) {
    std::map<Id, Client> out;
    for (auto& [id, rows] : db.prepared<ClientsByIds>().by_key(ids))
        out.emplace(id, opened(db, std::move(rows.front())));
    return out;
}

} // namespace mend::store
