// The criterion registry: for each kind of gate criterion, how it is read
// from a protocol definition (with validation), written back, judged, and
// which facts it reads. Adding a kind is one entry here.
#pragma once

#include "protocol/evaluate.hpp"
#include "protocol/protocol.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mend::protocol {

// What a criterion concludes for one partner, or for the case.
struct Outcome {
    std::string status, sentence; // status: met | not_met | unknown
    nlohmann::json evidence;
};

// What a criterion is judged against: the facts as of their date (already
// filtered by evaluate), the protocol, and the current phase's name.
struct Judging {
    const Protocol& protocol;
    const CaseFacts& facts;
    std::string phase_name;
};

struct CriterionKind {
    // partner: judged for each partner its subject names (never "case");
    // partner_or_case: about the case when the subject is "case", else per partner;
    // case_only: judged once for the case.
    enum class Scope { partner, partner_or_case, case_only };

    std::string kind;
    Scope scope = Scope::case_only;
    // The CaseFacts members it reads (e.g. "series", "flags", "attestations").
    std::vector<std::string> facts;
    // Reads the kind's own fields (id, kind, label, subject, source are read
    // by the caller); throws naming the bad field.
    void (*parse)(Criterion& c, const nlohmann::json& j, const std::string& path);
    // Writes the kind's own fields.
    void (*write)(const Criterion& c, nlohmann::json& j);
    // `who` is null for the case.
    Outcome (*judge)(const Criterion& c, const Judging& in, const Partner* who);
};

const std::vector<CriterionKind>& criterion_kinds();
const CriterionKind* criterion_kind(const std::string& kind); // nullptr: unknown

} // namespace mend::protocol
