#!/usr/bin/env bash
# Proves that a change (speed work, a refactor) changes no report: renders
# every kind of report of the demo practice with two mend binaries, on copies
# of the same database, and compares the JSON byte for byte and the audit
# rows each wrote (action, object, actor, outcome, in order).
#   scripts/same-reports.sh OLD_MEND NEW_MEND
# Build the old binary from a worktree of the commit before the change, e.g.
#   git worktree add /tmp/old HEAD~3 && cmake -S /tmp/old -B /tmp/old/build
#   cmake --build /tmp/old/build --target mend_cli
set -euo pipefail
old=${1:?old mend binary}
new=${2:?new mend binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/demo.db
"$new" demo --db "$db" --force --plaintext >/dev/null
# Releases of the demo couple's case (partners 5 and 6): one authorised by
# one partner, one by both.
"$new" release create --db "$db" --as 1 --case 1 --for 5 --recipient "Dr X" --purpose referral \
    --expires 2099-01-01 >/dev/null
"$new" release create --db "$db" --as 1 --case 1 --for 6 --recipient "Dr Y" --purpose referral \
    --expires 2099-01-01 >/dev/null
"$new" release authorise 1 --client 5 --db "$db" --as 1 >/dev/null
"$new" release authorise 2 --client 5 --db "$db" --as 1 >/dev/null
"$new" release authorise 2 --client 6 --db "$db" --as 1 >/dev/null
date=$(date -u +%F)
cases=$(sqlite3 "$db" "SELECT id FROM care_case ORDER BY id")
audit="SELECT action, object_type, object_id, actor_id, outcome FROM audit_event ORDER BY seq"
failed=0 checked=0
compare() {
    cp "$db" "$work/old.db"
    cp "$db" "$work/new.db"
    "$old" report --db "$work/old.db" --as 1 --date "$date" --format json "$@" >"$work/old.json"
    "$new" report --db "$work/new.db" --as 1 --date "$date" --format json "$@" >"$work/new.json"
    sqlite3 "$work/old.db" "$audit" >"$work/old.audit"
    sqlite3 "$work/new.db" "$audit" >"$work/new.audit"
    checked=$((checked + 1))
    if ! cmp -s "$work/old.json" "$work/new.json"; then
        echo "DIFFERENT report: $*"; diff "$work/old.json" "$work/new.json" | head -20; failed=1
    elif ! cmp -s "$work/old.audit" "$work/new.audit"; then
        echo "DIFFERENT audit rows: $*"; diff "$work/old.audit" "$work/new.audit" | head -20; failed=1
    else
        echo "same: $* ($(wc -c <"$work/new.json") bytes)"
    fi
}
for c in $cases; do
    compare --case "$c"
    compare --case "$c" --notes yes
done
compare --case 1 --release 1 --notes yes
compare --case 1 --release 2 --notes yes
compare --case 1 --release 2
compare --case 3 --from "$(date -u -d '-120 days' +%F)" --notes yes
compare --caseload
compare --caseload --clinician 2
[ "$failed" = 0 ] && echo "$checked reports the same" || exit 1
