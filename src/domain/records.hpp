// The records of a practice: clinicians, clients, couples and cases.
// Plain values; the rules that keep them valid live in rules.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mend {

using Id = std::int64_t;
using Text = std::optional<std::string>;

struct Clinician {
    Id id = 0;
    std::string display_name;
    Text credentials;
    std::string role = "clinician"; // clinician | supervisor | admin
    Text external_id;
    bool archived = false;
    std::string created_at, updated_at;
    Text npi; // the National Provider Identifier (10 digits, Luhn-checked)

    bool sees_everything() const { return role == "supervisor" || role == "admin"; }
};

struct Client {
    Id id = 0;
    Text external_id;
    std::string given_name, family_name;
    Text preferred_name, pronouns, date_of_birth, email, phone;
    bool archived = false;
    Id created_by = 0;
    std::string created_at, updated_at;

    // The name the clinician uses: the preferred name, else the given name.
    std::string known_as() const { return preferred_name ? *preferred_name : given_name; }
    std::string full_name() const { return known_as() + " " + family_name; }
};

struct Couple {
    Id id = 0;
    Id client_a_id = 0, client_b_id = 0;
    std::string relationship_status = "together"; // together | separated | ended
    Text relationship_start;
    std::optional<int> children_in_household;
    std::string secrets_policy; // no_secrets | confidential | limited_secrets
    Text external_id;
    bool archived = false;
    Id created_by = 0;
    std::string created_at, updated_at;

    bool has_partner(Id client) const { return client_a_id == client || client_b_id == client; }
};

struct Case {
    Id id = 0;
    std::string kind; // individual | conjoint
    Id client_id = 0; // individual cases
    Id couple_id = 0; // conjoint cases
    Id primary_clinician_id = 0;
    std::string opened_on;
    Text closed_on;
    std::string status = "open"; // open | on_hold | closed
    Id linked_case_id = 0;       // an individual case's conjoint case
    Text external_id;
    bool archived = false;
    Id created_by = 0;
    std::string created_at, updated_at;

    bool individual() const { return kind == "individual"; }
};

// A change to a text field: nullopt leaves it, "" clears it (optional fields).
using Change = std::optional<std::string>;

struct ClinicianPatch {
    Change display_name, credentials, role, external_id, npi;
};

struct ClientPatch {
    Change external_id, given_name, family_name, preferred_name, pronouns, date_of_birth, email,
        phone;
};

struct CouplePatch {
    Id client_a_id = 0, client_b_id = 0; // create only
    Change relationship_status, relationship_start;
    std::optional<int> children_in_household;
    Change secrets_policy, external_id;
};

struct CasePatch {
    Change kind;                     // create only
    Id client_id = 0, couple_id = 0; // create only
    Id primary_clinician_id = 0;     // 0 leaves it
    Change opened_on, closed_on, status, external_id;
    std::optional<Id> linked_case_id; // 0 clears
};

} // namespace mend
