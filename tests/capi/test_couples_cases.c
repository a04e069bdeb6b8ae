/*
 * Couples and cases through the C API: every call's happy path, the update
 * conventions (NULL / -1 / 0 leave a field, "" and -1 clear), the case's
 * status and closing date moving together, links between individual and
 * conjoint cases, and the iterators' filters.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mend_couple* get_couple(mend_db* db, int64_t id) {
    mend_couple* c = NULL;
    REQUIRE_OK(mend_couple_get(&c, db, id));
    return c;
}

static mend_case* get_case(mend_db* db, int64_t id) {
    mend_case* c = NULL;
    REQUIRE_OK(mend_case_get(&c, db, id));
    return c;
}

static int count_couples(mend_db* db, int include_archived, int64_t client_id) {
    mend_couple_list_options o = MEND_COUPLE_LIST_OPTIONS_INIT;
    mend_couple_iter* it = NULL;
    mend_couple* c = NULL;
    int n = 0, rc;
    int64_t last = 0;
    o.include_archived = include_archived;
    o.client_id = client_id;
    if (mend_couple_iter_new(&it, db, &o) != MEND_OK) return -1;
    while ((rc = mend_couple_iter_next(&c, it)) == MEND_OK) {
        CHECK(mend_couple_id(c) > last);
        if (client_id)
            CHECK(mend_couple_client_a_id(c) == client_id ||
                  mend_couple_client_b_id(c) == client_id);
        last = mend_couple_id(c);
        ++n;
        mend_couple_free(c);
    }
    mend_couple_iter_free(it);
    return rc == MEND_ITEROVER ? n : -1;
}

static int count_cases(mend_db* db, int include_archived, int64_t client_id, int64_t couple_id,
                       int64_t clinician_id) {
    mend_case_list_options o = MEND_CASE_LIST_OPTIONS_INIT;
    mend_case_iter* it = NULL;
    mend_case* c = NULL;
    int n = 0, rc;
    int64_t last = 0;
    o.include_archived = include_archived;
    o.client_id = client_id;
    o.couple_id = couple_id;
    o.clinician_id = clinician_id;
    if (mend_case_iter_new(&it, db, &o) != MEND_OK) return -1;
    while ((rc = mend_case_iter_next(&c, it)) == MEND_OK) {
        CHECK(mend_case_id(c) > last);
        if (couple_id) CHECK_I64(mend_case_couple_id(c), couple_id);
        if (clinician_id) CHECK_I64(mend_case_primary_clinician_id(c), clinician_id);
        if (!include_archived) CHECK_I64(mend_case_is_archived(c), 0);
        last = mend_case_id(c);
        ++n;
        mend_case_free(c);
    }
    mend_case_iter_free(it);
    return rc == MEND_ITEROVER ? n : -1;
}

static void test_couples(void) {
    mend_db* db;
    int64_t admin = 0, a, b, c3, archived_client, id = 0, id2 = 0;
    mend_couple_fields f = MEND_COUPLE_FIELDS_INIT, u;
    mend_couple* cp;
    char* js = NULL;
    SECTION("couples");

    db = t_fresh_practice(&admin);
    a = t_client(db, "Taylor", "Brooks", NULL);
    b = t_client(db, "Morgan", "Brooks", NULL);
    c3 = t_client(db, "Casey", "Third", NULL);
    archived_client = t_client(db, "Gone", "Away", NULL);
    REQUIRE_OK(mend_client_archive(db, archived_client));

    /* Minimal: defaults and unset fields. */
    f.client_a_id = a;
    f.client_b_id = b;
    f.secrets_policy = "no_secrets";
    REQUIRE_OK(mend_couple_create(&id, db, &f));
    cp = get_couple(db, id);
    CHECK_I64(mend_couple_id(cp), id);
    CHECK_STREQ(mend_couple_relationship_status(cp), "together");
    CHECK_NULL(mend_couple_relationship_start(cp));
    CHECK_I64(mend_couple_children_in_household(cp), -1);
    CHECK_STREQ(mend_couple_secrets_policy(cp), "no_secrets");
    CHECK_NULL(mend_couple_external_id(cp));
    CHECK_I64(mend_couple_is_archived(cp), 0);
    CHECK_NOT_NULL(mend_couple_created_at(cp));
    CHECK_NOT_NULL(mend_couple_updated_at(cp));
    REQUIRE_OK(mend_couple_to_json(&js, cp));
    CHECK_SUBSTR(js, "\"children_in_household\":null");
    CHECK_SUBSTR(js, "\"relationship_start\":null");
    CHECK_SUBSTR(js, "\"secrets_policy\":\"no_secrets\"");
    mend_free(js);
    mend_couple_free(cp);

    /* Every field; a client may be in more than one couple. */
    f.client_a_id = c3;
    f.client_b_id = a;
    f.relationship_status = "separated";
    f.relationship_start = "2001-02-03";
    f.children_in_household = 0;
    f.secrets_policy = "limited_secrets";
    f.external_id = "cpl-x";
    REQUIRE_OK(mend_couple_create(&id2, db, &f));
    cp = get_couple(db, id2);
    CHECK_STREQ(mend_couple_relationship_status(cp), "separated");
    CHECK_STREQ(mend_couple_relationship_start(cp), "2001-02-03");
    CHECK_I64(mend_couple_children_in_household(cp), 0);
    CHECK_STREQ(mend_couple_secrets_policy(cp), "limited_secrets");
    CHECK_STREQ(mend_couple_external_id(cp), "cpl-x");
    mend_couple_free(cp);
    cp = NULL;
    REQUIRE_OK(mend_couple_get_external(&cp, db, "cpl-x"));
    CHECK_I64(mend_couple_id(cp), id2);
    mend_couple_free(cp);
    cp = NULL;
    CHECK_RC(mend_couple_get_external(&cp, db, "cpl-none"), MEND_ENOTFOUND);
    CHECK_RC(mend_couple_get_external(&cp, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_couple_get_external(&cp, db, "\xED\xA0\x80"), MEND_EENCODING);
    CHECK_NULL(cp);

    /* Creation errors. */
    f.external_id = NULL;
    f.client_b_id = c3;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL); /* the same client twice */
    f.client_b_id = 0;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.client_b_id = 987654;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_ENOTFOUND);
    f.client_b_id = archived_client;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_ESTATE);
    f.client_b_id = b;
    f.secrets_policy = NULL;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.secrets_policy = "";
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.secrets_policy = "some_secrets";
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.secrets_policy = "confidential";
    f.relationship_status = "married";
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.relationship_status = "ended";
    f.children_in_household = 31;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.children_in_household = -2;
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.children_in_household = 30;
    f.relationship_start = "1899-12-31";
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.relationship_start = "2001-02-30";
    CHECK_RC(mend_couple_create(&id, db, &f), MEND_EINVAL);
    f.relationship_start = "1900-01-01";
    CHECK_RC(mend_couple_create(NULL, db, &f), MEND_EINVAL);
    CHECK_RC(mend_couple_create(&id, db, NULL), MEND_EINVAL);
    CHECK_I64(count_couples(db, 1, 0), 2);
    REQUIRE_OK(mend_couple_create(&id, db, &f)); /* the limits themselves are fine */
    cp = get_couple(db, id);
    CHECK_I64(mend_couple_children_in_household(cp), 30);
    CHECK_STREQ(mend_couple_relationship_start(cp), "1900-01-01");
    CHECK_STREQ(mend_couple_relationship_status(cp), "ended");
    mend_couple_free(cp);
    REQUIRE_OK(mend_couple_archive(db, id));

    /* Update conventions: NULL and -1 leave, "" clears. */
    u = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    u.relationship_status = "ended";
    u.relationship_start = "";
    REQUIRE_OK(mend_couple_update(db, id2, &u));
    cp = get_couple(db, id2);
    CHECK_STREQ(mend_couple_relationship_status(cp), "ended");
    CHECK_NULL(mend_couple_relationship_start(cp));
    CHECK_I64(mend_couple_children_in_household(cp), 0);
    CHECK_STREQ(mend_couple_secrets_policy(cp), "limited_secrets");
    CHECK_STREQ(mend_couple_external_id(cp), "cpl-x");
    mend_couple_free(cp);
    u = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    u.children_in_household = 4;
    u.secrets_policy = "confidential";
    u.external_id = "";
    REQUIRE_OK(mend_couple_update(db, id2, &u));
    cp = get_couple(db, id2);
    CHECK_I64(mend_couple_children_in_household(cp), 4);
    CHECK_STREQ(mend_couple_secrets_policy(cp), "confidential");
    CHECK_NULL(mend_couple_external_id(cp));
    CHECK_STREQ(mend_couple_relationship_status(cp), "ended");
    mend_couple_free(cp);
    /* Partners are fixed; naming the same ones is fine. */
    u = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    u.client_a_id = b;
    CHECK_RC(mend_couple_update(db, id2, &u), MEND_EINVAL);
    u.client_a_id = c3;
    u.client_b_id = a;
    CHECK_OK(mend_couple_update(db, id2, &u));
    u = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    u.secrets_policy = "";
    CHECK_RC(mend_couple_update(db, id2, &u), MEND_EINVAL);
    CHECK_RC(mend_couple_update(db, 987654, &u), MEND_ENOTFOUND);
    CHECK_RC(mend_couple_update(db, id2, NULL), MEND_EINVAL);

    /* Archived couples refuse updates; archiving twice is fine. */
    u = (mend_couple_fields)MEND_COUPLE_FIELDS_INIT;
    u.relationship_status = "together";
    CHECK_RC(mend_couple_update(db, id, &u), MEND_ESTATE);
    CHECK_OK(mend_couple_archive(db, id));
    CHECK_RC(mend_couple_archive(db, 987654), MEND_ENOTFOUND);

    /* Listing. */
    CHECK_I64(count_couples(db, 0, 0), 2);
    CHECK_I64(count_couples(db, 1, 0), 3);
    CHECK_I64(count_couples(db, 0, a), 2);
    CHECK_I64(count_couples(db, 0, b), 1);
    CHECK_I64(count_couples(db, 1, c3), 2);
    CHECK_I64(count_couples(db, 0, c3), 1);
    CHECK_I64(count_couples(db, 0, 987654), 0);
    {
        mend_couple_list_options o = MEND_COUPLE_LIST_OPTIONS_INIT;
        mend_couple_iter* it = NULL;
        o.client_id = -1;
        CHECK_RC(mend_couple_iter_new(&it, db, &o) == MEND_OK ? mend_couple_iter_next(&cp, it)
                                                              : MEND_EINVAL,
                 MEND_EINVAL);
        mend_couple_iter_free(it);
        it = NULL;
        o.client_id = 0;
        o.version = 0;
        CHECK_RC(mend_couple_iter_new(&it, db, &o), MEND_EINVAL);
        o.version = 2;
        CHECK_RC(mend_couple_iter_new(&it, db, &o), MEND_EINVAL);
        CHECK_RC(mend_couple_iter_new(NULL, db, NULL), MEND_EINVAL);
        REQUIRE_OK(mend_couple_iter_new(&it, db, NULL));
        CHECK_RC(mend_couple_iter_next(NULL, it), MEND_EINVAL);
        mend_couple_iter_free(it);
        CHECK_RC(mend_couple_iter_next(&cp, NULL), MEND_EINVAL);
        mend_couple_iter_free(NULL);
    }

    /* Getters of a NULL record. */
    CHECK_I64(mend_couple_id(NULL), 0);
    CHECK_I64(mend_couple_children_in_household(NULL), -1);
    CHECK_NULL(mend_couple_secrets_policy(NULL));
    CHECK_I64(mend_couple_is_archived(NULL), 0);
    CHECK_RC(mend_couple_to_json(&js, NULL), MEND_EINVAL);
    mend_couple_free(NULL);
    mend_close(db);
}

static void test_cases(void) {
    mend_db* db;
    int64_t admin = 0, clin, gone, a, b, c3, other_a, other_b, couple, couple2, conj, conj2;
    int64_t ind_a = 0, ind_b = 0, ind_c3 = 0, id = 0, archived_client;
    mend_case_fields f = MEND_CASE_FIELDS_INIT, u;
    mend_case* k;
    char* js = NULL;
    char ahead[11], too_far[11];
    SECTION("cases");

    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Case Clinician", "clinician", NULL);
    gone = t_clinician(db, "Gone Clinician", "clinician", NULL);
    REQUIRE_OK(mend_clinician_archive(db, gone));
    a = t_client(db, "Jamie", "Morgan", NULL);
    b = t_client(db, "Alex", "Morgan", NULL);
    c3 = t_client(db, "Riley", "Chen", NULL);
    other_a = t_client(db, "Sam", "Haddad", NULL);
    other_b = t_client(db, "Chris", "Adeyemi", NULL);
    archived_client = t_client(db, "Archived", "Client", NULL);
    REQUIRE_OK(mend_client_archive(db, archived_client));
    couple = t_couple(db, a, b, "confidential");
    couple2 = t_couple(db, other_a, other_b, "no_secrets");

    /* A conjoint case with every field. */
    f.kind = "conjoint";
    f.couple_id = couple;
    f.primary_clinician_id = clin;
    f.opened_on = "2025-01-15";
    f.external_id = "case-conj";
    REQUIRE_OK(mend_case_create(&conj, db, &f));
    k = get_case(db, conj);
    CHECK_I64(mend_case_id(k), conj);
    CHECK_STREQ(mend_case_kind(k), "conjoint");
    CHECK_I64(mend_case_couple_id(k), couple);
    CHECK_I64(mend_case_client_id(k), 0);
    CHECK_I64(mend_case_primary_clinician_id(k), clin);
    CHECK_STREQ(mend_case_opened_on(k), "2025-01-15");
    CHECK_NULL(mend_case_closed_on(k));
    CHECK_STREQ(mend_case_status(k), "open");
    CHECK_I64(mend_case_linked_case_id(k), 0);
    CHECK_STREQ(mend_case_external_id(k), "case-conj");
    CHECK_I64(mend_case_is_archived(k), 0);
    CHECK_NOT_NULL(mend_case_created_at(k));
    CHECK_NOT_NULL(mend_case_updated_at(k));
    REQUIRE_OK(mend_case_to_json(&js, k));
    CHECK_SUBSTR(js, "\"kind\":\"conjoint\"");
    CHECK_SUBSTR(js, "\"client_id\":null");
    CHECK_SUBSTR(js, "\"closed_on\":null");
    CHECK_SUBSTR(js, "\"linked_case_id\":null");
    mend_free(js);
    mend_case_free(k);
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "conjoint";
    f.couple_id = couple2;
    REQUIRE_OK(mend_case_create(&conj2, db, &f));

    /* Individual cases linked to the couple's conjoint case. */
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "individual";
    f.client_id = a;
    f.linked_case_id = conj;
    REQUIRE_OK(mend_case_create(&ind_a, db, &f));
    k = get_case(db, ind_a);
    CHECK_I64(mend_case_client_id(k), a);
    CHECK_I64(mend_case_couple_id(k), 0);
    CHECK_I64(mend_case_linked_case_id(k), conj);
    CHECK_I64(mend_case_primary_clinician_id(k), admin); /* defaults to the actor */
    CHECK_NOT_NULL(mend_case_opened_on(k));
    CHECK_STREQ(mend_case_status(k), "open");
    mend_case_free(k);
    f.client_id = b;
    f.linked_case_id = 0;
    REQUIRE_OK(mend_case_create(&ind_b, db, &f));
    f.client_id = c3;
    REQUIRE_OK(mend_case_create(&ind_c3, db, &f));

    /* Link rules. */
    f.client_id = c3;
    f.linked_case_id = conj; /* c3 is not a partner of that couple */
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ECONSTRAINT);
    f.client_id = a;
    f.linked_case_id = ind_b; /* an individual case */
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ECONSTRAINT);
    f.linked_case_id = conj2; /* another couple's */
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ECONSTRAINT);
    f.linked_case_id = 987654;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ENOTFOUND);
    f.linked_case_id = -5;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.linked_case_id = -1; /* "clear" means nothing on create */
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.linked_case_id = conj;
    REQUIRE_OK(mend_case_update(db, ind_b, &u));
    k = get_case(db, ind_b);
    CHECK_I64(mend_case_linked_case_id(k), conj);
    mend_case_free(k);
    u.linked_case_id = -1;
    REQUIRE_OK(mend_case_update(db, ind_b, &u));
    k = get_case(db, ind_b);
    CHECK_I64(mend_case_linked_case_id(k), 0);
    mend_case_free(k);
    u.linked_case_id = ind_b; /* itself */
    CHECK_RC(mend_case_update(db, ind_b, &u), MEND_EINVAL);
    u.linked_case_id = conj;
    CHECK_RC(mend_case_update(db, conj2, &u), MEND_EINVAL); /* conjoint cases link to nothing */

    /* Kind, client and couple are fixed. */
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.kind = "conjoint";
    CHECK_RC(mend_case_update(db, ind_a, &u), MEND_EINVAL);
    u.kind = "individual";
    CHECK_OK(mend_case_update(db, ind_a, &u));
    u.kind = NULL;
    u.client_id = b;
    CHECK_RC(mend_case_update(db, ind_a, &u), MEND_EINVAL);
    u.client_id = 0;
    u.couple_id = couple2;
    CHECK_RC(mend_case_update(db, conj, &u), MEND_EINVAL);

    /* Creation errors. */
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL); /* no kind */
    f.kind = "group";
    f.client_id = a;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.kind = "individual";
    f.couple_id = couple;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.kind = "conjoint";
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.client_id = 0;
    f.couple_id = 0;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.kind = "individual";
    f.client_id = 987654;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ENOTFOUND);
    f.client_id = archived_client;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ESTATE);
    f.client_id = a;
    f.primary_clinician_id = 987654;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ENOTFOUND);
    f.primary_clinician_id = gone;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ESTATE);
    f.primary_clinician_id = 0;
    f.status = "pending";
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.status = NULL;
    f.opened_on = "2025-13-01";
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.opened_on = "1899-12-31";
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    t_utc_date(too_far, 400);
    f.opened_on = too_far;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.opened_on = "2025-03-10";
    f.closed_on = "2025-03-09";
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    f.closed_on = NULL;
    f.status = "open";
    f.closed_on = "2025-04-01"; /* an open case has no closing date */
    CHECK_RC(mend_case_create(&id, db, &f), MEND_EINVAL);
    CHECK_RC(mend_case_create(NULL, db, &f), MEND_EINVAL);
    CHECK_RC(mend_case_create(&id, db, NULL), MEND_EINVAL);
    CHECK_I64(count_cases(db, 1, 0, 0, 0), 5);

    /* Intake may be booked ahead (up to a year). */
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "individual";
    f.client_id = c3;
    t_utc_date(ahead, 90);
    f.opened_on = ahead;
    REQUIRE_OK(mend_case_create(&id, db, &f));
    REQUIRE_OK(mend_case_archive(db, id));

    /* Created closed: a closing date alone closes it. */
    f.opened_on = "2024-02-29";
    f.closed_on = "2024-12-31";
    REQUIRE_OK(mend_case_create(&id, db, &f));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "closed");
    CHECK_STREQ(mend_case_closed_on(k), "2024-12-31");
    CHECK_STREQ(mend_case_opened_on(k), "2024-02-29");
    mend_case_free(k);

    /* Status and closing date move together. */
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.closed_on = ""; /* reopen by clearing the date */
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "open");
    CHECK_NULL(mend_case_closed_on(k));
    mend_case_free(k);
    u.closed_on = NULL;
    u.status = "closed"; /* closing sets the date */
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "closed");
    CHECK_NOT_NULL(mend_case_closed_on(k));
    mend_case_free(k);
    u.status = "on_hold"; /* pausing clears it */
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "on_hold");
    CHECK_NULL(mend_case_closed_on(k));
    mend_case_free(k);
    u.status = "closed";
    u.closed_on = "2024-06-01";
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "closed");
    CHECK_STREQ(mend_case_closed_on(k), "2024-06-01");
    mend_case_free(k);
    u.status = NULL;
    u.closed_on = "2024-02-28"; /* before opened_on */
    CHECK_RC(mend_case_update(db, id, &u), MEND_EINVAL);
    u.closed_on = NULL;
    u.opened_on = "2024-07-01"; /* now after closed_on */
    CHECK_RC(mend_case_update(db, id, &u), MEND_EINVAL);
    u.opened_on = "";
    CHECK_RC(mend_case_update(db, id, &u), MEND_EINVAL);
    u.opened_on = NULL;
    u.status = "open";
    u.closed_on = "2024-06-02"; /* open with a closing date */
    CHECK_RC(mend_case_update(db, id, &u), MEND_EINVAL);
    u.closed_on = NULL;
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = get_case(db, id);
    CHECK_STREQ(mend_case_status(k), "open");
    CHECK_NULL(mend_case_closed_on(k));
    CHECK_STREQ(mend_case_opened_on(k), "2024-02-29");
    mend_case_free(k);

    /* Lead, external id. */
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.primary_clinician_id = clin;
    u.external_id = "case-moved";
    REQUIRE_OK(mend_case_update(db, id, &u));
    k = NULL;
    REQUIRE_OK(mend_case_get_external(&k, db, "case-moved"));
    CHECK_I64(mend_case_id(k), id);
    CHECK_I64(mend_case_primary_clinician_id(k), clin);
    mend_case_free(k);
    k = NULL;
    u.primary_clinician_id = gone;
    u.external_id = NULL;
    CHECK_RC(mend_case_update(db, id, &u), MEND_ESTATE);
    u.primary_clinician_id = 987654;
    CHECK_RC(mend_case_update(db, id, &u), MEND_ENOTFOUND);
    u.primary_clinician_id = 0;
    u.external_id = "case-conj";
    CHECK_RC(mend_case_update(db, id, &u), MEND_EEXISTS);
    u.external_id = "";
    REQUIRE_OK(mend_case_update(db, id, &u));
    CHECK_RC(mend_case_get_external(&k, db, "case-moved"), MEND_ENOTFOUND);
    CHECK_RC(mend_case_get_external(&k, db, NULL), MEND_EINVAL);
    CHECK_RC(mend_case_get_external(&k, db, "\xC3\x28"), MEND_EENCODING);
    CHECK_NULL(k);
    CHECK_RC(mend_case_update(db, 987654, &u), MEND_ENOTFOUND);
    CHECK_RC(mend_case_update(db, id, NULL), MEND_EINVAL);

    /* Archive. */
    REQUIRE_OK(mend_case_archive(db, id));
    CHECK_OK(mend_case_archive(db, id));
    k = get_case(db, id);
    CHECK_I64(mend_case_is_archived(k), 1);
    mend_case_free(k);
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.status = "on_hold";
    CHECK_RC(mend_case_update(db, id, &u), MEND_ESTATE);
    CHECK_RC(mend_case_archive(db, 987654), MEND_ENOTFOUND);
    /* An archived couple opens no case. */
    REQUIRE_OK(mend_couple_archive(db, couple2));
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "conjoint";
    f.couple_id = couple2;
    CHECK_RC(mend_case_create(&id, db, &f), MEND_ESTATE);

    /* Listing and filters: conj, conj2, ind_a, ind_b, ind_c3 active;
     * two archived (the booked-ahead one and the closed one). */
    CHECK_I64(count_cases(db, 0, 0, 0, 0), 5);
    CHECK_I64(count_cases(db, 1, 0, 0, 0), 7);
    CHECK_I64(count_cases(db, 0, a, 0, 0), 2); /* ind_a, and conj as a partner */
    CHECK_I64(count_cases(db, 0, c3, 0, 0), 1);
    CHECK_I64(count_cases(db, 1, c3, 0, 0), 3);
    CHECK_I64(count_cases(db, 0, 0, couple, 0), 1);
    CHECK_I64(count_cases(db, 0, 0, 0, clin), 1);
    CHECK_I64(count_cases(db, 1, 0, 0, clin), 2);
    CHECK_I64(count_cases(db, 0, 0, 0, admin), 4);
    CHECK_I64(count_cases(db, 0, a, couple, clin), 1);
    {
        mend_case_list_options o = MEND_CASE_LIST_OPTIONS_INIT;
        mend_case_iter* it = NULL;
        int rc;
        o.couple_id = -3;
        rc = mend_case_iter_new(&it, db, &o);
        if (rc == MEND_OK) rc = mend_case_iter_next(&k, it);
        CHECK_I64(rc, MEND_EINVAL);
        mend_case_iter_free(it);
        it = NULL;
        o.couple_id = 0;
        o.version = 0;
        CHECK_RC(mend_case_iter_new(&it, db, &o), MEND_EINVAL);
        o.version = 99;
        CHECK_RC(mend_case_iter_new(&it, db, &o), MEND_EINVAL);
        CHECK_RC(mend_case_iter_new(NULL, db, NULL), MEND_EINVAL);
        CHECK_RC(mend_case_iter_new(&it, NULL, NULL), MEND_EINVAL);
        REQUIRE_OK(mend_case_iter_new(&it, db, NULL));
        CHECK_RC(mend_case_iter_next(NULL, it), MEND_EINVAL);
        mend_case_iter_free(it);
        CHECK_RC(mend_case_iter_next(&k, NULL), MEND_EINVAL);
        mend_case_iter_free(NULL);
    }

    /* Getters of a NULL record. */
    CHECK_I64(mend_case_id(NULL), 0);
    CHECK_NULL(mend_case_kind(NULL));
    CHECK_NULL(mend_case_status(NULL));
    CHECK_NULL(mend_case_opened_on(NULL));
    CHECK_I64(mend_case_linked_case_id(NULL), 0);
    CHECK_I64(mend_case_is_archived(NULL), 0);
    CHECK_RC(mend_case_to_json(&js, NULL), MEND_EINVAL);
    CHECK_RC(mend_case_to_json(NULL, NULL), MEND_EINVAL);
    mend_case_free(NULL);
    (void)ind_c3;
    mend_close(db);
}

/* A clinician leaves (is archived): their cases can still be closed,
 * paused or handed over by a supervisor. */
static void test_departed_lead(void) {
    mend_db* db;
    int64_t admin = 0, gone, stays, a, b, couple, conj, ind;
    mend_case_fields u;
    mend_case* k;
    SECTION("cases of an archived clinician");

    db = t_fresh_practice(&admin);
    gone = t_clinician(db, "Departing Clinician", "clinician", NULL);
    stays = t_clinician(db, "Staying Clinician", "clinician", NULL);
    a = t_client(db, "Left", "Behind", NULL);
    b = t_client(db, "Also", "Behind", NULL);
    couple = t_couple(db, a, b, "no_secrets");
    conj = t_conjoint_case(db, couple, gone);
    ind = t_individual_case(db, a, gone);
    REQUIRE_OK(mend_clinician_archive(db, gone));

    /* Handing over works. */
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.primary_clinician_id = stays;
    CHECK_OK(mend_case_update(db, ind, &u));
    k = get_case(db, ind);
    CHECK_I64(mend_case_primary_clinician_id(k), stays);
    mend_case_free(k);
    /* Closing without handing over: the lead is not being set, so the rule
     * that an archived clinician cannot lead a case does not apply. */
    u = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    u.status = "closed";
    LIBRARY_BUG("updating any field of a case whose lead is archived fails with MEND_ESTATE");
    CHECK_OK(mend_case_update(db, conj, &u));
    k = get_case(db, conj);
    CHECK_STREQ(mend_case_status(k), "closed");
    CHECK_I64(mend_case_primary_clinician_id(k), gone);
    mend_case_free(k);
    /* Archiving works regardless. */
    CHECK_OK(mend_case_archive(db, conj));
    mend_close(db);
}

int main(int argc, char** argv) {
    t_location(argc, argv, "capi_couples_cases.db");
    test_couples();
    test_cases();
    test_departed_lead();
    return t_finish();
}
