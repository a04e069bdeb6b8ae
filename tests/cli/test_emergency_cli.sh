#!/usr/bin/env bash
# `mend emergency`: open a record outside the caseload for a reason and a
# time, every access audited; the grant report for supervisors.
#   test_emergency_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=emergency.db
source "$(dirname "$0")/lib.sh"

run 0 init --db "$db" --admin Admin --external-id admin --name "Test Practice"
export MEND_DB=$db MEND_ACTOR=admin
run 0 clinician create --name "Cam Lin" --external-id cam --json; cam=$(json 'd["id"]')
run 0 clinician create --name "Dee Ross" --external-id dee --json; dee=$(json 'd["id"]')
run 0 clinician create --name "Sol Sup" --role supervisor --external-id sol
run 0 client create --given Zoe --family Secretname --json; a=$(json 'd["id"]')
run 0 case create --kind individual --client "$a" --clinician "$cam" --json; kase=$(json 'd["id"]')
export MEND_ACTOR=dee MEND_NOW=2027-01-05T12:00:00Z
run 1 client show "$a"
run 1 emergency open --client "$a" --reason "short"
has "$err" "at least 20 characters"
run 2 emergency open --client "$a"
run 2 emergency open --client "$a" --reason "on-call crisis, lead away" --minutes 2000
run 0 emergency open --client "$a" --reason "on-call crisis, lead away" --minutes 10 --json
grant=$(json 'd["grant_id"]')
run 0 client show "$a" --json
is 'd["id"]' "$a"
run 0 case show "$kase" --json
is 'd["id"]' "$kase"
run 1 client update "$a" --phone 555
MEND_NOW=2027-01-05T12:10:00Z run 1 client show "$a"
run 1 emergency report
export MEND_ACTOR=sol
run 0 emergency report --json
is '[(g["grant_id"], g["clinician_id"], g["client_id"], g["reason"], len(g["accesses"])) for g in d["grants"]]' \
   "[($grant, $dee, $a, 'on-call crisis, lead away', 2)]"
run 0 emergency report
has "$out" "Dee Ross"
run 0 audit report --client "$a" --actor "$dee" --json
is 'sorted(set(e["action"] for e in d))' "['emergency_access', 'emergency_open', 'read', 'update']"
run 1 emergency set-reason-min 30
run 0 emergency set-reason-min 30 --as admin
export MEND_ACTOR=dee
run 1 emergency open --client "$a" --reason "on-call crisis, lead away"
has "$err" "at least 30 characters"
finish
