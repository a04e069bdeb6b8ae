// What `mend check` asks of the store itself (store/consistency.cpp): the
// backend's own integrity checks and the ids of the rows mend reads, a page
// at a time. Nothing here reads client data: only ids, table names and the
// backend's own messages (page numbers, index and table names).
#pragma once

#include "domain/records.hpp"
#include "store/database.hpp"

#include <string>
#include <vector>

namespace mend::store {

// SQLite's PRAGMA integrity_check: its messages, none when the file is whole.
// PostgreSQL keeps its own pages consistent: none there.
std::vector<std::string> integrity_problems(Database& db);

// A row whose foreign key names no row (SQLite's PRAGMA foreign_key_check;
// PostgreSQL enforces them, so none there).
struct ForeignKeyProblem {
    std::string table;
    long long rowid = 0;
    std::string parent;
};
std::vector<ForeignKeyProblem> foreign_key_problems(Database& db);

// The tables whose rows `mend check` reads one by one.
enum class CheckedTable { client, couple, care_case, note };

// The ids of `table` after `after_id`, in order, at most `limit` of them.
std::vector<Id> ids_after(Database& db, CheckedTable table, Id after_id, int limit);

// SQLite keeps any value in any column: the ids of `table`'s rows holding a
// value of another type than the column's (text in an integer column, a
// number or blob in a text one; NULLs are left to the row's read). None on
// PostgreSQL, which enforces the types.
std::vector<Id> wrongly_typed(Database& db, CheckedTable table);

} // namespace mend::store
