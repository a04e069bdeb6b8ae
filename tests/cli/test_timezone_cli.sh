#!/usr/bin/env bash
# The practice's time zone and the host's clock from the command line:
# init --timezone, practice timezone|set-timezone, info, --now and MEND_NOW.
#   test_timezone_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=tz.db
source "$(dirname "$0")/lib.sh"
unset MEND_NOW MEND_ACTOR
export MEND_DB=$db

run 0 practice --help;           has "$out" "usage: mend practice"
run 0 init --help;               has "$out" "--timezone"
run 0 --help;                    has "$out" "--now TIME"

# An unknown zone: refused, clearly, and nothing is set up.
run 1 init --admin "Dr. Root" --external-id root --timezone Mars/Olympus_Mons
has "$err" "MEND_EINVAL"; has "$err" "time zone"; lacks "$err" "Mars"; one_line
[ "$(sql 'SELECT COUNT(*) FROM clinician')" = 0 ] && ok || bad "a clinician was left behind"
run 0 info --json;               is 'd["timezone"]' UTC

run 0 init --admin "Dr. Root" --external-id root --timezone America/Chicago --json
run 0 info --json;               is 'd["timezone"]' America/Chicago
run 0 practice timezone;         [ "$out" = America/Chicago ] && ok || bad "practice timezone: $out"
[ "$(sql 'SELECT time_zone FROM practice')" = America/Chicago ] && ok || bad "stored zone"

# 02:00 UTC is 8 pm the day before in Chicago: that is "today".
run 0 info --now 2026-11-03T02:00:00Z --json; is 'd["today"]' 2026-11-02
MEND_NOW=2026-11-03T02:00:00Z run 0 info --json; is 'd["today"]' 2026-11-02
run 0 info --now 2026-11-03T06:00:00Z --json; is 'd["today"]' 2026-11-03
# --now wins over MEND_NOW.
MEND_NOW=2030-01-01T12:00:00Z run 0 info --now 2026-11-03T02:00:00-00:00 --json
is 'd["today"]' 2026-11-02
for bad_now in garbage 2026-11-03 2026-11-03T02:00:00 2026-11-03T25:00:00Z; do
    run 1 info --now "$bad_now"; has "$err" "MEND_EINVAL"; has "$err" "now"; one_line
done
MEND_NOW=2026-11-03T02:00 run 1 info; has "$err" "MEND_EINVAL"

export MEND_ACTOR=root MEND_NOW=2026-11-03T02:00:00Z
run 0 client create --given Sam --family Rivera --json; client=$(json 'd["id"]')
run 0 measure create --client "$client" --instrument phq9 --items 0,0,0,0,0,0,0,0,0 --json
is 'd["administered_on"]' 2026-11-02
run 1 measure create --client "$client" --instrument phq9 --items 0,0,0,0,0,0,0,0,0 --date 2026-11-03
has "$err" "MEND_EINVAL"
run 0 case create --kind individual --client "$client" --json
run 0 case show "$(json 'd["id"]')" --json; is 'd["opened_on"]' 2026-11-02
run 0 audit list --json;         is 'd[-1]["at"]' 2026-11-03T02:00:00.000000Z

# Session starts: the practice's local time, or a time with its offset.
run 0 case create --kind individual --client "$client" --opened 2026-01-01 --json; kase=$(json 'd["id"]')
for at in 2026-11-02T20:00 2026-11-03T02:00:00Z 2026-11-02T20:00-06:00; do
    run 0 session create --case "$kase" --at "$at" --minutes 45 --participants "$client" --cpt 90834 --json
    run 0 session show "$(json 'd["id"]')" --json
    is '(d["starts_at"], d["utc_offset"], d["starts_at_utc"])' \
       "('2026-11-02T20:00', '-06:00', '2026-11-03T02:00:00Z')"
done
run 0 session list --case "$kase"; has "$out" "-06:00"
run 1 session create --case "$kase" --at 2026-03-08T02:30 --minutes 45 --participants "$client" --cpt 90834
has "$err" "MEND_EINVAL"; has "$err" "time zone"
run 1 session create --case "$kase" --at 2026-11-03T09:00 --minutes 45 --participants "$client" --cpt 90834
has "$err" "MEND_EINVAL"

# Only admins change the zone; unknown zones are refused and change nothing.
run 0 clinician create --name "Jo Kim" --external-id jo
run 1 practice set-timezone Europe/Berlin --as jo; has "$err" "MEND_EDENIED"; one_line
run 1 practice set-timezone Mars/Olympus_Mons; has "$err" "MEND_EINVAL"; lacks "$err" "Mars"
run 2 practice set-timezone ""; has "$err" "needs a zone"
run 2 practice set-timezone;     has "$err" "needs a zone"
run 2 practice frobnicate;       has "$err" "unknown subcommand"
run 0 practice timezone;         [ "$out" = America/Chicago ] && ok || bad "zone changed: $out"
run 0 practice set-timezone Europe/Berlin --json; is 'd["timezone"]' Europe/Berlin
run 0 info --now 2026-12-31T23:30:00Z --json; is 'd["today"]' 2027-01-01; is 'd["timezone"]' Europe/Berlin
run 0 audit list --json
is '[(e["action"], e["object_type"], e["outcome"]) for e in d if e["object_type"] == "practice"]' \
   "[('init', 'practice', 'ok'), ('update', 'practice', 'ok'), ('update', 'practice', 'denied'), ('update', 'practice', 'ok')]"

finish
