// FHIR R4 exchange: the facade's side (src/fhir holds the pure mapping).
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "fhir/cds_card.hpp"
#include "fhir/questionnaire.hpp"
#include "measures/builtin.hpp"
#include "practice/practice.hpp"

namespace mend {

nlohmann::json Practice::fhir_questionnaire(const std::string& code) {
    return fhir::questionnaire(instrument(code));
}

nlohmann::json Practice::builtin_fhir_questionnaire(const std::string& code) {
    check_text("instrument", code, 40);
    for (const auto& in : measures::builtin_instruments())
        if (in.code == code) return fhir::questionnaire(in);
    fail(Errc::not_found, "no built-in instrument has that code");
}

nlohmann::json Practice::fhir_card(Id case_id, const std::string& on) {
    return fhir::cds_cards(evaluate_json(case_id, on));
}

} // namespace mend
