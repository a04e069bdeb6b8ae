# The harness every CLI test script shares. Source it after setting
# `mend` (the binary) and `default_db` (a file name for SQLite runs):
#   mend=${1:?...}; default_db=x.db; source "$(dirname "$0")/lib.sh"
# Sets: work (a temp dir, removed on exit), db (argv 2 or a SQLite file in
# work; a postgresql:// URL is emptied first), pg (1 on PostgreSQL).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${db_arg:-$work/$default_db}
pg=0
if [[ "$db" == postgresql://* ]]; then
    pg=1
    psql -q "$db" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null 2>&1 ||
        { echo "cannot reset $db"; exit 1; }
fi

# Raw SQL around mend (sqlite3 or psql), for checks the API must not allow.
sql() { if [ $pg = 1 ]; then psql -qAt "$db" -v ON_ERROR_STOP=1 -c "$1" 2>&1; else sqlite3 "$db" "$1" 2>&1; fi; }

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
# run EXPECTED_EXIT ARGS...: runs mend; stdout in $out, stderr in $err.
run() {
    local want=$1; shift
    out=$("$mend" "$@" 2>"$work/err"); local got=$?
    err=$(cat "$work/err")
    if [ "$got" = "$want" ]; then ok; else bad "mend $* exited $got, wanted $want (stderr: $err)"; fi
}
has() { if grep -qF -- "$2" <<<"$1"; then ok; else bad "expected '$2' in: $1"; fi; }
lacks() { if grep -qF -- "$2" <<<"$1"; then bad "did not expect '$2' in: $1"; else ok; fi; }
# A Python expression over the JSON in $out (as d).
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$out"; }
is() { local got; got=$(json "$1"); [ "$got" = "$2" ] && ok || bad "$1 = $got, wanted: $2"; }
one_line() { if [ "$(wc -l <<<"$err")" = 1 ]; then ok; else bad "stderr should be one line: $err"; fi; }
day() { date -u -d "$1 days ago" +%F; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}
# at N: set mend's clock (MEND_NOW) to noon UTC N days ago, so a history is
# recorded in date order; today: back to the system clock.
at() { export MEND_NOW="$(day "$1")T12:00:00Z"; }
today() { unset MEND_NOW; }
