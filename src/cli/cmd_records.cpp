// `mend clinician|client|couple|case create|show|list|update|archive`: one
// generic driver over a small description of each record kind.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>

namespace mend::cli {

namespace {

struct ClinicianKind {
    using Rec = mend_clinician;
    using Iter = mend_clinician_iter;
    static constexpr const char* name = "clinician";
    static inline const std::set<std::string> add_options = {"name", "credentials", "role",
                                                             "external-id", "npi"};
    static inline const std::set<std::string> list_options = {"all"};
    static inline const std::vector<std::string> order = {"id",       "display_name", "credentials",
                                                          "role",     "npi",          "external_id",
                                                          "archived", "created_at",   "updated_at"};
    static inline const std::vector<std::string> columns = {"id", "display_name", "credentials",
                                                            "role", "external_id"};
    static mend_clinician_fields fields(const Args& a) {
        mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
        f.display_name = opt(a, "name");
        f.credentials = opt(a, "credentials");
        f.role = opt(a, "role");
        f.external_id = opt(a, "external-id");
        f.npi = opt(a, "npi");
        return f;
    }
    static int create(int64_t* out, mend_db* db, const Args& a) {
        auto f = fields(a);
        return mend_clinician_create(out, db, &f);
    }
    static int update(mend_db* db, int64_t id, const Args& a) {
        auto f = fields(a);
        return mend_clinician_update(db, id, &f);
    }
    static int archive(mend_db* db, int64_t id) { return mend_clinician_archive(db, id); }
    static int get(Rec** out, mend_db* db, int64_t id) { return mend_clinician_get(out, db, id); }
    static int get_external(Rec** out, mend_db* db, const char* ext) {
        return mend_clinician_get_external(out, db, ext);
    }
    static int to_json(char** out, const Rec* r) { return mend_clinician_to_json(out, r); }
    static void free(Rec* r) { mend_clinician_free(r); }
    static int iter_new(Iter** out, mend_db* db, const Args& a) {
        mend_clinician_list_options o = MEND_CLINICIAN_LIST_OPTIONS_INIT;
        o.include_archived = a.flag("all");
        return mend_clinician_iter_new(out, db, &o);
    }
    static int next(Rec** out, Iter* it) { return mend_clinician_iter_next(out, it); }
    static void iter_free(Iter* it) { mend_clinician_iter_free(it); }
};

struct ClientKind {
    using Rec = mend_client;
    using Iter = mend_client_iter;
    static constexpr const char* name = "client";
    static inline const std::set<std::string> add_options = {
        "given", "family", "preferred", "pronouns", "dob", "email", "phone", "external-id"};
    static inline const std::set<std::string> list_options = {"all"};
    static inline const std::vector<std::string> order = {
        "id",         "external_id",   "given_name", "family_name", "preferred_name",
        "pronouns",   "date_of_birth", "email",      "phone",       "archived",
        "created_at", "updated_at"};
    static inline const std::vector<std::string> columns = {
        "id", "given_name", "family_name", "preferred_name", "date_of_birth", "external_id"};
    static mend_client_fields fields(const Args& a) {
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        f.external_id = opt(a, "external-id");
        f.given_name = opt(a, "given");
        f.family_name = opt(a, "family");
        f.preferred_name = opt(a, "preferred");
        f.pronouns = opt(a, "pronouns");
        f.date_of_birth = opt(a, "dob");
        f.email = opt(a, "email");
        f.phone = opt(a, "phone");
        return f;
    }
    static int create(int64_t* out, mend_db* db, const Args& a) {
        auto f = fields(a);
        return mend_client_create(out, db, &f);
    }
    static int update(mend_db* db, int64_t id, const Args& a) {
        auto f = fields(a);
        return mend_client_update(db, id, &f);
    }
    static int archive(mend_db* db, int64_t id) { return mend_client_archive(db, id); }
    static int get(Rec** out, mend_db* db, int64_t id) { return mend_client_get(out, db, id); }
    static int get_external(Rec** out, mend_db* db, const char* ext) {
        return mend_client_get_external(out, db, ext);
    }
    static int to_json(char** out, const Rec* r) { return mend_client_to_json(out, r); }
    static void free(Rec* r) { mend_client_free(r); }
    static int iter_new(Iter** out, mend_db* db, const Args& a) {
        mend_client_list_options o = MEND_CLIENT_LIST_OPTIONS_INIT;
        o.include_archived = a.flag("all");
        return mend_client_iter_new(out, db, &o);
    }
    static int next(Rec** out, Iter* it) { return mend_client_iter_next(out, it); }
    static void iter_free(Iter* it) { mend_client_iter_free(it); }
};

struct CoupleKind {
    using Rec = mend_couple;
    using Iter = mend_couple_iter;
    static constexpr const char* name = "couple";
    static inline const std::set<std::string> add_options = {
        "a", "b", "status", "since", "children", "secrets", "external-id"};
    static inline const std::set<std::string> list_options = {"all", "client"};
    static inline const std::vector<std::string> order = {"id",
                                                          "client_a_id",
                                                          "client_b_id",
                                                          "relationship_status",
                                                          "relationship_start",
                                                          "children_in_household",
                                                          "secrets_policy",
                                                          "external_id",
                                                          "archived",
                                                          "created_at",
                                                          "updated_at"};
    static inline const std::vector<std::string> columns = {"id",
                                                            "client_a_id",
                                                            "client_b_id",
                                                            "relationship_status",
                                                            "secrets_policy",
                                                            "children_in_household"};
    static mend_couple_fields fields(const Args& a) {
        mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
        f.client_a_id = id_opt(a, "a");
        f.client_b_id = id_opt(a, "b");
        f.relationship_status = opt(a, "status");
        f.relationship_start = opt(a, "since");
        if (auto c = a.get("children")) {
            long long n = to_int(*c, "--children");
            const long long lo = catalog_limit("children_in_household_min"),
                            hi = catalog_limit("children_in_household_max");
            if (n < lo || n > hi)
                throw UsageError("--children must be between " + std::to_string(lo) + " and " +
                                 std::to_string(hi));
            f.children_in_household = static_cast<int>(n);
        }
        f.secrets_policy = opt(a, "secrets");
        f.external_id = opt(a, "external-id");
        return f;
    }
    static int create(int64_t* out, mend_db* db, const Args& a) {
        auto f = fields(a);
        return mend_couple_create(out, db, &f);
    }
    static int update(mend_db* db, int64_t id, const Args& a) {
        auto f = fields(a);
        return mend_couple_update(db, id, &f);
    }
    static int archive(mend_db* db, int64_t id) { return mend_couple_archive(db, id); }
    static int get(Rec** out, mend_db* db, int64_t id) { return mend_couple_get(out, db, id); }
    static int get_external(Rec** out, mend_db* db, const char* ext) {
        return mend_couple_get_external(out, db, ext);
    }
    static int to_json(char** out, const Rec* r) { return mend_couple_to_json(out, r); }
    static void free(Rec* r) { mend_couple_free(r); }
    static int iter_new(Iter** out, mend_db* db, const Args& a) {
        mend_couple_list_options o = MEND_COUPLE_LIST_OPTIONS_INIT;
        o.include_archived = a.flag("all");
        o.client_id = id_opt(a, "client");
        return mend_couple_iter_new(out, db, &o);
    }
    static int next(Rec** out, Iter* it) { return mend_couple_iter_next(out, it); }
    static void iter_free(Iter* it) { mend_couple_iter_free(it); }
};

struct CaseKind {
    using Rec = mend_case;
    using Iter = mend_case_iter;
    static constexpr const char* name = "case";
    static inline const std::set<std::string> add_options = {
        "kind",   "client", "couple",      "clinician",  "opened",
        "closed", "status", "linked-case", "external-id"};
    static inline const std::set<std::string> list_options = {"all", "client", "couple",
                                                              "clinician"};
    static inline const std::vector<std::string> order = {
        "id",        "kind",       "client_id", "couple_id",      "primary_clinician_id",
        "opened_on", "closed_on",  "status",    "linked_case_id", "external_id",
        "archived",  "created_at", "updated_at"};
    static inline const std::vector<std::string> columns = {
        "id", "kind", "client_id", "couple_id", "primary_clinician_id", "status", "opened_on"};
    static mend_case_fields fields(const Args& a) {
        mend_case_fields f = MEND_CASE_FIELDS_INIT;
        f.kind = opt(a, "kind");
        f.client_id = id_opt(a, "client");
        f.couple_id = id_opt(a, "couple");
        f.primary_clinician_id = id_opt(a, "clinician");
        f.opened_on = opt(a, "opened");
        f.closed_on = opt(a, "closed");
        f.status = opt(a, "status");
        f.linked_case_id = id_opt(a, "linked-case");
        f.external_id = opt(a, "external-id");
        return f;
    }
    static int create(int64_t* out, mend_db* db, const Args& a) {
        auto f = fields(a);
        return mend_case_create(out, db, &f);
    }
    static int update(mend_db* db, int64_t id, const Args& a) {
        auto f = fields(a);
        return mend_case_update(db, id, &f);
    }
    static int archive(mend_db* db, int64_t id) { return mend_case_archive(db, id); }
    static int get(Rec** out, mend_db* db, int64_t id) { return mend_case_get(out, db, id); }
    static int get_external(Rec** out, mend_db* db, const char* ext) {
        return mend_case_get_external(out, db, ext);
    }
    static int to_json(char** out, const Rec* r) { return mend_case_to_json(out, r); }
    static void free(Rec* r) { mend_case_free(r); }
    static int iter_new(Iter** out, mend_db* db, const Args& a) {
        mend_case_list_options o = MEND_CASE_LIST_OPTIONS_INIT;
        o.include_archived = a.flag("all");
        o.client_id = id_opt(a, "client");
        o.couple_id = id_opt(a, "couple");
        o.clinician_id = id_opt(a, "clinician");
        return mend_case_iter_new(out, db, &o);
    }
    static int next(Rec** out, Iter* it) { return mend_case_iter_next(out, it); }
    static void iter_free(Iter* it) { mend_case_iter_free(it); }
};

template <class K> nlohmann::json record_json(mend_db* db, typename K::Rec* rec) {
    char* js = nullptr;
    int rc = K::to_json(&js, rec);
    K::free(rec);
    check(rc, db);
    return nlohmann::json::parse(take(js));
}

template <class K> int64_t id_arg(const Args& a) {
    if (a.words.size() < 3) throw UsageError(std::string("which ") + K::name + "? give its id");
    a.allow_positionals(2, 1);
    long long id = to_int(a.word(2), std::string(K::name) + " id");
    if (id <= 0) throw UsageError(std::string(K::name) + " id must be positive");
    return id;
}

template <class K> int run(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow(K::add_options);
        a.allow_positionals(2, 0);
        Db db(a, true);
        int64_t id = 0;
        check(K::create(&id, db, a), db);
        if (a.flag("json"))
            std::cout << nlohmann::json{{"id", id}}.dump() << "\n";
        else
            std::cout << "created " << K::name << " " << id << "\n";
        return 0;
    }
    if (verb == "show") {
        a.allow({"external-id"});
        Db db(a, true);
        typename K::Rec* rec = nullptr;
        if (auto ext = a.get("external-id")) {
            a.allow_positionals(2, 0);
            check(K::get_external(&rec, db, ext->c_str()), db);
        } else {
            check(K::get(&rec, db, id_arg<K>(a)), db);
        }
        print_record(a, record_json<K>(db, rec), K::order);
        return 0;
    }
    if (verb == "list") {
        a.allow(K::list_options);
        a.allow_positionals(2, 0);
        Db db(a, true);
        typename K::Iter* it = nullptr;
        check(K::iter_new(&it, db, a), db);
        std::vector<nlohmann::json> rows;
        int rc;
        typename K::Rec* rec = nullptr;
        while ((rc = K::next(&rec, it)) == MEND_OK)
            rows.push_back(record_json<K>(db, rec));
        K::iter_free(it);
        check(rc, db);
        print_records(a, rows, K::columns);
        return 0;
    }
    if (verb == "update") {
        a.allow(K::add_options);
        int64_t id = id_arg<K>(a);
        Db db(a, true);
        check(K::update(db, id, a), db);
        if (!a.flag("json"))
            std::cout << "updated " << K::name << " " << id << "\n";
        else
            std::cout << nlohmann::json{{"id", id}, {"updated", true}}.dump() << "\n";
        return 0;
    }
    if (verb == "archive") {
        a.allow({});
        int64_t id = id_arg<K>(a);
        Db db(a, true);
        check(K::archive(db, id), db);
        if (!a.flag("json"))
            std::cout << "archived " << K::name << " " << id << "\n";
        else
            std::cout << nlohmann::json{{"id", id}, {"archived", true}}.dump() << "\n";
        return 0;
    }
    if (verb.empty()) throw UsageError(std::string("mend ") + K::name + " needs a subcommand");
    throw UsageError(std::string("unknown subcommand 'mend ") + K::name + " " + verb + "'");
}

} // namespace

int cmd_clinician(const Args& a) {
    return run<ClinicianKind>(a);
}
int cmd_client(const Args& a) {
    return run<ClientKind>(a);
}
int cmd_couple(const Args& a) {
    return run<CoupleKind>(a);
}
int cmd_case(const Args& a) {
    return run<CaseKind>(a);
}

} // namespace mend::cli
