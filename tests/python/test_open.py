"""Opening never creates a database by accident (``create=True`` does), and
never changes another application's database or a damaged file."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

import mend
from mend import _lib

from conftest import BINDINGS, PYTHON, raw_sql, subprocess_env


def _sha(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _no_files(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        assert not os.path.exists(path + suffix), path + suffix


def test_missing_database_is_not_found_and_nothing_is_created(where):
    with pytest.raises(mend.NotFound) as e:
        mend.open(where)
    assert e.value.code_name == "MEND_ENOTFOUND"
    assert "no mend database at " in str(e.value)
    if where.startswith("postgresql://"):
        assert "postgresql://" in str(e.value)
        with mend.open(where, create=True) as db:  # would fail had tables been left behind
            assert db.schema_version >= 1
    else:
        assert where in str(e.value)
        _no_files(where)
        with mend.open(where, create=True) as db:
            assert db.schema_version >= 1
    with mend.open(where) as db:  # now it exists: no flag needed
        assert db.schema_version >= 1


def test_create_must_be_a_bool(tmp_path):
    with pytest.raises(TypeError):
        mend.open(str(tmp_path / "p.db"), create=1)
    _no_files(str(tmp_path / "p.db"))


def test_empty_file_is_no_database_and_stays_empty(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(mend.NotFound):
        mend.open(str(path))
    assert path.read_bytes() == b""
    with mend.open(str(path), create=True) as db:
        assert db.schema_version >= 1


def test_another_applications_file_is_left_as_it_was(tmp_path):
    path = str(tmp_path / "other-app.db")
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER);"
                      "INSERT INTO invoices (total) VALUES (120);")
    con.close()
    before = _sha(path)
    for create in (False, True):
        with pytest.raises(mend.SchemaTooNew) as e:
            mend.open(path, create=create)
        assert e.value.code_name == "MEND_ESCHEMA" and "not a mend database" in str(e.value)
    assert _sha(path) == before
    for suffix in ("-wal", "-shm", "-journal"):
        assert not os.path.exists(path + suffix)


def test_another_applications_schema_is_left_as_it_was(where):
    if not where.startswith("postgresql://"):
        pytest.skip("PostgreSQL: the SQLite case is the file test above")

    class Raw:
        backend = "postgresql"

    Raw.where = where
    assert raw_sql(Raw, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)") == ""
    for create in (False, True):
        with pytest.raises(mend.SchemaTooNew) as e:
            mend.open(where, create=create)
        assert "not a mend database" in str(e.value)
    assert raw_sql(Raw, "SELECT 1 FROM mend_schema") != ""  # still no mend table


def test_truncated_practice_file_is_refused_unchanged(tmp_path):
    path = str(tmp_path / "practice.db")
    with mend.open(path, create=True) as db:
        db.init_practice("P", display_name="Dr. A")
        db.clients.create(given_name="Sam", family_name="Rivera")
    whole = Path(path).read_bytes()
    assert len(whole) > 8192 and not os.path.exists(path + "-wal")
    for size in (1000, 8192):
        Path(path).write_bytes(whole[:size])
        for create in (False, True):
            with pytest.raises(mend.StoreError) as e:
                mend.open(path, create=create)
            assert "damaged or not a database" in str(e.value)
        assert Path(path).read_bytes() == whole[:size]


def test_version_1_options_never_create(tmp_path):
    """A host built against version 1 of mend_open_options cannot set flags."""
    from ctypes import byref, c_void_p

    path = str(tmp_path / "v1.db")
    opts = _lib.OpenOptions()
    assert _lib.lib.mend_open_options_init(byref(opts), 1) == 0
    opts.flags = _lib.MEND_OPEN_CREATE  # past version 1's bytes: never read
    handle = c_void_p()
    assert _lib.lib.mend_open(byref(handle), path.encode(), byref(opts)) == _lib.MEND_ENOTFOUND
    assert not handle.value
    _no_files(path)


@pytest.mark.skipif(shutil.which("cmake") is None, reason="needs cmake to install a prefix")
def test_installed_library_found_by_the_system_loader(tmp_path):
    """A copy of the package outside the checkout, no MEND_LIBRARY: the library
    comes from an installed prefix through the dynamic loader's search."""
    build = Path(os.environ.get("MEND_LIBRARY", "")).resolve().parent
    if not (build / "CMakeCache.txt").is_file():
        pytest.skip("the library is not from a build tree")
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], check=True,
                   capture_output=True, timeout=300)
    libs = sorted(prefix.glob("lib*/**/libmend.so.0"))
    assert libs, "cmake --install put no libmend.so.0 in the prefix"
    pkg = tmp_path / "pkg"
    shutil.copytree(BINDINGS / "mend", pkg / "mend",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
    env = subprocess_env()
    env.pop("MEND_LIBRARY", None)
    env["PYTHONPATH"] = str(pkg)
    env["LD_LIBRARY_PATH"] = str(libs[0].parent)
    code = ("import mend, os, tempfile\n"
            "print(mend.library_path)\n"
            "print([l.split()[-1] for l in open('/proc/self/maps') if 'libmend.so' in l][0])\n"
            "p = os.path.join(tempfile.mkdtemp(), 'p.db')\n"
            "with mend.open(p, create=True) as db:\n"
            "    print(db.init_practice('P', display_name='Dr. A'))\n")
    r = subprocess.run([PYTHON, "-c", code], env=env, cwd=str(tmp_path), capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    how, loaded, admin = r.stdout.split()
    assert how in ("libmend.so.0", os.path.basename(how))  # by SONAME, not a path
    assert os.path.realpath(loaded).startswith(str(prefix)), loaded
    assert admin == "1"
