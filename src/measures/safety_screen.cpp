#include "measures/safety_screen.hpp"

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"

namespace mend::measures {

namespace {
const char* const screening_source = "Bograd & Mederos 1999, J Marital Fam Ther 25:291";
const char* const cssrs_source = "C-SSRS screener triage (Columbia Lighthouse Project)";
} // namespace

bool is_ipv_status(const std::string& s) {
    return one_of(s, ipv_values);
}

bool is_suicide_risk(const std::string& s) {
    return one_of(s, suicide_risk_values);
}

void validate(const SafetyScreen& s) {
    check_text("ipv", s.ipv, 20);
    if (!is_ipv_status(s.ipv)) fail(Errc::invalid, "ipv must be one of: " + joined(ipv_values));
    check_text("suicide_risk", s.suicide_risk, 20);
    if (!is_suicide_risk(s.suicide_risk))
        fail(Errc::invalid, "suicide_risk must be one of: " + joined(suicide_risk_values));
    if (s.ipv_instrument) check_text("ipv_instrument", *s.ipv_instrument, max_short_text);
    if (s.suicide_instrument)
        check_text("suicide_instrument", *s.suicide_instrument, max_short_text);
}

std::vector<RaisedFlag> screen_flags(const SafetyScreen& s) {
    std::vector<RaisedFlag> out;
    if (s.ipv == "current")
        out.push_back(
            {"ipv_current", "urgent",
             "Current intimate-partner violence or coercion reported: safety planning and "
             "individual follow-up; conjoint work is contraindicated",
             screening_source, 0});
    else if (s.ipv == "past")
        out.push_back({"ipv_past", "review",
                       "Past intimate-partner violence reported: assess individually before "
                       "conjoint sessions",
                       screening_source, 0});
    else if (s.ipv == "unknown")
        out.push_back({"ipv_unknown", "unknown",
                       "Intimate-partner violence not yet screened: screen this partner privately",
                       screening_source, 0});
    if (s.suicide_risk == "moderate" || s.suicide_risk == "high")
        out.push_back(
            {"suicide_risk", "urgent",
             "Suicide risk " + s.suicide_risk + ": clinician review and safety plan the same day",
             cssrs_source, 0});
    else if (s.suicide_risk == "unknown")
        out.push_back({"suicide_risk_unknown", "unknown",
                       "Suicide risk not yet assessed: a blank is not a negative answer; follow up",
                       cssrs_source, 0});
    return out;
}

} // namespace mend::measures
