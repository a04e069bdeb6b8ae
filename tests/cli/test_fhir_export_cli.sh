#!/usr/bin/env bash
# mend fhir export: every case of the demo practice, and each client's own
# record, as a FHIR R4 Bundle valid against HL7's R4 4.0.1 JSON schema and the
# small value sets it leaves open (tests/support/fhir_validate.py); a release's
# bundle; usage errors that write nothing.
#   test_fhir_export_cli.sh MEND_BINARY
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=
default_db=fhir_export.db
source "$(dirname "$0")/lib.sh"
validate="/usr/bin/python3 $(dirname "$0")/../support/fhir_validate.py"

unset MEND_DB MEND_ACTOR
demo="$work/demo.db"
export MEND_KEY_FILE=$work/demo.key  # the demo is keyed; it writes its key file there
run 0 demo --db "$demo" --json
cases=$(/usr/bin/python3 - "$demo" <<'PY'
import sqlite3, sys
print(" ".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM care_case ORDER BY id")))
PY
)
[ -n "$cases" ] && ok || bad "the demo has no cases"
n=0
for c in $cases; do
    run 0 fhir export --db "$demo" --as staff-okafor --case "$c" --out "$work/case-$c.json"
    if out=$($validate "$work/case-$c.json" 2>&1); then ok; else bad "case $c bundle: $out"; fi
    n=$((n + 1))
done
[ "$n" -ge 7 ] && ok || bad "exported $n demo cases, wanted 7"
out=$(cat "$work/case-1.json")
is 'd["resourceType"] + "/" + d["type"]' "Bundle/collection"
is '{e["resource"]["resourceType"] for e in d["entry"]} >= {"EpisodeOfCare", "Patient", "Practitioner"}' "True"

# Each client's own record.
clients=$(/usr/bin/python3 - "$demo" <<'PY'
import sqlite3, sys
print(" ".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM client ORDER BY id")))
PY
)
for k in $clients; do
    run 0 fhir export --db "$demo" --as staff-okafor --client "$k" --json
    printf '%s' "$out" > "$work/client.json"
    if v=$($validate "$work/client.json" 2>&1); then ok; else bad "client $k bundle: $v"; fi
    is "all(e['resource']['subject']['reference'] == 'Patient/client-$k' for e in d['entry'] if e['resource']['resourceType'] == 'QuestionnaireResponse')" "True"
done

# A release prepared for one partner of a couple's case: only that partner is named.
read -r couple_case a b < <(/usr/bin/python3 - "$demo" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT k.id, p.client_a_id, p.client_b_id FROM care_case k JOIN couple p ON p.id = k.couple_id"
    " WHERE k.kind = 'conjoint' ORDER BY k.id LIMIT 1").fetchone()
print(*row)
PY
)
run 0 release create --db "$demo" --as staff-okafor --case "$couple_case" --for "$a" --recipient "GP" \
    --purpose "continuity of care" --expires "$(date -u -d '30 days' +%F)" --json
rel=$(json 'd["id"]')
run 0 fhir export --db "$demo" --as staff-okafor --case "$couple_case" --release "$rel" --json
printf '%s' "$out" > "$work/release.json"
if v=$($validate "$work/release.json" 2>&1); then ok; else bad "release bundle: $v"; fi
is "sorted(e['resource']['id'] for e in d['entry'] if e['resource']['resourceType'] == 'Patient')" "['client-$a']"
lacks "$out" "Patient/client-$b\""
run 0 release accounting --db "$demo" --as staff-okafor --client "$a" --json
is "[(d['release_id'], len(d['provided']), d['holds']['own_record']) for d in d['disclosures'] if d['release_id'] == $rel]" "[($rel, 1, True)]"
run 0 release accounting --db "$demo" --as staff-okafor --client "$a"
has "$out" "release $rel of case $couple_case"
has "$out" "provided 1 time(s)"
run 0 release accounting --db "$demo" --as staff-okafor --client "$b" --json
is "[x for x in d['disclosures'] if x['release_id'] == $rel]" "[]"
run 2 release accounting --db "$demo" --as staff-okafor

# Usage errors write nothing.
run 2 fhir export --db "$demo" --as staff-okafor --out "$work/none.json"
has "$err" "--case ID or --client ID"
run 2 fhir export --db "$demo" --as staff-okafor --case 1 --client 1
[ ! -e "$work/none.json" ] && ok || bad "a refused export wrote a file"
run 1 fhir export --db "$demo" --as staff-okafor --case 99999
has "$err" "case"
finish
