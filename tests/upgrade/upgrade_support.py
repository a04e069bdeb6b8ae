"""What the upgrade tests share: the fixtures written by older mends
(tests/fixtures/upgrade, made by scripts/make-upgrade-fixtures.sh), copying
one, and comparing a migrated database's rows with those the old version
left."""

from __future__ import annotations

import json
import lzma
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "upgrade"
MEND_CLI = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")
if not os.environ.get("MEND_LIBRARY") and (REPO / "build" / "libmend.so.0").is_file():
    os.environ["MEND_LIBRARY"] = str(REPO / "build" / "libmend.so.0")
sys.path.insert(0, str(REPO / "bindings" / "python"))

import mend  # noqa: E402  (after the path set-up above)


def fixture_versions() -> List[int]:
    return sorted(int(p.name[1:].split(".")[0]) for p in FIXTURES.glob("v*.db.xz"))


def expected(version: int) -> Dict[str, Any]:
    return json.loads(lzma.decompress((FIXTURES / f"v{version}.expected.json.xz").read_bytes()))


_expected_cache: Dict[int, Dict[str, Any]] = {}


class Copy:
    """A fixture copied into a directory: its database and key file. The
    expected file is read once per version."""

    def __init__(self, version: int, into: Path) -> None:
        self.version = version
        if version not in _expected_cache:
            _expected_cache[version] = expected(version)
        self.expected = _expected_cache[version]
        self.db = into / f"v{version}.db"
        self.db.write_bytes(lzma.decompress((FIXTURES / f"v{version}.db.xz").read_bytes()))
        self.key: Optional[Path] = None
        if self.expected["keyed"]:
            self.key = into / f"v{version}.key"
            shutil.copyfile(FIXTURES / f"v{version}.key", self.key)
            os.chmod(self.key, 0o600)
        self.admin = int(self.expected["admin"])

    def open(self) -> "mend.Database":
        db = mend.open(str(self.db), key_file=str(self.key) if self.key else None)
        db.set_actor(self.admin)
        return db

    def cli_env(self) -> Dict[str, str]:
        env = dict(os.environ, MEND_DB=str(self.db), MEND_ACTOR=str(self.admin))
        env.pop("MEND_NOW", None)
        if self.key:
            env["MEND_KEY_FILE"] = str(self.key)
        else:
            env.pop("MEND_KEY_FILE", None)
        return env


def raw_schema_version(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT MAX(version) FROM mend_schema").fetchone()[0])
    finally:
        con.close()


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return ";".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def _value(v: Any) -> Any:
    return v.hex() if isinstance(v, bytes) else v


def missing_rows(path: Path, tables: Dict[str, Any]) -> Tuple[int, Dict[str, List[Any]]]:
    """Every row the old version left, looked for in the database at PATH by
    the columns it had then: (rows compared, {table: rows not found})."""
    con = sqlite3.connect(path)
    compared = 0
    missing: Dict[str, List[Any]] = {}
    try:
        for table, t in tables.items():
            cols = ", ".join(f'"{c}"' for c in t["columns"])
            try:
                now = Counter(tuple(_value(v) for v in r)
                              for r in con.execute(f'SELECT {cols} FROM "{table}"'))
            except sqlite3.DatabaseError as e:
                missing[table] = [f"unreadable: {e}"]
                continue
            for row in t["rows"]:
                compared += 1
                key = tuple(row)
                if now[key] > 0:
                    now[key] -= 1
                else:
                    missing.setdefault(table, []).append(row)
    finally:
        con.close()
    return compared, missing


def cli(env: Dict[str, str], *args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([MEND_CLI, *args], capture_output=True, text=True, env=env, timeout=300)


def _same_list(old: List[Dict[str, Any]], new: List[Dict[str, Any]]) -> List[Any]:
    """Each record the old CLI listed, by id, with every field it showed
    equal in today's listing (today's may show more fields): what differs."""
    by_id = {r["id"]: r for r in new}
    diffs: List[Any] = []
    for r in old:
        n = by_id.get(r["id"])
        if n is None:
            diffs.append(("missing", r["id"]))
            continue
        for k, v in r.items():
            if k in n and n[k] != v:
                diffs.append((r["id"], k, v, n[k]))
    return diffs


def same_lists(reads: List[Dict[str, Any]], env: Dict[str, str]) -> int:
    """Runs each read the old CLI made with today's CLI (every one must work)
    and checks each JSON list lists the same records; returns how many lists."""
    lists = 0
    for read in reads:
        args = read["args"]
        r = cli(env, *args)
        assert r.returncode == 0, (args, r.stderr)
        if "--json" in args:
            old = json.loads(read["stdout"])
            assert isinstance(old, list) and old, args
            assert _same_list(old, json.loads(r.stdout)) == [], args
            lists += 1
    return lists
