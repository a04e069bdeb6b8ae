// A report snapshot read into typed records, checked once: every member the
// renderers use must be present (null where the schema allows it) and of the
// right type. Errors name the member's path, never its content.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mend::report {

// A JSON number and its text as the reports print it.
struct Number {
    double value = 0;
    std::string text;
};

struct Person {
    std::optional<long long> id;
    std::string name;
    std::optional<std::string> credentials;
};

struct Criterion {
    std::string id, label, status; // status: met | not_met | unknown (timeline "unmet": "")
    std::optional<std::string> sentence;
};

// ---- the case report --------------------------------------------------------

struct Release {
    long long id = 0;
    std::optional<long long> for_client_id;
    std::string for_name;
    std::optional<std::string> to, purpose, expires_on;
    std::optional<bool> joint_content;
};

struct CaseInfo {
    long long id = 0;
    std::string kind, status;
    std::optional<std::string> opened_on, closed_on, external_id;
    std::optional<Person> primary_clinician;
};

struct Client {
    long long id = 0;
    std::string name;
    std::optional<std::string> role, pronouns;
};

struct Couple {
    std::optional<std::string> relationship_status, relationship_start, secrets_policy;
    std::optional<long long> children_in_household;
};

struct Protocol {
    std::string code, name;
    std::optional<long long> version;
};

struct TimelineEntry {
    std::string phase, phase_name, track, kind, entered_on;
    std::optional<std::string> left_on;
    std::optional<long long> days, weeks, sessions;
    std::optional<Person> by;
    std::optional<std::string> rationale, safety_plan;
    std::vector<Criterion> unmet;
    std::vector<Criterion> opened_by; // the criteria met when the gate opened (an advance)
};

// A change of which partner is the betrayed one (names null: not recorded).
struct RoleChange {
    std::string changed_on, kind; // kind: roles | override
    std::optional<std::string> betrayed, previous;
    std::optional<Person> by;
    std::optional<std::string> rationale;
};

struct Contraindication {
    std::string code, label, status;
    std::optional<std::string> sentence;
};

struct Transition {
    std::string to, name;
    bool relational = false, open = false;
    long long unmet = 0;
    std::vector<Criterion> criteria;
};

struct Gate {
    std::string phase, phase_name;
    std::optional<std::string> entered_on, summary;
    std::optional<long long> days_in_phase;
    bool suspended = false;
    std::vector<Contraindication> contraindications;
    std::vector<Transition> transitions;
    std::vector<std::string> blocking_relational;
    // The current phase's track ("relational" past the trauma gate); absent
    // in older snapshots, where the timeline's current entry tells.
    std::optional<std::string> track;
};

struct Band {
    Number min, max;
    std::string label;
};

struct Cutoff {
    std::string code, label, comparator;
    Number value;
};

// Where a score counts as a case: "total COMPARATOR value".
struct ClinicalRange {
    std::string comparator;
    Number value;
};

struct Change {
    std::string classification; // recovered | improved | unchanged | deteriorated | unknown
    std::optional<std::string> direction;
    std::optional<Number> delta;
};

struct MeasurePoint {
    std::string date;
    long day = 0; // days since 1970-01-01
    std::optional<Number> total;
    std::optional<std::string> band;
    std::optional<Change> from_previous, from_baseline;
};

struct Measure {
    long long client_id = 0;
    std::string client_name, instrument, abbreviation;
    std::optional<std::string> construct;
    bool higher_is_better = false;
    Number total_min, total_max;
    std::vector<Band> bands;
    std::vector<Cutoff> cutoffs;
    std::vector<MeasurePoint> points;
    std::optional<ClinicalRange> clinical_range;
    // Not from the snapshot: the dates of points outside the report period,
    // which the renderers leave out of tables and charts (within_period()).
    std::vector<std::string> outside_period;
};

struct Dyadic {
    std::string kind, sentence;
};

struct Agreement {
    long long id = 0;
    std::string kind, text, status;
    std::optional<std::string> agreed_on, review_on;
    std::optional<bool> review_overdue; // absent in older snapshots
};

struct Flag {
    long long id = 0;
    std::optional<long long> client_id;
    std::string client_name, code, severity, raised_on;
    std::optional<std::string> message;
};

struct PhaseCount {
    std::string phase, phase_name;
    long long count = 0;
};

struct CodeCount {
    std::string code;
    long long count = 0;
};

struct Sessions {
    long long total = 0;
    std::vector<PhaseCount> by_phase;
    std::vector<CodeCount> by_cpt;
};

struct Note {
    long long id = 0;
    std::string date, type, status;
    std::optional<std::string> format, author, signed_on, text;
    std::optional<long long> addenda;
    std::optional<bool> late_entry; // signed more than 3 days after the session; absent: not known
};

struct CaseReport {
    std::string kind; // couple_case | individual_case
    std::string title, generated_on, period_from, period_to, practice_name;
    std::optional<Release> release;
    CaseInfo case_info;
    std::vector<Client> clients;
    std::optional<Couple> couple;
    std::optional<Protocol> protocol;
    std::vector<TimelineEntry> timeline;
    std::vector<RoleChange> role_changes;
    std::optional<Gate> gate;
    std::vector<Measure> measures;
    std::vector<Dyadic> dyadic;
    std::vector<Agreement> agreements;
    std::vector<Flag> flags;
    std::optional<Sessions> sessions;
    std::optional<std::vector<Note>> notes;

    bool couple_report() const { return kind == "couple_case"; }
};

// ---- the caseload report ----------------------------------------------------

struct CaseloadCase {
    long long id = 0;
    std::string label, kind, status;
    std::optional<std::string> clinician, phase, phase_name;
    std::optional<long long> days_in_phase;
};

struct BlockedCase {
    long long case_id = 0;
    std::string label;
    std::optional<std::string> phase_name, transition;
    bool suspended = false;
    std::vector<std::string> unmet;
};

struct OverdueMeasure {
    long long case_id = 0;
    std::string client_name;
    std::optional<std::string> last_measure_on;
    std::optional<long long> weeks_since;
};

struct CaseloadFlag {
    long long case_id = 0;
    std::string client_name, code, severity, raised_on;
};

struct WeekCount {
    std::string week_of;
    long long count = 0;
};

struct CaseloadReport {
    std::string title, generated_on, practice_name;
    std::optional<Person> clinician;
    std::optional<long long> overdue_after_weeks;
    std::vector<CaseloadCase> cases;
    std::vector<PhaseCount> by_phase; // phase may be ""
    std::vector<BlockedCase> blocked;
    std::vector<OverdueMeasure> overdue_measures;
    std::vector<CaseloadFlag> open_flags;
    std::vector<WeekCount> sessions_per_week;
};

// The schema named by the snapshot (throws when absent or not a string).
std::string snapshot_schema(const nlohmann::json& snapshot);

// Every string in the snapshot (keys too) must be valid UTF-8 without NUL;
// throws Errc::encoding naming the member otherwise.
void check_encoding(const nlohmann::json& snapshot);

CaseReport read_case_report(const nlohmann::json& snapshot);
CaseloadReport read_caseload_report(const nlohmann::json& snapshot);

// Days since 1970-01-01 of a YYYY-MM-DD date (throws naming `field`).
long day_number(const std::string& field, const std::string& date);

} // namespace mend::report
