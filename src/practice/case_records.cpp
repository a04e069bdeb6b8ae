// What a clinician records on a case for its protocol: attestations,
// versioned treatment plans, and the partners' agreements.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/json_reader.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "protocol/checks.hpp"

#include <fmt/format.h>

namespace mend {

namespace {
using nlohmann::json;
json text(const Text& t) {
    return t ? json(*t) : json(nullptr);
}
json id_or_null(Id id) {
    return id ? json(id) : json(nullptr);
}
} // namespace

Id Practice::attest(protocol::Attestation a) {
    if (a.case_id <= 0) fail(Errc::invalid, "case_id must be a case's id");
    if (a.client_id < 0) fail(Errc::invalid, "client_id must be a client's id or 0");
    protocol::validate(a, today());
    Id id = 0;
    run([&] {
        Case c = visible_case("update", a.case_id);
        if (c.archived) fail(Errc::state, "that case is archived");
        // Under a limited-secrets policy only, the clinician records that a
        // secret disclosed individually suspends conjoint work.
        if (a.code == "secret_suspends_conjoint_work") {
            auto couple = c.individual() ? std::nullopt : store::find_couple(*db_, c.couple_id);
            if (!couple || couple->secrets_policy != "limited_secrets")
                fail(Errc::state, "only a couple's limited-secrets policy lets a disclosed secret "
                                  "suspend conjoint work");
        }
        if (a.client_id) {
            auto partners = partners_of(c);
            if (std::find(partners.begin(), partners.end(), a.client_id) == partners.end())
                fail(Errc::invalid, "an attestation about a person names a client of this case");
        }
        a.recorded_on = today().iso();
        a.recorded_by = actor().id;
        a.created_at = now_iso();
        id = store::insert_attestation(*db_, a);
        audit("create", "attestation", id);
    });
    return id;
}

nlohmann::json Practice::attestations_json(Id case_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_case("read", case_id);
        for (const auto& a : store::list_attestations(*db_, case_id))
            out.push_back({{"id", a.id},
                           {"case_id", a.case_id},
                           {"client_id", id_or_null(a.client_id)},
                           {"code", a.code},
                           {"value", a.value},
                           {"effective_on", text(a.effective_on)},
                           {"note", text(a.note)},
                           {"recorded_on", a.recorded_on},
                           {"recorded_by", a.recorded_by}});
        audit("read", "attestation_list", case_id);
    });
    return out;
}

int Practice::set_plan(Id case_id, const std::string& phase, const std::string& plan_text) {
    check_text("phase", phase, 40);
    json plan = protocol::validate_plan(plan_text);
    int version = 0;
    run([&] {
        auto ctx = protocol_context("update", case_id);
        if (ctx.kase.archived) fail(Errc::state, "that case is archived");
        if (!ctx.definition.phase(phase))
            fail(Errc::invalid, "the case's protocol has no phase with that code");
        auto latest = store::latest_plan(*db_, case_id, phase);
        protocol::PlanVersion p;
        p.case_id = case_id;
        p.phase = phase;
        p.version = latest ? latest->version + 1 : 1;
        p.plan = plan.dump();
        p.review_on = plan["review_on"].get<std::string>();
        p.created_by = actor().id;
        p.created_at = now_iso();
        Id id = store::insert_plan_version(*db_, p);
        version = p.version;
        audit("create", "treatment_plan", id);
    });
    return version;
}

nlohmann::json Practice::plan_json(Id case_id, const std::string& phase) {
    check_text("phase", phase, 40);
    json out;
    read([&] {
        actor();
        visible_case("read", case_id);
        auto p = store::latest_plan(*db_, case_id, phase);
        if (!p) fail(Errc::not_found, "no treatment plan for that phase yet");
        out = json::parse(p->plan);
        out["case_id"] = case_id;
        out["phase"] = phase;
        out["version"] = p->version;
        out["created_by"] = p->created_by;
        out["created_at"] = p->created_at;
        out["review_due"] =
            parse_date("review_on", *p->review_on).days_since_epoch() <= today().days_since_epoch();
        audit("read", "treatment_plan", p->id);
    });
    return out;
}

Id Practice::add_agreement(protocol::Agreement a) {
    if (a.case_id <= 0) fail(Errc::invalid, "case_id must be a case's id");
    JsonReader("agreement").code(json{{"kind", a.kind}}, "kind", "");
    check_text("text", a.text, 4000);
    a.agreed_on = a.agreed_on.empty()
                      ? today().iso()
                      : parse_date_in("agreed_on", a.agreed_on, earliest_date(), today()).iso();
    if (a.review_on) {
        Date review = parse_date("review_on", *a.review_on);
        if (review < parse_date("agreed_on", a.agreed_on))
            fail(Errc::invalid, "review_on is before agreed_on");
    }
    Id id = 0;
    run([&] {
        Case c = visible_case("update", a.case_id);
        if (c.archived) fail(Errc::state, "that case is archived");
        a.status = "active";
        a.created_by = actor().id;
        a.created_at = a.updated_at = now_iso();
        id = store::insert_agreement(*db_, a);
        store::insert_agreement_event(
            *db_, {0, id, 0, actor().id, "active", Text("agreed"), a.created_at});
        audit("create", "agreement", id);
    });
    return id;
}

void Practice::update_agreement(Id agreement_id, const std::string& status, const std::string& note,
                                Id broken_by) {
    if (!one_of(status, agreement_statuses))
        fail(Errc::invalid, "status must be one of: " + joined(agreement_statuses));
    if (!note.empty()) check_text("note", note, 4000);
    if (broken_by < 0) fail(Errc::invalid, "broken_by must be a client id or 0");
    if (broken_by && status != "broken") fail(Errc::invalid, "broken_by goes with status broken");
    run([&] {
        auto a = store::find_agreement(*db_, agreement_id);
        Sought sought{"agreement", agreement_id, "no agreement has that id"};
        if (!a) not_found("update", sought);
        Case c = visible_case("update", a->case_id, sought);
        if (c.archived) fail(Errc::state, "that case is archived");
        auto partners = partners_of(c);
        if (broken_by && std::find(partners.begin(), partners.end(), broken_by) == partners.end())
            fail(Errc::invalid, "broken_by names a client of this case");
        std::string at = now_iso();
        store::update_agreement_status(*db_, agreement_id, status, at);
        store::insert_agreement_event(*db_, {0, agreement_id, broken_by, actor().id, status,
                                             note.empty() ? Text() : Text(note), at});
        audit("update", "agreement", agreement_id);
        if (status == "broken") {
            // A broken agreement is a safety matter the gates read, until a
            // clinician resolves the flag with a note.
            std::vector<Id> who = broken_by ? std::vector<Id>{broken_by} : partners;
            for (Id client : who)
                raise_flags(
                    client, c.id, 0, 0, today().iso(),
                    {{"agreement_broken", "review",
                      fmt::format("Agreement {} ({}) recorded as broken: review with the partners",
                                  agreement_id, a->kind),
                      "", 0}});
        }
    });
}

nlohmann::json Practice::agreements_json(Id case_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_case("read", case_id);
        for (const auto& a : store::list_agreements(*db_, case_id)) {
            json history = json::array();
            for (const auto& e : store::list_agreement_events(*db_, a.id))
                history.push_back({{"status", e.status},
                                   {"note", text(e.note)},
                                   {"broken_by", id_or_null(e.broken_by)},
                                   {"actor_id", e.actor_id},
                                   {"at", e.at}});
            out.push_back({{"id", a.id},
                           {"case_id", a.case_id},
                           {"kind", a.kind},
                           {"text", a.text},
                           {"agreed_on", a.agreed_on},
                           {"review_on", text(a.review_on)},
                           {"status", a.status},
                           {"created_by", a.created_by},
                           {"history", history}});
        }
        audit("read", "agreement_list", case_id);
    });
    return out;
}

} // namespace mend
