// The library's catalogue: every limit and every closed list of values a
// host needs to know, in one place. The validators read these constants and
// catalog_json() publishes the same ones (mend_catalog_get_json), so the CLI,
// the Python package and every host read the rules from here, never a copy.
// Pure: no clock, no database.
#pragma once

#include "domain/text.hpp"

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace mend {

// Limits.
inline constexpr std::size_t short_text_max_bytes = max_short_text; // names, other short fields
inline constexpr std::size_t note_field_max_bytes = 20000;          // one text field of a note
inline constexpr std::size_t note_content_max_bytes = 262144;       // a note's whole content JSON
inline constexpr std::size_t addendum_text_max_bytes = 20000;
inline constexpr std::size_t addendum_reason_max_bytes = 400;
inline constexpr std::size_t process_note_max_bytes = 20000;
inline constexpr std::size_t intervention_max_bytes = 400;
inline constexpr std::size_t interventions_max = 50;
inline constexpr int audit_limit_default = 1000;
inline constexpr int audit_limit_max = 10000;
inline constexpr int search_limit_default = 50;
inline constexpr int search_limit_max = 1000;
// Break the glass: how long a grant lasts (minutes), and the bounds of the
// practice's shortest accepted reason (characters; the practice's default is
// emergency_reason_min_default) and of any reason (bytes).
inline constexpr int emergency_minutes_default = 60;
inline constexpr int emergency_minutes_max = 1440;
inline constexpr int emergency_reason_min_default = 20;
inline constexpr int emergency_reason_min_max = 500;
inline constexpr std::size_t emergency_reason_max_bytes = 2000;
inline constexpr std::size_t search_query_max_bytes = 400;
inline constexpr int children_in_household_min = 0;
inline constexpr int children_in_household_max = 30;
inline constexpr int session_minutes_min = 1;
inline constexpr int session_minutes_max = 600;
inline constexpr std::size_t session_participants_max = 10;
inline constexpr std::size_t measure_answers_max = 1000;
inline constexpr int overdue_weeks_default = 4;
inline constexpr int overdue_weeks_min = 1;
inline constexpr int overdue_weeks_max = 104;
inline constexpr int late_entry_days = 3;

// Closed lists of values.
// The names of the host events (mend/event.h, MEND_EVENT_*) and of the log
// levels (mend/log.h, MEND_LOG_*), each at the index of its number (0 unused);
// src/capi/events.cpp checks the sizes against the macros.
inline constexpr std::array<const char*, 8> event_kind_names = {"",
                                                                "flag_raised",
                                                                "flag_resolved",
                                                                "phase_changed",
                                                                "note_signed",
                                                                "note_cosigned",
                                                                "release_created",
                                                                "emergency_access"};
inline constexpr std::array<const char*, 5> log_level_names = {"", "error", "warning", "info",
                                                               "debug"};
// The names of mend_key_state()'s answers (mend/key.h, MEND_KEY_STATE_*),
// each at the index of its number (0 included).
inline constexpr std::array<const char*, 5> key_state_names = {"none", "held", "missing",
                                                               "unregistered", "resealing"};

inline constexpr std::array<const char*, 3> clinician_roles = {"clinician", "supervisor", "admin"};
inline constexpr std::array<const char*, 3> relationship_statuses = {"together", "separated",
                                                                     "ended"};
inline constexpr std::array<const char*, 3> secrets_policies = {"no_secrets", "confidential",
                                                                "limited_secrets"};
inline constexpr std::array<const char*, 2> case_kinds = {"individual", "conjoint"};
inline constexpr std::array<const char*, 3> case_statuses = {"open", "on_hold", "closed"};
inline constexpr std::array<const char*, 3> session_modalities = {"in_person", "video", "phone"};
inline constexpr std::array<const char*, 4> note_formats = {"soap", "dap", "birp", "free"};
inline constexpr std::array<const char*, 4> agreement_statuses = {"active", "kept", "broken",
                                                                  "revised"};
inline constexpr std::array<const char*, 2> attestation_values = {"yes", "no"};
inline constexpr std::array<const char*, 4> decision_values = {"stay_as_is", "part",
                                                               "committed_work", "undecided"};
inline constexpr std::array<const char*, 4> ipv_values = {"none", "past", "current", "unknown"};
inline constexpr std::array<const char*, 5> suicide_risk_values = {"none", "low", "moderate",
                                                                   "high", "unknown"};
inline constexpr std::array<const char*, 2> report_kinds = {"case", "caseload"};
inline constexpr std::array<const char*, 3> report_formats = {"markdown", "html", "json"};

// True when `s` is one of `set`.
template <std::size_t N> bool one_of(const std::string& s, const std::array<const char*, N>& set) {
    for (const char* v : set)
        if (s == v) return true;
    return false;
}

// "a, b, c": a list for messages.
template <std::size_t N> std::string joined(const std::array<const char*, N>& set) {
    std::string out;
    for (const char* v : set) {
        if (!out.empty()) out += ", ";
        out += v;
    }
    return out;
}

// The catalogue's parts that need no database: {"version", "limits",
// "values", "note_formats", "cpt_codes", ...} (described in mend/catalog.h).
nlohmann::json catalog_json();

} // namespace mend
