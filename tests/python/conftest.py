"""Fixtures for the mend Python suite.

The library: ``MEND_LIBRARY`` if set, else the first of ``<repo>/build/libmend.so.0``
and ``<repo>/build-py/libmend.so.0`` that exists (else whatever the package's
own search finds). The chosen path is exported as ``MEND_LIBRARY`` so that
subprocesses (examples, README snippet, load-path tests) use the same file.

Backends: every ``where``/``db`` test runs on SQLite (a temp file) and, when
``MEND_TEST_PG_URL`` is set and not empty, on PostgreSQL too; before each
PostgreSQL test the public schema is dropped and recreated with ``psql``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest

REPO = Path(__file__).resolve().parents[2]
BINDINGS = REPO / "bindings" / "python"
EXAMPLES = REPO / "examples"
PYTHON = "/usr/bin/python3"
PSQL = "/usr/bin/psql"


def _find_library() -> str:
    env = os.environ.get("MEND_LIBRARY")
    if env:
        return env
    for tree in ("build", "build-py"):
        candidate = REPO / tree / "libmend.so.0"
        if candidate.is_file():
            return str(candidate)
    return ""


_lib_path = _find_library()
if _lib_path:
    os.environ["MEND_LIBRARY"] = _lib_path
sys.path.insert(0, str(BINDINGS))
# Test modules import helpers from this file ("from conftest import ..."), whatever
# pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mend  # noqa: E402  (after the path set-up above)

if "/" in mend.library_path:
    os.environ["MEND_LIBRARY"] = mend.library_path

PG_URL = os.environ.get("MEND_TEST_PG_URL") or ""
BACKENDS: List[str] = ["sqlite"] + (["postgresql"] if PG_URL else [])


def subprocess_env() -> dict:
    """The environment for child Pythons: same library, the package on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(BINDINGS) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONHOME", None)
    return env


def reset_postgresql() -> None:
    """A clean database: drop and recreate the public schema."""
    env = dict(os.environ)
    env["PGOPTIONS"] = "-c client_min_messages=warning -c lock_timeout=30s"
    subprocess.run(
        [PSQL, PG_URL, "-v", "ON_ERROR_STOP=1", "-q", "-X",
         "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"],
        check=True, env=env, timeout=120, stdout=subprocess.DEVNULL,
    )


def raw_sql(db, statement: str) -> str:
    """Run SQL straight on the database under ``db``, behind mend's back (the sqlite3
    module, or psql for PostgreSQL). Returns "" on success, else the database's error."""
    if db.backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(db.where, timeout=30)
        try:
            con.executescript(statement)
            con.commit()
            return ""
        except sqlite3.DatabaseError as e:
            return str(e)
        finally:
            con.close()
    env = dict(os.environ)
    env["PGOPTIONS"] = "-c client_min_messages=warning"
    r = subprocess.run([PSQL, db.where, "-v", "ON_ERROR_STOP=1", "-q", "-X", "-c", statement],
                       env=env, capture_output=True, text=True, timeout=120)
    return "" if r.returncode == 0 else (r.stderr.strip() or f"psql exited {r.returncode}")


def pytest_report_header(config) -> List[str]:
    return [f"mend {mend.__version__} from {mend.library_path}; backends: {', '.join(BACKENDS)}"]


@pytest.fixture(params=BACKENDS)
def where(request, tmp_path) -> str:
    """A fresh, empty database location: a SQLite file path or the PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "practice.db")
    reset_postgresql()
    return PG_URL


@pytest.fixture
def empty_db(where) -> Iterator[mend.Database]:
    """An open database with no practice set up (no clinician, no actor)."""
    db = mend.open(where, create=True)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def db(empty_db) -> mend.Database:
    """A practice database whose actor is its admin (external id "ADM-1")."""
    empty_db.init_practice("Test Practice", display_name="Dr. Ada Admin", credentials="LMFT",
                           external_id="ADM-1")
    return empty_db


@dataclass
class Staff:
    admin: int
    supervisor: int
    alice: int  # a plain clinician
    bob: int  # another plain clinician


@pytest.fixture
def staff(db) -> Staff:
    """Clinicians of the practice, created by the admin (who stays the actor)."""
    return Staff(
        admin=db.actor,
        supervisor=db.clinicians.create(display_name="Dr. Sol Supervisor", role="supervisor",
                                        external_id="SUP-1"),
        alice=db.clinicians.create(display_name="Alice Ng", credentials="LPC", external_id="CLN-A"),
        bob=db.clinicians.create(display_name="Bob Ortiz", role="clinician", external_id="CLN-B"),
    )
