#include "domain/catalog.hpp"

#include "domain/billing.hpp"
#include "domain/diagnoses.hpp"
#include "domain/sessions.hpp"

namespace mend {

namespace {
template <std::size_t N> nlohmann::json list(const std::array<const char*, N>& set) {
    nlohmann::json out = nlohmann::json::array();
    for (const char* v : set)
        out.push_back(v);
    return out;
}
} // namespace

nlohmann::json catalog_json() {
    using nlohmann::json;
    json limits = {
        {"short_text_max_bytes", short_text_max_bytes},
        {"note_field_max_bytes", note_field_max_bytes},
        {"note_content_max_bytes", note_content_max_bytes},
        {"intervention_max_bytes", intervention_max_bytes},
        {"interventions_max", interventions_max},
        {"addendum_text_max_bytes", addendum_text_max_bytes},
        {"addendum_reason_max_bytes", addendum_reason_max_bytes},
        {"process_note_max_bytes", process_note_max_bytes},
        {"audit_limit_default", audit_limit_default},
        {"audit_limit_max", audit_limit_max},
        {"search_limit_default", search_limit_default},
        {"search_limit_max", search_limit_max},
        {"emergency_minutes_default", emergency_minutes_default},
        {"emergency_minutes_max", emergency_minutes_max},
        {"emergency_reason_min_default", emergency_reason_min_default},
        {"emergency_reason_min_max", emergency_reason_min_max},
        {"emergency_reason_max_bytes", emergency_reason_max_bytes},
        {"search_query_max_bytes", search_query_max_bytes},
        {"children_in_household_min", children_in_household_min},
        {"children_in_household_max", children_in_household_max},
        {"session_minutes_min", session_minutes_min},
        {"session_minutes_max", session_minutes_max},
        {"session_participants_max", session_participants_max},
        {"measure_answers_max", measure_answers_max},
        {"overdue_weeks_default", overdue_weeks_default},
        {"overdue_weeks_min", overdue_weeks_min},
        {"overdue_weeks_max", overdue_weeks_max},
        {"late_entry_days", late_entry_days},
        {"diagnosis_rank_min", diagnosis_rank_min},
        {"diagnosis_rank_max", diagnosis_rank_max},
        {"session_modifiers_max", session_modifiers_max},
        {"session_diagnoses_max", session_diagnoses_max},
    };
    json values = {
        {"clinician_roles", list(clinician_roles)},
        {"relationship_statuses", list(relationship_statuses)},
        {"secrets_policies", list(secrets_policies)},
        {"case_kinds", list(case_kinds)},
        {"case_statuses", list(case_statuses)},
        {"session_modalities", list(session_modalities)},
        {"agreement_statuses", list(agreement_statuses)},
        {"attestation_values", list(attestation_values)},
        {"decision_values", list(decision_values)},
        {"ipv_values", list(ipv_values)},
        {"suicide_risk_values", list(suicide_risk_values)},
        {"report_kinds", list(report_kinds)},
        {"report_formats", list(report_formats)},
    };
    json formats = json::object();
    for (const char* f : note_formats)
        formats[f] = note_fields(f);
    json cpt = json::array();
    for (const auto& r : cpt_rules())
        cpt.push_back({{"code", r.code},
                       {"min_minutes", r.min_minutes},
                       {"max_minutes", r.max_minutes ? json(r.max_minutes) : json(nullptr)},
                       {"conjoint", r.conjoint},
                       {"description", r.what}});
    json diagnoses = json::array();
    for (const auto& d : diagnosis_codes())
        diagnoses.push_back(
            {{"code", d.code}, {"title", d.title}, {"group", d.group}, {"note", d.note}});
    json places = json::array();
    for (const auto& p : places_of_service())
        places.push_back({{"code", p.code}, {"name", p.name}, {"telehealth", p.telehealth}});
    json add_ons = json::array({
        {{"code", "90785"},
         {"description", "interactive complexity"},
         {"adds_to", list(interactive_complexity_bases)}},
        {{"code", "90840"},
         {"description", "psychotherapy for crisis, each further 30 minutes (one unit per 30 "
                         "minutes past the first 74)"},
         {"adds_to", {"90839"}}},
    });
    auto numbered = [](const auto& names) {
        json out = json::array();
        for (std::size_t i = 1; i < names.size(); ++i)
            out.push_back({{"code", i}, {"name", names[i]}});
        return out;
    };
    return {{"schema", "mend.catalog/1"},
            {"event_kinds", numbered(event_kind_names)},
            {"log_levels", numbered(log_level_names)},
            {"key_states",
             [] {
                 json out = json::array();
                 for (std::size_t i = 0; i < key_state_names.size(); ++i)
                     out.push_back({{"code", i}, {"name", key_state_names[i]}});
                 return out;
             }()},
            {"limits", limits},
            {"values", values},
            {"note_formats", formats},
            {"cpt_codes", cpt},
            {"diagnosis_codes", diagnoses},
            {"places_of_service", places},
            {"add_on_codes", add_ons}};
}

} // namespace mend
