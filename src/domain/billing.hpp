// What a host needs to bill a session: places of service, modifiers,
// add-on codes and diagnosis pointers, and the NPI check. Pure.
//
// Sources: CMS Place of Service code set (02 telehealth provided other than
// in the patient's home, 10 telehealth provided in the patient's home, 11
// office); AMA CPT: modifier 95 (synchronous telemedicine, audio and video),
// 90785 interactive complexity (an add-on to 90791 and 90832/90834/90837,
// never to crisis psychotherapy or family psychotherapy), 90839/90840
// psychotherapy for crisis; the 837P claim (at most 4 modifiers and 4
// diagnosis pointers per service line); CMS NPI check digit (the Luhn
// formula over the prefix 80840 and the first 9 digits).
#pragma once

#include "domain/sessions.hpp"

#include <array>
#include <string>
#include <vector>

namespace mend {

struct PlaceOfService {
    const char* code;
    const char* name;
    bool telehealth;
};
const std::vector<PlaceOfService>& places_of_service();

inline constexpr std::size_t session_modifiers_max = 4;
// The CPT codes interactive complexity (90785) adds to.
inline constexpr std::array<const char*, 4> interactive_complexity_bases = {"90791", "90832",
                                                                            "90834", "90837"};
inline constexpr std::size_t session_diagnoses_max = 4;

// An add-on code a session bills beside its CPT code, with its units.
struct AddOn {
    std::string code;
    int units = 1;
};
// 90785 when interactive complexity was recorded; 90840 per 30 minutes past
// the first 74 of a crisis session (90839).
std::vector<AddOn> add_on_codes(const Session& s);

// Checks the place of service, the modifiers (two letters or digits each,
// none twice, at most 4), the add-on's base code, and that the place, the
// modality and modifier 95 agree.
void validate_billing(const Session& s);

// Modifiers given as one text, comma-separated ("95,GT"; spaces around a
// code are not allowed): each is checked by validate_billing().
std::vector<std::string> parse_modifiers(const std::string& text);

// True when `npi` is 10 digits whose last is the Luhn check digit of
// "80840" followed by the first 9.
bool npi_valid(const std::string& npi);

} // namespace mend
