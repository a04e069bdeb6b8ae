// Re-encryption under a new data key, and conversion of a plaintext practice
// to an encrypted one (issue 14): one resumable job, kept in key_job's one
// row (schema v16), that re-seals every sealed value (store/sealing.hpp)
// row by row, table by table, under the job's target data key, with the
// blind indexes and the per-word note index made anew under it. Each batch
// commits with the job's position, so a job interrupted at any moment goes
// on from its last batch. While it is under way, nothing else reads or
// writes records (Practice refuses, Errc::state), so every value is either
// done or not; the job's last batch retires the older data keys (their
// wrapped copies are erased), and a vacuum then drops the pages that held
// the old values before the job ends.
#pragma once

#include "domain/records.hpp"
#include "store/database.hpp"

#include <string>

namespace mend::store {

struct KeyJob {
    long long generation = 0;
    std::string kind;  // "" (none), "encrypt" or "reencrypt"
    std::string stage; // "reseal" or "vacuum" while under way
    Id target = 0;     // the data key values are re-sealed under
    int table_pos = 0; // the job's place: a table, and the last id done in it
    Id last_id = 0;
};

// The job row; `lock` (a write transaction on PostgreSQL) takes it FOR
// SHARE, so a job cannot start or end before this transaction does.
KeyJob read_key_job(Database& db, bool lock);
// Reads the job row: when the practice's data keys changed since the
// handle last looked, loads them anew (store/keys.cpp); notes whether a
// job is under way (Database::key_job_under_way()).
void refresh_key_job(Database& db, bool lock);

// Starts a job (kind "encrypt" or "reencrypt") re-sealing under `target`.
void start_key_job(Database& db, const std::string& kind, Id target, const std::string& at);
// Re-seals up to `max_rows` more rows of the job (its stage "reseal"),
// keeping its place; returns how many it did.
long long reseal_rows(Database& db, KeyJob& job, long long max_rows);
// The rows the job has yet to re-seal.
long long rows_to_reseal(Database& db, const KeyJob& job);
// After the last row: retires every data key but the target (its wrapped
// copy erased) and moves the job to its vacuum stage.
void finish_resealing(Database& db, KeyJob& job);
// Outside any transaction: rewrites the database so no page keeps an old
// value (SQLite: VACUUM and a truncating WAL checkpoint; PostgreSQL: VACUUM
// FULL of the tables that held them). Errc::busy when another connection
// kept the WAL from being truncated (run it again).
void vacuum_after_resealing(Database& db);
// Ends the job.
void end_key_job(Database& db);

} // namespace mend::store
