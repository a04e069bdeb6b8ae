#!/usr/bin/env bash
# Clinical integrity, end to end through the CLI: gates judged as of the
# move's date, moves dated inside the record, rationales that are sentences,
# role changes as events that cannot open a gate silently, and the history
# telling why each step was taken.
#   test_integrity_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=integrity.db
source "$(dirname "$0")/lib.sh"
crit() { echo "[c for t in d['transitions'] if t['to'] == '$1' for c in t['criteria'] if c['id'] == '$2'][0]"; }
gate() { echo "[t for t in d['transitions'] if t['to'] == '$1'][0]"; }
today=$(date -u +%F)

run 0 init --db "$db" --admin Admin --external-id admin
export MEND_DB=$db MEND_ACTOR=admin
run 0 client add --given Jamie --family Morgan --json; jamie=$(json 'd["id"]')
run 0 client add --given Alex --family Morgan --json; alex=$(json 'd["id"]')
run 0 couple add --a "$jamie" --b "$alex" --secrets confidential --json; couple=$(json 'd["id"]')
run 0 case add --kind conjoint --couple "$couple" --opened "$(day 200)" --json; kase=$(json 'd["id"]')
run 0 phase start --case "$kase" --protocol betrayal_trauma_couples --betrayed "$jamie" --on "$(day 120)"

# --- The intake gate as of a date: consent recorded today does not count
# --- for a move dated before today.
run 0 safety add --client "$jamie" --ipv none --suicide none --date "$(day 118)"
run 0 safety add --client "$alex" --ipv none --suicide none --date "$(day 118)"
run 0 attest add --case "$kase" --client "$jamie" --code conjoint_consent
run 0 attest add --case "$kase" --client "$alex" --code conjoint_consent
run 0 phase status --case "$kase" --on "$(day 110)" --json
is 'd["as_of"]' "$(day 110)"
is "$(crit safety_stabilisation consent)['status']" unknown
is "$(gate safety_stabilisation)['open']" False
run 1 phase advance --case "$kase" --to safety_stabilisation --on "$(day 110)"
has "$err" "MEND_EGATE"
run 0 phase history --case "$kase" --json; is 'len(d["entries"])' 1
run 0 phase status --case "$kase" --json
is 'd["as_of"]' "$today"
is "$(gate safety_stabilisation)['open']" True
# A move is never dated after today, nor before the current phase began.
run 1 phase advance --case "$kase" --to safety_stabilisation --on "$(date -u -d '2 days' +%F)"
has "$err" "on"
run 1 phase advance --case "$kase" --to safety_stabilisation --on "$(day 121)"
has "$err" "before the current phase began"
run 1 phase status --case "$kase" --on "$(day 121)"; has "$err" "had not started its protocol"
run 1 phase status --case "$kase" --on "2026-02-30"; has "$err" "on"
run 1 phase status --case "$kase" --on "not a date"; has "$err" "on"
run 0 phase advance --case "$kase" --to safety_stabilisation
# The advance keeps the evaluation that opened the gate; the history says why.
run 0 phase history --case "$kase" --json
is 'd["entries"][1]["kind"]' advance
is '[c["id"] for c in d["entries"][1]["opened_by"]]' "['screened', 'consent']"
is 'd["entries"][1]["evaluation"]["as_of"]' "$today"
is 'd["entries"][1]["opened_by"][0]["sentence"]' "Jamie screened privately on $(day 118); Alex screened privately on $(day 118)"
run 0 phase history --case "$kase"
has "$out" "gate open: Each partner screened privately for violence and suicide risk"

# The status on an earlier date shows the phase the case was in then.
run 0 phase status --case "$kase" --on "$(day 1)" --json
is 'd["phase"]' intake

# --- Rationales are sentences: the protocol's minimum length.
run 0 protocol show betrayal_trauma_couples --json
is 'd["min_rationale_chars"]' 20
run 1 phase override --case "$kase" --to impact_meaning --rationale "ok"
has "$err" "rationale must be a real sentence: at least 20 characters"
run 1 phase override --case "$kase" --to impact_meaning --rationale "                ok                  "
has "$err" "at least 20 characters"
run 0 phase history --case "$kase" --json; is 'len(d["entries"])' 2

# --- Roles are part of the record: a change needs a rationale, and is an
# --- event of the history. (This case entered stabilisation today, so its
# --- four weeks keep the gate closed under either roles.)
run 0 attest add --case "$kase" --client "$alex" --code contact_ended
run 0 attest add --case "$kase" --client "$jamie" --code contact_ended
run 0 attest add --case "$kase" --code disclosure_completed
run 0 agreement add --case "$kase" --kind boundary --text "No contact with the affair partner"
run 0 measure add --client "$jamie" --instrument felt_safety --items 3 --date "$(day 2)"
run 0 measure add --client "$alex" --instrument felt_safety --items 8 --date "$(day 2)"
run 0 phase status --case "$kase" --json
is "$(crit impact_meaning felt_safety)['status']" not_met
is "$(gate impact_meaning)['open']" False
run 2 phase roles --case "$kase" --betrayed "$alex"; has "$err" "--rationale is required"
run 1 phase roles --case "$kase" --betrayed "$alex" --rationale "oops"; has "$err" "at least 20 characters"
run 0 phase roles --case "$kase" --betrayed "$alex" --rationale "Recorded the wrong partner at intake"
run 0 phase history --case "$kase" --json
is '[(r["kind"], r["betrayed_client_id"], r["previous_client_id"]) for r in d["role_changes"]]' "[('roles', $alex, $jamie)]"
run 0 phase history --case "$kase"
has "$out" "betrayed partner: client $alex"
has "$out" "Recorded the wrong partner at intake"
run 0 phase roles --case "$kase" --betrayed "$jamie" --rationale "Corrected back: Jamie was betrayed"

# A case whose stabilisation began weeks ago: only the betrayed partner's
# felt safety stands between it and the next phase.
run 0 client add --given Robin --family Ash --json; robin=$(json 'd["id"]')
run 0 client add --given Kit --family Ash --json; kit=$(json 'd["id"]')
run 0 couple add --a "$robin" --b "$kit" --secrets confidential --json; couple2=$(json 'd["id"]')
run 0 case add --kind conjoint --couple "$couple2" --opened "$(day 100)" --json; k2=$(json 'd["id"]')
run 0 phase start --case "$k2" --protocol betrayal_trauma_couples --betrayed "$robin" --on "$(day 90)"
run 0 phase override --case "$k2" --to safety_stabilisation --on "$(day 60)" --rationale "Screened by the referring clinician; records on file"
run 0 attest add --case "$k2" --client "$robin" --code contact_ended
run 0 attest add --case "$k2" --client "$kit" --code contact_ended
run 0 attest add --case "$k2" --code disclosure_completed
run 0 agreement add --case "$k2" --kind boundary --text "No contact with the affair partner"
run 0 measure add --client "$robin" --instrument felt_safety --items 3 --date "$(day 1)"
run 0 measure add --client "$kit" --instrument felt_safety --items 8 --date "$(day 1)"
run 0 phase status --case "$k2" --json
is "$(crit impact_meaning felt_safety)['status']" not_met
is "$(gate impact_meaning)['open']" False
# Swapping the roles would open the gate: refused, nothing changed.
run 1 phase roles --case "$k2" --betrayed "$kit" --rationale "Kit says they were the one betrayed"
has "$err" "MEND_EGATE"; has "$err" "would open the gate to impact_meaning"
run 0 phase status --case "$k2" --json; is 'd["betrayed_client_id"]' "$robin"
run 0 phase history --case "$k2" --json; is 'd["role_changes"]' "[]"
# As an override it stands, and says which gate it opened.
run 0 phase roles --case "$k2" --betrayed "$kit" --rationale "Kit says they were the one betrayed" --override
run 0 phase history --case "$k2" --json
is '[(r["kind"], r["opened"]) for r in d["role_changes"]]' "[('override', ['impact_meaning'])]"
run 0 audit list --limit 1000 --json
is "len([e for e in d if e['action'] == 'override_roles' and e['object_id'] == $k2])" 1
is "len([e for e in d if e['action'] == 'set_roles' and e['object_id'] == $kase])" 2

# --- A back-dated trauma gate does not open on later scores.
run 0 phase override --case "$k2" --to impact_meaning --on "$(day 50)" --rationale "Felt safety discussed at length in session"
run 0 phase override --case "$k2" --to decision_point --on "$(day 40)" --rationale "Accountability shown over several sessions"
run 0 measure add --client "$kit" --instrument pcl5 --items 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 --date "$(day 20)"
run 0 measure add --client "$kit" --instrument pcl5 --items 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 --date "$(day 3)"
run 0 phase status --case "$k2" --on "$(day 30)" --json
is "$(crit relational_repair trauma_symptoms)['status']" unknown
run 0 phase status --case "$k2" --json
is "$(crit relational_repair trauma_symptoms)['status']" met
run 1 phase advance --case "$k2" --to relational_repair --on "$(day 30)"; has "$err" "MEND_EGATE"
# Weeks in phase are counted to the date asked about.
run 0 phase status --case "$k2" --on "$(day 44)" --json
is 'd["phase"]' impact_meaning
is "$(crit decision_point time)['status']" not_met
has "$(json "$(crit decision_point time)['sentence']")" "0 weeks in Impact and meaning since $(day 50)"

finish
