"""A database written by each earlier schema version opens with the current
mend, migrates to the latest schema, and keeps every record: each row the
old version left is still there with the same values, the old CLI's lists
read the same through today's CLI, `mend check` (db.verify()) passes (note
hashes, audit chain), and new writes work after the upgrade."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from upgrade_support import (Copy, cli, fixture_versions, integrity, missing_rows, mend,
                             raw_schema_version, same_lists)

VERSIONS = fixture_versions()


def latest_version(tmp_path: Path) -> int:
    with mend.open(str(tmp_path / "fresh.db"), create=True) as db:
        return db.schema_version


def test_the_fixtures_are_what_they_say(tmp_path):
    """The oldest and the last earlier schema have a fixture; each fixture's
    database is at the version its expected file names, from a named commit."""
    latest = latest_version(tmp_path)
    assert VERSIONS[0] == 1 and VERSIONS[-1] == latest - 1
    for v in VERSIONS:
        copy = Copy(v, tmp_path)
        assert copy.expected["version"] == v
        assert raw_schema_version(copy.db) == v
        assert re.fullmatch(r"[0-9a-f]{40}", copy.expected["commit"])


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_migrates_with_every_record(version, tmp_path):
    copy = Copy(version, tmp_path)
    exp = copy.expected
    latest = latest_version(tmp_path)
    assert raw_schema_version(copy.db) == version

    tables = exp["tables"]
    with copy.open() as db:
        assert db.schema_version == latest
        report = db.verify()
    assert report["ok"], report
    assert report["problems"] == []
    for kind, table in (("clients", "client"), ("couples", "couple"), ("cases", "care_case"),
                        ("notes", "note")):
        assert report["rows_checked"][kind] == len(tables.get(table, {"rows": []})["rows"])
    # The audit chain: every old event and the open's own, unbroken; keyed when
    # the old practice had adopted the host's keys.
    chain = report["audit_chain"]
    assert chain["ok"] and chain["first_bad_seq"] is None
    assert chain["events_checked"] >= len(tables["audit_event"]["rows"]) > 0
    assert chain["keyed"] == bool(tables.get("practice_key", {"rows": []})["rows"])
    assert raw_schema_version(copy.db) == latest
    assert integrity(copy.db) == "ok"

    # Every row of every table the old version wrote, as it wrote it.
    compared, missing = missing_rows(copy.db, tables)
    assert missing == {}
    assert compared == sum(len(t["rows"]) for t in tables.values())
    assert compared > 50

    # What the old CLI listed, listed the same by today's CLI.
    assert same_lists(exp["reads"], copy.cli_env()) >= 3

    # The notes keep their content hashes and signatures; the audit chain holds.
    notes = tables.get("note")
    with copy.open() as db:
        if notes:
            cols = notes["columns"]
            signed = [dict(zip(cols, r)) for r in notes["rows"]]
            signed = [n for n in signed if n["status"] == "signed"]
            assert signed
            for n in signed:
                note = db.notes.get(n["id"])
                assert note.status == "signed"
                assert note.content_hash == n["content_hash"]
                assert note.signed_by == n["signed_by"]
            v = db.notes.verify()
            assert v.ok
            assert v.notes_checked >= len(signed)
    r = cli(copy.cli_env(), "check")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("version", VERSIONS)
def test_new_writes_after_the_upgrade(version, tmp_path):
    copy = Copy(version, tmp_path)
    with copy.open() as db:
        client = db.clients.create(given_name="Upgraded", family_name="Client",
                                   external_id=f"after-v{version}")
        assert db.clients.get(client).given_name == "Upgraded"
        note = None
        if "note" in copy.expected["tables"]:
            case = db.cases.create(kind="individual", client_id=client,
                                   primary_clinician_id=copy.admin)
            session = db.sessions.create(case, starts_at="2026-11-02T10:00Z",
                                         duration_minutes=45, participants=[client],
                                         cpt_code="90834")
            note = db.notes.create(session, "free", text="written after the upgrade")
            db.notes.sign(note)
            assert db.notes.get(note).status == "signed"
        report = db.verify()
        assert report["ok"], report
    with copy.open() as db:
        assert db.clients.get(client).family_name == "Client"
        if note is not None:
            assert db.notes.get(note).content_hash
