/*
 * A host EHR embedding mend through its C API.
 *
 * The EHR has its own identifiers for staff, patients and episodes; it keeps
 * them in mend's external_id fields, so it never needs to store mend's ids.
 * Usage: ehr_host DATABASE   (a SQLite file path or a postgresql:// URL)
 */
#include <mend/mend.h>

#include <stdio.h>
#include <string.h>

/* Report a failed call and stop: a real host would map it to its own errors. */
#define CHECK(db, call)                                                                            \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ < 0) {                                                                             \
            fprintf(stderr, "%s failed: %s (%s)\n", #call,                                         \
                    db ? mend_errmsg(db) : mend_last_errmsg(), mend_errstr(rc_));                  \
            mend_close(db);                                                                        \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static int64_t register_patient(mend_db* db, const char* ehr_id, const char* given,
                                const char* family, const char* dob) {
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    int64_t id = 0;
    f.external_id = ehr_id;
    f.given_name = given;
    f.family_name = family;
    f.date_of_birth = dob;
    if (mend_client_create(&id, db, &f) < 0) return -1;
    return id;
}

int main(int argc, char** argv) {
    mend_db* db = NULL;
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    mend_open_options open_options = MEND_OPEN_OPTIONS_INIT;
    mend_clinician_fields therapist = MEND_CLINICIAN_FIELDS_INIT;
    mend_couple_fields couple = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields conjoint = MEND_CASE_FIELDS_INIT, individual = MEND_CASE_FIELDS_INIT;
    mend_client* patient = NULL;
    mend_case_iter* cases = NULL;
    mend_case* c = NULL;
    int64_t admin_id, therapist_id, a, b, couple_id, conjoint_id, individual_id;
    int rc, n = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s DATABASE\n", argv[0]);
        return 2;
    }
    printf("mend %s (header %s)\n", mend_version(), MEND_VERSION_STRING);
    /* This host sets up its own database on first run, so it asks for
     * creation; without MEND_OPEN_CREATE a missing database is MEND_ENOTFOUND. */
    open_options.flags = MEND_OPEN_CREATE;
    CHECK(db, mend_open(&db, argv[1], &open_options));

    /* First run: the practice's admin is the EHR's system account. */
    admin.display_name = "EHR integration";
    admin.external_id = "ehr-system";
    rc = mend_practice_init(&admin_id, db, "Example Practice", &admin);
    if (rc == MEND_ESTATE)
        CHECK(db, mend_actor_set_external(db, "ehr-system"));
    else
        CHECK(db, rc);

    /* The clinician the EHR authenticated. */
    therapist.display_name = "Dr. Ana Lima";
    therapist.credentials = "PsyD";
    therapist.external_id = "ehr-staff-77";
    rc = mend_clinician_create(&therapist_id, db, &therapist);
    if (rc != MEND_EEXISTS) CHECK(db, rc);

    /* Act as that clinician from here on: everything is authorised and audited as them. */
    CHECK(db, mend_actor_set_external(db, "ehr-staff-77"));
    CHECK(db, mend_actor_id(&therapist_id, db));

    /* Intake in one transaction: both partners, the couple, and their cases. */
    CHECK(db, mend_transaction_begin(db));
    a = register_patient(db, "ehr-pt-501", "Lena", "Vogel", "1984-06-12");
    if (a < 0) {
        printf("patients already registered: %s\n", mend_errstr(mend_errcode(db)));
        CHECK(db, mend_transaction_rollback(db));
    } else {
        b = register_patient(db, "ehr-pt-502", "Tomás", "Vogel", "1982-01-30");
        CHECK(db, b < 0 ? mend_errcode(db) : MEND_OK);
        couple.client_a_id = a;
        couple.client_b_id = b;
        couple.secrets_policy = "confidential";
        couple.children_in_household = 2;
        couple.external_id = "ehr-couple-88";
        CHECK(db, mend_couple_create(&couple_id, db, &couple));
        conjoint.kind = "conjoint";
        conjoint.couple_id = couple_id;
        conjoint.external_id = "ehr-episode-9001";
        CHECK(db, mend_case_create(&conjoint_id, db, &conjoint));
        individual.kind = "individual";
        individual.client_id = a;
        individual.linked_case_id = conjoint_id;
        individual.external_id = "ehr-episode-9002";
        CHECK(db, mend_case_create(&individual_id, db, &individual));
        CHECK(db, mend_transaction_commit(db));
        printf("intake committed: couple %lld, conjoint case %lld, individual case %lld\n",
               (long long)couple_id, (long long)conjoint_id, (long long)individual_id);
    }

    /* Read back by the EHR's own identifier. */
    CHECK(db, mend_client_get_external(&patient, db, "ehr-pt-501"));
    printf("patient ehr-pt-501 is mend client %lld, born %s\n", (long long)mend_client_id(patient),
           mend_client_date_of_birth(patient));
    mend_client_free(patient);

    /* A bad date is refused, and nothing changes. */
    {
        mend_client_fields bad = MEND_CLIENT_FIELDS_INIT;
        int64_t ignored;
        bad.given_name = "X";
        bad.family_name = "Y";
        bad.date_of_birth = "1984-02-30";
        rc = mend_client_create(&ignored, db, &bad);
        printf("bad date of birth: %s: %s\n", mend_errstr(rc), mend_errmsg(db));
    }

    /* The clinician's caseload. */
    CHECK(db, mend_case_iter_new(&cases, db, NULL));
    while ((rc = mend_case_iter_next(&c, cases)) == MEND_OK) {
        printf("case %lld: %s, %s since %s\n", (long long)mend_case_id(c), mend_case_kind(c),
               mend_case_status(c), mend_case_opened_on(c));
        mend_case_free(c);
        ++n;
    }
    mend_case_iter_free(cases);
    CHECK(db, rc == MEND_ITEROVER ? MEND_OK : rc);
    printf("%d cases on this clinician's caseload\n", n);

    mend_close(db);
    return 0;
}
