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
