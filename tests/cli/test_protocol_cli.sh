#!/usr/bin/env bash
# A couple walked through the default trauma-first protocol, end to end:
# blocked at the trauma gate while scores are high, still blocked after one
# low score, open after two low scores 14+ days apart, back to stabilisation
# after a new disclosure. Every reason string and evidence value is checked.
#   test_protocol_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=protocol.db
source "$(dirname "$0")/lib.sh"
# The gate evaluation's criterion $2 of the transition to $1.
crit() { echo "[c for t in d['transitions'] if t['to'] == '$1' for c in t['criteria'] if c['id'] == '$2'][0]"; }
gate() { echo "[t for t in d['transitions'] if t['to'] == '$1'][0]"; }

run 0 init --db "$db" --admin Admin --external-id admin
export MEND_DB=$db MEND_ACTOR=admin
# The history is recorded in date order on mend's clock (at N: N days ago).
at 200
run 0 client create --given Alexandra --preferred Alex --family Kim --json; alex=$(json 'd["id"]')
run 0 client create --given Sam --family Kim --json; sam=$(json 'd["id"]')
run 0 couple create --a "$alex" --b "$sam" --secrets limited_secrets --json; couple=$(json 'd["id"]')
run 0 case create --kind conjoint --couple "$couple" --opened "$(day 200)" --json; kase=$(json 'd["id"]')
run 0 client create --given Solo --family Client --json; solo=$(json 'd["id"]')
run 0 case create --kind individual --client "$solo" --json; solo_case=$(json 'd["id"]')

run 0 protocol list --json
is 'sorted(p["code"] for p in d)' "['betrayal_trauma_couples', 'betrayal_trauma_couples_csb', 'betrayal_trauma_individual']"
run 0 protocol show betrayal_trauma_couples; has "$out" "decision_point -> relational_repair"
run 1 phase status --case "$kase";  has "$err" "follows no protocol"
run 1 phase start --case "$kase" --protocol betrayal_trauma_individual; has "$err" "cannot run"
run 1 phase start --case "$kase" --protocol betrayal_trauma_couples --betrayed "$solo"; has "$err" "partner of the couple"
at 190
run 0 phase start --case "$kase" --protocol betrayal_trauma_couples --betrayed "$alex" --on "$(day 190)"
run 1 phase start --case "$kase" --protocol betrayal_trauma_couples; has "$err" "already follows"

# Intake: nobody screened, no consent.
run 0 phase status --case "$kase" --json
is 'd["phase"]' intake
is "$(crit safety_stabilisation screened)['status']" not_met
is "$(crit safety_stabilisation screened)['sentence']" "Alex has not been screened privately for violence and suicide risk; Sam has not been screened privately for violence and suicide risk"
is "$(crit safety_stabilisation consent)['status']" unknown
is "$(crit safety_stabilisation no_urgent_flags)['status']" met
is '[c["status"] for c in d["contraindications"] if c["code"] == "ipv_current"][0]' unknown
is "$(gate safety_stabilisation)['unmet']" 2
# As a CDS Hooks card: violence not known to be absent is a warning, never info.
run 0 fhir card --case "$kase" --json
is 'd["cards"][0]["indicator"]' warning
is 'd["cards"][0]["summary"]' "Not known to be safe: Current intimate-partner violence or coercion"
has "$(json 'd["cards"][0]["detail"]')" "not yet screened for Alex and Sam"
is 'd["cards"][0]["source"]' "{'label': 'mend phase protocol', 'topic': {'code': 'betrayal_trauma_couples', 'display': 'Betrayal-trauma recovery, couples (trauma first)', 'system': 'urn:mend:protocol', 'version': '1'}}"
is 'any("Alex" in c["summary"] or "Sam" in c["summary"] for c in d["cards"])' False
run 1 fhir card --case 99999; has "$err" "MEND_ENOTFOUND"
run 1 fhir card --case "$kase" --on 2026-02-30; has "$err" "MEND_EINVAL"
run 1 fhir card --case "$solo_case"; has "$err" "MEND_ESTATE"
run 2 fhir card; has "$err" "--case"
# Unscreened, whether there is violence is unknown, and unknown is not safe.
run 1 phase advance --case "$kase" --to safety_stabilisation
has "$err" "the gate from intake to safety_stabilisation is closed: whether a contraindication is present is not known"; has "$err" "MEND_EGATE"
run 1 phase advance --case "$kase" --to relational_repair;  has "$err" "no step from intake to relational_repair"

at 186
run 0 safety create --client "$alex" --ipv none --suicide none --date "$(day 186)"
run 0 safety create --client "$sam" --ipv none --suicide low --date "$(day 186)"
at 185
run 0 attestation create --case "$kase" --client "$alex" --code conjoint_consent
run 0 attestation create --case "$kase" --client "$sam" --code conjoint_consent
run 0 phase status --case "$kase" --json
is "$(gate safety_stabilisation)['open']" True
is "$(crit safety_stabilisation screened)['sentence']" "Alex screened privately on $(day 186); Sam screened privately on $(day 186)"
# Consent recorded on day 185 does not count for a move dated the day before.
run 1 phase advance --case "$kase" --to safety_stabilisation --on "$(day 186)"
has "$err" "the gate from intake to safety_stabilisation is not open: 1 of 3 criteria unmet"
run 0 phase status --case "$kase" --on "$(day 186)" --json
is "$(crit safety_stabilisation consent)['status']" unknown
is "$(crit safety_stabilisation screened)['status']" met
# Nor may a move be dated after the clock's today.
run 1 phase advance --case "$kase" --to safety_stabilisation --on "$(day 180)"; has "$err" "on must be between 1900-01-01 and $(day 185)"
at 180
run 0 phase advance --case "$kase" --to safety_stabilisation --on "$(day 180)"

# Stabilisation -> impact and meaning.
at 175
run 0 attestation create --case "$kase" --client "$sam" --code contact_ended --note "No contact since the disclosure"
run 0 attestation create --case "$kase" --code disclosure_completed
run 0 agreement create --case "$kase" --kind boundary --text "No contact with the affair partner; phones open" --json
boundary=$(json 'd["id"]')
at 170
run 0 measure create --client "$alex" --instrument felt_safety --items 6 --date "$(day 170)"
at 150
run 0 phase status --case "$kase" --json
is "$(crit impact_meaning contact_ended)['sentence']" "The affair has ended and contact with the affair partner has stopped: recorded yes for Sam on $(day 175)"
is "$(crit impact_meaning felt_safety)['sentence']" "Felt safety for Alex: 6 on $(day 170); needs >= 5"
is "$(crit impact_meaning boundaries)['sentence']" "An active boundary agreement, agreed $(day 175)"
is "$(crit impact_meaning time)['status']" met
is "$(gate impact_meaning)['open']" True
run 0 phase advance --case "$kase" --to impact_meaning --on "$(day 150)"
run 0 phase history --case "$kase" --json
is '[e["kind"] for e in d["entries"]]' "['start', 'advance', 'advance']"
is 'd["entries"][1]["days"]' 30

# Impact and meaning -> decision point.
at 110
run 0 attestation create --case "$kase" --client "$sam" --code accountability
at 100
# Nor before the current phase began (day 150).
run 1 phase advance --case "$kase" --to decision_point --on "$(day 155)"; has "$err" "cannot be dated before the current phase began"
run 0 phase advance --case "$kase" --to decision_point --on "$(day 100)"

# The trauma gate: high scores block it. Screens older than 90 days leave
# violence unknown, so both partners are screened again first.
at 60
run 0 safety create --client "$alex" --ipv none --suicide none --date "$(day 60)"
run 0 safety create --client "$sam" --ipv none --suicide none --date "$(day 60)"
run 0 measure create --client "$alex" --instrument pcl5 --items 3,3,3,3,3,2,2,2,2,2,2,2,2,2,2,1,2,2,2,0 --date "$(day 60)"
run 0 attestation create --case "$kase" --client "$alex" --code relational_readiness
run 0 attestation create --case "$kase" --code decision --value committed_work
run 0 attestation create --case "$kase" --client "$alex" --code relational_consent
run 0 attestation create --case "$kase" --client "$sam" --code relational_consent
run 0 measure create --client "$alex" --instrument felt_safety --items 7 --date "$(day 60)"
run 0 phase status --case "$kase" --json
is "$(gate relational_repair)['open']" False
is "$(crit relational_repair trauma_symptoms)['status']" not_met
is "$(crit relational_repair trauma_symptoms)['sentence']" "PCL-5 for Alex: 42 on $(day 60); needs < 33 on 2 administrations >= 14 days apart"
is "$(crit relational_repair trauma_symptoms)['evidence']['latest']['total']" 42.0
is "$(crit relational_repair readiness)['sentence']" "Alex says they are ready for relational work (recorded $(day 60))"
is "$(crit relational_repair decision)['sentence']" "Decision point: 'committed_work' recorded on $(day 60); needs stay_as_is or committed_work"
is "$(crit relational_repair consent)['status']" met
is "$(crit relational_repair boundaries_kept)['status']" met
is "$(crit relational_repair no_flags)['status']" met
is "$(gate relational_repair)['unmet']" 1
is "$(gate separation_support)['open']" False
has "$(json 'd["summary"]')" "Begin relational work (the trauma gate): blocked (1 of 7 criteria unmet: The betrayed partner's trauma symptoms have settled, consistently over time)."
# As a CDS Hooks card: relational work not yet indicated, and why.
run 0 fhir card --case "$kase" --json
rel='[c for c in d["cards"] if c["summary"] == "Relational work not yet indicated"][0]'
is "$rel['indicator']" warning
has "$(json "$rel['detail']")" "**Begin relational work (the trauma gate)** (decision\\_point to relational\\_repair): not open; 1 of 7 criteria not met."
has "$(json "$rel['detail']")" "- **The betrayed partner's trauma symptoms have settled, consistently over time** (not met): PCL-5 for Alex: 42 on $(day 60); needs \\< 33 on 2 administrations \\>= 14 days apart"
is '[c["indicator"] for c in d["cards"]]' "['warning', 'info']"
is 'max(len(c["summary"]) for c in d["cards"]) < 140' True
run 1 phase advance --case "$kase" --to relational_repair
has "$err" "the gate from decision_point to relational_repair is not open: 1 of 7 criteria unmet"
lacks_name() { if grep -q "Alex" <<<"$err"; then bad "error names the client: $err"; else ok; fi; }
lacks_name

# One low score is not enough.
at 30
run 0 measure create --client "$alex" --instrument pcl5 --items 2,2,2,2,2,1,1,1,1,1,1,1,1,1,1,0,1,1,1,1 --date "$(day 30)"
run 0 phase status --case "$kase" --json
is "$(crit relational_repair trauma_symptoms)['sentence']" "PCL-5 for Alex: 24 on $(day 30) (1 of 2 so far); needs < 33 on 2 administrations >= 14 days apart"
is "$(gate relational_repair)['open']" False
is "$(gate relational_repair)['unmet']" 1
# A second low score only 10 days later still is not.
at 20
run 0 measure create --client "$alex" --instrument pcl5 --items 2,2,2,2,2,1,1,1,1,1,1,1,1,1,1,0,1,1,1,0 --date "$(day 20)"
run 0 phase status --case "$kase" --json
is "$(crit relational_repair trauma_symptoms)['status']" not_met
is "$(crit relational_repair trauma_symptoms)['evidence']['found']" 1
# Stated readiness and felt safety from day 60 are out of date (30 days) by now.
is "$(crit relational_repair readiness)['status']" not_met
has "$(json "$(crit relational_repair readiness)['sentence']")" "out of date"
is "$(crit relational_repair felt_safety)['status']" not_met
is "$(gate relational_repair)['unmet']" 3
run 0 attestation create --case "$kase" --client "$alex" --code relational_readiness --note "Still ready"
run 0 measure create --client "$alex" --instrument felt_safety --items 7 --date "$(day 20)"
run 0 phase status --case "$kase" --json
is "$(crit relational_repair trauma_symptoms)['status']" not_met
is "$(gate relational_repair)['unmet']" 1
# A third, 14 days after the second, meets the symptom criterion: two low
# scores 14+ days apart.
at 6
run 0 measure create --client "$alex" --instrument pcl5 --items 2,2,1,1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,1,0 --date "$(day 6)"
run 0 phase status --case "$kase" --json
is "$(crit relational_repair trauma_symptoms)['status']" met
is "$(crit relational_repair trauma_symptoms)['sentence']" "PCL-5 for Alex: 23 on $(day 20) and 20 on $(day 6); needs < 33 on 2 administrations >= 14 days apart"
is "[e['total'] for e in $(crit relational_repair trauma_symptoms)['evidence']['evidence']]" "[23.0, 20.0]"
is "$(gate relational_repair)['open']" True
run 0 phase status --case "$kase"; has "$out" "Begin relational work (the trauma gate) -> relational_repair: OPEN"
run 0 fhir card --case "$kase" --json
is '[c["indicator"] for c in d["cards"] if c["summary"] == "Gate open: Begin relational work (the trauma gate)"]' "['info']"
is '[c for c in d["cards"] if c["summary"] == "Relational work not yet indicated"]' "[]"
# As of day 60, it was not open.
run 0 fhir card --case "$kase" --on "$(day 60)"
has "$out" '"summary": "Relational work not yet indicated"'

# An open safety flag closes it again; resolving it reopens.
at 2
run 0 measure create --client "$sam" --instrument phq9 --items 1,1,1,1,1,1,1,1,1 --date "$(day 2)" --json
run 0 phase status --case "$kase" --json
is "$(gate relational_repair)['open']" False
has "$(json "$(crit relational_repair no_flags)['sentence']")" "Sam has 1 open safety flag (suicidal_ideation raised $(day 2))"
run 0 flag list --client "$sam" --json; flag=$(json 'd[0]["id"]')
at 1
run 0 flag resolve "$flag" --note "C-SSRS: passive ideation only; safety plan agreed"
run 0 phase advance --case "$kase" --to relational_repair --rationale "Gate open; agreed with both partners" --on "$(day 1)"

# A new disclosure: back to stabilisation, recorded today.
today
run 1 phase back --case "$kase" --to consolidation --rationale "x"; has "$err" "earlier phase"
run 0 phase back --case "$kase" --to safety_stabilisation --rationale "New disclosure of continued contact"
run 0 phase history --case "$kase" --json
is '[e["phase"] for e in d["entries"]]' "['intake', 'safety_stabilisation', 'impact_meaning', 'decision_point', 'relational_repair', 'safety_stabilisation']"
is 'd["entries"][-1]["kind"]' back
is 'd["entries"][-1]["from_phase"]' relational_repair
is 'd["current_phase"]' safety_stabilisation

# Back in stabilisation today: the 4-week minimum is unmet; an override records why.
run 0 phase status --case "$kase" --json
is "$(crit impact_meaning time)['status']" not_met
is "$(crit impact_meaning time)['sentence']" "0 weeks in Safety and stabilisation since $(date -u +%F); needs 4"
is "$(gate impact_meaning)['unmet']" 1
run 1 phase override --case "$kase" --to impact_meaning --rationale ""; has "$err" "rationale is required"
run 1 phase override --case "$kase" --to impact_meaning --rationale "Reviewed"; has "$err" "at least 20 characters"
run 0 phase override --case "$kase" --to impact_meaning --rationale "Disclosure processed in two sessions; reviewed in supervision"
run 0 phase history --case "$kase" --json
is 'd["entries"][-1]["kind"]' override
is 'd["entries"][-1]["unmet"]["criteria"][0]["id"]' time
is 'd["entries"][-1]["rationale"]' "Disclosure processed in two sessions; reviewed in supervision"

# Contraindications are hard stops: an ongoing affair suspends conjoint work.
run 0 attestation create --case "$kase" --client "$sam" --code affair_ongoing --note "Contact resumed"
run 0 phase status --case "$kase" --json
is 'd["suspended"]' True
is '[c["status"] for c in d["contraindications"] if c["code"] == "affair_ongoing"][0]' present
has "$(json 'd["summary"]')" "Relational work is suspended: The affair or contact with the affair partner is ongoing."
# As a CDS Hooks card: critical, first.
run 0 fhir card --case "$kase" --json
is 'd["cards"][0]["indicator"]' critical
is 'd["cards"][0]["summary"]' "Contraindication present: The affair or contact with the affair partner is ongoing"
has "$(json 'd["cards"][0]["detail"]')" "The protocol is suspended by a contraindication."
run 1 phase override --case "$kase" --to decision_point --rationale "Clinically indicated"; has "$err" "safety plan"
run 1 phase override --case "$kase" --to decision_point --rationale "Individual sessions continue" --safety-plan "Weekly"; has "$err" "at least 20 characters"
run 0 phase override --case "$kase" --to decision_point --rationale "Individual sessions continue" --safety-plan "Separate sessions; crisis line; review weekly"
run 0 phase history --case "$kase" --json
is 'd["entries"][-1]["safety_plan"]' "Separate sessions; crisis line; review weekly"
is 'd["entries"][-1]["unmet"]["contraindications"][0]["code"]' affair_ongoing

# A disclosed secret suspends conjoint work only under a limited-secrets policy.
run 0 attestation create --case "$kase" --client "$sam" --code secret_suspends_conjoint_work
run 0 phase status --case "$kase" --json
is '[c["status"] for c in d["contraindications"] if c["code"] == "disclosed_secret"][0]' present
run 0 client create --given Open --family Couple --json; o1=$(json 'd["id"]')
run 0 client create --given Other --family Couple --json; o2=$(json 'd["id"]')
run 0 couple create --a "$o1" --b "$o2" --secrets confidential --json; oc=$(json 'd["id"]')
run 0 case create --kind conjoint --couple "$oc" --json; ocase=$(json 'd["id"]')
run 1 attestation create --case "$ocase" --code secret_suspends_conjoint_work; has "$err" "limited-secrets policy"

# Violence on a partner's private screen: present, and flagged.
run 0 safety create --client "$sam" --ipv current --suicide none
run 0 phase status --case "$kase" --json
is '[c["status"] for c in d["contraindications"] if c["code"] == "ipv_current"][0]' present

# Agreements: broken raises a flag the gates read.
run 0 agreement update "$boundary" --status broken --broken-by "$sam" --note "Contact resumed"
run 0 agreement list --case "$kase" --json
is 'd[0]["status"]' broken
is '[h["status"] for h in d[0]["history"]]' "['active', 'broken']"
run 0 flag list --client "$sam" --json
has "$(json '[f["code"] for f in d]')" "agreement_broken"
run 1 agreement update "$boundary" --status gone; has "$err" "status must be one of"

# Treatment plans: versioned; a review that is due shows in the evaluation.
cat >"$work/plan.json" <<JSON
{"problems": ["Hypervigilance and intrusive images since discovery"],
 "goals": [{"text": "Reduce trauma symptoms", "objectives": [{"text": "PCL-5 below 33", "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]}],
 "interventions": ["Psychoeducation on betrayal trauma", "Grounding skills"], "review_on": "$(day 1)"}
JSON
run 0 plan set --case "$kase" --phase decision_point --file "$work/plan.json" --json; is 'd["version"]' 1
run 0 plan set --case "$kase" --phase decision_point --file "$work/plan.json" --json; is 'd["version"]' 2
run 0 plan show --case "$kase" --phase decision_point --json
is 'd["review_due"]' True
run 0 phase status --case "$kase" --json
is 'd["plan_review_due"]' True
echo '{"problems": [], "goals": [], "review_on": "2026-01-01"}' >"$work/bad-plan.json"
run 1 plan set --case "$kase" --phase impact_meaning --file "$work/bad-plan.json"; has "$err" "problems must not be empty"
run 1 plan set --case "$kase" --phase nowhere --file "$work/plan.json"; has "$err" "no phase"

# Loaded protocols: a malformed file names the field; nothing is stored.
echo '{"code": "eft_airm", "name": "EFT attachment injury", "kind": "conjoint", "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}], "transitions": [{"from": "a", "to": "c"}]}' >"$work/bad.json"
run 1 protocol load "$work/bad.json"; has "$err" "transitions[0].to names no phase"
run 0 protocol list --json; is 'len(d)' 3
echo '{"code": "eft_airm", "name": "EFT attachment injury", "kind": "conjoint", "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}], "transitions": [{"from": "a", "to": "b", "criteria": [{"id": "x", "kind": "min_weeks", "weeks": 2, "label": "Two weeks"}]}]}' >"$work/eft.json"
run 1 protocol load "$work/eft.json" --as 999; has "$err" "MEND_ENOTFOUND"
run 0 protocol load "$work/eft.json"
run 0 protocol list --json; is 'len(d)' 4

# The individual track.
run 0 phase start --case "$solo_case" --protocol betrayal_trauma_individual
run 0 phase status --case "$solo_case" --json
is "$(crit safety_stabilisation screened)['sentence']" "Solo has not been screened privately for violence and suicide risk"
run 1 phase roles --case "$solo_case" --betrayed "$solo" --rationale "The client was the partner betrayed"; has "$err" "conjoint"

# Diagnoses (ICD-10-CM): the table, ranks, unlisted codes, resolution.
today
run 0 catalog --json; is '[c["title"] for c in d["diagnosis_codes"] if c["code"] == "Z63.5"][0]' "Disruption of family by separation and divorce"
run 0 catalog; has "$out" "F43.10  Post-traumatic stress disorder, unspecified"
run 0 diagnosis --help; has "$out" "Z63.0  Problems in relationship with spouse or partner"
run 0 diagnosis create --case "$kase" --client "$alex" --code F43.10 --onset "$(day 30)" --json; dx1=$(json 'd["id"]')
run 0 diagnosis create --case "$kase" --client "$alex" --code Z63.0 --json; dx2=$(json 'd["id"]')
run 0 diagnosis create --case "$kase" --client "$sam" --code F43.22 --json
run 1 diagnosis create --case "$kase" --client "$alex" --code F41.1 --rank 1; has "$err" "already has that rank"; has "$err" "MEND_EEXISTS"
run 1 diagnosis create --case "$kase" --client "$alex" --code f43.10; has "$err" "ICD-10-CM"
run 1 diagnosis create --case "$kase" --client "$alex" --code F42.2; has "$err" "unlisted"
run 0 diagnosis create --case "$kase" --client "$alex" --code F42.2 --unlisted --json
run 1 diagnosis create --case "$kase" --client "$solo" --code F41.1; has "$err" "client of its case"
run 2 diagnosis create --case "$kase" --code F41.1; has "$err" "--client is required"
run 0 diagnosis list --case "$kase" --json
is 'len(d)' 4
is '[(x["client_id"], x["rank"], x["code"], x["listed"]) for x in d]' "[($alex, 1, 'F43.10', True), ($alex, 2, 'Z63.0', True), ($alex, 3, 'F42.2', False), ($sam, 1, 'F43.22', True)]"
is 'd[0]["onset_on"]' "$(day 30)"
run 0 diagnosis update "$dx1" --resolved "$(day 0)"
run 0 diagnosis list --case "$kase" --json; is 'd[0]["status"]' resolved; is 'd[0]["resolved_on"]' "$(day 0)"
run 0 diagnosis update "$dx1" --resolved ""
run 0 diagnosis list --case "$kase" --json; is 'd[0]["status"]' active
run 1 diagnosis update "$dx2" --rank 1; has "$err" "MEND_EEXISTS"
run 1 diagnosis update "$dx2" --onset "$(date -u -d tomorrow +%F)"; has "$err" "onset_on"
run 0 diagnosis list --case "$kase"; has "$out" "Problems in relationship with spouse or partner"

# Billing: the rendering clinician's NPI, place of service, modifiers, add-ons, diagnosis pointers.
run 0 clinician show --external-id admin --json; adm=$(json 'd["id"]')
run 1 clinician update "$adm" --npi 1234567890; has "$err" "check digit"
run 0 clinician update "$adm" --npi 1234567893
run 0 clinician show "$adm" --json; is 'd["npi"]' 1234567893
run 0 session create --case "$kase" --at "$(day 1)T10:00" --minutes 50 --participants "$alex,$sam" --patient "$alex" --cpt 90847 --modality video --place 10 --modifiers 95 --diagnoses "$dx1,$dx2" --json; sid=$(json 'd["id"]')
run 0 session show "$sid" --json
is 'd["billing"]["place_of_service"]' 10
is 'd["billing"]["modifiers"]' "['95']"
is 'd["billing"]["rendering_npi"]' 1234567893
is 'd["billing"]["diagnosis_ids"]' "[$dx1, $dx2]"
run 1 session create --case "$kase" --at "$(day 1)T10:00" --minutes 50 --participants "$alex,$sam" --patient "$alex" --cpt 90847 --modality video --place 11; has "$err" "office"
run 1 session create --case "$kase" --at "$(day 1)T10:00" --minutes 50 --participants "$alex,$sam" --patient "$alex" --cpt 90847 --complexity; has "$err" "90785"
run 1 session create --case "$kase" --at "$(day 1)T10:00" --minutes 50 --participants "$alex,$sam" --patient "$sam" --cpt 90847 --diagnoses "$dx1"; has "$err" "client it bills"
run 0 session create --case "$kase" --at "$(day 1)T12:00" --minutes 110 --participants "$alex" --cpt 90839 --json; sid=$(json 'd["id"]')
run 0 session show "$sid" --json; is 'd["billing"]["add_on_codes"]' "[{'code': '90840', 'units': 2}]"
run 0 catalog --json; is '[p["code"] for p in d["places_of_service"]]' "['02', '10', '11']"

finish
