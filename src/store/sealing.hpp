// Encryption at rest in the repositories (issue 14; domain/field_crypto.hpp):
// in an encrypted practice (Database::encrypted()) the client-identifying
// and clinical free-text columns hold sealed values, bound to their table,
// column and row. In a practice that is not encrypted every helper here
// returns the value as it is, so its stored bytes never change.
#pragma once

#include "domain/field_crypto.hpp"
#include "domain/records.hpp"
#include "store/database.hpp"
#include "store/prepared.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mend::store {

// The value as stored: sealed at `at` in an encrypted practice.
std::string seal_text(Database& db, const FieldPlace& at, const std::string& value);
Text seal_text(Database& db, const FieldPlace& at, const Text& value);
// The value as read: opened at `at` in an encrypted practice (Errc::key when
// it does not open, or is not sealed at all).
std::string open_text(Database& db, const FieldPlace& at, const std::string& value);
Text open_text(Database& db, const FieldPlace& at, const Text& value);

// What blind indexes index: a client's external id (exact), and a client's
// name (normalised_for_index of "given family").
constexpr const char* client_external_id_index = "client.external_id";
constexpr const char* client_name_index = "client.name";

// A blind index of a value (none for none), in an encrypted practice.
Text blind_index(Database& db, const char* column, const Text& value);
// A client's two blind indexes (external id, name) under the current data
// key; none in a practice that is not encrypted (store/clients.cpp).
std::pair<Text, Text> client_blind_indexes(Database& db, const Text& external_id,
                                           const std::string& given_name,
                                           const std::string& family_name);

// The tables whose rows hold sealed values: an encrypted practice takes the
// id of a new row before inserting it (under the write lock: SQLite's next
// AUTOINCREMENT id, PostgreSQL's identity sequence), since the row's values
// are sealed to it.
enum class RowTable {
    client,
    note,
    addendum,
    process_note,
    agreement,
    agreement_event,
    phase_entry,
    role_change,
    record_release,
    attestation,
    treatment_plan,
    emergency_grant,
};
Id next_row_id(Database& db, RowTable table);

// An INSERT of a row into a table of RowTable, compiled two ways: WithId,
// the row's id is given (the first value, :id); otherwise the database
// assigns it and the statement returns it. A derived statement binds its
// values after this constructor, then calls compile_insert().
template <bool WithId> struct InsertRow : Prepared {
    long long id = 0;
    explicit InsertRow(soci::session& sql) : Prepared(sql) {
        if (WithId) st.exchange(soci::use(id));
    }
    // `columns` and `values` (placeholders), comma-separated, without the id.
    void compile_insert(const std::string& table, const std::string& columns,
                        const std::string& values) {
        if (!WithId) st.exchange(soci::into(id));
        compile("INSERT INTO " + table + " (" + (WithId ? "id, " : "") + columns + ") VALUES (" +
                (WithId ? ":id, " : "") + values + ")" + (WithId ? "" : " RETURNING id"));
    }
};

// Inserts a row with the statement S<WithId> (an InsertRow), its values set
// by fill(statement, id): in an encrypted practice with the id taken first
// (values are sealed to it), otherwise as before, the id assigned by the
// database (id 0 for fill). Returns the row's id.
template <template <bool> class S, class Fill>
Id insert_row(Database& db, RowTable table, Fill&& fill) {
    if (!db.encrypted()) {
        auto& s = db.prepared<S<false>>();
        fill(s, Id(0));
        s.run();
        return s.id;
    }
    const Id id = next_row_id(db, table);
    auto& s = db.prepared<S<true>>();
    s.id = id;
    fill(s, id);
    s.run();
    return id;
}

} // namespace mend::store
