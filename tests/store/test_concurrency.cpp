// Concurrent writers: two handles on the same database, in two threads,
// each creating 200 clients. All 400 land without an error (SQLite: busy
// timeout plus BEGIN IMMEDIATE; PostgreSQL: the audit advisory lock), and
// the audit log's sequence numbers are 1..N with no gap and no duplicate.
#include "fixture.hpp"

#include <atomic>
#include <set>
#include <thread>

using namespace mend_test;

namespace {

struct Outcome {
    std::vector<Id> ids;
    std::vector<std::string> errors;
};

void writer(std::unique_ptr<mend::Practice> p, const std::string& prefix, int count, int batch,
            Outcome& out, std::atomic<int>& ready) {
    // Start together, so the writers really do collide.
    ready.fetch_add(1);
    while (ready.load() < 2)
        std::this_thread::yield();
    int in_batch = 0;
    for (int i = 0; i < count; ++i) {
        try {
            if (batch > 1 && in_batch == 0) p->begin();
            mend::ClientPatch c;
            c.given_name = prefix + std::to_string(i);
            c.family_name = "Concurrent";
            c.external_id = prefix + "-ext-" + std::to_string(i);
            out.ids.push_back(p->create_client(c));
            if (batch > 1 && ++in_batch == batch) {
                p->commit();
                in_batch = 0;
            }
        } catch (const mend::Error& e) {
            out.errors.push_back(std::to_string(static_cast<int>(e.code())) + " " + e.what());
            if (p->in_transaction()) p->rollback();
            in_batch = 0;
        }
    }
    if (p->in_transaction()) p->commit();
}

void run_writers(int batch) {
    Fresh f;
    std::atomic<int> ready{0};
    Outcome one, two;
    {
        std::thread t1(writer, f.handle(f.admin), "one", 200, batch, std::ref(one),
                       std::ref(ready));
        std::thread t2(writer, f.handle(f.admin), "two", 200, batch, std::ref(two),
                       std::ref(ready));
        t1.join();
        t2.join();
    }
    INFO("first error of writer one: " << (one.errors.empty() ? "" : one.errors.front()));
    INFO("first error of writer two: " << (two.errors.empty() ? "" : two.errors.front()));
    CHECK(one.errors.empty());
    CHECK(two.errors.empty());
    CHECK(one.ids.size() == 200);
    CHECK(two.ids.size() == 200);

    std::set<Id> distinct(one.ids.begin(), one.ids.end());
    distinct.insert(two.ids.begin(), two.ids.end());
    CHECK(distinct.size() == 400);
    CHECK(all_clients(*f.p).size() == 400);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM client") == 400);

    auto ev = all_events(*f.p);
    std::set<long long> seqs;
    bool in_order = true;
    for (std::size_t i = 0; i < ev.size(); ++i) {
        long long seq = ev[i]["seq"].get<long long>();
        seqs.insert(seq);
        if (seq != static_cast<long long>(i + 1)) in_order = false;
    }
    CHECK(in_order);
    CHECK(seqs.size() == ev.size());
    CHECK(*seqs.begin() == 1);
    CHECK(*seqs.rbegin() == static_cast<long long>(ev.size()));
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM audit_event") ==
          static_cast<long long>(ev.size()));
    CHECK(raw_int(f.where, "SELECT COUNT(DISTINCT seq) FROM audit_event") ==
          static_cast<long long>(ev.size()));
    CHECK(count_events(ev, "create", "client", -1, "ok") == 400);
}

} // namespace

TEST_CASE("two writers, one call per transaction", "[store][concurrency]") {
    run_writers(1);
}

TEST_CASE("two writers, host transactions of 20 calls", "[store][concurrency]") {
    run_writers(20);
}
