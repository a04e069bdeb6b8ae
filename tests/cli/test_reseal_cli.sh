#!/usr/bin/env bash
# Converting a plaintext practice to an encrypted one (mend key encrypt) and
# re-encrypting an encrypted one under a new data key (mend key reencrypt),
# each stopped half way (--steps, and a SIGKILL) and resumed (mend key
# reseal): meanwhile every other command refuses and mend info says
# "resealing"; afterwards every report, list, search, release and export
# equals the plaintext demo's made at the same clock, no value anywhere in
# the store is under the retired data key, and the converted store holds no
# client name and no note text.
#   test_reseal_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=enc.db
source "$(dirname "$0")/lib.sh"
plain=$work/plain.db
conv=$work/conv.db
key=$work/enc.key
ckey=$work/conv.key
canary="Acute distress after discovery of the affair"
export MEND_NOW=2026-12-01T12:00:00Z

# SQLite: a plaintext demo converted, and the encrypted demo re-encrypted.
# PostgreSQL (one database): its plaintext demo converted, then re-encrypted.
if [ $pg = 1 ]; then conv=$db; fi
run 0 demo --db "$plain" --plaintext --json
run 0 demo --db "$conv" --plaintext --json
if [ $pg = 0 ]; then run 0 demo --db "$db" --key-file "$key" --json; else key=$ckey; fi

P() { "$mend" "$@" --db "$plain" --key-file "" --as staff-okafor 2>&1; }
same_as() { # same_as DB KEY ARGS...: the plaintext demo's answer, and DB's
    local d=$1 k=$2 a b; shift 2
    a=$(P "$@"); b=$("$mend" "$@" --db "$d" --key-file "$k" --as staff-okafor 2>&1)
    if [ "$a" = "$b" ] && [ -n "$a" ]; then ok; else
        bad "mend $* differs between the plaintext demo and $(basename "$d")"
        diff <(echo "$a") <(echo "$b") | head -10
    fi
}
all_same() {
    local d=$1 k=$2
    same_as "$d" "$k" client list --json
    same_as "$d" "$k" couple list --json
    for c in 1 2 3 4 5 6 7; do
        for f in markdown json html; do same_as "$d" "$k" report --case "$c" --format "$f" --date 2026-12-01 --notes yes; done
        same_as "$d" "$k" note list --case "$c" --text yes --json
        same_as "$d" "$k" agreement list --case "$c" --json
        same_as "$d" "$k" phase history --case "$c" --json
        same_as "$d" "$k" flag list --client "$c" --all --json
    done
    same_as "$d" "$k" report --caseload --format json
    for words in affair "intrusive images" boundaries trust nothing-matches-this; do
        same_as "$d" "$k" note search "$words" --json
    done
    same_as "$d" "$k" client show --external-id ehr-1001 --json
    same_as "$d" "$k" fhir export --case 1
}
# Every text value under data key $2 in store $1 (any table, any column).
under_key() {
    local d=$1 id=$2
    /usr/bin/python3 - "$d" "$id" <<'PY'
import subprocess, sys
d, key = sys.argv[1], sys.argv[2]
pg = d.startswith("postgresql://")
def q(sql):
    if pg:
        r = subprocess.run(["psql", "-qAtX", d, "-c", sql], capture_output=True, text=True, check=True)
    else:
        r = subprocess.run(["sqlite3", d, sql], capture_output=True, text=True, check=True)
    return [l for l in r.stdout.splitlines() if l]
if pg:
    cols = [l.split("|") for l in q("SELECT table_name, column_name FROM information_schema.columns"
                                     " WHERE table_schema = current_schema() AND data_type = 'text'")]
else:
    cols = []
    for t in q("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
               " AND name NOT LIKE 'note_fts%'"):
        for line in q(f"PRAGMA table_info({t})"):
            cols.append([t, line.split("|")[1]])
n = 0
for t, c in cols:
    n += int(q(f"SELECT COUNT(*) FROM {t} WHERE substr({c}, 1, {len('mend:e1:') + len(key) + 1}) = 'mend:e1:{key}:'")[0])
print(n)
PY
}

# --- a plaintext practice converted: two batches, then a kill, then resumed.
{
    run 0 key create "$ckey"
    run 0 key adopt --db "$conv" --key-file "$ckey" --as staff-okafor
    run 0 key encrypt --db "$conv" --key-file "$ckey" --as staff-okafor --batch 7 --steps 2 --json
    remaining=$(json 'd["remaining"]')
    [ "$remaining" -gt 0 ] && ok || bad "two batches of 7 should leave rows to go: $out"
    run 0 info --db "$conv" --key-file "$ckey" --json
    is 'd["keys"]' resealing
    run 1 client list --db "$conv" --key-file "$ckey" --as staff-okafor
    has "$err" "re-encrypted"
    run 1 key encrypt --db "$conv" --key-file "$ckey" --as staff-okafor
    run 1 key reseal --db "$conv" --key-file "$ckey" --as staff-reyes
    # A SIGKILL while a batch runs: the job goes on from its last commit.
    "$mend" key reseal --db "$conv" --key-file "$ckey" --as staff-okafor --batch 1 >/dev/null 2>&1 &
    sleep 0.3; kill -9 $! 2>/dev/null; wait $! 2>/dev/null
    run 0 key reseal --db "$conv" --key-file "$ckey" --as staff-okafor --batch 50 --json
    is 'd["remaining"]' 0
    run 0 info --db "$conv" --key-file "$ckey" --json
    is 'd["keys"]' held
    all_same "$conv" "$ckey"
    [ "$(under_key "$conv" 1)" -gt 100 ] && ok || bad "the converted store should be sealed under data key 1"
    names=$(P client list --json | /usr/bin/python3 -c '
import json, sys
for c in json.load(sys.stdin):
    for k in ("given_name", "family_name", "email", "phone", "external_id"):
        if c.get(k) and len(c[k]) >= 4: print(c[k])' | sort -u)
    [ "$(wc -l <<<"$names")" -ge 8 ] && ok || bad "too few client names to look for"
    if [ $pg = 1 ]; then
        pg_dump "$db" >"$work/dump.sql" 2>"$work/dump.err" || bad "pg_dump: $(cat "$work/dump.err")"
        raw=("$work/dump.sql")
    else
        raw=("$conv" "$conv-wal")
    fi
    while IFS= read -r name; do
        for f in "${raw[@]}"; do
            [ -e "$f" ] || continue
            if grep -qaF -- "$name" "$f"; then bad "'$name' is still in $(basename "$f")"; else ok; fi
        done
    done <<<"$names"
    for f in "${raw[@]}"; do
        [ -e "$f" ] || continue
        if grep -qaF -- "$canary" "$f"; then bad "the note canary is still in $(basename "$f")"; else ok; fi
    done
}

# --- the encrypted demo re-encrypted under data key 2: stopped, killed, resumed.
run 0 key reencrypt --db "$db" --key-file "$key" --as staff-okafor --batch 5 --steps 3 --json
[ "$(json 'd["remaining"]')" -gt 0 ] && ok || bad "three batches of 5 should leave rows to go: $out"
# At most 3 more rows (--steps 3), so the job is still under way however
# fast the machine finishes before the kill.
"$mend" key reseal --db "$db" --key-file "$key" --as staff-okafor --batch 1 --steps 3 >/dev/null 2>&1 &
sleep 0.3; kill -9 $! 2>/dev/null; wait $! 2>/dev/null
run 0 info --db "$db" --key-file "$key" --json
is 'd["keys"]' resealing
run 0 key reseal --db "$db" --key-file "$key" --as staff-okafor --json
is 'd["remaining"]' 0
[ "$(under_key "$db" 1)" = 0 ] && ok || bad "values under the retired data key 1 remain: $(under_key "$db" 1)"
[ "$(under_key "$db" 2)" -gt 100 ] && ok || bad "the store should be sealed under data key 2"
[ "$(sql "SELECT state || ':' || (length(wrapped) > 0) FROM data_key ORDER BY id" | tr '\n' ' ')" = "retired:0 active:1 " ] ||
    [ "$(sql "SELECT state || ':' || (length(wrapped) > 0) FROM data_key ORDER BY id" | tr '\n' ' ')" = "retired:false active:true " ] &&
    ok || bad "data keys: $(sql "SELECT id, state, length(wrapped) FROM data_key")"
all_same "$db" "$key"
run 0 note verify --db "$db" --key-file "$key" --as staff-okafor --json
is 'd["ok"]' True
run 0 audit verify --db "$db" --key-file "$key" --as staff-okafor --json
is 'd["ok"]' True
finish
