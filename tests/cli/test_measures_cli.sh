#!/usr/bin/env bash
# `mend measure`, `mend safety` and `mend flag`, end to end.
#   test_measures_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=measures.db
source "$(dirname "$0")/lib.sh"

run 0 init --db "$db" --admin Admin --external-id admin
export MEND_DB=$db MEND_ACTOR=admin
run 0 clinician create --name "Cli Nician" --external-id cn
run 0 client create --given Ana --family Reyes --as cn --json;  ana=$(json 'd["id"]')
run 0 client create --given Ben --family Reyes --as cn --json;  ben=$(json 'd["id"]')

run 0 measure instruments --json
is 'sorted(i["code"] for i in d)' "['csi16', 'csi4', 'felt_safety', 'gad7', 'pcl5', 'phq9']"
is '[i for i in d if i["code"] == "pcl5"][0]["items"]' 20
run 0 measure instrument phq9;  has "$out" "Kroenke"

# PHQ-9: score, band, cut-off, and the item-9 flag.
run 0 measure create --as cn --client "$ana" --instrument phq9 --items 2,2,2,2,2,1,1,1,1 --date 2026-09-01 --json
is 'd["total"]' 14.0
is 'd["band"]' moderate
is 'd["cutoffs"][0]["met"]' True
is '[f["code"] for f in d["flags"]]' "['suicidal_ideation']"
first=$(json 'd["id"]')
run 0 measure create --as cn --client "$ana" --instrument phq9 --items 1,1,1,1,1,1,1,1,0 --date 2026-10-01 --json
is 'd["total"]' 8.0
second=$(json 'd["id"]')
run 0 measure change --as cn --from "$first" --to "$second" --json
is 'd["classification"]' recovered
is 'd["delta"]' -6.0
run 0 measure series --as cn --client "$ana" --instrument phq9 --json
is 'len(d["points"])' 2
is 'd["points"][1]["change_from_previous"]["direction"]' improved
run 0 measure series --as cn --client "$ana" --instrument phq9;  has "$out" "recovered"

# Missing items: no total, an unknown flag for a blank safety item; prorating on request.
run 0 measure create --as cn --client "$ben" --instrument phq9 --items 1,1,1,1,1,1,1,-,- --json
is 'd["total"]' None
is '[f["code"] for f in d["flags"]]' "['suicidal_ideation_unknown']"
run 0 measure create --as cn --client "$ben" --instrument phq9 --items 2,2,2,2,2,2,-,-,0 --prorate yes --json
is 'd["total"]' 15.0
is 'd["prorated"]' True
run 1 measure create --as cn --client "$ben" --instrument pcl5 --items 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,- --prorate yes
has "$err" "no prorating rule"

# Bad input changes nothing.
run 1 measure create --as cn --client "$ana" --instrument phq9 --items 1,1,1,1,1,1,1,1,4;  has "$err" "outside 0..3"
run 1 measure create --as cn --client "$ana" --instrument phq9 --items 1,1,1;              has "$err" "MEND_EINVAL"
run 1 measure create --as cn --client "$ana" --instrument nope --items 1;                  has "$err" "MEND_ENOTFOUND"
run 1 measure create --as cn --client "$ana" --instrument phq9 --items 0,0,0,0,0,0,0,0,0 --date 2026-02-30; has "$err" "MEND_EINVAL"
run 2 measure create --as cn --client "$ana" --instrument phq9 --items 1,x;                has "$err" "whole number"
run 0 measure series --as cn --client "$ana" --instrument phq9 --json
is 'len(d["points"])' 2

# PCL-5: DSM-5 rule and cut-off reported separately; the cut-off is configurable 31..33.
run 0 measure create --as cn --client "$ana" --instrument pcl5 --items 2,0,0,0,0,2,0,2,2,0,0,0,0,0,2,2,0,0,0,0 --json
is 'd["total"]' 12.0
is 'd["symptom_rule"]["met"]' True
is 'd["cutoffs"][0]["met"]' False
is 'd["band"]' None
run 1 measure set-cutoff --as cn --instrument pcl5 --cutoff probable_ptsd --value 32;  has "$err" "MEND_EDENIED"
run 1 measure set-cutoff --instrument pcl5 --cutoff probable_ptsd --value 30;          has "$err" "between 31 and 33"
run 0 measure set-cutoff --instrument pcl5 --cutoff probable_ptsd --value 31
run 0 measure instrument pcl5
run 0 measure create --as cn --client "$ana" --instrument pcl5 --items 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,1,0,0,0,0 --json
is 'd["total"]' 31.0
is 'd["cutoffs"][0]["value"]' 31.0
is 'd["cutoffs"][0]["met"]' True

# Held over time (what the gates read): PHQ-9 below 10.
run 0 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '<' --value 10 --json
is 'd["met"]' True
is '[p["total"] for p in d["evidence"]]' "[8.0]"
run 0 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '<' --value 10 --count 2 --min-days 14 --json
is 'd["met"]' False
is 'd["found"]' 1
run 0 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '<' --value 10; has "$out" "held (1 of 1)"
run 1 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '=' --value 10; has "$err" "comparator"
run 2 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '<' --value ten; has "$err" "needs a number"
run 1 measure sustained --as cn --client "$ana" --instrument phq9 --comparator '<' --value 10 --count 0; has "$err" "1 to 100"
# Host-loaded instrument with a Jacobson-Truax rule.
cat >"$work/trust.json" <<'JSON'
{"code": "dyadic_trust", "version": 1, "name": "Dyadic trust (practice licence)", "higher_is_better": true,
 "items": [{"number": 1, "min": 1, "max": 7}, {"number": 2, "min": 1, "max": 7, "reverse": true}],
 "reliable_change": {"method": "jacobson_truax", "sd": 2.0, "reliability": 0.9}}
JSON
run 1 measure load "$work/trust.json" --as cn;  has "$err" "MEND_EDENIED"
run 0 measure load "$work/trust.json"
run 1 measure load "$work/trust.json";          has "$err" "MEND_EEXISTS"
echo '{"code": "broken", "name": "x", "items": [{"number": 1, "min": 5, "max": 2}]}' >"$work/broken.json"
run 1 measure load "$work/broken.json";         has "$err" "items[0].max"
run 0 measure create --as cn --client "$ana" --instrument dyadic_trust --items 2,6 --json
is 'd["total"]' 4.0
is 'd["items"][1]["score"]' 2

# Safety screens and flags.
run 0 safety create --as cn --client "$ben" --ipv current --ipv-instrument HITS --suicide none --json
run 0 safety create --as cn --client "$ben" --ipv none --suicide unknown
run 1 safety create --as cn --client "$ben" --ipv maybe --suicide none;  has "$err" "ipv must be one of"
run 0 safety list --as cn --client "$ben" --json
is 'len(d)' 2
run 0 flag list --as cn --client "$ben" --json
is 'sorted(f["code"] for f in d)' "['ipv_current', 'suicidal_ideation_unknown', 'suicide_risk_unknown']"
flag=$(json '[f["id"] for f in d if f["code"] == "ipv_current"][0]')
run 1 flag resolve "$flag" --as cn --note "";  has "$err" "note is required"
run 0 flag resolve "$flag" --as cn --note "Safety plan in place; individual sessions only"
run 1 flag resolve "$flag" --as cn --note "again";  has "$err" "MEND_ESTATE"
run 0 flag list --as cn --client "$ben" --json
is 'len(d)' 2
run 0 flag list --as cn --client "$ben" --all --json
is '[f["resolution_note"] for f in d if f["status"] == "resolved"]' "['Safety plan in place; individual sessions only']"
run 0 clinician create --name "Other" --external-id other
# A client they may not see answers exactly as a missing one does.
run 1 flag list --as other --client "$ben"
[ "$err" = "mend: error: no client has that id (MEND_ENOTFOUND)" ] && ok || bad "hidden client: $err"
run 1 flag list --as other --client 999999
[ "$err" = "mend: error: no client has that id (MEND_ENOTFOUND)" ] && ok || bad "missing client: $err"
run 1 measure series --as other --client "$ana" --instrument phq9
[ "$err" = "mend: error: no client has that id (MEND_ENOTFOUND)" ] && ok || bad "hidden client: $err"
run 1 flag resolve "$flag" --as other --note "x"
[ "$err" = "mend: error: no safety flag has that id (MEND_ENOTFOUND)" ] && ok || bad "hidden flag: $err"
run 1 flag resolve 999999 --as other --note "x"
[ "$err" = "mend: error: no safety flag has that id (MEND_ENOTFOUND)" ] && ok || bad "missing flag: $err"

finish
