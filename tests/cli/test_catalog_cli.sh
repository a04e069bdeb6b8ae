#!/usr/bin/env bash
# mend catalog: the library's limits and values, and the help texts and
# option checks that read them from the library at run time (no copied list):
# each value printed is checked against what the CLI then accepts or refuses.
#   test_catalog_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=catalog.db
source "$(dirname "$0")/lib.sh"

run 0 catalog --json
cat_json=$out
is 'd["schema"]' "mend.catalog/1"
is '"pcl5" in d["instruments"]' "True"
max_text=$(json 'd["limits"]["short_text_max_bytes"]')
children_max=$(json 'd["limits"]["children_in_household_max"]')
audit_max=$(json 'd["limits"]["audit_limit_max"]')
instruments=$(json '" ".join(d["instruments"])')
codes=$(json '" ".join(a["code"] for a in d["attestation_codes"])')
cpts=$(json '" ".join(c["code"] for c in d["cpt_codes"])')
fields=$(json '" ".join(sorted({f for v in d["note_formats"].values() for f in v}))')
run 0 catalog
has "$out" "short_text_max_bytes = $max_text"
has "$out" "Attestation codes:"

# Help texts list what the library holds.
run 0 measure --help
for i in $instruments; do has "$out" "$i"; done
run 0 attestation --help
for c in $codes; do has "$out" "$c"; done
run 0 session --help
for c in $cpts; do has "$out" "$c"; done
run 0 note --help
for f in $fields; do has "$out" "--$f"; done
run 0 audit --help
has "$out" "1..$audit_max"

# The limits are the ones enforced.
run 0 init --db "$db" --admin Admin --external-id admin --name "Test Practice"
export MEND_DB=$db MEND_ACTOR=admin
run 0 catalog --db "$db" --json
is '"felt_safety" in d["instruments"]' "True"
is 'd["limits"]["short_text_max_bytes"]' "$max_text"
long=$(printf 'x%.0s' $(seq 1 "$max_text"))
run 0 client create --given "$long" --family Doe --json; a=$(json 'd["id"]')
run 1 client create --given "${long}x" --family Doe
has "$err" "longer than $max_text bytes"
run 0 client create --given Bo --family Doe --json; b=$(json 'd["id"]')
run 0 couple create --a "$a" --b "$b" --secrets no_secrets --children "$children_max" --json; couple=$(json 'd["id"]')
run 2 couple update "$couple" --children $((children_max + 1))
has "$err" "between 0 and $children_max"
run 0 audit list --limit "$audit_max"
run 2 audit list --limit $((audit_max + 1))
# The library infers a case's kind.
run 0 case create --couple "$couple" --json; k=$(json 'd["id"]')
run 0 case show "$k" --json
is 'd["kind"]' "conjoint"
run 0 case create --client "$a" --json; k=$(json 'd["id"]')
run 0 case show "$k" --json
is 'd["kind"]' "individual"

# An instrument as a FHIR R4 Questionnaire, valid against HL7's R4 schema.
run 0 fhir questionnaire phq9 --json; is 'd["resourceType"]' Questionnaire; is 'len(d["item"])' 10
echo "$out" >"$work/phq9.json"
if /usr/bin/python3 "$(dirname "$0")/../support/fhir_validate.py" "$work/phq9.json" >/dev/null; then ok; else bad "phq9 Questionnaire is not valid FHIR R4"; fi
run 1 fhir questionnaire nope; has "$err" "MEND_ENOTFOUND"
run 2 fhir questionnaire; has "$err" "which instrument"

finish
