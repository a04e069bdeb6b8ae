// Encryption of client data at rest (issue 14), on SQLite and PostgreSQL: a
// practice set up with the host's wrap key seals its client data; every
// sealed field round-trips; the raw database (the SQLite file, a pg_dump)
// holds no client name and no note text; search finds what a plaintext
// practice finds; a value copied into another row, or a practice opened
// without its wrap key, is Errc::key; signed notes and the audit chain
// still verify.
#include "fixture.hpp"

#include "domain/field_crypto.hpp"
#include "practice/keys.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

using namespace mend_test;
using mend::Errc;

namespace {

using Keys = KeyMap;

// Client names and a canary word of the notes: none of them may be found
// in the raw database of an encrypted practice.
const std::vector<std::string> secrets = {
    "Zephyrine", "Quillonbury", "Marisolde", "Thornwick",    "zephyrine@example.org",
    "5550199",   "ehr-pt-77",   "Florizel",  "CANARYWORD7Q", "Dunmorrow Clinic",
};

// A practice with a couple's case and its records: in an encrypted practice
// (the host's keys include a wrap key) or a plaintext one (no keys).
struct Practice {
    std::string where = fresh_location();
    Keys keys = fresh_keys();
    bool encrypted;
    std::unique_ptr<mend::Practice> p;
    Id admin = 0, lead = 0, a = 0, b = 0, kase = 0, session = 0, note = 0, solo_note = 0,
       addendum = 0, process_note = 0, agreement = 0, release = 0;

    explicit Practice(bool encrypt) : encrypted(encrypt) {
        auto o = encrypt ? keyed(keys) : mend::store::OpenOptions{};
        o.create = true;
        p = open_practice(where, o);
        mend::ClinicianPatch ad;
        ad.display_name = "Admin Person";
        admin = p->init("Test Practice", ad);
        mend::ClinicianPatch cl;
        cl.display_name = "Lead Clinician";
        lead = p->create_clinician(cl);
        mend::ClientPatch c;
        c.given_name = "Zephyrine";
        c.family_name = "Quillonbury";
        c.preferred_name = "Zeph";
        c.pronouns = "she/her";
        c.date_of_birth = "1984-06-12";
        c.email = "zephyrine@example.org";
        c.phone = "+1 5550199";
        c.external_id = "ehr-pt-77";
        a = p->create_client(c);
        mend::ClientPatch d;
        d.given_name = "Marisolde";
        d.family_name = "Thornwick";
        b = p->create_client(d);
        mend::CouplePatch cp;
        cp.client_a_id = a;
        cp.client_b_id = b;
        cp.secrets_policy = "confidential";
        mend::CasePatch k;
        k.kind = "conjoint";
        k.couple_id = p->create_couple(cp);
        k.primary_clinician_id = lead;
        kase = p->create_case(k);

        p->set_actor(lead);
        p->start_protocol(kase, "betrayal_trauma_couples", b, "");
        p->set_plan(kase, "intake",
                    R"({"problems":["Zephyrine cannot sleep since Florizel"],)"
                    R"("goals":[{"text":"Marisolde rebuilds trust"}],"review_on":"2027-01-01"})");
        mend::protocol::Attestation at;
        at.case_id = kase;
        at.client_id = b;
        at.code = "contact_ended";
        at.value = "yes";
        at.note = "Marisolde ended contact with Florizel";
        p->attest(at);
        p->override_gate(kase, "safety_stabilisation",
                         "Zephyrine asked to begin at once; Marisolde agreed in session.",
                         "Marisolde keeps the Florizel crisis line number with her.", "");
        p->set_roles(kase, a, "Zephyrine disclosed that she was the partner betrayed", true);
        mend::protocol::Agreement ag;
        ag.case_id = kase;
        ag.kind = "transparency";
        ag.text = "Marisolde shares her phone with Zephyrine each evening";
        ag.agreed_on = "2026-01-05";
        agreement = p->add_agreement(ag);
        p->update_agreement(agreement, "broken", "Marisolde hid a call from Florizel", b);

        session = p->create_session(session_of(kase, "2026-01-05T10:00", {a, b}, "90847", a));
        note = p->create_note(session, "free",
                              R"({"text": "Zephyrine spoke of the affair with Florizel."})");
        p->update_note(note, 1, "free",
                       R"({"text": "Zephyrine spoke of the affair; trust is low. CANARYWORD7Q"})");
        p->sign_note(note);
        addendum = p->addend_note(note, "Marisolde called after the session about trust",
                                  "Zephyrine asked for this to be recorded");
        solo_note = p->create_note(
            p->create_session(session_of(kase, "2026-01-12T10:00", {a}, "90834")), "dap",
            R"({"data": "Zephyrine alone; the affair again.",)"
            R"( "assessment": "Trust-building is slow.",)"
            R"( "plan": "Meet weekly."})");
        process_note = p->create_process_note(session, "My own sense: Zephyrine is guarded.");

        mend::measures::SafetyScreen sc;
        sc.client_id = a;
        sc.case_id = kase;
        sc.ipv = "none";
        sc.suicide_risk = "high";
        p->record_safety_screen(sc);
        auto flags = p->flags_json({});
        REQUIRE(!flags.empty());
        p->resolve_flag(flags.at(0).at("id").get<Id>(), "Zephyrine has a plan with Florizel out");

        mend::store::Release r;
        r.case_id = kase;
        r.for_client_id = a;
        r.recipient = "Dunmorrow Clinic";
        r.purpose = "continuity of care";
        r.expires_on = "2027-01-01";
        release = p->create_release(r);
    }

    std::unique_ptr<mend::Practice> handle(Id actor) const {
        auto h = open_practice(where, encrypted ? keyed(keys) : mend::store::OpenOptions{});
        h->set_actor(actor);
        return h;
    }
};

std::vector<Id> hit_ids(const nlohmann::json& hits) {
    std::vector<Id> out;
    for (const auto& h : hits)
        out.push_back(h.contains("note_id") ? h["note_id"].get<Id>()
                                            : -h["process_note_id"].get<Id>());
    std::sort(out.begin(), out.end());
    return out;
}

// The raw bytes a database keeps: the SQLite file (WAL checkpointed into
// it, and what is left of the WAL), or a pg_dump of the schema and data.
std::string raw_bytes(const std::string& where) {
    std::string out;
    if (on_postgresql()) {
        std::string command = "pg_dump --no-owner '" + where + "' 2>/dev/null";
        FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe);
        char buffer[65536];
        std::size_t n = 0;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
            out.append(buffer, n);
        REQUIRE(pclose(pipe) == 0);
        REQUIRE(out.find("CREATE TABLE public.note_word") != std::string::npos);
        return out;
    }
    REQUIRE(raw_exec(where, "PRAGMA wal_checkpoint(TRUNCATE)") == "");
    for (const std::string& path : {where, where + "-wal"}) {
        std::ifstream in(path, std::ios::binary);
        out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    REQUIRE(out.size() > 4096);
    return out;
}

} // namespace

TEST_CASE("an encrypted practice round-trips every sealed field", "[store][encryption]") {
    Practice e(true);
    CHECK(e.p->encrypted());
    CHECK(e.p->key_state() == 1);
    CHECK(raw_int(e.where, "SELECT COUNT(*) FROM data_key") == 1);
    CHECK(raw_text(e.where, "SELECT given_name FROM client WHERE id = " + std::to_string(e.a))
              .rfind("mend:e1:1:", 0) == 0);

    auto h = e.handle(e.lead);
    auto c = h->get_client(e.a);
    CHECK(c.given_name == "Zephyrine");
    CHECK(c.family_name == "Quillonbury");
    CHECK(c.preferred_name == mend::Text("Zeph"));
    CHECK(c.pronouns == mend::Text("she/her"));
    CHECK(c.date_of_birth == mend::Text("1984-06-12"));
    CHECK(c.email == mend::Text("zephyrine@example.org"));
    CHECK(c.phone == mend::Text("+1 5550199"));
    CHECK(c.external_id == mend::Text("ehr-pt-77"));
    CHECK(h->get_client_external("ehr-pt-77").id == e.a);
    CHECK(error_of([&] { h->get_client_external("ehr-pt-78"); }) == Errc::not_found);
    CHECK(h->list_clients({}).size() == 2);

    // External ids stay unique, through their blind index.
    mend::ClientPatch dup;
    dup.given_name = "Other";
    dup.family_name = "Person";
    dup.external_id = "ehr-pt-77";
    CHECK(error_of([&] { h->create_client(dup); }) == Errc::exists);
    mend::ClientPatch moved;
    moved.external_id = "ehr-pt-78";
    moved.family_name = "Quillonbury-Hale";
    h->update_client(e.a, moved);
    CHECK(h->get_client_external("ehr-pt-78").family_name == "Quillonbury-Hale");
    CHECK(error_of([&] { h->get_client_external("ehr-pt-77"); }) == Errc::not_found);
    dup.external_id = "ehr-pt-77";
    CHECK(h->get_client(h->create_client(dup)).external_id == mend::Text("ehr-pt-77"));

    auto n = h->note_json(e.note);
    INFO(n.dump());
    CHECK(n["content"]["text"] == "Zephyrine spoke of the affair; trust is low. CANARYWORD7Q");
    CHECK(n["addenda"][0]["text"] == "Marisolde called after the session about trust");
    CHECK(n["addenda"][0]["reason"] == "Zephyrine asked for this to be recorded");
    CHECK(h->note_json(e.solo_note)["content"]["assessment"] == "Trust-building is slow.");
    CHECK(h->notes_json(e.kase, 0, true).size() == 2);
    CHECK(h->process_note_json(e.process_note)["text"] == "My own sense: Zephyrine is guarded.");
    auto history = h->history_json(e.kase).dump();
    CHECK(history.find("Zephyrine asked to begin at once") != std::string::npos);
    CHECK(history.find("Florizel crisis line") != std::string::npos);
    CHECK(history.find("Zephyrine disclosed") != std::string::npos);
    CHECK(h->plan_json(e.kase, "intake").dump().find("Zephyrine cannot sleep") !=
          std::string::npos);
    CHECK(h->attestations_json(e.kase).dump().find("ended contact with Florizel") !=
          std::string::npos);
    auto agreements = h->agreements_json(e.kase).dump();
    CHECK(agreements.find("shares her phone with Zephyrine") != std::string::npos);
    CHECK(agreements.find("hid a call from Florizel") != std::string::npos);
    mend::store::FlagFilter all_flags;
    all_flags.include_resolved = true;
    CHECK(h->flags_json(all_flags).dump().find("a plan with Florizel out") != std::string::npos);
    mend::ReportOptions ro;
    ro.case_id = e.kase;
    ro.include_note_text = true;
    ro.from = "2026-01-01";
    auto report = h->report_snapshot(ro).dump();
    CHECK(report.find("Quillonbury-Hale") != std::string::npos);
    CHECK(report.find("CANARYWORD7Q") != std::string::npos);
    CHECK(h->release_accounting_json(e.a).dump().find("Dunmorrow Clinic") != std::string::npos);

    // Exact look-up by name, through its blind index (case and spacing do not count).
    CHECK(h->find_clients_by_name("marisolde", " Thornwick ") == std::vector<Id>{e.b});
}

TEST_CASE("the raw database of an encrypted practice holds no client data", "[store][encryption]") {
    SECTION("encrypted: none of the names or the canary") {
        Practice e(true);
        e.p.reset();
        const std::string raw = raw_bytes(e.where);
        for (const auto& s : secrets) {
            INFO(s);
            CHECK(raw.find(s) == std::string::npos);
        }
        CHECK(raw.find("mend:e1:1:") != std::string::npos);
    }
    SECTION("plaintext: the test would see them") {
        Practice plain(false);
        plain.p.reset();
        const std::string raw = raw_bytes(plain.where);
        for (const char* s : {"Zephyrine", "CANARYWORD7Q", "Dunmorrow Clinic"}) {
            INFO(s);
            CHECK(raw.find(s) != std::string::npos);
        }
    }
}

TEST_CASE("search in an encrypted practice finds what a plaintext one finds",
          "[store][encryption]") {
    const std::vector<std::string> queries = {
        "affair",       "AFFAIR",      "trust",
        "trust affair", "zephyrine",   "Florizel",
        "canaryword7q", "nothingsuch", "trust-building",
        "weekly meet",  "called",      "slow.",
        "Marisolde",    "the",         "affair nothingsuch",
    };
    auto run = [&](bool encrypt) {
        Practice x(encrypt);
        std::vector<std::vector<Id>> out;
        auto h = x.handle(x.lead);
        for (const auto& q : queries) {
            auto hits = h->search_notes_json(q, 0, true, 50);
            out.push_back(hit_ids(hits));
            for (const auto& hit : hits)
                if (hit.contains("note_id"))
                    CHECK(hit["snippet"].get<std::string>().find('[') != std::string::npos);
        }
        out.push_back(hit_ids(h->search_notes_json("affair", x.b, false, 50)));
        // Another clinician sees none of the lead's notes.
        mend::ClinicianPatch other;
        other.display_name = "Other Clinician";
        x.p->set_actor(x.admin);
        auto o = x.handle(x.p->create_clinician(other));
        out.push_back(hit_ids(o->search_notes_json("affair", 0, false, 50)));
        return out;
    };
    auto plain = run(false);
    auto sealed = run(true);
    REQUIRE(plain.size() == sealed.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        INFO((i < queries.size() ? queries[i] : std::string("filtered")));
        CHECK(plain[i] == sealed[i]);
    }
    CHECK(plain[0].size() == 2); // "affair": both notes
    CHECK(plain.back().empty());
}

TEST_CASE("a sealed value copied into another row does not open", "[store][encryption]") {
    Practice e(true);
    SECTION("a client's name into another client") {
        REQUIRE(raw_exec(e.where, "UPDATE client SET given_name = (SELECT given_name FROM client"
                                  " WHERE id = " +
                                      std::to_string(e.a) +
                                      ") WHERE id = " + std::to_string(e.b)) == "");
        auto h = e.handle(e.lead);
        CHECK(h->get_client(e.a).given_name == "Zephyrine");
        CHECK(error_of([&] { h->get_client(e.b); }) == Errc::key);
        CHECK(message_of([&] { h->get_client(e.b); }) ==
              "a stored value does not decrypt: wrong key or damaged row");
    }
    SECTION("a name into another column of the row") {
        REQUIRE(raw_exec(e.where, "UPDATE client SET family_name = given_name WHERE id = " +
                                      std::to_string(e.b)) == "");
        CHECK(error_of([&] { e.handle(e.lead)->get_client(e.b); }) == Errc::key);
    }
    SECTION("a plaintext value written over a sealed one") {
        REQUIRE(raw_exec(e.where, "UPDATE client SET email = 'x@example.org' WHERE id = " +
                                      std::to_string(e.a)) == "");
        CHECK(error_of([&] { e.handle(e.lead)->get_client(e.a); }) == Errc::key);
    }
    SECTION("a draft's content into the signed note") {
        REQUIRE(raw_exec(e.where, on_postgresql() ? "ALTER TABLE note DISABLE TRIGGER USER"
                                                  : "DROP TRIGGER note_signed_no_update") == "");
        REQUIRE(
            raw_exec(e.where, "UPDATE note SET content = (SELECT content FROM note WHERE id = " +
                                  std::to_string(e.solo_note) +
                                  ") WHERE id = " + std::to_string(e.note)) == "");
        auto h = e.handle(e.lead);
        CHECK(error_of([&] { h->note_json(e.note); }) == Errc::key);
        CHECK(h->note_json(e.solo_note)["content"]["plan"] == "Meet weekly.");
    }
}

TEST_CASE("an encrypted practice opened without its wrap key is identified, not read",
          "[store][encryption]") {
    Practice e(true);
    e.p.reset();
    auto check_refused = [&](mend::Practice& h) {
        CHECK(h.schema_version() == mend::store::latest_schema_version());
        CHECK(h.encrypted());
        CHECK(h.key_state() == 2);
        CHECK(error_of([&] { h.set_actor(e.lead); }) == Errc::key);
        CHECK(error_of([&] { h.get_client(e.a); }) == Errc::key);
    };
    SECTION("no keys at all") {
        auto h = open_practice(e.where);
        check_refused(*h);
        CHECK(message_of([&] { h->get_client(e.a); }).find("wrap key 1") != std::string::npos);
    }
    SECTION("the audit key, but no wrap key") {
        Keys audit_only = {{{"audit", 1}, e.keys.at({"audit", 1})}};
        auto h = open_practice(e.where, keyed(audit_only));
        check_refused(*h);
    }
    SECTION("another practice's wrap key under the same id") {
        Keys wrong = e.keys;
        wrong[{"wrap", 1}] = mend::random_data_key();
        auto h = open_practice(e.where, keyed(wrong));
        check_refused(*h);
        CHECK(message_of([&] { h->get_client(e.a); }).find("does not unwrap") != std::string::npos);
    }
    // With its keys it reads again.
    CHECK(e.handle(e.lead)->get_client(e.a).given_name == "Zephyrine");
}

TEST_CASE("signed notes and the audit chain verify in an encrypted practice",
          "[store][encryption]") {
    Practice e(true);
    auto h = e.handle(e.admin);
    auto notes = h->verify_notes_json();
    INFO(notes.dump());
    CHECK(notes["ok"] == true);
    CHECK(notes["notes_checked"] == 1);
    CHECK(notes["addenda_checked"] == 1);
    auto chain = h->verify_audit_json("");
    INFO(chain.dump());
    CHECK(chain["ok"] == true);
    CHECK(chain["keyed"] == true);
}

TEST_CASE("a plaintext practice stays as it was", "[store][encryption]") {
    Practice plain(false);
    CHECK(!plain.p->encrypted());
    CHECK(raw_int(plain.where, "SELECT COUNT(*) FROM data_key") == 0);
    CHECK(raw_int(plain.where, "SELECT COUNT(*) FROM note_word") == 0);
    CHECK(raw_int(plain.where, "SELECT COUNT(*) FROM client WHERE external_id_bidx IS NOT NULL"
                               " OR name_bidx IS NOT NULL") == 0);
    CHECK(raw_text(plain.where, "SELECT given_name FROM client WHERE id = " +
                                    std::to_string(plain.a)) == "Zephyrine");
    // A practice keyed for its audit chain only (no wrap key) is not encrypted.
    auto where = fresh_location();
    Keys audit_only = {{{"audit", 1}, mend::random_data_key()}};
    auto o = keyed(audit_only);
    o.create = true;
    auto p = open_practice(where, o);
    mend::ClinicianPatch ad;
    ad.display_name = "Admin Person";
    p->init("Audit Only", ad);
    CHECK(!p->encrypted());
    CHECK(p->key_state() == 1);
}
