"""Hosted practices on PostgreSQL (issue 16), through Python and the CLI:

* practices made with ``mend init --practice NAME`` and ``mend.open(practice=...)``,
  listed and migrated with ``mend practice list|migrate --all`` and
  ``mend.practices()``;
* isolation the database enforces: each practice's schema belongs to its own
  role (``scripts/hosting/practice-role.sql``); a connection made for one
  practice cannot read another's tables even with raw SQL, and mend opened as
  that role on another practice is refused;
* 50 practices in one database, written to concurrently by several processes:
  every row lands in its own practice and nowhere else.

PostgreSQL only (``MEND_TEST_PG_URL``); the tests make their own roles and
schemas and drop them afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import mend
from conftest import PG_URL, PSQL, REPO, reset_postgresql, subprocess_env

MEND = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")
SCRIPT = REPO / "scripts" / "hosting" / "practice-role.sql"

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (MEND_TEST_PG_URL)")


def psql(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    return subprocess.run([PSQL, url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=check)


def as_user(url: str, user: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.split("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, parts.fragment))


def cli(*args: str, check_rc: int = 0) -> subprocess.CompletedProcess:
    r = subprocess.run([MEND, *args], capture_output=True, text=True, timeout=300)
    assert r.returncode == check_rc, (args, r.stdout, r.stderr)
    return r


def drop_practices(names) -> None:
    for name in names:
        psql(PG_URL, "-c", f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    roles = ",".join(f"'{n}'" for n in names)
    r = psql(PG_URL, "-At", "-c", f"SELECT rolname FROM pg_roles WHERE rolname IN ({roles})")
    for role in r.stdout.split():
        psql(PG_URL, "-c", f'DROP OWNED BY "{role}" CASCADE', "-c", f'DROP ROLE "{role}"')


@pytest.fixture
def clean():
    reset_postgresql()
    names = ["riverside", "harbor", "hostadmin_probe"] + [f"p{i:02d}" for i in range(50)]
    drop_practices(names)
    psql(PG_URL, "-c", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mend_admin') "
                       "THEN CREATE ROLE mend_admin LOGIN; END IF; END $$")
    yield
    drop_practices(names)
    reset_postgresql()


def test_cli_init_list_migrate(clean):
    for name, admin in (("riverside", "Dr. River"), ("harbor", "Dr. Harbor")):
        out = cli("init", "--db", PG_URL, "--practice", name, "--admin", admin, "--name",
                  f"{name.title()} Couples", "--json")
        assert json.loads(out.stdout)["admin_id"] == 1
    cli("client", "create", "--db", PG_URL, "--practice", "riverside", "--as", "1", "--given", "Rae",
        "--family", "River")
    listed = json.loads(cli("practice", "list", "--db", PG_URL, "--json").stdout)
    names = [p["practice"] for p in listed["practices"]]
    assert names == ["harbor", "riverside"]
    latest = listed["latest_schema_version"]
    assert all(p["schema_version"] == latest and not p["needs_migration"] for p in listed["practices"])
    text = cli("practice", "list", "--db", PG_URL).stdout
    assert "harbor" in text and "riverside" in text
    # The URL's parameter names the practice as --practice does.
    shown = cli("client", "list", "--db", f"{PG_URL}?practice=riverside", "--as", "1", "--json").stdout
    assert [c["given_name"] for c in json.loads(shown)] == ["Rae"]
    assert json.loads(cli("client", "list", "--db", f"{PG_URL}?practice=harbor", "--as", "1",
                          "--json").stdout) == []
    # harbor one version behind (v16's table gone): listed as due, then migrated, resumably.
    psql(PG_URL, "-c", "DROP TABLE harbor.key_job", "-c",
         f"DELETE FROM harbor.mend_schema WHERE version = {latest}")
    listed = json.loads(cli("practice", "list", "--db", PG_URL, "--json").stdout)
    assert [(p["practice"], p["needs_migration"]) for p in listed["practices"]] == [
        ("harbor", True), ("riverside", False)]
    out = cli("practice", "migrate", "--all", "--db", PG_URL)
    assert f"migrating 1/1: harbor from v{latest - 1}" in out.stderr
    assert f"migrated 1 of 2 practices to schema version {latest}" in out.stdout
    out = cli("practice", "migrate", "--all", "--db", PG_URL, "--json")
    assert json.loads(out.stdout) == {"migrated": []}
    cli("practice", "migrate", "--db", PG_URL, check_rc=2)  # neither --all nor --practice
    # A practice that does not exist is not made by a command that only opens.
    r = cli("client", "list", "--db", PG_URL, "--practice", "nowhere", "--as", "1", check_rc=1)
    assert "no mend database" in r.stderr
    assert psql(PG_URL, "-At", "-c", "SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'nowhere'"
                ).stdout.strip() == "0"
    cli("client", "list", "--db", PG_URL, "--practice", "Bad Name", "--as", "1", check_rc=1)
    # On SQLite a practice is refused, and so is listing.
    r = cli("practice", "list", "--db", str(Path("/tmp") / "nope.db"), check_rc=1)
    assert "SQLite" in r.stderr


def test_python_practices_and_options(clean):
    db = mend.open(PG_URL, practice="riverside", create=True)
    db.init_practice("Riverside", display_name="Dr. River")
    db.clients.create(given_name="Rae", family_name="River")
    db.close()
    with mend.open(f"{PG_URL}?practice=riverside", actor=1, connect_timeout=5,
                   statement_timeout_ms=60000) as db:
        assert [c.given_name for c in db.clients.list()] == ["Rae"]
    listed = mend.practices(PG_URL)
    assert [p["practice"] for p in listed["practices"]] == ["riverside"]
    with pytest.raises(mend.InvalidArgument):
        mend.open(PG_URL, practice="Not Valid")
    with pytest.raises(mend.InvalidArgument):
        mend.open(f"{PG_URL}?practice=harbor", practice="riverside")
    with pytest.raises(mend.NotFound):
        mend.open(PG_URL, practice="harbor")
    with pytest.raises(mend.InvalidArgument):
        mend.open(PG_URL, practice="riverside", statement_timeout_ms=-1)
    with pytest.raises(mend.ConnectionLost):
        mend.practices("postgresql://mend@127.0.0.1:1/none", connect_timeout=2)
    with pytest.raises(TypeError):
        mend.open(PG_URL, practice=7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mend.open(PG_URL, transaction_pooling="yes")  # type: ignore[arg-type]


def terminate_other_connections() -> None:
    psql(PG_URL, "-c", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                       "datname = current_database() AND pid <> pg_backend_pid() "
                       "AND backend_type = 'client backend'")


def test_connection_lost_inside_a_transaction(clean):
    """The transaction died with the connection: the block's next call raises
    ConnectionLost, the context manager rolls back, nothing of it is committed,
    and the handle works again after."""
    db = mend.open(PG_URL, practice="riverside", create=True)
    db.init_practice("Riverside", display_name="Dr. River")
    before = db.clients.create(given_name="Rae", family_name="Before", external_id="lost-0")
    with pytest.raises(mend.ConnectionLost) as lost:
        with db.transaction():
            db.clients.create(given_name="Ida", family_name="Inside", external_id="lost-1")
            terminate_other_connections()
            db.clients.create(given_name="Al", family_name="After", external_id="lost-2")
    assert "roll the transaction back" in str(lost.value)
    assert not db.in_transaction
    # The next call connects again; the transaction's writes are gone.
    assert [c.external_id for c in db.clients.list()] == ["lost-0"]
    # A commit that finds the connection gone says it may not have committed
    # (here it did not: the server ended the transaction before COMMIT).
    db.begin()
    db.clients.create(given_name="Ida", family_name="Inside", external_id="lost-3")
    terminate_other_connections()
    with pytest.raises(mend.ConnectionLost) as lost:
        db.commit()
    assert "may or may not have committed" in str(lost.value)
    assert not db.in_transaction
    assert [c.id for c in db.clients.list()] == [before]
    assert db.verify()["ok"]
    db.close()


def test_roles_isolate_practices(clean):
    """Each practice's schema belongs to its own role (the script); a connection
    made for one practice cannot read the other's tables, even with raw SQL."""
    for name in ("riverside", "harbor"):
        r = psql(PG_URL, "-v", f"practice={name}", "-v", "admin=mend_admin", "-f", str(SCRIPT))
        assert r.returncode == 0, r.stderr
        url = as_user(PG_URL, name)
        db = mend.open(url, practice=name, create=True)
        db.init_practice(name.title(), display_name=f"Dr. {name.title()}")
        db.clients.create(given_name=f"Client of {name}", family_name="X", external_id=f"{name}-1")
        db.close()
    river = as_user(PG_URL, "riverside")
    # Owned by the practice's role, in its schema.
    assert psql(PG_URL, "-At", "-c", "SELECT tableowner FROM pg_tables WHERE schemaname = 'riverside' "
                "AND tablename = 'client'").stdout.strip() == "riverside"
    # Its own tables: yes. The other practice's, with raw SQL: permission denied.
    assert psql(river, "-At", "-c", "SELECT COUNT(*) FROM client").stdout.strip() == "1"
    for sql in ("SELECT * FROM harbor.client", "SELECT * FROM harbor.note",
                "SELECT * FROM harbor.audit_event", "CREATE TABLE harbor.x (a int)",
                "CREATE TABLE public.x (a int)"):
        r = psql(river, "-c", sql, check=False)
        assert r.returncode != 0 and "permission denied" in r.stderr, (sql, r.stderr)
    # mend, connected as riverside, is refused harbor, and creates nothing there.
    for create in (False, True):
        with pytest.raises(mend.PermissionDenied, match="may not use this practice"):
            mend.open(river, practice="harbor", create=create)
    assert psql(PG_URL, "-At", "-c", "SELECT COUNT(*) FROM harbor.client").stdout.strip() == "1"
    # The role's practice is its search_path: opened without naming it, it is there.
    with mend.open(river, actor=1) as db:
        assert [c.given_name for c in db.clients.list()] == ["Client of riverside"]
    # The cluster admin (a member of each practice's role) lists them both.
    admin = as_user(PG_URL, "mend_admin")
    assert [p["practice"] for p in mend.practices(admin)["practices"]] == ["harbor", "riverside"]
    # A practice's role lists only its own.
    assert [p["practice"] for p in mend.practices(river)["practices"]] == ["riverside"]
    # The admin migrates a practice as its owner: new tables stay the practice's.
    latest = mend.practices(admin)["latest_schema_version"]
    psql(PG_URL, "-c", "DROP TABLE harbor.key_job", "-c", f"DELETE FROM harbor.mend_schema WHERE version = {latest}")
    out = cli("practice", "migrate", "--all", "--db", admin)
    assert "migrated 1 of 2" in out.stdout
    assert psql(PG_URL, "-At", "-c", "SELECT tableowner FROM pg_tables WHERE schemaname = 'harbor' "
                "AND tablename = 'key_job'").stdout.strip() == "harbor"
    with mend.open(as_user(PG_URL, "harbor"), actor=1) as db:
        assert [c.given_name for c in db.clients.list()] == ["Client of harbor"]


WRITER = r"""
import json, sys
import mend
url, proc, names = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
order = names[proc:] + names[:proc]  # each process starts at another practice
for round in range(2):
    for name in order:
        with mend.open(url, practice=name, actor=1) as db:
            db.clients.create(given_name=f"{name}-p{proc}-r{round}", family_name=name,
                              external_id=f"{name}:{proc}:{round}")
print("ok")
"""


def test_fifty_practices_written_concurrently(clean):
    names = [f"p{i:02d}" for i in range(50)]
    for name in names:
        db = mend.open(PG_URL, practice=name, create=True)
        db.init_practice(f"Practice {name}", display_name=f"Dr. {name}")
        db.close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, PG_URL, str(p), json.dumps(names)],
                              env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for p in range(5)]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0 and out.strip() == "ok", err
    listed = mend.practices(PG_URL)["practices"]
    assert [p["practice"] for p in listed] == names
    for name in names:
        with mend.open(PG_URL, practice=name, actor=1) as db:
            clients = list(db.clients.list())
            # Every row of this practice is this practice's, all ten of them.
            assert len(clients) == 10
            assert {c.family_name for c in clients} == {name}
            assert sorted(c.external_id for c in clients) == sorted(
                f"{name}:{p}:{r}" for p in range(5) for r in range(2))
            assert db.verify()["ok"] is True
    # And nowhere else: 500 rows in all, none in public.
    total = psql(PG_URL, "-At", "-c", " UNION ALL ".join(
        f"SELECT COUNT(*) FROM {n}.client WHERE family_name IS NOT NULL" for n in names)).stdout.split()
    assert sum(int(x) for x in total) == 500
    assert psql(PG_URL, "-At", "-c", "SELECT COUNT(*) FROM information_schema.tables "
                "WHERE table_schema = 'public'").stdout.strip() == "0"
