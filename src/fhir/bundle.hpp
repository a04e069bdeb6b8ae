// A case as a FHIR R4 (4.0.1) Bundle of type "collection". Pure: it maps the
// records it is given and decides nothing about who may see them; the facade
// (src/practice/fhir_export.cpp) gathers them under the actor's authorisation
// and report::Disclosure, exactly as for a report or a release. The ids,
// identifiers and labels follow docs/fhir-mapping.md.
#pragma once

#include "domain/diagnoses.hpp"
#include "domain/records.hpp"
#include "domain/sessions.hpp"
#include "measures/instrument.hpp"
#include "measures/records.hpp"
#include "protocol/protocol.hpp"
#include "protocol/records.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::fhir {

// The base of each entry's fullUrl: mend's records have no server address, so
// the base is a reserved name that never resolves ("Patient/client-3" is the
// reference inside the bundle; a host rebases them as its server assigns ids).
inline constexpr const char* entry_base = "https://mend.invalid/fhir/";

struct ExportClient {
    Client client;
    // The client's own details (birth date, contacts) may appear; false for
    // the other partner of a release, who is named only.
    bool details = true;
};

struct ExportNote {
    Note note;
    std::vector<Id> participants; // of its session
    // The note's text may appear (in a release only as report::Disclosure
    // allows); else the DocumentReference lists it without its text.
    bool text = false;
    std::string body; // its text as the reports show it (when `text`)
    int addenda = 0;
};

struct ExportRelease {
    Id id = 0, for_client_id = 0;
    std::string recipient, purpose, created_on, expires_on, created_at;
    std::vector<Id> authorised;
    bool expired = false;
};

struct ExportProtocol {
    protocol::CaseProtocol assignment;
    protocol::Protocol definition;
    std::vector<protocol::PhaseEntry> entries; // oldest first
};

struct ExportData {
    std::string generated_at; // UTC instant
    Case kase;
    std::vector<ExportClient> clients; // the clients the bundle names
    std::optional<Couple> couple;      // joint content only
    std::map<Id, Clinician> clinicians;
    std::vector<Diagnosis> diagnoses;
    std::optional<ExportProtocol> protocol; // joint content only
    std::optional<protocol::PlanVersion> plan;
    std::vector<Session> sessions;
    std::vector<measures::Administration> administrations;
    // The instruments of the administrations, by "code/version".
    std::map<std::string, measures::Instrument> instruments;
    std::vector<ExportNote> notes; // signed progress notes only
    std::vector<measures::Flag> flags;
    std::vector<ExportRelease> releases;
    // Rationales and safety plans may appear (never in a release).
    bool reasoning = true;
};

// The key of `instruments`.
std::string instrument_key(const std::string& code, int version);

nlohmann::json bundle(const ExportData& data);

} // namespace mend::fhir
