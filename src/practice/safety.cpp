// Safety screens (given to each partner privately) and safety flags, which
// stay open until a clinician resolves them with a note.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "measures/safety_screen.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

namespace mend {

namespace {
using nlohmann::json;

json flag_json(const measures::Flag& f) {
    auto id = [](Id v) { return v ? json(v) : json(nullptr); };
    return {{"id", f.id},
            {"client_id", f.client_id},
            {"case_id", id(f.case_id)},
            {"administration_id", id(f.administration_id)},
            {"screen_id", id(f.screen_id)},
            {"code", f.code},
            {"severity", f.severity},
            {"message", f.message},
            {"source", f.source},
            {"raised_on", f.raised_on},
            {"raised_at", f.raised_at},
            {"status", f.status},
            {"resolved_by", id(f.resolved_by)},
            {"resolved_at", f.resolved_at ? json(*f.resolved_at) : json(nullptr)},
            {"resolution_note", f.resolution_note ? json(*f.resolution_note) : json(nullptr)}};
}
} // namespace

Id Practice::record_safety_screen(measures::SafetyScreen s) {
    if (s.client_id <= 0) fail(Errc::invalid, "client_id must be a client's id");
    if (s.case_id < 0) fail(Errc::invalid, "case_id must be a case's id or 0");
    measures::validate(s);
    s.administered_on =
        s.administered_on.empty()
            ? today().iso()
            : parse_date_in("administered_on", s.administered_on, earliest_date(), today()).iso();
    Id id = 0;
    run([&] {
        Client client = visible_client("create", s.client_id);
        if (client.archived) fail(Errc::state, "that client is archived");
        check_case_of_client(s.case_id, s.client_id);
        s.entered_by = actor().id;
        s.created_at = now_iso();
        id = store::insert_safety_screen(*db_, s);
        audit("create", "safety_screen", id);
        raise_flags(s.client_id, s.case_id, 0, id, s.administered_on, measures::screen_flags(s));
    });
    return id;
}

nlohmann::json Practice::safety_screens_json(Id client_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_client("read", client_id);
        for (const auto& s : store::list_safety_screens(*db_, client_id)) {
            auto opt = [](const Text& t) { return t ? json(*t) : json(nullptr); };
            out.push_back({{"id", s.id},
                           {"client_id", s.client_id},
                           {"case_id", s.case_id ? json(s.case_id) : json(nullptr)},
                           {"administered_on", s.administered_on},
                           {"ipv", s.ipv},
                           {"ipv_instrument", opt(s.ipv_instrument)},
                           {"suicide_risk", s.suicide_risk},
                           {"suicide_instrument", opt(s.suicide_instrument)},
                           {"entered_by", s.entered_by},
                           {"created_at", s.created_at}});
            audit("read", "safety_screen", s.id);
        }
    });
    return out;
}

nlohmann::json Practice::flags_json(const store::FlagFilter& filter) {
    if (filter.client_id < 0 || filter.case_id < 0 || filter.clinician_id < 0)
        fail(Errc::invalid, "filter ids must not be negative");
    json out = json::array();
    read([&] {
        if (filter.client_id) visible_client("read", filter.client_id);
        if (filter.case_id) visible_case("read", filter.case_id);
        if (filter.clinician_id && filter.clinician_id != actor().id && !actor().sees_everything())
            deny("read", "safety_flag", 0);
        for (const auto& f : store::list_flags(*db_, viewer(), filter)) {
            out.push_back(flag_json(f));
            audit("read", "safety_flag", f.id);
        }
    });
    return out;
}

void Practice::resolve_flag(Id flag_id, const std::string& note) {
    check_text("note", note, 4000);
    run([&] {
        actor();
        auto f = store::find_flag(*db_, flag_id);
        Sought sought{"safety_flag", flag_id, "no safety flag has that id"};
        if (!f) not_found("update", sought);
        visible_client("update", f->client_id, sought);
        if (f->status != "open") fail(Errc::state, "that flag is already resolved");
        f->resolved_by = actor().id;
        f->resolved_at = now_iso();
        f->resolution_note = note;
        store::resolve_flag(*db_, *f);
        audit("update", "safety_flag", flag_id);
        queue_event(EventKind::flag_resolved, flag_id, f->case_id, f->client_id);
    });
}

} // namespace mend
