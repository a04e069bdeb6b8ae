// The store suite's fixture: a fresh, empty database for every test case,
// on SQLite (a new file) or PostgreSQL (an emptied public schema), chosen by
// main() from --db DIR|URL or the MEND_TEST_DB environment variable.
#pragma once

#include "practice/practice.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"

#include "../unit/errors.hpp"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mend_test {

using mend::Id;

// Set once by main(): a directory for SQLite files, or a postgresql:// URL.
void set_database_base(const std::string& base);
bool on_postgresql();
// Removes the SQLite files this run made (on success).
void remove_sqlite_files();

// A new, empty database: SQLite gets a new file path (nothing there yet),
// PostgreSQL runs DROP SCHEMA public CASCADE; CREATE SCHEMA public.
std::string fresh_location();

// Raw SQL around mend, on the same database (sqlite3 or libpq).
// raw_exec returns "" on success, else the database's error message.
std::string raw_exec(const std::string& where, const std::string& sql);
long long raw_int(const std::string& where, const std::string& sql);
std::string raw_text(const std::string& where, const std::string& sql);

// MEND_TEST_PG_POOLING=1 (the runs through PgBouncer, tests/support/pgbouncer.sh):
// every handle the suite opens sets OpenOptions::transaction_pooling.
bool behind_pooler();
// `o` with what the run asks of every handle (open_practice applies it).
mend::store::OpenOptions pooled(mend::store::OpenOptions o = {});

// Opens an existing database (never creates one, like every caller without
// MEND_OPEN_CREATE); create_practice() makes it where there is none.
std::unique_ptr<mend::Practice> open_practice(const std::string& where,
                                              const mend::store::OpenOptions& options = {});
std::unique_ptr<mend::Practice> create_practice(const std::string& where);

// A fresh database with a practice set up; the admin is p's actor. Made
// with the host's keys (KeyMap below) it is keyed and, with a wrap key,
// encrypted; handle() then opens it with them too unless told other keys.
using KeyMap = std::map<std::pair<std::string, Id>, mend::KeyBytes>;
struct Fresh {
    std::string where;
    KeyMap keys;
    std::unique_ptr<mend::Practice> p;
    Id admin = 0;

    Fresh();
    explicit Fresh(const KeyMap& host_keys);
    std::unique_ptr<mend::Practice> handle(Id actor, const mend::store::OpenOptions& o = {}) const;

    Id clinician(const std::string& name, const std::string& role = "clinician",
                 const mend::Text& external_id = {});
    Id client(const std::string& given, const std::string& family = "Person",
              const mend::Text& external_id = {});
    Id couple(Id a, Id b, const std::string& policy = "confidential");
    Id conjoint_case(Id couple, Id lead);
    Id individual_case(Id client, Id lead);
};

// What a couples protocol's first gate reads, recorded by the actor of p on
// a conjoint case started on the couples protocol: a safety screen (no IPV,
// no suicide risk) and conjoint consent for each partner.
void screen_and_consent(mend::Practice& p, Id kase, Id a, Id b);
// A transparency agreement on the case, then kept; returns its id.
Id kept_agreement(mend::Practice& p, Id kase);

// Every audit event, oldest first (the actor must see everything).
nlohmann::json all_events(mend::Practice& p);
// How many events match; empty strings and -1 match anything.
int count_events(const nlohmann::json& events, const std::string& action,
                 const std::string& object_type, long long object_id,
                 const std::string& outcome = "", long long actor_id = -1);

// The host's keys: `generations` audit and wrap keys (ids 1..n), fresh and
// random; and open options that hand them to a handle.
KeyMap fresh_keys(int generations = 1);
mend::store::OpenOptions keyed(const KeyMap& keys);

// A session of a case (50 minutes, in person) with these participants.
mend::Session session_of(Id kase, const std::string& starts_at, const std::vector<Id>& participants,
                         const std::string& cpt_code, Id identified_patient = 0);

// Every client the actor sees, through the pages.
std::vector<mend::Client> all_clients(mend::Practice& p, bool include_archived = false);

} // namespace mend_test
