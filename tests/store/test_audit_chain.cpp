// The keyed audit chain (issue 14): every tamper class of
// ../shared/reference/reliability-security.md section 3.3, performed with raw
// SQL after the append-only triggers are dropped, is found by verify, on
// SQLite and PostgreSQL; a wrong or missing key is Errc::key.
#include "fixture.hpp"

#include "domain/audit_chain.hpp"
#include "practice/hash.hpp"
#include "practice/keys.hpp"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <set>
#include <tuple>

using namespace mend_test;
using mend::Errc;

namespace {

// A keyed practice with a little history: an admin, a clinician, clients read.
// With the host's wrap key it is encrypted too; `encrypted` false: the host
// gives its audit key only.
struct Chained {
    std::string where = fresh_location();
    std::map<std::pair<std::string, Id>, mend::KeyBytes> keys = fresh_keys();
    std::unique_ptr<mend::Practice> p;
    Id admin = 0;
    explicit Chained(bool encrypted = true) {
        if (!encrypted) keys.erase({"wrap", 1});
        auto o = keyed(keys);
        o.create = true;
        p = open_practice(where, o);
        mend::ClinicianPatch a;
        a.display_name = "Admin Person";
        admin = p->init("Keyed Practice", a);
        mend::ClientPatch c;
        for (const char* name : {"Ann", "Ben", "Cleo", "Dev"}) {
            c.given_name = name;
            c.family_name = "Person";
            p->get_client(p->create_client(c));
        }
    }
    nlohmann::json verify(const std::string& checkpoint = "") {
        auto h = open_practice(where, keyed(keys));
        h->set_actor(admin);
        return h->verify_audit_json(checkpoint);
    }
    long long head() const { return raw_int(where, "SELECT MAX(seq) FROM audit_event"); }
    // Drops the triggers that refuse UPDATE and DELETE on the audit table.
    void untrigger() const {
        std::string sql = on_postgresql() ? "ALTER TABLE audit_event DISABLE TRIGGER USER"
                                          : "DROP TRIGGER audit_event_no_update; "
                                            "DROP TRIGGER audit_event_no_delete; "
                                            "DROP TRIGGER audit_event_no_replace";
        REQUIRE(raw_exec(where, sql) == "");
    }
};

void broken_at(const nlohmann::json& v, long long seq, const std::string& reason) {
    INFO(v.dump());
    CHECK(v["ok"] == false);
    CHECK(v["reason"] == reason);
    CHECK(v["first_bad_seq"] == seq);
}

} // namespace

TEST_CASE("a keyed practice's audit chain verifies, and names its head", "[store][audit_chain]") {
    Chained c;
    CHECK(c.p->key_state() == 1);
    CHECK(raw_int(c.where, "SELECT COUNT(*) FROM audit_event WHERE mac IS NULL") == 2);
    CHECK(raw_int(c.where, "SELECT COUNT(*) FROM practice_key WHERE purpose = 'audit'") == 1);
    auto v = c.verify();
    const long long head = v["head"]["seq"]; // verify's own event comes after it
    INFO(v.dump());
    CHECK(v["ok"] == true);
    CHECK(v["keyed"] == true);
    CHECK(v["events_checked"] == head);
    // init's two events came before the key: the first keyed event seals them.
    CHECK(v["events_chained"] == head - 2);
    CHECK(c.head() == head + 1);
    CHECK(v["head"]["mac"] ==
          raw_text(c.where, "SELECT mac FROM audit_event WHERE seq = " + std::to_string(head)));
}

TEST_CASE("the eight tamper classes are each found", "[store][audit_chain]") {
    Chained c;
    c.untrigger();
    const long long mid = 5;

    SECTION("an edited field") {
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET object_id = 999 WHERE seq = 5") == "");
        broken_at(c.verify(), mid, "mac_mismatch");
    }
    SECTION("a deleted row") {
        REQUIRE(raw_exec(c.where, "DELETE FROM audit_event WHERE seq = 5") == "");
        broken_at(c.verify(), mid, "gap");
    }
    SECTION("an inserted row, with the head as its prev_mac and a made-up MAC") {
        long long h = c.head();
        std::string head_mac =
            raw_text(c.where, "SELECT mac FROM audit_event WHERE seq = " + std::to_string(h));
        REQUIRE(raw_exec(c.where,
                         "INSERT INTO audit_event (seq, at_us, actor_id, action, object_type,"
                         " object_id, outcome, key_id, prev_mac, mac) VALUES (" +
                             std::to_string(h + 1) + ", 1, 1, 'read', 'client', 1, 'ok', 1, '" +
                             head_mac + "', '" + std::string(64, 'a') + "')") == "");
        broken_at(c.verify(), h + 1, "mac_mismatch");
    }
    SECTION("reordered rows") {
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET seq = -5 WHERE seq = 5") == "");
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET seq = 5 WHERE seq = 6") == "");
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET seq = 6 WHERE seq = -5") == "");
        broken_at(c.verify(), mid, "reorder");
    }
    SECTION("a forged MAC, made without the key") {
        auto guessed = fresh_keys().at({"audit", 1});
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET outcome = 'denied' WHERE seq = 5") == "");
        mend::ChainRow forged;
        forged.seq = 5;
        forged.at_us = raw_int(c.where, "SELECT at_us FROM audit_event WHERE seq = 5");
        forged.actor_id = raw_int(c.where, "SELECT actor_id FROM audit_event WHERE seq = 5");
        forged.action = raw_text(c.where, "SELECT action FROM audit_event WHERE seq = 5");
        forged.object_type = raw_text(c.where, "SELECT object_type FROM audit_event WHERE seq = 5");
        forged.object_id = raw_int(c.where, "SELECT object_id FROM audit_event WHERE seq = 5");
        forged.outcome = "denied";
        forged.key_id = 1;
        forged.prev_mac = raw_text(c.where, "SELECT prev_mac FROM audit_event WHERE seq = 5");
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET mac = '" +
                                      mend::audit_mac(guessed, forged) + "' WHERE seq = 5") == "");
        broken_at(c.verify(), mid, "mac_mismatch");
        // And the right key does make it pass: verify reads what the test wrote.
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET mac = '" +
                                      mend::audit_mac(c.keys.at({"audit", 1}), forged) +
                                      "' WHERE seq = 5") == "");
        broken_at(c.verify(), 6, "prev_mismatch");
    }
    SECTION("a replaced key id") {
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET key_id = 2 WHERE seq = 5") == "");
        broken_at(c.verify(), mid, "unknown_key");
    }
    SECTION("a truncated tail, against the host's checkpoint") {
        auto h = open_practice(c.where, keyed(c.keys));
        h->set_actor(c.admin);
        std::string checkpoint = h->audit_checkpoint();
        auto cp = mend::parse_checkpoint(checkpoint);
        CHECK(c.verify(checkpoint)["ok"] == true);
        REQUIRE(raw_exec(c.where, "DELETE FROM audit_event WHERE seq >= " +
                                      std::to_string(cp.seq - 1)) == "");
        // (the verifying handle's act_as event is the new head at cp.seq - 1)
        broken_at(c.verify(checkpoint), cp.seq, "truncated");
        CHECK(c.verify()["ok"] == true); // without the checkpoint a cut tail looks whole
        // Once new events fill the cut seqs, the checkpoint's MAC is not theirs.
        broken_at(c.verify(checkpoint), cp.seq, "checkpoint_mismatch");
    }
    SECTION("a checkpoint forged without the key, or not of this chain") {
        auto h = open_practice(c.where, keyed(c.keys));
        h->set_actor(c.admin);
        auto cp = mend::parse_checkpoint(h->audit_checkpoint());
        auto other = fresh_keys().at({"audit", 1});
        broken_at(c.verify(mend::checkpoint_text(other, cp.seq, cp.mac, 1)), cp.seq,
                  "checkpoint_forged");
        broken_at(c.verify(mend::checkpoint_text(c.keys.at({"audit", 1}), cp.seq,
                                                 std::string(64, 'b'), 1)),
                  cp.seq, "checkpoint_mismatch");
        CHECK(error_of([&] { h->verify_audit_json("mend-audit-checkpoint.v1.x"); }) ==
              Errc::invalid);
    }
}

TEST_CASE("a wrong or missing key is Errc::key; a keyed practice without it can be identified",
          "[store][audit_chain]") {
    Chained c;
    CHECK(error_of([&] { open_practice(c.where, keyed(fresh_keys())); }) == Errc::key);
    auto none = open_practice(c.where);
    CHECK(none->key_state() == 2);
    CHECK(none->schema_version() == mend::store::latest_schema_version());
    long long before = c.head();
    CHECK(error_of([&] { none->set_actor(c.admin); }) == Errc::key);
    CHECK(error_of([&] { none->get_client(1); }) == Errc::key);
    // A transaction begins (it only takes the write lock); each call in it checks.
    none->begin();
    CHECK(error_of([&] { none->get_client(1); }) == Errc::key);
    none->rollback();
    CHECK(c.head() == before);
    // An unkeyed event slipped in after the chain started is found.
    c.untrigger();
    REQUIRE(raw_exec(c.where, "INSERT INTO audit_event (seq, at_us, action, object_type, outcome)"
                              " VALUES (" +
                                  std::to_string(before + 1) + ", 1, 'read', 'client', 'ok')") ==
            "");
    broken_at(c.verify(), before + 1, "unkeyed_event");
}

TEST_CASE("a plaintext practice adopts keys and its earlier history is sealed; keys rotate",
          "[store][audit_chain]") {
    Fresh f;
    f.client("Early", "Client");
    auto v = f.p->verify_audit_json("");
    CHECK(v["ok"] == false);
    CHECK(v["reason"] == "not_keyed");
    auto keys = fresh_keys(2);
    auto gen1 = keys;
    gen1.erase({"audit", 2});
    auto h = f.handle(f.admin, keyed(gen1));
    CHECK(h->key_state() == mend::key_state_unregistered);
    h->adopt_keys();
    CHECK(h->key_state() == 1);
    CHECK(error_of([&] { h->adopt_keys(); }) == Errc::state);
    mend::ClientPatch later;
    later.given_name = "Later";
    later.family_name = "Client";
    h->create_client(later);
    CHECK(error_of([&] { f.p->get_client(1); }) == Errc::key); // a handle without keys
    auto v1 = h->verify_audit_json("");
    INFO(v1.dump());
    CHECK(v1["ok"] == true);
    // Rotation: the newest key of the host's keys becomes the practice's.
    auto h2 = f.handle(f.admin, keyed(keys));
    h2->adopt_keys();
    h2->get_client(1);
    CHECK(raw_int(f.where,
                  "SELECT COUNT(DISTINCT key_id) FROM audit_event WHERE mac IS NOT NULL") == 2);
    CHECK(h2->verify_audit_json("")["ok"] == true);
    // Without the older key the events under it cannot be verified.
    auto only2 = keys;
    only2.erase({"audit", 1});
    auto h3 = f.handle(f.admin, keyed(only2));
    auto v3 = h3->verify_audit_json("");
    CHECK(v3["ok"] == false);
    CHECK(v3["reason"] == "key_unavailable");
    // A clinician may not adopt keys; an edit of the sealed history is found.
    auto untriggered = on_postgresql() ? "ALTER TABLE audit_event DISABLE TRIGGER USER"
                                       : "DROP TRIGGER audit_event_no_update";
    REQUIRE(raw_exec(f.where, untriggered) == "");
    REQUIRE(raw_exec(f.where, "UPDATE audit_event SET action = 'init2' WHERE seq = 1") == "");
    auto v4 = h2->verify_audit_json("");
    CHECK(v4["ok"] == false);
    CHECK(v4["reason"] == "prev_mismatch");
}

TEST_CASE("note verify finds a signed note rewritten with a recomputed hash, deleted or re-drafted,"
          " and a deleted addendum",
          "[store][audit_chain][notes]") {
    // Plaintext rows are written over the notes: in an encrypted practice they
    // would not decrypt (tests/store/test_encryption.cpp).
    Chained c(false);
    auto& p = *c.p;
    mend::ClientPatch cp;
    cp.given_name = "Noor";
    cp.family_name = "Person";
    Id client = p.create_client(cp);
    mend::CasePatch kp;
    kp.kind = "individual";
    kp.client_id = client;
    kp.primary_clinician_id = c.admin;
    Id kase = p.create_case(kp);
    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {client};
    s.cpt_code = "90834";
    Id session = p.create_session(s);
    std::vector<Id> notes;
    for (int i = 0; i < 4; ++i) {
        Id n = p.create_note(session, "free", R"({"text": "session work"})");
        p.sign_note(n);
        notes.push_back(n);
    }
    Id addendum = p.addend_note(notes[3], "a later clarification", "clarity");
    auto clean = p.verify_notes_json();
    INFO(clean.dump());
    CHECK(clean["ok"] == true);
    CHECK(clean["audit_chain"]["ok"] == true);

    // Raw SQL with the note triggers gone.
    std::string drop = on_postgresql() ? "ALTER TABLE note DISABLE TRIGGER USER; "
                                         "ALTER TABLE addendum DISABLE TRIGGER USER"
                                       : "DROP TRIGGER note_signed_no_update; DROP TRIGGER "
                                         "note_signed_no_delete; DROP TRIGGER addendum_no_delete";
    REQUIRE(raw_exec(c.where, drop) == "");
    // 0: rewritten, with the plain SHA-256 recomputed as anyone can.
    mend::Note n0;
    {
        auto db = mend::store::Database::open(c.where, pooled());
        n0 = *mend::store::find_note(*db, notes[0]);
    }
    n0.content = nlohmann::json{{"text", "a different story"}};
    std::string rehash = mend::sha256_hex(mend::note_canonical(n0));
    REQUIRE(raw_exec(c.where, "UPDATE note SET content = '" + n0.content.dump() +
                                  "', content_hash = '" + rehash +
                                  "' WHERE id = " + std::to_string(notes[0])) == "");
    // 1: deleted (with what hangs on it); 2: made a draft again; 3's addendum deleted.
    std::string id1 = std::to_string(notes[1]);
    if (on_postgresql()) // its search text refers to it there
        REQUIRE(raw_exec(c.where, "DELETE FROM note_search_text WHERE note_id = " + id1) == "");
    REQUIRE(raw_exec(c.where, "DELETE FROM note WHERE id = " + id1) == "");
    REQUIRE(raw_exec(c.where, "UPDATE note SET status = 'draft' WHERE id = " +
                                  std::to_string(notes[2])) == "");
    REQUIRE(raw_exec(c.where, "DELETE FROM addendum WHERE id = " + std::to_string(addendum)) == "");
    auto v = p.verify_notes_json();
    INFO(v.dump());
    CHECK(v["ok"] == false);
    std::set<std::tuple<std::string, long long, std::string>> found;
    for (const auto& m : v["mismatches"])
        found.insert({m["kind"].get<std::string>(), m["id"].get<long long>(),
                      m["problem"].get<std::string>()});
    CHECK(found.count({"note", notes[0], "edited"}) == 1);
    CHECK(found.count({"note", notes[1], "deleted"}) == 1);
    CHECK(found.count({"note", notes[2], "redrafted"}) == 1);
    CHECK(found.count({"addendum", addendum, "deleted"}) == 1);
}

TEST_CASE("a stripped chain is not taken for a plaintext practice, a retired key cannot write"
          " after a rotation, and no checkpoint is signed for a broken chain",
          "[store][audit_chain]") {
    SECTION("the chain stripped and the keys unregistered") {
        Chained c;
        auto h = open_practice(c.where, keyed(c.keys));
        h->set_actor(c.admin);
        std::string checkpoint = h->audit_checkpoint();
        h.reset();
        c.untrigger();
        REQUIRE(raw_exec(c.where, "UPDATE audit_event SET mac = NULL, prev_mac = NULL,"
                                  " key_id = NULL") == "");
        REQUIRE(raw_exec(c.where, "DELETE FROM practice_key") == "");
        // The host that gives its keys is refused: nothing runs unchained.
        auto again = open_practice(c.where, keyed(c.keys));
        again->set_actor(c.admin); // naming the admin who may adopt them runs
        long long before = c.head();
        CHECK(error_of([&] { again->get_client(1); }) == Errc::key);
        CHECK(error_of([&] { again->verify_audit_json(""); }) == Errc::key);
        CHECK(c.head() == before);
        // An admin may adopt the keys again, and the host's checkpoint shows
        // that the history it vouched for is gone.
        again->adopt_keys();
        auto v = again->verify_audit_json(checkpoint);
        INFO(v.dump());
        CHECK(v["ok"] == false);
        CHECK(v["reason"] == "checkpoint_mismatch");
    }
    SECTION("a retired key after a rotation") {
        Chained c;
        auto both = fresh_keys(2);
        both.at({"audit", 1}) = c.keys.at({"audit", 1});
        both.at({"wrap", 1}) = c.keys.at({"wrap", 1});      // the practice's data key is under it
        auto stale = open_practice(c.where, keyed(c.keys)); // key 1 only
        stale->set_actor(c.admin);
        auto h2 = open_practice(c.where, keyed(both));
        h2->set_actor(c.admin);
        h2->adopt_keys();
        // The handle opened before the rotation may not chain under key 1.
        long long before = c.head();
        CHECK(error_of([&] { stale->get_client(1); }) == Errc::key);
        CHECK(c.head() == before);
        // Whoever holds the retired key forges an event under it: refused.
        c.untrigger();
        mend::ChainRow forged;
        forged.seq = before + 1;
        forged.at_us = 1;
        forged.actor_id = c.admin;
        forged.action = "read";
        forged.object_type = "client";
        forged.object_id = 1;
        forged.outcome = "ok";
        forged.key_id = 1;
        forged.prev_mac =
            raw_text(c.where, "SELECT mac FROM audit_event WHERE seq = " + std::to_string(before));
        std::string mac = mend::audit_mac(c.keys.at({"audit", 1}), forged);
        REQUIRE(raw_exec(c.where, "INSERT INTO audit_event (seq, at_us, actor_id, action,"
                                  " object_type, object_id, outcome, key_id, prev_mac, mac)"
                                  " VALUES (" +
                                      std::to_string(before + 1) + ", 1, " +
                                      std::to_string(c.admin) +
                                      ", 'read', 'client', 1, 'ok', 1, '" + *forged.prev_mac +
                                      "', '" + mac + "')") == "");
        auto v = h2->verify_audit_json("");
        INFO(v.dump());
        broken_at(v, before + 1, "key_rollback");
        // And no checkpoint vouches for that chain.
        CHECK(error_of([&] { h2->audit_checkpoint(); }) == Errc::state);
    }
}

TEST_CASE("key files: made private, a newer generation added, refused when others may read them",
          "[store][audit_chain][keys]") {
    // Beside the test's SQLite files, or in /tmp when the database is PostgreSQL.
    const std::string dir =
        on_postgresql() ? std::string("/tmp/mend-keys-test") : fresh_location() + ".keys";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/practice.key";
    std::filesystem::remove(path);
    CHECK(error_of([&] { mend::key_file_source(path); }) == Errc::key); // none there
    mend::create_key_file(path);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto first = mend::key_file_source(path);
    CHECK(first("audit", 0)->id == 1);
    CHECK(first("wrap", 0)->id == 1);
    mend::create_key_file(path); // a rotation keeps the older keys
    auto second = mend::key_file_source(path);
    CHECK(second("audit", 0)->id == 2);
    CHECK(second("audit", 1)->key == first("audit", 1)->key);
    ::chmod(path.c_str(), 0640);
    CHECK(error_of([&] { mend::key_file_source(path); }) == Errc::key);
    ::chmod(path.c_str(), 0600);
    {
        std::ofstream f(path, std::ios::app);
        f << "audit nine " << std::string(64, 'a') << "\n";
    }
    CHECK(error_of([&] { mend::key_file_source(path); }) == Errc::key);
    CHECK(error_of([&] { mend::create_key_file(path); }) == Errc::key); // never over a bad file
    // A practice opened with a key file that is not its own is refused.
    Chained c;
    mend::store::OpenOptions o;
    ::chmod(path.c_str(), 0600);
    std::filesystem::remove(path);
    mend::create_key_file(path);
    o.keys = mend::key_file_source(path);
    CHECK(error_of([&] { open_practice(c.where, o); }) == Errc::key);
    std::filesystem::remove_all(dir);
}
