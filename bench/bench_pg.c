/*
 * PostgreSQL workloads with 1, 2 and 4 concurrent clients, each a thread
 * with its own connection:
 *   - ingest: clients created through the C API in host transactions of 200,
 *     against libpq prepared INSERTs of the same rows plus mend's audit row
 *     (the advisory lock and next seq as src/store/audit.cpp takes them), the
 *     same transactions, in the same run;
 *   - couple report: a couple's case (40 signed notes, 20 administrations)
 *     rendered by every thread, against libpq prepared SELECTs of the rows the
 *     report needs in a read transaction plus the same number of audit rows
 *     in one write transaction, as many per thread, in the same run.
 *
 * Usage: bench_pg URL [ROWS]   (ROWS clients per configuration; default 1000)
 * It empties the database's public schema first. JSON lines on stdout.
 */
#define _GNU_SOURCE
#include "bench_util.h"

#include <libpq-fe.h>

#include <pthread.h>
#include <string.h>

#define BATCH 200
#define REPORTS_PER_THREAD 10

static const char* url;
static int64_t admin_id, report_case, report_partner[2];
static int report_audits; /* audit rows one mend report writes, counted */
static int next_client;   /* external ids stay unique across runs */
static pthread_mutex_t ids = PTHREAD_MUTEX_INITIALIZER;

static int take_ids(int n) {
    int first;
    pthread_mutex_lock(&ids);
    first = next_client;
    next_client += n;
    pthread_mutex_unlock(&ids);
    return first;
}

static PGconn* pg(void) {
    PGconn* c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) die("PQconnectdb", PQerrorMessage(c));
    return c;
}

static void pg_ok(PGconn* c, PGresult* r) {
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) die("libpq", PQerrorMessage(c));
    PQclear(r);
}

/* A statement run to completion: every value of every row is touched, as a
 * reader of the rows would. */
static void pg_read(PGconn* c, PGresult* r) {
    int i, j, rows, cols;
    size_t bytes = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die("libpq", PQerrorMessage(c));
    rows = PQntuples(r);
    cols = PQnfields(r);
    for (i = 0; i < rows; ++i)
        for (j = 0; j < cols; ++j)
            if (!PQgetisnull(r, i, j))
                bytes += (size_t)PQgetlength(r, i, j) + (PQgetvalue(r, i, j)[0] != 0);
    (void)bytes;
    PQclear(r);
}

/* The audit append as src/store/audit.cpp makes it on PostgreSQL: the
 * advisory lock once per write transaction (audit_lock, right after BEGIN),
 * then each row with the next seq; prepared once per connection. */
static void audit_prepare(PGconn* c) {
    pg_ok(c, PQprepare(c, "lock", "SELECT pg_advisory_xact_lock(7301002)", 0, NULL));
    pg_ok(c, PQprepare(c, "audit",
                       "INSERT INTO audit_event (seq, at_us, actor_id, action, object_type,"
                       " object_id, outcome) SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4,"
                       " $5, 'ok' FROM audit_event",
                       0, NULL));
}

static void audit_append(PGconn* c, const char* actor, const char* action, const char* type,
                         const char* object) {
    char us[24];
    const char* a[5];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(us, sizeof us, "%lld", (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
    a[0] = us;
    a[1] = actor;
    a[2] = action;
    a[3] = type;
    a[4] = object;
    pg_ok(c, PQexecPrepared(c, "audit", 5, a, NULL, NULL, 0));
}

static void audit_lock(PGconn* c) {
    pg_ok(c, PQexecPrepared(c, "lock", 0, NULL, NULL, NULL, 0));
}

static long long pg_count(PGconn* c, const char* sql) {
    PGresult* r = PQexec(c, sql);
    long long n;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die(sql, PQerrorMessage(c));
    n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

typedef struct job {
    int rows;
} job;

static void* mend_ingest(void* arg) {
    job* j = arg;
    mend_db* db = open_mend(url);
    int i, first = take_ids(j->rows);
    MEND(db, mend_actor_set(db, admin_id));
    for (i = 0; i < j->rows; ++i) {
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        char ext[32], mail[48];
        int64_t id;
        if (i % BATCH == 0) MEND(db, mend_transaction_begin(db));
        snprintf(ext, sizeof ext, "pg-%d", first + i);
        snprintf(mail, sizeof mail, "client%d@example.org", first + i);
        f.external_id = ext;
        f.given_name = "Jordan";
        f.family_name = "Okafor";
        f.date_of_birth = "1984-03-09";
        f.email = mail;
        f.phone = "+1 555 201 3344";
        MEND(db, mend_client_create(&id, db, &f));
        if (i % BATCH == BATCH - 1 || i == j->rows - 1) MEND(db, mend_transaction_commit(db));
    }
    mend_close(db);
    return NULL;
}

static void* raw_ingest(void* arg) {
    job* j = arg;
    PGconn* c = pg();
    int i, first = take_ids(j->rows);
    char admin[24];
    snprintf(admin, sizeof admin, "%lld", (long long)admin_id);
    pg_ok(c, PQprepare(c, "client",
                       "INSERT INTO client (external_id, given_name, family_name, date_of_birth,"
                       " email, phone, created_by, created_at, updated_at)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                       0, NULL));
    audit_prepare(c);
    for (i = 0; i < j->rows; ++i) {
        char ext[32], mail[48], at[32];
        const char* v[8];
        PGresult* r;
        struct timespec ts;
        if (i % BATCH == 0) {
            pg_ok(c, PQexec(c, "BEGIN"));
            audit_lock(c);
        }
        snprintf(ext, sizeof ext, "pgraw-%d", first + i);
        snprintf(mail, sizeof mail, "client%d@example.org", first + i);
        clock_gettime(CLOCK_REALTIME, &ts);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&ts.tv_sec));
        v[0] = ext;
        v[1] = "Jordan";
        v[2] = "Okafor";
        v[3] = "1984-03-09";
        v[4] = mail;
        v[5] = "+1 555 201 3344";
        v[6] = admin;
        v[7] = at;
        r = PQexecPrepared(c, "client", 8, v, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) die("client", PQerrorMessage(c));
        audit_append(c, admin, "create", "client", PQgetvalue(r, 0, 0));
        PQclear(r);
        if (i % BATCH == BATCH - 1 || i == j->rows - 1) pg_ok(c, PQexec(c, "COMMIT"));
    }
    PQfinish(c);
    return NULL;
}

/* The couple's case report, JSON with note text, as the admin. */
static void mend_report_once(mend_db* db) {
    mend_report_options o = MEND_REPORT_OPTIONS_INIT;
    char* out = NULL;
    o.kind = "case";
    o.format = "json";
    o.case_id = report_case;
    o.generated_on = "2026-12-01";
    o.include_note_text = 1;
    MEND(db, mend_report_render(&out, db, &o));
    mend_free(out);
}

static void* mend_reports(void* arg) {
    mend_db* db = open_mend(url);
    int i;
    (void)arg;
    MEND(db, mend_actor_set(db, admin_id));
    for (i = 0; i < REPORTS_PER_THREAD; ++i)
        mend_report_once(db);
    mend_close(db);
    return NULL;
}

/* The rows a couple's case report needs (src/practice/case_report.cpp and
 * the store reads it calls), each read by one prepared statement: $1 the
 * case, $2 and $3 the partners. */
static const char* report_reads[] = {
    "SELECT * FROM care_case WHERE id = $1",
    "SELECT * FROM couple WHERE id = (SELECT couple_id FROM care_case WHERE id = $1)",
    "SELECT * FROM client WHERE id IN ($2, $3)",
    "SELECT * FROM clinician WHERE id = (SELECT primary_clinician_id FROM care_case WHERE id"
    " = $1)",
    "SELECT name FROM practice ORDER BY id LIMIT 1",
    "SELECT * FROM case_protocol WHERE case_id = $1",
    "SELECT * FROM phase_entry WHERE case_id = $1 ORDER BY id",
    "SELECT * FROM role_change WHERE case_id = $1 ORDER BY id",
    "SELECT * FROM agreement WHERE case_id = $1 ORDER BY id",
    "SELECT * FROM safety_flag WHERE client_id IN ($2, $3) ORDER BY id",
    "SELECT s.*, p.client_id FROM session s JOIN session_participant p ON p.session_id = s.id"
    " WHERE s.case_id = $1 ORDER BY s.starts_at, s.id, p.client_id",
    "SELECT n.*, c.display_name, (SELECT COUNT(*) FROM addendum d WHERE d.note_id = n.id),"
    " COALESCE((SELECT m.shareable FROM note_share m WHERE m.note_id = n.id ORDER BY m.id DESC"
    " LIMIT 1), 0) FROM note n JOIN session s ON s.id = n.session_id"
    " LEFT JOIN clinician c ON c.id = n.author_id WHERE n.case_id = $1 AND n.status = 'signed'"
    " ORDER BY s.starts_at, n.id",
    "SELECT a.*, i.position, i.item, i.chosen FROM administration a JOIN administration_item i"
    " ON i.administration_id = a.id WHERE a.client_id IN ($2, $3) ORDER BY a.client_id,"
    " a.instrument, a.administered_on, a.id, i.position",
};
#define NREADS (int)(sizeof report_reads / sizeof *report_reads)

/* The reference: the same reads in one read transaction (REPEATABLE READ
 * READ ONLY, as src/store/database.cpp begins a read), then as many audit
 * rows as a mend report writes in one short write transaction. */
static void* raw_reports(void* arg) {
    PGconn* c = pg();
    char kase[24], a[24], b[24], admin[24], name[8];
    const char* v[3] = {kase, a, b};
    int i, q, n, np[NREADS];
    (void)arg;
    snprintf(kase, sizeof kase, "%lld", (long long)report_case);
    snprintf(a, sizeof a, "%lld", (long long)report_partner[0]);
    snprintf(b, sizeof b, "%lld", (long long)report_partner[1]);
    snprintf(admin, sizeof admin, "%lld", (long long)admin_id);
    for (q = 0; q < NREADS; ++q) {
        /* Every parameter a bigint (20, INT8OID): a statement of the partners
         * leaves $1 unused, whose type PostgreSQL cannot infer. */
        static const Oid int8[3] = {20, 20, 20};
        snprintf(name, sizeof name, "r%d", q);
        np[q] = strstr(report_reads[q], "$3") ? 3 : strstr(report_reads[q], "$1") ? 1 : 0;
        pg_ok(c, PQprepare(c, name, report_reads[q], np[q], int8));
    }
    audit_prepare(c);
    for (i = 0; i < REPORTS_PER_THREAD; ++i) {
        pg_ok(c, PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        for (q = 0; q < NREADS; ++q) {
            snprintf(name, sizeof name, "r%d", q);
            pg_read(c, PQexecPrepared(c, name, np[q], v, NULL, NULL, 0));
        }
        pg_ok(c, PQexec(c, "COMMIT"));
        pg_ok(c, PQexec(c, "BEGIN"));
        audit_lock(c);
        for (n = 0; n < report_audits; ++n)
            audit_append(c, admin, "read", "case", kase);
        pg_ok(c, PQexec(c, "COMMIT"));
    }
    PQfinish(c);
    return NULL;
}

/* Wall time of k threads running fn, each with rows; us. */
static double threads(int k, void* (*fn)(void*), int rows) {
    pthread_t th[4];
    job j[4];
    int i;
    double t = now_us();
    for (i = 0; i < k; ++i) {
        j[i].rows = rows / k;
        pthread_create(&th[i], NULL, fn, &j[i]);
    }
    for (i = 0; i < k; ++i)
        pthread_join(th[i], NULL);
    return now_us() - t;
}

/* A couple's case to report on: 40 sessions with signed notes (the report
 * holds signed notes only), 20 administrations. */
static void build_case(mend_db* db) {
    mend_client_fields cf = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields kf = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields sf = MEND_CASE_FIELDS_INIT;
    int64_t who[2], couple, id;
    int i;
    static const char* note =
        "{\"subjective\":\"Partner reported intrusive images after the discovery and poor sleep "
        "most nights; arguments about the timeline escalated twice this week.\",\"objective\":"
        "\"Both engaged; affect congruent, tearful when describing the disclosure.\","
        "\"assessment\":\"Attachment injury, early repair; ambivalence about commitment.\","
        "\"plan\":\"Continue structured disclosure preparation; grounding practice daily.\"}";
    MEND(db, mend_transaction_begin(db));
    for (i = 0; i < 2; ++i) {
        char ext[16];
        snprintf(ext, sizeof ext, "pgc-%d", i);
        cf.external_id = ext;
        cf.given_name = i ? "Sam" : "Riley";
        cf.family_name = "Moreno";
        MEND(db, mend_client_create(&who[i], db, &cf));
    }
    kf.client_a_id = who[0];
    kf.client_b_id = who[1];
    kf.secrets_policy = "no_secrets";
    MEND(db, mend_couple_create(&couple, db, &kf));
    sf.kind = "conjoint";
    sf.couple_id = couple;
    sf.opened_on = "2024-01-02";
    MEND(db, mend_case_create(&report_case, db, &sf));
    for (i = 0; i < 40; ++i) {
        mend_session_fields s = MEND_SESSION_FIELDS_INIT;
        char at[32];
        int64_t sid;
        snprintf(at, sizeof at, "2024-%02d-%02dT10:00", 2 + i / 4, 1 + (i % 4) * 7);
        s.case_id = report_case;
        s.starts_at = at;
        s.duration_minutes = 50;
        s.modality = "in_person";
        s.participants = who;
        s.participant_count = 2;
        s.identified_patient_id = who[0];
        s.cpt_code = "90847";
        MEND(db, mend_session_create(&sid, db, &s));
        MEND(db, mend_note_create(&id, db, sid, "soap", note));
        MEND(db, mend_note_sign(db, id));
    }
    for (i = 0; i < 20; ++i) {
        mend_measure_fields m = MEND_MEASURE_FIELDS_INIT;
        int answers[7] = {1, 2, 1, 0, 2, 1, 1};
        char on[16];
        snprintf(on, sizeof on, "2024-%02d-15", 2 + i / 2);
        m.client_id = who[i % 2];
        m.case_id = report_case;
        m.instrument = "gad7";
        m.administered_on = on;
        m.answers = answers;
        m.answer_count = 7;
        MEND(db, mend_measure_create(&id, db, &m));
    }
    MEND(db, mend_transaction_commit(db));
    report_partner[0] = who[0];
    report_partner[1] = who[1];
}

int main(int argc, char** argv) {
    int rows = argc > 2 ? atoi(argv[2]) : 1000, k, rep;
    static const int ks[3] = {1, 2, 4};
    mend_db* db;
    mend_clinician_fields a = MEND_CLINICIAN_FIELDS_INIT;
    PGconn* c;
    if (argc < 2) {
        fprintf(stderr, "usage: bench_pg postgresql://... [ROWS]\n");
        return 2;
    }
    url = argv[1];
    c = pg();
    pg_ok(c, PQexec(c, "DROP SCHEMA public CASCADE"));
    pg_ok(c, PQexec(c, "CREATE SCHEMA public"));
    PQfinish(c);
    db = open_mend(url);
    a.display_name = "Bench Admin";
    MEND(db, mend_practice_init(&admin_id, db, "Bench Practice", &a));
    build_case(db);
    /* One report, to warm and to count the audit rows it writes. */
    c = pg();
    {
        long long before = pg_count(c, "SELECT COUNT(*) FROM audit_event");
        mend_report_once(db);
        report_audits = (int)(pg_count(c, "SELECT COUNT(*) FROM audit_event") - before);
    }
    PQfinish(c);
    mend_close(db);

    for (k = 0; k < 3; ++k) {
        double m[3], r[3], rep_m[3], rep_r[3], mm, rm;
        fprintf(stderr, "bench_pg: %d concurrent client(s)\n", ks[k]);
        for (rep = 0; rep < 3; ++rep) {
            m[rep] = threads(ks[k], mend_ingest, rows) / rows;
            r[rep] = threads(ks[k], raw_ingest, rows) / rows;
            rep_m[rep] = threads(ks[k], mend_reports, 0) / (ks[k] * REPORTS_PER_THREAD);
            rep_r[rep] = threads(ks[k], raw_reports, 0) / (ks[k] * REPORTS_PER_THREAD);
        }
        mm = quantile(m, 3, 0.5);
        rm = quantile(r, 3, 0.5);
        printf("{\"workload\":\"pg_ingest_clients_%d\",\"unit\":\"us/row\",\"mend\":%.3f,"
               "\"reference_name\":\"libpq prepared INSERTs + the same audit rows, same "
               "transactions\",\"reference\":%.3f,\"ratio\":%.3f,\"target_ratio\":2.00,"
               "\"met\":%s,\"clients\":%d,\"rows\":%d}\n",
               ks[k], mm, rm, mm / rm, mm / rm <= 2.0 ? "true" : "false", ks[k], rows);
        mm = quantile(rep_m, 3, 0.5);
        rm = quantile(rep_r, 3, 0.5);
        printf("{\"workload\":\"pg_couple_report_%d\",\"unit\":\"us/report\",\"mend\":%.3f,"
               "\"reference_name\":\"libpq prepared SELECTs of the same rows + the same audit "
               "rows\",\"reference\":%.3f,\"ratio\":%.3f,\"target_ratio\":2.00,\"met\":%s,"
               "\"clients\":%d,\"reports\":%d,\"reads\":%d,\"audit_rows\":%d}\n",
               ks[k], mm, rm, mm / rm, mm / rm <= 2.0 ? "true" : "false", ks[k],
               ks[k] * REPORTS_PER_THREAD, NREADS, report_audits);
        fflush(stdout);
    }
    return 0;
}
