/* Helpers for the C API tests: see support.h. */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long t_checks = 0;
long t_failures = 0;

static const char* g_where = NULL;

int t_finish(void) {
    fprintf(stderr, "%ld checks, %ld failed\n", t_checks, t_failures);
    return t_failures == 0 ? 0 : 1;
}

void t_failed(const char* file, int line, int fatal) {
    ++t_failures;
    if (fatal) {
        fprintf(stderr, "%s:%d: stopping here (fatal)\n", file, line);
        t_finish();
        exit(1);
    }
}

int t_streq(const char* a, const char* b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static void die(const char* what, const char* detail) {
    fprintf(stderr, "test setup failed: %s: %s\n", what, detail ? detail : "");
    ++t_failures;
    t_finish();
    exit(1);
}

const char* t_location(int argc, char** argv, const char* default_path) {
    g_where = argc > 1 && argv[1][0] ? argv[1] : default_path;
    fprintf(stderr, "database: %s\n", g_where);
    return g_where;
}

int t_is_pg(void) {
    return g_where &&
           (strncmp(g_where, "postgresql://", 13) == 0 || strncmp(g_where, "postgres://", 11) == 0);
}

static void quiet_notice(void* arg, const char* message) {
    (void)arg;
    (void)message;
}

static PGconn* pg_connect(void) {
    PGconn* c = PQconnectdb(g_where);
    if (PQstatus(c) != CONNECTION_OK) die("cannot connect to PostgreSQL", PQerrorMessage(c));
    PQsetNoticeProcessor(c, quiet_notice, NULL);
    return c;
}

void t_reset(void) {
    if (t_is_pg()) {
        PGconn* c = pg_connect();
        PGresult* r = PQexec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        if (PQresultStatus(r) != PGRES_COMMAND_OK) die("resetting the schema", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
    } else {
        static const char* suffixes[] = {"",       "-wal",       "-shm",       "-journal",
                                         "-reads", "-reads-wal", "-reads-shm", "-reads-journal"};
        char path[4096];
        size_t i;
        for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
            snprintf(path, sizeof path, "%s%s", g_where, suffixes[i]);
            if (unlink(path) != 0 && errno != ENOENT) die("cannot delete", path);
        }
    }
}

void t_pooling(mend_open_options* o) {
    const char* pooling = getenv("MEND_TEST_PG_POOLING");
    if (pooling && strcmp(pooling, "1") == 0) o->flags |= MEND_OPEN_TRANSACTION_POOLING;
}

static mend_db* open_with(unsigned int flags) {
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int rc;
    o.flags = flags;
    t_pooling(&o);
    rc = mend_open(&db, g_where, &o);
    if (rc != MEND_OK || !db) die("mend_open", mend_last_errmsg());
    return db;
}

mend_db* t_open(void) {
    return open_with(0);
}

mend_db* t_create(void) {
    return open_with(MEND_OPEN_CREATE);
}

mend_db* t_fresh_practice(int64_t* admin_id) {
    mend_db* db;
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    int64_t id = 0;
    t_reset();
    db = t_create();
    admin.display_name = "Admin Person";
    admin.external_id = "staff-admin";
    if (mend_practice_init(&id, db, "Test Practice", &admin) != MEND_OK)
        die("mend_practice_init", mend_errmsg(db));
    if (admin_id) *admin_id = id;
    return db;
}

/* ---- SQL around mend ---- */

int t_raw_exec(const char* sql, char* err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (t_is_pg()) {
        PGconn* c = pg_connect();
        PGresult* r = PQexec(c, sql);
        ExecStatusType st = PQresultStatus(r);
        int failed = st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK;
        if (failed && err) snprintf(err, errlen, "%s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return failed;
    } else {
        sqlite3* s = NULL;
        char* msg = NULL;
        int rc = sqlite3_open_v2(g_where, &s, SQLITE_OPEN_READWRITE, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_exec(s, sql, NULL, NULL, &msg);
        if (rc != SQLITE_OK && err)
            snprintf(err, errlen, "%s", msg ? msg : (s ? sqlite3_errmsg(s) : "cannot open"));
        sqlite3_free(msg);
        sqlite3_close(s);
        return rc != SQLITE_OK;
    }
}

int t_raw_int(const char* sql, long long* out) {
    *out = 0;
    if (t_is_pg()) {
        PGconn* c = pg_connect();
        PGresult* r = PQexec(c, sql);
        int failed = PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1;
        if (!failed && !PQgetisnull(r, 0, 0)) *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        if (failed) fprintf(stderr, "raw query failed: %s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return failed;
    } else {
        sqlite3* s = NULL;
        sqlite3_stmt* st = NULL;
        int failed = 1;
        if (sqlite3_open_v2(g_where, &s, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
            sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            failed = 0;
        }
        if (failed) fprintf(stderr, "raw query failed: %s\n", s ? sqlite3_errmsg(s) : "");
        sqlite3_finalize(st);
        sqlite3_close(s);
        return failed;
    }
}

static sqlite3* g_locker = NULL;

int t_raw_write_lock(int hold) {
    if (t_is_pg()) return 1;
    if (hold) {
        if (g_locker) return 1;
        if (sqlite3_open_v2(g_where, &g_locker, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) return 1;
        return sqlite3_exec(g_locker, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK;
    }
    if (!g_locker) return 1;
    sqlite3_exec(g_locker, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(g_locker);
    g_locker = NULL;
    return 0;
}

/* ---- records ---- */

int64_t t_clinician(mend_db* db, const char* name, const char* role, const char* external_id) {
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    int64_t id = 0;
    f.display_name = name;
    f.role = role;
    f.external_id = external_id;
    if (mend_clinician_create(&id, db, &f) != MEND_OK)
        die("mend_clinician_create", mend_errmsg(db));
    return id;
}

int64_t t_client(mend_db* db, const char* given, const char* family, const char* external_id) {
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    int64_t id = 0;
    f.given_name = given;
    f.family_name = family;
    f.external_id = external_id;
    if (mend_client_create(&id, db, &f) != MEND_OK) die("mend_client_create", mend_errmsg(db));
    return id;
}

int64_t t_couple(mend_db* db, int64_t a, int64_t b, const char* policy) {
    mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
    int64_t id = 0;
    f.client_a_id = a;
    f.client_b_id = b;
    f.secrets_policy = policy;
    if (mend_couple_create(&id, db, &f) != MEND_OK) die("mend_couple_create", mend_errmsg(db));
    return id;
}

int64_t t_conjoint_case(mend_db* db, int64_t couple, int64_t clinician) {
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    int64_t id = 0;
    f.kind = "conjoint";
    f.couple_id = couple;
    f.primary_clinician_id = clinician;
    if (mend_case_create(&id, db, &f) != MEND_OK)
        die("mend_case_create (conjoint)", mend_errmsg(db));
    return id;
}

int64_t t_individual_case(mend_db* db, int64_t client, int64_t clinician) {
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    int64_t id = 0;
    f.kind = "individual";
    f.client_id = client;
    f.primary_clinician_id = clinician;
    if (mend_case_create(&id, db, &f) != MEND_OK)
        die("mend_case_create (individual)", mend_errmsg(db));
    return id;
}

long t_count_clients(mend_db* db, int include_archived) {
    mend_client_list_options o = MEND_CLIENT_LIST_OPTIONS_INIT;
    mend_client_iter* it = NULL;
    mend_client* c = NULL;
    long n = 0;
    int rc;
    o.include_archived = include_archived;
    if (mend_client_iter_new(&it, db, &o) != MEND_OK) return -1;
    while ((rc = mend_client_iter_next(&c, it)) == MEND_OK) {
        ++n;
        mend_client_free(c);
    }
    mend_client_iter_free(it);
    return rc == MEND_ITEROVER ? n : -1;
}

long t_count_cases(mend_db* db) {
    mend_case_list_options o = MEND_CASE_LIST_OPTIONS_INIT;
    mend_case_iter* it = NULL;
    mend_case* c = NULL;
    long n = 0;
    int rc;
    o.include_archived = 1;
    if (mend_case_iter_new(&it, db, &o) != MEND_OK) return -1;
    while ((rc = mend_case_iter_next(&c, it)) == MEND_OK) {
        ++n;
        mend_case_free(c);
    }
    mend_case_iter_free(it);
    return rc == MEND_ITEROVER ? n : -1;
}

long t_count_clinicians(mend_db* db) {
    mend_clinician_list_options o = MEND_CLINICIAN_LIST_OPTIONS_INIT;
    mend_clinician_iter* it = NULL;
    mend_clinician* c = NULL;
    long n = 0;
    int rc;
    o.include_archived = 1;
    if (mend_clinician_iter_new(&it, db, &o) != MEND_OK) return -1;
    while ((rc = mend_clinician_iter_next(&c, it)) == MEND_OK) {
        ++n;
        mend_clinician_free(c);
    }
    mend_clinician_iter_free(it);
    return rc == MEND_ITEROVER ? n : -1;
}

static char* copy_and_free(char* js) {
    char* out;
    if (!js) return NULL;
    out = malloc(strlen(js) + 1);
    if (out) strcpy(out, js);
    mend_free(js);
    return out;
}

char* t_client_json(mend_db* db, int64_t id) {
    mend_client* c = NULL;
    char* js = NULL;
    if (mend_client_get(&c, db, id) != MEND_OK) return NULL;
    mend_client_to_json(&js, c);
    mend_client_free(c);
    return copy_and_free(js);
}

char* t_couple_json(mend_db* db, int64_t id) {
    mend_couple* c = NULL;
    char* js = NULL;
    if (mend_couple_get(&c, db, id) != MEND_OK) return NULL;
    mend_couple_to_json(&js, c);
    mend_couple_free(c);
    return copy_and_free(js);
}

char* t_case_json(mend_db* db, int64_t id) {
    mend_case* c = NULL;
    char* js = NULL;
    if (mend_case_get(&c, db, id) != MEND_OK) return NULL;
    mend_case_to_json(&js, c);
    mend_case_free(c);
    return copy_and_free(js);
}

char* t_clinician_json(mend_db* db, int64_t id) {
    mend_clinician* c = NULL;
    char* js = NULL;
    if (mend_clinician_get(&c, db, id) != MEND_OK) return NULL;
    mend_clinician_to_json(&js, c);
    mend_clinician_free(c);
    return copy_and_free(js);
}

/* ---- dates ---- */

static void format_date(char out[11], const struct tm* tm) {
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

void t_utc_date(char out[11], int days_from_today) {
    time_t t = time(NULL) + (time_t)days_from_today * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    format_date(out, &tm);
}

void t_local_date(char out[11], int days_from_today) {
    time_t t = time(NULL) + (time_t)days_from_today * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    format_date(out, &tm);
}

/* ---- the audit log's JSON: an array of flat objects ---- */

static void copy_text(char* dst, size_t size, const char* src) {
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static const char* skip_ws(const char* p) {
    while (*p && isspace((unsigned char)*p))
        ++p;
    return p;
}

/* A JSON string at p (which points at the opening quote) into buf. */
static const char* read_string(const char* p, char* buf, size_t len) {
    size_t n = 0;
    if (*p != '"') return NULL;
    ++p;
    while (*p && *p != '"') {
        char ch = *p++;
        if (ch == '\\') {
            ch = *p++;
            if (!ch) return NULL;
            if (ch == 'u') {
                /* Not expected in audit events: keep the escape as text. */
                if (n + 1 < len) buf[n++] = '?';
                if (strlen(p) < 4) return NULL;
                p += 4;
                continue;
            }
            if (ch == 'n')
                ch = '\n';
            else if (ch == 't')
                ch = '\t';
        }
        if (n + 1 < len) buf[n++] = ch;
    }
    if (*p != '"') return NULL;
    if (len) buf[n] = '\0';
    return p + 1;
}

int t_parse_audit(const char* json, t_event* events, int max) {
    const char* p = skip_ws(json);
    int count = 0;
    if (*p++ != '[') return -1;
    p = skip_ws(p);
    if (*p == ']') return 0;
    for (;;) {
        t_event e;
        memset(&e, 0, sizeof e);
        p = skip_ws(p);
        if (*p++ != '{') return -1;
        p = skip_ws(p);
        while (*p != '}') {
            char key[32], sval[64];
            long long ival = 0;
            int is_string = 0;
            p = read_string(p, key, sizeof key);
            if (!p) return -1;
            p = skip_ws(p);
            if (*p++ != ':') return -1;
            p = skip_ws(p);
            if (*p == '"') {
                p = read_string(p, sval, sizeof sval);
                if (!p) return -1;
                is_string = 1;
            } else if (strncmp(p, "null", 4) == 0) {
                p += 4;
            } else if (strncmp(p, "true", 4) == 0) {
                ival = 1;
                p += 4;
            } else if (strncmp(p, "false", 5) == 0) {
                p += 5;
            } else {
                char* end = NULL;
                ival = strtoll(p, &end, 10);
                if (end == p) return -1;
                p = end;
            }
            if (strcmp(key, "seq") == 0)
                e.seq = ival;
            else if (strcmp(key, "actor_id") == 0)
                e.actor_id = ival;
            else if (strcmp(key, "object_id") == 0)
                e.object_id = ival;
            else if (is_string && strcmp(key, "action") == 0)
                copy_text(e.action, sizeof e.action, sval);
            else if (is_string && strcmp(key, "object_type") == 0)
                copy_text(e.object_type, sizeof e.object_type, sval);
            else if (is_string && strcmp(key, "outcome") == 0)
                copy_text(e.outcome, sizeof e.outcome, sval);
            else if (is_string && strcmp(key, "at") == 0)
                copy_text(e.at, sizeof e.at, sval);
            p = skip_ws(p);
            if (*p == ',')
                p = skip_ws(p + 1);
            else if (*p != '}')
                return -1;
        }
        ++p;
        if (count < max) events[count] = e;
        ++count;
        p = skip_ws(p);
        if (*p == ',') {
            ++p;
            continue;
        }
        if (*p == ']') break;
        return -1;
    }
    return count < max ? count : max;
}

t_event* t_read_audit(mend_db* db, int* count) {
    int cap = 1024, n = 0;
    long long after = 0;
    t_event* all = malloc(sizeof(t_event) * (size_t)cap);
    *count = 0;
    if (!all) return NULL;
    for (;;) {
        char* js = NULL;
        int got, rc = mend_audit_list_json(&js, db, after, 1000);
        if (rc != MEND_OK) {
            fprintf(stderr, "mend_audit_list_json: %s\n", mend_errmsg(db));
            free(all);
            return NULL;
        }
        if (n + 1000 > cap) {
            t_event* bigger;
            cap = (n + 1000) * 2;
            bigger = realloc(all, sizeof(t_event) * (size_t)cap);
            if (!bigger) {
                free(all);
                mend_free(js);
                return NULL;
            }
            all = bigger;
        }
        got = t_parse_audit(js, all + n, 1000);
        mend_free(js);
        if (got < 0) {
            free(all);
            return NULL;
        }
        n += got;
        if (got < 1000) break;
        after = all[n - 1].seq;
    }
    *count = n;
    return all;
}

int t_count_events(const t_event* events, int n, const char* action, const char* object_type,
                   long long object_id, const char* outcome, long long actor_id) {
    int i, matches = 0;
    for (i = 0; i < n; ++i) {
        const t_event* e = &events[i];
        if (action && strcmp(e->action, action) != 0) continue;
        if (object_type && strcmp(e->object_type, object_type) != 0) continue;
        if (object_id >= 0 && e->object_id != object_id) continue;
        if (outcome && strcmp(e->outcome, outcome) != 0) continue;
        if (actor_id >= 0 && e->actor_id != actor_id) continue;
        ++matches;
    }
    return matches;
}

unsigned char* t_read_file(const char* path, size_t* size) {
    FILE* f = fopen(path, "rb");
    unsigned char* buf = NULL;
    size_t cap = 0, n = 0;
    *size = 0;
    if (!f) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            unsigned char* bigger;
            cap = cap ? cap * 2 : 65536;
            bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    /* Callers may read it as a C string: it always ends with a NUL (not counted in *size). */
    if (n == cap) {
        unsigned char* bigger = realloc(buf, cap + 1);
        if (!bigger) {
            free(buf);
            return NULL;
        }
        buf = bigger;
    }
    buf[n] = 0;
    *size = n;
    return buf;
}

int t_raw_foreign(void) {
    static const char* sql = "CREATE TABLE app_settings (key TEXT PRIMARY KEY, value TEXT);"
                             "INSERT INTO app_settings VALUES ('theme', 'dark');";
    char err[512];
    if (!t_is_pg()) {
        /* t_raw_exec() never creates a file: make an empty one first. */
        FILE* f = fopen(g_where, "wb");
        if (!f) return 1;
        fclose(f);
    }
    return t_raw_exec(sql, err, sizeof err);
}

int t_file_exists(const char* path, const char* suffix) {
    char full[4096];
    FILE* f;
    snprintf(full, sizeof full, "%s%s", path, suffix);
    f = fopen(full, "rb");
    if (f) fclose(f);
    return f != NULL;
}

int t_write_file(const char* path, const unsigned char* bytes, size_t size) {
    FILE* f = fopen(path, "wb");
    int failed;
    if (!f) return 1;
    failed = size > 0 && fwrite(bytes, 1, size, f) != size;
    return fclose(f) != 0 || failed;
}

int64_t t_session(mend_db* db, int64_t kase, const int64_t* who, size_t n, int64_t patient,
                  const char* cpt, int minutes, int days_ago, int* rc) {
    mend_session_fields f = MEND_SESSION_FIELDS_INIT;
    char at[20];
    int64_t id = 0;
    int got;
    t_utc_date(at, -days_ago);
    strcat(at, "T10:00");
    f.case_id = kase;
    f.starts_at = at;
    f.duration_minutes = minutes;
    f.modality = "in_person";
    f.participants = who;
    f.participant_count = n;
    f.identified_patient_id = patient;
    f.cpt_code = cpt;
    got = mend_session_create(&id, db, &f);
    if (rc)
        *rc = got;
    else
        REQUIRE_OK(got);
    return id;
}

int t_signed_note(mend_db* db, int64_t* note, int64_t kase, int64_t client, int days_ago,
                  const char* text) {
    char content[512];
    int rc;
    int64_t session = t_session(db, kase, &client, 1, 0, "90834", 45, days_ago, &rc);
    if (!session) return rc;
    snprintf(content, sizeof content, "{\"text\": \"%s\"}", text);
    rc = mend_note_create(note, db, session, "free", content);
    return rc != MEND_OK ? rc : mend_note_sign(db, *note);
}

int t_fork_piped(int* read_fd, void (*fn)(int write_fd, void* arg), void* arg) {
    int fds[2];
    pid_t pid;
    REQUIRE(pipe(fds) == 0);
    fflush(NULL);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        fn(fds[1], arg);
        _exit(99); /* fn returned */
    }
    close(fds[1]);
    *read_fd = fds[0];
    return (int)pid;
}

int t_phq9(mend_db* db, int64_t* measure, int64_t client, int days_ago) {
    static const int answers[9] = {2, 1, 1, 0, 1, 2, 1, 0, 0};
    mend_measure_fields m = MEND_MEASURE_FIELDS_INIT;
    char day[11];
    t_utc_date(day, -days_ago);
    m.client_id = client;
    m.instrument = "phq9";
    m.answers = answers;
    m.answer_count = 9;
    m.administered_on = day;
    return mend_measure_create(measure, db, &m);
}

int t_check_verified(mend_db* db) {
    long before = t_failures;
    char* js = NULL;
    CHECK_OK(mend_db_verify_json(&js, db));
    CHECK_SUBSTR(js, "\"ok\":true");
    CHECK_SUBSTR(js, "\"problems\":[]");
    mend_free(js);
    js = NULL;
    CHECK_OK(mend_audit_verify_json(&js, db, NULL));
    CHECK_SUBSTR(js, "\"first_bad_seq\":null");
    mend_free(js);
    js = NULL;
    CHECK_OK(mend_note_verify_json(&js, db));
    CHECK_SUBSTR(js, "\"ok\":true");
    mend_free(js);
    return t_failures == before;
}
