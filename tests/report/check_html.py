#!/usr/bin/env python3
"""Check golden HTML reports: well-formed XML, self-contained, and charting
exactly the points of their fixture.

    check_html.py REPORT.html [REPORT.html ...]

Each REPORT.html is checked against REPORT.json next to it (the snapshot it
was rendered from):
- xml.etree.ElementTree parses the whole document;
- no <script> element, no event-handler attribute, no src/href/xlink:href
  attribute pointing anywhere but a fragment, no "http:" or "https:" anywhere
  except XML namespace URIs (xmlns attributes), no @import, no url() other
  than url(#...);
- case reports have at least one <svg>; each line chart (svg.chart with
  data-client-id and data-instrument) matches one measures entry of the
  fixture: its circle.point elements carry that entry's non-null points
  within the report period (points outside it are neither charted nor listed)
  (data-date, data-total) in order, its line.cutoff elements the entry's
  cut-off values, its data-change markers the reliable changes from the
  previous point; every entry with a scored point has exactly one chart;
  every phase rect names a phase of the timeline;
- caseload reports with sessions per week have one rect.bar per week;
- the clients' and practice's names appear intact in the document text.
Exits 1 with a list of failures, 0 when every file passes.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
NAMESPACES = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"}
MARKED = {"improved", "recovered", "deteriorated"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def classes(el):
    return set((el.get("class") or "").split())


def same_number(text, value):
    try:
        return abs(float(text) - round(float(value), 2)) < 1e-9
    except (TypeError, ValueError):
        return False


def check_self_contained(raw, root, fail):
    if re.search(r"<\s*script", raw, re.I):
        fail("a raw <script tag")
    for attr_value in re.findall(r'xmlns(?::\w+)?="([^"]*)"', raw):
        if attr_value not in NAMESPACES:
            fail(f"unexpected namespace {attr_value}")
    without_ns = re.sub(r'xmlns(?::\w+)?="[^"]*"', "", raw)
    for scheme in ("http:", "https:"):
        if scheme in without_ns.lower():
            fail(f"a reference with {scheme} outside the XML namespaces")
    if "@import" in raw:
        fail("an @import")
    for target in re.findall(r"url\(\s*([^)]*)\)", raw):
        if not target.startswith("#"):
            fail(f"url({target}) is not a fragment")
    for el in root.iter():
        if local(el.tag) in ("script", "iframe", "object", "embed", "link", "img", "image", "foreignObject"):
            fail(f"a <{local(el.tag)}> element")
        for name, value in el.attrib.items():
            lname = local(name)
            if lname.lower().startswith("on"):
                fail(f"an event-handler attribute {lname}")
            if lname in ("src", "href") and not value.startswith("#"):
                fail(f"a {lname} attribute pointing outside the document: {value}")


def check_case(root, snap, fail):
    # Points outside the report period are neither charted nor listed.
    def in_period(p):
        return snap["period"]["from"] <= p["date"] <= snap["period"]["to"]

    svgs = [el for el in root.iter(SVG + "svg")]
    if not svgs:
        fail("no <svg> in a case report")
    charts = [s for s in svgs if "chart" in classes(s) and s.get("data-instrument") is not None]
    entries = snap["measures"]
    phases = {e["phase"] for e in snap["phase_timeline"]}
    seen = {}
    for chart in charts:
        key = (chart.get("data-client-id"), chart.get("data-instrument"))
        matches = [m for m in entries if (str(m["client_id"]), m["instrument"]) == key]
        if len(matches) != 1:
            fail(f"chart {key}: {len(matches)} measures entries match")
            continue
        m = matches[0]
        seen[key] = seen.get(key, 0) + 1
        expected = [p for p in m["points"] if p["total"] is not None and in_period(p)]
        points = [c for c in chart.iter(SVG + "circle") if "point" in classes(c)]
        got = [(c.get("data-date"), c.get("data-total")) for c in points]
        if len(got) != len(expected) or any(
                d != p["date"] or not same_number(t, p["total"]) for (d, t), p in zip(got, expected)):
            fail(f"chart {key}: points {got} != fixture {[(p['date'], p['total']) for p in expected]}")
        for c, p in zip(points, expected):
            prev = p.get("change_from_previous")
            want = prev["classification"] if prev and prev["classification"] in MARKED else None
            if c.get("data-change") != want:
                fail(f"chart {key}: point {p['date']} data-change {c.get('data-change')!r}, expected {want!r}")
        cut_values = sorted(float(l.get("data-value")) for l in chart.iter(SVG + "line") if "cutoff" in classes(l))
        want_cuts = sorted(float(c["value"]) for c in m["cutoffs"] if m["total_min"] <= c["value"] <= m["total_max"])
        if cut_values != want_cuts:
            fail(f"chart {key}: cut-off lines {cut_values} != fixture {want_cuts}")
        series = [p for p in chart.iter(SVG + "polyline") if "series" in classes(p)]
        if len(expected) > 1 and len(series) != 1:
            fail(f"chart {key}: {len(series)} series lines")
        titles = list(chart.iter(SVG + "title"))
        if not titles or not (titles[0].text or "").strip():
            fail(f"chart {key}: no <title>")
        for rect in chart.iter(SVG + "rect"):
            if "phase" in classes(rect) and rect.get("data-phase") not in phases:
                fail(f"chart {key}: phase band {rect.get('data-phase')!r} is not in the timeline")
    for m in entries:
        key = (str(m["client_id"]), m["instrument"])
        scored = any(p["total"] is not None and in_period(p) for p in m["points"])
        if scored and seen.get(key, 0) != 1:
            fail(f"measures entry {key}: {seen.get(key, 0)} charts, expected 1")
        if not scored and key in seen:
            fail(f"measures entry {key}: charted without a scored point")
    if snap["phase_timeline"] and charts:
        if not any("phase" in classes(r) for c in charts for r in c.iter(SVG + "rect")):
            fail("no phase band behind any chart")
    text = "".join(root.itertext())
    for client in snap["clients"]:
        if client["name"] not in text:
            fail(f"client name {client['name']!r} does not appear intact")
    if snap["release"] is not None:
        r = snap["release"]
        expiry = f"expires {r['expires_on']}" if r["expires_on"] else "no expiry date"
        banner = f"Prepared for {r['for_name']} \u2014 release #{r['id']}, {expiry}"
        if banner not in text:
            fail(f"no release banner {banner!r}")


def check_caseload(root, snap, fail):
    bars = [r for r in root.iter(SVG + "rect") if "bar" in classes(r)]
    weeks = snap["sessions_per_week"]
    got = [(b.get("data-week"), int(b.get("data-count"))) for b in bars]
    want = [(w["week_of"], w["count"]) for w in weeks]
    if got != want:
        fail(f"session bars {got} != fixture {want}")
    text = "".join(root.itertext())
    for c in snap["cases"]:
        if c["label"] not in text:
            fail(f"case label {c['label']!r} does not appear intact")


def check(path):
    failures = []

    def fail(message):
        failures.append(f"{path}: {message}")

    raw = Path(path).read_text(encoding="utf-8")
    fixture = Path(path).with_suffix(".json")
    snap = json.loads(fixture.read_text(encoding="utf-8"))
    if not raw.startswith("<!DOCTYPE html>\n"):
        fail("does not start with <!DOCTYPE html>")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        fail(f"not well-formed XML: {e}")
        return failures
    if root.tag != XHTML + "html":
        fail(f"root element is {root.tag}")
    if root.find(f"{XHTML}head/{XHTML}meta[@charset='utf-8']") is None:
        fail('no <meta charset="utf-8"/>')
    check_self_contained(raw, root, fail)
    if snap["practice"]["name"] not in "".join(root.itertext()):
        fail("the practice name does not appear intact")
    if snap["schema"] == "mend.report.case/1":
        check_case(root, snap, fail)
    elif snap["schema"] == "mend.report.caseload/1":
        check_caseload(root, snap, fail)
    else:
        fail(f"unknown schema {snap['schema']!r}")
    return failures


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    failures = []
    for path in argv:
        failures += check(path)
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{len(argv)} file(s) checked, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
