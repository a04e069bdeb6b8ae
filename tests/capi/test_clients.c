/*
 * Clients and clinicians through the C API, starting with the issue's
 * scenario: two clients, a couple and a conjoint case created and read back,
 * and a clear error for a NULL handle, an unknown id, invalid UTF-8, a
 * duplicate external id and a handle with no actor. Then every client and
 * clinician call, Unicode round trips, and iteration across pages.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* where;

/* An error message is "clear": set, not the success text, about the thing. */
static void check_clear(const char* msg, const char* about) {
    CHECK_NOT_NULL(msg);
    if (!msg) return;
    CHECK(msg[0] != '\0');
    CHECK(strcmp(msg, "no error") != 0);
    CHECK_SUBSTR(msg, about);
    /* Never client data. */
    CHECK_NO_SUBSTR(msg, "Jamie");
    CHECK_NO_SUBSTR(msg, "Morgan");
    CHECK_NO_SUBSTR(msg, "Alexander");
    fprintf(stderr, "   error: \"%s\"\n", msg);
}

static void test_issue_scenario(void) {
    mend_db *db, *anon;
    int64_t admin = 0, jamie = 0, alex = 0, couple = 0, kase = 0, dup = 0;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields cf = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    mend_client* c = NULL;
    mend_couple* cp = NULL;
    mend_case* k = NULL;
    char today[11], local_today[11];
    SECTION("the issue's scenario");

    db = t_fresh_practice(&admin);

    f.external_id = "ehr-1001";
    f.given_name = "Jamie";
    f.family_name = "Morgan";
    f.pronouns = "she/her";
    f.date_of_birth = "1984-03-09";
    REQUIRE_OK(mend_client_create(&jamie, db, &f));
    f.external_id = "ehr-1002";
    f.given_name = "Alexander";
    f.family_name = "Morgan";
    f.preferred_name = "Alex";
    f.pronouns = "he/him";
    f.date_of_birth = NULL;
    REQUIRE_OK(mend_client_create(&alex, db, &f));
    CHECK(jamie > 0 && alex > 0 && jamie != alex);

    cf.client_a_id = jamie;
    cf.client_b_id = alex;
    cf.secrets_policy = "confidential";
    cf.children_in_household = 2;
    cf.relationship_start = "2012-06-30";
    cf.external_id = "cpl-2001";
    REQUIRE_OK(mend_couple_create(&couple, db, &cf));

    kf.kind = "conjoint";
    kf.couple_id = couple;
    kf.external_id = "case-3001";
    REQUIRE_OK(mend_case_create(&kase, db, &kf));

    /* Read back. */
    REQUIRE_OK(mend_client_get(&c, db, jamie));
    CHECK_I64(mend_client_id(c), jamie);
    CHECK_STREQ(mend_client_given_name(c), "Jamie");
    CHECK_STREQ(mend_client_family_name(c), "Morgan");
    CHECK_STREQ(mend_client_pronouns(c), "she/her");
    CHECK_STREQ(mend_client_date_of_birth(c), "1984-03-09");
    CHECK_STREQ(mend_client_external_id(c), "ehr-1001");
    CHECK_NULL(mend_client_preferred_name(c));
    mend_client_free(c);
    c = NULL;
    REQUIRE_OK(mend_client_get_external(&c, db, "ehr-1002"));
    CHECK_I64(mend_client_id(c), alex);
    CHECK_STREQ(mend_client_preferred_name(c), "Alex");
    mend_client_free(c);
    c = NULL;

    REQUIRE_OK(mend_couple_get(&cp, db, couple));
    CHECK_I64(mend_couple_client_a_id(cp), jamie);
    CHECK_I64(mend_couple_client_b_id(cp), alex);
    CHECK_STREQ(mend_couple_secrets_policy(cp), "confidential");
    CHECK_STREQ(mend_couple_relationship_status(cp), "together");
    CHECK_STREQ(mend_couple_relationship_start(cp), "2012-06-30");
    CHECK_I64(mend_couple_children_in_household(cp), 2);
    mend_couple_free(cp);

    REQUIRE_OK(mend_case_get(&k, db, kase));
    CHECK_STREQ(mend_case_kind(k), "conjoint");
    CHECK_I64(mend_case_couple_id(k), couple);
    CHECK_I64(mend_case_client_id(k), 0);
    CHECK_I64(mend_case_primary_clinician_id(k), admin);
    CHECK_STREQ(mend_case_status(k), "open");
    CHECK_NULL(mend_case_closed_on(k));
    t_utc_date(today, 0);
    t_local_date(local_today, 0);
    CHECK_NOT_NULL(mend_case_opened_on(k));
    mend_case_free(k);

    /* A NULL handle. */
    c = (mend_client*)&c;
    CHECK_RC(mend_client_get(&c, NULL, jamie), MEND_EINVAL);
    CHECK_NULL(c);
    check_clear(mend_last_errmsg(), "NULL");
    CHECK_RC(mend_client_create(&dup, NULL, &f), MEND_EINVAL);
    check_clear(mend_last_errmsg(), "NULL");

    /* An unknown id. */
    c = (mend_client*)&c;
    CHECK_RC(mend_client_get(&c, db, alex + 1000), MEND_ENOTFOUND);
    CHECK_NULL(c);
    CHECK_I64(mend_errcode(db), MEND_ENOTFOUND);
    check_clear(mend_errmsg(db), "id");
    check_clear(mend_last_errmsg(), "id");
    CHECK_RC(mend_couple_get(&cp, db, couple + 1000), MEND_ENOTFOUND);
    check_clear(mend_errmsg(db), "id");
    CHECK_RC(mend_case_get(&k, db, kase + 1000), MEND_ENOTFOUND);
    check_clear(mend_errmsg(db), "id");

    /* Invalid UTF-8. */
    f.external_id = NULL;
    f.given_name = "Jamie \xC3\x28";
    CHECK_RC(mend_client_create(&dup, db, &f), MEND_EENCODING);
    check_clear(mend_errmsg(db), "UTF-8");

    /* A duplicate external id. */
    f.given_name = "Jamie";
    f.external_id = "ehr-1001";
    CHECK_RC(mend_client_create(&dup, db, &f), MEND_EEXISTS);
    check_clear(mend_errmsg(db), "external_id");
    cf.external_id = "cpl-2001";
    CHECK_RC(mend_couple_create(&dup, db, &cf), MEND_EEXISTS);
    check_clear(mend_errmsg(db), "external_id");
    kf.external_id = "case-3001";
    CHECK_RC(mend_case_create(&dup, db, &kf), MEND_EEXISTS);
    check_clear(mend_errmsg(db), "external_id");
    CHECK_I64(t_count_clients(db, 1), 2);

    /* No actor: a second handle on the same database. */
    anon = t_open();
    c = (mend_client*)&c;
    CHECK_RC(mend_client_get(&c, anon, jamie), MEND_ENOACTOR);
    CHECK_NULL(c);
    check_clear(mend_errmsg(anon), "acting clinician");
    f.external_id = "ehr-9999";
    CHECK_RC(mend_client_create(&dup, anon, &f), MEND_ENOACTOR);
    check_clear(mend_errmsg(anon), "acting clinician");
    CHECK_RC(mend_couple_get(&cp, anon, couple), MEND_ENOACTOR);
    CHECK_RC(mend_case_get(&k, anon, kase), MEND_ENOACTOR);
    mend_close(anon);
    CHECK_I64(t_count_clients(db, 1), 2);
    mend_close(db);
}

static void test_client_calls(void) {
    mend_db* db;
    int64_t admin = 0, id = 0, other = 0;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT, u = MEND_CLIENT_FIELDS_INIT;
    mend_client* c = NULL;
    char *js = NULL, *before = NULL, *after = NULL;
    char today[11];
    SECTION("client calls");

    db = t_fresh_practice(&admin);
    t_utc_date(today, -1); /* yesterday: a birth date valid in every time zone */
    f.external_id = "ext-1";
    f.given_name = "Riley";
    f.family_name = "Chen";
    f.preferred_name = "Ri";
    f.pronouns = "they/them";
    f.date_of_birth = today;
    f.email = "riley.chen@example.org";
    f.phone = "+1 (555) 010-2030";
    REQUIRE_OK(mend_client_create(&id, db, &f));
    REQUIRE_OK(mend_client_get(&c, db, id));
    CHECK_STREQ(mend_client_external_id(c), "ext-1");
    CHECK_STREQ(mend_client_given_name(c), "Riley");
    CHECK_STREQ(mend_client_family_name(c), "Chen");
    CHECK_STREQ(mend_client_preferred_name(c), "Ri");
    CHECK_STREQ(mend_client_pronouns(c), "they/them");
    CHECK_STREQ(mend_client_date_of_birth(c), today);
    CHECK_STREQ(mend_client_email(c), "riley.chen@example.org");
    CHECK_STREQ(mend_client_phone(c), "+1 (555) 010-2030");
    CHECK_I64(mend_client_is_archived(c), 0);
    CHECK_NOT_NULL(mend_client_created_at(c));
    CHECK_STREQ(mend_client_created_at(c), mend_client_updated_at(c));
    CHECK(mend_client_created_at(c) && strlen(mend_client_created_at(c)) == 27 &&
          mend_client_created_at(c)[26] == 'Z');
    REQUIRE_OK(mend_client_to_json(&js, c));
    CHECK_SUBSTR(js, "\"given_name\":\"Riley\"");
    CHECK_SUBSTR(js, "\"email\":\"riley.chen@example.org\"");
    CHECK_SUBSTR(js, "\"archived\":false");
    mend_free(js);
    js = (char*)&js;
    CHECK_RC(mend_client_to_json(NULL, c), MEND_EINVAL);
    CHECK_RC(mend_client_to_json(&js, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    mend_client_free(c);
    c = NULL;

    /* Getters of a NULL record. */
    CHECK_I64(mend_client_id(NULL), 0);
    CHECK_NULL(mend_client_given_name(NULL));
    CHECK_NULL(mend_client_external_id(NULL));
    CHECK_NULL(mend_client_created_at(NULL));
    CHECK_I64(mend_client_is_archived(NULL), 0);
    mend_client_free(NULL);

    /* Update: NULL leaves a field, "" clears an optional one. */
    u.preferred_name = "";
    u.email = "";
    u.phone = "555-0199";
    REQUIRE_OK(mend_client_update(db, id, &u));
    REQUIRE_OK(mend_client_get(&c, db, id));
    CHECK_STREQ(mend_client_given_name(c), "Riley");
    CHECK_STREQ(mend_client_family_name(c), "Chen");
    CHECK_NULL(mend_client_preferred_name(c));
    CHECK_NULL(mend_client_email(c));
    CHECK_STREQ(mend_client_phone(c), "555-0199");
    CHECK_STREQ(mend_client_pronouns(c), "they/them");
    CHECK_STREQ(mend_client_date_of_birth(c), today);
    CHECK_STREQ(mend_client_external_id(c), "ext-1");
    CHECK(strcmp(mend_client_updated_at(c), mend_client_created_at(c)) >= 0);
    mend_client_free(c);
    c = NULL;
    /* Required fields cannot be cleared. */
    memset(&u, 0, sizeof u);
    u.version = MEND_CLIENT_FIELDS_VERSION;
    u.given_name = "";
    CHECK_RC(mend_client_update(db, id, &u), MEND_EINVAL);
    u.given_name = NULL;
    u.family_name = " \t ";
    CHECK_RC(mend_client_update(db, id, &u), MEND_EINVAL);
    /* The external id can move, be cleared, and be taken by another then. */
    u.family_name = NULL;
    u.external_id = "ext-1b";
    REQUIRE_OK(mend_client_update(db, id, &u));
    CHECK_RC(mend_client_get_external(&c, db, "ext-1"), MEND_ENOTFOUND);
    REQUIRE_OK(mend_client_get_external(&c, db, "ext-1b"));
    CHECK_I64(mend_client_id(c), id);
    mend_client_free(c);
    c = NULL;
    u.external_id = "";
    REQUIRE_OK(mend_client_update(db, id, &u));
    other = t_client(db, "Other", "Person", "ext-1b");
    CHECK(other > id);
    /* An empty update changes nothing but is fine. */
    memset(&u, 0, sizeof u);
    u.version = MEND_CLIENT_FIELDS_VERSION;
    REQUIRE_OK(mend_client_update(db, id, &u));
    /* Taking another client's external id is refused; re-setting one's own is fine. */
    u.external_id = "ext-1b";
    CHECK_RC(mend_client_update(db, id, &u), MEND_EEXISTS);
    REQUIRE_OK(mend_client_update(db, other, &u));

    /* get_external's own errors. */
    CHECK_RC(mend_client_get_external(&c, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_client_get_external(&c, db, ""), MEND_EINVAL);
    CHECK_RC(mend_client_get_external(&c, db, "\xC0\xAF"), MEND_EENCODING);
    CHECK_RC(mend_client_get_external(NULL, db, "ext-1b"), MEND_EINVAL);
    CHECK_RC(mend_client_get_external(&c, NULL, "ext-1b"), MEND_EINVAL);
    CHECK_RC(mend_client_get_external(&c, db, "no-such"), MEND_ENOTFOUND);
    CHECK_NULL(c);

    /* Archive: never deleted; archived records refuse changes; idempotent. */
    before = t_client_json(db, id);
    REQUIRE_OK(mend_client_archive(db, id));
    REQUIRE_OK(mend_client_get(&c, db, id));
    CHECK_I64(mend_client_is_archived(c), 1);
    CHECK_STREQ(mend_client_given_name(c), "Riley");
    mend_client_free(c);
    c = NULL;
    after = t_client_json(db, id);
    CHECK_SUBSTR(after, "\"archived\":true");
    CHECK_OK(mend_client_archive(db, id));
    memset(&u, 0, sizeof u);
    u.version = MEND_CLIENT_FIELDS_VERSION;
    u.pronouns = "she/her";
    CHECK_RC(mend_client_update(db, id, &u), MEND_ESTATE);
    CHECK_RC(mend_client_archive(db, 0), MEND_ENOTFOUND);
    CHECK_RC(mend_client_archive(NULL, id), MEND_EINVAL);
    free(before);
    free(after);
    mend_close(db);
}

/* Text that must come back byte for byte. */
static void test_unicode(void) {
    static const char* names[][2] = {
        {"Zo\xC3\xAB", "\xC3\x98"
                       "deg\xC3\xA5rd"},              /* Zoë Ødegård */
        {"\xE7\x8E\x8B\xE8\x8A\xB3", "\xE7\x8E\x8B"}, /* 王芳, 王 */
        {"Ana \xF0\x9F\x8C\xB1", "\xF0\x9F\x98\x80\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"},
        {"Jose\xCC\x81", "Nu\xC3\xB1"
                         "ez"},                                           /* decomposed é, ñ */
        {"\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "\xD8\xB9\xD9\x84\xD9\x8A"}, /* Анна, علي */
        {"\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF"},                             /* U+FFFD, U+10FFFF */
    };
    mend_db* db;
    int64_t admin = 0, ids[6];
    size_t i;
    char big[201];
    SECTION("Unicode round trips");

    db = t_fresh_practice(&admin);
    for (i = 0; i < 6; ++i)
        ids[i] = t_client(db, names[i][0], names[i][1], names[i][1]);
    for (i = 0; i < 6; ++i) {
        mend_client* c = NULL;
        char* js = NULL;
        REQUIRE_OK(mend_client_get(&c, db, ids[i]));
        CHECK_STREQ(mend_client_given_name(c), names[i][0]);
        CHECK_STREQ(mend_client_family_name(c), names[i][1]);
        CHECK_OK(mend_client_to_json(&js, c));
        CHECK_SUBSTR(js, names[i][0]);
        mend_free(js);
        mend_client_free(c);
        c = NULL;
        REQUIRE_OK(mend_client_get_external(&c, db, names[i][1]));
        CHECK_I64(mend_client_id(c), ids[i]);
        mend_client_free(c);
    }

    /* 200 bytes is the limit, counted in bytes: 100 two-byte letters fit. */
    for (i = 0; i < 100; ++i)
        memcpy(big + 2 * i, "\xC3\xA9", 2);
    big[200] = '\0';
    {
        int64_t id = 0;
        mend_client* c = NULL;
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        char bigger[202];
        f.given_name = big;
        f.family_name = "Limit";
        REQUIRE_OK(mend_client_create(&id, db, &f));
        REQUIRE_OK(mend_client_get(&c, db, id));
        CHECK_STREQ(mend_client_given_name(c), big);
        mend_client_free(c);
        memcpy(bigger, big, 200);
        bigger[200] = 'x';
        bigger[201] = '\0';
        f.given_name = bigger;
        CHECK_RC(mend_client_create(&id, db, &f), MEND_EINVAL);
    }
    mend_close(db);
}

static void test_clinician_calls(void) {
    mend_db* db;
    int64_t admin = 0, x = 0, s = 0;
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    mend_clinician* c = NULL;
    mend_clinician_iter* it = NULL;
    mend_clinician_list_options o = MEND_CLINICIAN_LIST_OPTIONS_INIT;
    char* js = NULL;
    int n, rc;
    int64_t last;
    SECTION("clinician calls");

    db = t_fresh_practice(&admin);
    f.display_name = "Jordan Reyes";
    f.credentials = "LPC, CSAT";
    f.external_id = "staff-reyes";
    REQUIRE_OK(mend_clinician_create(&x, db, &f));
    REQUIRE_OK(mend_clinician_get(&c, db, x));
    CHECK_I64(mend_clinician_id(c), x);
    CHECK_STREQ(mend_clinician_display_name(c), "Jordan Reyes");
    CHECK_STREQ(mend_clinician_credentials(c), "LPC, CSAT");
    CHECK_STREQ(mend_clinician_role(c), "clinician"); /* the default */
    CHECK_STREQ(mend_clinician_external_id(c), "staff-reyes");
    CHECK_I64(mend_clinician_is_archived(c), 0);
    CHECK_NOT_NULL(mend_clinician_created_at(c));
    CHECK_NOT_NULL(mend_clinician_updated_at(c));
    REQUIRE_OK(mend_clinician_to_json(&js, c));
    CHECK_SUBSTR(js, "\"role\":\"clinician\"");
    CHECK_SUBSTR(js, "\"display_name\":\"Jordan Reyes\"");
    mend_free(js);
    mend_clinician_free(c);
    c = NULL;
    CHECK_I64(mend_clinician_id(NULL), 0);
    CHECK_NULL(mend_clinician_role(NULL));
    CHECK_NULL(mend_clinician_display_name(NULL));
    CHECK_RC(mend_clinician_to_json(&js, NULL), MEND_EINVAL);
    mend_clinician_free(NULL);

    f.display_name = "Sam Supervisor";
    f.credentials = NULL;
    f.role = "supervisor";
    f.external_id = NULL;
    REQUIRE_OK(mend_clinician_create(&s, db, &f));
    REQUIRE_OK(mend_clinician_get(&c, db, s));
    CHECK_STREQ(mend_clinician_role(c), "supervisor");
    CHECK_NULL(mend_clinician_credentials(c));
    CHECK_NULL(mend_clinician_external_id(c));
    mend_clinician_free(c);
    c = NULL;

    /* Errors. */
    CHECK_RC(mend_clinician_create(NULL, db, &f), MEND_EINVAL);
    CHECK_RC(mend_clinician_create(&x, db, NULL), MEND_EINVAL);
    f.role = "superuser";
    CHECK_RC(mend_clinician_create(&x, db, &f), MEND_EINVAL);
    f.role = NULL;
    f.display_name = NULL;
    CHECK_RC(mend_clinician_create(&x, db, &f), MEND_EINVAL);
    f.display_name = "Dup";
    f.external_id = "staff-reyes";
    CHECK_RC(mend_clinician_create(&x, db, &f), MEND_EEXISTS);
    CHECK_RC(mend_clinician_get(&c, db, 424242), MEND_ENOTFOUND);
    CHECK_RC(mend_clinician_get(NULL, db, admin), MEND_EINVAL);
    CHECK_RC(mend_clinician_get_external(&c, db, "nobody"), MEND_ENOTFOUND);
    CHECK_RC(mend_clinician_get_external(&c, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_clinician_update(db, 424242, &f), MEND_ENOTFOUND);
    CHECK_RC(mend_clinician_archive(db, 424242), MEND_ENOTFOUND);
    REQUIRE_OK(mend_clinician_get_external(&c, db, "staff-reyes"));
    x = mend_clinician_id(c);
    mend_clinician_free(c);
    c = NULL;

    /* Update: NULL leaves, "" clears credentials. */
    memset(&f, 0, sizeof f);
    f.version = MEND_CLINICIAN_FIELDS_VERSION;
    f.credentials = "";
    f.display_name = "Jordan A. Reyes";
    REQUIRE_OK(mend_clinician_update(db, x, &f));
    REQUIRE_OK(mend_clinician_get(&c, db, x));
    CHECK_STREQ(mend_clinician_display_name(c), "Jordan A. Reyes");
    CHECK_NULL(mend_clinician_credentials(c));
    CHECK_STREQ(mend_clinician_role(c), "clinician");
    CHECK_STREQ(mend_clinician_external_id(c), "staff-reyes");
    mend_clinician_free(c);
    c = NULL;
    f.display_name = "";
    CHECK_RC(mend_clinician_update(db, x, &f), MEND_EINVAL);

    /* The last admin stays an admin and active. */
    memset(&f, 0, sizeof f);
    f.version = MEND_CLINICIAN_FIELDS_VERSION;
    f.role = "clinician";
    CHECK_RC(mend_clinician_update(db, admin, &f), MEND_ESTATE);
    CHECK_RC(mend_clinician_archive(db, admin), MEND_ESTATE);
    f.role = "admin";
    REQUIRE_OK(mend_clinician_update(db, s, &f)); /* now two admins */
    f.role = "supervisor";
    CHECK_OK(mend_clinician_update(db, s, &f));
    CHECK_RC(mend_clinician_archive(db, admin), MEND_ESTATE);

    /* Archive a clinician: listed only with include_archived. */
    REQUIRE_OK(mend_clinician_archive(db, x));
    CHECK_OK(mend_clinician_archive(db, x));
    CHECK_RC(mend_clinician_update(db, x, &f), MEND_ESTATE);
    REQUIRE_OK(mend_clinician_get(&c, db, x));
    CHECK_I64(mend_clinician_is_archived(c), 1);
    mend_clinician_free(c);
    c = NULL;

    for (o.include_archived = 0; o.include_archived <= 1; ++o.include_archived) {
        REQUIRE_OK(mend_clinician_iter_new(&it, db, &o));
        n = 0;
        last = 0;
        while ((rc = mend_clinician_iter_next(&c, it)) == MEND_OK) {
            CHECK(mend_clinician_id(c) > last);
            last = mend_clinician_id(c);
            ++n;
            mend_clinician_free(c);
        }
        CHECK_RC(rc, MEND_ITEROVER);
        CHECK_NULL(c);
        CHECK_I64(n, o.include_archived ? 3 : 2);
        mend_clinician_iter_free(it);
    }
    REQUIRE_OK(mend_clinician_iter_new(&it, db, NULL));
    n = 0;
    while (mend_clinician_iter_next(&c, it) == MEND_OK) {
        ++n;
        mend_clinician_free(c);
    }
    CHECK_I64(n, 2);
    mend_clinician_iter_free(it);
    mend_clinician_iter_free(NULL);
    o.version = 0;
    CHECK_RC(mend_clinician_iter_new(&it, db, &o), MEND_EINVAL);
    o.version = 99;
    CHECK_RC(mend_clinician_iter_new(&it, db, &o), MEND_EINVAL);
    CHECK_RC(mend_clinician_iter_new(NULL, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_clinician_iter_new(&it, NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_clinician_iter_next(NULL, it), MEND_EINVAL);
    CHECK_RC(mend_clinician_iter_next(&c, NULL), MEND_EINVAL);
    mend_close(db);
}

static void test_client_iterator(void) {
    mend_db* db;
    int64_t admin = 0, ids[250];
    mend_client_iter* it = NULL;
    mend_client* c = NULL;
    mend_client_list_options o = MEND_CLIENT_LIST_OPTIONS_INIT;
    int i, n, rc, ordered;
    int64_t last;
    SECTION("client iterator across pages");

    db = t_fresh_practice(&admin);
    REQUIRE_OK(mend_transaction_begin(db));
    for (i = 0; i < 250; ++i) {
        char given[32];
        snprintf(given, sizeof given, "Client%03d", i);
        ids[i] = t_client(db, given, "Paged", NULL);
    }
    REQUIRE_OK(mend_transaction_commit(db));

    REQUIRE_OK(mend_client_iter_new(&it, db, &o));
    n = 0;
    last = 0;
    ordered = 1;
    while ((rc = mend_client_iter_next(&c, it)) == MEND_OK) {
        if (mend_client_id(c) <= last) ordered = 0;
        if (n < 250 && mend_client_id(c) != ids[n]) ordered = 0;
        last = mend_client_id(c);
        ++n;
        mend_client_free(c);
    }
    CHECK_RC(rc, MEND_ITEROVER);
    CHECK_I64(n, 250);
    CHECK(ordered);
    /* Past the end it stays over. */
    CHECK_RC(mend_client_iter_next(&c, it), MEND_ITEROVER);
    CHECK_NULL(c);
    mend_client_iter_free(it);

    /* Archive 50: 200 left (exactly two pages), 250 with include_archived. */
    REQUIRE_OK(mend_transaction_begin(db));
    for (i = 0; i < 250; i += 5)
        REQUIRE_OK(mend_client_archive(db, ids[i]));
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK_I64(t_count_clients(db, 0), 200);
    CHECK_I64(t_count_clients(db, 1), 250);
    REQUIRE_OK(mend_client_iter_new(&it, db, NULL));
    n = 0;
    while (mend_client_iter_next(&c, it) == MEND_OK) {
        CHECK_I64(mend_client_is_archived(c), 0);
        ++n;
        mend_client_free(c);
    }
    CHECK_I64(n, 200);
    mend_client_iter_free(it);

    /* Argument errors. */
    o.version = 0;
    CHECK_RC(mend_client_iter_new(&it, db, &o), MEND_EINVAL);
    o.version = 99;
    CHECK_RC(mend_client_iter_new(&it, db, &o), MEND_EINVAL);
    CHECK_RC(mend_client_iter_new(NULL, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_client_iter_new(&it, NULL, NULL), MEND_EINVAL);
    CHECK_RC(mend_client_iter_next(&c, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_client_iter_new(&it, db, NULL));
    CHECK_RC(mend_client_iter_next(NULL, it), MEND_EINVAL);
    mend_client_iter_free(it);
    mend_client_iter_free(NULL);
    mend_close(db);
}

int main(int argc, char** argv) {
    where = t_location(argc, argv, "capi_clients.db");
    test_issue_scenario();
    test_client_calls();
    test_unicode();
    test_clinician_calls();
    test_client_iterator();
    return t_finish();
}
