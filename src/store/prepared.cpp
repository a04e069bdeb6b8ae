#include "store/prepared.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace mend::store {

void Prepared::compile(const std::string& sql) {
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
}

bool Prepared::run() {
    Reset reset{st, sqlite_};
    return st.execute(true);
}

// SOCI resets a SQLite statement only once it has stepped to its end; a
// single-row read stops before that, so reset it here (sqlite3_reset: ends
// its read, keeps its compiled program and bindings). PostgreSQL statements
// hold nothing between executions.
Prepared::Reset::~Reset() {
    if (!sqlite) return;
    auto* b = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
    if (!b || !b->stmt_) return;
    sqlite_api::sqlite3_reset(b->stmt_); // its error, if any, was thrown by the step
    b->databaseReady_ = true;
}

} // namespace mend::store
