#!/usr/bin/env bash
# `--events` (each committed event as a JSON line on stderr) and `--log LEVEL`
# (the library's log on stderr, never client text), end to end.
#   test_events_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=events.db
source "$(dirname "$0")/lib.sh"

# The log on open: the schema migrated (info), the handle opened (debug).
run 0 init --db "$db" --admin Admin --external-id admin --log debug
has "$err" "mend: log: info: "
has "$err" "schema migrated from version 0 to version"
has "$err" "mend: log: debug: opened a "
export MEND_DB=$db MEND_ACTOR=admin
run 0 client create --given Zephyrine --family Quillfeather --external-id pt-zq --json
zed=$(json 'd["id"]')
# Without --log and --events, stderr stays empty.
run 0 client show "$zed";  [ -z "$err" ] && ok || bad "stderr: $err"

# Events: each flag raised, as a JSON line with ids only.
run 0 safety create --client "$zed" --ipv current --ipv-instrument HITS --suicide none --events --json
screen=$(json 'd["id"]')
events=$err
lines=$(grep -c '"event"' <<<"$events")
[ "$lines" -ge 1 ] && ok || bad "no event line: $events"
run 0 flag list --client "$zed" --json
flags=$(json 'len(d)')
[ "$lines" = "$flags" ] && ok || bad "$lines event lines for $flags flags: $events"
first_flag=$(json 'sorted(f["id"] for f in d)[0]')
out=$(head -n1 <<<"$events")
is 'sorted(d)' "['actor_id', 'case_id', 'client_id', 'event', 'record_id']"
is 'd["event"]' flag_raised
is 'd["record_id"]' "$first_flag"
is 'd["client_id"]' "$zed"
is 'd["case_id"]' None
lacks "$events" "Zephyrine"

run 0 flag resolve "$first_flag" --note "Plan agreed in session" --events
out=$err; is 'd["event"]' flag_resolved; is 'd["record_id"]' "$first_flag"
# A failed command makes no event.
run 1 flag resolve "$first_flag" --note "again" --events
lacks "$err" '"event"'

# A phase change, a signed note, a release.
run 0 case create --kind individual --client "$zed" --json;  kase=$(json 'd["id"]')
run 0 phase start --case "$kase" --protocol betrayal_trauma_individual --events
out=$err; is 'd["event"]' phase_changed; is 'd["case_id"]' "$kase"; is 'd["client_id"]' None
run 0 session create --case "$kase" --at "$(day 1)T10:00" --minutes 53 --participants "$zed" --cpt 90837 --json
session=$(json 'd["id"]')
run 0 note create --session "$session" --format free --text "Zephyrine spoke" --events --json
note=$(json 'd["id"]');  [ -z "$err" ] && ok || bad "a draft made an event: $err"
run 0 note sign "$note" --events
out=$err; is 'd["event"]' note_signed; is 'd["record_id"]' "$note"; is 'd["case_id"]' "$kase"
run 0 release create --case "$kase" --for "$zed" --recipient "the client" --purpose "continuity of care" --expires "$(date -u -d '30 days' +%F)" --events --json
release=$(json 'd["id"]')
out=$err; is 'd["event"]' release_created; is 'd["record_id"]' "$release"; is 'd["client_id"]' "$zed"

# The log: a failed call with its code's name, never the client's name.
run 1 client create --given Zephyrine --family Quillfeather --external-id pt-zq --log warning
has "$err" "mend: log: warning: a call failed: MEND_EEXISTS"
lacks "$err" "Zephyrine"; lacks "$err" "Quillfeather"
run 1 client update "$zed" --dob Quillfeather --log debug
has "$err" "MEND_EINVAL"; lacks "$err" "Quillfeather"
# --log error leaves out warnings; with --json the log is JSON lines too.
run 1 client create --given Zephyrine --family Quillfeather --external-id pt-zq --log error
lacks "$err" "mend: log:"
run 1 client create --given Zephyrine --family Quillfeather --external-id pt-zq --log warning --json
out=$(head -n1 <<<"$err")
is 'd["log"]["level"]' warning
is 'd["log"]["message"].startswith("a call failed: MEND_EEXISTS")' True
run 2 client show "$zed" --log loud;  has "$err" "--log must be error, warning, info or debug"
run 2 client show "$zed" --log;       has "$err" "--log needs a value"
finish
