"""Outcome measures through db.measures: scoring by the published rules, missing items,
reliable change, sustained conditions, configurable cut-offs and loaded instruments.

Mirrors tests/cli/test_measures_cli.sh, with the same answers and expected values.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()  # the library's "today" is UTC


def day(n: int) -> dt.date:
    """n days before today (UTC)."""
    return TODAY - dt.timedelta(days=n)


PHQ_MODERATE = [2, 2, 2, 2, 2, 1, 1, 1, 1]  # 14, item 9 endorsed
PHQ_MILD = [1, 1, 1, 1, 1, 1, 1, 1, 0]  # 8
CSI16_BEST = [6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 5, 0, 0, 5, 0]  # 81: reverse items 26, 28, 30, 32 at 0
PCL5_RULE_ONLY = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]  # 12, DSM-5 rule met
PCL5_31 = [2] * 15 + [1, 0, 0, 0, 0]  # 31

TRUST = {"code": "dyadic_trust", "version": 1, "name": "Dyadic trust (practice licence)",
         "higher_is_better": True,
         "items": [{"number": 1, "min": 1, "max": 7}, {"number": 2, "min": 1, "max": 7, "reverse": True}],
         "reliable_change": {"method": "jacobson_truax", "sd": 2.0, "reliability": 0.9}}


@dataclass
class Practice:
    admin: int
    cn: int  # the treating clinician
    ana: int
    ben: int


@pytest.fixture
def p(db) -> Practice:
    """An admin (the actor afterwards), a clinician "cn" and two clients the clinician registered."""
    admin = db.actor
    cn = db.clinicians.create(display_name="Cli Nician", external_id="cn")
    db.set_actor("cn")
    ana = db.clients.create(given_name="Ana", family_name="Reyes")
    ben = db.clients.create(given_name="Ben", family_name="Reyes")
    return Practice(admin=admin, cn=cn, ana=ana, ben=ben)


def test_instruments(db, p):
    instruments = db.measures.instruments()
    assert sorted(i.code for i in instruments) == ["csi16", "csi4", "felt_safety", "gad7", "pcl5", "phq9"]
    pcl5 = next(i for i in instruments if i.code == "pcl5")
    assert isinstance(pcl5, mend.InstrumentSummary)
    assert (pcl5.abbreviation, pcl5.items, pcl5.scored_items, pcl5.response_min, pcl5.response_max,
            pcl5.total_min, pcl5.total_max, pcl5.higher_is_better) == ("PCL-5", 20, 20, 0, 4, 0.0, 80.0, False)
    phq9 = next(i for i in instruments if i.code == "phq9")
    assert (phq9.items, phq9.scored_items) == (10, 9)  # item 10 is not scored
    definition = db.measures.instrument("phq9")
    assert isinstance(definition, dict) and "Kroenke" in definition["bands_source"]
    assert [b["label"] for b in definition["bands"]] == [
        "minimal", "mild", "moderate", "moderately severe", "severe"]
    assert definition["cutoffs"][0]["value"] == 10.0
    with pytest.raises(mend.NotFound):
        db.measures.instrument("nope")


def test_phq9_total_band_cutoff_and_item9_flag(db, p):
    first = db.measures.create(p.ana, "phq9", PHQ_MODERATE, administered_on=day(90))
    m = db.measures.get(first)
    assert isinstance(m, mend.Administration)
    assert (m.id, m.client_id, m.case_id, m.instrument, m.abbreviation) == (first, p.ana, None, "phq9", "PHQ-9")
    assert (m.administered_on, m.total, m.band, m.prorated, m.missing_policy) == (
        day(90), 14.0, "moderate", False, "complete")
    assert (m.answered, m.missing, m.in_clinical_range, m.entered_by) == (9, 0, True, p.cn)
    assert [(c.code, c.comparator, c.value, c.met) for c in m.cutoffs] == [
        ("probable_depression", ">=", 10.0, True)]
    assert [(f.code, f.severity, f.item) for f in m.flags] == [("suicidal_ideation", "urgent", 9)]
    assert m.items[8] == mend.ItemAnswer(item=9, option=1, score=1)
    assert m.items[9] == mend.ItemAnswer(item=10, option=None, score=None)  # optional, unscored, left off
    assert m.symptom_rule is None and m.subscales == {}
    # The flag is stored, open, for the client.
    assert [(f.code, f.administration_id, f.status, f.raised_on) for f in db.flags.list(client_id=p.ana)] == [
        ("suicidal_ideation", first, "open", day(90))]

    second = db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on=day(60))
    m2 = db.measures.get(second)
    assert (m2.total, m2.band, m2.cutoffs[0].met, m2.flags) == (8.0, "mild", False, [])

    # Reliable change: 14 -> 8 on the PHQ-9 is reliable (>= 6 points) and out of caseness.
    c = db.measures.change(first, second)
    assert isinstance(c, mend.Change)
    assert (c.classification, c.direction, c.delta, c.before, c.after) == ("recovered", "improved", -6.0, 14.0, 8.0)
    assert (c.method, c.threshold, c.threshold_rule, c.clinically_significant) == ("threshold", 6.0, "|delta| >=", True)
    assert (c.instrument, c.from_id, c.from_date, c.to_id, c.to_date) == ("phq9", first, day(90), second, day(60))
    assert db.measures.change(second, first) == c  # taken oldest first whatever the order

    s = db.measures.series(p.ana, "phq9")
    assert isinstance(s, mend.Series) and len(s) == 2
    assert [(pt.administration_id, pt.date, pt.total, pt.band) for pt in s.points] == [
        (first, day(90), 14.0, "moderate"), (second, day(60), 8.0, "mild")]
    assert s.points[0].change_from_previous is None and s.points[0].change_from_baseline is None
    assert s.points[1].change_from_previous.direction == "improved"
    assert s.points[1].change_from_baseline.classification == "recovered"
    assert s.points[1].change_from_previous.from_id is None  # the point itself says which
    assert [b.label for b in s.bands][0] == "minimal" and s.cutoffs[0].value == 10.0
    assert (s.abbreviation, s.total_min, s.total_max, s.higher_is_better) == ("PHQ-9", 0.0, 27.0, False)


def test_blank_item_and_prorating(db, p):
    blank = db.measures.create(p.ben, "phq9", [1, 1, 1, 1, 1, 1, 1, None, None])
    m = db.measures.get(blank)
    assert (m.total, m.band, m.prorated, m.answered, m.missing) == (None, None, False, 7, 2)
    assert m.administered_on == TODAY  # defaults to today (UTC)
    assert [(f.code, f.severity) for f in m.flags] == [("suicidal_ideation_unknown", "unknown")]
    assert [c.met for c in m.cutoffs] == [None]  # no total: the cut-off is undecided
    assert m.items[7] == mend.ItemAnswer(item=8, option=None, score=None)
    # A missing safety item is never read as negative.
    assert [f.code for f in db.flags.list(client_id=p.ben)] == ["suicidal_ideation_unknown"]

    prorated = db.measures.create(p.ben, "phq9", [2, 2, 2, 2, 2, 2, None, None, 0], prorate=True)
    m = db.measures.get(prorated)
    assert (m.total, m.prorated, m.missing_policy) == (15.0, True, "prorate")

    complete = db.measures.create(p.ben, "phq9", [2, 2, 2, 2, 2, 2, None, None, 0], prorate=False)
    m = db.measures.get(complete)
    assert (m.total, m.prorated, m.missing_policy) == (None, False, "complete")
    c = db.measures.change(prorated, complete)
    assert (c.classification, c.direction, c.delta, c.reason) == (
        "unknown", "unknown", None, "an administration has no total (items missing)")

    with pytest.raises(mend.InvalidArgument) as e:  # the PCL-5's authors publish no prorating rule
        db.measures.create(p.ben, "pcl5", [1] * 19 + [None], prorate=True)
    assert "no prorating rule" in e.value.message
    assert len(db.measures.series(p.ben, "pcl5")) == 0


def test_bad_answers_store_nothing(db, p):
    db.measures.create(p.ana, "phq9", PHQ_MODERATE, administered_on=day(90))
    db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on=day(60))
    with pytest.raises(mend.InvalidArgument) as e:
        db.measures.create(p.ana, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 4])
    assert "outside 0..3" in e.value.message and e.value.code_name == "MEND_EINVAL"
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", [1, 1, 1])  # wrong count
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", [])
    with pytest.raises(mend.NotFound):
        db.measures.create(p.ana, "nope", [1])
    with pytest.raises(mend.NotFound):
        db.measures.create(999999, "phq9", PHQ_MILD)
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on="2026-02-30")
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on=TODAY + dt.timedelta(days=2))
    with pytest.raises(mend.InvalidArgument) as e:  # -1 would be the C API's "missing": refused here
        db.measures.create(p.ana, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, -1])
    assert "answers[8]" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2**31])
    bens_case = db.cases.create(client_id=p.ben)
    with pytest.raises(mend.ConstraintViolation):  # a case that is not the client's
        db.measures.create(p.ana, "phq9", PHQ_MILD, case_id=bens_case)
    # Python-side type checks, before any C call.
    for bad in ("1,1,1", b"\x01\x01", 111, {1: 1}, None):
        with pytest.raises(TypeError):
            db.measures.create(p.ana, "phq9", bad)
    with pytest.raises(TypeError):
        db.measures.create(p.ana, "phq9", [1.0] * 9)
    with pytest.raises(TypeError):
        db.measures.create(p.ana, "phq9", [True] * 9)
    with pytest.raises(TypeError):
        db.measures.create(True, "phq9", PHQ_MILD)
    with pytest.raises(TypeError):
        db.measures.create(p.ana, "phq9", PHQ_MILD, case_id=False)
    with pytest.raises(TypeError):
        db.measures.create(p.ana, "phq9", PHQ_MILD, prorate="yes")
    with pytest.raises(TypeError):
        db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on=dt.datetime.now())
    with pytest.raises(TypeError):
        db.measures.create(p.ana, b"phq9", PHQ_MILD)
    with pytest.raises(mend.EncodingError):
        db.measures.create(p.ana, "phq\udcff", PHQ_MILD)
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(p.ana, "phq9", PHQ_MILD, case_id=0)  # 0 is the C API's "no case"
    assert len(db.measures.series(p.ana, "phq9")) == 2  # nothing was stored
    # A tuple works as well as a list.
    db.measures.create(p.ana, "phq9", tuple(PHQ_MILD))
    assert len(db.measures.series(p.ana, "phq9")) == 3


def test_csi16_reverse_keys(db, p):
    m = db.measures.get(db.measures.create(p.ana, "csi16", CSI16_BEST, administered_on=day(3)))
    assert m.total == 81.0 and m.higher_is_better is True
    assert next(i for i in m.items if i.item == 26) == mend.ItemAnswer(item=26, option=0, score=5)
    assert [(i.item, i.score) for i in m.items if i.option == 0] == [(26, 5), (28, 5), (30, 5), (32, 5)]
    assert (m.cutoffs[0].code, m.cutoffs[0].met, m.in_clinical_range) == ("relationship_distress", False, False)


def test_sustained(db, p):
    db.measures.create(p.ana, "phq9", PHQ_MODERATE, administered_on=day(90))  # 14
    second = db.measures.create(p.ana, "phq9", PHQ_MILD, administered_on=day(60))  # 8
    s = db.measures.sustained(p.ana, "phq9", "<", 10)
    assert isinstance(s, mend.Sustained)
    assert (s.met, s.needed, s.found) == (True, 1, 1)
    s = db.measures.sustained(p.ana, "phq9", "<", 10, 2, 14)
    assert (s.met, s.needed, s.found, s.instrument) == (False, 2, 1, "phq9")
    assert s.condition == "total < 10 on 2 administrations at least 14 days apart"
    assert s.latest == mend.SustainedPoint(administration_id=second, date=day(60), total=8.0)
    # A third low score only 10 days later does not count as spaced; 14+ days does.
    db.measures.create(p.ana, "phq9", [1, 1, 1, 1, 1, 1, 1, 0, 0], administered_on=day(50))  # 7
    assert db.measures.sustained(p.ana, "phq9", "<", 10, count=2, min_days_apart=14).found == 1
    third = db.measures.create(p.ana, "phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], administered_on=day(40))  # 5
    s = db.measures.sustained(p.ana, "phq9", "<", 10, count=2, min_days_apart=14)
    assert (s.met, s.found) == (True, 2)
    assert [(e.administration_id, e.total) for e in s.evidence] == [(second, 8.0), (third, 5.0)]
    assert db.measures.sustained(p.ana, "phq9", "<", 10.5, count=4, min_days_apart=0).found == 3
    assert db.measures.sustained(p.ben, "phq9", "<", 10).latest is None  # nothing recorded
    with pytest.raises(mend.InvalidArgument):
        db.measures.sustained(p.ana, "phq9", "==", 10, 2, 14)
    with pytest.raises(mend.InvalidArgument):
        db.measures.sustained(p.ana, "phq9", "<", 10, 0, 14)
    with pytest.raises(mend.InvalidArgument):
        db.measures.sustained(p.ana, "phq9", "<", 10, 2, -1)
    with pytest.raises(TypeError):
        db.measures.sustained(p.ana, "phq9", "<", "10", 2, 14)
    with pytest.raises(TypeError):
        db.measures.sustained(p.ana, "phq9", "<", True, 2, 14)
    with pytest.raises(TypeError):
        db.measures.sustained(p.ana, "phq9", "<", 10, 2.0, 14)


def test_pcl5_rule_and_configurable_cutoff(db, p):
    m = db.measures.get(db.measures.create(p.ana, "pcl5", PCL5_RULE_ONLY))
    assert (m.total, m.band) == (12.0, None)  # the PCL-5 has no severity bands
    assert m.symptom_rule is not None and m.symptom_rule.met is True  # the DSM-5 rule ...
    assert [(c.code, c.value, c.met) for c in m.cutoffs] == [("probable_ptsd", 33.0, False)]  # ... apart from the cut-off
    assert [c.subscale for c in m.symptom_rule.clusters] and all(c.met for c in m.symptom_rule.clusters)
    assert set(m.subscales) == {c.subscale for c in m.symptom_rule.clusters}

    with pytest.raises(mend.PermissionDenied):  # admins only
        db.measures.set_cutoff("pcl5", "probable_ptsd", 32)
    db.set_actor(p.admin)
    for out_of_range in (30, 34, 30.99, float("nan")):
        with pytest.raises(mend.InvalidArgument) as e:
            db.measures.set_cutoff("pcl5", "probable_ptsd", out_of_range)
        assert "between 31 and 33" in e.value.message
    with pytest.raises(mend.InvalidArgument):  # fixed by its source
        db.measures.set_cutoff("phq9", "probable_depression", 11)
    with pytest.raises(mend.NotFound):
        db.measures.set_cutoff("pcl5", "nope", 32)
    with pytest.raises(TypeError):
        db.measures.set_cutoff("pcl5", "probable_ptsd", "31")
    with pytest.raises(TypeError):
        db.measures.set_cutoff("pcl5", "probable_ptsd", None)
    db.measures.set_cutoff("pcl5", "probable_ptsd", 31)

    db.set_actor(p.cn)
    m = db.measures.get(db.measures.create(p.ana, "pcl5", PCL5_31))
    assert m.total == 31.0
    assert [(c.value, c.met) for c in m.cutoffs] == [(31.0, True)]
    assert db.measures.series(p.ana, "pcl5").cutoffs[0].value == 31.0
    db.set_actor(p.admin)
    db.measures.set_cutoff("pcl5", "probable_ptsd", 32.5)
    assert [c.met for c in db.measures.get(m.id).cutoffs] == [False]  # rescored with the new choice


def test_load_instrument(db, p):
    with pytest.raises(mend.PermissionDenied):
        db.measures.load_instrument(TRUST)
    db.set_actor(p.admin)
    db.measures.load_instrument(TRUST)
    with pytest.raises(mend.AlreadyExists):
        db.measures.load_instrument(TRUST)
    with pytest.raises(mend.InvalidArgument) as e:  # the error names the bad field
        db.measures.load_instrument({"code": "broken", "name": "x", "items": [{"number": 1, "min": 5, "max": 2}]})
    assert "items[0].max" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.measures.load_instrument("{not json")
    with pytest.raises(mend.AlreadyExists):  # a built-in's code
        db.measures.load_instrument(dict(TRUST, code="phq9"))
    with pytest.raises(mend.InvalidArgument):
        db.measures.load_instrument(dict(TRUST, code="nan_trust", reliable_change={"sd": float("nan")}))
    with pytest.raises(mend.EncodingError):
        db.measures.load_instrument(dict(TRUST, code="bad_text", name="Trust \udcff"))
    with pytest.raises(TypeError):
        db.measures.load_instrument(42)
    with pytest.raises(TypeError):
        db.measures.load_instrument(json.dumps(TRUST).encode())
    # A higher version, as JSON text.
    db.measures.load_instrument(json.dumps(dict(TRUST, version=2, name="Dyadic trust v2")))
    trust = [i for i in db.measures.instruments() if i.code == "dyadic_trust"]
    assert [(i.version, i.name, i.higher_is_better) for i in trust] == [(2, "Dyadic trust v2", True)]
    assert db.measures.instrument("dyadic_trust")["items"][1]["reverse"] is True

    db.set_actor(p.cn)
    first = db.measures.create(p.ana, "dyadic_trust", [2, 6], administered_on=day(40))
    m = db.measures.get(first)
    assert m.total == 4.0 and m.items[1] == mend.ItemAnswer(item=2, option=6, score=2)
    later = db.measures.create(p.ana, "dyadic_trust", [7, 1], administered_on=day(10))
    c = db.measures.change(first, later)
    assert (c.method, c.delta, c.direction, c.threshold_rule) == ("jacobson_truax", 10.0, "improved", "|delta| >")
    assert c.threshold == pytest.approx(1.96 * (2 * (2.0 * 0.1 ** 0.5) ** 2) ** 0.5)


def test_another_clinician_sees_none_of_it(db, p):
    first = db.measures.create(p.ana, "phq9", PHQ_MODERATE, administered_on=day(90))
    db.set_actor(p.admin)
    db.clinicians.create(display_name="Other One", external_id="other")
    db.set_actor("other")
    with pytest.raises(mend.NotFound) as e:
        db.measures.get(first)
    assert "Ana" not in str(e.value)
    with pytest.raises(mend.NotFound) as missing:
        db.measures.get(first + 1000)
    assert str(e.value) == str(missing.value) == "no administration has that id [MEND_ENOTFOUND]"
    with pytest.raises(mend.NotFound):
        db.measures.series(p.ana, "phq9")
    with pytest.raises(mend.NotFound):
        db.measures.create(p.ana, "phq9", PHQ_MILD)
    with pytest.raises(mend.NotFound):
        db.measures.sustained(p.ana, "phq9", "<", 10)
    db.set_actor("cn")
    assert len(db.measures.series(p.ana, "phq9")) == 1
    db.set_actor(p.admin)
    events = [(e.action, e.object_type, e.object_id, e.outcome) for e in db.audit()]
    assert ("create", "administration", first, "ok") in events
    assert ("read", "client", p.ana, "not_found") in events
    assert ("read", "administration", first, "not_found") in events
    assert ("read", "administration", first + 1000, "not_found") in events
    assert not any(o == "denied" for (_, _, _, o) in events)


def test_measures_on_a_case(db, p):
    a, b = p.ana, p.ben
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets")
    conjoint = db.cases.create(couple_id=couple)
    mid = db.measures.create(b, "csi4", [3, 4, 4, 3], case_id=conjoint)
    m = db.measures.get(mid)
    assert (m.case_id, m.total) == (conjoint, 14.0)
    assert db.measures.series(b, "csi4").points[0].case_id == conjoint
