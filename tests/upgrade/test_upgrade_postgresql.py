"""The fixtures that carry a PostgreSQL practice (vN.pg.sql.xz: a pg_dump of
the old CLI's demo) restored into a fresh public schema at
MEND_TEST_PG_URL, opened with the current mend: migrated to the latest
schema, `db.verify()` passing, every table holding at least the rows it had,
the old CLI's lists the same through today's CLI, and new writes working."""

from __future__ import annotations

import lzma
import os
import subprocess

import pytest

from upgrade_support import FIXTURES, Copy, cli, expected, fixture_versions, mend, same_lists

PG_URL = os.environ.get("MEND_TEST_PG_URL") or ""
VERSIONS = [v for v in fixture_versions() if expected(v).get("postgresql")]
PSQL = ["/usr/bin/psql", PG_URL, "-v", "ON_ERROR_STOP=1", "-q", "-X"]
PG_ENV = dict(os.environ, PGOPTIONS="-c client_min_messages=warning -c lock_timeout=30s")

pytestmark = pytest.mark.skipif(not PG_URL, reason="MEND_TEST_PG_URL is not set")


def psql(*args: str, stdin: bytes = b"") -> str:
    r = subprocess.run([*PSQL, *args], input=stdin, capture_output=True, env=PG_ENV,
                       timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode()


def restore(version: int) -> None:
    """The old practice as the old CLI left it, in a fresh public schema."""
    psql("-c", "DROP SCHEMA public CASCADE")
    psql("-f", "-", stdin=lzma.decompress((FIXTURES / f"v{version}.pg.sql.xz").read_bytes()))


def counts() -> dict:
    tables = psql("-A", "-t", "-c", "SELECT tablename FROM pg_tables "
                  "WHERE schemaname = 'public'").split()
    return {t: int(psql("-A", "-t", "-c", f'SELECT COUNT(*) FROM "{t}"')) for t in tables}


def test_some_fixtures_carry_postgresql():
    assert 1 in VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_postgresql_fixture_migrates(version, tmp_path):
    copy = Copy(version, tmp_path)  # its key file, when keyed
    pg = copy.expected["postgresql"]
    with mend.open(str(tmp_path / "fresh.db"), create=True) as fresh:
        latest = fresh.schema_version
    restore(version)
    assert counts() == pg["counts"]
    assert int(psql("-A", "-t", "-c", "SELECT MAX(version) FROM mend_schema")) == version

    key = str(copy.key) if copy.key else None
    with mend.open(PG_URL, key_file=key) as db:
        db.set_actor(pg["admin"])
        assert db.schema_version == latest
        report = db.verify()
    assert report["ok"], report
    for kind, table in (("clients", "client"), ("couples", "couple"), ("cases", "care_case"),
                        ("notes", "note")):
        assert report["rows_checked"][kind] == pg["counts"].get(table, 0)
    chain = report["audit_chain"]
    assert chain["ok"] and chain["events_checked"] >= pg["counts"]["audit_event"] > 0
    now = counts()
    for table, n in pg["counts"].items():
        assert now[table] >= n, table

    env = dict(os.environ, MEND_DB=PG_URL, MEND_ACTOR=str(pg["admin"]))
    env.pop("MEND_NOW", None)
    env.pop("MEND_KEY_FILE", None)
    if key:
        env["MEND_KEY_FILE"] = key
    assert same_lists(pg["reads"], env) >= 3
    r = cli(env, "check")
    assert r.returncode == 0, r.stdout + r.stderr

    with mend.open(PG_URL, key_file=key) as db:
        db.set_actor(pg["admin"])
        client = db.clients.create(given_name="Upgraded", family_name="Client")
        assert db.clients.get(client).family_name == "Client"
        assert db.verify()["ok"]
