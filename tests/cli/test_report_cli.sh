#!/usr/bin/env bash
# Reports end to end: deterministic output, well-formed self-contained HTML
# whose chart points are the data, the JSON snapshot, the caseload report,
# and the release copy that holds nothing of the other partner's individual
# record (and joint content only with both authorisations).
#   test_report_cli.sh MEND_BINARY [DATABASE]
set -uo pipefail
mend=${1:?path to the mend binary}
db_arg=${2:-}
default_db=report.db
source "$(dirname "$0")/lib.sh"

run 0 init --db "$db" --admin Admin --external-id admin --name "Test Practice"
export MEND_DB=$db MEND_ACTOR=admin
run 0 clinician create --name "Cam Lin" --external-id cam
run 0 clinician create --name "Other One" --external-id other
export MEND_ACTOR=cam
# The history is recorded in date order on mend's clock (at N: N days ago).
at 90
run 0 client create --given Zoë --family Ødegård --json; a=$(json 'd["id"]')
run 0 client create --given Bo --family "O'Brien <b>" --json; b=$(json 'd["id"]')
run 0 couple create --a "$a" --b "$b" --secrets confidential --children 1 --json; couple=$(json 'd["id"]')
run 0 case create --kind conjoint --couple "$couple" --opened "$(day 90)" --json; kase=$(json 'd["id"]')
at 85
run 0 phase start --case "$kase" --protocol betrayal_trauma_couples --betrayed "$a" --on "$(day 85)"
at 84
run 0 safety create --client "$a" --ipv none --suicide none --date "$(day 84)"
run 0 safety create --client "$b" --ipv none --suicide none --date "$(day 84)"
run 0 attestation create --case "$kase" --client "$a" --code conjoint_consent
run 0 attestation create --case "$kase" --client "$b" --code conjoint_consent
at 80
run 0 phase advance --case "$kase" --to safety_stabilisation --on "$(day 80)"
at 60
run 0 measure create --client "$a" --instrument pcl5 --items 3,3,3,3,3,2,2,2,2,2,2,2,2,2,2,1,2,2,2,0 --date "$(day 60)"
at 50
run 0 session create --case "$kase" --at "$(day 50)T10:00" --minutes 50 --participants "$a,$b" --patient "$a" --cpt 90847 --json; s1=$(json 'd["id"]')
at 45
run 0 session create --case "$kase" --at "$(day 45)T10:00" --minutes 45 --participants "$b" --cpt 90834 --json; s2=$(json 'd["id"]')
at 44
run 0 session create --case "$kase" --at "$(day 44)T10:00" --minutes 45 --participants "$a" --cpt 90834 --json; s3=$(json 'd["id"]')
at 40
run 0 measure create --client "$b" --instrument phq9 --items 2,2,2,1,1,1,1,1,0 --date "$(day 40)"
run 0 measure create --client "$b" --instrument csi4 --items 3,2,2,2 --date "$(day 40)"
at 30
run 0 measure create --client "$a" --instrument pcl5 --items 2,2,2,2,2,1,1,1,1,1,1,1,1,1,1,0,1,1,1,1 --date "$(day 30)"
# The notes are written today: late entries.
today
run 0 note create --session "$s1" --format free --text "Joint session: jointcanary discussed the disclosure" --json; n1=$(json 'd["id"]')
run 0 note create --session "$s2" --format free --text "Bo alone: bosecretcanary about the affair" --json; n2=$(json 'd["id"]')
run 0 note create --session "$s3" --format free --text "Zoë alone: zoecanary on sleep" --json; n3=$(json 'd["id"]')
for n in $n1 $n2 $n3; do run 0 note sign "$n"; done
run 0 process-note create --session "$s1" --text "processcanary countertransference"

# Deterministic for the same data and date; HTML is one well-formed,
# script-free file whose chart points are the data.
d=$(date -u +%F)
run 0 report --case "$kase" --format html --date "$d" --out "$work/r1.html"
run 0 report --case "$kase" --format html --date "$d" --out "$work/r2.html"
cmp -s "$work/r1.html" "$work/r2.html" && ok || bad "two renders of the same report differ"
run 0 report --case "$kase" --format html --date "$d" --notes yes --out "$work/r3.html"
/usr/bin/python3 - "$work/r1.html" "$(day 60)" "$(day 30)" <<'PY' && ok || bad "HTML check failed"
import sys, xml.etree.ElementTree as ET
html = open(sys.argv[1], encoding="utf-8").read()
root = ET.fromstring(html.split("\n", 1)[1] if html.startswith("<!DOCTYPE") else html)
assert "<script" not in html.lower()
assert "http://" not in html.replace("http://www.w3.org/", "") and "https://" not in html
points = [(c.get("data-date"), c.get("data-total")) for c in root.iter() if c.tag.endswith("circle") and c.get("class") == "point"]
assert (sys.argv[2], "42") in points and (sys.argv[3], "24") in points, points
cuts = [c.get("data-value") for c in root.iter() if c.get("class") == "cutoff"]
assert "33" in cuts, cuts
assert "Zoë Ødegård" in html and "O&#39;Brien &lt;b&gt;" in html or "O'Brien &lt;b&gt;" in html
PY
lacks "$(cat "$work/r3.html")" "bosecretcanary"
has "$(cat "$work/r3.html")" "jointcanary"
lacks "$(cat "$work/r3.html")" "processcanary"

# The JSON snapshot.
run 0 report --case "$kase" --format json --date "$d"
is 'd["schema"]' mend.report.case/1
is 'd["kind"]' couple_case
is 'd["gate"]["phase"]' safety_stabilisation
is '[p["total"] for m in d["measures"] if m["instrument"] == "pcl5" for p in m["points"]]' "[42.0, 24.0]"
is 'd["sessions"]["total"]' 3
is 'sorted(c["code"] for c in d["sessions"]["by_cpt"])' "['90834', '90847']"
is '[t["phase"] for t in d["phase_timeline"]]' "['intake', 'safety_stabilisation']"
is '[t["entered_on"] for t in d["phase_timeline"]]' "['$(day 85)', '$(day 80)']"
is '[c["id"] for c in d["phase_timeline"][1]["opened_by"]]' "['screened', 'consent', 'no_urgent_flags']"
has "$(json 'd["phase_timeline"][1]["opened_by"][1]["sentence"]')" "recorded yes for Zoë on $(day 84)"
is 'd["release"]' None
run 0 report --case "$kase" --format markdown --date "$d"; has "$out" "# Treatment-phase report"
run 1 report --case "$kase" --as other
[ "$err" = "mend: error: no case has that id (MEND_ENOTFOUND)" ] && ok || bad "hidden case: $err"
run 1 report --case 999999 --as other
[ "$err" = "mend: error: no case has that id (MEND_ENOTFOUND)" ] && ok || bad "missing case: $err"
run 1 report --case "$kase" --format pdf; has "$err" "format must be"
run 2 report; has "$err" "--case ID or --caseload"
run 1 report --case "$kase" --format json --from 2026-02-30; has "$err" "MEND_EINVAL"
run 1 report --case "$kase" --format json --from 2026-10-01 --to 2026-09-01; has "$err" "to is before from"
run 1 report --case "$kase" --format json --date "$(printf '2026-\xff1-01')"; has "$err" "MEND_EENCODING"
run 1 report --case 999999 --format json; has "$err" "MEND_ENOTFOUND"
run 1 report --case "$kase" --format html --out /nonexistent-dir/r.html; has "$err" "MEND_EINVAL"
run 1 release create --case "$kase" --for "$a" --recipient "$(printf 'bad\xff')" --purpose p --expires 2099-01-01; has "$err" "MEND_EENCODING"

# The release copy for Zoë: nothing of Bo's individual record; joint content
# only once both authorised.
run 1 release create --case "$kase" --for 99999 --recipient "Zoë" --purpose "client request" --expires "$(date -u -d '+30 days' +%F)"
has "$err" "client of the case"
run 1 release create --case "$kase" --for "$a" --recipient "Zoë" --purpose "client request" --expires "$(day 1)"
has "$err" "in the past"
run 0 release create --case "$kase" --for "$a" --recipient "Zoë Ødegård" --purpose "client request" --expires "$(date -u -d '+30 days' +%F)" --json
rel=$(json 'd["id"]')
run 0 report --case "$kase" --release "$rel" --format json --notes yes --date "$d"
is 'd["release"]["for_client_id"]' "$a"
is 'd["release"]["joint_content"]' False
is '[c["id"] for c in d["clients"]]' "[$a]"
is 'd["gate"]' None
is 'd["couple"]' None
is 'd["phase_timeline"]' "[]"
is 'sorted({m["client_id"] for m in d["measures"]})' "[$a]"
lacks "$out" "bosecretcanary"; lacks "$out" "jointcanary"; lacks "$out" "O'Brien"; lacks "$out" "processcanary"
has "$out" "zoecanary"
run 0 release authorise "$rel" --client "$a"
run 1 release authorise "$rel" --client "$a"; has "$err" "already authorised"
run 0 release authorise "$rel" --client "$b"
run 0 report --case "$kase" --release "$rel" --format json --notes yes --date "$d"
is 'd["release"]["joint_content"]' True
is 'len(d["phase_timeline"])' 2
has "$out" "jointcanary"; lacks "$out" "bosecretcanary"; has "$out" "zoecanary"
is 'sorted({m["client_id"] for m in d["measures"]})' "[$a]"
run 0 report --case "$kase" --release "$rel" --format html --date "$d" --notes yes --out "$work/rel.html"
has "$(cat "$work/rel.html")" "Prepared for"
run 0 audit list --as admin --limit 10000 --json
is "sum(1 for e in d if e['action'] == 'release' and e['object_id'] == $rel)" 3

# An override's passed-over sentences, rationale and safety plan stay out
# of a release copy; a broken agreement's flag is joint content.
run 0 phase override --case "$kase" --to impact_meaning --rationale "Bo's sobriety reviewed: rationalecanary"
run 0 agreement create --case "$kase" --kind boundary --text "No contact" --json; agr=$(json 'd["id"]')
run 0 agreement update "$agr" --status broken --note x
run 0 release create --case "$kase" --for "$a" --recipient "Zoë" --purpose "request" --expires "$(date -u -d '+30 days' +%F)" --json
rel2=$(json 'd["id"]')
run 0 report --case "$kase" --release "$rel2" --format json --date "$d"
lacks "$out" "agreement_broken"; lacks "$out" "rationalecanary"
run 0 release authorise "$rel2" --client "$a"
run 0 release authorise "$rel2" --client "$b"
run 0 report --case "$kase" --release "$rel2" --format json --date "$d"
lacks "$out" "rationalecanary"
is '[u["sentence"] for t in d["phase_timeline"] for u in t["unmet"]][:1]' "[None]"
has "$out" "agreement_broken"
run 0 report --case "$kase" --format json --date "$d"; has "$out" "rationalecanary"

# The caseload report.
run 0 report --caseload --format json --date "$d"
is 'd["schema"]' mend.report.caseload/1
is 'd["clinician"]["name"]' "Cam Lin"
is '[c["id"] for c in d["cases"]]' "[$kase]"
is 'd["blocked"][0]["case_id"]' "$kase"
is '"At least 4 weeks of stabilisation" in d["blocked"][0]["unmet"]' False
is '[o["weeks_since"] for o in d["overdue_measures"]]' "[4, 5]"
run 0 audit list --as admin --limit 10000 --json
is "sum(1 for e in d if e['action'] == 'read' and e['object_type'] == 'case' and e['object_id'] == $kase) >= 1" True
run 0 report --caseload --format json --as other --date "$d"; is 'd["cases"]' "[]"
run 1 report --caseload --clinician 2 --as other; has "$err" "MEND_EDENIED"
run 0 report --caseload --as admin --format json --date "$d"; is 'd["clinician"]' None
run 0 report --caseload --format html --date "$d" --out "$work/caseload.html"
/usr/bin/python3 -c "import sys, xml.etree.ElementTree as ET; t=open(sys.argv[1],encoding='utf-8').read(); ET.fromstring(t.split(chr(10),1)[1])" "$work/caseload.html" && ok || bad "caseload HTML is not well-formed"


# What the record tells: late entries (the notes were signed today, 44 to 50
# days after their sessions), the involved partner's PHQ-9 of 11 in its
# clinical range, an overdue agreement review, and nothing after --date.
run 0 report --case "$kase" --format json --date "$d"
is '[n["late_entry"] for n in d["notes"]]' "[True, True, True]"
is '[x["sentence"] for x in d["dyadic"] if x["kind"] == "involved_partner"]' "[\"Bo's PHQ-9 of 11 ($(day 40)) is moderate, in the clinical range (10 or more): the involved partner can be suffering too and needs care in their own right.\"]"
is '[m["clinical_range"] for m in d["measures"] if m["instrument"] == "phq9"]' "[{'comparator': '>=', 'value': 10.0}]"
run 0 report --case "$kase" --format markdown --date "$d"
has "$out" "| **Yes** |"; has "$out" "suffering too"
run 0 report --case "$kase" --release "$rel" --format markdown --date "$d"
lacks "$out" "suffering too"; lacks "$out" "PHQ-9"
run 0 agreement create --case "$kase" --kind transparency --text "Phone open" --agreed "$(day 30)" --review "$(day 3)" --json; due=$(json 'd["id"]')
run 0 report --case "$kase" --format json --date "$d"
is "[a['review_overdue'] for a in d['agreements'] if a['id'] == $due]" "[True]"
run 0 report --case "$kase" --format markdown --date "$d"
has "$out" "The review of 1 agreement is overdue"; has "$out" "$(day 3) (review overdue)"
run 0 report --case "$kase" --format json --date "$(day 3)"
is "[a['review_overdue'] for a in d['agreements'] if a['id'] == $due]" "[False]"
run 0 report --case "$kase" --format json --date "$(day 35)"
is '[p["date"] for m in d["measures"] if m["instrument"] == "pcl5" for p in m["points"]]' "['$(day 60)']"
is "[a['id'] for a in d['agreements'] if a['id'] == $due]" "[]"

# A loaded instrument with two versions: once in a report, at its latest
# version, and the caseload's overdue check counts it.
cat > "$work/trust.json" <<'JSON'
{"code": "dyadic_trust", "version": 1, "name": "Dyadic trust", "abbreviation": "DT", "higher_is_better": true,
 "items": [{"number": 1, "min": 1, "max": 7}, {"number": 2, "min": 1, "max": 7, "reverse": true}],
 "reliable_change": {"method": "jacobson_truax", "sd": 2.0, "reliability": 0.9}}
JSON
sed -e 's/"version": 1/"version": 2/' -e 's/"DT"/"DT-2"/' "$work/trust.json" > "$work/trust2.json"
run 0 measure load "$work/trust.json" --as admin
run 0 measure load "$work/trust2.json" --as admin
run 0 measure create --client "$b" --instrument dyadic_trust --items 5,3 --date "$(day 2)"
run 0 report --case "$kase" --format json --date "$d"
is '[(m["client_id"], m["abbreviation"]) for m in d["measures"] if m["instrument"] == "dyadic_trust"]' "[($b, 'DT-2')]"
run 0 report --caseload --format json --date "$d"
is '[(o["client_name"], o["weeks_since"]) for o in d["overdue_measures"]]' "[('Zoë Ødegård', 4)]"

finish
