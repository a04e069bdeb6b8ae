#!/usr/bin/env bash
# Keys on the command line: `mend key create`, `mend init --key-file`, the
# keyed audit chain (`mend audit checkpoint|verify`), `mend info` without
# the key, `mend key adopt` on a plaintext practice, and the keyed demo.
#   test_keys_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=keys.db
source "$(dirname "$0")/lib.sh"
key=$work/practice.key

# --- init makes the key file (mode 0600) and a keyed practice.
run 0 init --db "$db" --admin Admin --external-id admin --key-file "$key"
[ "$(stat -c %a "$key")" = 600 ] && ok || bad "key file mode $(stat -c %a "$key")"
export MEND_DB=$db MEND_ACTOR=admin MEND_KEY_FILE=$key
run 0 info --json
is 'd["keys"]' held
run 0 client create --given Kit --family Keyed --json; kit=$(json 'd["id"]')
run 0 audit verify --json
is '(d["ok"], d["keyed"], d["first_bad_seq"], d["reason"])' "(True, True, None, None)"
run 0 audit verify
has "$out" "the chain verifies"
run 0 audit checkpoint
checkpoint=$out
has "$checkpoint" "mend-audit-checkpoint.v1."
run 0 client create --given Lou --family Later
run 0 audit verify --checkpoint "$checkpoint"
has "$out" "reaches the checkpoint"
run 1 audit verify --checkpoint "not a checkpoint"
has "$err" "MEND_EINVAL"
run 0 audit verify --checkpoint ""
lacks "$out" "reaches the checkpoint"

# --- without the key file: identified, not read.
MEND_KEY_FILE= run 0 info --db "$db" --json
is '(d["keys"], d["schema_version"] > 0, d["timezone"])' "('missing', True, None)"
MEND_KEY_FILE= run 1 client show "$kit"
has "$err" "MEND_EKEY"
MEND_KEY_FILE= run 1 audit verify
has "$err" "MEND_EKEY"
run 0 info --key-file "$work/no-such.key" --json
is '(d["keys"], d["schema_version"] > 0, "no key file" in d["keys_refused"])' "('missing', True, True)"
chmod 644 "$key"
run 1 client show "$kit"
has "$err" "0600"
chmod 600 "$key"
run 0 key create "$work/other.key"
run 1 client show "$kit" --key-file "$work/other.key"
has "$err" "MEND_EKEY"

# --- a new generation in the key file; adopting it moves the chain on.
run 0 key create
grep -q '^audit 2 ' "$key" && ok || bad "no second audit key in the key file"
run 0 info --json
is 'd["keys"]' held
run 0 key adopt --json
is 'd["adopted"]' True
run 0 key rewrap --json
is 'd["rewrapped"]' 1
run 1 key rewrap
has "$err" "MEND_ESTATE"
grep -v '^wrap 1 ' "$key" >"$work/no-wrap-1.key"; chmod 600 "$work/no-wrap-1.key"
run 0 client show "$kit" --key-file "$work/no-wrap-1.key" --json
is 'd["family_name"]' Keyed
run 1 key adopt
has "$err" "MEND_ESTATE"
run 0 audit verify --json
is '(d["ok"], 0 < d["events_chained"] <= d["events_checked"])' "(True, True)"

# --- raw SQL edits an event: verify names it, exits 1, refuses a checkpoint.
if [ $pg = 1 ]; then sql "ALTER TABLE audit_event DISABLE TRIGGER USER" >/dev/null
else sql "DROP TRIGGER audit_event_no_update"; fi
seq=$(sql "SELECT MIN(seq) FROM audit_event WHERE object_type = 'client'")
sql "UPDATE audit_event SET action = 'read' WHERE seq = $seq" >/dev/null
run 1 audit verify --json
is '(d["ok"], d["first_bad_seq"], d["reason"])' "(False, $seq, 'mac_mismatch')"
run 1 audit verify
has "$out" "BROKEN at event $seq"
run 1 audit checkpoint
has "$err" "MEND_ESTATE"

# --- a plaintext practice adopts keys.
if [ $pg = 0 ]; then
    plain=$work/plain.db
    run 0 init --db "$plain" --admin Admin --external-id admin --key-file ""
    MEND_KEY_FILE= run 0 client create --db "$plain" --given Pat --family Plain --json; pat=$(json 'd["id"]')
    MEND_KEY_FILE= run 1 audit verify --db "$plain"
    has "$out" "keeps no keyed audit chain"
    run 0 info --db "$plain" --json
    is 'd["keys"]' unregistered
    run 1 client show "$pat" --db "$plain"
    has "$err" "MEND_EKEY"
    run 0 key adopt --db "$plain"
    run 0 client show "$pat" --db "$plain" --json
    is 'd["given_name"]' Pat
    run 0 audit verify --db "$plain" --json
    is 'd["ok"]' True

    # --- the demo is keyed, beside its database; --plaintext is not.
    unset MEND_KEY_FILE MEND_DB MEND_ACTOR
    run 0 demo --db "$work/demo.db" --json
    is 'd["key_file"]' "$work/demo.key"
    [ "$(stat -c %a "$work/demo.key")" = 600 ] && ok || bad "demo key file mode"
    run 0 demo --db "$work/demo.db" --force
    has "$out" "export MEND_KEY_FILE=$work/demo.key"
    run 1 case list --db "$work/demo.db" --as staff-reyes
    has "$err" "MEND_EKEY"
    run 0 case list --db "$work/demo.db" --as staff-reyes --key-file "$work/demo.key" --json
    is 'len(d)' 4
    run 0 audit verify --db "$work/demo.db" --as staff-okafor --key-file "$work/demo.key" --json
    is 'd["ok"]' True
    run 2 demo --db "$work/plain-demo.db" --plaintext --key-file "$work/x.key"
    run 0 demo --db "$work/plain-demo.db" --plaintext --json
    is 'd["key_file"]' None
    run 0 info --db "$work/plain-demo.db" --json
    is 'd["keys"]' none
fi
finish
