// What the renderers say about a case from its snapshot: where a case past
// the trauma gate stands, late entries, overdue agreement reviews, and the
// report period that tables and charts keep to.
#include "report/phrases.hpp"
#include "report/render.hpp"
#include "report/snapshot.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace mend::report;
using nlohmann::json;
using report_test::fixture;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("past the trauma gate: where the case stands and since when", "[phrases]") {
    json s = fixture("couple_relational");
    const std::string want = "In relational repair since 2026-11-20: the case is past the "
                             "trauma gate, in relational work.";
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(has(md, "### What still blocks relational work\n\n" + want + "\n"));
    CHECK(has(html, "<h3>What still blocks relational work</h3>\n<p>" + want + "</p>"));
    CHECK_FALSE(has(md, "Nothing is listed"));
    CHECK_FALSE(has(html, "Nothing is listed"));

    // An older snapshot without gate.track: the timeline's current entry tells.
    s["gate"].erase("track");
    CHECK(nothing_blocks_sentence(read_case_report(s), *read_case_report(s).gate) == want);

    // Consolidation after relational repair.
    s["gate"]["track"] = "closure";
    s["gate"]["phase_name"] = "Consolidation and closure";
    CHECK(nothing_blocks_sentence(read_case_report(s), *read_case_report(s).gate) ==
          "In consolidation and closure since 2026-11-20, after relational work: the case is "
          "past the trauma gate.");

    // Still on the trauma track: no such claim.
    json b = fixture("couple_blocked");
    b["gate"]["blocking_relational"] = json::array();
    auto r = read_case_report(b);
    CHECK(nothing_blocks_sentence(r, *r.gate) == "Nothing is listed.");
    // Separation support is not past the trauma gate either.
    b["gate"]["track"] = "separation";
    b["gate"]["transitions"] = json::array();
    r = read_case_report(b);
    CHECK(nothing_blocks_sentence(r, *r.gate) ==
          "Nothing is listed: no way forward from this phase leads into relational work.");
}

TEST_CASE("late entries in the notes table of both renderers", "[phrases]") {
    json s = fixture("couple_blocked"); // note 19 of 2026-08-12 was signed on 2026-08-17
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(has(md, "| Signed on | Late entry | Addenda |"));
    CHECK(has(md, "| 2026-08-17 10:05 UTC | **Yes** |"));
    CHECK(has(md, "| 2026-06-04 16:20 UTC | No |"));
    CHECK(count(md, "**Yes**") == 1);
    CHECK(has(md, late_entry_sentence()));
    CHECK(has(html, "<th>Late entry</th>"));
    CHECK(has(html, "<td class=\"date\">2026-08-17 10:05 UTC</td><td "
                    "class=\"late-entry\"><strong>Yes</strong></td>"));
    CHECK(has(html, "<td class=\"date\">2026-06-04 16:20 UTC</td><td>No</td>"));
    CHECK(has(html, late_entry_sentence()));

    // Not in the snapshot: not known, never "No".
    for (auto& n : s["notes"])
        n.erase("late_entry");
    md = render_markdown(s);
    html = render_html(s);
    CHECK(count(md, "| **Not known** |") == 3);
    CHECK_FALSE(has(md, "| No |"));
    CHECK(count(html, "<td class=\"late-entry\"><strong>Not known</strong></td>") == 3);
    CHECK_FALSE(has(md, late_entry_sentence())); // no note is known to be late

    // None late: no marks, no sentence.
    for (auto& n : s["notes"])
        n["late_entry"] = false;
    md = render_markdown(s);
    CHECK(count(md, "| No |") == 3);
    CHECK_FALSE(has(md, late_entry_sentence()));
}

TEST_CASE("agreements whose review date has passed need attention", "[phrases]") {
    json s = fixture("couple_blocked"); // review on 2026-09-30, active; report of 2026-11-30
    auto items = attention_items(read_case_report(s));
    CHECK(std::count(items.begin(), items.end(),
                     "The review of 1 agreement is overdue (see \u201cAgreements\u201d).") == 1);
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(has(md, "> - The review of 1 agreement is overdue (see \u201cAgreements\u201d)."));
    CHECK(has(md, "| 2026-06-24 | **\u26a0 2026-09-30 (review overdue)** | active |"));
    CHECK(has(html, "<td class=\"date overdue\"><strong>&#9888; 2026-09-30 (review "
                    "overdue)</strong></td>"));
    CHECK(count(html, "(review overdue)") == 1);

    // Computed from the dates when the snapshot does not say.
    for (auto& a : s["agreements"])
        a.erase("review_overdue");
    auto overdue = [&](const std::string& generated_on, const std::string& status) {
        json t = s;
        t["generated_on"] = generated_on;
        t["agreements"][0]["status"] = status;
        auto r = read_case_report(t);
        return review_overdue(r, r.agreements[0]);
    };
    CHECK(overdue("2026-10-01", "active"));
    CHECK_FALSE(overdue("2026-09-30", "active")); // due today, not overdue yet
    CHECK(overdue("2026-10-01", "broken"));
    CHECK_FALSE(overdue("2026-10-01", "kept"));
    CHECK_FALSE(overdue("2026-10-01", "revised"));
    CHECK(overdue("2026-10-01", "paused")); // a status these renderers do not know
    // Two overdue.
    s["agreements"][1]["review_on"] = "2026-11-01";
    items = attention_items(read_case_report(s));
    CHECK(std::count(items.begin(), items.end(),
                     "The reviews of 2 agreements are overdue (see \u201cAgreements\u201d).") == 1);
    // The snapshot's word stands.
    s["agreements"][0]["review_overdue"] = false;
    s["agreements"][1]["review_overdue"] = false;
    items = attention_items(read_case_report(s));
    CHECK(std::none_of(items.begin(), items.end(),
                       [](const std::string& i) { return has(i, "agreement"); }));
}

TEST_CASE("administrations outside the report period stay out of tables and charts", "[phrases]") {
    json s = fixture("couple_blocked"); // Alex's PHQ-9 of 2026-12-02, after the report's date
    std::string md = render_markdown(s), html = render_html(s);
    const std::string note =
        "1 administration outside the report period (2026-12-02) is not shown.";
    CHECK(has(md, note));
    CHECK(has(html, note));
    CHECK(count(md, "2026-12-02") == 1); // in the sentence only
    CHECK(count(html, "2026-12-02") == 1);
    CHECK_FALSE(has(html, "data-date=\"2026-12-02\""));
    CHECK(has(html, "data-date=\"2026-11-20\" data-total=\"8.5\""));

    // Before the period's start too: the side-by-side table keeps to it as well.
    s["period"]["from"] = "2026-06-10";
    md = render_markdown(s);
    html = render_html(s);
    CHECK_FALSE(has(md, "| 2026-06-05 |"));
    CHECK_FALSE(has(html, "data-date=\"2026-06-05\""));
    CHECK(has(md, "1 administration outside the report period (2026-06-05) is not shown."));
    CHECK(has(md, "2 administrations outside the report period (2026-06-05, 2026-12-02) are not "
                  "shown."));

    auto r = within_period(read_case_report(s));
    const auto& phq = *std::find_if(r.measures.begin(), r.measures.end(),
                                    [](const Measure& m) { return m.instrument == "phq9"; });
    CHECK(phq.outside_period == std::vector<std::string>{"2026-06-05", "2026-12-02"});
    std::vector<std::string> dates;
    for (const auto& p : phq.points)
        dates.push_back(p.date);
    CHECK(dates == std::vector<std::string>{"2026-08-12", "2026-09-16", "2026-11-20"});
}

TEST_CASE("the clinical range from the snapshot, in the scale sentence", "[phrases]") {
    json s = fixture("couple_blocked");
    std::string md = render_markdown(s);
    CHECK(has(md, "Bands: minimal 0\u20134; mild 5\u20139; moderate 10\u201314; moderately severe "
                  "15\u201319; severe 20\u201327. Clinical range: 10 or more."));
    CHECK(has(md, "Clinical range: below 13.5."));
    CHECK(has(render_html(s), "Clinical range: above 28."));
    // Absent or null: nothing claimed.
    auto r = read_case_report(fixture("couple_contraindication"));
    CHECK(clinical_range_phrase(r.measures.at(0)).empty());
}

TEST_CASE("the timeline says why each step was taken", "[phrases][timeline]") {
    json s = fixture("couple_relational");
    auto& advance = s["phase_timeline"][1];
    REQUIRE(advance["kind"] == "advance");
    advance["rationale"] = nullptr;
    advance["opened_by"] =
        json::array({{{"id", "screened"},
                      {"label", "Each partner screened privately"},
                      {"sentence", "Jamie screened privately on 2026-06-10"}},
                     {{"id", "consent"}, {"label", "Both consent"}, {"sentence", nullptr}}});
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(has(md, "| Gate open: Each partner screened privately; Both consent |"));
    CHECK(has(html, "<td><div class=\"text-block\" dir=\"auto\">Gate open: Each partner screened "
                    "privately; Both consent</div></td>"));

    // A rationale comes first; the criteria follow it.
    advance["rationale"] = "Both partners were screened.";
    auto r = read_case_report(s);
    CHECK(why_words(r.timeline[1]) ==
          "Both partners were screened. \u2014 Gate open: Each partner screened privately; Both "
          "consent");
    // Nothing recorded: the column shows a dash, never an invented reason.
    advance["rationale"] = nullptr;
    advance["opened_by"] = json::array();
    CHECK(why_words(read_case_report(s).timeline[1]).empty());
    // Snapshots written before evaluations were kept have no opened_by at all.
    advance.erase("opened_by");
    CHECK(read_case_report(s).timeline[1].opened_by.empty());
    advance["opened_by"] = "not a list";
    CHECK_THROWS(read_case_report(s));
}

TEST_CASE("changes of roles are part of the report", "[phrases][timeline]") {
    json s = fixture("couple_relational");
    CHECK_FALSE(has(render_markdown(s), "Changes of roles")); // none recorded, none shown
    s["role_changes"] = json::array({{{"changed_on", "2026-06-10"},
                                      {"kind", "roles"},
                                      {"betrayed", "Jamie"},
                                      {"previous", nullptr},
                                      {"by", {{"id", 2}, {"name", "Jordan Reyes"}}},
                                      {"rationale", "Recorded at the first joint session"}},
                                     {{"changed_on", "2026-07-01"},
                                      {"kind", "override"},
                                      {"betrayed", "Alex"},
                                      {"previous", "Jamie"},
                                      {"by", nullptr},
                                      {"rationale", nullptr}}});
    std::string md = render_markdown(s), html = render_html(s);
    CHECK(has(md, "### Changes of roles"));
    CHECK(has(md, "| 2026-06-10 | Jamie recorded as the betrayed partner | Jordan Reyes | Recorded "
                  "at the first joint session |"));
    CHECK(has(md, "Alex recorded as the betrayed partner (before: Jamie), as an override: the "
                  "change opened a gate"));
    CHECK(has(html, "<h3>Changes of roles</h3>"));
    CHECK(count(html, "recorded as the betrayed partner") == 2);
    s["role_changes"][0]["kind"] = "swap";
    CHECK_THROWS(read_case_report(s));
}
