#!/usr/bin/env bash
# The `mend` command line, end to end: every command, its JSON, its exit codes.
#   test_cli.sh MEND_BINARY [DATABASE]
# DATABASE defaults to a temp SQLite file; a postgresql:// URL is emptied first.
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=cli.db
source "$(dirname "$0")/lib.sh"

run 0 --version;                 has "$out" "mend 0."
run 0 --help;                    has "$out" "usage: mend COMMAND"
run 2;                           has "$out" "Commands:"
for c in init demo clinician client couple case audit; do
    run 0 "$c" --help;           has "$out" "usage: mend $c"
done
run 2 frobnicate;                has "$err" "unknown command"
run 2 client create --db "$db" --as 1 --bogus x; has "$err" "unknown option --bogus"; one_line
run 2 client create --db "$db" --as 1 --given;   has "$err" "--given needs a value"
run 2 client show;               has "$err" "--db"

# A new practice and its first admin.
run 2 init --db "$db";           has "$err" "--admin"
run 0 init --db "$db" --admin "Dr. Root" --external-id root --name "CLI Practice" --json
[ "$(json 'd["admin_id"]')" = 1 ] && ok || bad "admin id: $out"
run 1 init --db "$db" --admin "Again"; has "$err" "MEND_ESTATE"; one_line
run 0 info --db "$db" --json
is 'd["schema_version"] >= 6 and d["actor_id"] is None and d["timezone"] == "UTC"' True
[ $pg = 1 ] && is 'd["backend"]' postgresql || is 'd["backend"]' sqlite
run 0 info --db "$db" --as root --json; is 'd["actor_id"]' 1
run 1 info --db "$db" --as nobody; has "$err" "MEND_ENOTFOUND"
run 2 client list --db "$db";    has "$err" "--as"

export MEND_DB=$db MEND_ACTOR=root
run 0 clinician create --name "Jo Kim" --credentials LMFT --external-id jo --json
jo=$(json 'd["id"]')
run 0 clinician create --name "Sup Visor" --role supervisor --external-id sup
run 0 clinician list;            has "$out" "Jo Kim"; has "$out" "Sup Visor"
run 0 clinician show "$jo" --json; [ "$(json 'd["credentials"]')" = LMFT ] && ok || bad "credentials"
run 1 clinician create --name "Nope" --as jo; has "$err" "MEND_EDENIED"; one_line

# Clients: add, show (by id and external id), update, archive, bad input.
run 0 client create --as jo --given "Zoë" --family "Ødegård" --dob 1988-04-01 --external-id pt-1 --json
zoe=$(json 'd["id"]')
run 0 client create --as jo --given "Robert'); DROP TABLE client;--" --family "王" --json
bobby=$(json 'd["id"]')
run 0 client show "$bobby" --as jo --json
[ "$(json 'd["given_name"]')" = "Robert'); DROP TABLE client;--" ] && ok || bad "metacharacters round trip: $out"
[ "$(json 'd["family_name"]')" = "王" ] && ok || bad "unicode round trip"
run 0 client show --external-id pt-1 --as jo; has "$out" "Ødegård"
run 1 client create --as jo --given A --family B --external-id pt-1; has "$err" "MEND_EEXISTS"
run 1 client create --as jo --given A --family B --dob 2023-02-29; has "$err" "MEND_EINVAL"
run 1 client create --as jo --given "$(printf 'bad\xff')" --family B; has "$err" "MEND_EENCODING"
run 1 client show 999999 --as jo; has "$err" "MEND_ENOTFOUND"
run 2 client show abc --as jo;   has "$err" "whole number"
run 0 client update "$zoe" --as jo --preferred "Zo" --email "zoe@example.org"
run 0 client show "$zoe" --as jo --json
[ "$(json 'd["preferred_name"]')" = Zo ] && ok || bad "update preferred"
run 0 client update "$zoe" --as jo --preferred ""
run 0 client show "$zoe" --as jo --json
[ "$(json 'd["preferred_name"]')" = None ] && ok || bad "clear preferred"
run 2 client show "$zoe" --as sup --as jo; has "$err" "given twice"

# Another clinician cannot see Jo's clients; the supervisor can.
run 0 clinician create --name "Other" --external-id other --json
other=$(json 'd["id"]')
# A client they may not see answers exactly as a missing one does, by id
# and by external id.
run 1 client show "$zoe" --as other; has "$err" "MEND_ENOTFOUND"; lacks "$err" "Zoë"
hidden_err=$err
run 1 client show 999999 --as other
[ "$err" = "$hidden_err" ] && ok || bad "hidden client answers as a missing one: $err / $hidden_err"
run 1 client show --external-id pt-1 --as other; has "$err" "MEND_ENOTFOUND"
hidden_err=$err
run 1 client show --external-id no-such --as other
[ "$err" = "$hidden_err" ] && ok || bad "hidden external id answers as a missing one: $err / $hidden_err"
run 1 client update "$zoe" --as other --given X
[ "$err" = "mend: error: no client has that id (MEND_ENOTFOUND)" ] && ok || bad "hidden client update: $err"
run 0 client show "$zoe" --as sup;  has "$out" "Zoë"
run 0 client list --as other --json; [ "$(json 'len(d)')" = 0 ] && ok || bad "other sees nothing"

# Couples and cases.
run 0 client create --as jo --given Kai --family Ødegård --json
kai=$(json 'd["id"]')
run 1 couple create --as jo --a "$zoe" --b "$kai"; has "$err" "secrets_policy"
run 1 couple create --as jo --a "$zoe" --b "$zoe" --secrets confidential; has "$err" "distinct"
run 0 couple create --as jo --a "$zoe" --b "$kai" --secrets confidential --children 2 --since 2010-06-01 --json
couple=$(json 'd["id"]')
run 0 couple show "$couple" --as jo --json
[ "$(json 'd["secrets_policy"]')" = confidential ] && ok || bad "policy"
[ "$(json 'd["children_in_household"]')" = 2 ] && ok || bad "children"
run 2 couple update "$couple" --as jo --children 99; has "$err" "between 0 and 30"
run 0 couple update "$couple" --as jo --status separated
run 0 couple list --as jo --client "$kai" --json; [ "$(json 'd[0]["relationship_status"]')" = separated ] && ok || bad "couple list"
run 0 case create --as jo --kind conjoint --couple "$couple" --opened 2026-09-01 --json
conjoint=$(json 'd["id"]')
run 0 case create --as jo --kind individual --client "$zoe" --linked-case "$conjoint" --json
indiv=$(json 'd["id"]')
run 1 case create --as jo --kind individual --client "$bobby" --linked-case "$conjoint"; has "$err" "MEND_ECONSTRAINT"
run 0 case list --as jo --couple "$couple" --json; [ "$(json 'len(d)')" = 1 ] && ok || bad "case filter"
run 0 case update "$indiv" --as jo --status closed --json
run 0 case show "$indiv" --as jo --json
[ "$(json 'd["status"]')" = closed ] && ok || bad "closed"
[ "$(json 'd["closed_on"] is not None')" = True ] && ok || bad "closed_on set"
run 1 case update "$conjoint" --as jo --clinician "$other"; has "$err" "MEND_EDENIED"
run 0 case update "$conjoint" --as root --clinician "$other"
run 1 case show "$conjoint" --as jo; has "$err" "MEND_ENOTFOUND"
hidden_err=$err
run 1 case show 999999 --as jo
[ "$err" = "$hidden_err" ] && ok || bad "hidden case answers as a missing one: $err / $hidden_err"
run 0 case update "$conjoint" --as root --clinician "$jo"
run 0 case archive "$indiv" --as jo
run 0 case list --as jo --json;      [ "$(json 'len(d)')" = 1 ] && ok || bad "archived hidden"
run 0 case list --as jo --all --json; [ "$(json 'len(d)')" = 2 ] && ok || bad "--all shows archived"
run 0 client archive "$bobby" --as jo
run 1 client update "$bobby" --as jo --given X; has "$err" "MEND_ESTATE"

# The audit log: admins read it, clinicians may not; refusals are in it.
run 1 audit list --as jo;         has "$err" "MEND_EDENIED"
run 0 audit list --limit 10000 --json
[ "$(json 'sum(1 for e in d if e["outcome"] == "denied" and e["object_type"] == "case" and e["action"] == "update")')" -ge 1 ] && ok || bad "denied update audited"
# The hidden look-ups and the missing ones are both audited, alike.
[ "$(json '[e["action"] for e in d if e["outcome"] == "not_found" and e["object_type"] == "client" and e["object_id"] == '"$zoe"']')" = "['read', 'read', 'update']" ] && ok || bad "hidden client look-ups audited not_found"
[ "$(json 'sum(1 for e in d if e["outcome"] == "not_found" and e["object_type"] == "client" and e["object_id"] == 999999)')" = 2 ] && ok || bad "missing client look-up audited not_found"
[ "$(json 'sum(1 for e in d if e["outcome"] == "not_found" and e["object_type"] == "case" and e["object_id"] in (999999, '"$conjoint"'))')" = 2 ] && ok || bad "case look-ups audited not_found"
[ "$(json 'sum(1 for e in d if e["action"] == "read" and e["object_type"] == "client" and e["object_id"] == '"$zoe"')')" -ge 3 ] && ok || bad "reads audited"
lacks "$out" "Zoë"

# demo: refuses to overwrite without --force (SQLite only).
if [[ "$db" != postgresql://* ]]; then
    unset MEND_DB MEND_ACTOR
    run 0 demo --db "$work/demo.db" --json; [ "$(json 'd["cases"]')" = 7 ] && ok || bad "demo summary"
    run 1 demo --db "$work/demo.db";  has "$err" "--force"
    run 0 demo --db "$work/demo.db" --force; has "$out" "Try:"
    export MEND_KEY_FILE=$work/demo.key  # the demo's keys, beside it
    run 0 case list --db "$work/demo.db" --as staff-reyes --json; [ "$(json 'len(d)')" = 4 ] && ok || bad "demo reyes cases"
    # The demo passes its own gates: every advance kept an open gate, as of
    # its own date, and the one override lists every criterion it passed over.
    advances=0 overrides=()
    for k in $(seq 1 7); do
        out=$("$mend" phase history --db "$work/demo.db" --as staff-okafor --case "$k" --json 2>/dev/null) || continue
        for row in $(json '" ".join("%s:%s:%s:%d" % (e["kind"], e["evaluation"]["as_of"] == e["entered_on"], e["evaluation"]["transitions"][0]["open"], len((e["unmet"] or {}).get("criteria", []))) for e in d["entries"] if e["kind"] in ("advance", "override"))'); do
            case "$row" in
                advance:True:True:0) advances=$((advances + 1)) ;;
                override:True:False:*) overrides+=("$row") ;;
                *) bad "demo case $k: $row" ;;
            esac
        done
    done
    [ "$advances" = 11 ] && ok || bad "demo advances: $advances"
    [ "${overrides[*]}" = "override:True:False:2" ] && ok || bad "demo overrides: ${overrides[*]}"
fi

finish
