#!/usr/bin/env bash
# Clinical integrity, end to end through the CLI: gates judged as of the
# move's date, moves dated inside the record, unknown results that are not
# safe, urgent flags, evidence with an age, consent asked at the decision
# point, the later of two opposite attestations, the practice's cut-offs,
# the separation path, rationales that are sentences, role changes as events
# that cannot open a gate silently, and the history telling why. Histories
# are recorded in date order with the clock (MEND_NOW) on each day.
#   test_integrity_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=integrity.db
source "$(dirname "$0")/lib.sh"
crit() { echo "[c for t in d['transitions'] if t['to'] == '$1' for c in t['criteria'] if c['id'] == '$2'][0]"; }
gate() { echo "[t for t in d['transitions'] if t['to'] == '$1'][0]"; }
contra() { echo "[c for c in d['contraindications'] if c['code'] == '$1'][0]"; }
# at N: the clock at noon UTC N days ago; now: the system clock again.
at() { export MEND_NOW="$(day "$1")T12:00:00Z"; }
now() { unset MEND_NOW; }
today=$(date -u +%F)

run 0 init --db "$db" --admin Admin --external-id admin
export MEND_DB=$db MEND_ACTOR=admin
couple() { # couple GIVEN_A GIVEN_B: sets a, b, kase (opened 200 days ago)
    run 0 client create --given "$1" --family Test --json; a=$(json 'd["id"]')
    run 0 client create --given "$2" --family Test --json; b=$(json 'd["id"]')
    run 0 couple create --a "$a" --b "$b" --secrets confidential --json; local c; c=$(json 'd["id"]')
    run 0 case create --kind conjoint --couple "$c" --opened "$(day 200)" --json; kase=$(json 'd["id"]')
}

# ---------------------------------------------------------------------------
# A: the intake gate as of a date; the record says why; roles are events.
couple Jamie Alex; jamie=$a alex=$b k1=$kase
run 0 phase start --case "$k1" --protocol betrayal_trauma_couples --betrayed "$jamie" --on "$(day 120)"
at 100
run 0 safety create --client "$jamie" --ipv none --suicide none
run 0 safety create --client "$alex" --ipv none --suicide none
# A plain role change needs a sentence of rationale and is an event.
at 99
run 2 phase roles --case "$k1" --betrayed "$alex"; has "$err" "--rationale is required"
run 1 phase roles --case "$k1" --betrayed "$alex" --rationale "oops"; has "$err" "at least 20 characters"
run 0 phase roles --case "$k1" --betrayed "$alex" --rationale "Recorded the wrong partner at intake"
run 1 phase roles --case "$k1" --betrayed "$alex" --rationale "Recorded the wrong partner at intake"
has "$err" "already recorded that way"
run 0 phase roles --case "$k1" --betrayed "$jamie" --rationale "Corrected back: Jamie was the one betrayed"
at 95
run 0 attestation create --case "$k1" --client "$jamie" --code conjoint_consent
run 0 attestation create --case "$k1" --client "$alex" --code conjoint_consent
now
# Consent given on day 95 does not count for a move dated day 98.
run 0 phase status --case "$k1" --on "$(day 98)" --json
is 'd["as_of"]' "$(day 98)"
is "$(crit safety_stabilisation consent)['status']" unknown
is "$(gate safety_stabilisation)['open']" False
run 1 phase advance --case "$k1" --to safety_stabilisation --on "$(day 98)"; has "$err" "MEND_EGATE"
run 0 phase history --case "$k1" --json; is 'len(d["entries"])' 1
# The roles as they stood on a date: Alex was recorded as betrayed on day 99 only.
is '[(r["betrayed_client_id"], r["previous_client_id"], r["changed_on"]) for r in d["role_changes"]]' \
   "[($alex, $jamie, '$(day 99)'), ($jamie, $alex, '$(day 99)')]"
run 0 phase status --case "$k1" --on "$(day 100)" --json; is 'd["betrayed_client_id"]' "$jamie"
# A move is never dated after today, nor before the current phase began.
run 1 phase advance --case "$k1" --to safety_stabilisation --on "$(date -u -d '2 days' +%F)"
has "$err" "on"
run 1 phase advance --case "$k1" --to safety_stabilisation --on "$(day 121)"
has "$err" "before the current phase began"
run 1 phase status --case "$k1" --on "$(day 121)"; has "$err" "had not started its protocol"
run 1 phase status --case "$k1" --on "2026-02-30"; has "$err" "on"
run 1 phase status --case "$k1" --on "not a date"; has "$err" "on"
run 0 phase advance --case "$k1" --to safety_stabilisation --on "$(day 95)"
# The advance keeps the evaluation that opened the gate, as of its date.
run 0 phase history --case "$k1" --json
is 'd["entries"][1]["kind"]' advance
is '[c["id"] for c in d["entries"][1]["opened_by"]]' "['screened', 'consent', 'no_urgent_flags']"
is 'd["entries"][1]["evaluation"]["as_of"]' "$(day 95)"
is 'd["entries"][1]["opened_by"][0]["sentence"]' "Jamie screened privately on $(day 100); Alex screened privately on $(day 100)"
run 0 phase history --case "$k1"
has "$out" "gate open: Each partner screened privately for violence and suicide risk"
has "$out" "Recorded the wrong partner at intake"
# The status on an earlier date shows the phase the case was in then.
run 0 phase status --case "$k1" --on "$(day 97)" --json; is 'd["phase"]' intake
run 0 phase status --case "$k1" --on "$(day 94)" --json; is 'd["phase"]' safety_stabilisation

# Rationales are sentences: the protocol's minimum length.
run 0 protocol show betrayal_trauma_couples --json; is 'd["min_rationale_chars"]' 20
run 1 phase override --case "$k1" --to impact_meaning --rationale "ok"
has "$err" "rationale must be a real sentence: at least 20 characters"
run 1 phase override --case "$k1" --to impact_meaning --rationale "                ok                  "
has "$err" "at least 20 characters"
run 0 phase history --case "$k1" --json; is 'len(d["entries"])' 2

# Roles are read by every gate: only Jamie's low felt safety keeps the gate
# closed; recording Alex as the betrayed partner would open it.
# Screens 100 days old say nothing about violence now: unknown, not absent.
run 0 phase status --case "$k1" --json
is "$(contra ipv_current)['status']" unknown
has "$(json "$(contra ipv_current)['sentence']")" "Jamie last screened on $(day 100), more than 90 days ago (out of date)"
at 60
run 0 safety create --client "$jamie" --ipv none --suicide none
run 0 safety create --client "$alex" --ipv none --suicide none
run 0 attestation create --case "$k1" --client "$alex" --code contact_ended
run 0 attestation create --case "$k1" --client "$jamie" --code contact_ended
run 0 attestation create --case "$k1" --code disclosure_completed
run 0 agreement create --case "$k1" --kind boundary --text "No contact with the affair partner"
now
run 0 measure create --client "$jamie" --instrument felt_safety --items 3 --date "$(day 2)"
run 0 measure create --client "$alex" --instrument felt_safety --items 8 --date "$(day 2)"
run 0 phase status --case "$k1" --json
is "$(crit impact_meaning felt_safety)['status']" not_met
is "$(gate impact_meaning)['unmet']" 1
run 1 phase roles --case "$k1" --betrayed "$alex" --rationale "Alex says he was the one betrayed"
has "$err" "MEND_EGATE"; has "$err" "would open the gate to impact_meaning"
run 0 phase status --case "$k1" --json; is 'd["betrayed_client_id"]' "$jamie"
run 0 phase history --case "$k1" --json; is 'len(d["role_changes"])' 2
run 0 phase roles --case "$k1" --betrayed "$alex" --rationale "Alex says he was the one betrayed" --override
run 0 phase history --case "$k1" --json
is '[(r["kind"], r["opened"]) for r in d["role_changes"]][-1]' "('override', ['impact_meaning'])"
run 0 phase status --case "$k1" --json; is "$(gate impact_meaning)['open']" True
# Reports show the role changes and why each step was taken.
run 0 report --case "$k1" --format markdown
has "$out" "### Changes of roles"
has "$out" "Alex recorded as the betrayed partner (before: Jamie), as an override: the change opened a gate"
has "$out" "Gate open: Each partner screened privately for violence and suicide risk"
# A report dated before the override reads the gate with the roles then.
run 0 report --case "$k1" --format json --date "$(day 1)"
is 'd["gate"]["transitions"][0]["open"]' False
is 'len(d["role_changes"])' 2
run 0 audit list --limit 1000 --json
is "len([e for e in d if e['action'] == 'override_roles' and e['object_id'] == $k1])" 1
is "len([e for e in d if e['action'] == 'set_roles' and e['object_id'] == $k1])" 2

# ---------------------------------------------------------------------------
# B: a back-dated trauma gate does not open on later scores; evidence ages;
# consent is asked anew at the decision point; the later of two opposite
# attestations stands; the practice's cut-off; the separation path.
couple Robin Kit; robin=$a kit=$b k2=$kase
run 0 phase start --case "$k2" --protocol betrayal_trauma_couples --betrayed "$robin" --on "$(day 90)"
at 80
run 0 safety create --client "$robin" --ipv none --suicide none
run 0 safety create --client "$kit" --ipv none --suicide none
run 0 attestation create --case "$k2" --client "$robin" --code conjoint_consent
run 0 attestation create --case "$k2" --client "$kit" --code conjoint_consent
run 0 phase advance --case "$k2" --to safety_stabilisation
at 70
run 0 attestation create --case "$k2" --client "$kit" --code contact_ended
run 0 agreement create --case "$k2" --kind boundary --text "No contact with the affair partner"
at 50
run 0 phase override --case "$k2" --to impact_meaning --rationale "Felt safety discussed at length in session"
at 40
run 0 phase override --case "$k2" --to decision_point --rationale "Accountability shown over several sessions"
now
run 0 measure create --client "$robin" --instrument pcl5 --items 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 --date "$(day 20)"
run 0 measure create --client "$robin" --instrument pcl5 --items 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 --date "$(day 3)"
run 0 measure create --client "$robin" --instrument felt_safety --items 9 --date "$(day 45)"
run 0 phase status --case "$k2" --on "$(day 30)" --json
is "$(crit relational_repair trauma_symptoms)['status']" unknown
run 1 phase advance --case "$k2" --to relational_repair --on "$(day 30)"; has "$err" "MEND_EGATE"
run 0 phase status --case "$k2" --json
is "$(crit relational_repair trauma_symptoms)['status']" met
# Weeks in phase are counted to the date asked about.
run 0 phase status --case "$k2" --on "$(day 44)" --json
is 'd["phase"]' impact_meaning
is "$(crit decision_point time)['status']" not_met
is "$(crit decision_point time)['sentence']" "0 weeks in Impact and meaning since $(day 50); needs 4"
# A felt-safety rating 45 days old is out of date, not met.
run 0 phase status --case "$k2" --json
is "$(crit relational_repair felt_safety)['status']" not_met
is "$(crit relational_repair felt_safety)['evidence']['out_of_date']" True
has "$(json "$(crit relational_repair felt_safety)['sentence']")" "out of date"
# The intake's consent to conjoint work is not consent to relational work.
is "$(crit relational_repair consent)['status']" unknown
run 0 attestation create --case "$k2" --client "$robin" --code relational_consent
run 0 attestation create --case "$k2" --client "$kit" --code relational_consent
run 0 phase status --case "$k2" --json; is "$(crit relational_repair consent)['status']" met
# The practice's cut-off: the gate reads 31 after the admin sets it.
is "$(crit relational_repair trauma_symptoms)['sentence']" "PCL-5 for Robin: 20 on $(day 20) and 20 on $(day 3); needs < 33 on 2 administrations >= 14 days apart"
run 0 measure set-cutoff --instrument pcl5 --cutoff probable_ptsd --value 31
run 0 phase status --case "$k2" --json
has "$(json "$(crit relational_repair trauma_symptoms)['sentence']")" "needs < 31 on 2 administrations"
run 0 measure instrument pcl5
is '[(c["value"], c["practice_value"]) for c in d["cutoffs"] if c["code"] == "probable_ptsd"]' "[(33.0, 31.0)]"
# Contact ended on day 70, then an ongoing affair on day 10: the later stands.
at 10
run 0 attestation create --case "$k2" --client "$kit" --code affair_ongoing
now
run 0 phase status --case "$k2" --json
is "$(contra affair_ongoing)['status']" present
is "$(gate relational_repair)['suspended_by']" "['affair_ongoing']"
# Separation support is treatment: the affair does not suspend it.
is "$(gate separation_support)['suspended_by']" "[]"
# The report says what blocks relational work: the contraindication too.
run 0 report --case "$k2" --format json
is '[b for b in d["gate"]["blocking_relational"] if "affair" in b]' "['The affair or contact with the affair partner is ongoing']"
run 0 attestation list --case "$k2" --json
is "[a['code'] for a in d if a['client_id'] == $kit and a['code'] in ('contact_ended', 'affair_ongoing')]" "['contact_ended', 'affair_ongoing']"
run 0 attestation create --case "$k2" --client "$kit" --code contact_ended --note "Contact ended again"
run 0 phase status --case "$k2" --json
is "$(contra affair_ongoing)['status']" absent
at 10
run 0 attestation create --case "$k2" --client "$kit" --code affair_ongoing
now
run 0 attestation create --case "$k2" --code decision --value part
run 0 phase status --case "$k2" --json
is "$(gate separation_support)['open']" True
run 0 phase advance --case "$k2" --to separation_support
# Its closing gate reads the betrayed partner's trauma symptoms too.
run 0 phase status --case "$k2" --json
is "$(crit consolidation trauma_symptoms)['status']" met

# ---------------------------------------------------------------------------
# C: an unknown violence screen is not "absent".
couple Lee Max; lee=$a max=$b k3=$kase
run 0 phase start --case "$k3" --protocol betrayal_trauma_couples --betrayed "$lee" --on "$(day 30)"
at 20
run 0 safety create --client "$lee" --ipv unknown --suicide none
run 0 safety create --client "$max" --ipv none --suicide none
run 0 attestation create --case "$k3" --client "$lee" --code conjoint_consent
run 0 attestation create --case "$k3" --client "$max" --code conjoint_consent
now
run 0 phase status --case "$k3" --json
is "$(contra ipv_current)['status']" unknown
has "$(json "$(contra ipv_current)['sentence']")" "Lee screened on $(day 20); result unknown"
lacks "$(json "$(contra ipv_current)['sentence']")" "not yet screened"
is "$(gate safety_stabilisation)['open']" False
is "$(gate safety_stabilisation)['blocked_by_unknown']" "['ipv_current']"
run 1 phase advance --case "$k3" --to safety_stabilisation; has "$err" "not known"
run 1 phase override --case "$k3" --to safety_stabilisation --rationale "Lee declined the violence questions; seen alone"
has "$err" "safety plan"
run 0 phase override --case "$k3" --to safety_stabilisation --rationale "Lee declined the violence questions; seen alone" \
    --safety-plan "Separate sessions first; rescreen next week; crisis line given"
run 0 phase history --case "$k3" --json
is 'd["entries"][-1]["kind"]' override
is '[(c["code"], c["status"]) for c in d["entries"][-1]["unmet"]["contraindications"]]' "[('ipv_current', 'unknown')]"

# Damaged rows (written behind mend's back, the trigger dropped) never
# crash the history or a report: they read as nothing kept, and say so.
if [ $pg = 0 ]; then
    sql "DROP TRIGGER phase_entry_no_update;
         UPDATE phase_entry SET evaluation = '{\"transitions\":[1,\"x\",{\"criteria\":7}]}' WHERE case_id = $k1 AND kind = 'advance';
         UPDATE phase_entry SET unmet = 'not json' WHERE case_id = $k3 AND kind = 'override';" >/dev/null
    run 0 phase history --case "$k1" --json
    is 'd["entries"][1]["opened_by"]' "[]"
    run 0 report --case "$k1" --format markdown
    run 0 phase history --case "$k3" --json
    is 'd["entries"][-1]["unmet_damaged"]' True
    run 0 report --case "$k3" --format json
    is '[t["unmet"] for t in d["phase_timeline"] if t["kind"] == "override"]' "[[]]"
fi

# ---------------------------------------------------------------------------
# D: an urgent flag holds the start of stabilisation.
couple Ana Ben; ana=$a ben=$b k4=$kase
run 0 phase start --case "$k4" --protocol betrayal_trauma_couples --betrayed "$ana" --on "$(day 30)"
at 20
run 0 safety create --client "$ana" --ipv none --suicide none
run 0 safety create --client "$ben" --ipv none --suicide none
run 0 attestation create --case "$k4" --client "$ana" --code conjoint_consent
run 0 attestation create --case "$k4" --client "$ben" --code conjoint_consent
now
run 0 measure create --client "$ana" --instrument phq9 --items 1,1,1,1,1,1,1,1,2 --date "$(day 5)"
run 0 phase status --case "$k4" --json
is "$(crit safety_stabilisation no_urgent_flags)['status']" not_met
is "$(gate safety_stabilisation)['needs_safety_plan']" True
run 0 phase status --case "$k4" --on "$(day 6)" --json
is "$(gate safety_stabilisation)['open']" True
run 1 phase advance --case "$k4" --to safety_stabilisation; has "$err" "MEND_EGATE"
run 1 phase override --case "$k4" --to safety_stabilisation --rationale "Ana is engaged and asks to continue"
has "$err" "safety plan"
run 0 flag list --client "$ana" --json; flag=$(json '[f["id"] for f in d if f["severity"] == "urgent"][0]')
run 0 flag resolve "$flag" --note "C-SSRS: no current intent; safety plan agreed with Ana"
run 0 phase advance --case "$k4" --to safety_stabilisation

# ---------------------------------------------------------------------------
# E: a partner's client row deleted behind mend's back (foreign keys off):
# the case report and the caseload report say so, never crash.
if [ $pg = 0 ]; then
    couple Gus Hal; k5=$kase
    sqlite3 "$db" "PRAGMA foreign_keys = OFF; DELETE FROM client WHERE id = $b" ||
        bad "could not delete the client row"
    run 1 report --case "$k5" --format json
    has "$err" "a partner's record is missing"
    run 1 report --caseload --format json
    has "$err" "a partner's record is missing"
fi

finish
