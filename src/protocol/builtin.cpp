// Built-in protocols, built on the phase models summarised in
// shared/reference/practice-systems-and-clinical-models.md, section 2:
// Herman (1992) safety -> remembrance -> reconnection; Gottman's atone,
// attune, attach; Baucom, Snyder & Gordon's impact, meaning, moving on
// (together or apart); discernment counselling's three paths (Doherty).
// No validated numeric criterion marks the end of the trauma phase (section
// 2.3): the gates below make the concrete signals the sources name
// explicit, checkable and overridable.
#include "protocol/builtin.hpp"

#include "protocol/protocol_json.hpp"

namespace mend::protocol {

namespace {

// The conjoint protocol for betrayal-trauma recovery.
// - Intake -> stabilisation: each partner screened privately for violence and
//   suicide risk (Bograd & Mederos 1999; Stith, McCollum & Rosen 2011), both
//   consenting to conjoint work, and no urgent flag open (suicide risk, PHQ-9
//   item 9, current violence): safety first (Herman 1992).
// - Stabilisation -> impact and meaning: the affair ended and contact stopped
//   (Gottman, Atone), disclosure completed, a boundaries agreement in place,
//   no open safety flags, at least 4 weeks, and the betrayed partner's felt
//   safety at 5 or more of 10 (a default for review).
// - Impact and meaning -> decision point: the involved partner's
//   accountability (answers questions without blame-shifting; Gottman).
// - Decision point -> relational repair (the trauma gate): the betrayed
//   partner's PCL-5 below the practice's probable-PTSD cut-off (NCPTSD: 31-33;
//   33 unless the practice chose otherwise) on 2 administrations at least 14
//   days apart ("consistency over time"), their own stated readiness (Herman's
//   empowerment; "as long as the hurt partner needs"), a decision to stay or to
//   a committed period of couples work (discernment paths), both partners'
//   consent to relational work asked at the decision point (not the intake's
//   consent to conjoint work), the boundaries agreement kept for 8 weeks
//   (Gottman: trust needs consistency over time; 8 weeks a default for
//   review), no open flags, felt safety of 6 or more.
// - Stabilisation, impact and meaning, decision point -> separation support:
//   the decision to part, both partners recently screened, no urgent flag.
//   Separating is treatment too (Baucom, Snyder & Gordon 2009: moving on,
//   together or apart; Doherty's discernment counselling: one of three paths),
//   so it asks nothing of the involved partner's accountability or contact.
// - Separation support -> consolidation: the betrayed partner's PCL-5 below
//   the cut-off, as on the relational path, no open flags, 4 weeks.
// - Contraindications (hard stops): current violence or coercion (suspends
//   all conjoint work), an ongoing affair or contact and active untreated
//   compulsive sexual behaviour (suspend relational work, not the separation
//   path), and under a limited-secrets policy a disclosed secret that
//   suspends conjoint work.
// - Evidence windows (defaults for review): felt safety and stated readiness
//   30 days, safety screens 90 days. Of "contact ended" and "affair ongoing",
//   the later record stands. The involved partner's own PCL-5, PHQ-9 and
//   GAD-7 are tracked: both partners' healing counts.
const char* const couples = R"json({
  "code": "betrayal_trauma_couples", "version": 1, "kind": "conjoint",
  "name": "Betrayal-trauma recovery, couples (trauma first)",
  "description": "Trauma first: the betrayed partner's safety and stabilisation, boundaries and accountability, then the impact and meaning of the affair, a decision point (stay or part), and only then relational repair or separation support, then consolidation. Thresholds are defaults for clinical review; any gate can be overridden with a written rationale.",
  "sources": ["Herman 1992, Trauma and Recovery", "Gottman & Gottman, Trust Revival (atone, attune, attach)",
              "Baucom, Snyder & Gordon 2009, Helping Couples Get Past the Affair",
              "Doherty, discernment counseling", "Bograd & Mederos 1999, J Marital Fam Ther 25:291"],
  "start_phase": "intake",
  "phases": [
    {"code": "intake", "name": "Intake and assessment", "track": "trauma",
     "description": "Individual screening of each partner, including intimate-partner violence and suicide risk."},
    {"code": "safety_stabilisation", "name": "Safety and stabilisation", "track": "trauma",
     "description": "The betrayed partner's safety, boundaries, ending contact with the affair partner, disclosure planning, symptom relief; the involved partner's accountability; both partners' trauma."},
    {"code": "impact_meaning", "name": "Impact and meaning", "track": "trauma",
     "description": "Processing the impact and understanding the context of the affair."},
    {"code": "decision_point", "name": "Decision point", "track": "trauma",
     "description": "Stay or part: both are treatment paths."},
    {"code": "relational_repair", "name": "Relational repair", "track": "relational",
     "description": "Trust, emotional intimacy, and the relational issues that preceded the affair."},
    {"code": "separation_support", "name": "Separation support", "track": "separation",
     "description": "Ending with care; co-parenting where children are involved."},
    {"code": "consolidation", "name": "Consolidation and closure", "track": "closure",
     "description": "Consolidating gains and ending treatment."}
  ],
  "transitions": [
    {"from": "intake", "to": "safety_stabilisation", "name": "Begin stabilisation",
     "criteria": [
       {"id": "screened", "kind": "safety_screened", "subject": "both",
        "label": "Each partner screened privately for violence and suicide risk",
        "source": "Bograd & Mederos 1999; Stith, McCollum & Rosen 2011"},
       {"id": "consent", "kind": "attestation", "subject": "both", "attestation": "conjoint_consent",
        "label": "Both partners consent to conjoint work"},
       {"id": "no_urgent_flags", "kind": "no_urgent_flags", "subject": "both",
        "label": "No urgent safety flag (suicide risk, self-harm thoughts, current violence) open for either partner",
        "source": "Herman 1992: safety first; Stith, McCollum & Rosen 2011"}
     ]},
    {"from": "safety_stabilisation", "to": "impact_meaning", "name": "Move to impact and meaning",
     "criteria": [
       {"id": "contact_ended", "kind": "attestation", "subject": "involved", "attestation": "contact_ended",
        "label": "The affair has ended and contact with the affair partner has stopped",
        "source": "Gottman, Trust Revival: Atone"},
       {"id": "disclosure", "kind": "attestation", "subject": "case", "attestation": "disclosure_completed",
        "label": "Disclosure completed"},
       {"id": "boundaries", "kind": "agreement_in_place", "agreement_kind": "boundary",
        "label": "A boundaries agreement is in place"},
       {"id": "no_flags", "kind": "no_open_flags", "subject": "both",
        "label": "No open safety flags for either partner"},
       {"id": "felt_safety", "kind": "latest_measure", "subject": "betrayed", "instrument": "felt_safety",
        "comparator": ">=", "value": 5, "label": "The betrayed partner feels safe enough (felt safety 5 or more of 10)",
        "source": "mend default for clinical review"},
       {"id": "time", "kind": "min_weeks", "weeks": 4, "label": "At least 4 weeks of stabilisation",
        "source": "mend default for clinical review"}
     ]},
    {"from": "safety_stabilisation", "to": "separation_support", "name": "Part with care",
     "criteria": [
       {"id": "decision", "kind": "decision", "choices": ["part"],
        "label": "The couple decided to part",
        "source": "Baucom, Snyder & Gordon 2009: moving on, together or apart; Doherty, discernment counseling: separation is one of three paths"},
       {"id": "screened", "kind": "safety_screened", "subject": "both",
        "label": "Each partner screened privately for violence and suicide risk, recently",
        "source": "Bograd & Mederos 1999; Stith, McCollum & Rosen 2011"},
       {"id": "no_urgent_flags", "kind": "no_urgent_flags", "subject": "both",
        "label": "No urgent safety flag open for either partner",
        "source": "Herman 1992: safety first"}
     ]},
    {"from": "impact_meaning", "to": "decision_point", "name": "Reach the decision point",
     "criteria": [
       {"id": "accountability", "kind": "attestation", "subject": "involved", "attestation": "accountability",
        "label": "The involved partner takes responsibility: answers questions honestly, without blame-shifting",
        "source": "Gottman, Trust Revival: Atone"},
       {"id": "no_flags", "kind": "no_open_flags", "subject": "both",
        "label": "No open safety flags for either partner"},
       {"id": "time", "kind": "min_weeks", "weeks": 4, "label": "At least 4 weeks on impact and meaning",
        "source": "mend default for clinical review"}
     ]},
    {"from": "impact_meaning", "to": "separation_support", "name": "Part with care",
     "criteria": [
       {"id": "decision", "kind": "decision", "choices": ["part"],
        "label": "The couple decided to part",
        "source": "Baucom, Snyder & Gordon 2009: moving on, together or apart; Doherty, discernment counseling: separation is one of three paths"},
       {"id": "screened", "kind": "safety_screened", "subject": "both",
        "label": "Each partner screened privately for violence and suicide risk, recently",
        "source": "Bograd & Mederos 1999; Stith, McCollum & Rosen 2011"},
       {"id": "no_urgent_flags", "kind": "no_urgent_flags", "subject": "both",
        "label": "No urgent safety flag open for either partner",
        "source": "Herman 1992: safety first"}
     ]},
    {"from": "decision_point", "to": "relational_repair", "name": "Begin relational work (the trauma gate)",
     "relational": true,
     "criteria": [
       {"id": "trauma_symptoms", "kind": "measure_sustained", "subject": "betrayed", "instrument": "pcl5",
        "comparator": "<", "cutoff": "probable_ptsd", "count": 2, "min_days": 14,
        "label": "The betrayed partner's trauma symptoms have settled, consistently over time",
        "source": "PCL-5 cut-off 31-33 (NCPTSD, Using the PCL-5); consistency: mend default"},
       {"id": "readiness", "kind": "stated_readiness", "subject": "betrayed",
        "label": "The betrayed partner says they are ready for relational work",
        "source": "Herman 1992 (empowerment); Gottman: as long as the hurt partner needs"},
       {"id": "decision", "kind": "decision", "choices": ["stay_as_is", "committed_work"],
        "label": "The couple decided to stay or to a committed period of couples work",
        "source": "Doherty, discernment counseling: three paths"},
       {"id": "consent", "kind": "attestation", "subject": "both", "attestation": "relational_consent",
        "recorded_since": "phase_entry",
        "label": "Both partners consent to relational work, asked at the decision point",
        "source": "Herman 1992 (empowerment: consent is the survivor's to give); Doherty, discernment counseling"},
       {"id": "boundaries_kept", "kind": "agreement_kept", "agreement_kind": "boundary", "weeks": 8,
        "label": "The boundaries agreement has held: active and not broken for 8 weeks",
        "source": "Gottman & Gottman, Trust Revival: trust needs consistency over time; 8 weeks: mend default for clinical review"},
       {"id": "no_flags", "kind": "no_open_flags", "subject": "both",
        "label": "No open safety flags for either partner"},
       {"id": "felt_safety", "kind": "latest_measure", "subject": "betrayed", "instrument": "felt_safety",
        "comparator": ">=", "value": 6,
        "label": "The betrayed partner feels safe (felt safety 6 or more of 10): intimacy is not a fair expectation before",
        "source": "mend default for clinical review"}
     ]},
    {"from": "decision_point", "to": "separation_support", "name": "Part with care",
     "criteria": [
       {"id": "decision", "kind": "decision", "choices": ["part"],
        "label": "The couple decided to part",
        "source": "Baucom, Snyder & Gordon 2009: moving on, together or apart; Doherty, discernment counseling: separation is one of three paths"},
       {"id": "screened", "kind": "safety_screened", "subject": "both",
        "label": "Each partner screened privately for violence and suicide risk, recently",
        "source": "Bograd & Mederos 1999; Stith, McCollum & Rosen 2011"},
       {"id": "no_urgent_flags", "kind": "no_urgent_flags", "subject": "both",
        "label": "No urgent safety flag open for either partner",
        "source": "Herman 1992: safety first"}
     ]},
    {"from": "relational_repair", "to": "consolidation", "name": "Consolidate",
     "criteria": [
       {"id": "satisfaction", "kind": "measure_sustained", "subject": "both", "instrument": "csi4",
        "comparator": ">", "value": 13.5, "count": 2, "min_days": 28,
        "label": "Both partners' relationship satisfaction is above the distress cut-off, consistently",
        "source": "CSI-4 distress cut-off 13.5 (Funk & Rogge 2007)"},
       {"id": "trauma_symptoms", "kind": "latest_measure", "subject": "betrayed", "instrument": "pcl5",
        "comparator": "<", "cutoff": "probable_ptsd",
        "label": "The betrayed partner's trauma symptoms stay below the cut-off",
        "source": "PCL-5 cut-off 31-33 (NCPTSD), as the practice set it"},
       {"id": "no_flags", "kind": "no_open_flags", "subject": "both",
        "label": "No open safety flags for either partner"},
       {"id": "time", "kind": "min_weeks", "weeks": 8, "label": "At least 8 weeks of relational repair",
        "source": "mend default for clinical review"}
     ]},
    {"from": "separation_support", "to": "consolidation", "name": "Close with care",
     "criteria": [
       {"id": "trauma_symptoms", "kind": "latest_measure", "subject": "betrayed", "instrument": "pcl5",
        "comparator": "<", "cutoff": "probable_ptsd",
        "label": "The betrayed partner's trauma symptoms are below the cut-off",
        "source": "PCL-5 cut-off 31-33 (NCPTSD), as the practice set it; Herman 1992: recovery, not the couple's outcome, closes treatment"},
       {"id": "no_flags", "kind": "no_open_flags", "subject": "both",
        "label": "No open safety flags for either partner"},
       {"id": "time", "kind": "min_weeks", "weeks": 4, "label": "At least 4 weeks of separation support"}
     ]}
  ],
  "contraindications": [
    {"code": "ipv_current", "kind": "ipv_current",
     "label": "Current intimate-partner violence or coercion",
     "source": "Stith, McCollum & Rosen 2011; limited-secrets policies; suspends all conjoint work"},
    {"code": "affair_ongoing", "kind": "attestation", "attestation": "affair_ongoing",
     "suspends": ["impact_meaning", "decision_point", "relational_repair", "relational_repair->consolidation"],
     "label": "The affair or contact with the affair partner is ongoing",
     "source": "Gottman, Atone; limited-secrets policies; suspends relational work, not separation support (Baucom, Snyder & Gordon 2009; Doherty, discernment counseling)"},
    {"code": "compulsive_behaviour", "kind": "attestation", "attestation": "compulsive_behaviour_untreated",
     "suspends": ["impact_meaning", "decision_point", "relational_repair", "relational_repair->consolidation"],
     "label": "Active, untreated compulsive sexual behaviour",
     "source": "APSATS partner-trauma model: individual work first; suspends relational work, not separation support (Baucom, Snyder & Gordon 2009)"},
    {"code": "disclosed_secret", "kind": "attestation", "attestation": "secret_suspends_conjoint_work",
     "label": "A secret disclosed in an individual session (an ongoing affair, violence, active addiction) suspends conjoint work",
     "source": "Limited-secrets policies (practice-systems reference, section 1.8)"}
  ],
  "evidence_max_age_days": {"felt_safety": 30, "stated_readiness": 30, "safety_screen": 90},
  "opposites": [["contact_ended", "affair_ongoing"]],
  "tracked_instruments": {"betrayed": ["pcl5", "phq9", "gad7", "felt_safety"],
                          "involved": ["pcl5", "phq9", "gad7"], "both": ["csi4"]}
})json";

// An APSATS-informed variant for partners of people with compulsive sexual
// behaviour: the trauma gate also needs a sobriety date at least 90 days back
// and a completed therapeutic disclosure (individual work first, then a
// prepared disclosure; "90 in 90" sobriety early on).
const char* const csb_extra_criteria = R"json([
  {"id": "sobriety", "kind": "attestation", "subject": "involved", "attestation": "sobriety",
   "min_days_since": 90, "label": "A sobriety date at least 90 days back",
   "source": "APSATS-informed practice; early-recovery 90-day sobriety"},
  {"id": "therapeutic_disclosure", "kind": "attestation", "subject": "case",
   "attestation": "therapeutic_disclosure_completed", "label": "A prepared therapeutic disclosure completed",
   "source": "APSATS-informed practice"}
])json";

// The individual track of the betrayed partner's trauma recovery, on
// Herman's three stages (safety, remembrance and mourning, reconnection).
const char* const individual = R"json({
  "code": "betrayal_trauma_individual", "version": 1, "kind": "individual",
  "name": "Betrayal-trauma recovery, individual track",
  "description": "One partner's own trauma work, alongside the couple's conjoint case: safety and stabilisation, remembrance and mourning, reconnection. Thresholds are defaults for clinical review.",
  "sources": ["Herman 1992, Trauma and Recovery"],
  "start_phase": "intake",
  "phases": [
    {"code": "intake", "name": "Intake and assessment", "track": "trauma"},
    {"code": "safety_stabilisation", "name": "Safety and stabilisation", "track": "trauma"},
    {"code": "remembrance_mourning", "name": "Remembrance and mourning", "track": "trauma"},
    {"code": "reconnection", "name": "Reconnection", "track": "integration"},
    {"code": "closure", "name": "Consolidation and closure", "track": "closure"}
  ],
  "transitions": [
    {"from": "intake", "to": "safety_stabilisation", "name": "Begin stabilisation",
     "criteria": [
       {"id": "screened", "kind": "safety_screened", "subject": "client",
        "label": "Screened privately for violence and suicide risk"},
       {"id": "no_urgent_flags", "kind": "no_urgent_flags", "subject": "client",
        "label": "No urgent safety flag (suicide risk, self-harm thoughts, current violence) open",
        "source": "Herman 1992: safety first"}
     ]},
    {"from": "safety_stabilisation", "to": "remembrance_mourning", "name": "Begin trauma processing",
     "criteria": [
       {"id": "no_flags", "kind": "no_open_flags", "subject": "client", "label": "No open safety flags"},
       {"id": "felt_safety", "kind": "latest_measure", "subject": "client", "instrument": "felt_safety",
        "comparator": ">=", "value": 5, "label": "Feels safe enough (felt safety 5 or more of 10)"},
       {"id": "time", "kind": "min_weeks", "weeks": 4, "label": "At least 4 weeks of stabilisation"}
     ]},
    {"from": "remembrance_mourning", "to": "reconnection", "name": "Reconnect",
     "criteria": [
       {"id": "trauma_symptoms", "kind": "measure_sustained", "subject": "client", "instrument": "pcl5",
        "comparator": "<", "cutoff": "probable_ptsd", "count": 2, "min_days": 14,
        "label": "Trauma symptoms have settled, consistently over time",
        "source": "PCL-5 cut-off 31-33 (NCPTSD)"},
       {"id": "readiness", "kind": "stated_readiness", "subject": "client",
        "label": "The client says they are ready"}
     ]},
    {"from": "reconnection", "to": "closure", "name": "Close",
     "criteria": [
       {"id": "no_flags", "kind": "no_open_flags", "subject": "client", "label": "No open safety flags"},
       {"id": "time", "kind": "min_weeks", "weeks": 4, "label": "At least 4 weeks of reconnection"}
     ]}
  ],
  "evidence_max_age_days": {"felt_safety": 30, "stated_readiness": 30, "safety_screen": 90},
  "tracked_instruments": {"client": ["pcl5", "phq9", "gad7", "felt_safety"]}
})json";

} // namespace

const std::vector<Protocol>& builtin_protocols() {
    static const std::vector<Protocol> all = [] {
        std::vector<Protocol> v;
        v.push_back(protocol_from_json_text(couples));
        auto base = nlohmann::json::parse(couples);
        base["code"] = "betrayal_trauma_couples_csb";
        base["name"] =
            "Betrayal-trauma recovery, couples, compulsive sexual behaviour (APSATS-informed)";
        base["sources"].push_back("APSATS, Multidimensional Partner Trauma Model");
        for (auto& t : base["transitions"])
            if (t["to"] == "relational_repair")
                for (const auto& c : nlohmann::json::parse(csb_extra_criteria))
                    t["criteria"].push_back(c);
        v.push_back(protocol_from_json(base));
        v.push_back(protocol_from_json_text(individual));
        return v;
    }();
    return all;
}

} // namespace mend::protocol
