#include "fhir/bundle.hpp"

#include "domain/billing.hpp"
#include "domain/text.hpp"
#include "fhir/questionnaire.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <sodium.h>

namespace mend::fhir {

namespace {

using nlohmann::json;

constexpr const char* terminology = "http://terminology.hl7.org/CodeSystem/";
constexpr const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr const char* cpt = "http://www.ama-assn.org/go/cpt";
constexpr const char* npi_system = "http://hl7.org/fhir/sid/us-npi";
constexpr const char* pos_system =
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
constexpr const char* ucum = "http://unitsofmeasure.org";

json coding(const std::string& system, const std::string& code, const std::string& display = "") {
    json c = {{"system", system}, {"code", code}};
    if (!display.empty()) c["display"] = display;
    return c;
}

json concept_of(json coding_value) {
    return {{"coding", json::array({std::move(coding_value)})}};
}

json identifier(const std::string& system, const std::string& value, const char* use = nullptr) {
    json i = {{"system", system}, {"value", value}};
    if (use) i["use"] = use;
    return i;
}

json ref(const std::string& type, const std::string& id) {
    return {{"reference", type + "/" + id}};
}

std::string client_id(Id id) {
    return "client-" + std::to_string(id);
}
json patient_ref(Id id) {
    return ref("Patient", client_id(id));
}
json practitioner_ref(Id id) {
    return ref("Practitioner", "clinician-" + std::to_string(id));
}

// Every resource is psychotherapy information, restricted.
json security_meta() {
    return {{"security", json::array({coding(std::string(terminology) + "v3-Confidentiality", "R",
                                             "restricted"),
                                      coding(std::string(terminology) + "v3-ActCode", "PSY",
                                             "psychiatry information sensitivity")})}};
}

class Builder {
  public:
    explicit Builder(const ExportData& d) : d_(d) {
        for (const auto& c : d_.clients)
            named_.insert(c.client.id);
    }

    json build() {
        for (const auto& c : d_.clients)
            patient(c);
        if (d_.couple) group(*d_.couple);
        for (const auto& [id, c] : d_.clinicians)
            practitioner(c);
        if (d_.kase.id)
            for (const auto& c : d_.clients)
                episode(c.client.id);
        for (const auto& x : d_.diagnoses)
            condition(x);
        if (d_.protocol) care_plan(*d_.protocol);
        for (const auto& s : d_.sessions)
            encounter(s);
        for (const auto& a : d_.administrations)
            administration(a);
        for (const auto& n : d_.notes)
            document(n);
        for (const auto& f : d_.flags)
            flag(f);
        for (const auto& r : d_.releases)
            consent(r);
        // A case's bundle, or a client's record.
        bool of_case = d_.kase.id != 0;
        Id id = of_case ? d_.kase.id : d_.clients.front().client.id;
        return {{"resourceType", "Bundle"},
                {"id", (of_case ? "case-" : "client-") + std::to_string(id)},
                {"meta", security_meta()},
                {"identifier",
                 identifier(of_case ? "urn:mend:case" : "urn:mend:client", std::to_string(id))},
                {"type", "collection"},
                {"timestamp", d_.generated_at},
                {"entry", entries_}};
    }

  private:
    const ExportData& d_;
    std::set<Id> named_;
    json entries_ = json::array();

    void add(const std::string& type, const std::string& id, json resource) {
        json r = {{"resourceType", type}, {"id", id}, {"meta", security_meta()}};
        r.update(resource);
        entries_.push_back(
            {{"fullUrl", std::string(entry_base) + type + "/" + id}, {"resource", r}});
    }

    // Who a record of these clients is about: the one client, else the couple.
    json subject_of(const std::vector<Id>& clients) const {
        if (clients.size() == 1) return patient_ref(clients.front());
        if (d_.couple) return ref("Group", "couple-" + std::to_string(d_.couple->id));
        return patient_ref(clients.front());
    }

    void patient(const ExportClient& x) {
        const Client& c = x.client;
        json ids = json::array({identifier("urn:mend:client", std::to_string(c.id))});
        if (c.external_id)
            ids.push_back(identifier("urn:mend:external-id", *c.external_id, "usual"));
        // HumanName.given is a list of names: mend keeps them as one text.
        auto given = [](const std::string& text) {
            json out = json::array();
            for (const auto& word : split(text, ' '))
                if (!word.empty()) out.push_back(word);
            return out;
        };
        json names = json::array(
            {{{"use", "official"}, {"family", c.family_name}, {"given", given(c.given_name)}}});
        if (c.preferred_name)
            names.push_back({{"use", "usual"}, {"given", given(*c.preferred_name)}});
        json p = {{"identifier", ids}, {"active", !c.archived}, {"name", names}};
        if (x.details) {
            json telecom = json::array();
            if (c.email) telecom.push_back({{"system", "email"}, {"value", *c.email}});
            if (c.phone) telecom.push_back({{"system", "phone"}, {"value", *c.phone}});
            if (!telecom.empty()) p["telecom"] = telecom;
            if (c.date_of_birth) p["birthDate"] = *c.date_of_birth;
        }
        add("Patient", client_id(c.id), p);
    }

    void group(const Couple& c) {
        json ids = json::array({identifier("urn:mend:couple", std::to_string(c.id))});
        if (c.external_id)
            ids.push_back(identifier("urn:mend:external-id", *c.external_id, "usual"));
        json members = json::array();
        for (Id id : {c.client_a_id, c.client_b_id})
            if (named_.count(id)) members.push_back({{"entity", patient_ref(id)}});
        add("Group", "couple-" + std::to_string(c.id),
            {{"identifier", ids},
             {"active", !c.archived},
             {"type", "person"},
             {"actual", true},
             {"code", {{"text", "couple in conjoint treatment"}}},
             {"quantity", 2},
             {"member", members}});
    }

    void practitioner(const Clinician& c) {
        json ids = json::array({identifier("urn:mend:clinician", std::to_string(c.id))});
        if (c.npi) ids.push_back(identifier(npi_system, *c.npi, "official"));
        if (c.external_id)
            ids.push_back(identifier("urn:mend:external-id", *c.external_id, "usual"));
        json p = {{"identifier", ids},
                  {"active", !c.archived},
                  {"name", json::array({{{"text", c.display_name}}})}};
        if (c.credentials)
            p["qualification"] = json::array({{{"code", {{"text", *c.credentials}}}}});
        add("Practitioner", "clinician-" + std::to_string(c.id), p);
    }

    // The case's status as an episode's (EpisodeOfCare.status, required binding).
    std::string episode_status() const {
        if (d_.kase.status == "closed") return "finished";
        if (d_.kase.status == "on_hold") return "onhold";
        return "active";
    }

    std::string episode_id(Id client) const {
        return fmt::format("case-{}-client-{}", d_.kase.id, client);
    }

    void episode(Id client) {
        const Case& k = d_.kase;
        json ids = json::array({identifier("urn:mend:case", std::to_string(k.id))});
        if (k.external_id)
            ids.push_back(identifier("urn:mend:external-id", *k.external_id, "usual"));
        json period = {{"start", k.opened_on}};
        if (k.closed_on) period["end"] = *k.closed_on;
        json e = {{"identifier", ids},
                  {"status", episode_status()},
                  {"type", json::array({{{"text", k.individual() ? "individual psychotherapy"
                                                                 : "conjoint couple therapy"}}})},
                  {"patient", patient_ref(client)},
                  {"period", period},
                  {"careManager", practitioner_ref(k.primary_clinician_id)}};
        json dx = json::array();
        for (const auto& x : d_.diagnoses)
            if (x.client_id == client && !x.resolved_on)
                dx.push_back(
                    {{"condition", ref("Condition", "diagnosis-" + std::to_string(x.id))},
                     {"role", concept_of(coding(std::string(terminology) + "diagnosis-role", "CC",
                                                "Chief complaint"))},
                     {"rank", x.rank}});
        if (!dx.empty()) e["diagnosis"] = dx;
        add("EpisodeOfCare", episode_id(client), e);
    }

    void condition(const Diagnosis& x) {
        const DiagnosisCode* known = find_diagnosis_code(x.code);
        json c = {
            {"clinicalStatus", concept_of(coding(std::string(terminology) + "condition-clinical",
                                                 x.resolved_on ? "resolved" : "active"))},
            {"verificationStatus",
             concept_of(coding(std::string(terminology) + "condition-ver-status", "confirmed"))},
            {"category",
             json::array({concept_of(
                 coding(std::string(terminology) + "condition-category", "encounter-diagnosis"))})},
            {"code", concept_of(coding(icd10cm, x.code, known ? known->title : ""))},
            {"subject", patient_ref(x.client_id)},
            {"recordedDate", x.created_at},
            {"recorder", practitioner_ref(x.recorded_by)}};
        if (x.onset_on) c["onsetDateTime"] = *x.onset_on;
        if (x.resolved_on) c["abatementDateTime"] = *x.resolved_on;
        add("Condition", "diagnosis-" + std::to_string(x.id), c);
    }

    std::vector<Id> client_ids() const {
        std::vector<Id> ids;
        for (const auto& c : d_.clients)
            ids.push_back(c.client.id);
        return ids;
    }

    std::string care_plan_status() const {
        if (d_.kase.status == "closed") return "completed";
        if (d_.kase.status == "on_hold") return "on-hold";
        return "active";
    }

    void care_plan(const ExportProtocol& p) {
        const auto& def = p.definition;
        std::string plan_id = "case-" + std::to_string(d_.kase.id);
        json subject = subject_of(client_ids());
        json goals = json::array();
        if (d_.plan) goals = plan_goals(*d_.plan, subject);
        // Each phase of the protocol, with the periods the case spent in it.
        json activity = json::array();
        std::string current = p.entries.empty() ? "" : p.entries.back().phase;
        for (const auto& ph : def.phases) {
            json periods = json::array();
            for (std::size_t i = 0; i < p.entries.size(); ++i) {
                if (p.entries[i].phase != ph.code) continue;
                json period = {{"start", p.entries[i].entered_on}};
                if (i + 1 < p.entries.size()) period["end"] = p.entries[i + 1].entered_on;
                periods.push_back(period);
            }
            std::string status = ph.code == current
                                     ? (d_.kase.status == "closed"    ? "completed"
                                        : d_.kase.status == "on_hold" ? "on-hold"
                                                                      : "in-progress")
                                 : periods.empty() ? "not-started"
                                                   : "completed";
            json detail = {
                {"code", concept_of(coding("urn:mend:protocol:" + def.code, ph.code, ph.name))},
                {"status", status},
                {"description", ph.name + " (" + ph.track + " track)"}};
            if (!periods.empty()) detail["scheduledPeriod"] = periods.back();
            json a = {{"detail", detail}};
            if (periods.size() > 1)
                a["progress"] =
                    json::array({{{"text", fmt::format("entered {} times", periods.size())}}});
            activity.push_back(a);
        }
        json cp = {
            {"identifier", json::array({identifier("urn:mend:case", std::to_string(d_.kase.id))})},
            {"instantiatesUri",
             json::array({"urn:mend:protocol:" + def.code + "|" + std::to_string(def.version)})},
            {"status", care_plan_status()},
            {"intent", "plan"},
            {"title", def.name},
            {"subject", subject},
            {"period", {{"start", p.assignment.started_on}}},
            {"author", practitioner_ref(d_.kase.primary_clinician_id)},
            {"activity", activity}};
        if (d_.kase.closed_on) cp["period"]["end"] = *d_.kase.closed_on;
        if (!goals.empty()) cp["goal"] = goals;
        add("CarePlan", plan_id, cp);
        // Each phase change, with who, when and (for the clinicians) why.
        for (const auto& e : p.entries)
            phase_provenance(e, plan_id);
    }

    json plan_goals(const protocol::PlanVersion& plan, const json& subject) {
        json refs = json::array();
        json parsed = json::parse(plan.plan, nullptr, false);
        if (!parsed.is_object() || !parsed.contains("goals")) return refs;
        int k = 0;
        for (const auto& g : parsed["goals"]) {
            ++k;
            std::string id = fmt::format("plan-{}-goal-{}", plan.id, k);
            json targets = json::array();
            for (const auto& o : g.value("objectives", json::array())) {
                json t = {{"measure", {{"text", o.value("text", "")}}}};
                if (o.contains("target_date")) t["dueDate"] = o["target_date"];
                targets.push_back(t);
            }
            json goal = {{"lifecycleStatus", "active"},
                         {"description", {{"text", g.value("text", "")}}},
                         {"subject", subject},
                         {"startDate", plan.created_at.substr(0, 10)},
                         {"expressedBy", practitioner_ref(plan.created_by)}};
            if (!targets.empty()) goal["target"] = targets;
            add("Goal", id, goal);
            refs.push_back(ref("Goal", id));
        }
        return refs;
    }

    void phase_provenance(const protocol::PhaseEntry& e, const std::string& plan_id) {
        json p = {
            {"target", json::array({ref("CarePlan", plan_id)})},
            {"occurredDateTime", e.entered_on},
            {"recorded", e.created_at},
            {"activity",
             {{"coding", json::array({coding("urn:mend:phase-change", e.kind)})},
              {"text", e.kind + " to phase " + e.phase}}},
            {"agent", json::array({{{"type", concept_of(coding(std::string(terminology) +
                                                                   "provenance-participant-type",
                                                               "author"))},
                                    {"who", practitioner_ref(e.actor_id)}}})}};
        if (d_.reasoning) {
            json reasons = json::array();
            if (e.rationale) reasons.push_back({{"text", "rationale: " + *e.rationale}});
            if (e.safety_plan) reasons.push_back({{"text", "safety plan: " + *e.safety_plan}});
            if (!reasons.empty()) p["reason"] = reasons;
        }
        add("Provenance", "phase-entry-" + std::to_string(e.id), p);
    }

    void encounter(const Session& s) {
        bool video = s.modality == "video", phone = s.modality == "phone";
        json type = json::array({concept_of(coding(cpt, s.cpt_code))});
        for (const auto& add_on : add_on_codes(s)) {
            json t = concept_of(coding(cpt, add_on.code));
            if (add_on.units > 1)
                t["text"] = fmt::format("{} x {} units", add_on.code, add_on.units);
            type.push_back(t);
        }
        // The billed patient, when the bundle names them (a 90846 bills a
        // partner who was not there, who may not be named in a release).
        Id billed = s.identified_patient_id && named_.count(s.identified_patient_id)
                        ? s.identified_patient_id
                    : s.participants.size() == 1 ? s.participants.front()
                                                 : 0;
        json e = {
            {"identifier", json::array({identifier("urn:mend:session", std::to_string(s.id))})},
            {"status", s.starts_utc > d_.generated_at ? "planned" : "finished"},
            {"class", coding(std::string(terminology) + "v3-ActCode", video || phone ? "VR" : "AMB",
                             video || phone ? "virtual" : "ambulatory")},
            {"type", type},
            {"subject", billed ? patient_ref(billed) : subject_of(s.participants)},
            {"participant",
             json::array({{{"type", json::array({concept_of(
                                        coding(std::string(terminology) + "v3-ParticipationType",
                                               "PPRF", "primary performer"))})},
                           {"individual", practitioner_ref(s.created_by)}}})},
            {"period", {{"start", s.starts_at + ":00" + s.utc_offset}}},
            {"length",
             {{"value", s.duration_minutes}, {"unit", "min"}, {"system", ucum}, {"code", "min"}}}};
        json ext = json::array();
        for (Id c : s.participants)
            if (named_.count(c))
                ext.push_back({{"url", "urn:mend:fhir:extension:attendee"},
                               {"valueReference", patient_ref(c)}});
        if (s.place_of_service)
            ext.push_back({{"url", "urn:mend:fhir:extension:place-of-service"},
                           {"valueCoding", coding(pos_system, *s.place_of_service)}});
        for (const auto& m : s.modifiers)
            ext.push_back(
                {{"url", "urn:mend:fhir:extension:cpt-modifier"}, {"valueCoding", coding(cpt, m)}});
        e["extension"] = ext;
        json episodes = json::array();
        for (Id c : s.participants)
            if (d_.kase.id && named_.count(c))
                episodes.push_back(ref("EpisodeOfCare", episode_id(c)));
        if (!episodes.empty()) e["episodeOfCare"] = episodes;
        json dx = json::array();
        int rank = 0;
        for (Id id : s.diagnosis_ids)
            if (has_diagnosis(id))
                dx.push_back({{"condition", ref("Condition", "diagnosis-" + std::to_string(id))},
                              {"use", concept_of(coding(std::string(terminology) + "diagnosis-role",
                                                        "billing", "Billing"))},
                              {"rank", ++rank}});
        if (!dx.empty()) e["diagnosis"] = dx;
        add("Encounter", "session-" + std::to_string(s.id), e);
    }

    bool has_diagnosis(Id id) const {
        return std::any_of(d_.diagnoses.begin(), d_.diagnoses.end(),
                           [&](const Diagnosis& x) { return x.id == id; });
    }

    void administration(const measures::Administration& a) {
        auto it = d_.instruments.find(instrument_key(a.instrument, a.instrument_version));
        if (it == d_.instruments.end()) return;
        const measures::Instrument& in = it->second;
        json q = questionnaire(in);
        // Each answered item, with the answer option the form offered for it.
        json items = json::array();
        for (const auto& [number, chosen] : a.answers) {
            if (!chosen) continue;
            for (std::size_t i = 0; i < in.items.size(); ++i) {
                const auto& item = in.items[i];
                if (item.number != number || *chosen < item.min || *chosen > item.max) continue;
                json answer =
                    q["item"][i]["answerOption"][static_cast<std::size_t>(*chosen - item.min)];
                if (answer.contains("valueCoding")) answer["valueCoding"].erase("extension");
                items.push_back({{"linkId", std::to_string(number)},
                                 {"text", item.text},
                                 {"answer", json::array({answer})}});
            }
        }
        std::string id = "administration-" + std::to_string(a.id);
        add("QuestionnaireResponse", id,
            {{"questionnaire", questionnaire_url(in) + "|" + std::to_string(in.version)},
             {"status", "completed"},
             {"subject", patient_ref(a.client_id)},
             {"authored", a.administered_on},
             {"author", practitioner_ref(a.entered_by)},
             {"item", items}});
        json code = in.loinc_total.empty()
                        ? coding(local_system, in.code + "/total", in.name + " total score")
                        : coding(loinc_system, in.loinc_total, in.name + " total score");
        json o = {{"status", "final"},
                  {"category",
                   json::array({concept_of(coding(std::string(terminology) + "observation-category",
                                                  "survey", "Survey"))})},
                  {"code", concept_of(code)},
                  {"subject", patient_ref(a.client_id)},
                  {"effectiveDateTime", a.administered_on},
                  {"performer", json::array({practitioner_ref(a.entered_by)})},
                  {"derivedFrom", json::array({ref("QuestionnaireResponse", id)})}};
        if (a.total)
            o["valueQuantity"] = {
                {"value", *a.total}, {"unit", "{score}"}, {"system", ucum}, {"code", "{score}"}};
        else
            o["dataAbsentReason"] = concept_of(
                coding(std::string(terminology) + "data-absent-reason", "not-performed"));
        if (a.band) o["interpretation"] = json::array({{{"text", *a.band}}});
        if (a.prorated) o["note"] = json::array({{{"text", "total prorated for missing items"}}});
        add("Observation", id, o);
    }

    void document(const ExportNote& x) {
        const Note& n = x.note;
        std::string id = "note-" + std::to_string(n.id);
        json attachment = {{"contentType", "text/plain; charset=utf-8"},
                           {"title", "Progress note (" + n.format + ")"}};
        if (x.text) {
            const std::string& text = x.body;
            std::string b64(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_ORIGINAL),
                            '\0');
            sodium_bin2base64(b64.data(), b64.size(),
                              reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                              sodium_base64_VARIANT_ORIGINAL);
            b64.resize(b64.size() - 1); // the terminating NUL
            attachment["data"] = b64;
        } else {
            attachment["title"] = "Progress note (" + n.format + "; text not released)";
        }
        json d = {{"status", "current"},
                  {"docStatus", "final"},
                  {"type", concept_of(coding(loinc_system, "11506-3", "Progress note"))},
                  {"subject", subject_of(x.participants)},
                  {"author", json::array({practitioner_ref(n.author_id)})},
                  {"authenticator", practitioner_ref(n.signed_by)},
                  {"content", json::array({{{"attachment", attachment}}})},
                  {"context",
                   {{"encounter",
                     json::array({ref("Encounter", "session-" + std::to_string(n.session_id))})}}}};
        if (n.signed_at) d["date"] = *n.signed_at;
        if (x.addenda > 0)
            d["description"] =
                fmt::format("{} signed addend{} in mend", x.addenda, x.addenda == 1 ? "um" : "a");
        add("DocumentReference", id, d);
        if (n.signed_at) {
            json sig = {
                {"type", json::array({coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.1",
                                             "Author's Signature")})},
                {"when", *n.signed_at},
                {"who", practitioner_ref(n.signed_by)}};
            add("Provenance", "signature-" + id,
                {{"target", json::array({ref("DocumentReference", id)})},
                 {"recorded", *n.signed_at},
                 {"activity", concept_of(coding(std::string(terminology) + "v3-DataOperation",
                                                "CREATE", "create"))},
                 {"agent",
                  json::array({{{"type", concept_of(coding(std::string(terminology) +
                                                               "provenance-participant-type",
                                                           "author"))},
                                {"who", practitioner_ref(n.signed_by)}}})},
                 {"signature", json::array({sig})}});
        }
    }

    void flag(const measures::Flag& f) {
        add("Flag", "flag-" + std::to_string(f.id),
            {{"status", f.status == "open" ? "active" : "inactive"},
             {"category", json::array({concept_of(coding(std::string(terminology) + "flag-category",
                                                         "safety", "Safety"))})},
             {"code",
              {{"coding", json::array({coding("urn:mend:flag", f.code)})}, {"text", f.message}}},
             {"subject", patient_ref(f.client_id)},
             {"period", {{"start", f.raised_on}}},
             {"extension", json::array({{{"url", "urn:mend:fhir:extension:flag-severity"},
                                         {"valueCode", f.severity}}})}});
    }

    void consent(const ExportRelease& r) {
        json performers = json::array();
        for (Id c : r.authorised)
            if (named_.count(c)) performers.push_back(patient_ref(c));
        json c = {
            {"status", r.expired ? "inactive" : "active"},
            {"scope", concept_of(coding(std::string(terminology) + "consentscope",
                                        "patient-privacy", "Privacy Consent"))},
            {"category",
             json::array({concept_of(coding(loinc_system, "59284-0", "Patient Consent"))})},
            {"patient", patient_ref(r.for_client_id)},
            {"dateTime", r.created_at},
            {"policyRule", concept_of(coding(std::string(terminology) + "v3-ActCode", "OPTIN"))},
            {"provision",
             {{"type", "permit"},
              {"period", {{"start", r.created_on}, {"end", r.expires_on}}},
              {"actor", json::array({{{"role", concept_of(coding(std::string(terminology) +
                                                                     "v3-ParticipationType",
                                                                 "IRCP", "information recipient"))},
                                      {"reference", {{"display", r.recipient}}}}})},
              {"purpose", json::array({{{"display", r.purpose}}})}}}};
        if (!performers.empty()) c["performer"] = performers;
        add("Consent", "release-" + std::to_string(r.id), c);
    }
};

} // namespace

std::string instrument_key(const std::string& code, int version) {
    return code + "/" + std::to_string(version);
}

nlohmann::json bundle(const ExportData& data) {
    return Builder(data).build();
}

} // namespace mend::fhir
