// Audit reports (Practice::audit_report): by client (every record of the
// client's, never a partner's individual record), by actor, by the
// practice's dates, paged, as JSON and RFC 4180 CSV; supervisors and admins
// only, each report audited; bad options refused before anything is read.
#include "fixture.hpp"

#include "domain/catalog.hpp"

#include <set>

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

namespace {

nlohmann::json report(mend::Practice& p, mend::AuditReportOptions o) {
    return nlohmann::json::parse(p.audit_report(o));
}

// The (action, object_type, object_id, actor_id) of each event.
std::multiset<std::tuple<std::string, std::string, long long, long long>>
shape(const nlohmann::json& events) {
    std::multiset<std::tuple<std::string, std::string, long long, long long>> out;
    for (const auto& e : events)
        out.emplace(e["action"].get<std::string>(), e["object_type"].get<std::string>(),
                    e["object_id"].is_null() ? 0 : e["object_id"].get<long long>(),
                    e["actor_id"].is_null() ? 0 : e["actor_id"].get<long long>());
    return out;
}

int reports_by(mend::Practice& p, const std::string& outcome, Id actor) {
    return count_events(all_events(p), "report", "audit_log", -1, outcome, actor);
}

} // namespace

TEST_CASE("a client's report lists the events about that client's record only",
          "[store][audit][audit_report]") {
    Fresh f;
    Id x = f.clinician("Xavier"), y = f.clinician("Yolanda");
    Id s = f.clinician("Sam", "supervisor");
    Id a = f.client("Alex"), b = f.client("Blair"), c = f.client("Casey");
    Id couple = f.couple(a, b);
    Id joint = f.conjoint_case(couple, x);
    Id b_alone = f.individual_case(b, x);
    Id c_case = f.individual_case(c, y);
    auto px = f.handle(x);
    auto py = f.handle(y);
    auto ps = f.handle(s);
    px->set_now("2027-01-05T15:00:00Z");
    py->set_now("2027-01-06T15:00:00Z");

    px->get_client(a);
    px->get_case(joint);
    mend::measures::SafetyScreen screen;
    screen.client_id = a;
    screen.case_id = joint;
    screen.ipv = "none";
    screen.suicide_risk = "none";
    Id a_screen = px->record_safety_screen(screen);
    screen.client_id = b;
    Id b_screen = px->record_safety_screen(screen); // Blair's, on the joint case
    px->get_case(b_alone);                          // Blair's individual case
    py->get_client(c);
    py->get_case(c_case);
    CHECK(error_of([&] { py->get_client(a); }) == Errc::not_found);

    auto events = report(*ps, {a, 0, "", "", mend::audit_report_json, 0, 0});
    // Exactly the events about Alex, their couple and the joint case, and
    // Alex's own screen: not Blair's screen, not Blair's individual case,
    // not Casey's record. The refused read is there, with its actor.
    auto expected = shape(all_events(*f.p));
    for (auto it = expected.begin(); it != expected.end();) {
        const auto& [action, type, id, who] = *it;
        bool alex = (type == "client" && id == a) || (type == "couple" && id == couple) ||
                    (type == "case" && id == joint) || (type == "safety_screen" && id == a_screen);
        it = alex ? std::next(it) : expected.erase(it);
    }
    CHECK(shape(events) == expected);
    CHECK(expected.count({"read", "client", a, x}) == 1);
    CHECK(expected.count({"read", "case", joint, x}) == 1);
    CHECK(expected.count({"create", "safety_screen", a_screen, x}) == 1);
    for (const auto& e : events) {
        CHECK(e["object_id"] != b_alone);
        CHECK(!(e["object_type"] == "safety_screen" && e["object_id"] == b_screen));
        if (e["action"] == "read" && e["object_type"] == "client") {
            CHECK(e["actor_name"] == (e["actor_id"] == x ? "Xavier" : "Yolanda"));
        }
    }
    int denied = 0;
    for (const auto& e : events)
        if (e["outcome"] == "not_found") {
            ++denied;
            CHECK(e["actor_id"] == y);
            CHECK(e["actor_name"] == "Yolanda");
        }
    CHECK(denied == 1);
    for (std::size_t i = 1; i < events.size(); ++i)
        CHECK(events[i - 1]["seq"] < events[i]["seq"]);

    // Blair's report has Blair's individual case and screen, Casey's has
    // only Casey's record.
    auto blair = shape(report(*ps, {b, 0, "", "", mend::audit_report_json, 0, 0}));
    CHECK(blair.count({"read", "case", b_alone, x}) == 1);
    CHECK(blair.count({"create", "safety_screen", b_screen, x}) == 1);
    CHECK(blair.count({"create", "safety_screen", a_screen, x}) == 0);
    auto casey = report(*ps, {c, 0, "", "", mend::audit_report_json, 0, 0});
    for (const auto& e : casey)
        CHECK(((e["object_type"] == "client" && e["object_id"] == c) ||
               (e["object_type"] == "case" && e["object_id"] == c_case)));
    CHECK(shape(casey).count({"read", "client", c, y}) == 1);

    // By actor: Yolanda's events only, her read of Casey among them.
    auto by_y = report(*ps, {0, y, "", "", mend::audit_report_json, 0, 0});
    REQUIRE(!by_y.empty());
    for (const auto& e : by_y)
        CHECK(e["actor_id"] == y);
    CHECK(shape(by_y).count({"read", "client", c, y}) == 1);
    // Client and actor together narrow both ways.
    auto alex_by_y = report(*ps, {a, y, "", "", mend::audit_report_json, 0, 0});
    REQUIRE(alex_by_y.size() == 1);
    CHECK(alex_by_y[0]["outcome"] == "not_found");

    // Paging: one at a time gives the same events in order.
    nlohmann::json paged = nlohmann::json::array();
    long long after = 0;
    for (;;) {
        auto page = report(*ps, {a, 0, "", "", mend::audit_report_json, after, 1});
        if (page.empty()) break;
        REQUIRE(page.size() == 1);
        paged.push_back(page[0]);
        after = page[0]["seq"].get<long long>();
    }
    CHECK(paged == events);

    // Every report was audited as the supervisor's.
    CHECK(reports_by(*f.p, "ok", s) >= 6);
}

TEST_CASE("an audit report's dates are the practice's days", "[store][audit][audit_report]") {
    Fresh f;
    f.p->set_time_zone("America/Chicago");
    Id x = f.clinician("Xavier");
    Id s = f.clinician("Sam", "supervisor");
    Id a = f.client("Alex");
    f.individual_case(a, x);
    auto px = f.handle(x);
    auto ps = f.handle(s);
    px->set_now("2027-01-05T15:00:00Z"); // 09:00 on the 5th in Chicago
    px->get_client(a);
    px->set_now("2027-01-06T03:00:00Z"); // 21:00 on the 5th in Chicago
    px->get_client(a);
    px->set_now("2027-01-06T07:00:00Z"); // 01:00 on the 6th in Chicago
    px->get_client(a);
    px->set_now("2027-01-07T12:00:00Z");
    px->get_client(a);

    auto on = [&](const std::string& from, const std::string& to) {
        std::vector<std::string> at;
        for (const auto& e : report(*ps, {a, x, from, to, mend::audit_report_json, 0, 0}))
            if (e["action"] == "read") at.push_back(e["at"].get<std::string>().substr(0, 13));
        return at;
    };
    CHECK(on("2027-01-05", "2027-01-05") ==
          std::vector<std::string>{"2027-01-05T15", "2027-01-06T03"});
    CHECK(on("2027-01-06", "2027-01-06") == std::vector<std::string>{"2027-01-06T07"});
    CHECK(on("2027-01-06", "") == std::vector<std::string>{"2027-01-06T07", "2027-01-07T12"});
    CHECK(on("", "2027-01-04").empty());
    CHECK(on("", "").size() == 4);
}

TEST_CASE("an audit report as CSV follows RFC 4180", "[store][audit][audit_report]") {
    Fresh f;
    Id x = f.clinician("Dr \"Q\", PhD");
    Id d = f.clinician("=HYPERLINK(1)");
    Id a = f.client("Alex");
    f.individual_case(a, x);
    f.handle(x)->get_client(a);
    f.handle(d); // act_as only
    mend::AuditReportOptions o;
    o.format = mend::audit_report_csv;
    o.client_id = a;
    std::string csv = f.p->audit_report(o);
    CHECK(csv.rfind("seq,at,actor_id,actor_name,action,object_type,object_id,outcome\r\n", 0) == 0);
    CHECK(csv.find(",\"Dr \"\"Q\"\", PhD\",read,client," + std::to_string(a) + ",ok\r\n") !=
          std::string::npos);
    CHECK(csv.size() >= 2);
    CHECK(csv.substr(csv.size() - 2) == "\r\n");
    // Every line ends CRLF; no bare LF.
    for (std::size_t i = 0; i < csv.size(); ++i)
        if (csv[i] == '\n') CHECK((i > 0 && csv[i - 1] == '\r'));
    o.client_id = 0;
    o.actor_id = d;
    std::string formula = f.p->audit_report(o);
    CHECK(formula.find(",'=HYPERLINK(1),act_as,clinician,") != std::string::npos);
    // The JSON has the names as they are.
    o.format = mend::audit_report_json;
    CHECK(nlohmann::json::parse(f.p->audit_report(o))[0]["actor_name"] == "=HYPERLINK(1)");
}

TEST_CASE("an audit report is for supervisors and admins, and refuses bad options",
          "[store][audit][audit_report]") {
    Fresh f;
    Id x = f.clinician("Xavier");
    Id a = f.client("Alex");
    f.individual_case(a, x);
    auto px = f.handle(x);
    CHECK(error_of([&] {
              px->audit_report({a, 0, "", "", mend::audit_report_json, 0, 0});
          }) == Errc::denied);
    CHECK(reports_by(*f.p, "denied", x) == 1);

    auto refused = [&](mend::AuditReportOptions o) {
        return error_of([&] { f.p->audit_report(o); });
    };
    const int before = reports_by(*f.p, "ok", f.admin);
    CHECK(refused({a + 100, 0, "", "", 0, 0, 0}) == Errc::not_found);
    CHECK(refused({0, x + 100, "", "", 0, 0, 0}) == Errc::not_found);
    CHECK(refused({0, 0, "2027-02-30", "", 0, 0, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "", "05/01/2027", 0, 0, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "2027-01-06", "2027-01-05", 0, 0, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "", "", 2, 0, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "", "", -1, 0, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "", "", 0, -1, 0}) == Errc::invalid);
    CHECK(refused({0, 0, "", "", 0, 0, -1}) == Errc::invalid);
    CHECK(refused({0, 0, "", "", 0, 0, mend::audit_limit_max + 1}) == Errc::invalid);
    CHECK(refused({-1, 0, "", "", 0, 0, 0}) == Errc::invalid);
    CHECK(reports_by(*f.p, "ok", f.admin) == before);
    // The largest page is allowed.
    CHECK(!report(*f.p, {0, 0, "", "", 0, 0, mend::audit_limit_max}).empty());
}
