#!/usr/bin/env bash
# Sessions and notes end to end: CPT time rules, drafts and version
# conflicts, signing, refusal to change a signed note (through mend and
# through raw SQL), addenda, co-signing, hash verification and tamper
# detection, search that never shows a note the actor may not see, process
# notes, and privacy between partners.
#   test_notes_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=notes.db
source "$(dirname "$0")/lib.sh"

run 0 init --db "$db" --admin Admin --external-id admin
export MEND_DB=$db MEND_ACTOR=admin
run 0 clinician create --name "Cam Lin" --external-id cam
run 0 clinician create --name "Sue Pervisor" --role supervisor --external-id sup
run 0 clinician create --name "Other One" --external-id other
export MEND_ACTOR=cam
run 0 client create --given Ana --family Quist --json; ana=$(json 'd["id"]')
run 0 client create --given Ben --family Quist --json; ben=$(json 'd["id"]')
run 0 couple create --a "$ana" --b "$ben" --secrets confidential --json; couple=$(json 'd["id"]')
run 0 case create --kind conjoint --couple "$couple" --opened "$(day 60)" --json; kase=$(json 'd["id"]')
run 0 phase start --case "$kase" --protocol betrayal_trauma_couples --betrayed "$ana" --on "$(day 50)"

# Sessions: CPT time rules and participants.
run 1 session create --case "$kase" --at "$(day 10)T10:00" --minutes 20 --participants "$ana,$ben" --patient "$ana" --cpt 90847
has "$err" "20 minutes do not fit CPT 90847"
run 1 session create --case "$kase" --at "$(day 10)T10:00" --minutes 50 --participants "$ben" --patient "$ana" --cpt 90847
has "$err" "needs the identified patient present"
run 1 session create --case "$kase" --at "$(day 10)T10:00" --minutes 40 --participants "$ben" --cpt 90837;  has "$err" "do not fit CPT 90837"
run 1 session create --case "$kase" --at "$(day 10)T25:00" --minutes 50 --participants "$ana" --cpt 90834; has "$err" "no such time"
run 1 session create --case "$kase" --at "$(day 10)T10:00" --minutes 45 --participants 99999 --cpt 90834; has "$err" "client of the case"
run 1 session create --case "$kase" --at "$(day 10)T10:00" --minutes 45 --participants "$ana" --cpt 99999; has "$err" "cpt_code must be one of"
run 0 session create --case "$kase" --at "$(day 10)T10:00" --minutes 52 --participants "$ana,$ben" --patient "$ana" --cpt 90847 --json; joint=$(json 'd["id"]')
run 0 session create --case "$kase" --at "$(day 9)T15:30" --minutes 45 --participants "$ben" --cpt 90834 --modality video --json; ben_alone=$(json 'd["id"]')
run 0 session create --case "$kase" --at "$(day 8)T09:00" --minutes 53 --participants "$ana" --cpt 90837 --json; ana_alone=$(json 'd["id"]')
run 0 session show "$joint" --json
is 'd["phase"]' intake
is 'd["participants"]' "[$ana, $ben]"
run 0 session list --case "$kase" --json; is 'len(d)' 3

# Drafts: the author edits; a stale version conflicts and saves nothing.
run 0 note create --session "$joint" --subjective "Both describe hypervigilance since the discovery" --assessment "Acute betrayal trauma" --plan "Stabilisation" --risk "No current risk" --interventions "Psychoeducation;Grounding" --json
note=$(json 'd["id"]')
run 0 note edit "$note" --expected-version 1 --subjective "Both describe hypervigilance and sleeplessness" --assessment "Acute betrayal trauma" --plan "Stabilisation" --json
is 'd["version"]' 2
run 1 note edit "$note" --expected-version 1 --plan "Overwrite"; has "$err" "MEND_ECONFLICT"
run 0 note show "$note" --json
is 'd["content"]["subjective"]' "Both describe hypervigilance and sleeplessness"
is 'd["content"]["plan"]' Stabilisation
is 'd["phase"]' intake
# One who may read the draft but is not its author is refused; one who may
# not see it is answered as if it were missing.
run 1 note edit "$note" --expected-version 2 --plan "x" --as sup; has "$err" "MEND_EDENIED"
run 1 note edit "$note" --expected-version 2 --plan "x" --as other
is_err() { [ "$err" = "$1" ] && ok || bad "expected '$1', got '$err'"; }
is_err "mend: error: no note has that id (MEND_ENOTFOUND)"
run 1 note edit 999999 --expected-version 2 --plan "x" --as other
is_err "mend: error: no note has that id (MEND_ENOTFOUND)"
run 1 note create --session "$joint" --format soap --text "free text in a soap note"; has "$err" "a soap note has no such field"
run 1 note create --session "$joint" --format soap; has "$err" "at least one field"
run 1 note create --session "$joint" --format tabular --text x; has "$err" "format must be one of"

# Signing: final. Through mend and through raw SQL.
run 1 note sign "$note" --as sup; has "$err" "MEND_EDENIED"
run 0 note sign "$note"
run 1 note sign "$note"; has "$err" "already signed"
run 1 note edit "$note" --expected-version 2 --plan "Changed"; has "$err" "a signed note never changes"
has "$(sql "UPDATE note SET content = '{}' WHERE id = $note")" "never changes"
has "$(sql "DELETE FROM note WHERE id = $note")" "never"
run 0 note show "$note" --json
is 'd["content"]["subjective"]' "Both describe hypervigilance and sleeplessness"
is 'd["status"]' signed
is 'len(d["content_hash"])' 64
is 'd["late_entry"]' True

# Addenda and co-signing.
run 2 note create-addendum "$note" --text "x"; has "$err" "--reason is required"
run 0 note create-addendum "$note" --text "Correction: Ben's sleeplessness started last month" --reason "Detail missed" --json
addendum=$(json 'd["id"]')
run 1 note cosign "$note"; has "$err" "MEND_EDENIED"
run 0 note cosign "$note" --as sup
run 1 note cosign "$note" --as sup; has "$err" "already co-signed"
run 0 note show "$note" --json
is 'd["addenda"][0]["reason"]' "Detail missed"
is 'len(d["addenda"][0]["hash"])' 64
is 'd["cosignatures"][0]["role"]' supervisor
has "$(sql "UPDATE addendum SET text = 'forged' WHERE id = $addendum")" "append-only"

# Verification, and tampering detected after the triggers are removed.
run 0 note verify --as sup --json
is 'd["ok"]' True
is 'd["notes_checked"]' 1
is 'd["addenda_checked"]' 1
run 1 note verify; has "$err" "MEND_EDENIED"
if [ $pg = 1 ]; then
    sql "ALTER TABLE note DISABLE TRIGGER note_signed_no_change; UPDATE note SET content = replace(content, 'sleeplessness', 'calm') WHERE id = $note; ALTER TABLE note ENABLE TRIGGER note_signed_no_change;" >/dev/null
else
    sql "DROP TRIGGER note_signed_no_update; UPDATE note SET content = replace(content, 'sleeplessness', 'calm') WHERE id = $note;" >/dev/null
fi
run 1 note verify --as sup --json
is 'd["ok"]' False
is 'd["mismatches"]' "[{'id': $note, 'kind': 'note', 'problem': 'edited'}]"

# Privacy between partners: individual sessions stay in that partner's record.
run 0 note create --session "$ben_alone" --format free --text "Ben speaks of a secret the couple does not share: zebracanary" --json
ben_note=$(json 'd["id"]')
run 0 note sign "$ben_note"
run 0 note create --session "$ana_alone" --format dap --data "Ana describes intrusive images" --assessment "PTSD symptoms" --plan "EMDR referral" --json
run 0 note list --client "$ana" --text yes --json
lacks "$out" "zebracanary"
is 'len(d)' 2
run 0 note list --client "$ben" --text yes --json
has "$out" "zebracanary"
lacks "$out" "intrusive images"
run 0 note search zebracanary --client "$ana" --json; is 'len(d)' 0
run 0 note search zebracanary --client "$ben" --json; is 'd[0]["note_id"]' "$ben_note"
has "$(json 'd[0]["snippet"]')" "[zebracanary]"
run 1 note share "$ben_note"; has "$err" "secrets policy keeps individual sessions confidential"

# Search never shows what the actor may not see; query text is never syntax.
run 0 note search "hypervigilance" --as other --json; is 'len(d)' 0
run 0 note search "hypervigilance" --json; is 'len(d)' 1
run 0 note search 'zebracanary" OR "x*' --json; is 'len(d)' 0
run 0 note search "Ben's" --json
run 0 note search "'; DROP TABLE note; --" --json; is 'len(d)' 0
run 0 note list --case "$kase" --json; is 'len(d)' 3
run 1 note show "$ben_note" --as other; is_err "mend: error: no note has that id (MEND_ENOTFOUND)"
run 1 note show 999999 --as other; is_err "mend: error: no note has that id (MEND_ENOTFOUND)"

# Process notes: their author's alone, kept out of lists and search.
run 0 process-note create --session "$ben_alone" --text "My countertransference: impatience with Ben; processcanary" --json
pn=$(json 'd["id"]')
run 1 process-note show "$pn" --as sup; is_err "mend: error: no process note has that id (MEND_ENOTFOUND)"
run 1 process-note show "$pn" --as admin; is_err "mend: error: no process note has that id (MEND_ENOTFOUND)"
run 1 process-note show 999999 --as admin; is_err "mend: error: no process note has that id (MEND_ENOTFOUND)"
run 0 process-note show "$pn" --json; has "$(json 'd["text"]')" "processcanary"
run 0 note search processcanary --json; is 'len(d)' 0
run 0 note search processcanary --process-notes yes --json; is 'd[0]["kind"]' process_note
run 0 note search processcanary --process-notes yes --as sup --json; is 'len(d)' 0
run 0 note list --client "$ben" --text yes --json; lacks "$out" "processcanary"
run 1 process-note grant "$pn" --clinician 3 --as sup; is_err "mend: error: no process note has that id (MEND_ENOTFOUND)"
run 0 process-note grant "$pn" --clinician 3
# Once granted, sup may read it but still not grant it.
run 1 process-note grant "$pn" --clinician 1 --as sup; has "$err" "MEND_EDENIED"
run 0 process-note show "$pn" --as sup --json; is 'd["id"]' "$pn"
run 0 process-note list --case "$kase" --as sup --json; is 'len(d)' 1
run 0 audit list --as admin --limit 10000 --json
is "sum(1 for e in d if e['action'] == 'read_process_note' and e['object_id'] == $pn and e['outcome'] == 'ok')" 4
is "[e['outcome'] for e in d if e['object_type'] == 'process_note' and e['object_id'] in ($pn, 999999) and e['outcome'] != 'ok']" "['not_found', 'not_found', 'not_found', 'not_found', 'denied']"
is "[e['action'] for e in d if e['object_type'] == 'note' and e['object_id'] in ($note, $ben_note, 999999) and e['outcome'] == 'not_found']" "['update', 'update', 'read', 'read']"

# No secrets: an individual note may be shared into conjoint work (audited),
# and still stays out of the other partner's record.
run 0 client create --given Cy --family Open --json; cy=$(json 'd["id"]')
run 0 client create --given Di --family Open --json; di=$(json 'd["id"]')
run 0 couple create --a "$cy" --b "$di" --secrets no_secrets --json; open_couple=$(json 'd["id"]')
run 0 case create --kind conjoint --couple "$open_couple" --json; open_case=$(json 'd["id"]')
run 0 session create --case "$open_case" --at "$(day 3)T11:00" --minutes 40 --participants "$cy" --cpt 90834 --json; cy_alone=$(json 'd["id"]')
run 0 note create --session "$cy_alone" --format free --text "Cy agrees to tell Di about the debts: sharecanary" --json; cy_note=$(json 'd["id"]')
run 0 note share "$cy_note"
run 0 note show "$cy_note" --json; is 'd["shareable"]' True
run 0 note list --client "$di" --text yes --json; lacks "$out" "sharecanary"
run 0 audit list --as admin --limit 10000 --json
is "sum(1 for e in d if e['action'] == 'share' and e['object_id'] == $cy_note)" 1

finish
