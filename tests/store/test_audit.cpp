// The audit log: one event per create, update, archive and read (a list
// audits each record it returns), refusals as "denied", no client data,
// gapless sequence numbers, append-only in the database.
#include "fixture.hpp"

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

TEST_CASE("every write and read leaves an event", "[store][audit]") {
    Fresh f;
    Id x = f.clinician("X"), y = f.clinician("Y");
    auto px = f.handle(x);
    auto py = f.handle(y);

    mend::ClientPatch p;
    p.given_name = "Secretgiven";
    p.family_name = "Secretfamily";
    p.email = "secret@example.org";
    p.external_id = "ehr-secret";
    Id c = px->create_client(p);
    px->get_client(c);
    px->get_client_external("ehr-secret");
    mend::ClientPatch u;
    u.phone = "555-0100";
    px->update_client(c, u);
    CHECK(error_of([&] { py->get_client(c); }) == Errc::not_found);
    CHECK(error_of([&] { py->update_client(c, u); }) == Errc::not_found);
    px->archive_client(c);
    px->archive_client(c); // already archived: nothing to record

    Id a = f.client("A"), b = f.client("B");
    Id couple = f.couple(a, b);
    Id kase = f.conjoint_case(couple, x);
    px->get_couple(couple);
    px->get_case(kase);
    mend::CasePatch hold;
    hold.status = "on_hold";
    px->update_case(kase, hold);
    f.p->archive_case(kase);
    f.p->archive_couple(couple);

    auto ev = all_events(*f.p);
    CHECK(count_events(ev, "init", "practice", -1, "ok", f.admin) == 1);
    CHECK(count_events(ev, "create", "clinician", x, "ok", f.admin) == 1);
    CHECK(count_events(ev, "act_as", "clinician", x, "ok", x) == 1);
    CHECK(count_events(ev, "create", "client", c, "ok", x) == 1);
    CHECK(count_events(ev, "read", "client", c, "ok", x) == 2);
    CHECK(count_events(ev, "update", "client", c, "ok", x) == 1);
    CHECK(count_events(ev, "archive", "client", c, "ok", x) == 1);
    CHECK(count_events(ev, "read", "client", c, "not_found", y) == 1);
    CHECK(count_events(ev, "update", "client", c, "not_found", y) == 1);
    CHECK(count_events(ev, "create", "couple", couple, "ok", f.admin) == 1);
    CHECK(count_events(ev, "read", "couple", couple, "ok", x) == 1);
    CHECK(count_events(ev, "create", "case", kase, "ok", f.admin) == 1);
    CHECK(count_events(ev, "read", "case", kase, "ok", x) == 1);
    CHECK(count_events(ev, "update", "case", kase, "ok", x) == 1);
    CHECK(count_events(ev, "archive", "case", kase, "ok", f.admin) == 1);
    CHECK(count_events(ev, "archive", "couple", couple, "ok", f.admin) == 1);
    for (std::size_t i = 0; i < ev.size(); ++i) {
        CHECK(ev[i]["seq"] == static_cast<long long>(i + 1));
        CHECK(ev[i]["at"].get<std::string>().size() == 27);
    }
    std::string text = ev.dump();
    for (const char* secret :
         {"Secretgiven", "Secretfamily", "secret@example.org", "ehr-secret", "555-0100"})
        CHECK(text.find(secret) == std::string::npos);

    // What was refused changed nothing.
    CHECK(*f.p->get_client(c).phone == "555-0100");
}

TEST_CASE("lists audit each record they return", "[store][audit]") {
    Fresh f;
    Id s = f.clinician("S", "supervisor");
    std::vector<Id> ids;
    f.p->begin();
    for (int i = 0; i < 5; ++i)
        ids.push_back(f.client("L" + std::to_string(i)));
    f.p->commit();
    auto ps = f.handle(s);
    mend::ListOptions o;
    o.limit = 3;
    auto page = ps->list_clients(o);
    CHECK(page.size() == 3);
    auto ev = all_events(*f.p);
    for (int i = 0; i < 3; ++i)
        CHECK(count_events(ev, "read", "client", ids[i], "ok", s) == 1);
    CHECK(count_events(ev, "read", "client", ids[3], "", s) == 0);
}

TEST_CASE("reading the log: supervisors and admins, paged", "[store][audit]") {
    Fresh f;
    Id x = f.clinician("X"), s = f.clinician("S", "supervisor");
    auto px = f.handle(x);
    auto ps = f.handle(s);
    CHECK(error_of([&] { px->audit_json(0, 100); }) == Errc::denied);
    auto ev = nlohmann::json::parse(ps->audit_json(0, 10000));
    CHECK(count_events(ev, "read", "audit_log", -1, "denied", x) == 1);
    long long n = static_cast<long long>(ev.size());
    CHECK(n >= 6);
    auto page = nlohmann::json::parse(ps->audit_json(2, 2));
    REQUIRE(page.size() == 2);
    CHECK(page[0]["seq"] == 3);
    CHECK(page[1]["seq"] == 4);
    CHECK(nlohmann::json::parse(ps->audit_json(n + 100, 10)).empty());
    CHECK(error_of([&] { ps->audit_json(-1, 10); }) == Errc::invalid);
    CHECK(error_of([&] { ps->audit_json(0, 0); }) == Errc::invalid);
    CHECK(error_of([&] { ps->audit_json(0, 10001); }) == Errc::invalid);
    CHECK_FALSE(error_of([&] { ps->audit_json(0, 10000); }));
}

TEST_CASE("the audit log is append-only in the database", "[store][audit]") {
    Fresh f;
    f.client("Someone");
    long long before = raw_int(f.where, "SELECT COUNT(*) FROM audit_event");
    REQUIRE(before > 0);
    std::string err = raw_exec(f.where, "UPDATE audit_event SET action='x'");
    CHECK_FALSE(err.empty());
    CHECK(err.find("append-only") != std::string::npos);
    err = raw_exec(f.where, "DELETE FROM audit_event");
    CHECK_FALSE(err.empty());
    CHECK(err.find("append-only") != std::string::npos);
    CHECK_FALSE(raw_exec(f.where, "DELETE FROM audit_event WHERE seq = 1").empty());
    if (on_postgresql()) CHECK_FALSE(raw_exec(f.where, "TRUNCATE audit_event").empty());
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") == before);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event WHERE action = 'x'") == 0);
    // Appending still works.
    f.client("Someone else");
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") > before);
}

TEST_CASE("rolled-back work leaves no gap in the sequence", "[store][audit]") {
    Fresh f;
    f.p->begin();
    f.client("Gone1");
    f.client("Gone2");
    f.p->rollback();
    f.client("Kept");
    f.p->begin();
    f.client("Gone3");
    CHECK(error_of([&] { f.p->get_client(987654); }) == Errc::not_found);
    f.p->rollback();
    f.client("Kept2");
    auto ev = all_events(*f.p);
    for (std::size_t i = 0; i < ev.size(); ++i)
        CHECK(ev[i]["seq"] == static_cast<long long>(i + 1));
    CHECK(count_events(ev, "create", "client", -1) == 2);
}
