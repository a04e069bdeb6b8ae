// The protocol engine without a database: definitions, gate evaluation, and
// the checks on attestations and plans.
#include "domain/error.hpp"
#include "measures/builtin.hpp"
#include "protocol/builtin.hpp"
#include "protocol/checks.hpp"
#include "protocol/criteria.hpp"
#include "protocol/evaluate.hpp"
#include "protocol/protocol_json.hpp"
#include "protocol/timeline.hpp"
#include "protocol_facts.hpp"

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
    for (const auto& ph : p.phases)
        phases.push_back(ph.code);
    CHECK(phases == std::vector<std::string>{"intake", "safety_stabilisation", "impact_meaning",
                                             "decision_point", "relational_repair",
                                             "separation_support", "consolidation"});
    REQUIRE(p.transition("decision_point", "relational_repair"));
    CHECK(p.transition("decision_point", "relational_repair")->relational);
    CHECK(p.transition("decision_point", "separation_support"));
    CHECK_FALSE(p.transition("intake", "relational_repair"));
    CHECK(p.contraindications.size() == 4);
    // The CSB variant adds sobriety and a therapeutic disclosure to the trauma gate.
    const auto* csb =
        builtin("betrayal_trauma_couples_csb").transition("decision_point", "relational_repair");
    REQUIRE(csb);
    CHECK(csb->criteria.size() ==
          p.transition("decision_point", "relational_repair")->criteria.size() + 2);
    CHECK(builtin("betrayal_trauma_individual").kind == "individual");
    for (const auto& b : builtin_protocols())
        CHECK(to_json(protocol_from_json(to_json(b))) == to_json(b));
}

TEST_CASE("the trauma gate: high scores, one low score, two low scores 14+ days apart",
          "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 10, "2026-10-02", 41);
    auto e = evaluate(p, f);
    const auto& gate = to(e, "relational_repair");
    CHECK_FALSE(gate.open);
    CHECK(gate.unmet() == 1);
    const auto& c = criterion(gate, "trauma_symptoms");
    CHECK(c.status == "not_met");
    CHECK(c.sentence ==
          "PCL-5 for Jamie: 41 on 2026-10-02; needs < 33 on 2 administrations >= 14 days apart");
    CHECK(c.evidence["latest"]["administration_id"] == 10);
    CHECK(c.evidence["latest"]["total"] == 41.0);

    pcl5(f, 11, "2026-11-01", 30);
    e = evaluate(p, f);
    CHECK(criterion(to(e, "relational_repair"), "trauma_symptoms").sentence ==
          "PCL-5 for Jamie: 30 on 2026-11-01 (1 of 2 so far); needs < 33 on 2 administrations >= "
          "14 days apart");
    CHECK_FALSE(to(e, "relational_repair").open);

    pcl5(f, 12, "2026-11-15", 28);
    e = evaluate(p, f);
    const auto& met = criterion(to(e, "relational_repair"), "trauma_symptoms");
    CHECK(met.status == "met");
    CHECK(met.sentence == "PCL-5 for Jamie: 30 on 2026-11-01 and 28 on 2026-11-15; needs < 33 on 2 "
                          "administrations >= 14 days apart");
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
        for (auto& partner : f.partners)
            partner.role = "";
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "trauma_symptoms");
        CHECK(c.status == "unknown");
        CHECK_THAT(c.sentence,
                   Catch::Contains("which partner is the betrayed partner is not recorded"));
    }
    SECTION("the betrayed partner's own readiness") {
        f.attestations.push_back({9, 1, "relational_readiness", "no", "", "2026-11-29"});
        auto c = criterion(to(evaluate(p, f), "relational_repair"), "readiness");
        CHECK(c.status == "not_met");
        CHECK(c.sentence ==
              "Jamie says they are not ready for relational work (recorded 2026-11-29)");
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
        CHECK(c.sentence == "No open safety flags for Jamie; Alex has 1 open safety flag "
                            "(suicidal_ideation raised 2026-11-28); resolve with a note first");
    }
    SECTION("both partners must consent") {
        f.attestations.push_back({9, 2, "relational_consent", "no", "", "2026-11-29"});
        CHECK(criterion(to(evaluate(p, f), "relational_repair"), "consent").status == "not_met");
    }
    SECTION("felt safety is read from the latest rating") {
        f.series[{1, "felt_safety"}].push_back(
            {51, "2026-11-29", parse_date("d", "2026-11-29").days_since_epoch(), 5.0});
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
    f.attestations.push_back(
        {20, 2, "sobriety", "yes", days_before("2026-11-30", 89), "2026-11-30"});
    auto s = criterion(to(evaluate(csb, f), "relational_repair"), "sobriety");
    CHECK(s.status == "not_met");
    CHECK_THAT(s.sentence, Catch::Contains("(89 days); needs at least 90 days"));
    f.attestations.push_back(
        {21, 2, "sobriety", "yes", days_before("2026-11-30", 90), "2026-11-30"});
    CHECK(criterion(to(evaluate(csb, f), "relational_repair"), "sobriety").status == "met");
    CHECK(criterion(to(evaluate(csb, f), "relational_repair"), "therapeutic_disclosure").status ==
          "unknown");
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
    CHECK(e.every_way_suspended()); // violence holds every step, separation too
    {
        auto affair = f;
        affair.attestations.push_back({30, 2, "affair_ongoing", "yes", "", "2026-11-29"});
        auto a = evaluate(p, affair);
        CHECK(a.suspended);
        CHECK_FALSE(a.every_way_suspended()); // separation support is not held by it
    }
    CHECK(e.contraindications[0].status == "present");
    CHECK(e.contraindications[0].sentence ==
          "Current intimate-partner violence or coercion: reported by or about Alex");
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
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "group", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "b"}]})"),
               Catch::Contains("kind must be conjoint or individual"));
    CHECK_THAT(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
                       R"(, "transitions": [{"from": "a", "to": "z"}]})"),
               Catch::Contains("transitions[0].to names no phase"));
    CHECK_THAT(
        message(
            R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
            R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "vibes", "label": "L"}]}]})"),
        Catch::Contains("transitions[0].criteria[0].kind"));
    CHECK_THAT(
        message(
            R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
            R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "measure_sustained", "label": "L", "subject": "betrayed", "instrument": "pcl5", "comparator": "<"}]}]})"),
        Catch::Contains("transitions[0].criteria[0].value is required"));
    CHECK_THAT(
        message(
            R"({"code": "x", "name": "X", "kind": "individual", )" + two +
            R"(, "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "c", "kind": "no_open_flags", "label": "L", "subject": "betrayed"}]}]})"),
        Catch::Contains("criteria[0].subject must be client or case"));
    CHECK_THAT(
        message(
            R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
            R"(, "transitions": [{"from": "a", "to": "b"}], "contraindications": [{"code": "c", "label": "L", "kind": "weather"}]})"),
        Catch::Contains("contraindications[0].kind"));
    CHECK(message(R"({"code": "x", "name": "X", "kind": "conjoint", )" + two +
                  R"(, "transitions": [{"from": "a", "to": "b"}]})") == "accepted");
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

    auto plan = validate_plan(
        R"({"problems": ["p"], "goals": [{"text": "g", "objectives": [{"text": "o", "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]}], "review_on": "2027-01-15"})");
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
    CHECK_THAT(bad(R"({"problems": ["p"], "goals": [{"text": "g"}]})"),
               Catch::Contains("review_on is required"));
    CHECK_THAT(bad(R"({"problems": ["p"], "goals": [{"text": "g"}], "review_on": "2027-02-30"})"),
               Catch::Contains("review_on"));
    CHECK_THAT(bad(R"({"problems": [1], "goals": [{"text": "g"}], "review_on": "2027-01-01"})"),
               Catch::Contains("problems[0]"));
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
        {"id": "x", "kind": "min_sessions", "sessions": 0, "label": "L"}]}]})"),
                    mend::Error);
}

TEST_CASE("phase spans: days and sessions per phase, the current one to today",
          "[protocol][timeline]") {
    std::vector<PhaseEntry> entries(3);
    entries[0].entered_on = "2026-10-01";
    entries[1].entered_on = "2026-10-15";
    entries[2].entered_on = "2026-11-01";
    auto spans = phase_spans(
        entries,
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

TEST_CASE("the criterion registry: every kind reads, writes and judges", "[protocol][definition]") {
    std::vector<std::string> kinds;
    for (const auto& k : criterion_kinds())
        kinds.push_back(k.kind);
    CHECK(kinds == std::vector<std::string>{"measure_sustained", "latest_measure",
                                            "reliable_improvement", "no_open_flags",
                                            "no_urgent_flags", "safety_screened", "attestation",
                                            "stated_readiness", "decision", "agreement_in_place",
                                            "agreement_kept", "min_weeks", "min_sessions"});
    CHECK(criterion_kind("vibes") == nullptr);
    REQUIRE(criterion_kind("no_urgent_flags"));
    CHECK(criterion_kind("no_urgent_flags")->facts == std::vector<std::string>{"flags"});
    // One criterion of every kind survives a round trip with its own fields.
    auto p = protocol_from_json_text(R"({"code": "all", "name": "All", "kind": "conjoint",
      "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}],
      "transitions": [{"from": "a", "to": "b", "criteria": [
        {"id": "k1", "kind": "measure_sustained", "label": "L", "subject": "betrayed", "instrument": "pcl5",
         "comparator": "<", "cutoff": "probable_ptsd", "count": 2, "min_days": 14},
        {"id": "k2", "kind": "latest_measure", "label": "L", "subject": "both", "instrument": "felt_safety",
         "comparator": ">=", "value": 6, "max_age_days": 14},
        {"id": "k3", "kind": "reliable_improvement", "label": "L", "subject": "betrayed", "instrument": "pcl5"},
        {"id": "k4", "kind": "no_open_flags", "label": "L", "subject": "both"},
        {"id": "k5", "kind": "no_urgent_flags", "label": "L", "subject": "either"},
        {"id": "k6", "kind": "safety_screened", "label": "L", "subject": "both", "max_age_days": 60},
        {"id": "k7", "kind": "attestation", "label": "L", "subject": "both", "attestation": "relational_consent",
         "recorded_since": "phase_entry"},
        {"id": "k8", "kind": "stated_readiness", "label": "L", "subject": "betrayed"},
        {"id": "k9", "kind": "decision", "label": "L", "choices": ["part"]},
        {"id": "k10", "kind": "agreement_in_place", "label": "L", "agreement_kind": "boundary"},
        {"id": "k11", "kind": "agreement_kept", "label": "L", "agreement_kind": "boundary", "weeks": 8},
        {"id": "k12", "kind": "min_weeks", "label": "L", "weeks": 3},
        {"id": "k13", "kind": "min_sessions", "label": "L", "sessions": 2}]}]})");
    auto j = to_json(p);
    const auto& c = j["transitions"][0]["criteria"];
    CHECK(c[0]["cutoff"] == "probable_ptsd");
    CHECK_FALSE(c[0].contains("value"));
    CHECK(c[1]["max_age_days"] == 14);
    CHECK(c[5]["max_age_days"] == 60);
    CHECK(c[6]["recorded_since"] == "phase_entry");
    CHECK(c[10]["weeks"] == 8);
    CHECK(c[10]["agreement_kind"] == "boundary");
    CHECK(to_json(protocol_from_json(j)) == j);

    auto message = [](const std::string& criterion) {
        try {
            protocol_from_json_text(R"({"code": "x", "name": "X", "kind": "conjoint",
              "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}],
              "transitions": [{"from": "a", "to": "b", "criteria": [)" +
                                    criterion + "]}]}");
        } catch (const mend::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(message(R"({"id": "c", "kind": "latest_measure", "label": "L", "subject": "betrayed",
                           "instrument": "pcl5", "comparator": "<", "value": 33, "cutoff": "probable_ptsd"})"),
               Catch::Contains("criteria[0].value must not be given with cutoff"));
    CHECK_THAT(message(R"({"id": "c", "kind": "attestation", "label": "L", "subject": "both",
                           "attestation": "x", "recorded_since": "tuesday"})"),
               Catch::Contains("criteria[0].recorded_since must be phase_entry"));
    CHECK_THAT(
        message(
            R"({"id": "c", "kind": "agreement_kept", "label": "L", "agreement_kind": "boundary"})"),
        Catch::Contains("criteria[0].weeks is required"));
    CHECK_THAT(
        message(
            R"({"id": "c", "kind": "safety_screened", "label": "L", "subject": "both", "max_age_days": -1})"),
        Catch::Contains("criteria[0].max_age_days must be 0 to 3650"));
    CHECK_THAT(message(R"({"id": "c", "kind": "no_urgent_flags", "label": "L"})"),
               Catch::Contains("criteria[0].subject must name a partner"));
}

TEST_CASE(
    "judged as of the date: later scores, attestations, flags, screens and breaks are not seen",
    "[protocol][gate][as_of]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-10-15", 30);
    pcl5(f, 2, "2026-11-01", 28);
    pcl5(f, 3, "2026-11-20", 45); // after the date
    f.series[{1, "felt_safety"}] = {
        {49, "2026-11-10", parse_date("d", "2026-11-10").days_since_epoch(), 7.0},
        {50, "2026-11-25", parse_date("d", "2026-11-25").days_since_epoch(), 2.0}};
    f.attestations.push_back({30, 1, "relational_readiness", "yes", "", "2026-11-12"});
    f.attestations.push_back({31, 0, "decision", "committed_work", "", "2026-11-12"});
    f.attestations.push_back({32, 2, "affair_ongoing", "yes", "", "2026-11-20"}); // after the date
    f.flags.push_back({40, 2, "suicidal_ideation", "urgent", "2026-11-20", ""});  // raised later
    f.flags.push_back(
        {41, 1, "phq9_item9", "urgent", "2026-10-20", "2026-11-10"}); // resolved before
    f.screens.push_back({50, 2, "current", "none", "2026-11-21"});    // later screen
    f.agreements[0].events = {{"broken", "2026-11-20"}};              // broken later
    f.session_dates = {"2026-10-05", "2026-11-18"};
    f.today = parse_date("t", "2026-11-16");

    auto e = evaluate(p, f);
    CHECK(e.as_of == "2026-11-16");
    CHECK(e.days_in_phase == 46);
    CHECK_FALSE(e.suspended);
    CHECK(e.contraindications[0].status == "absent");
    CHECK(e.contraindications[1].status == "absent");
    const auto& gate = to(e, "relational_repair");
    CHECK(criterion(gate, "trauma_symptoms").sentence ==
          "PCL-5 for Jamie: 30 on 2026-10-15 and 28 on 2026-11-01; needs < 33 on 2 administrations "
          ">= 14 days apart");
    CHECK(criterion(gate, "readiness").sentence ==
          "Jamie says they are ready for relational work (recorded 2026-11-12)");
    CHECK(criterion(gate, "felt_safety").sentence ==
          "Felt safety for Jamie: 7 on 2026-11-10; needs >= 6");
    CHECK(criterion(gate, "no_flags").status == "met");
    CHECK(criterion(gate, "boundaries_kept").status == "met");
    CHECK(gate.open);
    CHECK(to_json(e)["as_of"] == "2026-11-16");

    // A day inside the resolved flag's life: it was open then.
    f.today = parse_date("t", "2026-11-05");
    CHECK_THAT(criterion(to(evaluate(p, f), "relational_repair"), "no_flags").sentence,
               Catch::Contains("Jamie has 1 open safety flag (phq9_item9 raised 2026-10-20)"));

    // Weeks are counted to the date.
    auto s = f;
    s.phase = "safety_stabilisation";
    s.today = parse_date("t", "2026-10-20");
    CHECK(criterion(to(evaluate(p, s), "impact_meaning"), "time").sentence ==
          "2 weeks in Safety and stabilisation since 2026-10-01; needs 4");

    // As of today everything later counts.
    f.today = parse_date("t", "2026-11-30");
    e = evaluate(p, f);
    CHECK(e.suspended);
    CHECK(criterion(to(e, "relational_repair"), "trauma_symptoms").status == "not_met");
    CHECK(criterion(to(e, "relational_repair"), "boundaries_kept").sentence ==
          "No active boundary agreement; needs one kept for 8 weeks");
}

TEST_CASE("unknown is not safe: an unknown violence screen blocks the moves it covers",
          "[protocol][contraindication]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 20);
    pcl5(f, 2, "2026-11-20", 20);
    f.screens.push_back({3, 2, "unknown", "none", "2026-11-29"});
    auto e = evaluate(p, f);
    CHECK(e.contraindications[0].status == "unknown");
    CHECK(e.contraindications[0].sentence == "Current intimate-partner violence or coercion: Alex "
                                             "screened on 2026-11-29; result unknown");
    CHECK_FALSE(e.suspended);
    const auto& gate = to(e, "relational_repair");
    CHECK(gate.unmet() == 0);
    CHECK_FALSE(gate.open);
    CHECK(gate.blocked_by_unknown == std::vector<std::string>{"ipv_current"});
    CHECK(gate.suspended_by.empty());
    CHECK(gate.needs_safety_plan());
    CHECK_THAT(
        e.summary,
        Catch::Contains("Not known to be safe: Current intimate-partner violence or coercion."));
    CHECK_THAT(
        e.summary,
        Catch::Contains("Begin relational work (the trauma gate): blocked (not known to be safe: "
                        "Current intimate-partner violence or coercion (unknown))."));
    auto j = to_json(e);
    CHECK(j["transitions"][0]["blocked_by_unknown"] == nlohmann::json::array({"ipv_current"}));
    CHECK(j["transitions"][0]["needs_safety_plan"] == true);

    f.screens.clear();
    CHECK(evaluate(p, f).contraindications[0].sentence ==
          "Current intimate-partner violence or coercion: not yet screened for Jamie and Alex");
    // Nobody attests a negative: an attestation never recorded is absent and blocks nothing.
    CHECK(evaluate(p, f).contraindications[1].status == "absent");

    // A screen older than the protocol's window says nothing about now.
    f.screens = {{1, 1, "none", "none", "2026-09-01"}, {2, 2, "none", "none", "2026-11-01"}};
    auto stale = evaluate(p, f); // 90 days before 2026-11-30 is 2026-09-01
    CHECK(stale.contraindications[0].status == "absent");
    f.screens[0].administered_on = "2026-08-31"; // 91 days
    stale = evaluate(p, f);
    CHECK(stale.contraindications[0].status == "unknown");
    CHECK(stale.contraindications[0].sentence ==
          "Current intimate-partner violence or coercion: Jamie last screened on 2026-08-31, more "
          "than 90 days ago (out of date)");
    CHECK(to(stale, "relational_repair").blocked_by_unknown ==
          std::vector<std::string>{"ipv_current"});
}

TEST_CASE("urgent flags block the start of stabilisation, couples and individual",
          "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    f.phase = "intake";
    auto e = evaluate(p, f);
    REQUIRE(to(e, "safety_stabilisation").open);
    f.flags.push_back({3, 2, "suicide_risk_high", "urgent", "2026-11-28", ""});
    f.flags.push_back({4, 1, "phq9_item9_unknown", "unknown", "2026-11-28", ""});
    e = evaluate(p, f);
    const auto& c = criterion(to(e, "safety_stabilisation"), "no_urgent_flags");
    CHECK(c.status == "not_met");
    CHECK(c.sentence ==
          "Jamie has 1 urgent or unknown safety flag open (phq9_item9_unknown raised "
          "2026-11-28); resolve with a note first; Alex has 1 urgent or unknown safety "
          "flag open (suicide_risk_high raised 2026-11-28); resolve with a note first");
    CHECK_FALSE(to(e, "safety_stabilisation").open);
    // Passing over an open urgent flag needs a safety plan, like a contraindication.
    CHECK(to(e, "safety_stabilisation").urgent_unmet ==
          std::vector<std::string>{"no_urgent_flags"});
    CHECK(to(e, "safety_stabilisation").needs_safety_plan());
    CHECK(to_json(e)["transitions"][0]["needs_safety_plan"] == true);
    f.flags[0].resolved_on = "2026-11-29";
    // An unanswered risk question is not safe either: its flag holds the gate.
    CHECK(criterion(to(evaluate(p, f), "safety_stabilisation"), "no_urgent_flags").sentence ==
          "Jamie has 1 urgent or unknown safety flag open (phq9_item9_unknown raised 2026-11-28); "
          "resolve with a note first; No urgent safety flags open for Alex");
    CHECK(to(evaluate(p, f), "safety_stabilisation").needs_safety_plan());
    f.flags[1].resolved_on = "2026-11-29";
    CHECK(to(evaluate(p, f), "safety_stabilisation").open);
    CHECK_FALSE(to(evaluate(p, f), "safety_stabilisation").needs_safety_plan());

    // On every later gate too, an open urgent flag needs a safety plan to pass.
    f.phase = "safety_stabilisation";
    f.flags.push_back({6, 2, "suicide_risk_high", "urgent", "2026-11-29", ""});
    auto later = evaluate(p, f);
    CHECK(to(later, "impact_meaning").urgent_unmet == std::vector<std::string>{"no_flags"});
    CHECK(to(later, "impact_meaning").needs_safety_plan());
    f.flags.back().severity = "routine";
    CHECK(to(evaluate(p, f), "impact_meaning").urgent_unmet.empty());

    const auto& ind = builtin("betrayal_trauma_individual");
    CaseFacts g;
    g.today = parse_date("t", "2026-11-30");
    g.partners = {{1, "Sam", "client"}};
    g.phase = "intake";
    g.phase_entered_on = "2026-11-01";
    g.screens = {{1, 1, "none", "none", "2026-11-02"}};
    CHECK(to(evaluate(ind, g), "safety_stabilisation").open);
    g.flags.push_back({5, 1, "ipv_current", "urgent", "2026-11-20", ""});
    CHECK(criterion(to(evaluate(ind, g), "safety_stabilisation"), "no_urgent_flags").status ==
          "not_met");
}

TEST_CASE("evidence has an age: old ratings, screens and readiness are out of date",
          "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 20);
    pcl5(f, 2, "2026-11-20", 20);
    f.series[{1, "felt_safety"}] = {
        {50, "2026-10-31", parse_date("d", "2026-10-31").days_since_epoch(), 7.0}};
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "felt_safety").status ==
          "met"); // 30 days old
    f.series[{1, "felt_safety"}][0].date = "2026-10-30";
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "felt_safety").status ==
          "not_met"); // 31
    f.series[{1, "felt_safety"}][0].date = "2026-10-20";
    auto c = criterion(to(evaluate(p, f), "relational_repair"), "felt_safety");
    CHECK(c.status == "not_met");
    CHECK(c.sentence == "Felt safety for Jamie: 7, out of date (recorded 2026-10-20, older than 30 "
                        "days); needs >= 6");
    CHECK(c.evidence["out_of_date"] == true);
    CHECK(c.evidence["max_age_days"] == 30);

    f.attestations.push_back({9, 1, "relational_readiness", "yes", "", "2026-10-01"});
    f.attestations.erase(f.attestations.begin()); // the 2026-11-20 readiness
    auto r = criterion(to(evaluate(p, f), "relational_repair"), "readiness");
    CHECK(r.status == "not_met");
    CHECK(r.sentence == "Jamie's stated readiness ('yes') is out of date (recorded 2026-10-01, "
                        "older than 30 days)");

    f.attestations.push_back({10, 0, "decision", "part", "", "2026-11-29"});
    f.screens = {{1, 1, "none", "none", "2026-08-01"}, {2, 2, "none", "none", "2026-11-01"}};
    auto s = criterion(to(evaluate(p, f), "separation_support"), "screened");
    CHECK(s.status == "not_met");
    CHECK(s.sentence ==
          "Jamie's private screen is out of date (recorded 2026-08-01, older than 90 days); "
          "Alex screened privately on 2026-11-01");
    CHECK(s.evidence[0]["out_of_date"] == true);
    CHECK(s.evidence[1]["out_of_date"] == false);

    // The windows are data: defaults in the built-ins, a criterion's own window first.
    CHECK(p.evidence_max_age_days == std::map<std::string, int>{{"felt_safety", 30},
                                                                {"safety_screen", 90},
                                                                {"stated_readiness", 30}});
    auto j = to_json(p);
    CHECK(j["evidence_max_age_days"]["safety_screen"] == 90);
    for (auto& t : j["transitions"])
        for (auto& cj : t["criteria"])
            if (cj["id"] == "screened") cj["max_age_days"] = 200;
    CHECK(criterion(to(evaluate(protocol_from_json(j), f), "separation_support"), "screened")
              .status == "met");
    j["evidence_max_age_days"]["safety_screen"] = 4294967297LL; // not truncated to 1
    CHECK_THROWS_WITH(
        protocol_from_json(j),
        Catch::Contains("evidence_max_age_days.safety_screen must be a whole number of days"));
    j["evidence_max_age_days"]["safety_screen"] = 0;
    CHECK_THROWS_WITH(
        protocol_from_json(j),
        Catch::Contains("evidence_max_age_days.safety_screen must be a whole number of days"));
    // A loaded definition that names no windows gets the defaults, not "no limit".
    j.erase("evidence_max_age_days");
    CHECK(protocol_from_json(j).evidence_max_age_days == p.evidence_max_age_days);
    j["evidence_max_age_days"] = {{"felt_safety", 14}};
    CHECK(protocol_from_json(j).evidence_max_age_days ==
          std::map<std::string, int>{{"felt_safety", 14}});
    // A rationale is a sentence: a minimum of one character is refused.
    j["min_rationale_chars"] = 1;
    CHECK_THROWS_WITH(protocol_from_json(j), Catch::Contains("min_rationale_chars must be 10"));
}

TEST_CASE("consent to relational work is asked at the decision point", "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    f.attestations.erase(f.attestations.begin() + 4,
                         f.attestations.begin() + 6); // the relational consents
    auto c = criterion(to(evaluate(p, f), "relational_repair"), "consent");
    CHECK(c.status == "unknown"); // the intake's conjoint consent does not count
    CHECK(c.sentence ==
          "Both partners consent to relational work, asked at the decision point: not recorded "
          "for Jamie since Decision point began on 2026-10-01; Both partners consent to relational "
          "work, asked at the decision point: not recorded for Alex since Decision point began on "
          "2026-10-01");
    f.attestations.push_back(
        {20, 1, "relational_consent", "yes", "", "2026-09-15"}); // before the phase
    f.attestations.push_back(
        {21, 2, "relational_consent", "yes", "", "2026-10-01"}); // on its first day
    c = criterion(to(evaluate(p, f), "relational_repair"), "consent");
    CHECK(c.status == "unknown");
    CHECK(c.evidence[1]["attestation_id"] == 21);
    f.attestations.push_back({22, 1, "relational_consent", "yes", "", "2026-10-02"});
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "consent").status == "met");
}

TEST_CASE("of an attestation and its opposite, the later record stands",
          "[protocol][gate][contraindication]") {
    const auto& p = builtin("betrayal_trauma_couples");
    CHECK(p.opposite("contact_ended") == "affair_ongoing");
    auto f = decision_point_facts();
    f.phase = "safety_stabilisation";
    f.attestations.push_back({20, 2, "contact_ended", "yes", "", "2026-11-01"});
    CHECK(criterion(to(evaluate(p, f), "impact_meaning"), "contact_ended").status == "met");
    f.attestations.push_back({21, 2, "affair_ongoing", "yes", "", "2026-11-20"});
    auto e = evaluate(p, f);
    auto c = criterion(to(e, "impact_meaning"), "contact_ended");
    CHECK(c.status == "not_met");
    CHECK(c.sentence ==
          "The affair has ended and contact with the affair partner has stopped: recorded yes for "
          "Alex on 2026-11-01, but affair_ongoing was recorded yes later, on 2026-11-20; the later "
          "record stands");
    CHECK(e.contraindications[1].status == "present");

    f.attestations.push_back({22, 2, "contact_ended", "yes", "", "2026-11-25"});
    e = evaluate(p, f);
    CHECK(criterion(to(e, "impact_meaning"), "contact_ended").status == "met");
    CHECK(e.contraindications[1].status == "absent");
    CHECK(e.contraindications[1].sentence ==
          "The affair or contact with the affair partner is ongoing: recorded on 2026-11-20, but "
          "contact_ended "
          "was recorded yes later, on 2026-11-25; the later record stands");
    CHECK(e.contraindications[1].evidence["contradicted_by"]["attestation_id"] == 22);

    auto bad = to_json(p);
    bad["opposites"].push_back({"affair_ongoing", "sobriety"});
    CHECK_THROWS_WITH(
        protocol_from_json(bad),
        Catch::Contains("opposites[1] names an attestation that already has an opposite"));
}

TEST_CASE("cut-offs by code: the practice's choice sets the threshold", "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    const auto* gate = p.transition("decision_point", "relational_repair");
    CHECK(gate->criteria[0].cutoff == "probable_ptsd");
    CHECK(builtin("betrayal_trauma_individual")
              .transition("remembrance_mourning", "reconnection")
              ->criteria[0]
              .cutoff == "probable_ptsd");
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 32);
    pcl5(f, 2, "2026-11-20", 31);
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "trauma_symptoms").status == "met");
    f.cutoff_choices["pcl5"]["probable_ptsd"] = 31;
    auto c = criterion(to(evaluate(p, f), "relational_repair"), "trauma_symptoms");
    CHECK(c.status == "not_met");
    CHECK(c.sentence ==
          "PCL-5 for Jamie: 31 on 2026-11-20; needs < 31 on 2 administrations >= 14 days apart");
    CHECK(c.evidence["cutoff"] == "probable_ptsd");
    CHECK(c.evidence["value"] == 31.0);
    f.instruments.erase("pcl5");
    c = criterion(to(evaluate(p, f), "relational_repair"), "trauma_symptoms");
    CHECK(c.status == "unknown");
    CHECK(c.sentence == "pcl5 for Jamie: the instrument pcl5 is not loaded, so its cut-off "
                        "probable_ptsd is unknown");
}

TEST_CASE("which contraindication suspends which move; separation is treatment",
          "[protocol][contraindication]") {
    const auto& p = builtin("betrayal_trauma_couples");
    CHECK(p.transition("safety_stabilisation", "separation_support"));
    CHECK(p.transition("impact_meaning", "separation_support"));
    auto f = decision_point_facts();
    pcl5(f, 1, "2026-11-01", 20);
    pcl5(f, 2, "2026-11-20", 20);
    f.attestations.push_back({9, 2, "affair_ongoing", "yes", "", "2026-11-29"});
    f.attestations.push_back({10, 0, "decision", "part", "", "2026-11-29"});
    auto e = evaluate(p, f);
    CHECK(e.suspended);
    CHECK(to(e, "relational_repair").suspended_by == std::vector<std::string>{"affair_ongoing"});
    CHECK(to(e, "separation_support").suspended_by.empty());
    CHECK(to(e, "separation_support").open);
    CHECK(e.summary.rfind("Relational work is suspended: The affair or contact with the affair "
                          "partner is ongoing.",
                          0) == 0);
    CHECK_THAT(e.summary, Catch::Contains("Part with care: open."));

    // Separation from stabilisation asks nothing of contact or accountability.
    auto s = f;
    s.phase = "safety_stabilisation";
    e = evaluate(p, s);
    CHECK_FALSE(to(e, "impact_meaning").open);
    CHECK(to(e, "impact_meaning").suspended_by == std::vector<std::string>{"affair_ongoing"});
    CHECK(to(e, "separation_support").open);
    s.phase = "impact_meaning";
    CHECK(to(evaluate(p, s), "separation_support").open);

    // Current violence suspends every conjoint move, the separation path too.
    f.screens.push_back({3, 1, "current", "none", "2026-11-29"});
    e = evaluate(p, f);
    CHECK(to(e, "separation_support").suspended_by == std::vector<std::string>{"ipv_current"});
    CHECK_FALSE(to(e, "separation_support").open);
    CHECK(e.summary.rfind("Conjoint and relational work is suspended: Current intimate-partner "
                          "violence or coercion.",
                          0) == 0);

    auto j = to_json(p);
    CHECK(j["contraindications"][1]["suspends"] ==
          nlohmann::json::array({"impact_meaning", "decision_point", "relational_repair",
                                 "relational_repair->consolidation"}));
    CHECK_FALSE(j["contraindications"][0].contains("suspends"));
    j["contraindications"][1]["suspends"].push_back("separation_support->relational_repair");
    CHECK_THROWS_WITH(
        protocol_from_json(j),
        Catch::Contains("contraindications[1].suspends[4] names no phase or transition"));

    // "relational_repair->consolidation" leaves separation_support -> consolidation open.
    Contraindication c;
    c.suspends = {"relational_repair->consolidation"};
    CHECK(c.suspends_transition("relational_repair", "consolidation"));
    CHECK_FALSE(c.suspends_transition("separation_support", "consolidation"));
}

TEST_CASE("closing separation support reads the betrayed partner's trauma symptoms",
          "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    f.phase = "separation_support";
    f.phase_entered_on = "2026-10-01";
    pcl5(f, 1, "2026-11-20", 40);
    auto c = criterion(to(evaluate(p, f), "consolidation"), "trauma_symptoms");
    CHECK(c.status == "not_met");
    CHECK(c.sentence == "PCL-5 for Jamie: 40 on 2026-11-20; needs < 33");
    CHECK_FALSE(to(evaluate(p, f), "consolidation").open);
    pcl5(f, 2, "2026-11-27", 25);
    CHECK(to(evaluate(p, f), "consolidation").open);
}

TEST_CASE("an agreement's track record: active, N weeks old, not broken in N weeks",
          "[protocol][gate]") {
    const auto& p = builtin("betrayal_trauma_couples");
    auto f = decision_point_facts();
    f.agreements = {{8, "boundary", "active", days_before("2026-11-30", 55), {}}};
    auto c = criterion(to(evaluate(p, f), "relational_repair"), "boundaries_kept");
    CHECK(c.status == "not_met");
    CHECK(c.sentence ==
          "The boundary agreement of 2026-10-06 has held for 7 weeks; needs 8 weeks kept");
    f.agreements[0].agreed_on = days_before("2026-11-30", 56);
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "boundaries_kept").sentence ==
          "The boundary agreement of 2026-10-05 is active and was not broken in the last 8 weeks");
    f.agreements[0].agreed_on = "2026-06-01";
    f.agreements[0].events = {{"broken", "2026-10-20"}, {"active", "2026-10-22"}};
    c = criterion(to(evaluate(p, f), "relational_repair"), "boundaries_kept");
    CHECK(c.status == "not_met");
    CHECK(c.sentence == "The boundary agreement of 2026-06-01 was broken on 2026-10-20, within the "
                        "last 8 weeks; needs 8 weeks kept");
    CHECK(c.evidence["broken_on"] == "2026-10-20");
    f.agreements[0].events = {{"broken", "2026-09-20"}, {"active", "2026-09-22"}};
    CHECK(criterion(to(evaluate(p, f), "relational_repair"), "boundaries_kept").status == "met");
}

TEST_CASE("both partners' healing: the instruments tracked for each role",
          "[protocol][definition]") {
    const auto& p = builtin("betrayal_trauma_couples");
    CHECK(p.tracked_instruments.at("involved") == std::vector<std::string>{"pcl5", "phq9", "gad7"});
    CHECK(instruments_named(p) ==
          std::set<std::string>{"csi4", "felt_safety", "gad7", "pcl5", "phq9"});
    auto j = to_json(p);
    j["tracked_instruments"] = {{"involved", {"ders"}}};
    CHECK(instruments_named(protocol_from_json(j)) ==
          std::set<std::string>{"csi4", "ders", "felt_safety", "pcl5"});
    j["tracked_instruments"] = {{"partner", {"pcl5"}}};
    CHECK_THROWS_WITH(
        protocol_from_json(j),
        Catch::Contains("tracked_instruments.partner must be betrayed, involved or both"));
    j["tracked_instruments"] = {{"involved", {"PCL 5"}}};
    CHECK_THROWS_WITH(protocol_from_json(j),
                      Catch::Contains("tracked_instruments.involved[0] must be a code"));
}
