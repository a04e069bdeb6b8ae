// The rules that keep records valid. Pure: "today" is passed in.
#pragma once

#include "domain/dates.hpp"
#include "domain/records.hpp"

namespace mend {

// Apply a patch to a record (for create, to a default-constructed one), then
// check the whole record. Throws mend::Error naming the bad field; the
// record may be partly patched then, so callers patch a copy.
void apply(Clinician& c, const ClinicianPatch& p);
void apply(Client& c, const ClientPatch& p);
void apply(Couple& c, const CouplePatch& p, bool creating);
void apply(Case& c, const CasePatch& p, bool creating, const Date& today);

void validate(const Clinician& c);
void validate(const Client& c, const Date& today);
void validate(const Couple& c, const Date& today);
void validate(const Case& c, const Date& today);

bool is_role(const std::string& s);
bool is_relationship_status(const std::string& s);
bool is_secrets_policy(const std::string& s);
bool is_case_kind(const std::string& s);
bool is_case_status(const std::string& s);

} // namespace mend
