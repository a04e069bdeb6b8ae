#include "domain/json.hpp"

namespace mend {

namespace {
nlohmann::json opt(const Text& t) {
    return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
}
nlohmann::json opt_id(Id id) {
    return id ? nlohmann::json(id) : nlohmann::json(nullptr);
}
} // namespace

nlohmann::json to_json(const Clinician& c) {
    return {{"id", c.id},
            {"display_name", c.display_name},
            {"credentials", opt(c.credentials)},
            {"role", c.role},
            {"external_id", opt(c.external_id)},
            {"npi", opt(c.npi)},
            {"archived", c.archived},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at}};
}

nlohmann::json to_json(const Client& c) {
    return {{"id", c.id},
            {"external_id", opt(c.external_id)},
            {"given_name", c.given_name},
            {"family_name", c.family_name},
            {"preferred_name", opt(c.preferred_name)},
            {"pronouns", opt(c.pronouns)},
            {"date_of_birth", opt(c.date_of_birth)},
            {"email", opt(c.email)},
            {"phone", opt(c.phone)},
            {"archived", c.archived},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at}};
}

nlohmann::json to_json(const Couple& c) {
    return {{"id", c.id},
            {"client_a_id", c.client_a_id},
            {"client_b_id", c.client_b_id},
            {"relationship_status", c.relationship_status},
            {"relationship_start", opt(c.relationship_start)},
            {"children_in_household", c.children_in_household
                                          ? nlohmann::json(*c.children_in_household)
                                          : nlohmann::json(nullptr)},
            {"secrets_policy", c.secrets_policy},
            {"external_id", opt(c.external_id)},
            {"archived", c.archived},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at}};
}

nlohmann::json to_json(const Case& c) {
    return {{"id", c.id},
            {"kind", c.kind},
            {"client_id", opt_id(c.client_id)},
            {"couple_id", opt_id(c.couple_id)},
            {"primary_clinician_id", c.primary_clinician_id},
            {"opened_on", c.opened_on},
            {"closed_on", opt(c.closed_on)},
            {"status", c.status},
            {"linked_case_id", opt_id(c.linked_case_id)},
            {"external_id", opt(c.external_id)},
            {"archived", c.archived},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at}};
}

} // namespace mend
