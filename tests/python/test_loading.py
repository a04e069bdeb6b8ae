"""Finding libmend.so.0: MEND_LIBRARY, bundled, build tree, SONAME; version check; pip install."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import mend
from mend import _lib

from conftest import BINDINGS, PYTHON, REPO, subprocess_env

LIB = Path(mend.library_path)
needs_file = pytest.mark.skipif(not LIB.is_file(), reason="the library was loaded by SONAME, not from a file")


def _run(code: str, env: dict, cwd: str = "/") -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def _copy_package(dest: Path) -> Path:
    """The package's source, outside the repository (so no build tree is near it)."""
    pkg = dest / "pkgsrc"
    shutil.copytree(BINDINGS, pkg, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "*.so*"))
    return pkg


def _env_without_library(**extra: str) -> dict:
    env = subprocess_env()
    env.pop("MEND_LIBRARY", None)
    env.pop("LD_LIBRARY_PATH", None)
    env.update(extra)
    return env


def test_module_attributes():
    assert mend.__version__ == _lib.version and mend.__version__.count(".") == 2
    assert mend.version_number // 1_000_000 == _lib.EXPECTED_MAJOR == 0
    assert mend.version_number == sum(int(p) * m for p, m in zip(mend.__version__.split("."), (10**6, 10**3, 1)))
    assert mend.threadsafety == 1
    assert "libmend.so.0" in mend.library_path
    for name in mend.__all__:
        assert getattr(mend, name) is not None
        obj = getattr(mend, name)
        if callable(obj) and not isinstance(obj, int):
            assert obj.__doc__, f"{name} has no docstring"


def test_missing_mend_library_file_names_it(tmp_path):
    missing = str(tmp_path / "nowhere" / "libmend.so.0")
    env = subprocess_env()
    env["MEND_LIBRARY"] = missing
    r = _run("import mend", env)
    assert r.returncode != 0
    assert "ImportError" in r.stderr and missing in r.stderr and "no such file" in r.stderr


def test_mend_library_is_final_and_unversioned_name_refused(tmp_path):
    env = subprocess_env()
    env["MEND_LIBRARY"] = str(tmp_path / "libmend.so")
    r = _run("import mend", env)
    assert r.returncode != 0 and "unversioned libmend.so is never loaded" in r.stderr


def test_mend_library_that_is_not_a_library(tmp_path):
    junk = tmp_path / "libmend.so.0"
    junk.write_text("not an ELF file\n")
    env = subprocess_env()
    env["MEND_LIBRARY"] = str(junk)
    r = _run("import mend", env)
    assert r.returncode != 0 and "ImportError" in r.stderr and str(junk) in r.stderr


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to build a fake library")
def test_wrong_major_version_is_refused(tmp_path):
    src = tmp_path / "fake.c"
    src.write_text(textwrap.dedent("""
        const char *mend_version(void) { return "1.0.0"; }
        int mend_version_number(void) { return 1000000; }
    """))
    fake = tmp_path / "libmend.so.1"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(fake), str(src)], check=True)
    env = subprocess_env()
    env["MEND_LIBRARY"] = str(fake)
    r = _run("import mend", env)
    assert r.returncode != 0
    assert "ImportError" in r.stderr and "major version 1" in r.stderr and "needs major version 0" in r.stderr


def test_versioned_name_pattern():
    assert _lib._VERSIONED.search("libmend.so.0")
    assert _lib._VERSIONED.search("/usr/lib/x86_64-linux-gnu/libmend.so.0.1.0")
    assert not _lib._VERSIONED.search("libmend.so")
    assert not _lib._VERSIONED.search("/usr/lib/libmend.so")
    assert not _lib._VERSIONED.search("libmendx.so.0")


def test_source_tree_build_is_found_without_mend_library():
    env = _env_without_library()
    r = _run("import mend; print(mend.library_path)", env)
    assert r.returncode == 0, r.stderr
    trees = [str(REPO / t / "libmend.so.0") for t in ("build", "build-py")]
    expected = next((t for t in trees if os.path.isfile(t)), None)
    if expected is None:
        pytest.skip("no build tree in this checkout")
    assert r.stdout.strip() == expected


@needs_file
def test_bundled_library_is_preferred_over_the_search(tmp_path):
    pkg = _copy_package(tmp_path)
    shutil.copy2(LIB.resolve(), pkg / "mend" / "libmend.so.0")
    env = _env_without_library(PYTHONPATH=str(pkg))
    r = _run("import mend; print(mend.library_path); print(mend.__file__)", env)
    assert r.returncode == 0, r.stderr
    path, init = r.stdout.split()
    assert path == str(pkg / "mend" / "libmend.so.0") and init.startswith(str(pkg))


@needs_file
def test_soname_fallback_and_failure_listing(tmp_path):
    pkg = _copy_package(tmp_path)
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy2(LIB.resolve(), libdir / "libmend.so.0")
    # Found by the dynamic loader's search (LD_LIBRARY_PATH) once nothing closer exists.
    env = _env_without_library(PYTHONPATH=str(pkg), LD_LIBRARY_PATH=str(libdir))
    r = _run("import mend; print(mend.library_path)", env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("libmend.so.0")
    # Nowhere to be found: the ImportError lists every attempt.
    env = _env_without_library(PYTHONPATH=str(pkg))
    r = _run("import mend", env)
    if r.returncode == 0:
        pytest.skip("a libmend.so.0 is installed system-wide")
    assert "ImportError" in r.stderr
    assert "bundled " + str(pkg / "mend" / "libmend.so.0") + ": no such file" in r.stderr
    assert "SONAME libmend.so.0" in r.stderr and "MEND_LIBRARY" in r.stderr


@needs_file
def test_pip_install_offline(tmp_path):
    pkg = _copy_package(tmp_path)
    shutil.copy2(LIB.resolve(), pkg / "mend" / "libmend.so.0")  # ship the library in the wheel
    target = tmp_path / "site"
    r = subprocess.run(
        [PYTHON, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--no-cache-dir", "--target", str(target), str(pkg)],
        capture_output=True, text=True, timeout=300, cwd=str(tmp_path), env=_env_without_library(),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    installed = target / "mend"
    assert {p.name for p in installed.iterdir()} >= {
        "__init__.py", "_lib.py", "_database.py", "errors.py", "records.py", "py.typed", "libmend.so.0"}
    env = _env_without_library(PYTHONPATH=str(target))
    code = ("import mend, tempfile, os\n"
            "d = tempfile.mkdtemp()\n"
            "with mend.open(os.path.join(d, 'p.db'), create=True) as db:\n"
            "    db.init_practice('P', display_name='Dr. A')\n"
            "    print(mend.library_path, db.clients.create(given_name='Sam', family_name='Rivera'))\n")
    r = _run(code, env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(installed / "libmend.so.0"), "1"]


def test_pip_install_into_a_venv_offline(tmp_path):
    """The README's install: a venv reusing Debian's pip and setuptools, no network."""
    pkg = _copy_package(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=120)
    vpy = str(venv / "bin" / "python")
    env = subprocess_env()
    env.pop("PYTHONPATH")
    r = subprocess.run([vpy, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
                        "--disable-pip-version-check", "--no-cache-dir", str(pkg)],
                       capture_output=True, text=True, timeout=300, cwd=str(tmp_path), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([vpy, "-c", "import mend; print(mend.__file__); print(mend.__version__)"],
                       capture_output=True, text=True, timeout=120, cwd="/", env=env)
    assert r.returncode == 0, r.stderr
    init, version = r.stdout.split()
    assert init.startswith(str(venv)) and version == mend.__version__
