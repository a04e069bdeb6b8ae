// What never changes cannot be rewritten with raw SQL either: on SQLite,
// REPLACE and INSERT OR REPLACE delete the row they collide with without
// firing its DELETE triggers, and an upsert's DO UPDATE is an update; on
// PostgreSQL an upsert's DO UPDATE is an update. Each is refused for the
// audit, a stored answer and its administration, a signed note and an
// addendum, and nothing changes (issue 14).
#include "fixture.hpp"

using namespace mend_test;

namespace {

// Every statement that would rewrite the row, as this backend spells it.
std::vector<std::string> rewrites(const std::string& insert, const std::string& conflict,
                                  const std::string& set) {
    std::vector<std::string> out;
    if (!on_postgresql()) {
        out.push_back("REPLACE" + insert.substr(6));
        out.push_back("INSERT OR REPLACE" + insert.substr(6));
    }
    out.push_back(insert + " ON CONFLICT (" + conflict + ") DO UPDATE SET " + set);
    return out;
}

} // namespace

TEST_CASE("REPLACE, INSERT OR REPLACE and upserts cannot rewrite what never changes",
          "[store][append-only]") {
    Fresh f;
    auto& p = *f.p;
    Id lead = f.clinician("Lead Person");
    Id a = f.client("Ann", "Partner");
    Id kase = f.individual_case(a, lead);
    p.set_actor(lead);
    mend::MeasureInput m;
    m.client_id = a;
    m.case_id = kase;
    m.instrument = "phq9";
    m.administered_on = "2026-01-01";
    for (int k = 0; k < 9; ++k)
        m.answers.emplace_back(k == 8 ? 1 : (k < 4 ? 2 : 0)); // total 9, item 9 answered 1
    Id administration = p.record_measure(m);
    mend::Session s;
    s.case_id = kase;
    s.starts_at = "2026-01-05T10:00";
    s.duration_minutes = 50;
    s.modality = "in_person";
    s.participants = {a};
    s.cpt_code = "90834";
    Id note = p.create_note(p.create_session(s), "free", R"({"text": "signed words"})");
    p.sign_note(note);
    Id addendum = p.addend_note(note, "a later word", "clarity");
    const std::string id = std::to_string(administration), nid = std::to_string(note),
                      aid = std::to_string(addendum);

    auto snapshot = [&] {
        return std::vector<long long>{
            raw_int(f.where, "SELECT COUNT(*) FROM audit_event"),
            raw_int(f.where, "SELECT COUNT(*) FROM audit_event WHERE action = 'forged'"),
            raw_int(f.where, "SELECT CAST(total AS INTEGER) FROM administration WHERE id = " + id),
            raw_int(f.where, "SELECT chosen FROM administration_item WHERE administration_id = " +
                                 id + " AND position = 9"),
            raw_int(f.where, "SELECT COUNT(*) FROM safety_flag WHERE administration_id = " + id),
            raw_int(f.where, "SELECT COUNT(*) FROM note WHERE id = " + nid +
                                 " AND status = 'signed' AND content LIKE '%signed words%'"),
            raw_int(f.where, "SELECT COUNT(*) FROM addendum WHERE id = " + aid +
                                 " AND text = 'a later word'")};
    };
    const auto before = snapshot();
    REQUIRE(before[2] == 9);
    REQUIRE(before[3] == 1);
    REQUIRE(before[4] == 1);
    REQUIRE(before[5] == 1);
    REQUIRE(before[6] == 1);

    struct Attempt {
        std::string insert, conflict, set;
    };
    const std::vector<Attempt> attempts = {
        {"INSERT INTO audit_event (seq, at_us, actor_id, action, object_type, object_id, outcome)"
         " SELECT seq, at_us, actor_id, 'forged', object_type, object_id, outcome"
         " FROM audit_event WHERE seq = 1",
         "seq", "action = 'forged'"},
        {"INSERT INTO administration (id, client_id, case_id, instrument, instrument_version,"
         " administered_on, entered_by, missing_policy, total, prorated, band, created_at)"
         " SELECT id, client_id, case_id, instrument, instrument_version, administered_on,"
         " entered_by, missing_policy, 7, prorated, band, created_at FROM administration"
         " WHERE id = " +
             id,
         "id", "total = 7"},
        {"INSERT INTO administration_item (administration_id, position, item, chosen)"
         " VALUES (" +
             id + ", 9, 9, 0)",
         "administration_id, position", "chosen = 0"},
        {"INSERT INTO note (id, session_id, case_id, author_id, format, content, search_text,"
         " status, version, late_entry, phase, signed_by, signed_at, content_hash, created_at,"
         " updated_at) SELECT id, session_id, case_id, author_id, format,"
         " '{\"text\": \"rewritten\"}', search_text, status, version, late_entry, phase,"
         " signed_by, signed_at, content_hash, created_at, updated_at FROM note WHERE id = " +
             nid,
         "id", "content = '{\"text\": \"rewritten\"}'"},
        {"INSERT INTO addendum (id, note_id, author_id, text, reason, created_at, hash)"
         " SELECT id, note_id, author_id, 'rewritten', reason, created_at, hash FROM addendum"
         " WHERE id = " +
             aid,
         "id", "text = 'rewritten'"},
    };
    int refused = 0;
    for (const auto& at : attempts)
        for (const auto& sql : rewrites(at.insert, at.conflict, at.set)) {
            INFO(sql);
            std::string err = raw_exec(f.where, sql);
            CHECK_FALSE(err.empty());
            refused += err.empty() ? 0 : 1;
            CHECK(snapshot() == before);
        }
    CHECK(refused == (on_postgresql() ? 5 : 15));
    // What mend does itself still works: a new administration, a new note.
    m.administered_on = "2026-01-08";
    CHECK(p.record_measure(m) > administration);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM administration") == 2);
}
