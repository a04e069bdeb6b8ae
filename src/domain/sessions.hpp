// Sessions (encounters) and their notes: value types and the rules that keep
// them valid. Pure: no clock, no database.
#pragma once

#include "domain/records.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mend {

struct Session {
    Id id = 0, case_id = 0, identified_patient_id = 0, created_by = 0;
    std::string starts_at;  // "YYYY-MM-DDTHH:MM", the practice's local time
    std::string starts_utc; // "YYYY-MM-DDTHH:MM:SSZ", the same instant in UTC
    std::string utc_offset; // "+HH:MM" / "-HH:MM": the practice's offset then
    int duration_minutes = 0;
    std::string modality; // in_person | video | phone
    std::vector<Id> participants;
    std::string cpt_code; // 90791 90832 90834 90837 90839 90846 90847
    Text phase;           // the case's phase on the session's date
    std::string created_at;
    // What a host needs to bill it (domain/billing.hpp): the place of
    // service, modifiers, the interactive-complexity add-on (90785), and
    // pointers to the case's diagnoses of the client billed.
    Text place_of_service;
    std::vector<std::string> modifiers;
    bool interactive_complexity = false;
    std::vector<Id> diagnosis_ids;

    std::string date() const { return starts_at.substr(0, 10); }
    bool individual() const { return participants.size() == 1; }
};

// Checks a session's own fields: the date-time, modality, participants
// listed once, and that the duration fits the CPT code's published time
// range. `conjoint_case` says whether the case is a couple's.
void validate(const Session& s, bool conjoint_case);

// A CPT psychotherapy code and the minutes it covers.
struct CptRule {
    const char* code;
    int min_minutes, max_minutes; // max 0 = no upper bound
    bool conjoint;                // a couple's (family) code
    const char* what;
};

// Every CPT code a session may bill, in code order.
const std::vector<CptRule>& cpt_rules();

// The minutes a CPT psychotherapy code covers, for messages and reports.
std::string cpt_time_rule(const std::string& code);

struct Note {
    Id id = 0, session_id = 0, case_id = 0, author_id = 0;
    std::string format;           // soap | dap | birp | free
    nlohmann::json content;       // the format's named fields, risk, plan, interventions
    std::string status = "draft"; // draft | signed
    int version = 1;              // drafts: bumped by every save
    bool late_entry = false;      // signed more than 3 days after the session
    Text phase;
    Id signed_by = 0;
    Text signed_at, content_hash;
    std::string created_at, updated_at;
};

// The named fields of each format (plus "risk", "interventions" and, where
// the format has none, "plan").
std::vector<std::string> note_fields(const std::string& format);

// Checks the format and the content: only the format's fields, each text up
// to 20,000 bytes of UTF-8; "interventions" a list of short texts; at least
// one field filled. Returns the content normalised (absent fields dropped).
nlohmann::json validate_note_content(const std::string& format, const nlohmann::json& content);

// The same for content given as JSON text, parsed here once: Errc::invalid
// when longer than note_content_max_bytes or not JSON, Errc::encoding when
// not UTF-8.
nlohmann::json validate_note_content(const std::string& format, const std::string& content_json);

// The text a note is found by in search: its fields in a fixed order.
std::string note_search_text(const Note& n);

// What a signature covers: every clinical field of the note and its context,
// in a canonical JSON form (sorted keys, UTF-8), hashed with SHA-256 by the
// caller.
std::string note_canonical(const Note& n);

struct Addendum {
    Id id = 0, note_id = 0, author_id = 0;
    std::string text, reason, created_at, hash;
};

std::string addendum_canonical(const Addendum& a, const std::string& note_hash);

} // namespace mend
