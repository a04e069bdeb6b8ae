"""Terminal safety of the CLI's text output (issue 15): a record value holding an
ESC sequence (clear the screen, set the window title), a CR or LF (a forged line),
a BEL, a C1 control or a bidi override is never printed as it is by a text
command: it is shown escaped (\\x1b, \\r, \\n, \\x07, \\u{202e}). JSON output
(--json) stays JSON, the values exactly as stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path
from typing import List

import pytest

from conftest import REPO

MEND = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")
TODAY = dt.datetime.now(dt.timezone.utc).date()

GIVEN = "Eve\x1b[2J\x1b[H"  # clears the screen
FAMILY = "Forge\r\nmend: error: forged line\x07"  # a forged line, a bell
PREFERRED = "\u202eevil\u2066"  # bidi override and isolate
EXTERNAL = "X\x1b]0;pwned\x07\u0085"  # a window title, a C1 next-line
NOTE = "Said \x1b[31mred\x1b[0m\rthen\x9b"  # colours, CR, a C1 CSI as U+009B

# What a terminal must never receive from a record: C0 controls other than the
# line feeds of the output's own lines, DEL, C1 controls and the invisible
# direction controls.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.skipif(not Path(MEND).is_file(), reason="the mend CLI is not built")


def day(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def hostile(db):
    """A couple, one of them named with control characters, a case with a signed
    note holding them, an agreement and a phase; the handle closed for the CLI."""
    eve = db.clients.create(given_name=GIVEN, family_name=FAMILY, preferred_name=PREFERRED,
                            external_id=EXTERNAL)
    sam = db.clients.create(given_name="Sam", family_name="Plain")
    couple = db.couples.create(client_a_id=eve, client_b_id=sam, secrets_policy="confidential",
                               external_id="C\x1b[2J")
    case = db.cases.create(couple_id=couple, opened_on=day(60), external_id="K\r\nforged")
    db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=eve, on=day(50))
    session = db.sessions.create(case, starts_at=f"{day(10)}T10:00:00Z", duration_minutes=52,
                                 participants=[eve, sam], identified_patient_id=eve,
                                 cpt_code="90847")
    note = db.notes.create(session, "soap", subjective=NOTE, assessment="Hypervigilance \x1b[2J",
                           plan="Stabilisation")
    db.notes.sign(note)
    admin = db.actor
    where = db.where
    db.close()
    return {"where": where, "admin": admin, "eve": eve, "couple": couple, "case": case,
            "session": session, "note": note}


def cli(h, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({"MEND_DB": h["where"], "MEND_ACTOR": str(h["admin"])})
    env.pop("MEND_KEY_FILE", None)
    env.pop("MEND_NOW", None)
    r = subprocess.run([MEND, *args], capture_output=True, timeout=60, env=env)
    assert r.returncode == 0, f"mend {' '.join(args)}: {r.stderr!r}"
    return r


def text_commands(h) -> List[List[str]]:
    c, e = str(h["case"]), str(h["eve"])
    return [
        ["client", "list"], ["client", "show", e], ["couple", "list"],
        ["couple", "show", str(h["couple"])], ["case", "list"], ["case", "show", c],
        ["note", "show", str(h["note"])], ["note", "list", "--case", c],
        ["note", "search", "red"], ["session", "show", str(h["session"])],
        ["phase", "status", "--case", c], ["phase", "history", "--case", c],
        ["report", "--case", c], ["report", "--case", c, "--notes", "yes"],
        ["report", "--caseload"], ["report", "--case", c, "--format", "html"],
    ]


def test_text_output_shows_control_characters_escaped(hostile):
    h = hostile
    shown = {}
    for cmd in text_commands(h):
        out = cli(h, *cmd).stdout.decode("utf-8")  # valid UTF-8 too
        bad = UNSAFE.findall(out)
        assert not bad, f"mend {' '.join(cmd)} printed {bad!r}: {out[:400]!r}"
        shown[" ".join(cmd)] = out
    of = lambda prefix: next(v for k, v in shown.items() if k.startswith(prefix))  # noqa: E731
    # The escaped form is what a person reads.
    client = of("client show")
    assert "Eve\\x1b[2J\\x1b[H" in client
    assert "Forge\\r\\nmend: error: forged line\\x07" in client
    assert "\\u{202e}evil\\u{2066}" in client
    assert "X\\x1b]0;pwned\\x07\\u{0085}" in client
    assert "Eve\\x1b[2J" in of("client list")
    assert "K\\r\\nforged" in of("case show")
    assert "Said \\x1b[31mred\\x1b[0m\\rthen\\u{009b}" in of("note show")
    # No line was forged: the family name's "mend: error:" never starts a line
    # (an HTML report keeps a value's line feed, which a browser shows as a space).
    for cmd, out in shown.items():
        if "html" in cmd:
            continue
        assert not any(line.startswith("mend: error: forged") for line in out.splitlines())


def test_json_output_keeps_the_values_exactly(hostile):
    h = hostile
    client = json.loads(cli(h, "client", "show", str(h["eve"]), "--json").stdout)
    assert (client["given_name"], client["family_name"]) == (GIVEN, FAMILY)
    assert client["preferred_name"] == PREFERRED and client["external_id"] == EXTERNAL
    note = json.loads(cli(h, "note", "show", str(h["note"]), "--json").stdout)
    assert note["content"]["subjective"] == NOTE
    # JSON escapes the C0 controls itself.
    raw = cli(h, "client", "show", str(h["eve"]), "--json").stdout
    assert b"\x1b" not in raw and b"\r" not in raw and b"\x07" not in raw
