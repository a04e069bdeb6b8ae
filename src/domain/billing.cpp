#include "domain/billing.hpp"

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace mend {

const std::vector<PlaceOfService>& places_of_service() {
    static const std::vector<PlaceOfService> codes = {
        {"02", "telehealth provided other than in the patient's home", true},
        {"10", "telehealth provided in the patient's home", true},
        {"11", "office", false},
    };
    return codes;
}

std::vector<AddOn> add_on_codes(const Session& s) {
    std::vector<AddOn> out;
    if (s.interactive_complexity) out.push_back({"90785", 1});
    if (s.cpt_code == "90839" && s.duration_minutes >= 75)
        out.push_back({"90840", 1 + (s.duration_minutes - 75) / 30});
    return out;
}

void validate_billing(const Session& s) {
    const PlaceOfService* place = nullptr;
    if (s.place_of_service) {
        for (const auto& p : places_of_service())
            if (*s.place_of_service == p.code) place = &p;
        if (!place)
            fail(Errc::invalid, "place_of_service must be 02 (telehealth, not at home), 10 "
                                "(telehealth at home) or 11 (office)");
        if (place->telehealth && s.modality == "in_person")
            fail(Errc::invalid,
                 fmt::format("place of service {} is telehealth; the session was in person",
                             place->code));
        if (!place->telehealth && s.modality != "in_person")
            fail(Errc::invalid, "place of service 11 (office) is for sessions in person");
    }
    if (s.modifiers.size() > session_modifiers_max)
        fail(Errc::invalid,
             fmt::format("a session bills at most {} modifiers", session_modifiers_max));
    std::set<std::string> seen;
    for (const auto& m : s.modifiers) {
        bool form = m.size() == 2 && std::all_of(m.begin(), m.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                    });
        if (!form)
            fail(Errc::invalid, "a modifier is two digits or capital letters, like 95 or GT");
        if (!seen.insert(m).second) fail(Errc::invalid, "a modifier is listed twice");
    }
    // 95: synchronous telemedicine over audio and video.
    if (seen.count("95") && s.modality != "video")
        fail(Errc::invalid, "modifier 95 is for a synchronous video session");
    if (s.interactive_complexity && !one_of(s.cpt_code, interactive_complexity_bases))
        fail(Errc::invalid,
             fmt::format("interactive complexity (90785) is not billed with CPT {}; it adds to {}",
                         s.cpt_code, joined(interactive_complexity_bases)));
    if (s.diagnosis_ids.size() > session_diagnoses_max)
        fail(Errc::invalid,
             fmt::format("a session points at most at {} diagnoses", session_diagnoses_max));
    std::set<Id> ids(s.diagnosis_ids.begin(), s.diagnosis_ids.end());
    if (ids.size() != s.diagnosis_ids.size()) fail(Errc::invalid, "a diagnosis is listed twice");
    if (ids.count(0) || (!ids.empty() && *ids.begin() < 0))
        fail(Errc::invalid, "diagnosis ids must be ids of the case's diagnoses");
}

std::vector<std::string> parse_modifiers(const std::string& text) {
    return split(text, ',');
}

bool npi_valid(const std::string& npi) {
    if (npi.size() != 10 ||
        !std::all_of(npi.begin(), npi.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    // Luhn over "80840" + the first 9 digits; the 10th is the check digit.
    std::string digits = "80840" + npi.substr(0, 9);
    int sum = 0;
    bool twice = true; // the rightmost digit of the payload is doubled
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int d = *it - '0';
        if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return (10 - sum % 10) % 10 == npi[9] - '0';
}

} // namespace mend
