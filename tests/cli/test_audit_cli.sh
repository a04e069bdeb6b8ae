#!/usr/bin/env bash
# `mend audit report`: a client's report lists that client's events with the
# actor, --actor and --from/--to narrow it, CSV is RFC 4180, paging works, a
# plain clinician is refused (audited as denied), bad options are refused.
#   test_audit_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=audit.db
source "$(dirname "$0")/lib.sh"

run 0 init --db "$db" --admin Admin --external-id admin --name "Test Practice"
export MEND_DB=$db MEND_ACTOR=admin
run 0 clinician create --name 'Cam "C", Lin' --external-id cam --json; cam=$(json 'd["id"]')
run 0 clinician create --name "Dee Ross" --external-id dee --json; dee=$(json 'd["id"]')
run 0 clinician create --name "Sol Sup" --role supervisor --external-id sol
run 0 client create --given Zoe --family Secretname --json; a=$(json 'd["id"]')
run 0 client create --given Ike --family Other --json; c=$(json 'd["id"]')
run 0 case create --kind individual --client "$a" --clinician "$cam" --json
run 0 case create --kind individual --client "$c" --clinician "$dee" --json
MEND_NOW=2027-01-05T12:00:00Z run 0 client show "$a" --as cam
MEND_NOW=2027-01-06T12:00:00Z run 0 client show "$c" --as dee
MEND_NOW=2027-01-06T12:00:00Z run 1 client show "$a" --as dee

export MEND_ACTOR=sol
run 0 audit report --client "$a" --json
is 'sorted((e["action"], e["object_type"], e["object_id"] == '"$a"', e["outcome"], e["actor_id"]) for e in d if e["object_type"] == "client")' \
   "[('create', 'client', True, 'ok', 1), ('read', 'client', True, 'not_found', $dee), ('read', 'client', True, 'ok', $cam)]"
is 'all(e["object_id"] != '"$c"' or e["object_type"] != "client" for e in d)' True
is '[e["actor_name"] for e in d if e["action"] == "read" and e["outcome"] == "ok"]' "['Cam \"C\", Lin']"
lacks "$out" Secretname

run 0 audit report --actor "$dee" --json
is 'all(e["actor_id"] == '"$dee"' for e in d) and len(d) >= 3' True
run 0 audit report --from 2027-01-06 --to 2027-01-06 --json
is 'sorted((e["object_id"], e["outcome"]) for e in d if e["action"] == "read")' "[($a, 'not_found'), ($c, 'ok')]"
run 0 audit report --client "$a" --from 2027-01-05 --to 2027-01-05 --json
is '[(e["action"], e["actor_id"]) for e in d]' "[('read', $cam)]"

run 0 audit report --client "$a" --actor "$cam" --format csv
has "$out" "seq,at,actor_id,actor_name,action,object_type,object_id,outcome"
has "$out" ",\"Cam \"\"C\"\", Lin\",read,client,$a,ok"
crlf=$("$mend" audit report --client "$a" --format csv | od -c | grep -c '\\r  \\n')
[ "$crlf" -ge 1 ] && ok || bad "CSV lines should end CRLF"
rows=$("$mend" audit report --client "$a" --format csv | /usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')
[ "$rows" = 5 ] && ok || bad "CSV should have a header and 4 rows, got $rows"

run 0 audit report --client "$a" --limit 1 --json
first=$(json 'd[0]["seq"]'); is 'len(d)' 1
run 0 audit report --client "$a" --after "$first" --json
is 'len(d)' 3
is "all(e['seq'] > $first for e in d)" True
run 0 audit report --client "$a"
has "$out" "actor_name"

run 1 audit report --client 999
has "$err" "no client"
run 1 audit report --from 2027-01-06 --to 2027-01-05
run 1 audit report --from 2027-02-30
run 2 audit report --format xml
run 2 audit report --limit 0
run 2 audit report --limit 10001
run 2 audit report --bogus 1
run 1 audit report --as cam
run 0 audit list --limit 10000 --json
is 'sum(1 for e in d if e["action"] == "report" and e["outcome"] == "denied" and e["actor_id"] == '"$cam"')' 1
finish
