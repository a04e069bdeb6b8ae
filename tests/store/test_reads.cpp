// Reads outside a host transaction gather in a read snapshot that does not
// hold the write lock, then append their audit events in one short write
// transaction: another handle writes while a read (the caseload report)
// is under way, the read's events are all written, and a read whose events
// cannot be written fails with Errc::busy and returns nothing. The read hook
// runs inside the open snapshot, so none of this depends on timing.
#include "fixture.hpp"

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

namespace {

// A second handle that gives up on a held lock at once.
std::unique_ptr<mend::Practice> impatient(const Fresh& f) {
    mend::store::OpenOptions o;
    o.busy_timeout_ms = 1;
    return f.handle(f.admin, o);
}

mend::ClientPatch named(const std::string& given) {
    mend::ClientPatch p;
    p.given_name = given;
    p.family_name = "Reader";
    return p;
}

} // namespace

TEST_CASE("another handle writes while a report reads", "[store][reads]") {
    Fresh f;
    Id lead = f.clinician("Lead");
    Id c = f.client("Ann");
    f.individual_case(c, lead);
    auto a = f.handle(f.admin);
    auto b = impatient(f);

    std::optional<Errc> writer_error = Errc::generic;
    Id written = 0;
    a->set_read_hook(
        [&] { writer_error = error_of([&] { written = b->create_client(named("During")); }); });
    mend::ReportOptions o;
    o.kind = "caseload";
    auto snap = a->report_snapshot(o);
    a->set_read_hook({});

    CHECK(writer_error == std::nullopt); // the write lock was free during the read
    CHECK(written > 0);
    CHECK(snap["cases"].size() == 1);
    // Its audit events were written after the read, with the writer's.
    auto ev = all_events(*f.p);
    CHECK(count_events(ev, "report", "caseload", -1, "ok", f.admin) == 1);
    CHECK(count_events(ev, "read", "case", -1, "ok", f.admin) == 1);
    CHECK(count_events(ev, "create", "client", written, "ok") == 1);
}

TEST_CASE("a read writes one audit event per record it returns", "[store][reads]") {
    Fresh f;
    Id c1 = f.client("One"), c2 = f.client("Two");
    long long before = raw_int(f.where, "SELECT COUNT(*) FROM audit_event");
    mend::ListOptions lo;
    auto list = f.p->list_clients(lo);
    REQUIRE(list.size() == 2);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") == before + 2);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event WHERE action = 'read' AND "
                           "object_type = 'client' AND object_id IN (" +
                               std::to_string(c1) + "," + std::to_string(c2) + ")") == 2);
    // A read that audits nothing writes nothing.
    f.p->instruments();
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") == before + 2);
}

TEST_CASE("a read whose audit cannot be written fails and returns nothing", "[store][reads]") {
    Fresh f;
    Id c = f.client("Held");
    auto a = impatient(f);
    auto b = f.handle(f.admin);
    long long before = raw_int(f.where, "SELECT COUNT(*) FROM audit_event");

    // b takes the write lock (and, on PostgreSQL, the audit append lock)
    // while a's snapshot is open, and keeps it.
    a->set_read_hook([&] {
        b->begin();
        b->create_client(named("Holder"));
    });
    std::optional<mend::Client> got;
    CHECK(error_of([&] { got = a->get_client(c); }) == Errc::busy);
    CHECK_FALSE(got.has_value());
    a->set_read_hook({});
    b->rollback();

    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") == before);
    // Once the lock is free the same read succeeds and is audited.
    CHECK(a->get_client(c).id == c);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") == before + 1);
}

TEST_CASE("inside a host transaction a read is part of it", "[store][reads]") {
    Fresh f;
    Id c = f.client("Inside");
    auto a = f.handle(f.admin);
    auto b = impatient(f);
    bool hook_ran = false;
    a->set_read_hook([&] { hook_ran = true; });
    a->begin();
    CHECK(a->get_client(c).id == c);
    // The read's event is journalled (store/read_journal.hpp), not in the log
    // until a's transaction ends.
    long long seen = 0;
    CHECK(error_of([&] {
              seen = raw_int(f.where, "SELECT COUNT(*) FROM audit_event WHERE "
                                      "action = 'read' AND object_type = 'client'");
          }) == std::nullopt);
    CHECK(seen == 0);
    // a holds the write lock by choice: on SQLite b cannot write. On
    // PostgreSQL a's transaction has written nothing (its read's event went
    // to the journal, not into it), so it holds no lock b waits for.
    auto blocked = error_of([&] { b->create_client(named("Blocked")); });
    if (on_postgresql())
        CHECK(blocked == std::nullopt);
    else
        CHECK(blocked == Errc::busy);
    a->commit();
    CHECK_FALSE(hook_ran); // no separate read snapshot
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event WHERE action = 'read' AND "
                           "object_type = 'client'") == 1);
}
