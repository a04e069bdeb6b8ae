"""Malformed database files (issue 15): a demo practice truncated at many offsets,
with seeded random bit flips, an empty file, a directory, another application's
SQLite file and a database of a newer mend. Each is refused with a clear error
(exit 1 and one "mend: error: ..." line; an exception named after a code in
Python), or, for a flip that lands where nothing is read, works; never a crash
(a signal, a sanitizer report) and never a hang (every run has a time limit).

The figures of README's "Reliability" section come from here: the counts are
printed with -s (`pytest -s tests/python/test_malformed_files.py`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from conftest import REPO, subprocess_env

MEND = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")
PAGE = 4096
TRUNCATE_ODD = [1, 17, 100, 511, 4095, 4097, 5000, 8191, 12345]
BIT_FLIPS = 200
SEED = 15
TIME_LIMIT = 20  # seconds for one command; a hang fails the test

pytestmark = pytest.mark.skipif(not Path(MEND).is_file(), reason="the mend CLI is not built")


def run(*args: str, db: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for k in ("MEND_DB", "MEND_ACTOR", "MEND_KEY_FILE", "MEND_NOW"):
        env.pop(k, None)
    try:
        return subprocess.run([MEND, *args, "--db", db], capture_output=True, text=True,
                              errors="replace", timeout=TIME_LIMIT, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"mend {' '.join(args)} hung on {db}")


def sound(r: subprocess.CompletedProcess, what: str) -> bool:
    """Asserts the run ended well: 0, or 1 with a clear error line (or, for `mend
    check`, with what it found on stdout). True when refused or found damaged."""
    assert r.returncode in (0, 1), f"{what}: exit {r.returncode} (a crash?) {r.stderr[-500:]}"
    for bad in ("Sanitizer", "runtime error:", "Segmentation", "terminate called"):
        assert bad not in r.stderr, f"{what}: {r.stderr[-500:]}"
    if r.returncode == 1 and not r.stderr and "mend check" in what:
        assert "PROBLEMS FOUND" in r.stdout, f"{what}: exit 1 with nothing said"
        return True
    if r.returncode == 1:
        lines = r.stderr.strip().splitlines()
        assert lines and lines[-1].startswith("mend: error: ") and "(MEND_E" in lines[-1], \
            f"{what}: no clear error: {r.stderr[-300:]!r}"
    return r.returncode == 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Dict[str, object]:
    d = tmp_path_factory.mktemp("demo")
    db = str(d / "demo.db")
    r = subprocess.run([MEND, "demo", "--db", db, "--plaintext", "--json"], capture_output=True,
                       text=True, timeout=300, cwd=d)
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    admin = [c["id"] for c in made["clinicians"] if c["role"] == "admin"][0]
    # One file: the demo's WAL folded into it.
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    return {"path": db, "admin": str(admin), "bytes": Path(db).read_bytes()}


def commands(admin: str) -> List[List[str]]:
    return [["info"], ["check", "--as", admin], ["report", "--caseload", "--as", admin,
                                                 "--format", "json"]]


def try_all(path: str, admin: str, label: str, tally: Dict[str, int]) -> None:
    for cmd in commands(admin):
        refused = sound(run(*cmd, db=path), f"{label}: mend {cmd[0]}")
        tally["runs"] += 1
        tally["refused" if refused else "worked"] += 1


def binding_survives(paths: List[str]) -> Dict[str, int]:
    """Opens each file through the Python package in a child process (a crash there
    is seen as its exit status) and runs the check; counts what was refused."""
    code = (
        "import json, sys, mend\n"
        "out = {'opened': 0, 'refused': 0}\n"
        "for p in json.load(sys.stdin):\n"
        "    try:\n"
        "        db = mend.open(p)\n"
        "        try:\n"
        "            db.set_actor(1); db.verify(); out['opened'] += 1\n"
        "        finally:\n"
        "            db.close()\n"
        "    except mend.Error as e:\n"
        "        assert str(e), 'an error with no message'\n"
        "        out['refused'] += 1\n"
        "print(json.dumps(out))\n")
    r = subprocess.run([sys.executable, "-c", code], input=json.dumps(paths), capture_output=True,
                       text=True, timeout=600, env=subprocess_env())
    assert r.returncode == 0, f"the binding: exit {r.returncode}: {r.stderr[-800:]}"
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_truncated_files_are_refused(demo, tmp_path):
    data: bytes = demo["bytes"]
    offsets = sorted(set(list(range(0, len(data), PAGE)) + [o for o in TRUNCATE_ODD if o < len(data)]
                         + [len(data) - 1]))
    assert len(offsets) >= 50, f"the demo is only {len(data)} bytes"
    tally = {"runs": 0, "refused": 0, "worked": 0}
    paths = []
    for off in offsets:
        p = tmp_path / f"cut-{off}.db"
        p.write_bytes(data[:off])
        paths.append(str(p))
        try_all(str(p), demo["admin"], f"truncated at {off}", tally)
        if off < 100:  # not even a SQLite header: nothing is written into it
            assert p.stat().st_size == off
    assert tally["refused"] >= len(offsets) - 1  # all but a file short of its last byte
    b = binding_survives(paths)
    assert b["opened"] + b["refused"] == len(paths)
    print(f"\ntruncation: {len(offsets)} offsets of a {len(data)}-byte demo, {tally}, binding {b}")


def test_bit_flips_are_refused_or_harmless(demo, tmp_path):
    data: bytes = demo["bytes"]
    rng = random.Random(SEED)
    tally = {"runs": 0, "refused": 0, "worked": 0}
    paths = []
    for trial in range(BIT_FLIPS):
        flipped = bytearray(data)
        bit = rng.randrange(len(data) * 8)
        flipped[bit // 8] ^= 1 << (bit % 8)
        p = tmp_path / f"flip-{trial}.db"
        p.write_bytes(bytes(flipped))
        paths.append(str(p))
        # One command a trial keeps the run short; they take turns.
        cmd = commands(demo["admin"])[trial % 3]
        refused = sound(run(*cmd, db=str(p)), f"bit {bit} flipped: mend {cmd[0]}")
        tally["runs"] += 1
        tally["refused" if refused else "worked"] += 1
    assert tally["refused"] > 0 and tally["worked"] > 0
    b = binding_survives(paths)
    assert b["opened"] + b["refused"] == BIT_FLIPS
    print(f"\nbit flips: {BIT_FLIPS} (seed {SEED}), {tally}, binding {b}")


def test_an_empty_file_a_directory_and_a_missing_file(demo, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    for path in (empty, folder, tmp_path / "none.db"):
        for cmd in commands(demo["admin"]):
            r = run(*cmd, db=str(path))
            assert sound(r, f"{path.name}: mend {cmd[0]}"), r.stdout
    # An empty file is not made a database by reading it.
    assert empty.stat().st_size == 0 and not (tmp_path / "none.db").exists()
    r = run("info", db=str(empty))
    assert "no mend database" in r.stderr


def test_another_applications_sqlite_file(demo, tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.executescript("CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT);"
                      "INSERT INTO client (name) VALUES ('not mend');")
    con.close()
    before = other.read_bytes()
    for cmd in commands(demo["admin"]):
        r = run(*cmd, db=str(other))
        assert sound(r, f"mend {cmd[0]}") and "MEND_ESCHEMA" in r.stderr, r.stderr
    assert other.read_bytes() == before


def test_a_database_of_a_newer_mend(demo, tmp_path):
    newer = tmp_path / "newer.db"
    newer.write_bytes(demo["bytes"])
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO mend_schema (version, applied_at) "
                "SELECT MAX(version) + 1, '2099-01-01T00:00:00Z' FROM mend_schema")
    con.commit()
    con.close()
    for cmd in commands(demo["admin"]):
        r = run(*cmd, db=str(newer))
        assert sound(r, f"mend {cmd[0]}") and "newer than this library" in r.stderr, r.stderr
    b = binding_survives([str(newer)])
    assert b == {"opened": 0, "refused": 1}


def test_the_whole_demo_checks_clean(demo, tmp_path):
    whole = tmp_path / "whole.db"
    whole.write_bytes(demo["bytes"])
    r = run("check", "--as", demo["admin"], "--json", db=str(whole))
    assert r.returncode == 0, r.stdout + r.stderr
    v = json.loads(r.stdout)
    assert v["ok"] is True and v["problems"] == [] and v["integrity"] == []
    assert v["rows_checked"] == {"clients": 7, "couples": 3, "cases": 7,
                                 "notes": v["rows_checked"]["notes"]}
    assert v["rows_checked"]["notes"] > 0
    assert v["audit_chain"]["reason"] == "not_keyed"  # information, not damage
