// SOCI repositories: the only place SQL is written. Every value is bound with
// use(); the only SQL put together at run time joins fixed fragments.
#pragma once

#include "domain/records.hpp"
#include "store/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::store {

// Who is asking, for the visibility filters of lists.
struct Viewer {
    Id clinician_id = 0;
    bool sees_everything = false;
};

struct Page {
    Id after_id = 0;
    int limit = 100;
    bool include_archived = false;
};

// practice
int count_clinicians(Database& db);
void insert_practice(Database& db, const std::string& name, const std::string& now);

// clinicians
Id insert_clinician(Database& db, const Clinician& c);
std::optional<Clinician> find_clinician(Database& db, Id id);
std::optional<Clinician> find_clinician_by_external(Database& db, const std::string& external_id);
void update_clinician(Database& db, const Clinician& c);
std::vector<Clinician> list_clinicians(Database& db, const Page& page);

// clients
Id insert_client(Database& db, const Client& c);
std::optional<Client> find_client(Database& db, Id id);
std::optional<Id> find_client_id_by_external(Database& db, const std::string& external_id);
void update_client(Database& db, const Client& c);
std::vector<Client> list_clients(Database& db, const Viewer& viewer, const Page& page);
bool client_visible(Database& db, Id client_id, Id clinician_id);

// couples
Id insert_couple(Database& db, const Couple& c);
std::optional<Couple> find_couple(Database& db, Id id);
std::optional<Id> find_couple_id_by_external(Database& db, const std::string& external_id);
void update_couple(Database& db, const Couple& c);
std::vector<Couple> list_couples(Database& db, const Viewer& viewer, const Page& page, Id client_id);
bool couple_visible(Database& db, Id couple_id, Id clinician_id);

// cases
struct CaseFilter {
    Id client_id = 0, couple_id = 0, clinician_id = 0;
};
Id insert_case(Database& db, const Case& c);
std::optional<Case> find_case(Database& db, Id id);
std::optional<Id> find_case_id_by_external(Database& db, const std::string& external_id);
void update_case(Database& db, const Case& c);
std::vector<Case> list_cases(Database& db, const Viewer& viewer, const Page& page,
                             const CaseFilter& filter);

// external ids: which table already holds this one (another row than `self`)?
bool external_id_taken(Database& db, const char* table, const std::string& external_id, Id self);

// audit
struct AuditEvent {
    long long seq = 0;
    long long at_us = 0;
    Id actor_id = 0;
    std::string action, object_type;
    Id object_id = 0;
    std::string outcome = "ok";
};
void append_audit(Database& db, AuditEvent event);
std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit);

} // namespace mend::store
