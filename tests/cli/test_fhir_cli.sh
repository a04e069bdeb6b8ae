#!/usr/bin/env bash
# mend fhir import: the fixture Bundle (tests/support/fhir) of two Patients and
# a PHQ-9 QuestionnaireResponse becomes two clients and an administration
# scored by mend with its safety flag; importing again updates; a host total
# that disagrees is reported; a bad entry stores nothing; bad codes, unknown
# instruments, invalid JSON and a missing file are clear errors.
#   test_fhir_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=fhir.db
source "$(dirname "$0")/lib.sh"
bundle="$(cd "$(dirname "$0")/../support/fhir" && pwd)/import_bundle.json"
export MEND_DB=$db MEND_ACTOR=admin

# Rewrites the fixture with a Python statement over it (as d) into $work/$1.
variant() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$bundle')); $2; json.dump(d, open('$work/$1','w'))"; }
count_clients() { run 0 client list --json; json 'len(d)'; }
count_phq9() { run 0 measure series --client "$1" --instrument phq9 --json; json 'len(d["points"])'; }

run 0 init --admin Admin --external-id admin --name "Test Practice"

# Import: two clients created, the administration scored by mend.
run 0 fhir import "$bundle"
has "$out" "Bundle.entry[0].resource: client 1 created"
has "$out" "Bundle.entry[1].resource: client 2 created"
has "$out" "Bundle.entry[2].resource: administration 1 of phq9 for client 1, total 9, flags: suicidal_ideation"
has "$out" "2 patient(s), 1 administration(s) imported"
lacks "$out" "total mismatch"
run 0 client show 1 --json; is 'd["given_name"]' "Dana Maria"; is 'd["preferred_name"]' Dee

# Again, as JSON: updated, nothing added but the administration.
run 0 fhir import "$bundle" --json
is '[p["action"] for p in d["patients"]]' "['updated', 'updated']"
is 'd["administrations"][0]["total_mismatch"]' False
is 'd["administrations"][0]["flags"]' "['suicidal_ideation']"
[ "$(count_clients)" = 2 ] && ok || bad "re-import added clients"
[ "$(count_phq9 1)" = 2 ] && ok || bad "wanted 2 PHQ-9 administrations"

# A host total that disagrees: reported, mend's total stored.
variant mismatch.json 'd["entry"][2]["resource"]["item"][-1]["answer"][0]["valueInteger"] = 12'
run 0 fhir import "$work/mismatch.json"
has "$out" "total mismatch: the host's total 12 differs from mend's 9; mend's score was stored"

# On a case (stdin too): the client's own; another's is refused.
run 0 case create --client 1 --json; kase=$(json 'd["id"]')
run 0 case create --client 2 --json; other=$(json 'd["id"]')
run 0 fhir import - --case "$kase" --json <"$bundle"
is 'd["administrations"][0]["total"]' 9.0
run 1 fhir import "$bundle" --case "$other"
has "$err" "that case is not this client's"
[ "$(count_phq9 1)" = 4 ] && ok || bad "the refused import stored an administration"

# All or nothing: a bad fourth entry stores nothing.
variant bad4.json 'e = json.loads(json.dumps(d["entry"][1])); e["resource"]["identifier"] = [{"system": "urn:mend:external-id", "value": "new-1"}]; e["resource"]["birthDate"] = "1980-02"; d["entry"].append(e); d["entry"][0]["resource"]["identifier"][0]["value"] = "new-0"'
run 1 fhir import "$work/bad4.json"
has "$err" "Bundle.entry[3].resource.birthDate is a partial date"
has "$err" "MEND_EINVAL"
[ "$(count_clients)" = 2 ] && ok || bad "a failed bundle left clients"
[ "$(count_phq9 1)" = 4 ] && ok || bad "a failed bundle left an administration"

# Codes and instruments.
variant gender.json 'd = d["entry"][1]["resource"]; d["gender"] = "M"'
run 1 fhir import "$work/gender.json"; has "$err" "Patient.gender must be one of male, female, other, unknown"
variant nope.json 'd["entry"][2]["resource"]["questionnaire"] = "urn:mend:questionnaire:nope"'
run 1 fhir import "$work/nope.json"; has "$err" "Bundle.entry[2].resource.questionnaire names no instrument"
variant status.json 'd["entry"][2]["resource"]["status"] = "stopped"'
run 1 fhir import "$work/status.json"; has "$err" "Bundle.entry[2].resource.status must be completed or amended"
echo '{"resourceType": "Bundle",' >"$work/broken.json"
run 1 fhir import "$work/broken.json"; has "$err" "not valid JSON"
run 1 fhir import "$work/missing.json"; has "$err" "there is no file at that path"; has "$err" "MEND_ENOTFOUND"
run 2 fhir import; has "$err" "which file"
run 0 fhir --help; has "$out" "mend fhir import FILE"

finish
