/*
 * The ABI holds for a host built against version 1 of every fields/options
 * struct: each mend_*_init(ptr, 1) writes exactly the bytes of version 1 (the
 * struct's fields up to its last one) and nothing past them, and every call
 * that reads such a struct reads nothing past it. A "version 1 host" struct
 * is followed by guard bytes (0xA5) that must stay intact, and for the reads
 * the struct ends exactly where a PROT_NONE page begins, so a read one byte
 * past it kills the test. The harness itself is shown to bite: a struct
 * whose last field lies on the guard page makes mend_open() crash in a child.
 * A version newer than the library knows (99) or 0 gets MEND_EINVAL and
 * changes nothing.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "support.h"

#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define GUARD_BYTES 64
#define FILL 0xA5

/* A host's struct followed by guard bytes, aligned for any mend struct. */
typedef union host {
    long long ll;
    double d;
    void* p;
    unsigned char bytes[256];
} host;

static void fill(host* h) {
    memset(h->bytes, FILL, sizeof h->bytes);
}

/* Non-zero when every byte from `from` to `from + GUARD_BYTES` is still FILL. */
static int guard_intact(const host* h, size_t from) {
    size_t i;
    for (i = from; i < from + GUARD_BYTES && i < sizeof h->bytes; ++i)
        if (h->bytes[i] != FILL) return 0;
    return 1;
}

/* Non-zero when no byte of the host's buffer was written. */
static int all_fill(const host* h) {
    size_t i;
    for (i = 0; i < sizeof h->bytes; ++i)
        if (h->bytes[i] != FILL) return 0;
    return 1;
}

/* Non-zero for a struct that has grown past version 1 (its tail holds the
 * later versions' fields, not only padding). */
static int grown(const char* type) {
    return strcmp(type, "mend_clinician_fields") == 0 || strcmp(type, "mend_session_fields") == 0 ||
           strcmp(type, "mend_open_options") == 0;
}

/* Version 1's size as the host sees it: the end of its last field. */
#define V1_END(T, last) (offsetof(T, last) + sizeof(((T*)0)->last))

/*
 * One struct's init: version 1 writes the INIT macro's values (padding
 * zeroed) over exactly V1_END bytes; 99, 0 and NULL fail with MEND_EINVAL
 * and write nothing. `fix` may align pointer defaults (string literals of the
 * library and of this file are different objects) after comparing them.
 */
#define CHECK_INIT(T, INIT, init_fn, last, fix)                                                    \
    do {                                                                                           \
        static const T ref = INIT;                                                                 \
        host h;                                                                                    \
        T* got = (T*)h.bytes;                                                                      \
        const size_t v1 = V1_END(T, last);                                                         \
        SECTION(#init_fn);                                                                         \
        CHECK(v1 <= sizeof(T) && (grown(#T) || sizeof(T) - v1 < 8));                               \
        fill(&h);                                                                                  \
        CHECK_OK(init_fn(got, 1));                                                                 \
        CHECK_I64(got->version, 1);                                                                \
        fix;                                                                                       \
        CHECK(memcmp(h.bytes, &ref, v1) == 0);                                                     \
        CHECK(guard_intact(&h, v1));                                                               \
        fill(&h);                                                                                  \
        CHECK_RC(init_fn(got, 99), MEND_EINVAL);                                                   \
        CHECK_SUBSTR(mend_last_errmsg(), "newer than this library knows");                         \
        CHECK(all_fill(&h));                                                                       \
        CHECK_RC(init_fn(got, 0), MEND_EINVAL);                                                    \
        CHECK(all_fill(&h));                                                                       \
        CHECK_RC(init_fn(NULL, 1), MEND_EINVAL);                                                   \
    } while (0)

static void fix_report(mend_report_options* got, const mend_report_options* ref) {
    CHECK_STREQ(got->kind, "case");
    CHECK_STREQ(got->format, "html");
    got->kind = ref->kind;
    got->format = ref->format;
}

/* mend_open_options has versions 2 (flags), 3 (keys) and 4 (practice,
 * timeouts): version 1 is checked by CHECK_INIT (its version field is 1, the
 * reference's 4), the later ones here. */
static void test_open_options_v2(void) {
    static const mend_open_options ref = MEND_OPEN_OPTIONS_INIT;
    host h;
    mend_open_options* got = (mend_open_options*)h.bytes;
    const size_t v2 = V1_END(mend_open_options, flags);
    const size_t v3 = V1_END(mend_open_options, key_user_data);
    const size_t v4 = V1_END(mend_open_options, statement_timeout_ms);
    SECTION("mend_open_options_init, version 2");
    CHECK_I64(MEND_OPEN_OPTIONS_VERSION, 4);
    CHECK(v2 > V1_END(mend_open_options, synchronous) && v2 < v3 &&
          v3 <= sizeof(mend_open_options));
    fill(&h);
    CHECK_OK(mend_open_options_init(got, 2));
    CHECK_I64(got->version, 2);
    CHECK_I64(got->flags, 0);
    CHECK(memcmp((const unsigned char*)h.bytes + sizeof(unsigned int),
                 (const unsigned char*)&ref + sizeof(unsigned int),
                 v2 - sizeof(unsigned int)) == 0);
    CHECK(guard_intact(&h, v2));
    SECTION("mend_open_options_init, version 3");
    fill(&h);
    CHECK_OK(mend_open_options_init(got, 3));
    CHECK_I64(got->version, 3);
    CHECK(got->key_file == NULL && got->key_callback == NULL && got->key_user_data == NULL);
    CHECK(memcmp((const unsigned char*)h.bytes + sizeof(unsigned int),
                 (const unsigned char*)&ref + sizeof(unsigned int),
                 v3 - sizeof(unsigned int)) == 0);
    CHECK(guard_intact(&h, v3));
    SECTION("mend_open_options_init, version 4");
    CHECK(v4 > v3 && v4 <= sizeof(mend_open_options));
    fill(&h);
    CHECK_OK(mend_open_options_init(got, 4));
    CHECK_I64(got->version, 4);
    CHECK(got->practice == NULL && got->connect_timeout_s == 0 && got->statement_timeout_ms == 0);
    CHECK(memcmp(h.bytes, &ref, v4) == 0);
    CHECK(guard_intact(&h, v4));
}

/* Version 2 of a struct that grew: init(ptr, 2) writes exactly its bytes, the
 * INIT macro's values (version 1 is checked by CHECK_INIT). */
#define CHECK_INIT_V2(T, INIT, init_fn, last)                                                      \
    do {                                                                                           \
        static const T ref = INIT;                                                                 \
        host h;                                                                                    \
        T* got = (T*)h.bytes;                                                                      \
        const size_t v2 = V1_END(T, last);                                                         \
        SECTION(#init_fn ", version 2");                                                           \
        CHECK(v2 <= sizeof(T));                                                                    \
        fill(&h);                                                                                  \
        CHECK_OK(init_fn(got, 2));                                                                 \
        CHECK_I64(got->version, 2);                                                                \
        CHECK(memcmp(h.bytes, &ref, v2) == 0);                                                     \
        CHECK(guard_intact(&h, v2));                                                               \
    } while (0)

static void test_v2_inits(void) {
    CHECK_I64(MEND_CLINICIAN_FIELDS_VERSION, 2);
    CHECK_INIT_V2(mend_clinician_fields, MEND_CLINICIAN_FIELDS_INIT, mend_clinician_fields_init,
                  npi);
    CHECK_I64(MEND_SESSION_FIELDS_VERSION, 2);
    CHECK_INIT_V2(mend_session_fields, MEND_SESSION_FIELDS_INIT, mend_session_fields_init,
                  diagnosis_count);
}

static void test_inits(void) {
    CHECK_INIT(mend_open_options, MEND_OPEN_OPTIONS_INIT, mend_open_options_init, synchronous,
               got->version = MEND_OPEN_OPTIONS_VERSION);
    test_open_options_v2();
    CHECK_INIT(mend_clinician_fields, MEND_CLINICIAN_FIELDS_INIT, mend_clinician_fields_init,
               external_id, got->version = MEND_CLINICIAN_FIELDS_VERSION);
    test_v2_inits();
    CHECK_INIT(mend_clinician_list_options, MEND_CLINICIAN_LIST_OPTIONS_INIT,
               mend_clinician_list_options_init, include_archived, (void)0);
    CHECK_INIT(mend_client_fields, MEND_CLIENT_FIELDS_INIT, mend_client_fields_init, phone,
               (void)0);
    CHECK_INIT(mend_client_list_options, MEND_CLIENT_LIST_OPTIONS_INIT,
               mend_client_list_options_init, include_archived, (void)0);
    CHECK_INIT(mend_couple_fields, MEND_COUPLE_FIELDS_INIT, mend_couple_fields_init, external_id,
               CHECK_I64(got->children_in_household, -1));
    CHECK_INIT(mend_couple_list_options, MEND_COUPLE_LIST_OPTIONS_INIT,
               mend_couple_list_options_init, client_id, (void)0);
    CHECK_INIT(mend_case_fields, MEND_CASE_FIELDS_INIT, mend_case_fields_init, external_id,
               (void)0);
    CHECK_INIT(mend_case_list_options, MEND_CASE_LIST_OPTIONS_INIT, mend_case_list_options_init,
               clinician_id, (void)0);
    CHECK_INIT(mend_measure_fields, MEND_MEASURE_FIELDS_INIT, mend_measure_fields_init,
               missing_policy, (void)0);
    CHECK_INIT(mend_safety_screen_fields, MEND_SAFETY_SCREEN_FIELDS_INIT,
               mend_safety_screen_fields_init, suicide_instrument, (void)0);
    CHECK_INIT(mend_safety_flag_list_options, MEND_SAFETY_FLAG_LIST_OPTIONS_INIT,
               mend_safety_flag_list_options_init, include_resolved, (void)0);
    CHECK_INIT(mend_attestation_fields, MEND_ATTESTATION_FIELDS_INIT, mend_attestation_fields_init,
               note, (void)0);
    CHECK_INIT(mend_agreement_fields, MEND_AGREEMENT_FIELDS_INIT, mend_agreement_fields_init,
               review_on, (void)0);
    CHECK_INIT(mend_session_fields, MEND_SESSION_FIELDS_INIT, mend_session_fields_init, cpt_code,
               got->version = MEND_SESSION_FIELDS_VERSION);
    CHECK_INIT(mend_note_list_options, MEND_NOTE_LIST_OPTIONS_INIT, mend_note_list_options_init,
               include_text, (void)0);
    CHECK_INIT(mend_note_search_options, MEND_NOTE_SEARCH_OPTIONS_INIT,
               mend_note_search_options_init, limit, (void)0);
    CHECK_INIT(mend_report_options, MEND_REPORT_OPTIONS_INIT, mend_report_options_init,
               overdue_weeks, fix_report(got, &ref));
    CHECK_INIT(mend_release_fields, MEND_RELEASE_FIELDS_INIT, mend_release_fields_init, expires_on,
               (void)0);
    CHECK_INIT(mend_fhir_export_options, MEND_FHIR_EXPORT_OPTIONS_INIT,
               mend_fhir_export_options_init, release_id, (void)0);
    CHECK_INIT(mend_fhir_import_options, MEND_FHIR_IMPORT_OPTIONS_INIT,
               mend_fhir_import_options_init, case_id, (void)0);
    CHECK_INIT(mend_audit_report_options, MEND_AUDIT_REPORT_OPTIONS_INIT,
               mend_audit_report_options_init, limit, (void)0);
}

/* ---- Reads: the struct ends where a PROT_NONE page begins. ---- */

static unsigned char* guard_page; /* the first unreadable byte */

static void setup_guard(void) {
    long page = sysconf(_SC_PAGESIZE);
    unsigned char* m =
        mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(m != MAP_FAILED);
    REQUIRE(mprotect(m + page, (size_t)page, PROT_NONE) == 0);
    guard_page = m + page;
}

/* A copy of the host's struct whose last byte is the last readable one. */
static void* at_guard(const void* s, size_t size) {
    unsigned char* p = guard_page - size;
    memcpy(p, s, size);
    return p;
}
#define GUARDED(T, value) ((T*)at_guard(&(value), sizeof(T)))

/* The guard bites: a child passes mend_open() options whose last field
 * (synchronous) lies on the unreadable page, and dies of SIGSEGV. */
static void test_guard_bites(const char* where) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    pid_t pid;
    int status = 0;
    SECTION("the guard page catches a read past the struct");
    fflush(NULL);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        mend_db* db = NULL;
        unsigned char* p = guard_page - offsetof(mend_open_options, synchronous);
        memcpy(p, &o, offsetof(mend_open_options, synchronous));
        (void)mend_open(&db, where, (const mend_open_options*)p);
        _exit(0); /* reached only when synchronous was never read */
    }
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static mend_db* db;
static int64_t admin, clin, ana, ben, couple, kase, session;

static void test_reads(const char* where) {
    mend_open_options oo;
    mend_clinician_fields cf;
    mend_clinician_list_options clo;
    mend_client_fields kf;
    mend_client_list_options klo;
    mend_couple_fields pf;
    mend_couple_list_options plo;
    mend_case_fields sf;
    mend_case_list_options slo;
    mend_measure_fields mf;
    mend_safety_screen_fields ssf;
    mend_safety_flag_list_options flo;
    mend_attestation_fields af;
    mend_agreement_fields gf;
    mend_session_fields nf;
    mend_note_list_options nlo;
    mend_note_search_options nso;
    mend_report_options ro;
    mend_release_fields rf;
    mend_fhir_export_options fo;
    mend_fhir_import_options fio;
    mend_audit_report_options aro;
    mend_clinician_iter* cit = NULL;
    mend_client_iter* kit = NULL;
    mend_couple_iter* pit = NULL;
    mend_case_iter* sit = NULL;
    mend_db* db2 = NULL;
    int64_t id = 0, solo, solo_case;
    int64_t who[2];
    static const int phq[9] = {1, 1, 1, 1, 1, 1, 1, 1, 0};
    char when[20], expires[11];
    char* js = NULL;
    SECTION("every call reading a version 1 struct reads nothing past it");

    /* Opening. */
    REQUIRE_OK(mend_open_options_init(&oo, 1));
    REQUIRE_OK(
        mend_open(&db2, where,
                  (const mend_open_options*)at_guard(&oo, V1_END(mend_open_options, synchronous))));
    mend_close(db2);
    /* Version 2 ends at flags, right before the guard page. */
    {
        mend_open_options o2 = MEND_OPEN_OPTIONS_INIT;
        o2.version = 2;
        db2 = NULL;
        REQUIRE_OK(
            mend_open(&db2, where,
                      (const mend_open_options*)at_guard(&o2, V1_END(mend_open_options, flags))));
        mend_close(db2);
    }
    /* Version 3 ends at key_user_data, version 4 at statement_timeout_ms. */
    {
        mend_open_options o4 = MEND_OPEN_OPTIONS_INIT;
        db2 = NULL;
        REQUIRE_OK(mend_open(&db2, where,
                             (const mend_open_options*)at_guard(
                                 &o4, V1_END(mend_open_options, statement_timeout_ms))));
        mend_close(db2);
    }
    {
        mend_open_options o3 = MEND_OPEN_OPTIONS_INIT;
        o3.version = 3;
        db2 = NULL;
        REQUIRE_OK(mend_open(
            &db2, where,
            (const mend_open_options*)at_guard(&o3, V1_END(mend_open_options, key_user_data))));
        mend_close(db2);
    }

    /* Records: the practice's admin was set up by t_fresh_practice(). */
    REQUIRE_OK(mend_clinician_fields_init(&cf, 1));
    cf.display_name = "Guarded Clinician";
    cf.external_id = "abi-clin";
    REQUIRE_OK(mend_clinician_create(&clin, db, GUARDED(mend_clinician_fields, cf)));
    cf.credentials = "LMFT";
    CHECK_OK(mend_clinician_update(db, clin, GUARDED(mend_clinician_fields, cf)));
    REQUIRE_OK(mend_clinician_list_options_init(&clo, 1));
    CHECK_OK(mend_clinician_iter_new(&cit, db, GUARDED(mend_clinician_list_options, clo)));
    mend_clinician_iter_free(cit);

    REQUIRE_OK(mend_client_fields_init(&kf, 1));
    kf.given_name = "Ana";
    kf.family_name = "Guard";
    kf.phone = "+1 555 0100";
    REQUIRE_OK(mend_client_create(&ana, db, GUARDED(mend_client_fields, kf)));
    kf.given_name = "Ben";
    kf.phone = NULL;
    REQUIRE_OK(mend_client_create(&ben, db, GUARDED(mend_client_fields, kf)));
    kf.given_name = "Solo";
    REQUIRE_OK(mend_client_create(&solo, db, GUARDED(mend_client_fields, kf)));
    kf.given_name = NULL;
    kf.pronouns = "she/her";
    CHECK_OK(mend_client_update(db, ana, GUARDED(mend_client_fields, kf)));
    REQUIRE_OK(mend_client_list_options_init(&klo, 1));
    CHECK_OK(mend_client_iter_new(&kit, db, GUARDED(mend_client_list_options, klo)));
    mend_client_iter_free(kit);

    REQUIRE_OK(mend_couple_fields_init(&pf, 1));
    pf.client_a_id = ana;
    pf.client_b_id = ben;
    pf.secrets_policy = "no_secrets";
    pf.external_id = "abi-couple";
    REQUIRE_OK(mend_couple_create(&couple, db, GUARDED(mend_couple_fields, pf)));
    REQUIRE_OK(mend_couple_fields_init(&pf, 1));
    pf.children_in_household = 2;
    CHECK_OK(mend_couple_update(db, couple, GUARDED(mend_couple_fields, pf)));
    REQUIRE_OK(mend_couple_list_options_init(&plo, 1));
    plo.client_id = ana;
    CHECK_OK(mend_couple_iter_new(&pit, db, GUARDED(mend_couple_list_options, plo)));
    mend_couple_iter_free(pit);

    REQUIRE_OK(mend_case_fields_init(&sf, 1));
    sf.kind = "conjoint";
    sf.couple_id = couple;
    sf.primary_clinician_id = clin;
    sf.external_id = "abi-case";
    REQUIRE_OK(mend_case_create(&kase, db, GUARDED(mend_case_fields, sf)));
    REQUIRE_OK(mend_case_fields_init(&sf, 1));
    sf.kind = "individual";
    sf.client_id = solo;
    REQUIRE_OK(mend_case_create(&solo_case, db, GUARDED(mend_case_fields, sf)));
    REQUIRE_OK(mend_case_fields_init(&sf, 1));
    sf.status = "on_hold";
    CHECK_OK(mend_case_update(db, solo_case, GUARDED(mend_case_fields, sf)));
    REQUIRE_OK(mend_case_list_options_init(&slo, 1));
    slo.clinician_id = clin;
    CHECK_OK(mend_case_iter_new(&sit, db, GUARDED(mend_case_list_options, slo)));
    mend_case_iter_free(sit);

    /* Measures, safety. */
    REQUIRE_OK(mend_measure_fields_init(&mf, 1));
    mf.client_id = ana;
    mf.instrument = "phq9";
    mf.answers = phq;
    mf.answer_count = 9;
    mf.missing_policy = "complete";
    CHECK_OK(mend_measure_create(&id, db, GUARDED(mend_measure_fields, mf)));
    REQUIRE_OK(mend_safety_screen_fields_init(&ssf, 1));
    ssf.client_id = ben;
    ssf.ipv = "none";
    ssf.suicide_risk = "low";
    ssf.suicide_instrument = "C-SSRS screener";
    CHECK_OK(mend_safety_screen_create(&id, db, GUARDED(mend_safety_screen_fields, ssf)));
    REQUIRE_OK(mend_safety_flag_list_options_init(&flo, 1));
    flo.include_resolved = 1;
    CHECK_OK(mend_safety_flag_list_json(&js, db, GUARDED(mend_safety_flag_list_options, flo)));
    mend_free(js);

    /* The protocol. */
    REQUIRE_OK(mend_attestation_fields_init(&af, 1));
    af.case_id = kase;
    af.client_id = ana;
    af.code = "conjoint_consent";
    af.value = "yes";
    af.note = "signed in session";
    CHECK_OK(mend_attestation_create(&id, db, GUARDED(mend_attestation_fields, af)));
    REQUIRE_OK(mend_agreement_fields_init(&gf, 1));
    gf.case_id = kase;
    gf.kind = "boundary";
    gf.text = "No contact with the affair partner";
    t_utc_date(expires, 30);
    gf.review_on = expires;
    CHECK_OK(mend_agreement_create(&id, db, GUARDED(mend_agreement_fields, gf)));

    /* Notes. */
    REQUIRE_OK(mend_session_fields_init(&nf, 1));
    t_utc_date(when, -1);
    strcat(when, "T10:00");
    who[0] = ana;
    who[1] = ben;
    nf.case_id = kase;
    nf.starts_at = when;
    nf.duration_minutes = 50;
    nf.modality = "in_person";
    nf.participants = who;
    nf.participant_count = 2;
    nf.identified_patient_id = ana;
    nf.cpt_code = "90847";
    CHECK_OK(mend_session_create(&session, db, GUARDED(mend_session_fields, nf)));
    REQUIRE_OK(mend_note_list_options_init(&nlo, 1));
    nlo.case_id = kase;
    nlo.include_text = 1;
    CHECK_OK(mend_note_list_json(&js, db, GUARDED(mend_note_list_options, nlo)));
    mend_free(js);
    REQUIRE_OK(mend_note_search_options_init(&nso, 1));
    nso.limit = 5;
    CHECK_OK(mend_note_search_json(&js, db, "anything", GUARDED(mend_note_search_options, nso)));
    mend_free(js);

    /* Reports and releases. */
    REQUIRE_OK(mend_report_options_init(&ro, 1));
    ro.case_id = kase;
    ro.format = "json";
    ro.overdue_weeks = 6;
    CHECK_OK(mend_report_render(&js, db, GUARDED(mend_report_options, ro)));
    mend_free(js);
    REQUIRE_OK(mend_fhir_import_options_init(&fio, 1));
    CHECK_OK(mend_fhir_import(&js, db, "{\"resourceType\":\"Bundle\"}",
                              GUARDED(mend_fhir_import_options, fio)));
    mend_free(js);
    REQUIRE_OK(mend_audit_report_options_init(&aro, 1));
    aro.format = MEND_AUDIT_REPORT_CSV;
    aro.limit = 5;
    CHECK_OK(mend_audit_report_render(&js, db, GUARDED(mend_audit_report_options, aro)));
    mend_free(js);
    REQUIRE_OK(mend_release_fields_init(&rf, 1));
    rf.case_id = kase;
    rf.for_client_id = ana;
    rf.recipient = "the client";
    rf.purpose = "continuity of care";
    rf.expires_on = expires;
    CHECK_OK(mend_release_create(&id, db, GUARDED(mend_release_fields, rf)));
    if (mend_errcode(db) != MEND_OK) fprintf(stderr, "   (%s)\n", mend_errmsg(db));
    REQUIRE_OK(mend_fhir_export_options_init(&fo, 1));
    fo.case_id = kase;
    fo.release_id = id;
    CHECK_OK(mend_fhir_export_json(&js, db, GUARDED(mend_fhir_export_options, fo)));
    mend_free(js);
}

/* Version 99 (newer than the library knows): MEND_EINVAL, a message that says
 * so, and nothing written: no record, the host's struct untouched. */
#define REFUSED(T, init_fn, call)                                                                  \
    do {                                                                                           \
        host h_;                                                                                   \
        T* s_ = (T*)h_.bytes;                                                                      \
        host before_;                                                                              \
        fill(&h_);                                                                                 \
        REQUIRE_OK(init_fn(s_, 1));                                                                \
        s_->version = 99;                                                                          \
        before_ = h_;                                                                              \
        CHECK_RC(call, MEND_EINVAL);                                                               \
        CHECK_SUBSTR(mend_errmsg(db), "newer than this library knows");                            \
        CHECK(memcmp(&h_, &before_, sizeof h_) == 0);                                              \
        s_->version = 0;                                                                           \
        CHECK_RC(call, MEND_EINVAL);                                                               \
    } while (0)

static void test_newer_version(const char* where) {
    int64_t id = -7;
    long clients = t_count_clients(db, 1);
    char* js = NULL;
    mend_clinician_iter* cit = NULL;
    mend_client_iter* kit = NULL;
    mend_couple_iter* pit = NULL;
    mend_case_iter* sit = NULL;
    mend_db* db2 = NULL;
    mend_open_options oo;
    SECTION("a version newer than the library knows: MEND_EINVAL, nothing changed");

    REQUIRE_OK(mend_open_options_init(&oo, 1));
    oo.version = 99;
    CHECK_RC(mend_open(&db2, where, &oo), MEND_EINVAL);
    CHECK_NULL(db2);
    CHECK_SUBSTR(mend_last_errmsg(), "mend_open_options has version 99");

    REFUSED(mend_clinician_fields, mend_clinician_fields_init, mend_clinician_create(&id, db, s_));
    REFUSED(mend_clinician_fields, mend_clinician_fields_init, mend_clinician_update(db, clin, s_));
    REFUSED(mend_clinician_list_options, mend_clinician_list_options_init,
            mend_clinician_iter_new(&cit, db, s_));
    CHECK_NULL(cit);
    REFUSED(mend_client_fields, mend_client_fields_init, mend_client_create(&id, db, s_));
    REFUSED(mend_client_fields, mend_client_fields_init, mend_client_update(db, ana, s_));
    REFUSED(mend_client_list_options, mend_client_list_options_init,
            mend_client_iter_new(&kit, db, s_));
    CHECK_NULL(kit);
    REFUSED(mend_couple_fields, mend_couple_fields_init, mend_couple_create(&id, db, s_));
    REFUSED(mend_couple_fields, mend_couple_fields_init, mend_couple_update(db, couple, s_));
    REFUSED(mend_couple_list_options, mend_couple_list_options_init,
            mend_couple_iter_new(&pit, db, s_));
    CHECK_NULL(pit);
    REFUSED(mend_case_fields, mend_case_fields_init, mend_case_create(&id, db, s_));
    REFUSED(mend_case_fields, mend_case_fields_init, mend_case_update(db, kase, s_));
    REFUSED(mend_case_list_options, mend_case_list_options_init, mend_case_iter_new(&sit, db, s_));
    CHECK_NULL(sit);
    REFUSED(mend_measure_fields, mend_measure_fields_init, mend_measure_create(&id, db, s_));
    REFUSED(mend_safety_screen_fields, mend_safety_screen_fields_init,
            mend_safety_screen_create(&id, db, s_));
    REFUSED(mend_safety_flag_list_options, mend_safety_flag_list_options_init,
            mend_safety_flag_list_json(&js, db, s_));
    CHECK_NULL(js);
    REFUSED(mend_attestation_fields, mend_attestation_fields_init,
            mend_attestation_create(&id, db, s_));
    REFUSED(mend_agreement_fields, mend_agreement_fields_init, mend_agreement_create(&id, db, s_));
    REFUSED(mend_session_fields, mend_session_fields_init, mend_session_create(&id, db, s_));
    REFUSED(mend_note_list_options, mend_note_list_options_init, mend_note_list_json(&js, db, s_));
    CHECK_NULL(js);
    REFUSED(mend_note_search_options, mend_note_search_options_init,
            mend_note_search_json(&js, db, "x", s_));
    CHECK_NULL(js);
    REFUSED(mend_report_options, mend_report_options_init, mend_report_render(&js, db, s_));
    CHECK_NULL(js);
    REFUSED(mend_fhir_import_options, mend_fhir_import_options_init,
            mend_fhir_import(&js, db, "{\"resourceType\":\"Bundle\"}", s_));
    CHECK_NULL(js);
    REFUSED(mend_audit_report_options, mend_audit_report_options_init,
            mend_audit_report_render(&js, db, s_));
    CHECK_NULL(js);
    REFUSED(mend_release_fields, mend_release_fields_init, mend_release_create(&id, db, s_));
    REFUSED(mend_fhir_export_options, mend_fhir_export_options_init,
            mend_fhir_export_json(&js, db, s_));
    CHECK_NULL(js);

    /* Nothing was created. */
    CHECK_I64(t_count_clients(db, 1), clients);
}

int main(int argc, char** argv) {
    const char* where = t_location(argc, argv, "capi_abi.db");
    setup_guard();
    test_inits();
    db = t_fresh_practice(&admin);
    test_guard_bites(where);
    test_reads(where);
    test_newer_version(where);
    mend_close(db);
    return t_finish();
}
