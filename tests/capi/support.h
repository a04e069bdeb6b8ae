/*
 * support.h: helpers shared by the C API tests. The tests themselves use
 * only <mend/mend.h>; this file's implementation also reaches the database
 * directly (SQLite's C library, libpq) to start from an empty database and
 * for the few checks that must go around mend (append-only triggers,
 * a schema from the future).
 */
#ifndef MEND_TEST_SUPPORT_H
#define MEND_TEST_SUPPORT_H

#include "check.h"

#include <mend/mend.h>

#include <stddef.h>
#include <stdint.h>

/* The database location: argv[1] when given, else `default_path`. Records
 * it for t_reset() and friends. */
const char* t_location(int argc, char** argv, const char* default_path);
/* Non-zero when the location is a postgresql:// URL. */
int t_is_pg(void);
/* Makes the database empty: SQLite deletes the file and its -wal/-shm;
 * PostgreSQL runs DROP SCHEMA public CASCADE; CREATE SCHEMA public. No mend
 * handle may be open on it. */
void t_reset(void);
/* Sets what the run asks of every handle: MEND_OPEN_TRANSACTION_POOLING in
 * o->flags when MEND_TEST_PG_POOLING=1 (the runs through PgBouncer,
 * tests/support/pgbouncer.sh). t_open() and t_create() call it. */
void t_pooling(mend_open_options* o);
/* Opens the existing database with default options, never creating it
 * (fatal on failure). */
mend_db* t_open(void);
/* Opens the location with MEND_OPEN_CREATE: creates the database when there
 * is none (fatal on failure). */
mend_db* t_create(void);
/* Empties the database, opens it and sets up a practice whose admin is the
 * actor (fatal on failure). */
mend_db* t_fresh_practice(int64_t* admin_id);

/* Runs SQL on the database around mend (sqlite3 or libpq). Returns 0 on
 * success, else non-zero with the server's message in err. */
int t_raw_exec(const char* sql, char* err, size_t errlen);
/* Runs a query returning one integer (NULL reads as 0); 0 on success. */
int t_raw_int(const char* sql, long long* out);

/* SQLite only: holds (1) or releases (0) the write lock from a second,
 * raw connection, as another process would. Returns 0 on success. */
int t_raw_write_lock(int hold);

/* Record helpers (fatal on failure). */
int64_t t_clinician(mend_db* db, const char* name, const char* role, const char* external_id);
int64_t t_client(mend_db* db, const char* given, const char* family, const char* external_id);
int64_t t_couple(mend_db* db, int64_t a, int64_t b, const char* policy);
int64_t t_conjoint_case(mend_db* db, int64_t couple, int64_t clinician);
int64_t t_individual_case(mend_db* db, int64_t client, int64_t clinician);

/* Clients the actor sees through the iterator (-1 on an error). */
long t_count_clients(mend_db* db, int include_archived);
/* Cases and clinicians the actor sees through the iterators, archived ones
 * included (-1 on an error). */
long t_count_cases(mend_db* db);
long t_count_clinicians(mend_db* db);
/* A record as JSON, copied with malloc (caller frees with free());
 * NULL when the read fails. */
char* t_client_json(mend_db* db, int64_t id);
char* t_couple_json(mend_db* db, int64_t id);
char* t_case_json(mend_db* db, int64_t id);
char* t_clinician_json(mend_db* db, int64_t id);

/* Dates relative to today (UTC and the process's local time zone), YYYY-MM-DD. */
void t_utc_date(char out[11], int days_from_today);
void t_local_date(char out[11], int days_from_today);

/* One event of mend_audit_list_json(). */
typedef struct t_event {
    long long seq;
    long long actor_id;  /* 0 for null */
    long long object_id; /* 0 for null */
    char action[32];
    char object_type[32];
    char outcome[16];
    char at[40];
} t_event;

/* Parses a JSON array of flat objects into events; returns how many, or -1
 * when the text is not such an array. At most `max` are stored. */
int t_parse_audit(const char* json, t_event* events, int max);
/* Reads the whole audit log through mend (the actor must be a supervisor or
 * admin); returns a malloc'ed array (free()) and sets *count, or NULL. */
t_event* t_read_audit(mend_db* db, int* count);
/* Events matching the arguments (NULL / 0 / -1 match anything). */
int t_count_events(const t_event* events, int n, const char* action, const char* object_type,
                   long long object_id, const char* outcome, long long actor_id);

/* A 10:00 in-person session of the case `days_ago` days before today (UTC);
 * returns its id, or 0 with the code in *rc when refused (rc NULL: must succeed). */
int64_t t_session(mend_db* db, int64_t kase, const int64_t* who, size_t n, int64_t patient,
                  const char* cpt, int minutes, int days_ago, int* rc);

/* A signed free-text note {"text": text} on a new t_session of the case with
 * `client` present, `days_ago` days back (90834, 45 min). Sets *note and
 * returns MEND_OK, or returns the first refusal's code (the session or the
 * unsigned draft may then exist). */
int t_signed_note(mend_db* db, int64_t* note, int64_t kase, int64_t client, int days_ago,
                  const char* text);

/* A PHQ-9 of `client` administered `days_ago` days before today (UTC), its
 * answers 2,1,1,0,1,2,1,0,0 (total 8). Sets *measure; returns the call's code. */
int t_phq9(mend_db* db, int64_t* measure, int64_t client, int days_ago);

/* The actor (an admin) checks the database through mend: mend_db_verify_json
 * (integrity and foreign-key checks, every record read back, note hashes, the
 * audit chain) says ok, and mend_audit_verify_json and mend_note_verify_json
 * agree. Counts as checks; returns non-zero when all passed. */
int t_check_verified(mend_db* db);

/* Forks a child that runs fn(write_fd, arg) and must not return (it ends in
 * _exit or a kill); the parent gets the pipe's read end in *read_fd and the
 * child's pid back. Buffered output is flushed first. A failed pipe or fork
 * stops the test. */
int t_fork_piped(int* read_fd, void (*fn)(int write_fd, void* arg), void* arg);

/* The whole file, malloc'ed (free()); NULL when it cannot be read. */
unsigned char* t_read_file(const char* path, size_t* size);
/* Writes `size` bytes to `path`, replacing it; 0 on success. */
int t_write_file(const char* path, const unsigned char* bytes, size_t size);
/* Non-zero when the file path+suffix exists (suffix "" or "-wal" ...). */
int t_file_exists(const char* path, const char* suffix);
/* Makes the (reset) location another application's database: one table,
 * app_settings, with one row, and nothing of mend's. 0 on success. */
int t_raw_foreign(void);

#endif /* MEND_TEST_SUPPORT_H */
