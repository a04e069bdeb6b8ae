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

} // namespace mend::store
