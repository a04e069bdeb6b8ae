// FHIR R4 (4.0.1) import: a Patient, a QuestionnaireResponse or a Bundle of
// them read into typed records, each with its FHIRPath-style path. Pure: no
// database; the instruments come from the caller. The mapping and the
// matching rule are docs/fhir-mapping.md's.
//
// Every error is Errc::invalid (an unknown instrument too), its message the
// path of the bad element and the problem ("Bundle.entry[3].resource.birthDate
// must be a full date written YYYY-MM-DD"), never a value from the input.
#pragma once

#include "domain/records.hpp"
#include "measures/instrument.hpp"
#include "measures/scoring.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::fhir {

inline constexpr const char* external_id_system = "urn:mend:external-id";
inline constexpr const char* client_system = "urn:mend:client";
// The largest FHIR input read, as text or from a file.
inline constexpr std::size_t import_max_bytes = 16 * 1024 * 1024;

// A Patient as a client. Gender is checked against its value set but not
// kept: mend does not store it.
struct ImportedPatient {
    std::string path;     // "Patient" or "Bundle.entry[0].resource"
    std::string id;       // Patient.id ("" if none)
    std::string full_url; // the bundle entry's fullUrl ("" if none)
    std::optional<std::string> external_id;
    std::optional<Id> client_id; // urn:mend:client
    std::optional<std::string> given_name, family_name, preferred_name, date_of_birth, email, phone;
};

// Whom a QuestionnaireResponse is about.
struct Subject {
    enum class Kind { client, patient, external_id } kind = Kind::client;
    Id client_id = 0;        // client: a mend id
    std::size_t patient = 0; // patient: an index into ImportBatch::patients
    std::string external_id; // external_id: the host's id of the client
};

// A QuestionnaireResponse as an administration of a mend instrument.
struct ImportedResponse {
    std::string path;
    std::string instrument; // the instrument's code
    Subject subject;
    std::string authored;                  // YYYY-MM-DD; "" when not given (today)
    std::vector<measures::Answer> answers; // in the instrument's item order; nullopt: missing
    std::optional<double> host_total;      // the host's own total, for the mismatch check
};

struct ImportBatch {
    std::vector<ImportedPatient> patients;
    std::vector<ImportedResponse> responses;
};

// The instrument with this code at its current version; throws (any Errc)
// when there is none.
using InstrumentLookup = std::function<measures::Instrument(const std::string& code)>;

// Reads `input`: a Patient, a QuestionnaireResponse, or a Bundle (any type)
// of them; any other resource is an error naming its entry.
ImportBatch read_import(const nlohmann::json& input, const InstrumentLookup& instrument);

} // namespace mend::fhir
