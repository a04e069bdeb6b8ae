// Break the glass: a grant opens one client's row and individual cases to a
// clinician outside their caseload, for a reason of the practice's minimum
// length, until it expires; never a conjoint case or the partner's record;
// every access under it is audited and reported to supervisors.
#include "fixture.hpp"

#include "practice/clock.hpp"

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

TEST_CASE("an emergency grant opens the client's record until it expires", "[store][emergency]") {
    Fresh f;
    Id x = f.clinician("Xavier"), y = f.clinician("Yolanda");
    Id s = f.clinician("Sam", "supervisor");
    Id a = f.client("Alex"), b = f.client("Blair");
    Id couple = f.couple(a, b);
    Id joint = f.conjoint_case(couple, x);
    Id a_alone = f.individual_case(a, x);
    Id b_alone = f.individual_case(b, x);
    auto py = f.handle(y);
    py->set_now("2027-01-05T12:00:00Z");
    const std::string reason = "on-call crisis; Dr X unreachable";

    CHECK(error_of([&] { py->get_client(a); }) == Errc::not_found);
    CHECK(error_of([&] { py->open_emergency(a, "too short", 30); }) == Errc::invalid);
    CHECK(error_of([&] { py->open_emergency(a, reason, 1441); }) == Errc::invalid);
    CHECK(error_of([&] { py->open_emergency(a, reason, -1); }) == Errc::invalid);
    CHECK(error_of([&] { py->open_emergency(a + 100, reason, 30); }) == Errc::not_found);
    auto px = f.handle(x);
    CHECK(error_of([&] { px->open_emergency(a, reason, 30); }) == Errc::state);

    Id grant = py->open_emergency(a, reason, 30);
    auto events = py->take_committed_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == mend::EventKind::emergency_access);
    CHECK(events[0].record_id == grant);
    CHECK(events[0].client_id == a);
    CHECK(events[0].actor_id == y);

    CHECK(py->get_client(a).id == a);
    CHECK(py->get_case(a_alone).id == a_alone);
    // Never the conjoint case, the couple or the partner's record.
    CHECK(error_of([&] { py->get_case(joint); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_couple(couple); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_client(b); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_case(b_alone); }) == Errc::not_found);
    // Reading only.
    mend::ClientPatch u;
    u.phone = "555-0100";
    CHECK(error_of([&] { py->update_client(a, u); }) == Errc::not_found);

    // Expired: nothing.
    py->set_now("2027-01-05T12:30:00Z");
    CHECK(error_of([&] { py->get_client(a); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_case(a_alone); }) == Errc::not_found);

    auto ev = all_events(*f.p);
    CHECK(count_events(ev, "emergency_open", "client", a, "ok", y) == 1);
    CHECK(count_events(ev, "create", "emergency_grant", grant, "ok", y) == 1);
    CHECK(count_events(ev, "emergency_access", "client", a, "ok", y) == 1);
    CHECK(count_events(ev, "emergency_access", "case", a_alone, "ok", y) == 1);
    CHECK(count_events(ev, "read", "client", a, "ok", y) == 1);
    CHECK(count_events(ev, "read", "client", a, "not_found", y) == 2);

    // The report: supervisors only, each grant with its accesses.
    CHECK(error_of([&] { py->emergency_report_json(); }) == Errc::denied);
    auto ps = f.handle(s);
    auto report = ps->emergency_report_json();
    CHECK(report["reason_min"] == 20);
    REQUIRE(report["grants"].size() == 1);
    const auto& g = report["grants"][0];
    CHECK(g["grant_id"] == grant);
    CHECK(g["clinician_id"] == y);
    CHECK(g["clinician_name"] == "Yolanda");
    CHECK(g["client_id"] == a);
    CHECK(g["reason"] == reason);
    CHECK(g["reason_length"] == reason.size());
    CHECK(g["opened_at"] == "2027-01-05T12:00:00.000000Z");
    CHECK(g["expires_at"] == "2027-01-05T12:30:00.000000Z");
    REQUIRE(g["accesses"].size() == 2);
    CHECK(g["accesses"][0]["object_type"] == "client");
    CHECK(g["accesses"][1]["object_type"] == "case");
    CHECK(g["accesses"][1]["object_id"] == a_alone);
}

TEST_CASE("the shortest emergency reason is a practice setting", "[store][emergency]") {
    Fresh f;
    Id y = f.clinician("Yolanda");
    Id a = f.client("Alex");
    auto py = f.handle(y);
    CHECK(py->emergency_reason_min() == 20);
    CHECK(error_of([&] { py->set_emergency_reason_min(5); }) == Errc::denied);
    CHECK(error_of([&] { f.p->set_emergency_reason_min(0); }) == Errc::invalid);
    CHECK(error_of([&] { f.p->set_emergency_reason_min(501); }) == Errc::invalid);
    f.p->set_emergency_reason_min(40);
    CHECK(py->emergency_reason_min() == 40);
    const std::string thirty_ish = "on-call crisis, lead unreachable"; // 32 characters
    CHECK(error_of([&] { py->open_emergency(a, thirty_ish, 0); }) == Errc::invalid);
    f.p->set_emergency_reason_min(30);
    Id grant = py->open_emergency(a, thirty_ish, 0); // 0: the default, 60 minutes
    auto g = f.p->emergency_report_json()["grants"][0];
    CHECK(g["grant_id"] == grant);
    CHECK(mend::parse_timestamp("e", g["expires_at"].get<std::string>()) -
              mend::parse_timestamp("o", g["opened_at"].get<std::string>()) ==
          60LL * 60 * 1000000);
    // Grants are append-only in the database.
    CHECK(!raw_exec(f.where, "UPDATE emergency_grant SET expires_us = expires_us + 1").empty());
    CHECK(!raw_exec(f.where, "DELETE FROM emergency_grant").empty());
}
