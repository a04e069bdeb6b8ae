#include "store/prepared.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace mend::store {

namespace {
thread_local bool g_no_server_prepares = false;
} // namespace

NoServerPrepares::NoServerPrepares(bool active) : saved_(g_no_server_prepares) {
    g_no_server_prepares = g_no_server_prepares || active;
}
NoServerPrepares::~NoServerPrepares() {
    g_no_server_prepares = saved_;
}

void Prepared::compile(const std::string& sql) {
    st.alloc();
    st.prepare(sql, g_no_server_prepares ? soci::details::st_one_time_query
                                         : soci::details::st_repeatable_query);
    st.define_and_bind();
}

std::string id_array(const std::vector<std::int64_t>& ids, bool sqlite) {
    std::string out = sqlite ? "[" : "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + (sqlite ? "]" : "}");
}

std::string in_ids(soci::session& sql) {
    if (sql.get_backend_name() == "sqlite3") return " IN (SELECT value FROM json_each(:ids))";
    return " = ANY(CAST(:ids AS bigint[]))";
}

namespace {
thread_local long long g_runs = 0;
} // namespace

long long statements_run() {
    return g_runs;
}

void Prepared::count_run() {
    ++g_runs;
}

bool Prepared::run() {
    count_run();
    Reset reset{st, sqlite_};
    return noting_failure([&] { return st.execute(true); });
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
