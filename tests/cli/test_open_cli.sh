#!/usr/bin/env bash
# Opening never creates a database by accident, and never changes one that
# is not mend's: only `mend init` and `mend demo` create; any other command on
# a mistyped path says "no mend database at PATH" and leaves no file; another
# application's SQLite file and a truncated practice file are refused and
# stay byte for byte as they were.
#   test_open_cli.sh MEND_BINARY [DATABASE]
# DATABASE defaults to a temp SQLite file; a postgresql:// URL is emptied first.
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=open.db
source "$(dirname "$0")/lib.sh"
unset MEND_DB MEND_ACTOR MEND_NOW

# No file, and no journal files, at $1.
no_files() {
    local f
    for f in "$1" "$1-wal" "$1-shm" "$1-journal"; do
        [ -e "$f" ] && bad "$f was left behind" || ok
    done
}
# mend info and mend client list on $1 fail with exit 1 and $2 in stderr.
refused() {
    run 1 info --db "$1"; has "$err" "$2"; one_line
    run 1 client list --db "$1" --as 1; has "$err" "$2"
}

# --- Nothing there: refused, nothing created; mend init creates.
if [ $pg = 1 ]; then
    refused "$db" "no mend database at postgresql://"
    has "$err" "(MEND_ENOTFOUND)"
    [ "$(sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")" = 0 ] &&
        ok || bad "tables were created"
else
    typo="$work/typo.db"
    refused "$typo" "no mend database at $typo"
    has "$err" "(MEND_ENOTFOUND)"
    lacks "$err" "no clinician"
    no_files "$typo"
    run 1 info --db "$typo" --json
    [ "$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["code"])' <<<"$err")" = MEND_ENOTFOUND ] &&
        ok || bad "json error: $err"
    no_files "$typo"
    # An empty file is no database either, and stays empty.
    : >"$work/empty.db"
    refused "$work/empty.db" "no mend database at $work/empty.db"
    [ ! -s "$work/empty.db" ] && ok || bad "the empty file was written to"
fi
run 0 init --db "$db" --admin "Dr. Root" --json
is 'd["admin_id"]' 1
run 0 info --db "$db" --json
is 'd["schema_version"] >= 1' True
run 0 client list --db "$db" --as 1

if [ $pg = 0 ]; then
    # --- Another application's SQLite file: refused by every command, even
    # mend init, and unchanged.
    other="$work/other-app.db"
    sqlite3 "$other" "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER);
                      INSERT INTO invoices (total) VALUES (120), (80);"
    before=$(sha256sum <"$other")
    refused "$other" "not a mend database"
    has "$err" "(MEND_ESCHEMA)"
    run 1 init --db "$other" --admin "Dr. Root"; has "$err" "not a mend database"
    [ "$(sha256sum <"$other")" = "$before" ] && ok || bad "the other application's file changed"
    [ "$(sqlite3 "$other" "SELECT COUNT(*) FROM sqlite_master")" = 1 ] && ok || bad "tables added"
    for f in "$other-wal" "$other-shm" "$other-journal"; do [ -e "$f" ] && bad "$f left" || ok; done

    # --- A truncated practice file: refused, never re-created or changed.
    run 0 client create --db "$db" --as 1 --given Trunc --family Ated
    cut="$work/cut.db"
    head -c 1000 "$db" >"$cut"
    before=$(sha256sum <"$cut")
    refused "$cut" "damaged or not a database"
    has "$err" "(MEND_ESTORE)"
    run 1 init --db "$cut" --admin "Dr. Root"; has "$err" "damaged or not a database"
    [ "$(sha256sum <"$cut")" = "$before" ] && ok || bad "the truncated file changed"
    [ "$(stat -c %s "$cut")" = 1000 ] && ok || bad "the truncated file changed size"
    # Garbage bytes, too.
    head -c 4096 /dev/urandom >"$work/junk.db"
    before=$(sha256sum <"$work/junk.db")
    refused "$work/junk.db" "damaged or not a database"
    [ "$(sha256sum <"$work/junk.db")" = "$before" ] && ok || bad "the junk file changed"

    # --- mend demo creates (it passes the flag); a missing directory is still an error.
    run 0 demo --db "$work/demo.db" --json
    run 0 info --db "$work/demo.db"
    run 1 init --db "$work/no-such-dir/x.db" --admin "Dr. Root"; has "$err" "cannot be opened"
    no_files "$work/no-such-dir/x.db"
fi

finish
