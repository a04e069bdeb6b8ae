// FHIR R4 export, the pure part (src/fhir/bundle): what a Bundle holds for
// the records it is given, the references it may make, and a note's text.
#include "fhir/bundle.hpp"
#include "measures/builtin.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <sodium.h>

using namespace mend;
using nlohmann::json;

namespace {

Client client(Id id, const std::string& given, const std::string& family) {
    Client c;
    c.id = id;
    c.given_name = given;
    c.family_name = family;
    c.date_of_birth = "1980-01-02";
    c.email = "x@example.org";
    return c;
}

// A couple's case: Ann (named, her details) and Ben (named only), a session
// Ben attended alone billed as a 90846 to Ann, and two signed notes, one
// with its text and one without.
fhir::ExportData couple_case() {
    fhir::ExportData d;
    d.generated_at = "2026-12-01T12:00:00Z";
    d.kase.id = 7;
    d.kase.kind = "conjoint";
    d.kase.couple_id = 3;
    d.kase.primary_clinician_id = 1;
    d.kase.opened_on = "2026-01-05";
    d.clients.push_back({client(10, "Ann Marie", "Lee"), true});
    d.clients.push_back({client(11, "Ben", "Lee"), false});
    Couple cp;
    cp.id = 3;
    cp.client_a_id = 10;
    cp.client_b_id = 11;
    d.couple = cp;
    Clinician dr;
    dr.id = 1;
    dr.display_name = "Dr One";
    dr.npi = "1234567893";
    d.clinicians[1] = dr;
    Session s;
    s.id = 20;
    s.case_id = 7;
    s.identified_patient_id = 10;
    s.created_by = 1;
    s.starts_at = "2026-11-01T10:00";
    s.starts_utc = "2026-11-01T15:00:00Z";
    s.utc_offset = "-05:00";
    s.duration_minutes = 50;
    s.modality = "video";
    s.participants = {11};
    s.cpt_code = "90846";
    s.place_of_service = "10";
    s.modifiers = {"95"};
    d.sessions.push_back(s);
    for (Id id : {30, 31}) {
        fhir::ExportNote n;
        n.note.id = id;
        n.note.session_id = 20;
        n.note.author_id = 1;
        n.note.signed_by = 1;
        n.note.format = "free";
        n.note.status = "signed";
        n.note.signed_at = "2026-11-01T16:00:00Z";
        n.participants = {11};
        n.text = id == 30;
        n.body = id == 30 ? "Session words: Grüße" : "";
        d.notes.push_back(n);
    }
    return d;
}

std::vector<json> of_type(const json& b, const std::string& type) {
    std::vector<json> out;
    for (const auto& e : b["entry"])
        if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
    return out;
}

void references(const json& j, std::set<std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() == "reference" && it->is_string())
                out.insert(it->get<std::string>());
            else
                references(*it, out);
    } else if (j.is_array()) {
        for (const auto& v : j)
            references(v, out);
    }
}

std::string decoded(const std::string& b64) {
    std::string bin(b64.size(), '\0');
    size_t len = 0;
    REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.c_str(),
                              b64.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    bin.resize(len);
    return bin;
}

} // namespace

TEST_CASE("a couple's case bundle: resources, labels, references and note text", "[fhir]") {
    auto d = couple_case();
    json b = fhir::bundle(d);
    CHECK(b["resourceType"] == "Bundle");
    CHECK(b["type"] == "collection");
    CHECK(b["id"] == "case-7");
    CHECK(of_type(b, "Patient").size() == 2);
    CHECK(of_type(b, "EpisodeOfCare").size() == 2);
    CHECK(of_type(b, "Group").size() == 1);
    // Every resource is restricted psychotherapy information.
    for (const auto& e : b["entry"]) {
        const auto& sec = e["resource"]["meta"]["security"];
        CHECK(sec[1]["code"] == "PSY");
        CHECK(e["fullUrl"] == std::string(fhir::entry_base) +
                                  e["resource"]["resourceType"].get<std::string>() + "/" +
                                  e["resource"]["id"].get<std::string>());
    }
    // Ann's details; Ben named only; the given names as a list.
    for (const auto& p : of_type(b, "Patient")) {
        if (p["id"] == "client-10") {
            CHECK(p["birthDate"] == "1980-01-02");
            CHECK(p["name"][0]["given"] == json::array({"Ann", "Marie"}));
        } else {
            CHECK_FALSE(p.contains("birthDate"));
            CHECK_FALSE(p.contains("telecom"));
        }
    }
    auto enc = of_type(b, "Encounter");
    REQUIRE(enc.size() == 1);
    CHECK(enc[0]["subject"]["reference"] == "Patient/client-10"); // billed to Ann
    CHECK(enc[0]["class"]["code"] == "VR");
    CHECK(enc[0]["period"]["start"] == "2026-11-01T10:00:00-05:00");
    // The note with its text carries it (UTF-8, base64); the other only its title.
    auto docs = of_type(b, "DocumentReference");
    REQUIRE(docs.size() == 2);
    CHECK(decoded(docs[0]["content"][0]["attachment"]["data"]) == "Session words: Grüße");
    CHECK_FALSE(docs[1]["content"][0]["attachment"].contains("data"));
    CHECK(of_type(b, "Provenance").size() == 2); // the two signatures
    std::set<std::string> refs;
    references(b, refs);
    std::set<std::string> held;
    for (const auto& e : b["entry"])
        held.insert(e["resource"]["resourceType"].get<std::string>() + "/" +
                    e["resource"]["id"].get<std::string>());
    for (const auto& r : refs) {
        INFO(r);
        CHECK(held.count(r) == 1);
    }
}

TEST_CASE("a bundle never refers to a client it does not name", "[fhir]") {
    auto d = couple_case();
    d.couple.reset();
    d.clients.erase(d.clients.begin()); // Ann is not named: a release to Ben alone
    json b = fhir::bundle(d);
    CHECK(of_type(b, "Patient").size() == 1);
    auto enc = of_type(b, "Encounter");
    REQUIRE(enc.size() == 1);
    CHECK(enc[0]["subject"]["reference"] == "Patient/client-11"); // not the absent Ann
    CHECK(b.dump().find("client-10") == std::string::npos);
}

TEST_CASE("a client's record has no episode and is named by the client", "[fhir]") {
    auto d = couple_case();
    d.kase = Case{};
    d.couple.reset();
    d.clients.erase(d.clients.begin());
    json b = fhir::bundle(d);
    CHECK(b["id"] == "client-11");
    CHECK(b["identifier"]["system"] == "urn:mend:client");
    CHECK(of_type(b, "EpisodeOfCare").empty());
    CHECK(b.dump().find("EpisodeOfCare") == std::string::npos);
}

TEST_CASE("an administration's answers and total", "[fhir]") {
    fhir::ExportData d;
    d.generated_at = "2026-12-01T12:00:00Z";
    d.clients.push_back({client(10, "Ann", "Lee"), true});
    measures::Administration a;
    a.id = 40;
    a.client_id = 10;
    a.entered_by = 1;
    a.instrument = "phq9";
    a.instrument_version = 1;
    a.administered_on = "2026-11-02";
    a.total = 5;
    for (int k = 1; k <= 9; ++k)
        a.answers.push_back({k, k == 9 ? std::optional<int>() : std::optional<int>(k % 4)});
    d.administrations.push_back(a);
    for (const auto& in : measures::builtin_instruments())
        if (in.code == "phq9") d.instruments.emplace(fhir::instrument_key("phq9", 1), in);
    json b = fhir::bundle(d);
    auto qr = of_type(b, "QuestionnaireResponse");
    REQUIRE(qr.size() == 1);
    CHECK(qr[0]["item"].size() == 8); // item 9 left unanswered
    CHECK(qr[0]["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6569-3"); // 1
    CHECK(qr[0]["item"][2]["answer"][0]["valueCoding"]["code"] == "LA6571-9"); // 3
    CHECK(qr[0]["item"][3]["answer"][0]["valueCoding"]["code"] == "LA6568-5"); // 0
    auto obs = of_type(b, "Observation");
    REQUIRE(obs.size() == 1);
    CHECK(obs[0]["code"]["coding"][0]["code"] == "44261-6");
    CHECK(obs[0]["valueQuantity"]["value"] == 5);
    CHECK(obs[0]["derivedFrom"][0]["reference"] == "QuestionnaireResponse/administration-40");
}
