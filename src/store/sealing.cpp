#include "store/sealing.hpp"

#include "store/prepared.hpp"

namespace mend::store {

std::string seal_text(Database& db, const FieldPlace& at, const std::string& value) {
    return db.encrypted() ? db.field_keys().seal(value, at) : value;
}

Text seal_text(Database& db, const FieldPlace& at, const Text& value) {
    if (!value) return value;
    return seal_text(db, at, *value);
}

std::string open_text(Database& db, const FieldPlace& at, const std::string& value) {
    return db.encrypted() ? db.field_keys().open(value, at) : value;
}

Text open_text(Database& db, const FieldPlace& at, const Text& value) {
    if (!value) return value;
    return open_text(db, at, *value);
}

Text blind_index(Database& db, const char* column, const Text& value) {
    if (!value || !db.encrypted()) return Text();
    return db.field_keys().current().blind_index(column, *value);
}

namespace {

constexpr const char* row_tables[] = {
    "client",       "note",           "addendum",
    "process_note", "agreement",      "agreement_event",
    "phase_entry",  "role_change",    "record_release",
    "attestation",  "treatment_plan", "emergency_grant",
};
constexpr unsigned row_table_count = sizeof row_tables / sizeof row_tables[0];
static_assert(row_table_count == static_cast<unsigned>(RowTable::emergency_grant) + 1);

template <unsigned T> struct NextRowId : Prepared {
    long long id = 0;
    explicit NextRowId(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(id));
        const std::string t = row_tables[T];
        if (sqlite())
            compile("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '" + t +
                    "'), 0), COALESCE((SELECT MAX(id) FROM " + t + "), 0)) + 1");
        else
            compile("SELECT nextval(pg_get_serial_sequence('" + t + "', 'id'))");
    }
};

} // namespace

Id next_row_id(Database& db, RowTable table) {
    return with_variant<row_table_count - 1>(static_cast<unsigned>(table), [&](auto t) -> Id {
        auto& s = db.prepared<NextRowId<decltype(t)::value>>();
        s.run();
        return s.id;
    });
}

} // namespace mend::store
