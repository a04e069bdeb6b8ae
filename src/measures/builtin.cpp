// Built-in instrument definitions. Every rule here is taken from
// shared/reference/measures.md, which cites the primary sources; the source is
// repeated in each definition's "source" fields so reports can show it.
#include "measures/builtin.hpp"

#include "measures/definition_json.hpp"

namespace mend::measures {

namespace {

// PCL-5 (Weathers et al. 2013, National Center for PTSD; Blevins et al. 2015,
// J Trauma Stress 28:489; Bovin et al. 2016, Psychol Assess 28:1379).
// - 20 items scored 0-4, no reverse items; total 0-80.
// - Clusters B 1-5, C 6-7, D 8-14, E 15-20.
// - DSM-5 provisional rule: item >= 2 endorses; >= 1 B, >= 1 C, >= 2 D, >= 2 E.
// - Probable PTSD cut-off: 31-33 per NCPTSD "Using the PCL-5"; 33 by default,
//   configurable within 31..33.
// - No published severity bands: none are defined (comorbidityguidelines.org.au).
// - Reliable change >= 15 points and clinically significant change at a post
//   score <= 28 (Marx et al. 2022, Psychol Assess 34:197, J&T method, sample 1).
// - No published prorating rule: prorating is not offered.
// Discovering an affair is usually not a DSM-5 Criterion A event, so the
// total is labelled symptom severity, not a diagnosis.
const char* const pcl5 = R"json({
  "code": "pcl5", "version": 1, "name": "PTSD Checklist for DSM-5", "abbreviation": "PCL-5",
  "construct": "PTSD-symptom severity (Criterion A not established)",
  "higher_is_better": false,
  "licence": "Public domain (US Government work, National Center for PTSD)",
  "loinc": {"panel": "101697-1", "total": "101698-9"},
  "note": "Discovery of a partner's infidelity is usually not a DSM-5 Criterion A event: read the total as trauma-symptom severity. Report the DSM-5 rule and the cut-off separately.",
  "items": [
    {"number": 1, "text": "B1 unwanted memories", "min": 0, "max": 4},
    {"number": 2, "text": "B2 disturbing dreams", "min": 0, "max": 4},
    {"number": 3, "text": "B3 flashbacks, reliving", "min": 0, "max": 4},
    {"number": 4, "text": "B4 upset at reminders", "min": 0, "max": 4},
    {"number": 5, "text": "B5 physical reactions to reminders", "min": 0, "max": 4},
    {"number": 6, "text": "C1 avoiding memories, thoughts, feelings", "min": 0, "max": 4},
    {"number": 7, "text": "C2 avoiding external reminders", "min": 0, "max": 4},
    {"number": 8, "text": "D1 trouble remembering", "min": 0, "max": 4},
    {"number": 9, "text": "D2 strong negative beliefs", "min": 0, "max": 4},
    {"number": 10, "text": "D3 blaming self or others", "min": 0, "max": 4},
    {"number": 11, "text": "D4 strong negative feelings", "min": 0, "max": 4},
    {"number": 12, "text": "D5 loss of interest", "min": 0, "max": 4},
    {"number": 13, "text": "D6 feeling distant or cut off", "min": 0, "max": 4},
    {"number": 14, "text": "D7 trouble feeling positive feelings", "min": 0, "max": 4},
    {"number": 15, "text": "E1 irritability, anger", "min": 0, "max": 4},
    {"number": 16, "text": "E2 risky or self-destructive behaviour", "min": 0, "max": 4},
    {"number": 17, "text": "E3 hypervigilance", "min": 0, "max": 4},
    {"number": 18, "text": "E4 startle", "min": 0, "max": 4},
    {"number": 19, "text": "E5 trouble concentrating", "min": 0, "max": 4},
    {"number": 20, "text": "E6 trouble sleeping", "min": 0, "max": 4}
  ],
  "subscales": [
    {"code": "B", "name": "Intrusion", "items": [1, 2, 3, 4, 5]},
    {"code": "C", "name": "Avoidance", "items": [6, 7]},
    {"code": "D", "name": "Negative alterations in cognition and mood", "items": [8, 9, 10, 11, 12, 13, 14]},
    {"code": "E", "name": "Alterations in arousal and reactivity", "items": [15, 16, 17, 18, 19, 20]}
  ],
  "cutoffs": [
    {"code": "probable_ptsd", "label": "probable PTSD (cut-off)", "comparator": ">=", "value": 33,
     "configurable_min": 31, "configurable_max": 33,
     "source": "NCPTSD, Using the PCL-5; Bovin et al. 2016 (31-33)"}
  ],
  "symptom_rule": {
    "code": "dsm5_provisional", "label": "DSM-5 symptom pattern (provisional)", "endorse_at": 2,
    "require": [{"subscale": "B", "count": 1}, {"subscale": "C", "count": 1},
                {"subscale": "D", "count": 2}, {"subscale": "E", "count": 2}],
    "source": "Weathers et al. 2013; NCPTSD scoring: item >= 2 endorses; 1 B, 1 C, 2 D, 2 E"
  },
  "reliable_change": {"method": "threshold", "points": 15,
                      "source": "Marx et al. 2022, Psychol Assess 34:197 (Jacobson-Truax, sample 1)"},
  "clinical_range": {"comparator": ">", "value": 28,
                     "source": "Marx et al. 2022: post-treatment <= 28 is more likely non-PTSD"},
  "missing": {"default": "complete", "prorate_min_answered": 0}
})json";

// PHQ-9 (Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606).
// - Items 1-9 scored 0-3, total 0-27; item 10 (difficulty) is not scored.
// - Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe,
//   20-27 severe (Kroenke 2001; LOINC answer list LL382-3).
// - Cut-off >= 10 for probable major depression (sens. 88 %, spec. 88 %).
// - Item 9 >= 1 raises a suicide-risk flag whatever the total (any answer
//   but "not at all" needs same-visit safety assessment; Simon et al. 2013).
// - Reliable improvement >= 6 points, caseness >= 10 (NHS Talking Therapies).
// - No author prorating rule; prorating >= 7 of 9 answered is offered only as
//   an explicit policy, an open-source convention, never the default.
const char* const phq9 = R"json({
  "code": "phq9", "version": 1, "name": "Patient Health Questionnaire-9", "abbreviation": "PHQ-9",
  "construct": "depression symptom severity", "higher_is_better": false,
  "licence": "No permission required to reproduce, translate, display or distribute (Pfizer)",
  "loinc": {"panel": "44249-1", "total": "44261-6"},
  "items": [
    {"number": 1, "text": "little interest or pleasure", "min": 0, "max": 3, "code": "44250-9"},
    {"number": 2, "text": "feeling down, depressed, hopeless", "min": 0, "max": 3, "code": "44255-8"},
    {"number": 3, "text": "sleep problems", "min": 0, "max": 3, "code": "44259-0"},
    {"number": 4, "text": "tired, little energy", "min": 0, "max": 3, "code": "44254-1"},
    {"number": 5, "text": "appetite", "min": 0, "max": 3, "code": "44251-7"},
    {"number": 6, "text": "feeling bad about yourself", "min": 0, "max": 3, "code": "44258-2"},
    {"number": 7, "text": "trouble concentrating", "min": 0, "max": 3, "code": "44252-5"},
    {"number": 8, "text": "moving or speaking slowly, or restless", "min": 0, "max": 3, "code": "44253-3"},
    {"number": 9, "text": "thoughts of being better off dead or of self-harm", "min": 0, "max": 3, "code": "44260-8"},
    {"number": 10, "text": "difficulty these problems cause (not scored)", "min": 0, "max": 3,
     "scored": false, "required": false, "code": "69722-7"}
  ],
  "bands": [
    {"min": 0, "max": 4, "label": "minimal"},
    {"min": 5, "max": 9, "label": "mild"},
    {"min": 10, "max": 14, "label": "moderate"},
    {"min": 15, "max": 19, "label": "moderately severe"},
    {"min": 20, "max": 27, "label": "severe"}
  ],
  "bands_source": "Kroenke et al. 2001; LOINC LL382-3",
  "cutoffs": [
    {"code": "probable_depression", "label": "probable major depression", "comparator": ">=", "value": 10,
     "source": "Kroenke et al. 2001 (sensitivity 88 %, specificity 88 %)"}
  ],
  "safety_items": [
    {"item": 9, "at_least": 1, "flag": "suicidal_ideation",
     "message": "PHQ-9 item 9 endorsed: assess suicide risk at this visit (e.g. C-SSRS)",
     "source": "Kroenke et al. 2001; Simon et al. 2013, Psychiatr Serv 64:1195"}
  ],
  "total_flags": [
    {"at_least": 20, "flag": "severe_depression", "message": "PHQ-9 in the severe band (20-27)",
     "source": "Kroenke et al. 2001"}
  ],
  "reliable_change": {"method": "threshold", "points": 6,
                      "source": "NHS Talking Therapies (IAPT): reliable change >= 6 points"},
  "clinical_range": {"comparator": ">=", "value": 10, "source": "NHS Talking Therapies caseness >= 10"},
  "missing": {"default": "complete", "prorate_min_answered": 7}
})json";

// GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006, Arch Intern Med 166:1092).
// - 7 items 0-3, total 0-21; bands 0-4 minimal, 5-9 mild, 10-14 moderate,
//   15-21 severe; cut-off >= 10 (sens. 89 %, spec. 82 %).
// - Reliable improvement >= 4 points, caseness >= 8 (NHS Talking Therapies).
// - No author prorating rule; >= 5 of 7 answered only as an explicit policy.
const char* const gad7 = R"json({
  "code": "gad7", "version": 1, "name": "Generalized Anxiety Disorder 7-item scale", "abbreviation": "GAD-7",
  "construct": "anxiety symptom severity", "higher_is_better": false,
  "licence": "No permission required to reproduce, translate, display or distribute",
  "loinc": {"panel": "69737-5", "total": "70274-6"},
  "items": [
    {"number": 1, "text": "nervous, anxious or on edge", "min": 0, "max": 3, "code": "69725-0"},
    {"number": 2, "text": "not able to stop or control worrying", "min": 0, "max": 3, "code": "68509-9"},
    {"number": 3, "text": "worrying too much", "min": 0, "max": 3, "code": "69733-4"},
    {"number": 4, "text": "trouble relaxing", "min": 0, "max": 3, "code": "69734-2"},
    {"number": 5, "text": "so restless it is hard to sit still", "min": 0, "max": 3, "code": "69735-9"},
    {"number": 6, "text": "easily annoyed or irritable", "min": 0, "max": 3, "code": "69689-8"},
    {"number": 7, "text": "afraid something awful might happen", "min": 0, "max": 3, "code": "69736-7"}
  ],
  "bands": [
    {"min": 0, "max": 4, "label": "minimal"},
    {"min": 5, "max": 9, "label": "mild"},
    {"min": 10, "max": 14, "label": "moderate"},
    {"min": 15, "max": 21, "label": "severe"}
  ],
  "bands_source": "Spitzer et al. 2006 (cut points 5, 10, 15)",
  "cutoffs": [
    {"code": "probable_gad", "label": "probable generalised anxiety disorder", "comparator": ">=", "value": 10,
     "source": "Spitzer et al. 2006 (sensitivity 89 %, specificity 82 %)"}
  ],
  "reliable_change": {"method": "threshold", "points": 4,
                      "source": "NHS Talking Therapies (IAPT): reliable change >= 4 points"},
  "clinical_range": {"comparator": ">=", "value": 8, "source": "NHS Talking Therapies caseness >= 8"},
  "missing": {"default": "complete", "prorate_min_answered": 5}
})json";

// CSI-4 (Funk & Rogge 2007, J Fam Psychol 21:572): items 1, 12, 19, 22 of the
// CSI-32; item 1 scored 0-6, the others 0-5; none reverse-keyed; total 0-21;
// higher is more satisfied; < 13.5 suggests notable dissatisfaction. No
// published reliable-change threshold: a practice may load a definition with
// its own SD and reliability (Jacobson & Truax).
const char* const csi4 = R"json({
  "code": "csi4", "version": 1, "name": "Couples Satisfaction Index (4-item)", "abbreviation": "CSI-4",
  "construct": "relationship satisfaction", "higher_is_better": true,
  "licence": "Free for research and clinical use (Funk & Rogge); ask the authors before commercial redistribution of the items",
  "items": [
    {"number": 1, "text": "degree of happiness, all things considered", "min": 0, "max": 6},
    {"number": 12, "text": "a warm and comfortable relationship", "min": 0, "max": 5},
    {"number": 19, "text": "how rewarding the relationship is", "min": 0, "max": 5},
    {"number": 22, "text": "how satisfied with the relationship", "min": 0, "max": 5}
  ],
  "cutoffs": [
    {"code": "relationship_distress", "label": "notable relationship dissatisfaction", "comparator": "<", "value": 13.5,
     "source": "Funk & Rogge 2007"}
  ],
  "clinical_range": {"comparator": "<", "value": 13.5, "source": "Funk & Rogge 2007"},
  "missing": {"default": "complete", "prorate_min_answered": 0}
})json";

// CSI-16 (Funk & Rogge 2007): CSI-32 items 1, 5, 9, 11, 12, 17, 19, 20, 21,
// 22, 26, 27, 28, 30, 31, 32; item 1 scored 0-6, the rest 0-5; total 0-81;
// < 51.5 suggests notable dissatisfaction. Items 26, 28, 30 and 32 are
// semantic differentials printed positive pole first, so the chosen option
// (0 = leftmost) is reverse-keyed: score = 5 - option.
const char* const csi16 = R"json({
  "code": "csi16", "version": 1, "name": "Couples Satisfaction Index (16-item)", "abbreviation": "CSI-16",
  "construct": "relationship satisfaction", "higher_is_better": true,
  "licence": "Free for research and clinical use (Funk & Rogge); ask the authors before commercial redistribution of the items",
  "items": [
    {"number": 1, "text": "degree of happiness, all things considered", "min": 0, "max": 6},
    {"number": 5, "text": "how often things go well", "min": 0, "max": 5},
    {"number": 9, "text": "our relationship is strong", "min": 0, "max": 5},
    {"number": 11, "text": "my relationship makes me happy", "min": 0, "max": 5},
    {"number": 12, "text": "a warm and comfortable relationship", "min": 0, "max": 5},
    {"number": 17, "text": "I really feel like part of a team with my partner", "min": 0, "max": 5},
    {"number": 19, "text": "how rewarding the relationship is", "min": 0, "max": 5},
    {"number": 20, "text": "how well the partner meets one's needs", "min": 0, "max": 5},
    {"number": 21, "text": "how well the relationship met original expectations", "min": 0, "max": 5},
    {"number": 22, "text": "how satisfied with the relationship", "min": 0, "max": 5},
    {"number": 26, "text": "interesting - boring", "min": 0, "max": 5, "reverse": true},
    {"number": 27, "text": "bad - good", "min": 0, "max": 5},
    {"number": 28, "text": "full - empty", "min": 0, "max": 5, "reverse": true},
    {"number": 30, "text": "sturdy - fragile", "min": 0, "max": 5, "reverse": true},
    {"number": 31, "text": "discouraging - hopeful", "min": 0, "max": 5},
    {"number": 32, "text": "enjoyable - miserable", "min": 0, "max": 5, "reverse": true}
  ],
  "cutoffs": [
    {"code": "relationship_distress", "label": "notable relationship dissatisfaction", "comparator": "<", "value": 51.5,
     "source": "Funk & Rogge 2007"}
  ],
  "clinical_range": {"comparator": "<", "value": 51.5, "source": "Funk & Rogge 2007"},
  "missing": {"default": "complete", "prorate_min_answered": 0}
})json";

// The clinician's rating of how safe each partner feels (0 not at all safe,
// 10 completely safe), entered per partner. Not a validated instrument: it
// has no bands, cut-offs or reliable-change rule, and is shown as a rating.
const char* const felt_safety = R"json({
  "code": "felt_safety", "version": 1, "name": "Felt safety (clinician rating)", "abbreviation": "Felt safety",
  "construct": "how safe the partner feels in the relationship, as the clinician rates it",
  "higher_is_better": true, "clinician_rated": true,
  "licence": "mend",
  "items": [
    {"number": 1, "text": "felt safety, 0 (not at all safe) to 10 (completely safe)", "min": 0, "max": 10}
  ],
  "missing": {"default": "complete", "prorate_min_answered": 0}
})json";

} // namespace

const std::vector<Instrument>& builtin_instruments() {
    static const std::vector<Instrument> all = [] {
        std::vector<Instrument> v;
        for (const char* text : {pcl5, phq9, gad7, csi4, csi16, felt_safety})
            v.push_back(instrument_from_json_text(text));
        return v;
    }();
    return all;
}

} // namespace mend::measures
