/*
 * Bad input through the C API: every class of bad argument gets its
 * documented code, and changes nothing. After each failed call the records
 * read back are byte-for-byte what they were and the number of records is
 * unchanged; the error message never holds client data (neither the stored
 * record's nor the rejected value). SQL metacharacters are plain text.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GIVEN "Philomena"
#define FAMILY "Wolcott-Brandt"
#define EMAIL "philomena.w@example.org"

static mend_db* db;
static int64_t admin, clin, k, k2, couple, kase, conj;
static char *snap_client, *snap_client2, *snap_couple, *snap_case, *snap_conj, *snap_clin;
static long snap_clients, snap_couples, snap_cases;
static char big[65537];
static char big_bad[65537];

static long count_couples(void) {
    mend_couple_list_options o = MEND_COUPLE_LIST_OPTIONS_INIT;
    mend_couple_iter* it = NULL;
    mend_couple* c = NULL;
    long n = 0;
    o.include_archived = 1;
    if (mend_couple_iter_new(&it, db, &o) != MEND_OK) return -1;
    while (mend_couple_iter_next(&c, it) == MEND_OK) {
        ++n;
        mend_couple_free(c);
    }
    mend_couple_iter_free(it);
    return n;
}

static void take_snapshot(void) {
    free(snap_client);
    free(snap_client2);
    free(snap_couple);
    free(snap_case);
    free(snap_conj);
    free(snap_clin);
    snap_client = t_client_json(db, k);
    snap_client2 = t_client_json(db, k2);
    snap_couple = t_couple_json(db, couple);
    snap_case = t_case_json(db, kase);
    snap_conj = t_case_json(db, conj);
    snap_clin = t_clinician_json(db, clin);
    snap_clients = t_count_clients(db, 1);
    snap_couples = count_couples();
    snap_cases = t_count_cases(db);
    REQUIRE(snap_client && snap_client2 && snap_couple && snap_case && snap_conj && snap_clin);
}

/* The message of the failed call (read before anything else runs). */
static void check_message(const char* msg, const char* rejected) {
    CHECK_NO_SUBSTR(msg, GIVEN);
    CHECK_NO_SUBSTR(msg, FAMILY);
    CHECK_NO_SUBSTR(msg, EMAIL);
    if (rejected && strlen(rejected) >= 4) CHECK_NO_SUBSTR(msg, rejected);
}

/* Nothing changed since the snapshot. */
static void check_unchanged(void) {
    char* now;
    now = t_client_json(db, k);
    CHECK_STREQ(now, snap_client);
    free(now);
    now = t_client_json(db, k2);
    CHECK_STREQ(now, snap_client2);
    free(now);
    now = t_couple_json(db, couple);
    CHECK_STREQ(now, snap_couple);
    free(now);
    now = t_case_json(db, kase);
    CHECK_STREQ(now, snap_case);
    free(now);
    now = t_case_json(db, conj);
    CHECK_STREQ(now, snap_conj);
    free(now);
    now = t_clinician_json(db, clin);
    CHECK_STREQ(now, snap_clin);
    free(now);
    CHECK_I64(t_count_clients(db, 1), snap_clients);
    CHECK_I64(count_couples(), snap_couples);
    CHECK_I64(t_count_cases(db), snap_cases);
}

/* One failed call: its code, its message, and no change. `also` is a second
 * acceptable code where the documentation allows either (0 for none). */
static void after_failure2(int rc, int expected, int also, const char* rejected, const char* what,
                           int line) {
    long failures = t_failures;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", mend_errmsg(db));
    if (also && rc == also) expected = also;
    CHECK_RC(rc, expected);
    CHECK_I64(mend_errcode(db), expected);
    check_message(msg, rejected);
    check_unchanged();
    if (t_failures != failures) fprintf(stderr, "   ^ %s (test line %d)\n", what, line);
}

static void after_failure(int rc, int expected, const char* rejected, const char* what, int line) {
    after_failure2(rc, expected, 0, rejected, what, line);
}

#define FAILS(call, expected, rejected)                                                            \
    after_failure((call), (expected), (rejected), #call, __LINE__)

static void set_client_field(mend_client_fields* f, const char* field, const char* value) {
    if (!strcmp(field, "external_id"))
        f->external_id = value;
    else if (!strcmp(field, "given_name"))
        f->given_name = value;
    else if (!strcmp(field, "family_name"))
        f->family_name = value;
    else if (!strcmp(field, "preferred_name"))
        f->preferred_name = value;
    else if (!strcmp(field, "pronouns"))
        f->pronouns = value;
    else if (!strcmp(field, "date_of_birth"))
        f->date_of_birth = value;
    else if (!strcmp(field, "email"))
        f->email = value;
    else if (!strcmp(field, "phone"))
        f->phone = value;
    else
        REQUIRE(!"unknown client field");
}

/* A bad value for one client field: refused on update and on create. */
static void bad_client_value(const char* field, const char* value, int expected, int line) {
    mend_client_fields u = MEND_CLIENT_FIELDS_INIT, c = MEND_CLIENT_FIELDS_INIT;
    int64_t id = -77;
    char what[160];
    /* A date that is not UTF-8 is also not a date: either code will do. */
    int also = expected == MEND_EENCODING && !strcmp(field, "date_of_birth") ? MEND_EINVAL : 0;
    snprintf(what, sizeof what, "client %s", field);
    set_client_field(&u, field, value);
    after_failure2(mend_client_update(db, k, &u), expected, also, value, what, line);
    c.given_name = "Valid";
    c.family_name = "Person";
    set_client_field(&c, field, value);
    after_failure2(mend_client_create(&id, db, &c), expected, also, value, what, line);
    CHECK_I64(id, -77); /* *out untouched on failure */
}

#define BAD_CLIENT(field, value, expected) bad_client_value(field, value, expected, __LINE__)

static const char* const invalid_utf8[] = {
    "\xC3\x28",         /* a lead byte without its continuation */
    "\xC0\xAF",         /* overlong '/' */
    "\xE0\x80\xAF",     /* overlong, three bytes */
    "\xED\xA0\x80",     /* a UTF-16 surrogate */
    "\xF4\x90\x80\x80", /* above U+10FFFF */
    "\xFF",             /* never valid */
    "\x80",             /* a lone continuation byte */
    "abc\xE2\x82",      /* cut short at the end */
    "\xF0\x9F\x98",     /* a cut-short emoji */
};
#define N_INVALID (sizeof invalid_utf8 / sizeof invalid_utf8[0])

static void setup(void) {
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Dr. Clinician", "clinician", "staff-clin");
    f.external_id = "ext-k";
    f.given_name = GIVEN;
    f.family_name = FAMILY;
    f.preferred_name = "Phil";
    f.pronouns = "she/her";
    f.date_of_birth = "1979-11-23";
    f.email = EMAIL;
    f.phone = "+44 20 7946 0958";
    REQUIRE_OK(mend_client_create(&k, db, &f));
    k2 = t_client(db, "Second", "Client", "ext-k2");
    couple = t_couple(db, k, k2, "confidential");
    kf.kind = "individual";
    kf.client_id = k;
    kf.opened_on = "2025-05-05";
    kf.external_id = "case-k";
    REQUIRE_OK(mend_case_create(&kase, db, &kf));
    conj = t_conjoint_case(db, couple, clin);
    memset(big, 'a', 65536);
    big[65536] = '\0';
    memcpy(big_bad, big, 65537);
    big_bad[100] = '\xC0';
    take_snapshot();
}

static void test_client_values(void) {
    static const char* const fields[] = {"external_id",    "given_name", "family_name",
                                         "preferred_name", "pronouns",   "date_of_birth",
                                         "email",          "phone"};
    size_t i, j;
    char future[11], tomorrow[11];
    SECTION("client fields");

    for (i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
        for (j = 0; j < N_INVALID; ++j)
            BAD_CLIENT(fields[i], invalid_utf8[j], MEND_EENCODING);
        BAD_CLIENT(fields[i], big, MEND_EINVAL);
        /* Embedded in otherwise good text. */
        {
            char text[64];
            snprintf(text, sizeof text, "Good%sText", invalid_utf8[i % N_INVALID]);
            BAD_CLIENT(fields[i], text, MEND_EENCODING);
        }
    }
    BAD_CLIENT("given_name", big_bad, MEND_EENCODING);
    BAD_CLIENT("given_name", "", MEND_EINVAL);
    BAD_CLIENT("given_name", " \t\r\n", MEND_EINVAL);
    BAD_CLIENT("family_name", "", MEND_EINVAL);
    BAD_CLIENT("pronouns", "a-forty-one-byte-pronoun-text-is-too-long", MEND_EINVAL);

    /* Dates. */
    t_utc_date(future, 3); /* tomorrow + 2 days */
    BAD_CLIENT("date_of_birth", "2026-02-30", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2023-02-29", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "1900-02-29", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "1899-12-31", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", future, MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "9999-12-31", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-1-01", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "20240101", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024/01/01", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-01-01T00:00:00Z", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", " 2024-01-01", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-00-10", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-13-10", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-04-31", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "2024-04-00", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "+024-04-10", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "yesterday", MEND_EINVAL);
    BAD_CLIENT("date_of_birth", "0000-00-00", MEND_EINVAL);
    /* Yesterday is fine everywhere on Earth; today's extremes are checked elsewhere. */
    t_utc_date(tomorrow, -1);
    {
        mend_client_fields u = MEND_CLIENT_FIELDS_INIT;
        u.date_of_birth = "1900-01-01";
        CHECK_OK(mend_client_update(db, k2, &u));
        u.date_of_birth = "2000-02-29";
        CHECK_OK(mend_client_update(db, k2, &u));
        u.date_of_birth = tomorrow;
        CHECK_OK(mend_client_update(db, k2, &u));
        u.date_of_birth = "";
        CHECK_OK(mend_client_update(db, k2, &u));
        take_snapshot();
    }

    /* Contact details. */
    BAD_CLIENT("email", "not-an-email", MEND_EINVAL);
    BAD_CLIENT("email", "two@at@signs.org", MEND_EINVAL);
    BAD_CLIENT("email", "spa ce@example.org", MEND_EINVAL);
    BAD_CLIENT("email", "@example.net", MEND_EINVAL);
    BAD_CLIENT("email", "nobody@", MEND_EINVAL);
    BAD_CLIENT("phone", "12", MEND_EINVAL);
    BAD_CLIENT("phone", "call me maybe", MEND_EINVAL);
    BAD_CLIENT("phone", "12345678901234567890123456789012345678901", MEND_EINVAL);

    /* Taken external id. */
    BAD_CLIENT("external_id", "ext-k2", MEND_EEXISTS);
}

static void test_structs_and_pointers(void) {
    mend_client_fields u = MEND_CLIENT_FIELDS_INIT, c = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields pf = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
    int64_t id = 0;
    SECTION("structs of unknown versions, NULL pointers");

    c.given_name = "Valid";
    c.family_name = "Person";
    u.given_name = "Changed";
    FAILS(mend_client_update(db, k, NULL), MEND_EINVAL, NULL);
    FAILS(mend_client_create(&id, db, NULL), MEND_EINVAL, NULL);
    FAILS(mend_client_create(NULL, db, &c), MEND_EINVAL, NULL);
    u.version = 0;
    FAILS(mend_client_update(db, k, &u), MEND_EINVAL, NULL);
    u.version = 99;
    FAILS(mend_client_update(db, k, &u), MEND_EINVAL, NULL);
    c.version = 0;
    FAILS(mend_client_create(&id, db, &c), MEND_EINVAL, NULL);
    c.version = 99;
    FAILS(mend_client_create(&id, db, &c), MEND_EINVAL, NULL);
    c.version = MEND_CLIENT_FIELDS_VERSION;
    c.given_name = NULL;
    FAILS(mend_client_create(&id, db, &c), MEND_EINVAL, NULL);
    c.given_name = "Valid";
    c.family_name = NULL;
    FAILS(mend_client_create(&id, db, &c), MEND_EINVAL, NULL);

    pf.relationship_status = "separated";
    FAILS(mend_couple_update(db, couple, NULL), MEND_EINVAL, NULL);
    pf.version = 0;
    FAILS(mend_couple_update(db, couple, &pf), MEND_EINVAL, NULL);
    pf.version = 99;
    FAILS(mend_couple_update(db, couple, &pf), MEND_EINVAL, NULL);
    pf.client_a_id = k;
    pf.client_b_id = clin; /* whatever: the version is checked first */
    FAILS(mend_couple_create(&id, db, &pf), MEND_EINVAL, NULL);

    kf.status = "on_hold";
    FAILS(mend_case_update(db, kase, NULL), MEND_EINVAL, NULL);
    kf.version = 0;
    FAILS(mend_case_update(db, kase, &kf), MEND_EINVAL, NULL);
    kf.version = 99;
    FAILS(mend_case_update(db, kase, &kf), MEND_EINVAL, NULL);
    kf.kind = "individual";
    kf.client_id = k2;
    FAILS(mend_case_create(&id, db, &kf), MEND_EINVAL, NULL);

    cf.display_name = "Renamed";
    FAILS(mend_clinician_update(db, clin, NULL), MEND_EINVAL, NULL);
    cf.version = 0;
    FAILS(mend_clinician_update(db, clin, &cf), MEND_EINVAL, NULL);
    cf.version = 99;
    FAILS(mend_clinician_update(db, clin, &cf), MEND_EINVAL, NULL);
    FAILS(mend_clinician_create(&id, db, &cf), MEND_EINVAL, NULL);

    /* A NULL handle: the thread's message explains. */
    CHECK_RC(mend_client_update(NULL, k, &u), MEND_EINVAL);
    CHECK_SUBSTR(mend_last_errmsg(), "NULL");
    CHECK_RC(mend_client_archive(NULL, k), MEND_EINVAL);
    CHECK_RC(mend_couple_archive(NULL, couple), MEND_EINVAL);
    CHECK_RC(mend_case_archive(NULL, kase), MEND_EINVAL);
    CHECK_RC(mend_clinician_archive(NULL, clin), MEND_EINVAL);
    check_unchanged();
}

static void test_ids(void) {
    static const int64_t bad_ids[] = {-1, -9999, INT64_MIN, 0, INT64_MAX, 987654321};
    size_t i;
    mend_client_fields u = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields pf = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
    SECTION("ids that name nothing");
    u.pronouns = "they/them";
    pf.relationship_status = "ended";
    kf.status = "on_hold";
    cf.credentials = "MD";
    for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; ++i) {
        int64_t bad = bad_ids[i];
        mend_client* c = (mend_client*)&c;
        mend_couple* cp = (mend_couple*)&cp;
        mend_case* kc = (mend_case*)&kc;
        mend_clinician* cl = (mend_clinician*)&cl;
        fprintf(stderr, "   id %lld\n", (long long)bad);
        FAILS(mend_client_get(&c, db, bad), MEND_ENOTFOUND, NULL);
        CHECK_NULL(c);
        FAILS(mend_client_update(db, bad, &u), MEND_ENOTFOUND, NULL);
        FAILS(mend_client_archive(db, bad), MEND_ENOTFOUND, NULL);
        FAILS(mend_couple_get(&cp, db, bad), MEND_ENOTFOUND, NULL);
        CHECK_NULL(cp);
        FAILS(mend_couple_update(db, bad, &pf), MEND_ENOTFOUND, NULL);
        FAILS(mend_couple_archive(db, bad), MEND_ENOTFOUND, NULL);
        FAILS(mend_case_get(&kc, db, bad), MEND_ENOTFOUND, NULL);
        CHECK_NULL(kc);
        FAILS(mend_case_update(db, bad, &kf), MEND_ENOTFOUND, NULL);
        FAILS(mend_case_archive(db, bad), MEND_ENOTFOUND, NULL);
        FAILS(mend_clinician_get(&cl, db, bad), MEND_ENOTFOUND, NULL);
        CHECK_NULL(cl);
        FAILS(mend_clinician_update(db, bad, &cf), MEND_ENOTFOUND, NULL);
        FAILS(mend_clinician_archive(db, bad), MEND_ENOTFOUND, NULL);
    }
    {
        /* Ids inside records that name nothing. */
        mend_couple_fields nf = MEND_COUPLE_FIELDS_INIT;
        mend_case_fields nk = MEND_CASE_FIELDS_INIT;
        int64_t id = 0;
        nf.client_a_id = k;
        nf.client_b_id = INT64_MAX;
        nf.secrets_policy = "confidential";
        FAILS(mend_couple_create(&id, db, &nf), MEND_ENOTFOUND, NULL);
        nf.client_b_id = -5;
        FAILS(mend_couple_create(&id, db, &nf), MEND_EINVAL, NULL);
        nk.kind = "individual";
        nk.client_id = INT64_MAX;
        FAILS(mend_case_create(&id, db, &nk), MEND_ENOTFOUND, NULL);
        nk.client_id = k;
        nk.primary_clinician_id = INT64_MAX;
        FAILS(mend_case_create(&id, db, &nk), MEND_ENOTFOUND, NULL);
        nk.primary_clinician_id = 0;
        nk.linked_case_id = INT64_MAX;
        FAILS(mend_case_create(&id, db, &nk), MEND_ENOTFOUND, NULL);
        nk.linked_case_id = INT64_MIN;
        FAILS(mend_case_create(&id, db, &nk), MEND_EINVAL, NULL);
    }
}

static void test_enums_and_rules(void) {
    mend_couple_fields pf;
    mend_case_fields kf;
    mend_clinician_fields cf;
    char future[11];
    size_t j;
    SECTION("enums and the rules of couples, cases and clinicians");
    t_utc_date(future, 3);

#define COUPLE_FAILS(setting, expected, rejected)                                                  \
    do {                                                                                           \
        pf = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;                                          \
        setting;                                                                                   \
        FAILS(mend_couple_update(db, couple, &pf), expected, rejected);                            \
    } while (0)
    COUPLE_FAILS(pf.relationship_status = "married", MEND_EINVAL, "married");
    COUPLE_FAILS(pf.relationship_status = "", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.relationship_status = "Together", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.secrets_policy = "maybe", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.secrets_policy = "", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.children_in_household = 31, MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.children_in_household = -7, MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.children_in_household = INT32_MIN, MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.relationship_start = "2026-02-30", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.relationship_start = "1899-12-31", MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.relationship_start = future, MEND_EINVAL, NULL);
    COUPLE_FAILS(pf.client_a_id = k2, MEND_EINVAL, NULL);
    /* External ids are unique per kind of record: a client's may name a couple. */
    pf = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    pf.external_id = "ext-k";
    CHECK_OK(mend_couple_update(db, couple, &pf));
    take_snapshot();
    COUPLE_FAILS(pf.external_id = big, MEND_EINVAL, NULL);
    for (j = 0; j < N_INVALID; ++j) {
        COUPLE_FAILS(pf.external_id = invalid_utf8[j], MEND_EENCODING, NULL);
        COUPLE_FAILS(pf.relationship_status = invalid_utf8[j], MEND_EENCODING, NULL);
    }

#define CASE_FAILS(id, setting, expected)                                                          \
    do {                                                                                           \
        kf = (mend_case_fields)MEND_CASE_FIELDS_INIT;                                              \
        setting;                                                                                   \
        FAILS(mend_case_update(db, id, &kf), expected, NULL);                                      \
    } while (0)
    CASE_FAILS(kase, kf.status = "pending", MEND_EINVAL);
    CASE_FAILS(kase, kf.status = "CLOSED", MEND_EINVAL);
    CASE_FAILS(kase, kf.closed_on = "2025-05-04", MEND_EINVAL); /* before opened_on */
    CASE_FAILS(kase, kf.closed_on = "2025-02-30", MEND_EINVAL);
    CASE_FAILS(kase, (kf.status = "open", kf.closed_on = "2025-06-01"), MEND_EINVAL);
    CASE_FAILS(kase, kf.opened_on = "", MEND_EINVAL);
    CASE_FAILS(kase, kf.opened_on = "1899-12-31", MEND_EINVAL);
    CASE_FAILS(kase, kf.kind = "conjoint", MEND_EINVAL);
    CASE_FAILS(kase, kf.kind = "group", MEND_EINVAL);
    CASE_FAILS(kase, kf.client_id = k2, MEND_EINVAL);
    CASE_FAILS(kase, kf.couple_id = couple, MEND_EINVAL);
    CASE_FAILS(kase, kf.linked_case_id = kase, MEND_EINVAL);
    CASE_FAILS(kase, kf.linked_case_id = -2, MEND_EINVAL);
    CASE_FAILS(conj, kf.linked_case_id = kase, MEND_EINVAL);
    CASE_FAILS(kase, kf.external_id = "case-k\xED\xA0\x80", MEND_EENCODING);
    CASE_FAILS(kase, kf.primary_clinician_id = -3, MEND_EINVAL);

    cf = (mend_clinician_fields)MEND_CLINICIAN_FIELDS_INIT;
#define CLINICIAN_FAILS(setting, expected)                                                         \
    do {                                                                                           \
        cf = (mend_clinician_fields)MEND_CLINICIAN_FIELDS_INIT;                                    \
        setting;                                                                                   \
        FAILS(mend_clinician_update(db, clin, &cf), expected, NULL);                               \
    } while (0)
    CLINICIAN_FAILS(cf.role = "root", MEND_EINVAL);
    CLINICIAN_FAILS(cf.role = "", MEND_EINVAL);
    CLINICIAN_FAILS(cf.display_name = "", MEND_EINVAL);
    CLINICIAN_FAILS(cf.display_name = big, MEND_EINVAL);
    CLINICIAN_FAILS(cf.credentials = "\xC0\xAF", MEND_EENCODING);
    CLINICIAN_FAILS(cf.external_id = "staff-admin", MEND_EEXISTS);
}

static void test_sql_metacharacters(void) {
    static const char* const given = "Robert'); DROP TABLE client;--";
    static const char* const family = "O'Brien \"Bobby\" %_ \\ ; -- /* */";
    static const char* const preferred = ":gn $1 ? @p ' OR '1'='1";
    static const char* const external = "' OR '1'='1";
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_client* c = NULL;
    int64_t id = 0;
    SECTION("SQL metacharacters are text");

    f.given_name = given;
    f.family_name = family;
    f.preferred_name = preferred;
    f.external_id = external;
    f.email = "o'brien+x@example.org";
    REQUIRE_OK(mend_client_create(&id, db, &f));
    REQUIRE_OK(mend_client_get(&c, db, id));
    CHECK_STREQ(mend_client_given_name(c), given);
    CHECK_STREQ(mend_client_family_name(c), family);
    CHECK_STREQ(mend_client_preferred_name(c), preferred);
    CHECK_STREQ(mend_client_external_id(c), external);
    CHECK_STREQ(mend_client_email(c), "o'brien+x@example.org");
    mend_client_free(c);
    c = NULL;
    REQUIRE_OK(mend_client_get_external(&c, db, external));
    CHECK_I64(mend_client_id(c), id);
    mend_client_free(c);
    c = NULL;
    snap_clients += 1;
    take_snapshot();
    FAILS(mend_client_get_external(&c, db, "' OR 1=1 --"), MEND_ENOTFOUND, NULL);
    FAILS(mend_client_get_external(&c, db, "%"), MEND_ENOTFOUND, NULL);
    FAILS(mend_client_get_external(&c, db, "ext-%"), MEND_ENOTFOUND, NULL);
    FAILS(mend_client_get_external(&c, db, "EXT-K"), MEND_ENOTFOUND, NULL);
    CHECK_NULL(c);
    /* The tables are all still there. */
    CHECK_I64(t_count_clients(db, 1), snap_clients);
}

static void test_no_actor(void) {
    mend_db* anon = t_open();
    mend_client_fields u = MEND_CLIENT_FIELDS_INIT;
    SECTION("no actor changes nothing");
    u.given_name = "Changed";
    CHECK_RC(mend_client_update(anon, k, &u), MEND_ENOACTOR);
    CHECK_NO_SUBSTR(mend_errmsg(anon), GIVEN);
    CHECK_RC(mend_client_archive(anon, k), MEND_ENOACTOR);
    CHECK_RC(mend_case_archive(anon, kase), MEND_ENOACTOR);
    CHECK_RC(mend_couple_archive(anon, couple), MEND_ENOACTOR);
    mend_close(anon);
    check_unchanged();
}

int main(int argc, char** argv) {
    t_location(argc, argv, "capi_bad_input.db");
    setup();
    test_client_values();
    test_structs_and_pointers();
    test_ids();
    test_enums_and_rules();
    test_sql_metacharacters();
    test_no_actor();
    mend_close(db);
    free(snap_client);
    free(snap_client2);
    free(snap_couple);
    free(snap_case);
    free(snap_conj);
    free(snap_clin);
    return t_finish();
}
