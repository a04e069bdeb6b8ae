// Releases: a copy of a case report prepared for one partner, to a named
// recipient for a purpose, until a date; its joint content needs every
// partner's authorisation (the policy is src/report/disclosure.hpp).
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

#include <algorithm>

namespace mend {

Id Practice::create_release(store::Release r) {
    check_text("recipient", r.recipient, max_short_text);
    check_text("purpose", r.purpose, 400);
    Date expires = parse_date("expires_on", r.expires_on);
    if (expires < today()) fail(Errc::invalid, "expires_on is in the past");
    Id id = 0;
    run([&] {
        Case c = visible_case("release", r.case_id);
        auto partners = partners_of(c);
        if (std::find(partners.begin(), partners.end(), r.for_client_id) == partners.end())
            fail(Errc::invalid, "a release is prepared for a client of the case");
        r.created_on = today().iso();
        r.created_by = actor().id;
        r.created_at = now_iso();
        id = store::insert_release(*db_, r);
        audit("create", "release", id);
        queue_event(EventKind::release_created, id, r.case_id, r.for_client_id);
    });
    return id;
}

void Practice::authorise_release(Id release_id, Id client_id) {
    run([&] {
        auto r = store::find_release(*db_, release_id);
        Sought sought{"release", release_id, "no release has that id"};
        if (!r) not_found("authorise", sought);
        Case c = visible_case("authorise", r->case_id, sought);
        auto partners = partners_of(c);
        if (std::find(partners.begin(), partners.end(), client_id) == partners.end())
            fail(Errc::invalid, "only a client of the case authorises its joint content");
        if (std::find(r->authorised.begin(), r->authorised.end(), client_id) != r->authorised.end())
            fail(Errc::state, "that client has already authorised this release");
        store::insert_release_authorisation(*db_, release_id, client_id, today().iso(), actor().id);
        audit("authorise", "release", release_id);
    });
}

nlohmann::json Practice::release_accounting_json(Id client_id) {
    using nlohmann::json;
    json out;
    read([&] {
        Client k = visible_client("accounting", client_id);
        out = {{"client_id", k.id}, {"generated_on", today().iso()}};
        json disclosures = json::array();
        store::CaseFilter filter;
        filter.client_id = client_id;
        store::Page page;
        page.include_archived = true;
        page.limit = 1000;
        // Every case the client is in: a release to either partner that holds
        // joint content discloses this client's part of the couple's record.
        for (const auto& c : store::list_cases(*db_, {0, true}, page, filter)) {
            auto partners = partners_of(c);
            for (const auto& r : store::list_releases(*db_, c.id)) {
                const report::Disclosure may = disclosure(c, partners, r);
                bool own = r.for_client_id == client_id;
                bool joint = !c.individual() && may.authorised_by_all();
                if (!own && !joint) continue; // it holds nothing of this client
                json provided = json::array();
                for (const auto& e : store::list_audit_of(*db_, "release", r.id))
                    if (e.action == "release" && e.outcome == "ok")
                        provided.push_back(iso_from_us(e.at_us));
                disclosures.push_back({{"release_id", r.id},
                                       {"case_id", c.id},
                                       {"for_client_id", r.for_client_id},
                                       {"created_on", r.created_on},
                                       {"expires_on", r.expires_on},
                                       {"recipient", r.recipient},
                                       {"purpose", r.purpose},
                                       {"holds", {{"own_record", own}, {"joint_content", joint}}},
                                       {"authorised_by", r.authorised},
                                       {"provided", provided}});
            }
        }
        out["disclosures"] = disclosures;
        audit("accounting", "client", client_id);
    });
    return out;
}

} // namespace mend
