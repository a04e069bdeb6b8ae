#!/usr/bin/env bash
# The command line's contract with scripts: JSON errors with --json, exactly
# "unknown option --x", which kind of identifier --as takes, and the handle
# closed on error paths.
#   test_cli_contract.sh MEND_BINARY [DATABASE]
# DATABASE defaults to a temp SQLite file; a postgresql:// URL is emptied first.
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=contract.db
source "$(dirname "$0")/lib.sh"

# The JSON on stderr (as d), like json() on stdout.
ejson() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$err"; }
eis() { local got; got=$(ejson "$1"); [ "$got" = "$2" ] && ok || bad "stderr $1 = $got, wanted: $2 (stderr: $err)"; }

run 0 init --db "$db" --admin "Dr. Root" --external-id root --json
export MEND_DB=$db
unset MEND_ACTOR MEND_NOW

# --- An unknown option says exactly "unknown option --x", on every command.
run 2 --zzz;                         [ "$err" = "mend: unknown option --zzz" ] && ok || bad "no command: $err"
run 2 client list --as 1 --zzz;      [ "$err" = "mend: unknown option --zzz" ] && ok || bad "client list: $err"
run 2 client list --as 1 --zzz=1;    [ "$err" = "mend: unknown option --zzz" ] && ok || bad "inline value: $err"
run 2 client list --as 1 --json --all --zzz
eis 'd["error"]' "{'code': 'usage', 'message': 'unknown option --zzz'}"
while read -r cmd; do
    # shellcheck disable=SC2086
    run 2 $cmd --as 1 --zzz
    [ "$err" = "mend: unknown option --zzz" ] && ok || bad "mend $cmd: $err"
done <<'EOF'
init
info
practice timezone
practice set-timezone
clinician create
clinician show
clinician list
clinician update
clinician archive
client create
client show
client list
client update
client archive
couple create
couple list
case create
case list
case update
measure instruments
measure instrument
measure create
measure show
measure series
measure change
measure sustained
measure load
measure set-cutoff
safety create
safety list
flag list
flag resolve
protocol list
protocol show
protocol load
phase start
phase roles
phase status
phase advance
phase override
phase back
phase history
attestation create
attestation list
plan set
plan show
agreement create
agreement list
agreement update
session create
session list
session show
note create
note edit
note sign
note cosign
note create-addendum
note share
note show
note list
note search
note verify
process-note create
process-note show
process-note list
process-note grant
report
release create
release authorise
audit list
EOF

# --- With --json, errors are JSON on stderr (and nothing is on stdout).
run 0 --version --json;              is 'sorted(d)' "['version']"
version=$(json 'd["version"]')
run 0 info --json;                   is 'd["version"]' "$version"
run 0 --version;                     [ "$out" = "mend $version" ] && ok || bad "--version: $out"
run 2 --json;                        eis 'd["error"]["code"]' usage; [ -z "$out" ] && ok || bad "stdout: $out"
# Usage errors found while reading the line, with --json before or after them.
run 2 client create --as 1 --given A --given B --json
eis 'd["error"]' "{'code': 'usage', 'message': '--given given twice'}"
run 2 client create --as 1 --json --given
eis 'd["error"]' "{'code': 'usage', 'message': '--given needs a value'}"
run 2 client list --as 1 -x --json;  eis 'd["error"]["code"]' usage
run 2 client list --as 1 --all=yes --json
eis 'd["error"]' "{'code': 'usage', 'message': '--all takes no value'}"
run 2 frobnicate --json;             eis 'd["error"]["code"]' usage
run 2 client show abc --as 1 --json; eis 'd["error"]["code"]' usage; has "$err" "whole number"
# The library's errors carry its code name and message, never client data.
run 0 clinician create --as root --name "Jo Kim" --external-id jo --json
run 0 client create --as jo --given "Zoë" --family "Quill" --json
zoe=$(json 'd["id"]')
run 0 clinician create --as root --name "Other" --external-id other --json
run 1 client show "$zoe" --as other --json
eis 'd["error"]["code"]' MEND_ENOTFOUND; lacks "$err" "Zoë"; lacks "$err" "Quill"; one_line
[ -z "$out" ] && ok || bad "stdout on error: $out"
run 1 client show "$zoe" --as other
has "$err" "mend: error: "; has "$err" "(MEND_ENOTFOUND)"; lacks "$err" "{"
msg=${err#mend: error: }; msg=${msg% (MEND_ENOTFOUND)}
run 1 client show "$zoe" --as other --json
eis 'd["error"]["message"]' "$msg"
run 1 client show 999999 --as other --json; eis 'd["error"]["code"]' MEND_ENOTFOUND
eis 'd["error"]["message"]' "$msg" # a hidden client answers as a missing one
# An error of the command line itself (not the library's) is JSON too.
run 1 protocol load "$work/no-such.json" --as root --json
eis 'd["error"]["code"]' MEND_ERROR; has "$err" "cannot read"

# --- A report format that cannot be JSON is a usage error with --json.
run 0 case create --as jo --kind individual --client "$zoe" --opened 2026-01-05 --json
case_id=$(json 'd["id"]')
run 2 report --case "$case_id" --as jo --format markdown --json
eis 'd["error"]["code"]' usage; has "$err" "--format markdown"
run 2 report --case "$case_id" --as jo --format html --json; eis 'd["error"]["code"]' usage
run 0 report --case "$case_id" --as jo --format json --json; is 'd["schema"]' mend.report.case/1
run 0 report --case "$case_id" --as jo --json;               is 'd["schema"]' mend.report.case/1
run 0 report --case "$case_id" --as jo --format markdown;    lacks "$out" '"schema"'
run 0 report --case "$case_id" --as jo --json --out "$work/r.json"
is 'd["wrote"]' "$work/r.json"; [ -s "$work/r.json" ] && ok || bad "report file not written"

# --- --as ID is an id, --as ext:ID an external id (digits included), --as NAME an external id.
run 0 clinician create --as root --name "Ann Two" --external-id a --json
ann=$(json 'd["id"]')
run 0 clinician create --as root --name "Ext Two" --external-id "$ann" --json
ext_ann=$(json 'd["id"]')
run 0 clinician create --as root --name "Pre Fix" --external-id "ext:x" --json
prefixed=$(json 'd["id"]')
[ "$ann" != "$ext_ann" ] && ok || bad "two clinicians expected"
run 0 info --as "$ann" --json;       is 'd["actor_id"]' "$ann"
run 0 info --as "ext:$ann" --json;   is 'd["actor_id"]' "$ext_ann"
run 0 info --as a --json;            is 'd["actor_id"]' "$ann"
run 0 info --as ext:a --json;        is 'd["actor_id"]' "$ann"
run 0 info --as ext:ext:x --json;    is 'd["actor_id"]' "$prefixed"
run 1 info --as ext:x --json;        eis 'd["error"]["code"]' MEND_ENOTFOUND
MEND_ACTOR="ext:$ann" run 0 info --json; is 'd["actor_id"]' "$ext_ann"
MEND_ACTOR="$ann" run 0 info --json;     is 'd["actor_id"]' "$ann"
MEND_ACTOR=a run 0 info --json;          is 'd["actor_id"]' "$ann"
run 0 case list --as "ext:$ann" --json; is 'len(d)' 0
MEND_ACTOR= run 0 info --json;          is 'd["actor_id"]' None
run 0 --help;                        has "$out" "ext:ID the host's external id"
run 0 info --help;                   has "$out" "--as WHO"
# An id too large is a usage error that says so, from --as and MEND_ACTOR alike.
big=99999999999999999999
run 2 info --as "$big";              has "$err" "--as is too large for a clinician id"; lacks "$err" "stoll"; one_line
run 2 case list --as "$big" --json;  eis 'd["error"]["code"]' usage; has "$err" "ext:"
MEND_ACTOR=$big run 2 case list;     has "$err" "MEND_ACTOR is too large for a clinician id"
run 2 case list --as ext:;           has "$err" "external id"
run 1 case list --as 999999;         has "$err" "MEND_ENOTFOUND"
# The usage error comes before the database is opened: no file is made.
if [ $pg = 0 ]; then
    run 2 case list --db "$work/never.db" --as "$big"
    [ ! -e "$work/never.db" ] && ok || bad "a usage error in --as created $work/never.db"
fi

# --- The handle is closed on every error path: valgrind finds no leak when
# --as names no one, when --now is bad, or when the command fails after
# opening (SQLite; valgrind on the Debian test image).
if [ $pg = 0 ] && command -v valgrind >/dev/null; then
    leak_free() {
        local log="$work/valgrind.log"
        valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
            --log-file="$log" "$mend" "$@" >/dev/null 2>&1
        local rc=$?
        if [ $rc = 99 ]; then bad "leak in mend $*: $(grep -A3 'definitely lost' "$log" | head -8)"
        elif [ $rc = 0 ]; then bad "mend $* was expected to fail"
        else ok; fi
    }
    leak_free case list --as 999999
    leak_free case list --as nobody --json
    leak_free case list --as 1 --now not-a-time
    leak_free client show 999999 --as 1
fi

finish
