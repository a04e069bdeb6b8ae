// Break the glass: a clinician opens a client's record outside their
// caseload, for a stated reason and a bounded time; every look-up made under
// the grant is audited as "emergency_access", and supervisors review the
// grants with the accesses made under each.
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

#include <fmt/format.h>

namespace mend {

namespace {

// Characters, not bytes: a reason in any script is held to the same minimum.
std::size_t characters(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

} // namespace

std::optional<store::EmergencyGrant> Practice::emergency_grant(Id client_id) {
    return store::active_emergency_grant(*db_, actor().id, client_id, now_us());
}

Id Practice::open_emergency(Id client_id, const std::string& reason, int minutes) {
    check_text("reason", reason, emergency_reason_max_bytes);
    if (minutes < 0 || minutes > emergency_minutes_max)
        fail(Errc::invalid, fmt::format("minutes must be between 1 and {} (0: {})",
                                        emergency_minutes_max, emergency_minutes_default));
    if (minutes == 0) minutes = emergency_minutes_default;
    Id id = 0;
    run([&] {
        if (!store::find_client(*db_, client_id)) fail(Errc::not_found, "no client has that id");
        const int min = store::practice_emergency_reason_min(*db_);
        if (characters(reason) < static_cast<std::size_t>(min))
            fail(Errc::invalid,
                 fmt::format("reason must be at least {} characters (a practice setting)", min));
        if (sees_client(client_id))
            fail(Errc::state, "that client's record is already open to the actor");
        store::EmergencyGrant g;
        g.clinician_id = actor().id;
        g.client_id = client_id;
        g.reason = reason;
        g.opened_us = now_us();
        g.expires_us = g.opened_us + static_cast<long long>(minutes) * 60 * 1000000;
        id = store::insert_emergency_grant(*db_, g);
        audit("emergency_open", "client", client_id);
        audit("create", "emergency_grant", id);
        queue_event(EventKind::emergency_access, id, 0, client_id);
    });
    return id;
}

nlohmann::json Practice::emergency_report_json() {
    using nlohmann::json;
    json out;
    read([&] {
        if (!actor().sees_everything()) deny("report", "emergency_grant", 0);
        json grants = json::array();
        for (const auto& g : store::list_emergency_grants(*db_, 0, audit_limit_max)) {
            auto who = store::find_clinician(*db_, g.clinician_id);
            store::AuditQuery q;
            q.actor_id = g.clinician_id;
            q.from_us = g.opened_us;
            q.to_us = g.expires_us;
            q.limit = audit_limit_max;
            q.objects = std::map<std::string, std::vector<Id>>{{"client", {g.client_id}}};
            json accesses = json::array();
            for (const auto& e : store::list_audit_where(*db_, q))
                if (e.action == "emergency_access") accesses.push_back(audit_event_json(e));
            // Cases: the client's individual cases, any of them.
            store::CaseFilter filter;
            filter.client_id = g.client_id;
            store::Page page;
            page.include_archived = true;
            page.limit = 1000;
            std::vector<Id> cases;
            for (const auto& c : store::list_cases(*db_, {0, true}, page, filter))
                if (c.individual()) cases.push_back(c.id);
            if (!cases.empty()) {
                q.objects = std::map<std::string, std::vector<Id>>{{"case", cases}};
                for (const auto& e : store::list_audit_where(*db_, q))
                    if (e.action == "emergency_access") accesses.push_back(audit_event_json(e));
            }
            std::sort(accesses.begin(), accesses.end(),
                      [](const json& a, const json& b) { return a["seq"] < b["seq"]; });
            grants.push_back({{"grant_id", g.id},
                              {"clinician_id", g.clinician_id},
                              {"clinician_name", who ? who->display_name : std::string()},
                              {"client_id", g.client_id},
                              {"opened_at", iso_from_us(g.opened_us)},
                              {"expires_at", iso_from_us(g.expires_us)},
                              {"reason", g.reason},
                              {"reason_length", characters(g.reason)},
                              {"accesses", accesses}});
        }
        out = {{"reason_min", store::practice_emergency_reason_min(*db_)}, {"grants", grants}};
        audit("report", "emergency_grant", 0);
    });
    return out;
}

void Practice::set_emergency_reason_min(int n) {
    if (n < 1 || n > emergency_reason_min_max)
        fail(Errc::invalid, fmt::format("the shortest reason must be between 1 and {} characters",
                                        emergency_reason_min_max));
    run([&] {
        require_admin("update", "practice", 0);
        store::set_practice_emergency_reason_min(*db_, n);
        audit("update", "practice", 0);
    });
}

int Practice::emergency_reason_min() {
    int n = 0;
    read([&] {
        actor();
        n = store::practice_emergency_reason_min(*db_);
    });
    return n;
}

} // namespace mend
