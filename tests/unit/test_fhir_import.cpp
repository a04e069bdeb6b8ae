// FHIR R4 import, the pure part: what a Patient, a QuestionnaireResponse and
// a Bundle read as, and the errors naming the bad element.
#include "domain/error.hpp"
#include "fhir/import.hpp"
#include "measures/builtin.hpp"

#include <catch2/catch.hpp>

using namespace mend;
using nlohmann::json;

namespace {

measures::Instrument builtin(const std::string& code) {
    for (const auto& i : measures::builtin_instruments())
        if (i.code == code) return i;
    fail(Errc::not_found, "no instrument has that code");
}

fhir::ImportBatch read(const json& j) {
    return fhir::read_import(j, builtin);
}

// The message of the Errc::invalid `j` is refused with.
std::string refusal(const json& j) {
    try {
        read(j);
    } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid);
        return e.what();
    }
    FAIL("accepted");
    return "";
}

json patient() {
    return {{"resourceType", "Patient"},
            {"identifier", {{{"system", "urn:mend:external-id"}, {"value", "ehr-1"}}}},
            {"name",
             {{{"use", "nickname"}, {"given", {"Al"}}},
              {{"use", "official"}, {"family", "Ng"}, {"given", {"Alex", "J"}}}}},
            {"gender", "other"},
            {"birthDate", "1990-02-28"},
            {"telecom", {{{"system", "email"}, {"value", "a@example.org"}}}}};
}

json response(int item9) {
    json items = json::array();
    for (int i = 1; i <= 8; ++i)
        items.push_back({{"linkId", std::to_string(i)}, {"answer", {{{"valueInteger", 1}}}}});
    items.push_back(
        {{"linkId", "9"},
         {"answer",
          {{{"valueCoding",
             {{"system", "http://loinc.org"}, {"code", item9 ? "LA6569-3" : "LA6568-5"}}}}}}});
    items.push_back({{"linkId", "44261-6"}, {"answer", {{{"valueInteger", 8 + item9}}}}});
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"questionnaire", "urn:mend:questionnaire:phq9"},
            {"subject", {{"reference", "Patient/client-7"}}},
            {"authored", "2026-10-01"},
            {"item", items}};
}

} // namespace

TEST_CASE("a Patient reads as a client with its path") {
    auto b = read(patient());
    REQUIRE(b.patients.size() == 1);
    const auto& p = b.patients[0];
    CHECK(p.path == "Patient");
    CHECK(p.given_name == "Alex J");
    CHECK(p.family_name == "Ng");
    CHECK(p.preferred_name == "Al");
    CHECK(p.date_of_birth == "1990-02-28");
    CHECK(p.email == "a@example.org");
    CHECK(p.external_id == "ehr-1");
    CHECK_FALSE(p.client_id);
}

TEST_CASE("a Patient's identifiers: mend's systems, else its one identifier") {
    json j = patient();
    j["identifier"] = {{{"system", "urn:mend:client"}, {"value", "12"}}};
    CHECK(read(j).patients[0].client_id == 12);
    j["identifier"] = {{{"system", "http://x.example/mrn"}, {"value", "M1"}}};
    CHECK(read(j).patients[0].external_id == "M1");
    j["identifier"].push_back({{"system", "http://y.example"}, {"value", "M2"}});
    CHECK_THAT(refusal(j), Catch::Contains("Patient.identifier holds several"));
    j.erase("identifier");
    CHECK_THAT(refusal(j), Catch::Contains("Patient.identifier is required"));
}

TEST_CASE("a Patient's codes and dates are checked") {
    json j = patient();
    j["gender"] = "f";
    CHECK_THAT(refusal(j), Catch::Contains("Patient.gender must be one of male, female"));
    j = patient();
    j["birthDate"] = "1990-02";
    CHECK_THAT(refusal(j), Catch::Contains("Patient.birthDate is a partial date"));
    j["birthDate"] = "1990-02-30";
    CHECK_THAT(refusal(j), Catch::Contains("Patient.birthDate must be a full date"));
}

TEST_CASE("a QuestionnaireResponse reads as an administration") {
    auto b = read(response(1));
    REQUIRE(b.responses.size() == 1);
    const auto& r = b.responses[0];
    CHECK(r.instrument == "phq9");
    CHECK(r.subject.kind == fhir::Subject::Kind::client);
    CHECK(r.subject.client_id == 7);
    CHECK(r.authored == "2026-10-01");
    REQUIRE(r.answers.size() == 10);
    CHECK(r.answers[0] == 1);
    CHECK(r.answers[8] == 1);   // LA6569-3, "several days"
    CHECK_FALSE(r.answers[9]);  // item 10 not answered: missing
    CHECK(r.host_total == 9.0); // by the PHQ-9's total-score LOINC code
}

TEST_CASE("a QuestionnaireResponse's status, questionnaire and answers are checked") {
    json j = response(0);
    j["status"] = "in-progress";
    CHECK_THAT(refusal(j), Catch::Contains("QuestionnaireResponse.status must be completed"));
    j["status"] = "done";
    CHECK_THAT(refusal(j), Catch::Contains("QuestionnaireResponse.status must be one of"));
    j = response(0);
    j["questionnaire"] = "urn:mend:questionnaire:nope";
    CHECK_THAT(refusal(j), Catch::Contains("QuestionnaireResponse.questionnaire names no"));
    j["questionnaire"] = "urn:mend:questionnaire:phq9|2";
    CHECK_THAT(refusal(j), Catch::Contains("names a version other"));
    j = response(0);
    j["item"][8]["answer"][0]["valueCoding"]["code"] = "LA0000-0";
    CHECK_THAT(refusal(j),
               Catch::Contains("QuestionnaireResponse.item[8].answer[0].valueCoding is not one"));
    j = response(0);
    j["item"][0]["answer"][0]["valueInteger"] = 4;
    CHECK_THAT(refusal(j), Catch::Contains("item[0].answer[0].valueInteger is outside"));
    j = response(0);
    j["item"][0]["linkId"] = "11";
    CHECK_THAT(refusal(j), Catch::Contains("item[0].linkId is not an item"));
    j = response(0);
    j["authored"] = "2026";
    CHECK_THAT(refusal(j), Catch::Contains("QuestionnaireResponse.authored is a partial date"));
}

TEST_CASE("a Bundle: paths by entry, subjects by fullUrl, other resources refused") {
    json r = response(0);
    r["subject"] = {{"reference", "urn:uuid:a"}};
    json bundle = {
        {"resourceType", "Bundle"},
        {"type", "transaction"},
        {"entry", {{{"resource", r}}, {{"fullUrl", "urn:uuid:a"}, {"resource", patient()}}}}};
    auto b = read(bundle);
    REQUIRE(b.patients.size() == 1);
    CHECK(b.patients[0].path == "Bundle.entry[1].resource");
    CHECK(b.responses[0].path == "Bundle.entry[0].resource");
    CHECK(b.responses[0].subject.kind == fhir::Subject::Kind::patient);
    CHECK(b.responses[0].subject.patient == 0);
    bundle["entry"][1]["resource"]["birthDate"] = "19900228";
    CHECK_THAT(refusal(bundle), Catch::Contains("Bundle.entry[1].resource.birthDate"));
    bundle["entry"].push_back({{"resource", {{"resourceType", "Observation"}}}});
    CHECK_THAT(refusal(bundle), Catch::Contains("Bundle.entry[2].resource must be a Patient"));
    CHECK_THAT(refusal({{"resourceType", "Observation"}}),
               Catch::Contains("must be Patient, QuestionnaireResponse or Bundle"));
}
