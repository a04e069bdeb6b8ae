// Diagnoses on a case (ICD-10-CM): the record, the codes mend knows, and the
// rules that keep a diagnosis valid. Pure: no clock, no database.
#pragma once

#include "domain/dates.hpp"
#include "domain/records.hpp"

#include <string>
#include <vector>

namespace mend {

// One partner's diagnosis in a case. `rank` orders a client's diagnoses in
// the case (1 = primary); `listed` says whether the code is in mend's table
// (an unlisted code of valid form is recorded only when asked for).
struct Diagnosis {
    Id id = 0, case_id = 0, client_id = 0, recorded_by = 0;
    std::string code;
    bool listed = true;
    int rank = 1;
    Text onset_on, resolved_on; // "YYYY-MM-DD", the practice's dates
    std::string created_at, updated_at;
};

// What a create or an update gives: a field left empty keeps the stored
// value on update; "" clears an optional date. On create, rank 0 takes the
// client's next free rank in the case.
struct DiagnosisPatch {
    Id case_id = 0, client_id = 0; // create only
    Change code, onset_on, resolved_on;
    int rank = 0;
    bool allow_unlisted = false; // record a valid-form code that is not in the table
};

// An ICD-10-CM code mend knows, with its official title (ICD-10-CM tabular
// list, FY2025, CDC/NCHS), its group and what a clinician should know when
// choosing it.
struct DiagnosisCode {
    const char* code;
    const char* title;
    const char* group; // trauma_stress | adjustment | depression | anxiety | relationship
    const char* note;  // "" when there is nothing to add
};

// The codes betrayal-trauma work uses, in code order.
const std::vector<DiagnosisCode>& diagnosis_codes();
// The known code, or nullptr.
const DiagnosisCode* find_diagnosis_code(const std::string& code);

inline constexpr int diagnosis_rank_min = 1;
inline constexpr int diagnosis_rank_max = 12; // a claim's diagnosis pointers (A-L)

// True when `code` has the form of an ICD-10-CM code: a capital letter, a
// digit, a digit or capital letter, then optionally a dot and 1 to 4 digits
// or capital letters ("F43.10", "Z63.0", "F32.A").
bool icd10cm_form(const std::string& code);

// Checks the code (form; known, or unlisted when `allow_unlisted`), the rank
// and the dates (none after `today`; resolution not before onset), and sets
// `listed`.
void validate(Diagnosis& d, bool allow_unlisted, const Date& today);

} // namespace mend
