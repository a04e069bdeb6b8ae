/*
 * Hostile input through every string parameter of the C API (issue 15).
 *
 * Every entry of tests/corpus/hostile-strings.txt goes through every
 * `const char*` parameter and string field of every public call in
 * the headers of include/mend (the table `params` below: function, parameter, how the
 * value is read back). Each call either
 *   - succeeds, and a value the call stores reads back byte for byte
 *     (kind RT), or
 *   - fails with MEND_EINVAL, MEND_EENCODING or a code the row names, with
 *     a message that holds none of the value, and changes nothing: the
 *     stored value reads back as before, and creates add no row.
 * Nothing crashes. After the run the database passes its checks (SQLite's
 * integrity_check and foreign_key_check; on both backends the audit chain
 * and the signed notes verify). The figures are printed at the end:
 * "hostile: N entries x P parameters: T calls ...".
 *
 * Entries holding a NUL cannot cross the C API (no call takes a length):
 * they are counted as not applicable here (the Python test sends them).
 * File paths that a call writes to get only the entries that stay inside
 * a scratch directory (no "..", not absolute): the others are not tried
 * there, so the run never writes outside it.
 */
#define _POSIX_C_SOURCE 200809L

#include "corpus.h"
#include "json_text.h"
#include "support.h"

#include <mend/mend.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef MEND_TEST_CORPUS
#define MEND_TEST_CORPUS "tests/corpus/hostile-strings.txt"
#endif

static mend_db* db;
static const char* location;
static int64_t admin, clin, staff, ana, ben, couple, kase, conj, session, draft, pnote, agreement,
    flag_client, phase_case, role_case, over_case, quiet_case;
/* Made anew before each parameter's sweep (fresh()), so that the lists read
 * back stay short: a client with an individual case, a conjoint case of the
 * couple, a signed note. */
static int64_t fresh_client, fresh_case, fresh_conj, signed_note;
static int draft_version = 1;
static char today[11], yesterday[11], next_month[11];

/* ---- helpers ------------------------------------------------------------ */

static char* dup_str(const char* s) {
    size_t n;
    char* p;
    if (!s) return NULL;
    n = strlen(s);
    p = (char*)malloc(n + 1);
    REQUIRE_NOT_NULL(p);
    memcpy(p, s, n + 1);
    return p;
}

/* A string mend returned, copied with malloc and freed with mend_free. */
static char* take(char* s) {
    char* p = dup_str(s);
    mend_free(s);
    return p;
}

static int64_t new_session(void) {
    int rc = 0;
    return t_session(db, kase, &ana, 1, ana, "90834", 50, 1, &rc);
}

/* A case with the individual protocol started (for the phase calls). */
static int64_t started_case(void) {
    int64_t c = t_individual_case(db, ana, admin);
    REQUIRE_OK(mend_phase_start(db, c, "betrayal_trauma_individual", 0, NULL));
    return c;
}

/* ---- the table ---------------------------------------------------------- */

typedef enum {
    RT,    /* success stores the value: it reads back byte for byte */
    LOOK,  /* a look-up, query or rendering: success stores nothing */
    WRITE, /* stores something this test does not read back as text */
} kind_t;

struct param;
typedef int (*call_fn)(const struct param* p, const char* v);
typedef char* (*read_fn)(const struct param* p); /* malloc'ed, or NULL */
typedef long (*count_fn)(void);

typedef struct param {
    const char* function;
    const char* parameter;
    kind_t kind;
    call_fn call;
    read_fn read;                    /* the stored value now (RT; also re-read after a failure) */
    count_fn count;                  /* rows a success adds (creates): checked over the sweep */
    unsigned codes;                  /* error codes allowed besides EINVAL and EENCODING */
    const char* how;                 /* how the value is read back (documentation) */
    size_t off;                      /* the field's offset in its struct, for the field calls */
    const char* (*acc)(const void*); /* the record's accessor, for the handle reads */
} param;

#define CODE(c) (1u << (unsigned)(-(c)))
#define NF CODE(MEND_ENOTFOUND)
#define EX CODE(MEND_EEXISTS)
#define ST CODE(MEND_ESTATE)
#define GT CODE(MEND_EGATE)
#define CN CODE(MEND_ECONSTRAINT)
#define KY CODE(MEND_EKEY)
#define SO CODE(MEND_ESTORE)
#define DN CODE(MEND_EDENIED)

#define FIELD(T, f) offsetof(T, f)
#define SETF(s, off, v) (*(const char**)((char*)&(s) + (off)) = (v))
#define ACC(fn) ((const char* (*)(const void*))(void (*)(void))(fn))

/* Clients: update the one record; create a new one. */
static int client_update(const param* p, const char* v) {
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    SETF(f, p->off, v);
    return mend_client_update(db, ana, &f);
}
static int64_t last_client;
static int client_create(const param* p, const char* v) {
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.given_name = "Given";
    f.family_name = "Family";
    SETF(f, p->off, v);
    rc = mend_client_create(&id, db, &f);
    if (rc == MEND_OK)
        last_client = id;
    else
        CHECK_I64(id, -77);
    return rc;
}
static char* read_client(int64_t id, const param* p) {
    mend_client* c = NULL;
    char* v;
    if (id == 0 || mend_client_get(&c, db, id) != MEND_OK) return NULL;
    v = dup_str(((const char* (*)(const mend_client*))(void (*)(void))p->acc)(c));
    mend_client_free(c);
    return v;
}
static char* client_read(const param* p) {
    return read_client(ana, p);
}
static char* client_new_read(const param* p) {
    return read_client(last_client, p);
}
static long count_clients(void) {
    return t_count_clients(db, 1);
}

/* Clinicians. */
static int clinician_update(const param* p, const char* v) {
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    SETF(f, p->off, v);
    return mend_clinician_update(db, staff, &f);
}
static int64_t last_clinician;
static int clinician_create(const param* p, const char* v) {
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.display_name = "Dr. New";
    SETF(f, p->off, v);
    rc = mend_clinician_create(&id, db, &f);
    if (rc == MEND_OK)
        last_clinician = id;
    else
        CHECK_I64(id, -77);
    return rc;
}
static char* read_clinician(int64_t id, const param* p) {
    mend_clinician* c = NULL;
    char* v;
    if (id == 0 || mend_clinician_get(&c, db, id) != MEND_OK) return NULL;
    v = dup_str(((const char* (*)(const mend_clinician*))(void (*)(void))p->acc)(c));
    mend_clinician_free(c);
    return v;
}
static char* clinician_read(const param* p) {
    return read_clinician(staff, p);
}
static char* clinician_new_read(const param* p) {
    return read_clinician(last_clinician, p);
}
static long count_clinicians(void) {
    return t_count_clinicians(db);
}

/* Couples (update; create takes the same struct and two fresh clients). */
static int couple_update(const param* p, const char* v) {
    mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
    SETF(f, p->off, v);
    return mend_couple_update(db, couple, &f);
}
static char* couple_read(const param* p) {
    mend_couple* c = NULL;
    char* v;
    if (mend_couple_get(&c, db, couple) != MEND_OK) return NULL;
    v = dup_str(((const char* (*)(const mend_couple*))(void (*)(void))p->acc)(c));
    mend_couple_free(c);
    return v;
}

/* Cases: update the individual case; create new ones. */
static int case_update(const param* p, const char* v) {
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    SETF(f, p->off, v);
    return mend_case_update(db, kase, &f);
}
static int64_t last_case;
static int case_create(const param* p, const char* v) {
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.kind = "individual";
    f.client_id = ben;
    SETF(f, p->off, v);
    rc = mend_case_create(&id, db, &f);
    if (rc == MEND_OK)
        last_case = id;
    else
        CHECK_I64(id, -77);
    return rc;
}
static char* read_case(int64_t id, const param* p) {
    mend_case* c = NULL;
    char* v;
    if (id == 0 || mend_case_get(&c, db, id) != MEND_OK) return NULL;
    v = dup_str(((const char* (*)(const mend_case*))(void (*)(void))p->acc)(c));
    mend_case_free(c);
    return v;
}
static char* case_read(const param* p) {
    return read_case(kase, p);
}
static char* case_new_read(const param* p) {
    return read_case(last_case, p);
}
static long count_cases(void) {
    return t_count_cases(db);
}

/* Look-ups by external id. */
static int client_get_external(const param* p, const char* v) {
    mend_client* c = NULL;
    int rc = mend_client_get_external(&c, db, v);
    (void)p;
    if (rc != MEND_OK) CHECK_NULL(c);
    mend_client_free(c);
    return rc;
}
static int clinician_get_external(const param* p, const char* v) {
    mend_clinician* c = NULL;
    int rc = mend_clinician_get_external(&c, db, v);
    (void)p;
    if (rc != MEND_OK) CHECK_NULL(c);
    mend_clinician_free(c);
    return rc;
}
static int couple_get_external(const param* p, const char* v) {
    mend_couple* c = NULL;
    int rc = mend_couple_get_external(&c, db, v);
    (void)p;
    if (rc != MEND_OK) CHECK_NULL(c);
    mend_couple_free(c);
    return rc;
}
static int case_get_external(const param* p, const char* v) {
    mend_case* c = NULL;
    int rc = mend_case_get_external(&c, db, v);
    (void)p;
    if (rc != MEND_OK) CHECK_NULL(c);
    mend_case_free(c);
    return rc;
}
static int actor_set_external(const param* p, const char* v) {
    int rc = mend_actor_set_external(db, v);
    (void)p;
    if (rc == MEND_OK) REQUIRE_OK(mend_actor_set(db, admin));
    return rc;
}

/* A call returning a string through out: NULL after a failure. */
static int out_string(int rc, char* out) {
    if (rc != MEND_OK) CHECK_NULL(out);
    mend_free(out);
    return rc;
}

/* Agreements. */
static int agreement_create(const param* p, const char* v) {
    mend_agreement_fields f = MEND_AGREEMENT_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.case_id = fresh_conj;
    f.kind = "boundary";
    f.text = "No contact with the affair partner";
    f.review_on = next_month;
    SETF(f, p->off, v);
    rc = mend_agreement_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static char* agreements(void) {
    char* js = NULL;
    return mend_agreement_list_json(&js, db, fresh_conj) == MEND_OK ? js : NULL;
}
static char* agreement_read(const param* p) {
    return t_json_last(agreements(), p->parameter);
}
static long count_agreements(void) {
    char* js = agreements();
    long n = 0;
    const char* s;
    for (s = js; s && (s = strstr(s, "\"agreed_on\":")) != NULL; ++s)
        ++n;
    mend_free(js);
    return n;
}
static int agreement_update_status(const param* p, const char* v) {
    (void)p;
    return mend_agreement_update(db, agreement, v, NULL, 0);
}
static int agreement_update_note(const param* p, const char* v) {
    (void)p;
    return mend_agreement_update(db, agreement, "active", v, 0);
}

/* Attestations. */
static int attestation_create(const param* p, const char* v) {
    mend_attestation_fields f = MEND_ATTESTATION_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.case_id = fresh_conj;
    f.client_id = ana;
    f.code = "conjoint_consent";
    f.value = "yes";
    SETF(f, p->off, v);
    rc = mend_attestation_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static char* attestation_read(const param* p) {
    char* js = NULL;
    if (mend_attestation_list_json(&js, db, fresh_conj) != MEND_OK) return NULL;
    return t_json_last(js, p->parameter);
}

/* Releases. */
static int release_create(const param* p, const char* v) {
    mend_release_fields f = MEND_RELEASE_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.case_id = fresh_case;
    f.for_client_id = fresh_client;
    f.recipient = "the client";
    f.purpose = "continuity of care";
    f.expires_on = next_month;
    SETF(f, p->off, v);
    rc = mend_release_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static char* release_read(const param* p) {
    char* js = NULL;
    if (mend_release_accounting_json(&js, db, fresh_client) != MEND_OK) return NULL;
    return t_json_last(js, p->parameter);
}

/* Diagnoses (codes: any accepted one is a code of the catalogue). */
static int diagnosis_create(const param* p, const char* v) {
    mend_diagnosis_fields f = MEND_DIAGNOSIS_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.case_id = kase;
    f.client_id = ana;
    f.code = "F43.8";
    f.allow_unlisted = 1;
    SETF(f, p->off, v);
    rc = mend_diagnosis_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}

/* Sessions. */
static int session_create(const param* p, const char* v) {
    mend_session_fields f = MEND_SESSION_FIELDS_INIT;
    char when[32];
    int64_t id = -77;
    int rc;
    snprintf(when, sizeof when, "%sT09:00", yesterday);
    f.case_id = kase;
    f.starts_at = when;
    f.duration_minutes = 50;
    f.modality = "in_person";
    f.participants = &ana;
    f.participant_count = 1;
    f.identified_patient_id = ana;
    f.cpt_code = "90834";
    SETF(f, p->off, v);
    rc = mend_session_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}

/* Measures and safety screens. */
static int measure_create(const param* p, const char* v) {
    static const int phq[9] = {1, 1, 1, 1, 1, 1, 1, 1, 0};
    mend_measure_fields f = MEND_MEASURE_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.client_id = ben;
    f.instrument = "phq9";
    f.answers = phq;
    f.answer_count = 9;
    f.missing_policy = "complete";
    SETF(f, p->off, v);
    rc = mend_measure_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static int screen_create(const param* p, const char* v) {
    mend_safety_screen_fields f = MEND_SAFETY_SCREEN_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    f.client_id = fresh_client;
    f.ipv = "none";
    f.suicide_risk = "none";
    f.ipv_instrument = "HITS";
    f.suicide_instrument = "C-SSRS screener";
    SETF(f, p->off, v);
    rc = mend_safety_screen_create(&id, db, &f);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static char* screen_read(const param* p) {
    char* js = NULL;
    if (mend_safety_screen_list_json(&js, db, fresh_client) != MEND_OK) return NULL;
    return t_json_last(js, p->parameter);
}
/* An open flag to resolve: a screen that raises one when none is open. */
static int64_t open_flag(void) {
    mend_safety_flag_list_options o = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
    mend_safety_screen_fields f = MEND_SAFETY_SCREEN_FIELDS_INIT;
    char* js = NULL;
    const char* at;
    int64_t id = 0;
    o.client_id = flag_client;
    REQUIRE_OK(mend_safety_flag_list_json(&js, db, &o));
    at = strstr(js, "\"id\":");
    if (at) id = strtoll(at + 5, NULL, 10);
    mend_free(js);
    if (id) return id;
    f.client_id = flag_client;
    f.ipv = "none";
    f.suicide_risk = "high";
    REQUIRE_OK(mend_safety_screen_create(&id, db, &f));
    return open_flag();
}
static int flag_resolve(const param* p, const char* v) {
    (void)p;
    return mend_safety_flag_resolve(db, open_flag(), v);
}

/* Notes. */
static int note_create_format(const param* p, const char* v) {
    int64_t id = -77;
    int rc;
    (void)p;
    rc = mend_note_create(&id, db, session, v, "{\"text\":\"plain\"}");
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
static int note_create_content(const param* p, const char* v) {
    int64_t id = -77;
    int rc;
    (void)p;
    rc = mend_note_create(&id, db, session, "free", v);
    if (rc != MEND_OK) CHECK_I64(id, -77);
    return rc;
}
/* The value as the text of a free note's JSON content (the draft's update). */
static int note_update_text(const param* p, const char* v) {
    char* q = t_json_quote(v);
    char* content = (char*)malloc(strlen(q) + 16);
    int version = -77, rc;
    (void)p;
    REQUIRE_NOT_NULL(content);
    sprintf(content, "{\"text\":%s}", q);
    rc = mend_note_update(&version, db, draft, draft_version, "free", content);
    if (rc == MEND_OK)
        draft_version = version;
    else
        CHECK_I64(version, -77);
    free(q);
    free(content);
    return rc;
}
static int note_update_format(const param* p, const char* v) {
    int version = -77, rc;
    (void)p;
    rc = mend_note_update(&version, db, draft, draft_version, v, "{\"text\":\"plain\"}");
    if (rc == MEND_OK) draft_version = version;
    return rc;
}
static int note_update_content(const param* p, const char* v) {
    int version = -77, rc;
    (void)p;
    rc = mend_note_update(&version, db, draft, draft_version, "free", v);
    if (rc == MEND_OK) draft_version = version;
    return rc;
}
static char* draft_text(const param* p) {
    char* js = NULL;
    (void)p;
    if (mend_note_get_json(&js, db, draft) != MEND_OK) return NULL;
    return t_json_last(js, "text");
}
static int addendum_text(const param* p, const char* v) {
    int64_t id = -77;
    (void)p;
    return mend_note_addendum_create(&id, db, signed_note, v, "late entry");
}
static int addendum_reason(const param* p, const char* v) {
    int64_t id = -77;
    (void)p;
    return mend_note_addendum_create(&id, db, signed_note, "More detail.", v);
}
static char* addendum_read(const param* p) {
    char* js = NULL;
    if (mend_note_get_json(&js, db, signed_note) != MEND_OK) return NULL;
    return t_json_last_before(js, p->parameter, "content"); /* "addenda" comes first */
}
static int process_note_create(const param* p, const char* v) {
    int rc = mend_process_note_create(&pnote, db, session, v);
    (void)p;
    return rc;
}
static char* process_note_read(const param* p) {
    char* js = NULL;
    (void)p;
    if (!pnote || mend_process_note_get_json(&js, db, pnote) != MEND_OK) return NULL;
    return t_json_last(js, "text");
}
static int note_search(const param* p, const char* v) {
    mend_note_search_options o = MEND_NOTE_SEARCH_OPTIONS_INIT;
    char* out = NULL;
    (void)p;
    o.include_process_notes = 1;
    return out_string(mend_note_search_json(&out, db, v, &o), out);
}

/* Emergency access: the plain clinician breaks the glass to a client
 * outside their caseload (a new one after each grant); the admin reads the
 * grants back. */
static int emergency_open(const param* p, const char* v) {
    int64_t id = -77;
    int rc;
    (void)p;
    REQUIRE_OK(mend_actor_set(db, clin));
    rc = mend_emergency_open(&id, db, fresh_client, v, 1);
    REQUIRE_OK(mend_actor_set(db, admin));
    if (rc == MEND_OK)
        fresh_client = t_client(db, "Next", "Client", NULL);
    else
        CHECK_I64(id, -77);
    return rc;
}
static char* emergency_read(const param* p) {
    char* js = NULL;
    (void)p;
    if (mend_emergency_list_json(&js, db) != MEND_OK) return NULL;
    return t_json_last(js, "reason");
}

/* Phases: a move that succeeds gets a fresh case for the next entry. */
static int phase_start_protocol(const param* p, const char* v) {
    int rc = mend_phase_start(db, phase_case, v, 0, NULL);
    (void)p;
    if (rc == MEND_OK) phase_case = t_individual_case(db, ana, admin);
    return rc;
}
static int phase_start_on(const param* p, const char* v) {
    int rc = mend_phase_start(db, phase_case, "betrayal_trauma_individual", 0, v);
    (void)p;
    if (rc == MEND_OK) phase_case = t_individual_case(db, ana, admin);
    return rc;
}
static int phase_set_roles(const param* p, const char* v) {
    (void)p;
    return mend_phase_set_roles(db, role_case, ana, v);
}
static int phase_override_roles(const param* p, const char* v) {
    (void)p;
    return mend_phase_override_roles(db, role_case, ben, v);
}
static int phase_evaluate(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_phase_evaluate_json(&out, db, over_case, v), out);
}
static int moved(int rc) {
    if (rc == MEND_OK) over_case = started_case();
    return rc;
}
static int advance_to(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_advance(db, over_case, v, "why", NULL));
}
static int advance_rationale(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_advance(db, over_case, "safety_stabilisation", v, NULL));
}
static int advance_on(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_advance(db, over_case, "safety_stabilisation", "why", v));
}
static int override_to(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_override(db, over_case, v, "A rationale.", "A plan.", NULL));
}
static int override_rationale(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_override(db, over_case, "safety_stabilisation", v, "A plan.", NULL));
}
static int override_safety_plan(const param* p, const char* v) {
    (void)p;
    return moved(
        mend_phase_override(db, over_case, "safety_stabilisation", "A rationale.", v, NULL));
}
static int override_on(const param* p, const char* v) {
    (void)p;
    return moved(
        mend_phase_override(db, over_case, "safety_stabilisation", "A rationale.", "A plan.", v));
}
static int back_to(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_back(db, over_case, v, "why", NULL));
}
static int back_rationale(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_back(db, over_case, "intake", v, NULL));
}
static int back_on(const param* p, const char* v) {
    (void)p;
    return moved(mend_phase_back(db, over_case, "intake", "why", v));
}
static char* last_rationale(const param* p) {
    char* js = NULL;
    (void)p;
    if (mend_phase_history_json(&js, db, over_case) != MEND_OK) return NULL;
    return t_json_last(js, "rationale");
}

/* Plans. */
static int plan_set_phase(const param* p, const char* v) {
    int version = 0;
    (void)p;
    return mend_plan_set(&version, db, kase, v, "{}");
}
static int plan_set_json(const param* p, const char* v) {
    int version = 0;
    (void)p;
    return mend_plan_set(&version, db, kase, "intake", v);
}
static int plan_get(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_plan_get_json(&out, db, kase, v), out);
}

/* Instruments, protocols, measures' reads, FHIR. */
static int instrument_get(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_instrument_get_json(&out, db, v), out);
}
static int instrument_load(const param* p, const char* v) {
    (void)p;
    return mend_instrument_load(db, v);
}
static int cutoff_instrument(const param* p, const char* v) {
    (void)p;
    return mend_instrument_set_cutoff(db, v, "probable_ptsd", 33);
}
static int cutoff_code(const param* p, const char* v) {
    (void)p;
    return mend_instrument_set_cutoff(db, "pcl5", v, 33);
}
static int protocol_get(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_protocol_get_json(&out, db, v), out);
}
static int protocol_load(const param* p, const char* v) {
    (void)p;
    return mend_protocol_load(db, v);
}
static int series(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_measure_series_json(&out, db, ben, v), out);
}
static int sustained_instrument(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_measure_sustained_json(&out, db, ben, v, "<", 10, 2, 14), out);
}
static int sustained_comparator(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_measure_sustained_json(&out, db, ben, "phq9", v, 10, 2, 14), out);
}
static int questionnaire(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_fhir_questionnaire_get_json(&out, db, v), out);
}
static int fhir_card(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_fhir_card_json(&out, db, quiet_case, v), out);
}
static int fhir_import(const param* p, const char* v) {
    mend_fhir_import_options o = MEND_FHIR_IMPORT_OPTIONS_INIT;
    char* out = NULL;
    (void)p;
    return out_string(mend_fhir_import(&out, db, v, &o), out);
}
static int fhir_import_file(const param* p, const char* v) {
    mend_fhir_import_options o = MEND_FHIR_IMPORT_OPTIONS_INIT;
    char* out = NULL;
    (void)p;
    return out_string(mend_fhir_import_file(&out, db, v, &o), out);
}
static int fhir_export_write(const param* p, const char* v) {
    mend_fhir_export_options o = MEND_FHIR_EXPORT_OPTIONS_INIT;
    (void)p;
    o.case_id = quiet_case;
    return mend_fhir_export_write(db, &o, v);
}

/* Reports and the audit. */
static int report_render(const param* p, const char* v) {
    mend_report_options o = MEND_REPORT_OPTIONS_INIT;
    char* out = NULL;
    o.case_id = quiet_case;
    o.format = "markdown";
    SETF(o, p->off, v);
    return out_string(mend_report_render(&out, db, &o), out);
}
static int report_write(const param* p, const char* v) {
    mend_report_options o = MEND_REPORT_OPTIONS_INIT;
    (void)p;
    o.case_id = quiet_case;
    o.format = "markdown";
    return mend_report_write(db, &o, v);
}
static int audit_report(const param* p, const char* v) {
    mend_audit_report_options o = MEND_AUDIT_REPORT_OPTIONS_INIT;
    char* out = NULL;
    o.limit = 5;
    SETF(o, p->off, v);
    return out_string(mend_audit_report_render(&out, db, &o), out);
}
static int audit_verify(const param* p, const char* v) {
    char* out = NULL;
    (void)p;
    return out_string(mend_audit_verify_json(&out, db, v), out);
}

/* The practice. */
static int practice_init(const param* p, const char* v) {
    mend_clinician_fields a = MEND_CLINICIAN_FIELDS_INIT;
    int64_t id = -77;
    int rc;
    (void)p;
    a.display_name = "Dr. Second";
    rc = mend_practice_init(&id, db, v, &a);
    CHECK_I64(id, -77);
    return rc;
}
static int set_timezone(const param* p, const char* v) {
    int rc = mend_practice_set_timezone(db, v);
    (void)p;
    return rc;
}
static char* timezone_read(const param* p) {
    char* out = NULL;
    (void)p;
    return mend_practice_timezone(&out, db) == MEND_OK ? take(out) : NULL;
}
static int set_now(const param* p, const char* v) {
    int rc = mend_practice_set_now(db, v);
    (void)p;
    REQUIRE_OK(mend_practice_set_now(db, NULL));
    return rc;
}

/* Opening: never creating; a handle that opens is closed at once. */
static int open_where(const param* p, const char* v) {
    mend_db* h = (mend_db*)&h;
    int rc = mend_open(&h, v, NULL);
    (void)p;
    if (rc == MEND_OK)
        mend_close(h);
    else
        CHECK_NULL(h);
    return rc;
}
static int open_key_file(const param* p, const char* v) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    mend_db* h = NULL;
    int rc;
    (void)p;
    o.key_file = v;
    rc = mend_open(&h, location, &o);
    if (rc == MEND_OK) mend_close(h);
    return rc;
}
static int key_file_create(const param* p, const char* v) {
    (void)p;
    return mend_key_file_create(v);
}

#define CL(f) FIELD(mend_client_fields, f)
#define CI(f) FIELD(mend_clinician_fields, f)
#define CP(f) FIELD(mend_couple_fields, f)
#define CS(f) FIELD(mend_case_fields, f)
#define AG(f) FIELD(mend_agreement_fields, f)
#define AT(f) FIELD(mend_attestation_fields, f)
#define RL(f) FIELD(mend_release_fields, f)
#define DG(f) FIELD(mend_diagnosis_fields, f)
#define SE(f) FIELD(mend_session_fields, f)
#define ME(f) FIELD(mend_measure_fields, f)
#define SS(f) FIELD(mend_safety_screen_fields, f)
#define RO(f) FIELD(mend_report_options, f)
#define AR(f) FIELD(mend_audit_report_options, f)

/* A path the call writes to: only entries that stay in the scratch directory. */
#define OUT_PATH (1u << 31)
/* The message names the value by design: mend_open's "no mend database at
 * PATH" names the host's own location (README, "Embedding mend from C"). */
#define NAMES_IT (1u << 30)
/* The value is read back from a list that grows with each success: the
 * sweep starts on fresh records every LIST_RUN entries (see fresh()). */
#define LISTED (1u << 29)
#define LIST_RUN 64

static const param params[] = {
    /* client.h */
    {"mend_client_update", "external_id", RT, client_update, client_read, NULL, EX,
     "mend_client_get -> mend_client_external_id", CL(external_id), ACC(mend_client_external_id)},
    {"mend_client_update", "given_name", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_given_name", CL(given_name), ACC(mend_client_given_name)},
    {"mend_client_update", "family_name", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_family_name", CL(family_name), ACC(mend_client_family_name)},
    {"mend_client_update", "preferred_name", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_preferred_name", CL(preferred_name),
     ACC(mend_client_preferred_name)},
    {"mend_client_update", "pronouns", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_pronouns", CL(pronouns), ACC(mend_client_pronouns)},
    {"mend_client_update", "date_of_birth", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_date_of_birth", CL(date_of_birth),
     ACC(mend_client_date_of_birth)},
    {"mend_client_update", "email", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_email", CL(email), ACC(mend_client_email)},
    {"mend_client_update", "phone", RT, client_update, client_read, NULL, 0,
     "mend_client_get -> mend_client_phone", CL(phone), ACC(mend_client_phone)},
    {"mend_client_create", "external_id", RT, client_create, client_new_read, count_clients, EX,
     "the new id: mend_client_get -> mend_client_external_id", CL(external_id),
     ACC(mend_client_external_id)},
    {"mend_client_create", "given_name", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_given_name", CL(given_name),
     ACC(mend_client_given_name)},
    {"mend_client_create", "family_name", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_family_name", CL(family_name),
     ACC(mend_client_family_name)},
    {"mend_client_create", "preferred_name", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_preferred_name", CL(preferred_name),
     ACC(mend_client_preferred_name)},
    {"mend_client_create", "pronouns", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_pronouns", CL(pronouns),
     ACC(mend_client_pronouns)},
    {"mend_client_create", "date_of_birth", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_date_of_birth", CL(date_of_birth),
     ACC(mend_client_date_of_birth)},
    {"mend_client_create", "email", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_email", CL(email), ACC(mend_client_email)},
    {"mend_client_create", "phone", RT, client_create, client_new_read, count_clients, 0,
     "the new id: mend_client_get -> mend_client_phone", CL(phone), ACC(mend_client_phone)},
    {"mend_client_get_external", "external_id", LOOK, client_get_external, NULL, NULL, NF,
     "a look-up", 0, NULL},
    /* clinician.h (and mend_practice_init's admin fields: the same struct) */
    {"mend_clinician_update", "display_name", RT, clinician_update, clinician_read, NULL, 0,
     "mend_clinician_get -> mend_clinician_display_name", CI(display_name),
     ACC(mend_clinician_display_name)},
    {"mend_clinician_update", "credentials", RT, clinician_update, clinician_read, NULL, 0,
     "mend_clinician_get -> mend_clinician_credentials", CI(credentials),
     ACC(mend_clinician_credentials)},
    {"mend_clinician_update", "role", RT, clinician_update, clinician_read, NULL, 0,
     "mend_clinician_get -> mend_clinician_role", CI(role), ACC(mend_clinician_role)},
    {"mend_clinician_update", "external_id", RT, clinician_update, clinician_read, NULL, EX,
     "mend_clinician_get -> mend_clinician_external_id", CI(external_id),
     ACC(mend_clinician_external_id)},
    {"mend_clinician_update", "npi", RT, clinician_update, clinician_read, NULL, 0,
     "mend_clinician_get -> mend_clinician_npi", CI(npi), ACC(mend_clinician_npi)},
    {"mend_clinician_create", "display_name", RT, clinician_create, clinician_new_read,
     count_clinicians, 0, "the new id: mend_clinician_get -> mend_clinician_display_name",
     CI(display_name), ACC(mend_clinician_display_name)},
    {"mend_clinician_create", "credentials", RT, clinician_create, clinician_new_read,
     count_clinicians, 0, "the new id: mend_clinician_get -> mend_clinician_credentials",
     CI(credentials), ACC(mend_clinician_credentials)},
    {"mend_clinician_create", "role", RT, clinician_create, clinician_new_read, count_clinicians, 0,
     "the new id: mend_clinician_get -> mend_clinician_role", CI(role), ACC(mend_clinician_role)},
    {"mend_clinician_create", "external_id", RT, clinician_create, clinician_new_read,
     count_clinicians, EX, "the new id: mend_clinician_get -> mend_clinician_external_id",
     CI(external_id), ACC(mend_clinician_external_id)},
    {"mend_clinician_create", "npi", RT, clinician_create, clinician_new_read, count_clinicians, 0,
     "the new id: mend_clinician_get -> mend_clinician_npi", CI(npi), ACC(mend_clinician_npi)},
    {"mend_clinician_get_external", "external_id", LOOK, clinician_get_external, NULL, NULL, NF,
     "a look-up", 0, NULL},
    /* actor.h */
    {"mend_actor_set_external", "external_id", LOOK, actor_set_external, NULL, NULL, NF,
     "a look-up (the actor is set back)", 0, NULL},
    /* couple.h */
    {"mend_couple_update", "relationship_status", RT, couple_update, couple_read, NULL, 0,
     "mend_couple_get -> mend_couple_relationship_status", CP(relationship_status),
     ACC(mend_couple_relationship_status)},
    {"mend_couple_update", "relationship_start", RT, couple_update, couple_read, NULL, 0,
     "mend_couple_get -> mend_couple_relationship_start", CP(relationship_start),
     ACC(mend_couple_relationship_start)},
    {"mend_couple_update", "secrets_policy", RT, couple_update, couple_read, NULL, 0,
     "mend_couple_get -> mend_couple_secrets_policy", CP(secrets_policy),
     ACC(mend_couple_secrets_policy)},
    {"mend_couple_update", "external_id", RT, couple_update, couple_read, NULL, EX,
     "mend_couple_get -> mend_couple_external_id", CP(external_id), ACC(mend_couple_external_id)},
    {"mend_couple_get_external", "external_id", LOOK, couple_get_external, NULL, NULL, NF,
     "a look-up", 0, NULL},
    /* case.h */
    {"mend_case_update", "kind", RT, case_update, case_read, NULL, 0,
     "mend_case_get -> mend_case_kind", CS(kind), ACC(mend_case_kind)},
    {"mend_case_update", "opened_on", RT, case_update, case_read, NULL, 0,
     "mend_case_get -> mend_case_opened_on", CS(opened_on), ACC(mend_case_opened_on)},
    {"mend_case_update", "closed_on", RT, case_update, case_read, NULL, 0,
     "mend_case_get -> mend_case_closed_on", CS(closed_on), ACC(mend_case_closed_on)},
    {"mend_case_update", "status", RT, case_update, case_read, NULL, 0,
     "mend_case_get -> mend_case_status", CS(status), ACC(mend_case_status)},
    {"mend_case_update", "external_id", RT, case_update, case_read, NULL, EX,
     "mend_case_get -> mend_case_external_id", CS(external_id), ACC(mend_case_external_id)},
    {"mend_case_create", "kind", RT, case_create, case_new_read, count_cases, 0,
     "the new id: mend_case_get -> mend_case_kind", CS(kind), ACC(mend_case_kind)},
    {"mend_case_create", "opened_on", RT, case_create, case_new_read, count_cases, 0,
     "the new id: mend_case_get -> mend_case_opened_on", CS(opened_on), ACC(mend_case_opened_on)},
    {"mend_case_create", "closed_on", RT, case_create, case_new_read, count_cases, 0,
     "the new id: mend_case_get -> mend_case_closed_on", CS(closed_on), ACC(mend_case_closed_on)},
    {"mend_case_create", "status", RT, case_create, case_new_read, count_cases, 0,
     "the new id: mend_case_get -> mend_case_status", CS(status), ACC(mend_case_status)},
    {"mend_case_create", "external_id", RT, case_create, case_new_read, count_cases, EX,
     "the new id: mend_case_get -> mend_case_external_id", CS(external_id),
     ACC(mend_case_external_id)},
    {"mend_case_get_external", "external_id", LOOK, case_get_external, NULL, NULL, NF, "a look-up",
     0, NULL},
    /* agreement.h */
    {"mend_agreement_create", "kind", RT, agreement_create, agreement_read, count_agreements,
     LISTED, "mend_agreement_list_json: the last agreement's kind", AG(kind), NULL},
    {"mend_agreement_create", "text", RT, agreement_create, agreement_read, count_agreements,
     LISTED, "mend_agreement_list_json: the last agreement's text", AG(text), NULL},
    {"mend_agreement_create", "agreed_on", RT, agreement_create, agreement_read, count_agreements,
     LISTED, "mend_agreement_list_json: the last agreement's agreed_on", AG(agreed_on), NULL},
    {"mend_agreement_create", "review_on", RT, agreement_create, agreement_read, count_agreements,
     LISTED, "mend_agreement_list_json: the last agreement's review_on", AG(review_on), NULL},
    {"mend_agreement_update", "status", WRITE, agreement_update_status, NULL, NULL, ST,
     "the status (an enum)", 0, NULL},
    {"mend_agreement_update", "note", WRITE, agreement_update_note, NULL, NULL, ST,
     "kept in the agreement's history", 0, NULL},
    /* attestation.h */
    {"mend_attestation_create", "code", WRITE, attestation_create, NULL, NULL, NF | CN,
     "a code of the protocol", AT(code), NULL},
    {"mend_attestation_create", "value", RT, attestation_create, attestation_read, NULL, LISTED,
     "mend_attestation_list_json: the last value", AT(value), NULL},
    {"mend_attestation_create", "effective_on", WRITE, attestation_create, NULL, NULL, 0, "a date",
     AT(effective_on), NULL},
    {"mend_attestation_create", "note", RT, attestation_create, attestation_read, NULL, LISTED,
     "mend_attestation_list_json: the last note", AT(note), NULL},
    /* release.h */
    {"mend_release_create", "recipient", RT, release_create, release_read, NULL, LISTED,
     "mend_release_accounting_json: the last recipient", RL(recipient), NULL},
    {"mend_release_create", "purpose", RT, release_create, release_read, NULL, LISTED,
     "mend_release_accounting_json: the last purpose", RL(purpose), NULL},
    {"mend_release_create", "expires_on", WRITE, release_create, NULL, NULL, 0, "a date",
     RL(expires_on), NULL},
    /* diagnosis.h (mend_diagnosis_update takes the same struct) */
    {"mend_diagnosis_create", "code", WRITE, diagnosis_create, NULL, NULL, NF | EX | CN,
     "a code (ICD-10-CM form)", DG(code), NULL},
    {"mend_diagnosis_create", "onset_on", WRITE, diagnosis_create, NULL, NULL, EX | CN, "a date",
     DG(onset_on), NULL},
    {"mend_diagnosis_create", "resolved_on", WRITE, diagnosis_create, NULL, NULL, EX | CN, "a date",
     DG(resolved_on), NULL},
    /* session.h */
    {"mend_session_create", "starts_at", WRITE, session_create, NULL, NULL, CN, "a time",
     SE(starts_at), NULL},
    {"mend_session_create", "modality", WRITE, session_create, NULL, NULL, 0, "an enum",
     SE(modality), NULL},
    {"mend_session_create", "cpt_code", WRITE, session_create, NULL, NULL, NF, "a code",
     SE(cpt_code), NULL},
    {"mend_session_create", "place_of_service", WRITE, session_create, NULL, NULL, NF, "a code",
     SE(place_of_service), NULL},
    {"mend_session_create", "modifiers", WRITE, session_create, NULL, NULL, NF, "codes",
     SE(modifiers), NULL},
    /* measure.h */
    {"mend_measure_create", "instrument", WRITE, measure_create, NULL, NULL, NF,
     "a code of the catalogue", ME(instrument), NULL},
    {"mend_measure_create", "administered_on", WRITE, measure_create, NULL, NULL, 0, "a date",
     ME(administered_on), NULL},
    {"mend_measure_create", "missing_policy", WRITE, measure_create, NULL, NULL, 0, "an enum",
     ME(missing_policy), NULL},
    {"mend_measure_series_json", "instrument", LOOK, series, NULL, NULL, NF, "a query", 0, NULL},
    {"mend_measure_sustained_json", "instrument", LOOK, sustained_instrument, NULL, NULL, NF,
     "a query", 0, NULL},
    {"mend_measure_sustained_json", "comparator", LOOK, sustained_comparator, NULL, NULL, NF,
     "a query", 0, NULL},
    /* safety.h */
    {"mend_safety_screen_create", "administered_on", WRITE, screen_create, NULL, NULL, 0, "a date",
     SS(administered_on), NULL},
    {"mend_safety_screen_create", "ipv", WRITE, screen_create, NULL, NULL, 0, "an enum", SS(ipv),
     NULL},
    {"mend_safety_screen_create", "ipv_instrument", RT, screen_create, screen_read, NULL, LISTED,
     "mend_safety_screen_list_json: the last ipv_instrument", SS(ipv_instrument), NULL},
    {"mend_safety_screen_create", "suicide_risk", WRITE, screen_create, NULL, NULL, 0, "an enum",
     SS(suicide_risk), NULL},
    {"mend_safety_screen_create", "suicide_instrument", RT, screen_create, screen_read, NULL,
     LISTED, "mend_safety_screen_list_json: the last suicide_instrument", SS(suicide_instrument),
     NULL},
    {"mend_safety_flag_resolve", "note", WRITE, flag_resolve, NULL, NULL, ST,
     "kept with the resolved flag", 0, NULL},
    /* note.h, process_note.h */
    {"mend_note_create", "format", WRITE, note_create_format, NULL, NULL, 0, "an enum", 0, NULL},
    {"mend_note_create", "content_json", WRITE, note_create_content, NULL, NULL, 0,
     "JSON text, as given", 0, NULL},
    {"mend_note_update", "format", WRITE, note_update_format, NULL, NULL, 0, "an enum", 0, NULL},
    {"mend_note_update", "content_json", WRITE, note_update_content, NULL, NULL, 0,
     "JSON text, as given", 0, NULL},
    {"mend_note_update", "content_json (as the text)", RT, note_update_text, draft_text, NULL, 0,
     "the value as the JSON string {\"text\": ...}: mend_note_get_json -> text", 0, NULL},
    {"mend_note_addendum_create", "text", RT, addendum_text, addendum_read, NULL, LISTED,
     "mend_note_get_json: the last addendum's text", 0, NULL},
    {"mend_note_addendum_create", "reason", RT, addendum_reason, addendum_read, NULL, LISTED,
     "mend_note_get_json: the last addendum's reason", 0, NULL},
    {"mend_note_search_json", "query", LOOK, note_search, NULL, NULL, 0, "a query", 0, NULL},
    {"mend_process_note_create", "text", RT, process_note_create, process_note_read, NULL, 0,
     "mend_process_note_get_json -> text", 0, NULL},
    /* emergency.h */
    {"mend_emergency_open", "reason", RT, emergency_open, emergency_read, NULL, 0,
     "mend_emergency_list_json: the last reason", 0, NULL},
    /* phase.h */
    {"mend_phase_start", "protocol", WRITE, phase_start_protocol, NULL, NULL, NF | ST, "a code", 0,
     NULL},
    {"mend_phase_start", "on", WRITE, phase_start_on, NULL, NULL, ST, "a date", 0, NULL},
    {"mend_phase_set_roles", "rationale", WRITE, phase_set_roles, NULL, NULL, ST,
     "kept with the role change", 0, NULL},
    {"mend_phase_override_roles", "rationale", WRITE, phase_override_roles, NULL, NULL, ST | GT,
     "kept with the role change", 0, NULL},
    {"mend_phase_evaluate_json", "on", LOOK, phase_evaluate, NULL, NULL, 0, "a date", 0, NULL},
    {"mend_phase_advance", "to", WRITE, advance_to, NULL, NULL, GT | ST, "a phase code", 0, NULL},
    {"mend_phase_advance", "rationale", WRITE, advance_rationale, NULL, NULL, GT, "gate shut", 0,
     NULL},
    {"mend_phase_advance", "on", WRITE, advance_on, NULL, NULL, GT, "a date", 0, NULL},
    {"mend_phase_override", "to", WRITE, override_to, NULL, NULL, GT | ST, "a phase code", 0, NULL},
    {"mend_phase_override", "rationale", RT, override_rationale, last_rationale, NULL, 0,
     "mend_phase_history_json: the new entry's rationale", 0, NULL},
    {"mend_phase_override", "safety_plan", WRITE, override_safety_plan, NULL, NULL, 0,
     "kept with the move", 0, NULL},
    {"mend_phase_override", "on", WRITE, override_on, NULL, NULL, 0, "a date", 0, NULL},
    {"mend_phase_back", "to", WRITE, back_to, NULL, NULL, GT | ST, "a phase code", 0, NULL},
    {"mend_phase_back", "rationale", WRITE, back_rationale, NULL, NULL, ST, "kept with the move", 0,
     NULL},
    {"mend_phase_back", "on", WRITE, back_on, NULL, NULL, ST, "a date", 0, NULL},
    /* plan.h */
    {"mend_plan_set", "phase", WRITE, plan_set_phase, NULL, NULL, NF | ST, "a phase code", 0, NULL},
    {"mend_plan_set", "plan_json", WRITE, plan_set_json, NULL, NULL, 0, "JSON text", 0, NULL},
    {"mend_plan_get_json", "phase", LOOK, plan_get, NULL, NULL, NF, "a query", 0, NULL},
    /* instrument.h, protocol.h */
    {"mend_instrument_get_json", "code", LOOK, instrument_get, NULL, NULL, NF, "a look-up", 0,
     NULL},
    {"mend_instrument_load", "definition_json", WRITE, instrument_load, NULL, NULL, EX | ST,
     "JSON text", 0, NULL},
    {"mend_instrument_set_cutoff", "instrument", WRITE, cutoff_instrument, NULL, NULL, NF, "a code",
     0, NULL},
    {"mend_instrument_set_cutoff", "cutoff", WRITE, cutoff_code, NULL, NULL, NF, "a code", 0, NULL},
    {"mend_protocol_get_json", "code", LOOK, protocol_get, NULL, NULL, NF, "a look-up", 0, NULL},
    {"mend_protocol_load", "definition_json", WRITE, protocol_load, NULL, NULL, EX | ST,
     "JSON text", 0, NULL},
    /* fhir.h */
    {"mend_fhir_questionnaire_get_json", "instrument", LOOK, questionnaire, NULL, NULL, NF,
     "a look-up", 0, NULL},
    {"mend_fhir_card_json", "on", LOOK, fhir_card, NULL, NULL, 0, "a date", 0, NULL},
    {"mend_fhir_import", "json", WRITE, fhir_import, NULL, NULL, NF | EX | CN, "JSON text", 0,
     NULL},
    {"mend_fhir_import_file", "path", LOOK, fhir_import_file, NULL, NULL, NF | SO, "a file read", 0,
     NULL},
    {"mend_fhir_export_write", "path", WRITE, fhir_export_write, NULL, NULL, SO | OUT_PATH,
     "a file written (scratch directory only)", 0, NULL},
    /* report.h */
    {"mend_report_render", "kind", LOOK, report_render, NULL, NULL, 0, "an enum", RO(kind), NULL},
    {"mend_report_render", "format", LOOK, report_render, NULL, NULL, 0, "an enum", RO(format),
     NULL},
    {"mend_report_render", "from", LOOK, report_render, NULL, NULL, 0, "a date", RO(from), NULL},
    {"mend_report_render", "to", LOOK, report_render, NULL, NULL, 0, "a date", RO(to), NULL},
    {"mend_report_render", "generated_on", LOOK, report_render, NULL, NULL, 0, "a date",
     RO(generated_on), NULL},
    {"mend_report_write", "path", WRITE, report_write, NULL, NULL, SO | OUT_PATH,
     "a file written (scratch directory only)", 0, NULL},
    /* audit.h */
    {"mend_audit_report_render", "from", LOOK, audit_report, NULL, NULL, 0, "a date", AR(from),
     NULL},
    {"mend_audit_report_render", "to", LOOK, audit_report, NULL, NULL, 0, "a date", AR(to), NULL},
    {"mend_audit_verify_json", "checkpoint", LOOK, audit_verify, NULL, NULL, 0,
     "a checkpoint's text", 0, NULL},
    /* practice.h */
    {"mend_practice_init", "practice_name", WRITE, practice_init, NULL, NULL, ST,
     "checked, then refused: the practice is set up", 0, NULL},
    {"mend_practice_set_timezone", "tz", RT, set_timezone, timezone_read, NULL, 0,
     "mend_practice_timezone", 0, NULL},
    {"mend_practice_set_now", "timestamp", LOOK, set_now, NULL, NULL, 0,
     "the handle's clock (set back at once)", 0, NULL},
    /* db.h, key.h */
    {"mend_open", "where", LOOK, open_where, NULL, NULL,
     NF | SO | CODE(MEND_ESCHEMA) | KY | CODE(MEND_ECONNECTION) | NAMES_IT,
     "opened without MEND_OPEN_CREATE, closed at once", 0, NULL},
    {"mend_open", "mend_open_options.key_file", LOOK, open_key_file, NULL, NULL, NF | KY | SO,
     "opening the test's database with it", 0, NULL},
    {"mend_key_file_create", "path", WRITE, key_file_create, NULL, NULL, KY | OUT_PATH,
     "a file written (scratch directory only)", 0, NULL},
};
#define N_PARAMS (sizeof params / sizeof params[0])

/* ---- the run ------------------------------------------------------------ */

static long tried, succeeded, refused, skipped_nul, skipped_path;

static int allowed(const param* p, int rc) {
    if (rc == MEND_EINVAL || rc == MEND_EENCODING) return 1;
    return rc < 0 && rc > -31 && (p->codes & CODE(rc)) != 0;
}

/* A value that would write outside the scratch directory. */
static int leaves_scratch(const char* v) {
    return v[0] == '/' || strstr(v, "..") != NULL || v[0] == '~';
}

/* A message may name a code or a rule: compare only values long and odd
 * enough not to be part of a fixed message. */
static int distinctive(const t_corpus_entry* e) {
    return e->size >= 12 && strstr(e->category, "own prefixes") == NULL &&
           strstr(e->category, "dates") == NULL;
}

static int same_bytes(const char* a, const char* b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static void show(const char* what, const param* p, const t_corpus_entry* e, int rc) {
    fprintf(stderr, "   ^ %s: %s(%s) with corpus line %d [%s] (%zu bytes): %s (%s)\n", what,
            p->function, p->parameter, e->line, e->category, e->size, mend_errstr(rc),
            mend_errmsg(db));
}

static void fresh(void);

/* A create's successes each added one row, and its refusals none. */
static void check_rows(const param* p, long before, long added) {
    long after;
    if (!p->count) return;
    after = p->count();
    T_CHECK_(after == before + added, 0, "%s(%s): %ld rows, expected %ld", p->function,
             p->parameter, after, before + added);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One parameter, every entry: in one host transaction (a failed call in it
 * changes nothing and leaves it usable), committed at the end; with
 * MEND_HOSTILE_AUTOCOMMIT set, each call commits on its own (slower). */
/* MEND_HOSTILE_STRIDE=k (the sanitizer run, scripts/test-sanitizers.sh):
 * each parameter gets every k-th entry only, starting at its own offset, so
 * that the parameters together still try every entry. Unset or 1: all. */
static long stride = 1, skipped_stride;

static void sweep(const param* p, const t_corpus_entry* corpus, long n) {
    long offset = (long)(p - params) % stride;
    long i, before_count = p->count ? p->count() : 0, added = 0, ok = 0, no = 0;
    int shown_failures = 0;
    char* stored = p->read ? p->read(p) : NULL;
    double started = seconds();
    int in_transaction = getenv("MEND_HOSTILE_AUTOCOMMIT") == NULL;
    if (in_transaction) REQUIRE_OK(mend_transaction_begin(db));
    for (i = 0; i < n; ++i) {
        const t_corpus_entry* e = &corpus[i];
        long failures = t_failures;
        int rc;
        if (i % stride != offset) {
            ++skipped_stride;
            continue;
        }
        if (e->has_nul) {
            ++skipped_nul;
            continue;
        }
        if ((p->codes & OUT_PATH) && leaves_scratch(e->data)) {
            ++skipped_path;
            continue;
        }
        if ((p->codes & LISTED) && i > 0 && i % LIST_RUN == 0) {
            if (in_transaction) REQUIRE_OK(mend_transaction_commit(db));
            check_rows(p, before_count, added);
            fresh();
            before_count = p->count ? p->count() : 0;
            added = 0;
            if (in_transaction) REQUIRE_OK(mend_transaction_begin(db));
            free(stored);
            stored = p->read(p);
        }
        ++tried;
        rc = p->call(p, e->data);
        if (rc == MEND_OK) {
            ++succeeded;
            ++ok;
            if (p->count) ++added;
            if (p->kind == RT) {
                char* now = p->read(p);
                /* "" clears an optional field or, on a create, leaves it
                 * at its default (docs/c-api-conventions.md). */
                T_CHECK_(same_bytes(now, e->data) || e->size == 0, 0,
                         "read back %zu bytes, not the %zu given", now ? strlen(now) : 0, e->size);
                free(stored);
                stored = now;
            }
        } else {
            char msg[512];
            ++refused;
            ++no;
            /* A call without a handle (mend_open, mend_key_file_create)
             * explains itself in the thread's message. */
            snprintf(msg, sizeof msg, "%s",
                     mend_errcode(db) == rc ? mend_errmsg(db) : mend_last_errmsg());
            T_CHECK_(allowed(p, rc), 0, "code %d (%s) is not one this parameter may answer", rc,
                     mend_errstr(rc));
            if (distinctive(e) && !(p->codes & NAMES_IT)) CHECK_NO_SUBSTR(msg, e->data);
            if (p->read) {
                char* now = p->read(p);
                T_CHECK_(same_bytes(now, stored), 0, "a refused call changed the stored value");
                free(now);
            }
        }
        if (t_failures != failures && ++shown_failures <= 5) show("failed", p, e, rc);
    }
    if (in_transaction) REQUIRE_OK(mend_transaction_commit(db));
    check_rows(p, before_count, added);
    free(stored);
    fprintf(stderr, "   %-34s %-28s %4ld accepted %4ld refused %6.1fs\n", p->function, p->parameter,
            ok, no, seconds() - started);
}

static void fresh(void) {
    int64_t s = new_session();
    fresh_client = t_client(db, "Fresh", "Client", NULL);
    fresh_case = t_individual_case(db, fresh_client, admin);
    fresh_conj = t_conjoint_case(db, couple, admin);
    REQUIRE_OK(mend_note_create(&signed_note, db, s, "free", "{\"text\":\"signed\"}"));
    REQUIRE_OK(mend_note_sign(db, signed_note));
}

static void setup(void) {
    mend_client_fields cf = MEND_CLIENT_FIELDS_INIT;
    mend_agreement_fields af = MEND_AGREEMENT_FIELDS_INIT;
    int rc = 0;
    db = t_fresh_practice(&admin);
    t_utc_date(today, 0);
    t_utc_date(yesterday, -1);
    t_utc_date(next_month, 30);
    clin = t_clinician(db, "Dr. Clinician", "clinician", "staff-clin");
    staff = t_clinician(db, "Dr. Updated", "clinician", "staff-updated"); /* the update rows' */
    cf.given_name = "Ana";
    cf.family_name = "Example";
    cf.external_id = "ext-ana";
    REQUIRE_OK(mend_client_create(&ana, db, &cf));
    ben = t_client(db, "Ben", "Example", "ext-ben");
    flag_client = t_client(db, "Flo", "Example", "ext-flo");
    couple = t_couple(db, ana, ben, "confidential");
    kase = t_individual_case(db, ana, admin);
    conj = t_conjoint_case(db, couple, admin);
    session = t_session(db, kase, &ana, 1, ana, "90834", 50, 2, &rc);
    REQUIRE(session > 0);
    REQUIRE_OK(mend_note_create(&draft, db, session, "free", "{\"text\":\"draft\"}"));
    af.case_id = conj;
    af.kind = "boundary";
    af.text = "No contact";
    REQUIRE_OK(mend_agreement_create(&agreement, db, &af));
    REQUIRE_OK(mend_phase_start(db, conj, "betrayal_trauma_couples", 0, NULL));
    role_case = conj;
    phase_case = t_individual_case(db, ana, admin);
    over_case = started_case();
    quiet_case = started_case();
}

/* The sweep lets a look-up succeed on any value; these dates must be dates
 * (a report's period end was once compared as text, and "<b>" passed). */
static void check_dates_are_dates(void) {
    static const char* const not_dates[] = {"<b>x</b>", "0", "'", "..", "2024-13-01"};
    size_t i;
    SECTION("a report's period is made of dates");
    for (i = 0; i < sizeof not_dates / sizeof not_dates[0]; ++i) {
        mend_report_options o = MEND_REPORT_OPTIONS_INIT;
        char* out = NULL;
        o.case_id = quiet_case;
        o.format = "html";
        o.to = not_dates[i];
        CHECK_RC(mend_report_render(&out, db, &o), MEND_EINVAL);
        CHECK_NULL(out);
        o.to = NULL;
        o.from = not_dates[i];
        CHECK_RC(mend_report_render(&out, db, &o), MEND_EINVAL);
        CHECK_NULL(out);
    }
}

/* The database's own checks after the run. */
static void check_integrity(void) {
    long long bad = -1;
    SECTION("the database after the run");
    if (!t_is_pg()) {
        CHECK(t_raw_int("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
                        &bad) == 0);
        CHECK_I64(bad, 0);
        bad = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM pragma_foreign_key_check", &bad) == 0);
        CHECK_I64(bad, 0);
    }
    CHECK(t_check_verified(db));
}

int main(int argc, char** argv) {
    t_corpus_entry* corpus = NULL;
    long n;
    size_t i;
    char scratch[] = "/tmp/mend-hostile-XXXXXX";
    char cmd[64];
    const char* only = getenv("MEND_HOSTILE_ONLY"); /* a function name, to run one row */
    const char* stride_env = getenv("MEND_HOSTILE_STRIDE");
    location = t_location(argc, argv, "capi_hostile.db");
    if (stride_env && atol(stride_env) > 1) stride = atol(stride_env);
    n = t_corpus_load(MEND_TEST_CORPUS, &corpus);
    REQUIRE(n > 0);
    REQUIRE(mkdtemp(scratch) != NULL);
    setup();
    REQUIRE(chdir(scratch) == 0); /* relative paths land in the scratch directory */
    SECTION("every corpus entry through every string parameter");
    for (i = 0; i < N_PARAMS; ++i)
        if (!only || strstr(params[i].function, only)) {
            fresh();
            sweep(&params[i], corpus, n);
        }
    check_dates_are_dates();
    check_integrity();
    mend_close(db);
    fprintf(stderr,
            "hostile: %ld entries x %zu parameters: %ld calls (%ld accepted, %ld refused), "
            "%ld not applicable (%ld with a NUL, %ld paths outside the scratch directory), "
            "%ld left out by MEND_HOSTILE_STRIDE=%ld, backend %s\n",
            n, N_PARAMS, tried, succeeded, refused, skipped_nul + skipped_path, skipped_nul,
            skipped_path, skipped_stride, stride, t_is_pg() ? "postgresql" : "sqlite");
    t_corpus_free(corpus, n);
    snprintf(cmd, sizeof cmd, "rm -rf %s", scratch);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", scratch);
    return t_finish();
}
