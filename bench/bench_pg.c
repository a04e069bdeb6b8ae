/*
 * PostgreSQL workloads with 1, 2 and 4 concurrent clients, each a thread
 * with its own connection:
 *   - ingest: clients created through the C API in host transactions of 200,
 *     against libpq prepared INSERTs of the same rows plus mend's audit row
 *     (the advisory lock and next seq as src/store/audit.cpp takes them), the
 *     same transactions, in the same run;
 *   - couple report: a couple's case (40 notes, 20 administrations) rendered
 *     by every thread (no raw reference yet: the figure is per report, with
 *     its ratio against one thread).
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
static int64_t admin_id, report_case;
static int next_client; /* external ids stay unique across runs */
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
    pg_ok(c, PQprepare(c, "lock", "SELECT pg_advisory_xact_lock(7301002)", 0, NULL));
    pg_ok(c, PQprepare(c, "audit",
                       "INSERT INTO audit_event (seq, at_us, actor_id, action, object_type,"
                       " object_id, outcome) SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, 'create',"
                       " 'client', $3, 'ok' FROM audit_event",
                       0, NULL));
    for (i = 0; i < j->rows; ++i) {
        char ext[32], mail[48], at[32], us[24];
        const char* v[8];
        PGresult* r;
        struct timespec ts;
        if (i % BATCH == 0) pg_ok(c, PQexec(c, "BEGIN"));
        snprintf(ext, sizeof ext, "pgraw-%d", first + i);
        snprintf(mail, sizeof mail, "client%d@example.org", first + i);
        clock_gettime(CLOCK_REALTIME, &ts);
        snprintf(us, sizeof us, "%lld", (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
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
        {
            const char* a[3] = {us, admin, PQgetvalue(r, 0, 0)};
            pg_ok(c, PQexecPrepared(c, "lock", 0, NULL, NULL, NULL, 0));
            pg_ok(c, PQexecPrepared(c, "audit", 3, a, NULL, NULL, 0));
        }
        PQclear(r);
        if (i % BATCH == BATCH - 1 || i == j->rows - 1) pg_ok(c, PQexec(c, "COMMIT"));
    }
    PQfinish(c);
    return NULL;
}

static void* mend_reports(void* arg) {
    mend_db* db = open_mend(url);
    int i;
    (void)arg;
    MEND(db, mend_actor_set(db, admin_id));
    for (i = 0; i < REPORTS_PER_THREAD; ++i) {
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
    mend_close(db);
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

/* A couple's case to report on: 40 sessions with notes, 20 administrations. */
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
}

int main(int argc, char** argv) {
    int rows = argc > 2 ? atoi(argv[2]) : 1000, k, rep;
    static const int ks[3] = {1, 2, 4};
    double one_report = 0;
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
    mend_close(db);

    for (k = 0; k < 3; ++k) {
        double m[3], r[3], rep_t[3], mm, rm;
        fprintf(stderr, "bench_pg: %d concurrent client(s)\n", ks[k]);
        for (rep = 0; rep < 3; ++rep) {
            m[rep] = threads(ks[k], mend_ingest, rows) / rows;
            r[rep] = threads(ks[k], raw_ingest, rows) / rows;
            rep_t[rep] = threads(ks[k], mend_reports, 0) / (ks[k] * REPORTS_PER_THREAD);
        }
        mm = quantile(m, 3, 0.5);
        rm = quantile(r, 3, 0.5);
        printf("{\"workload\":\"pg_ingest_clients_%d\",\"unit\":\"us/row\",\"mend\":%.3f,"
               "\"reference_name\":\"libpq prepared INSERTs + the same audit rows, same "
               "transactions\",\"reference\":%.3f,\"ratio\":%.3f,\"target_ratio\":2.00,"
               "\"met\":%s,\"clients\":%d,\"rows\":%d}\n",
               ks[k], mm, rm, mm / rm, mm / rm <= 2.0 ? "true" : "false", ks[k], rows);
        mm = quantile(rep_t, 3, 0.5);
        if (k == 0) one_report = mm;
        printf("{\"workload\":\"pg_couple_report_%d\",\"unit\":\"us/report\",\"mend\":%.3f,"
               "\"reference_name\":\"the same with 1 client\",\"reference\":%.3f,"
               "\"ratio\":%.3f,\"clients\":%d,\"reports\":%d}\n",
               ks[k], mm, one_report, mm / one_report, ks[k], ks[k] * REPORTS_PER_THREAD);
        fflush(stdout);
    }
    return 0;
}
