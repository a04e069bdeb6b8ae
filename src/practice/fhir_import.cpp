// FHIR R4 import (docs/fhir-mapping.md): Patients become clients, matched on
// their identifier; QuestionnaireResponses become administrations scored by
// mend. The whole input is one unit: all of it is stored, or none of it.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "fhir/import.hpp"
#include "practice/files.hpp"
#include "practice/practice.hpp"

#include <cmath>

namespace mend {

namespace {

using nlohmann::json;

// Runs `work`, naming `path` in any error it throws (the facade's messages
// name fields, not where in the input they came from).
template <class F> auto at_path(const std::string& path, F&& work) {
    try {
        return work();
    } catch (const Error& e) {
        throw Error(e.code(), path + ": " + e.what());
    }
}

} // namespace

json Practice::fhir_import(const json& input, Id case_id) {
    if (case_id < 0) fail(Errc::invalid, "case_id must be a case's id or 0");
    json out = {{"patients", json::array()}, {"administrations", json::array()}};
    auto work = [&] {
        auto batch =
            fhir::read_import(input, [&](const std::string& code) { return instrument(code); });
        std::vector<Id> patient_ids;
        for (const auto& p : batch.patients) {
            at_path(p.path, [&] {
                std::optional<Id> id;
                if (p.external_id) id = store::find_client_id_by_external(*db_, *p.external_id);
                if (p.client_id) {
                    // Both identifiers must name the same client: never update
                    // one client with another's identity.
                    if (id && *id != *p.client_id)
                        fail(Errc::invalid, "its urn:mend:client and urn:mend:external-id "
                                            "identifiers name two different clients");
                    if (!id && p.external_id) {
                        Client c = visible_client("update", *p.client_id);
                        if (c.external_id && *c.external_id != *p.external_id)
                            fail(Errc::invalid, "its urn:mend:external-id is not the external id "
                                                "of the client its urn:mend:client names");
                    }
                    id = *p.client_id;
                }
                ClientPatch patch;
                patch.external_id = p.external_id;
                patch.given_name = p.given_name;
                patch.family_name = p.family_name;
                patch.preferred_name = p.preferred_name;
                patch.date_of_birth = p.date_of_birth;
                patch.email = p.email;
                patch.phone = p.phone;
                const char* action = id ? "updated" : "created";
                if (id)
                    update_client(*id, patch);
                else
                    id = create_client(patch);
                patient_ids.push_back(*id);
                out["patients"].push_back(
                    {{"path", p.path}, {"client_id", *id}, {"action", action}});
            });
        }
        for (const auto& r : batch.responses) {
            at_path(r.path, [&] {
                MeasureInput in;
                switch (r.subject.kind) {
                case fhir::Subject::Kind::patient:
                    in.client_id = patient_ids.at(r.subject.patient);
                    break;
                case fhir::Subject::Kind::client:
                    in.client_id = r.subject.client_id;
                    break;
                case fhir::Subject::Kind::external_id: {
                    // A client the actor cannot see answers as a missing one.
                    auto id = store::find_client_id_by_external(*db_, r.subject.external_id);
                    Sought sought{"client", id.value_or(0),
                                  "subject.identifier: no client has that id"};
                    if (!id) not_found("create", sought);
                    in.client_id = visible_client("create", *id, sought).id;
                    break;
                }
                }
                in.case_id = case_id;
                in.instrument = r.instrument;
                in.administered_on = r.authored;
                in.answers = r.answers;
                Id id = record_measure(in);
                json m = measure_json(id);
                json flags = json::array();
                for (const auto& f : m["flags"])
                    flags.push_back(f["code"]);
                const json& total = m["total"];
                bool mismatch =
                    r.host_total &&
                    (!total.is_number() || std::fabs(total.get<double>() - *r.host_total) > 1e-6);
                out["administrations"].push_back(
                    {{"path", r.path},
                     {"id", id},
                     {"client_id", in.client_id},
                     {"instrument", r.instrument},
                     {"total", total},
                     {"host_total", r.host_total ? json(*r.host_total) : json(nullptr)},
                     {"total_mismatch", mismatch},
                     {"flags", flags}});
            });
        }
    };
    // One unit: a transaction of its own, or one savepoint in the host's.
    const bool own = !host_tx_;
    const std::size_t events = tx_events_.size();
    if (own) {
        begin();
    } else {
        try {
            db_->savepoint();
        } catch (...) {
            db_->rethrow_as_error();
        }
    }
    try {
        work();
        if (own)
            commit();
        else
            db_->release_savepoint();
    } catch (...) {
        if (own) {
            if (host_tx_) rollback();
        } else {
            forget_settings();
            db_->rollback_to_savepoint();
            tx_events_.resize(events);
        }
        try {
            throw;
        } catch (const Error&) {
            throw;
        } catch (...) {
            db_->rethrow_as_error();
        }
    }
    return out;
}

json Practice::fhir_import_text(const std::string& text, Id case_id) {
    if (text.size() > fhir::import_max_bytes)
        fail(Errc::invalid,
             "the FHIR input is larger than " + std::to_string(fhir::import_max_bytes) + " bytes");
    if (!is_valid_utf8(text)) fail(Errc::encoding, "the FHIR input is not valid UTF-8");
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) fail(Errc::invalid, "the FHIR input is not valid JSON");
    return fhir_import(j, case_id);
}

json Practice::fhir_import_file(const std::string& path, Id case_id) {
    return fhir_import_text(read_file(path, fhir::import_max_bytes), case_id);
}

} // namespace mend
