// Reads inside a host transaction are audited even when the process dies
// before commit or rollback (issue 14): their events are journalled on a
// second connection before the data is returned (store/read_journal.hpp)
// and enter the chain when the transaction ends, when the handle closes, or
// when the next handle opens the database. A forked child reads a client
// inside its transaction and is killed with SIGKILL; the parent finds the
// read in the log once, and the (keyed) chain verifies.
#include "fixture.hpp"

#include "practice/keys.hpp"

#include <csignal>
#include <filesystem>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mend_test;
using mend::Errc;

namespace {

using Keys = std::map<std::pair<std::string, Id>, mend::KeyBytes>;

Keys fresh_keys() {
    return mend::parse_key_file(mend::key_file_line("audit", 1) + mend::key_file_line("wrap", 1));
}

mend::store::OpenOptions keyed(const Keys& k) {
    mend::store::OpenOptions o;
    o.keys = mend::key_source_of(k);
    return o;
}

// The chain verifies: every link of a keyed one, and no gap or reorder in a
// practice not (yet) keyed (whose report is "not_keyed", never "ok").
bool sound(mend::Practice& p) {
    auto v = p.verify_audit_json("");
    return v["first_bad_seq"].is_null() &&
           (v["keyed"] == true ? v["ok"] == true : v["reason"] == "not_keyed");
}

int reads_of(mend::Practice& p, Id client) {
    return count_events(all_events(p), "read", "client", client, "ok");
}

// Rows still journalled.
long long journalled(const std::string& where) {
    if (on_postgresql()) return raw_int(where, "SELECT COUNT(*) FROM audit_pending");
    if (!std::filesystem::exists(where + "-reads")) return 0;
    return raw_int(where + "-reads", "SELECT COUNT(*) FROM audit_pending");
}

// A practice (keyed or not) with one client, and no handle left open.
struct Setup {
    std::string where = fresh_location();
    std::optional<Keys> keys;
    Id admin = 0, client = 0;
    explicit Setup(bool with_keys) {
        if (with_keys) keys = fresh_keys();
        auto p = open(true);
        mend::ClinicianPatch a;
        a.display_name = "Admin Person";
        admin = p->init("Journal Practice", a);
        mend::ClientPatch c;
        c.given_name = "Read";
        c.family_name = "Before Crash";
        client = p->create_client(c);
    }
    std::unique_ptr<mend::Practice> open(bool create = false) const {
        mend::store::OpenOptions o = keys ? keyed(*keys) : mend::store::OpenOptions();
        o.create = create;
        return open_practice(where, o);
    }
    std::unique_ptr<mend::Practice> actor() const {
        auto p = open();
        p->set_actor(admin);
        return p;
    }
};

// Forks a child that opens the database, begins a host transaction, reads
// the client, tells the parent and waits to be killed; the parent kills it
// with SIGKILL. True when the child reached its read.
bool read_then_killed(const Setup& s) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) { // the child: never returns, never runs the parent's destructors
        ::close(fds[0]);
        char done = 'x';
        try {
            auto p = s.actor();
            p->begin();
            if (p->get_client(s.client).id == s.client) done = 'r';
            // Inside the transaction: keep it open until killed.
            (void)!::write(fds[1], &done, 1);
            while (true)
                ::pause();
        } catch (...) {
        }
        (void)!::write(fds[1], &done, 1);
        ::_exit(1);
    }
    ::close(fds[1]);
    char got = 0;
    bool read = ::read(fds[0], &got, 1) == 1 && got == 'r';
    ::close(fds[0]);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    return read;
}

} // namespace

TEST_CASE("a read inside a transaction killed before commit is audited",
          "[store][reads][journal]") {
    for (bool with_keys : {false, true}) {
        CAPTURE(with_keys);
        Setup s(with_keys);
        REQUIRE(read_then_killed(s));
        // The next handle to open the database moves the journalled read
        // into the chain.
        auto p = s.actor();
        CHECK(reads_of(*p, s.client) == 1);
        CHECK(journalled(s.where) == 0);
        CHECK(p->verify_audit_json("")["keyed"] == with_keys);
        CHECK(sound(*p));
        // Opening again moves nothing twice.
        auto again = s.actor();
        CHECK(reads_of(*again, s.client) == 1);
        CHECK(sound(*again));
    }
}

TEST_CASE("commit, rollback and close record each read inside a transaction once",
          "[store][reads][journal]") {
    for (bool with_keys : {false, true}) {
        CAPTURE(with_keys);
        Setup s(with_keys);
        auto p = s.actor();
        auto other = s.actor();

        p->begin();
        CHECK(p->get_client(s.client).id == s.client);
        // Journalled, not yet in the chain (nor in the transaction).
        CHECK(journalled(s.where) == 1);
        p->commit();
        CHECK(reads_of(*other, s.client) == 1);
        CHECK(journalled(s.where) == 0);

        p->begin();
        p->get_client(s.client);
        p->get_client(s.client);
        p->rollback();
        CHECK(reads_of(*other, s.client) == 3);
        CHECK(journalled(s.where) == 0);

        // A refusal inside the transaction is kept as its reads are.
        p->begin();
        CHECK(error_of([&] { p->get_client(987654); }) == Errc::not_found);
        p->commit();
        CHECK(count_events(all_events(*other), "read", "client", 987654, "not_found") == 1);

        // A write and a read: the write's event commits with it, the read's
        // follows it into the chain.
        p->begin();
        mend::ClientPatch c;
        c.given_name = "Written";
        c.family_name = "Inside";
        Id written = p->create_client(c);
        p->get_client(written);
        p->commit();
        auto ev = all_events(*other);
        CHECK(count_events(ev, "create", "client", written, "ok") == 1);
        CHECK(count_events(ev, "read", "client", written, "ok") == 1);

        // Closing with the transaction open rolls it back and keeps the read.
        p->begin();
        p->get_client(s.client);
        p.reset();
        CHECK(reads_of(*other, s.client) == 4);
        CHECK(journalled(s.where) == 0);

        // The log has no gap and the chain verifies.
        ev = all_events(*other);
        for (std::size_t i = 0; i < ev.size(); ++i)
            CHECK(ev[i]["seq"] == static_cast<long long>(i + 1));
        CHECK(sound(*other));
    }
}

TEST_CASE("reads outside a transaction write no journal", "[store][reads][journal]") {
    Setup s(false);
    auto p = s.actor();
    p->get_client(s.client);
    CHECK(reads_of(*p, s.client) == 1);
    if (!on_postgresql()) CHECK_FALSE(std::filesystem::exists(s.where + "-reads"));
}

TEST_CASE("the read journal is a private sidecar file on SQLite", "[store][reads][journal]") {
    if (on_postgresql()) return;
    Setup s(false);
    auto p = s.actor();
    p->begin();
    p->get_client(s.client);
    struct stat st {};
    REQUIRE(::stat((s.where + "-reads").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    p->commit();
}

TEST_CASE("a crash between a move's commit and the journal's clean-up moves nothing twice",
          "[store][reads][journal]") {
    if (on_postgresql()) return; // one transaction there: the rows go with the move
    Setup s(false);
    {
        auto p = s.actor();
        p->begin();
        p->get_client(s.client);
        p->commit();
    }
    long long seq = raw_int(s.where, "SELECT MAX(seq) FROM audit_event");
    std::string sidecar = s.where + "-reads";
    // Rows as a move leaves them when the process dies after the chain's
    // commit: marked with the seq their event was given.
    long long at =
        raw_int(s.where, "SELECT at_us FROM audit_event WHERE seq = " + std::to_string(seq));
    long long actor =
        raw_int(s.where, "SELECT actor_id FROM audit_event WHERE seq = " + std::to_string(seq));
    auto insert = [&](long long marked) {
        return raw_exec(sidecar, "INSERT INTO audit_pending (at_us, actor_id, action, object_type,"
                                 " object_id, outcome, moved_seq) VALUES (" +
                                     std::to_string(at) + ", " + std::to_string(actor) +
                                     ", 'read', 'client', " + std::to_string(s.client) +
                                     ", 'ok', " + std::to_string(marked) + ")");
    };
    REQUIRE(insert(seq).empty());
    // A row marked with a seq whose event is another's (the chain's commit
    // never happened) is moved.
    REQUIRE(insert(seq - 1).empty());
    auto p = s.actor();
    CHECK(journalled(s.where) == 0);
    CHECK(reads_of(*p, s.client) == 2);
    CHECK(sound(*p));
}

TEST_CASE("an in-memory database keeps its journal in memory", "[store][reads][journal]") {
    auto p = create_practice(":memory:");
    mend::ClinicianPatch a;
    a.display_name = "Admin Person";
    Id admin = p->init("Memory Practice", a);
    p->set_actor(admin);
    mend::ClientPatch c;
    c.given_name = "In";
    c.family_name = "Memory";
    Id client = p->create_client(c);
    p->begin();
    p->get_client(client);
    p->rollback();
    p->begin();
    p->get_client(client);
    p->commit();
    CHECK(reads_of(*p, client) == 2);
    CHECK_FALSE(std::filesystem::exists(":memory:-reads"));
}
