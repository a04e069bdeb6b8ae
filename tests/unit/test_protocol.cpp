// The protocol engine without a database: definitions, gate evaluation, and
// the checks on attestations and plans.
#include "domain/error.hpp"
#include "measures/builtin.hpp"
#include "protocol/builtin.hpp"
#include "protocol/checks.hpp"
#include "protocol/evaluate.hpp"
#include "protocol/protocol_json.hpp"
#include "protocol/timeline.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <catch2/catch.hpp>

using namespace mend::protocol;
using mend::parse_date;

namespace {

const Protocol& builtin(const std::string& code) {
    for (const auto& p : builtin_protocols())
        if (p.code == code) return p;
    throw std::runtime_error("no protocol " + code);
}

std::string days_before(const std::string& today, int n) {
    auto d = boost::gregorian::from_simple_string(today) - boost::gregorian::days(n);
    return boost::gregorian::to_iso_extended_string(d);
}

// A couple at the decision point with everything met but the trauma symptoms.
CaseFacts decision_point_facts() {
    CaseFacts f;
    f.case_id = 7;
    f.today = parse_date("today", "2026-11-30");
    f.partners = {{1, "Jamie", "betrayed"}, {2, "Alex", "involved"}};
    f.phase = "decision_point";
    f.phase_entered_on = "2026-10-01";
    for (const auto& i : mend::measures::builtin_instruments()) f.instruments[i.code] = i;
    f.attestations = {{1, 1, "relational_readiness", "yes", "", "2026-11-20"},
                      {2, 0, "decision", "committed_work", "", "2026-11-20"},
                      {3, 1, "conjoint_consent", "yes", "", "2026-08-01"},
                      {4, 2, "conjoint_consent", "yes", "", "2026-08-01"},
                      {5, 1, "relational_consent", "yes", "", "2026-10-05"},
                      {6, 2, "relational_consent", "yes", "", "2026-10-05"}};
    f.agreements = {{8, "boundary", "active", "2026-09-01", {}}};
    f.series[{1, "felt_safety"}] = {{50, "2026-11-25", parse_date("d", "2026-11-25").days_since_epoch(), 7.0}};
    f.screens = {{1, 1, "none", "none", "2026-11-01"}, {2, 2, "none", "none", "2026-11-01"}};
    return f;
}

void pcl5(CaseFacts& f, long id, const std::string& date, double total) {
    f.series[{1, "pcl5"}].push_back({id, date, parse_date("d", date).days_since_epoch(), total});
}

const TransitionResult& to(const Evaluation& e, const std::string& phase) {
    for (const auto& t : e.transitions)
        if (t.to == phase) return t;
    throw std::runtime_error("no transition to " + phase);
}

const CriterionResult& criterion(const TransitionResult& t, const std::string& id) {
    for (const auto& c : t.criteria)
        if (c.id == id) return c;
    throw std::runtime_error("no criterion " + id);
}

} // namespace

TEST_CASE("built-in protocols: the phases the issue names, trauma first", "[protocol]") {
    const auto& p = builtin("betrayal_trauma_couples");
    std::vector<std::string> phases;
    for (const auto& ph : p.phases) phases.push_back(ph.code);
    CHECK(phases == std::vector<std::string>{"intake", "safety_stabilisation", "impact_meaning",
                                             "decision_point", "relational_repair",
                                             "separation_support", "consolidation"});
    REQUIRE(p.transition("decision_point", "relational_repair"));
    CHECK(p.transition("decision_point", "relational_repair")->relational);
    CHECK(p.transition("decision_point", "separation_support"));
    CHECK_FALSE(p.transition("intake", "relational_repair"));
    CHECK(p.contraindications.size() == 4);
    // The CSB variant adds sobriety and a therapeutic disclosure to the trauma gate.
    const auto* csb = builtin("betrayal_trauma_couples_csb").transition("decision_point", "relational_repair");
    REQUIRE(csb);
    CHECK(csb->criteria.size() == p.transition("decision_point", "relational_repair")->criteria.size() + 2);
    CHECK(builtin("betrayal_trauma_individual").kind == "individual");
    for (const auto& b : builtin_protocols()) CHECK(to_json(protocol_from_json(to_json(b))) == to_json(b));
}

TEST_CASE("the trauma gate: high scores, one low score, two low scores 14+ days apart", "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 10, "2026-10-02", 41);
    auto e = evaluate(p, f);
    const auto& gate = to(e, "relational_repair");
    CHECK_FALSE(gate.open);
    CHECK(gate.unmet() == 1);
    const auto& c = criterion(gate, "trauma_symptoms");
    CHECK(c.status == "not_met");
    CHECK(c.sentence == "PCL-5 for Jamie: 41 on 2026-10-02; needs < 33 on 2 administrations >= 14 days apart");
    CHECK(c.evidence["latest"]["administration_id"] == 10);
    CHECK(c.evidence["latest"]["total"] == 41.0);

    pcl5(f, 11, "2026-11-01", 30);
    e = evaluate(p, f);
    CHECK(criterion(to(e, "relational_repair"), "trauma_symptoms").sentence ==
          "PCL-5 for Jamie: 30 on 2026-11-01 (1 of 2 so far); needs < 33 on 2 administrations >= 14 days apart");
    CHECK_FALSE(to(e, "relational_repair").open);

    pcl5(f, 12, "2026-11-15", 28);
    e = evaluate(p, f);
    const auto& met = criterion(to(e, "relational_repair"), "trauma_symptoms");
    CHECK(met.status == "met");
    CHECK(met.sentence == "PCL-5 for Jamie: 30 on 2026-11-01 and 28 on 2026-11-15; needs < 33 on 2 administrations >= 14 days apart");
    CHECK(met.evidence["evidence"].size() == 2);
    CHECK(to(e, "relational_repair").open);
    CHECK_THAT(e.summary, Catch::Contains("Begin relational work (the trauma gate): open."));
}

TEST_CASE("gate criteria of every kind", "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 20);
    pcl5(f, 2, "2026-11-20", 20);

    SECTION("no recorded roles: criteria about the betrayed partner are unknown") {
        for (auto& partner : f.partners) partner.role = "";
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "trauma_symptoms");
        CHECK(c.status == "unknown");
        CHECK_THAT(c.sentence, Catch::Contains("which partner is the betrayed partner is not recorded"));
    }
    SECTION("the betrayed partner's own readiness") {
        f.attestations.push_back({9, 1, "relational_readiness", "no", "", "2026-11-29"});
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "readiness");
        CHECK(c.status == "not_met");
        CHECK(c.sentence == "Jamie says they are not ready for relational work (recorded 2026-11-29)");
    }
    SECTION("the decision point's outcome decides the path") {
        f.attestations.push_back({9, 0, "decision", "part", "", "2026-11-29"});
        auto e = evaluate(p, f);
        CHECK(criterion(to(e, "relational_repair"), "decision").status == "not_met");
        CHECK(to(e, "separation_support").open);
    }
    SECTION("open flags for either partner close the gate") {
        f.flags.push_back({3, 2, "suicidal_ideation", "urgent", "2026-11-28", ""});
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "no_flags");
        CHECK(c.status == "not_met");
        CHECK(c.sentence == "No open safety flags for Jamie; Alex has 1 open safety flag (suicidal_ideation raised 2026-11-28); resolve with a note first");
    }
    SECTION("both partners must consent") {
        f.attestations.push_back({9, 2, "relational_consent", "no", "", "2026-11-29"});
        CHECK(criterion(to(evaluate(p, f), "relational_repair"), "consent").status == "not_met");
    }
    SECTION("felt safety is read from the latest rating") {
        f.series[{1, "felt_safety"}].push_back({51, "2026-11-29", parse_date("d", "2026-11-29").days_since_epoch(), 5.0});
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "felt_safety");
        CHECK(c.status == "not_met");
        CHECK(c.sentence == "Felt safety for Jamie: 5 on 2026-11-29; needs >= 6");
    }
}

TEST_CASE("weeks in phase, sobriety days, agreements", "[protocol][gate]") {
    auto f = decision_point_facts();
    const auto& p = builtin("betrayal_trauma_couples");
    f.phase = "safety_stabilisation";
    f.phase_entered_on = days_before("2026-11-30", 27);
    auto c = criterion(to(evaluate(p, f), "impact_meaning"), "time");
    CHECK(c.status == "not_met");
    CHECK(c.sentence == "3 weeks in Safety and stabilisation since 2026-11-03; needs 4");
    f.phase_entered_on = days_before("2026-11-30", 28);
    CHECK(criterion(to(evaluate(p, f), "impact_meaning"), "time").status == "met");
    f.agreements.clear();
    CHECK(criterion(to(evaluate(p, f), "impact_meaning"), "boundaries").status == "not_met");
    f.agreements.push_back({4, "boundary", "broken", "2026-09-01", {}});
    CHECK(criterion(to(evaluate(p, f), "impact_meaning"), "boundaries").status == "not_met");
    f.agreements.push_back({5, "boundary", "active", "2026-10-01", {}});
    CHECK(criterion(to(evaluate(p, f), "impact_meaning"), "boundaries").sentence ==
          "An active boundary agreement, agreed 2026-10-01");

    const auto& csb = builtin("betrayal_trauma_couples_csb");
    f.phase = "decision_point";
    f.attestations.push_back({20, 2, "sobriety", "yes", days_before("2026-11-30", 89), "2026-11-30"});
    auto s = criterion(to(evaluate(csb, f), "relational_repair"), "sobriety");
    CHECK(s.status == "not_met");
    CHECK_THAT(s.sentence, Catch::Contains("(89 days); needs at least 90 days"));
    f.attestations.push_back({21, 2, "sobriety", "yes", days_before("2026-11-30", 90), "2026-11-30"});
    CHECK(criterion(to(evaluate(csb, f), "relational_repair"), "sobriety").status == "met");
    CHECK(criterion(to(evaluate(csb, f), "relational_repair"), "therapeutic_disclosure").status == "unknown");
}

TEST_CASE("contraindications are hard stops, reported first", "[protocol][contraindication]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 20);
    pcl5(f, 2, "2026-11-20", 20);
    REQUIRE(to(evaluate(p, f), "relational_repair").open);

    auto violent = f;
    violent.screens.push_back({3, 2, "current", "none", "2026-11-29"});
    auto e = evaluate(p, violent);
    CHECK(e.suspended);
    CHECK(e.contraindications[0].status == "present");
    CHECK(e.contraindications[0].sentence == "Current intimate-partner violence or coercion: reported by or about Alex");
    CHECK_FALSE(to(e, "relational_repair").open);
    CHECK(to(e, "relational_repair").unmet() == 0); // every criterion met, and still closed
    CHECK(e.summary.rfind("Conjoint and relational work is suspended:", 0) == 0);

    auto affair = f;
    affair.attestations.push_back({9, 2, "affair_ongoing", "yes", "", "2026-11-29"});
    CHECK(evaluate(p, affair).suspended);
    affair.attestations.push_back({10, 2, "affair_ongoing", "no", "", "2026-11-30"});
    CHECK_FALSE(evaluate(p, affair).suspended); // the latest record counts

    auto unscreened = f;
    unscreened.screens.clear();
    auto u = evaluate(p, unscreened);
    CHECK(u.contraindications[0].status == "unknown");
    CHECK_FALSE(u.suspended);
}

TEST_CASE("protocol definitions are validated, naming the field", "[protocol][definition]") {
    auto message = [](const std::string& text) {
        try {
            protocol_from_json_text(text);
        } catch (const mend::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string two = R"("phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}])";
    CHECK_THAT(message("[]"), Catch::Contains("must be a JSON object"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "group", )" + two + R"(, "transitions": [{"from": "a", "to": "b"}]})"),
               Catch::Contains("kind must be conjoint or individual"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two + R"(, "transitions": [{"from": "a", "to": "z"}]})"),
               Catch::Contains("transitions[0].to names no phase"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "vibes", "label": "L"}]}]})"),
               Catch::Contains("transitions[0].criteria[0].kind"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "measure_sustained", "label": "L", "subject": "betrayed", "instrument": "pcl5", "comparator": "<"}]}]})"),
               Catch::Contains("transitions[0].criteria[0].value is required"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "individual", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "no_open_flags", "label": "L", "subject": "betrayed"}]}]})"),
               Catch::Contains("criteria[0].subject must be client or case"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "b"}], "contraindications": [{"code": "c", "label": "L", "kind": "weather"}]})"),
               Catch::Contains("contraindications[0].kind"));
    CHECK(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two + R"(, "transitions": [{"from": "a", "to": "b"}]})") == "accepted");
}

TEST_CASE("attestations and plans are checked", "[protocol][checks]") {
    auto today = parse_date("t", "2026-11-30");
    Attestation a;
    a.code = "decision";
    a.value = "committed_work";
    CHECK_NOTHROW(validate(a, today));
    a.value = "maybe";
    CHECK_THROWS_AS(validate(a, today), mend::Error);
    a.code = "contact_ended";
    a.value = "yes";
    a.effective_on = "2026-12-25";
    CHECK_THROWS_AS(validate(a, today), mend::Error); // in the future
    a.effective_on = "2026-11-01";
    CHECK_NOTHROW(validate(a, today));
    a.code = "Contact Ended";
    CHECK_THROWS_AS(validate(a, today), mend::Error);

    auto plan = validate_plan(R"({"problems": ["p"], "goals": [{"text": "g", "objectives": [{"text": "o", "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]}], "review_on": "2027-01-15"})");
    CHECK(plan["goals"][0]["objectives"][0]["measure"]["value"] == 33.0);
    CHECK(plan["interventions"].empty());
    auto bad = [](const std::string& text) {
        try {
            validate_plan(text);
        } catch (const mend::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(bad(R"({"problems": ["p"], "goals": [{"text": "g"}]})"), Catch::Contains("review_on is required"));
    CHECK_THAT(bad(R"({"problems": ["p"], "goals": [{"text": "g"}], "review_on": "2027-02-30"})"), Catch::Contains("review_on"));
    CHECK_THAT(bad(R"({"problems": [1], "goals": [{"text": "g"}], "review_on": "2027-01-01"})"), Catch::Contains("problems[0]"));
}

TEST_CASE("a minimum number of sessions in the phase", "[protocol][gate]") {
    auto p = protocol_from_json_text(R"({"code": "s", "name": "S", "kind": "individual",
      "phases": [{"code": "a", "name": "First"}, {"code": "b", "name": "Second"}],
      "transitions": [{"from": "a", "to": "b", "criteria": [
        {"id": "sessions", "kind": "min_sessions", "sessions": 3, "label": "Three sessions"}]}]})");
    CaseFacts f;
    f.today = parse_date("t", "2026-11-30");
    f.partners = {{1, "Sam", "client"}};
    f.phase = "a";
    f.phase_entered_on = "2026-11-01";
    f.session_dates = {"2026-10-25", "2026-11-02", "2026-11-09", "2026-12-01"};
    auto c = criterion(to(evaluate(p, f), "b"), "sessions");
    CHECK(c.status == "not_met"); // one before the phase, one after today
    CHECK(c.sentence == "2 sessions in First since 2026-11-01; needs 3");
    f.session_dates.push_back("2026-11-16");
    CHECK(criterion(to(evaluate(p, f), "b"), "sessions").status == "met");
    CHECK_THROWS_AS(protocol_from_json_text(R"({"code": "s", "name": "S", "kind": "individual",
      "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}],
      "transitions": [{"from": "a", "to": "b", "criteria": [
        {"id": "x", "kind": "min_sessions", "sessions": 0, "label": "L"}]}]})"), mend::Error);
}

TEST_CASE("phase spans: days and sessions per phase, the current one to today", "[protocol][timeline]") {
    std::vector<PhaseEntry> entries(3);
    entries[0].entered_on = "2026-10-01";
    entries[1].entered_on = "2026-10-15";
    entries[2].entered_on = "2026-11-01";
    auto spans = phase_spans(entries,
                             {"2026-09-30", "2026-10-01", "2026-10-14", "2026-10-15", "2026-11-30", "2026-12-01"},
                             parse_date("t", "2026-11-30"));
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].left_on == std::optional<std::string>("2026-10-15"));
    CHECK(spans[0].days == 14);
    CHECK(spans[0].sessions == 2); // the 30th of September is before, the 15th belongs to the next
    CHECK(spans[1].days == 17);
    CHECK(spans[1].sessions == 1);
    CHECK_FALSE(spans[2].left_on.has_value());
    CHECK(spans[2].days == 29);
    CHECK(spans[2].sessions == 1); // today counts; tomorrow does not
    CHECK(phase_spans({}, {"2026-10-01"}, parse_date("t", "2026-11-30")).empty());
}
