#include "domain/diagnoses.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace mend {

namespace {

const char* const z_factor =
    "A factor code (ICD-10-CM chapter 21), not a disorder: many payers do not accept it as the "
    "primary diagnosis.";

} // namespace

// Titles as in the ICD-10-CM tabular list (FY2025, CDC/NCHS,
// https://www.cdc.gov/nchs/icd/icd-10-cm/files.html); only billable codes
// (no category headers such as F43.2).
const std::vector<DiagnosisCode>& diagnosis_codes() {
    static const std::vector<DiagnosisCode> codes = {
        {"F32.0", "Major depressive disorder, single episode, mild", "depression", ""},
        {"F32.1", "Major depressive disorder, single episode, moderate", "depression", ""},
        {"F32.2", "Major depressive disorder, single episode, severe without psychotic features",
         "depression", ""},
        {"F32.9", "Major depressive disorder, single episode, unspecified", "depression", ""},
        {"F32.A", "Depression, unspecified", "depression", ""},
        {"F33.0", "Major depressive disorder, recurrent, mild", "depression", ""},
        {"F33.1", "Major depressive disorder, recurrent, moderate", "depression", ""},
        {"F33.2", "Major depressive disorder, recurrent severe without psychotic features",
         "depression", ""},
        {"F33.9", "Major depressive disorder, recurrent, unspecified", "depression", ""},
        {"F34.1", "Dysthymic disorder", "depression", ""},
        {"F41.0", "Panic disorder [episodic paroxysmal anxiety]", "anxiety", ""},
        {"F41.1", "Generalized anxiety disorder", "anxiety", ""},
        {"F41.9", "Anxiety disorder, unspecified", "anxiety", ""},
        {"F43.0", "Acute stress reaction", "trauma_stress", ""},
        {"F43.10", "Post-traumatic stress disorder, unspecified", "trauma_stress",
         "Many betrayed partners do not meet every DSM-5 PTSD criterion (criterion C in "
         "particular); record it only when the criteria are met."},
        {"F43.11", "Post-traumatic stress disorder, acute", "trauma_stress", ""},
        {"F43.12", "Post-traumatic stress disorder, chronic", "trauma_stress", ""},
        {"F43.20", "Adjustment disorder, unspecified", "adjustment", ""},
        {"F43.21", "Adjustment disorder with depressed mood", "adjustment", ""},
        {"F43.22", "Adjustment disorder with anxiety", "adjustment", ""},
        {"F43.23", "Adjustment disorder with mixed anxiety and depressed mood", "adjustment", ""},
        {"F43.24", "Adjustment disorder with disturbance of conduct", "adjustment", ""},
        {"F43.25", "Adjustment disorder with mixed disturbance of emotions and conduct",
         "adjustment", ""},
        {"F43.29", "Adjustment disorder with other symptoms", "adjustment", ""},
        {"F43.89", "Other reactions to severe stress", "trauma_stress", ""},
        {"F43.9", "Reaction to severe stress, unspecified", "trauma_stress", ""},
        {"Z63.0", "Problems in relationship with spouse or partner", "relationship", z_factor},
        {"Z63.5", "Disruption of family by separation and divorce", "relationship", z_factor},
        {"Z63.8", "Other specified problems related to primary support group", "relationship",
         z_factor},
        {"Z63.9", "Problem related to primary support group, unspecified", "relationship",
         z_factor},
    };
    return codes;
}

const DiagnosisCode* find_diagnosis_code(const std::string& code) {
    for (const auto& c : diagnosis_codes())
        if (code == c.code) return &c;
    return nullptr;
}

bool icd10cm_form(const std::string& code) {
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (code.size() < 3 || !upper(code[0]) || !digit(code[1]) ||
        !(digit(code[2]) || upper(code[2])))
        return false;
    if (code.size() == 3) return true;
    if (code[3] != '.' || code.size() < 5 || code.size() > 8) return false;
    return std::all_of(code.begin() + 4, code.end(), [&](char c) { return digit(c) || upper(c); });
}

void validate(Diagnosis& d, bool allow_unlisted, const Date& today) {
    if (!icd10cm_form(d.code))
        fail(Errc::invalid, "code must be an ICD-10-CM code: a capital letter, two digits (or a "
                            "digit and a capital), then optionally a dot and up to 4 more, like "
                            "F43.10 or Z63.0");
    d.listed = find_diagnosis_code(d.code) != nullptr;
    if (!d.listed && !allow_unlisted)
        fail(Errc::invalid, "that code is not in mend's diagnosis table (the catalogue's "
                            "diagnosis_codes); record it as unlisted to use it");
    if (d.rank < diagnosis_rank_min || d.rank > diagnosis_rank_max)
        fail(Errc::invalid, fmt::format("rank must be between {} and {} (1 is the primary)",
                                        diagnosis_rank_min, diagnosis_rank_max));
    std::optional<Date> onset;
    if (d.onset_on) onset = parse_date_in("onset_on", *d.onset_on, earliest_date(), today);
    if (d.resolved_on) {
        Date resolved = parse_date_in("resolved_on", *d.resolved_on, earliest_date(), today);
        if (onset && resolved < *onset)
            fail(Errc::invalid, "resolved_on cannot be before onset_on");
    }
}

} // namespace mend
