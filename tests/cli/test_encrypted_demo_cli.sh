#!/usr/bin/env bash
# An encrypted practice gives the same answers as a plaintext one, and its
# raw file holds no client data: the keyed demo (encrypted) and the demo
# written with --plaintext, made at the same clock, give the same reports,
# note searches, release copies and accounting of disclosures; the
# encrypted database file (and, on PostgreSQL, a pg_dump) holds no client
# name and no note text, where the plaintext one holds them all.
#   test_encrypted_demo_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=enc.db
source "$(dirname "$0")/lib.sh"
plain=$work/plain.db
key=$work/enc.key
canary="Acute distress after discovery of the affair"
export MEND_NOW=2026-12-01T12:00:00Z

run 0 demo --db "$db" --key-file "$key" --json
run 0 demo --db "$plain" --plaintext --json
P() { "$mend" "$@" --db "$plain" --key-file "" --as staff-okafor 2>&1; }
E() { "$mend" "$@" --db "$db" --key-file "$key" --as staff-okafor 2>&1; }
same() {
    local a b
    a=$(P "$@"); b=$(E "$@")
    if [ "$a" = "$b" ] && [ -n "$a" ]; then ok; else
        bad "mend $* differs between the plaintext and the encrypted demo"
        diff <(echo "$a") <(echo "$b") | head -10
    fi
}

# --- the same answers.
same client list --json
same couple list --json
for k in 1 2 3 4 5 6 7; do
    for f in markdown json html; do same report --case "$k" --format "$f" --date 2026-12-01 --notes yes; done
    same note list --case "$k" --text yes --json
    same agreement list --case "$k" --json
    same phase history --case "$k" --json
done
same report --caseload --format json
for words in affair "intrusive images" boundaries sleep trust "safety plan" nothing-matches-this; do
    same note search "$words" --json
done
same client show --external-id ehr-1001 --json
for c in 1 2 3 4 5 6 7; do same flag list --client "$c" --all --json; same safety list --client "$c" --json; done
for d in "$plain" "$db"; do
    kf=$key; [ "$d" = "$plain" ] && kf=""
    "$mend" release create --db "$d" --key-file "$kf" --as staff-okafor --case 1 --for 5 \
        --recipient "Dr Rivera, Harbour GP" --purpose "continuity of care" --expires 2099-01-01 >/dev/null ||
        bad "release create on $d"
    for c in 5 6; do
        "$mend" release authorise 1 --client "$c" --db "$d" --key-file "$kf" --as staff-okafor >/dev/null ||
            bad "release authorise on $d"
    done
done
same report --case 1 --release 1 --format markdown --date 2026-12-01
same release accounting --client 5 --json
same release accounting --client 6 --json
same fhir export --case 1 --release 1

# --- no client data in the encrypted store; all of it in the plaintext one.
names=$(P client list --json | /usr/bin/python3 -c '
import json, sys
for c in json.load(sys.stdin):
    for k in ("given_name", "family_name", "preferred_name", "email", "phone", "external_id"):
        if c.get(k) and len(c[k]) >= 4: print(c[k])' | sort -u)
[ "$(wc -l <<<"$names")" -ge 8 ] && ok || bad "too few client names to look for: $names"
if [ $pg = 1 ]; then
    pg_dump --data-only "$db" >"$work/dump.sql" 2>"$work/dump.err" || bad "pg_dump: $(cat "$work/dump.err")"
    raw=("$work/dump.sql")
else
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    raw=("$db" "$db-wal")
fi
sqlite3 "$plain" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
while IFS= read -r name; do
    grep -qaF -- "$name" "$plain" && ok || bad "the plaintext demo lacks '$name' (the check would prove nothing)"
    for f in "${raw[@]}"; do
        [ -e "$f" ] || continue
        if grep -qaF -- "$name" "$f"; then bad "'$name' is in the encrypted store $(basename "$f")"; else ok; fi
    done
done <<<"$names"
grep -qaF -- "$canary" "$plain" && ok || bad "the plaintext demo lacks the note canary"
for f in "${raw[@]}"; do
    [ -e "$f" ] || continue
    if grep -qaF -- "$canary" "$f"; then bad "the note canary is in the encrypted store"; else ok; fi
done
finish
