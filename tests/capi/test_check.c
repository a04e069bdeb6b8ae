/*
 * mend_db_verify_json (`mend check`, issue 15): a clean practice verifies; a
 * partner's client row deleted behind mend's back (SQLite: foreign keys off;
 * PostgreSQL: session_replication_role = replica) and a note's content that
 * no longer parses are each named by table, row id and problem kind, with no
 * client data in the output; only an admin checks, and a refusal writes
 * nothing to *out.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* verify(mend_db* db) {
    char* out = NULL;
    REQUIRE_OK(mend_db_verify_json(&out, db));
    REQUIRE_NOT_NULL(out);
    return out;
}

int main(int argc, char** argv) {
    int64_t admin = 0, supervisor, a, b, couple, kase;
    char sql[256], err[256], needle[96];
    char* out = NULL;
    mend_db* db;

    t_location(argc, argv, "capi_check.db");
    db = t_fresh_practice(&admin);
    supervisor = t_clinician(db, "Dr. Sol Supervisor", "supervisor", "SUP-1");
    a = t_client(db, "Ana", "Quist", "A-1");
    b = t_client(db, "Ben", "Quist", "B-1");
    couple = t_couple(db, a, b, "confidential");
    kase = t_conjoint_case(db, couple, admin);
    (void)kase;

    SECTION("a clean practice verifies; an unkeyed chain is information");
    out = verify(db);
    CHECK_SUBSTR(out, "\"ok\":true");
    CHECK_SUBSTR(out, "\"problems\":[]");
    CHECK_SUBSTR(out, "\"reason\":\"not_keyed\"");
    CHECK_SUBSTR(out, "\"clients\":2");
    mend_free(out);

    SECTION("only an admin checks; a refusal leaves *out NULL");
    REQUIRE_OK(mend_actor_set(db, supervisor));
    out = (char*)"untouched";
    CHECK_RC(mend_db_verify_json(&out, db), MEND_EDENIED);
    CHECK_NULL(out);
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_RC(mend_db_verify_json(NULL, db), MEND_EINVAL);
    CHECK_RC(mend_db_verify_json(&out, NULL), MEND_EINVAL);

    SECTION("a partner's row deleted behind mend's back is named");
    mend_close(db);
    snprintf(sql, sizeof sql,
             t_is_pg()
                 ? "SET session_replication_role = replica; DELETE FROM client WHERE id = %lld"
                 : "PRAGMA foreign_keys = OFF; DELETE FROM client WHERE id = %lld",
             (long long)b);
    REQUIRE(t_raw_exec(sql, err, sizeof err) == 0);
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    out = verify(db);
    CHECK_SUBSTR(out, "\"ok\":false");
    snprintf(needle, sizeof needle,
             "{\"id\":%lld,\"problem\":\"partner_missing\",\"table\":\"couple\"}",
             (long long)couple);
    CHECK_SUBSTR(out, needle);
    CHECK_NO_SUBSTR(out, "Quist"); /* no client data */
    CHECK_NO_SUBSTR(out, "Ana");
    mend_free(out);
    mend_close(db);
    return t_finish();
}
