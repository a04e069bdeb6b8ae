// Stored protocol records: which protocol a case follows, its phase history,
// clinician attestations, treatment-plan versions, agreements.
#pragma once

#include "domain/records.hpp"

#include <string>

namespace mend::protocol {

struct CaseProtocol {
    Id case_id = 0;
    std::string code;
    int version = 0;
    Id betrayed_client_id = 0; // 0: not recorded
    std::string started_on, created_at, updated_at;
};

struct PhaseEntry {
    Id id = 0, case_id = 0, actor_id = 0;
    std::string phase;
    Text from_phase;
    std::string kind; // start | advance | override | back
    std::string entered_on;
    Text rationale, safety_plan, unmet; // unmet: JSON of the criteria an override passed
    Text evaluation; // JSON: the gate's transition evaluation as of entered_on (advance, override)
    std::string created_at;
};

// A change of which partner is the betrayed one. Every gate reads the roles,
// so a change is an event of the record with a rationale; "override" when it
// opened a gate that was closed under the roles before.
struct RoleChange {
    Id id = 0, case_id = 0, actor_id = 0;
    Id betrayed_client_id = 0, previous_client_id = 0; // 0: not recorded
    std::string kind = "roles";                        // roles | override
    std::string changed_on, rationale;
    Text evaluation, opened; // JSON: the evaluation after the change; the gates it opened
    std::string created_at;
};

struct Attestation {
    Id id = 0, case_id = 0, client_id = 0, recorded_by = 0;
    std::string code, value;
    Text effective_on, note;
    std::string recorded_on, created_at;
};

struct PlanVersion {
    Id id = 0, case_id = 0, created_by = 0;
    std::string phase;
    int version = 0;
    std::string plan; // JSON
    Text review_on;
    std::string created_at;
};

struct Agreement {
    Id id = 0, case_id = 0, created_by = 0;
    std::string kind, text, agreed_on;
    Text review_on;
    std::string status = "active"; // active | kept | broken | revised
    std::string created_at, updated_at;
};

struct AgreementEvent {
    Id id = 0, agreement_id = 0, broken_by = 0, actor_id = 0;
    std::string status;
    Text note;
    std::string at;
};

} // namespace mend::protocol
