#include "store/consistency.hpp"

#include "store/prepared.hpp"

namespace mend::store {

namespace {

struct IntegrityCheck : Prepared {
    std::string message;
    explicit IntegrityCheck(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(message));
        compile("PRAGMA integrity_check");
    }
};

struct ForeignKeyCheck : Prepared {
    std::string table, parent;
    long long rowid = 0;
    soci::indicator rowid_ind = soci::i_null;
    explicit ForeignKeyCheck(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(table));
        st.exchange(soci::into(rowid, rowid_ind));
        st.exchange(soci::into(parent));
        compile("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check");
    }
};

struct IdRow {
    long long id = 0;
    template <class Stmt> void bind(Stmt& st) { st.exchange(soci::into(id)); }
    Id get() const { return id; }
};

// One statement per table: the text is fixed, never built from values.
template <CheckedTable T> struct IdsAfter : Prepared {
    IdRow row;
    long long after = 0;
    int limit = 0;
    static const char* text() {
        switch (T) {
        case CheckedTable::client:
            return "SELECT id FROM client WHERE id > :after ORDER BY id LIMIT :lim";
        case CheckedTable::couple:
            return "SELECT id FROM couple WHERE id > :after ORDER BY id LIMIT :lim";
        case CheckedTable::care_case:
            return "SELECT id FROM care_case WHERE id > :after ORDER BY id LIMIT :lim";
        case CheckedTable::note:
            return "SELECT id FROM note WHERE id > :after ORDER BY id LIMIT :lim";
        }
        return "";
    }
    explicit IdsAfter(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(after));
        st.exchange(soci::use(limit));
        compile(text());
    }
};

// The rows of one table holding a value of another type than its column's
// (SQLite only; a NULL is left to the row's read): the whole table by
// design, in a check an admin runs.
template <CheckedTable T> struct WronglyTyped : Prepared {
    IdRow row;
    static const char* text() {
        switch (T) {
        case CheckedTable::client:
            return "SELECT id FROM client WHERE"
                   " typeof(archived) NOT IN ('integer', 'null')"
                   " OR typeof(created_by) NOT IN ('integer', 'null')"
                   " OR typeof(given_name) NOT IN ('text', 'null')"
                   " OR typeof(family_name) NOT IN ('text', 'null')"
                   " OR typeof(external_id) NOT IN ('text', 'null')"
                   " OR typeof(preferred_name) NOT IN ('text', 'null')"
                   " OR typeof(pronouns) NOT IN ('text', 'null')"
                   " OR typeof(date_of_birth) NOT IN ('text', 'null')"
                   " OR typeof(email) NOT IN ('text', 'null')"
                   " OR typeof(phone) NOT IN ('text', 'null')"
                   " OR typeof(created_at) NOT IN ('text', 'null')"
                   " OR typeof(updated_at) NOT IN ('text', 'null')"
                   " ORDER BY id";
        case CheckedTable::couple:
            return "SELECT id FROM couple WHERE"
                   " typeof(client_a_id) NOT IN ('integer', 'null')"
                   " OR typeof(client_b_id) NOT IN ('integer', 'null')"
                   " OR typeof(children_in_household) NOT IN ('integer', 'null')"
                   " OR typeof(archived) NOT IN ('integer', 'null')"
                   " OR typeof(created_by) NOT IN ('integer', 'null')"
                   " OR typeof(relationship_status) NOT IN ('text', 'null')"
                   " OR typeof(relationship_start) NOT IN ('text', 'null')"
                   " OR typeof(secrets_policy) NOT IN ('text', 'null')"
                   " OR typeof(external_id) NOT IN ('text', 'null')"
                   " OR typeof(created_at) NOT IN ('text', 'null')"
                   " OR typeof(updated_at) NOT IN ('text', 'null')"
                   " ORDER BY id";
        case CheckedTable::care_case:
            return "SELECT id FROM care_case WHERE"
                   " typeof(client_id) NOT IN ('integer', 'null')"
                   " OR typeof(couple_id) NOT IN ('integer', 'null')"
                   " OR typeof(primary_clinician_id) NOT IN ('integer', 'null')"
                   " OR typeof(linked_case_id) NOT IN ('integer', 'null')"
                   " OR typeof(archived) NOT IN ('integer', 'null')"
                   " OR typeof(created_by) NOT IN ('integer', 'null')"
                   " OR typeof(kind) NOT IN ('text', 'null')"
                   " OR typeof(opened_on) NOT IN ('text', 'null')"
                   " OR typeof(closed_on) NOT IN ('text', 'null')"
                   " OR typeof(status) NOT IN ('text', 'null')"
                   " OR typeof(external_id) NOT IN ('text', 'null')"
                   " OR typeof(created_at) NOT IN ('text', 'null')"
                   " OR typeof(updated_at) NOT IN ('text', 'null')"
                   " ORDER BY id";
        case CheckedTable::note:
            return "SELECT id FROM note WHERE"
                   " typeof(session_id) NOT IN ('integer', 'null')"
                   " OR typeof(case_id) NOT IN ('integer', 'null')"
                   " OR typeof(author_id) NOT IN ('integer', 'null')"
                   " OR typeof(version) NOT IN ('integer', 'null')"
                   " OR typeof(late_entry) NOT IN ('integer', 'null')"
                   " OR typeof(signed_by) NOT IN ('integer', 'null')"
                   " OR typeof(format) NOT IN ('text', 'null')"
                   " OR typeof(content) NOT IN ('text', 'null')"
                   " OR typeof(search_text) NOT IN ('text', 'null')"
                   " OR typeof(status) NOT IN ('text', 'null')"
                   " OR typeof(phase) NOT IN ('text', 'null')"
                   " OR typeof(signed_at) NOT IN ('text', 'null')"
                   " OR typeof(content_hash) NOT IN ('text', 'null')"
                   " OR typeof(created_at) NOT IN ('text', 'null')"
                   " OR typeof(updated_at) NOT IN ('text', 'null')"
                   " ORDER BY id";
        }
        return "";
    }
    explicit WronglyTyped(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        compile(text());
    }
};

template <CheckedTable T> std::vector<Id> typed_wrong(Database& db) {
    auto& s = db.prepared<WronglyTyped<T>>();
    return s.all(s.row);
}

template <CheckedTable T> std::vector<Id> page_of(Database& db, Id after_id, int limit) {
    auto& s = db.prepared<IdsAfter<T>>();
    s.after = after_id;
    s.limit = limit;
    return s.all(s.row);
}

} // namespace

std::vector<std::string> integrity_problems(Database& db) {
    if (db.backend() != Backend::sqlite) return {};
    auto& s = db.prepared<IntegrityCheck>();
    struct Row {
        IntegrityCheck& s;
        std::string get() const { return s.message; }
    } row{s};
    auto messages = s.all(row);
    if (messages.size() == 1 && messages[0] == "ok") messages.clear();
    return messages;
}

std::vector<ForeignKeyProblem> foreign_key_problems(Database& db) {
    if (db.backend() != Backend::sqlite) return {};
    auto& s = db.prepared<ForeignKeyCheck>();
    struct Row {
        ForeignKeyCheck& s;
        ForeignKeyProblem get() const {
            return {s.table, s.rowid_ind == soci::i_ok ? s.rowid : 0, s.parent};
        }
    } row{s};
    return s.all(row);
}

std::vector<Id> ids_after(Database& db, CheckedTable table, Id after_id, int limit) {
    switch (table) {
    case CheckedTable::client:
        return page_of<CheckedTable::client>(db, after_id, limit);
    case CheckedTable::couple:
        return page_of<CheckedTable::couple>(db, after_id, limit);
    case CheckedTable::care_case:
        return page_of<CheckedTable::care_case>(db, after_id, limit);
    case CheckedTable::note:
        return page_of<CheckedTable::note>(db, after_id, limit);
    }
    return {};
}

std::vector<Id> wrongly_typed(Database& db, CheckedTable table) {
    if (db.backend() != Backend::sqlite) return {};
    switch (table) {
    case CheckedTable::client:
        return typed_wrong<CheckedTable::client>(db);
    case CheckedTable::couple:
        return typed_wrong<CheckedTable::couple>(db);
    case CheckedTable::care_case:
        return typed_wrong<CheckedTable::care_case>(db);
    case CheckedTable::note:
        return typed_wrong<CheckedTable::note>(db);
    }
    return {};
}

} // namespace mend::store
