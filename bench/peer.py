#!/usr/bin/env python3
"""The Python peer: the workloads of bench_mend written as a practice's
developer would without mend, in Python with the standard ``sqlite3`` module:
their own tables, an audit table written beside every create and read, WAL
and synchronous=FULL (mend's durability), prepared statements through the
module's statement cache, the same sizes and transaction sizes as bench_mend
and notes of the same lengths.

Usage: peer.py run SIZE DIR      JSON lines on stdout, one per workload
       peer.py caseload DB       (the caseload, run as a child for its RSS)
"""
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

# clinicians, clients, notes per client, administrations per client,
# single creates, reps: as in bench_mend.c
SIZES = {"T": (1, 4, 2, 2, 5, 3), "S": (1, 30, 20, 10, 50, 15),
         "M": (20, 2000, 20, 10, 200, 25), "L": (100, 10000, 20, 10, 300, 25)}
CLIENT_BATCH = 200

SCHEMA = """
CREATE TABLE clinician (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE client (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, given_name TEXT NOT NULL,
  family_name TEXT NOT NULL, date_of_birth TEXT, email TEXT, phone TEXT,
  created_by INTEGER NOT NULL REFERENCES clinician(id), created_at TEXT NOT NULL);
CREATE TABLE couple (id INTEGER PRIMARY KEY, client_a INTEGER NOT NULL REFERENCES client(id),
  client_b INTEGER NOT NULL REFERENCES client(id));
CREATE TABLE care_case (id INTEGER PRIMARY KEY, couple_id INTEGER REFERENCES couple(id),
  clinician_id INTEGER NOT NULL REFERENCES clinician(id), opened_on TEXT NOT NULL);
CREATE INDEX case_clinician ON care_case(clinician_id);
CREATE TABLE session (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES care_case(id),
  starts_at TEXT NOT NULL, minutes INTEGER NOT NULL, modality TEXT NOT NULL, cpt TEXT NOT NULL);
CREATE INDEX session_case ON session(case_id, starts_at);
CREATE TABLE session_participant (session_id INTEGER NOT NULL, client_id INTEGER NOT NULL,
  PRIMARY KEY (session_id, client_id));
CREATE TABLE note (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES session(id),
  case_id INTEGER NOT NULL, author_id INTEGER NOT NULL, format TEXT NOT NULL,
  content TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX note_case ON note(case_id);
CREATE VIRTUAL TABLE note_fts USING fts5(body);
CREATE TABLE administration (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL,
  case_id INTEGER, instrument TEXT NOT NULL, administered_on TEXT NOT NULL, total REAL,
  band TEXT, created_at TEXT NOT NULL);
CREATE INDEX administration_client ON administration(client_id, instrument, administered_on);
CREATE TABLE administration_item (administration_id INTEGER NOT NULL, position INTEGER NOT NULL,
  chosen INTEGER, PRIMARY KEY (administration_id, position));
CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor INTEGER, action TEXT NOT NULL,
  object_type TEXT NOT NULL, object_id INTEGER);
"""

WORDS = ("client partner reported discovery affair trust anxiety sleep intrusive images triggers "
         "disclosure timeline boundaries honesty shame anger grief avoidance conflict weekend "
         "children work stress breathing grounding exercise practiced homework reviewed safety "
         "plan denied ideation intent mood affect congruent tearful calm engaged session explored "
         "attachment injury repair apology empathy listening validated feelings phone "
         "transparency agreement checkins progress setback argument escalation timeout reconnect "
         "intimacy distance hope ambivalence commitment therapy goals measures improved worsened "
         "stable evening morning family support friends isolation betrayal trauma hypervigilance "
         "rumination questions answers letter impact narrative meaning forgiveness rebuild").split()

rng = random.Random(0x6D656E64)


def prose(n: int) -> str:
    out, length = [], 0
    while length < n:
        w = rng.choice(WORDS)
        out.append(w)
        length += len(w) + 1
    return " ".join(out).capitalize() + "."


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def audit(db: sqlite3.Connection, actor: int, action: str, kind: str, obj: int) -> None:
    db.execute("INSERT INTO audit (at, actor, action, object_type, object_id) VALUES (?,?,?,?,?)",
               (now(), actor, action, kind, obj))


def result(name: str, unit: str, value: float, **extra) -> None:
    print(json.dumps({"workload": name, "unit": unit, "peer": round(value, 3), **extra}),
          flush=True)


def date(offset: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(1704067200 + offset * 86400))


def client_row(i: int):
    return (f"peer-{i}", rng.choice(["Avery", "Jordan", "Sam", "Riley"]),
            rng.choice(["Okafor", "Moreno", "Nguyen", "Tanaka"]), date(-7000 - rng.randrange(15000)),
            f"client{i}@example.org", f"+1 555 {rng.randrange(1000):03} {rng.randrange(10000):04}")


def insert_client(db: sqlite3.Connection, row) -> int:
    cur = db.execute("INSERT INTO client (external_id, given_name, family_name, date_of_birth,"
                     " email, phone, created_by, created_at) VALUES (?,?,?,?,?,?,1,?)",
                     (*row, now()))
    audit(db, 1, "create", "client", cur.lastrowid)
    return cur.lastrowid


def band(total: int) -> str:
    return "minimal" if total < 5 else "mild" if total < 10 else "moderate"


def per_case(db: sqlite3.Connection, cases, clinicians: int, n: int, row) -> float:
    """n rows per case, one transaction per case (as bench_mend); the median per row."""
    per_row = []
    for k, case in enumerate(cases):
        t = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        for j in range(n):
            row(k, case, 2 + k % clinicians, j)
        db.execute("COMMIT")
        per_row.append((time.perf_counter() - t) * 1e6 / n)
    return statistics.median(per_row)


def run(size: str, directory: str) -> None:
    clinicians, nclients, notes_pc, adm_pc, singles, reps = SIZES[size]
    path = os.path.join(directory, f"peer_{size}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = connect(path)
    db.executescript(SCHEMA)
    db.execute("BEGIN")
    db.executemany("INSERT INTO clinician (name, role) VALUES (?, ?)",
                   [("Admin", "admin")] + [(f"Dr. Peer {i}", "clinician") for i in range(clinicians)])
    db.execute("COMMIT")

    per_row = []
    clients = []
    for first in range(0, nclients, CLIENT_BATCH):
        rows = [client_row(i) for i in range(first, min(first + CLIENT_BATCH, nclients))]
        t = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        clients += [insert_client(db, r) for r in rows]
        db.execute("COMMIT")
        per_row.append((time.perf_counter() - t) * 1e6 / len(rows))
    result("ingest_clients", "us/row", statistics.median(per_row))

    cases = []
    db.execute("BEGIN IMMEDIATE")
    for k in range(nclients // 2):
        couple = db.execute("INSERT INTO couple (client_a, client_b) VALUES (?, ?)",
                            (clients[2 * k], clients[2 * k + 1])).lastrowid
        cases.append(db.execute("INSERT INTO care_case (couple_id, clinician_id, opened_on)"
                                " VALUES (?, ?, '2024-01-02')",
                                (couple, 2 + k % clinicians)).lastrowid)
    db.execute("COMMIT")

    def note(k: int, case: int, author: int, j: int) -> None:
        sid = db.execute("INSERT INTO session (case_id, starts_at, minutes, modality, cpt)"
                         " VALUES (?, ?, 50, ?, '90847')",
                         (case, date(7 + 7 * j + k % 5) + "T10:00",
                          "in_person" if j % 3 else "video")).lastrowid
        db.executemany("INSERT INTO session_participant VALUES (?, ?)",
                       [(sid, clients[2 * k]), (sid, clients[2 * k + 1])])
        audit(db, author, "create", "session", sid)
        content = {"subjective": prose(300 + rng.randrange(300)),
                   "objective": prose(150 + rng.randrange(200)),
                   "assessment": prose(200 + rng.randrange(250)),
                   "plan": prose(120 + rng.randrange(200))}
        nid = db.execute("INSERT INTO note (session_id, case_id, author_id, format, content,"
                         " created_at) VALUES (?, ?, ?, 'soap', ?, ?)",
                         (sid, case, author, json.dumps(content), now())).lastrowid
        db.execute("INSERT INTO note_fts (rowid, body) VALUES (?, ?)",
                   (nid, "\n".join(content.values())))
        audit(db, author, "create", "note", nid)

    result("ingest_notes", "us/row", per_case(db, cases, clinicians, 2 * notes_pc, note))

    def administration(k: int, case: int, author: int, j: int) -> None:
        phq = (j // 2) % 2 == 0
        answers = [rng.randrange(4) for _ in range(9 if phq else 7)]
        if phq:
            answers[8] = 0
        total = sum(answers)
        aid = db.execute("INSERT INTO administration (client_id, case_id, instrument,"
                         " administered_on, total, band, created_at) VALUES (?,?,?,?,?,?,?)",
                         (clients[2 * k + j % 2], case, "phq9" if phq else "gad7",
                          date(7 + 14 * (j // 2) + k % 5), total, band(total), now())).lastrowid
        db.executemany("INSERT INTO administration_item VALUES (?, ?, ?)",
                       [(aid, p + 1, a) for p, a in enumerate(answers)])
        audit(db, author, "create", "administration", aid)

    result("ingest_administrations", "us/row",
           per_case(db, cases, clinicians, 2 * adm_pc, administration))

    times = []
    for i in range(singles):
        row = client_row(1000000 + i)
        t = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        insert_client(db, row)
        db.execute("COMMIT")
        times.append((time.perf_counter() - t) * 1e6)
    times.sort()
    result("durable_client_create_p50", "us/call", statistics.median(times), n=singles)
    result("durable_client_create_p99", "us/call", times[round(0.99 * (len(times) - 1))],
           n=singles)

    times = []
    for i in range(reps):
        k = (i * clinicians) % len(cases)
        t = time.perf_counter()
        couple_report(db, cases[k], 2)
        times.append((time.perf_counter() - t) * 1e6)
    result("couple_report", "us/call", statistics.median(times), reps=reps)

    times = []
    for i in range(reps * 2):
        q = WORDS[(i * 7) % len(WORDS)]
        t = time.perf_counter()
        db.execute("BEGIN")
        hits = db.execute("SELECT n.id, n.case_id, n.session_id, n.format, n.created_at,"
                          " snippet(note_fts, 0, '[', ']', '...', 12) FROM note_fts"
                          " JOIN note n ON n.id = note_fts.rowid WHERE note_fts MATCH ?"
                          " ORDER BY rank LIMIT 50", (q,)).fetchall()
        db.execute("COMMIT")
        db.execute("BEGIN IMMEDIATE")
        for h in hits:
            audit(db, 1, "read", "note", h[0])
        db.execute("COMMIT")
        times.append((time.perf_counter() - t) * 1e6)
    result("note_search_p50", "us/call", statistics.median(times), reps=reps * 2)

    # synchronous=NORMAL, as mend's side of this figure (python_calls.py):
    # a read's audit commit then waits for no fsync.
    db.execute("PRAGMA synchronous=NORMAL")
    times = []
    for i in range(reps * 20):
        t = time.perf_counter()
        db.execute("BEGIN")
        row = db.execute("SELECT * FROM client WHERE id = ?", (clients[i % len(clients)],)).fetchone()
        dict(zip(("id", "external_id", "given_name", "family_name", "date_of_birth", "email",
                  "phone", "created_by", "created_at"), row))
        audit(db, 1, "read", "client", row[0])
        db.execute("COMMIT")
        times.append((time.perf_counter() - t) * 1e6)
    result("client_get_p50", "us/call", statistics.median(times), reps=reps * 20)
    db.close()

    runs, rss = [], 0
    for _ in range(1 if size == "L" else 3):
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "caseload", path], check=True)
        runs.append((time.perf_counter() - t) * 1e6)
        rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result("caseload_report", "us/call", statistics.median(runs), peak_rss_kb=rss)


def couple_report(db: sqlite3.Connection, case: int, actor: int) -> str:
    """A developer's couple report: the rows in a read transaction, shaped in
    Python, one audit row per record read in a short write transaction."""
    db.execute("BEGIN")
    c = db.execute("SELECT id, couple_id, clinician_id, opened_on FROM care_case WHERE id = ?",
                   (case,)).fetchone()
    a, b = db.execute("SELECT client_a, client_b FROM couple WHERE id = ?", (c[1],)).fetchone()
    partners = [dict(zip(("id", "given_name", "family_name", "date_of_birth"), r)) for r in
                db.execute("SELECT id, given_name, family_name, date_of_birth FROM client"
                           " WHERE id IN (?, ?)", (a, b))]
    clinician = db.execute("SELECT name FROM clinician WHERE id = ?", (c[2],)).fetchone()[0]
    sessions = db.execute("SELECT s.id, s.starts_at, s.minutes, s.modality, s.cpt,"
                          " group_concat(p.client_id) FROM session s"
                          " JOIN session_participant p ON p.session_id = s.id"
                          " WHERE s.case_id = ? GROUP BY s.id ORDER BY s.starts_at",
                          (case,)).fetchall()
    notes = {r[0]: {"id": r[1], "format": r[2], "content": json.loads(r[3])} for r in
             db.execute("SELECT session_id, id, format, content FROM note WHERE case_id = ?",
                        (case,))}
    series = {}
    for r in db.execute("SELECT a.client_id, a.instrument, a.administered_on, a.total, a.band,"
                        " group_concat(i.chosen) FROM administration a"
                        " JOIN administration_item i ON i.administration_id = a.id"
                        " WHERE a.client_id IN (?, ?) GROUP BY a.id"
                        " ORDER BY a.client_id, a.instrument, a.administered_on", (a, b)):
        series.setdefault(f"{r[0]}:{r[1]}", []).append(
            {"on": r[2], "total": r[3], "band": r[4], "items": r[5]})
    db.execute("COMMIT")
    report = {"case": c[0], "opened_on": c[3], "clinician": clinician, "partners": partners,
              "sessions": [{"id": s[0], "starts_at": s[1], "minutes": s[2], "modality": s[3],
                            "cpt": s[4], "participants": s[5], "note": notes.get(s[0])}
                           for s in sessions],
              "measures": series}
    db.execute("BEGIN IMMEDIATE")
    audit(db, actor, "report", "case", case)
    for p in partners:
        audit(db, actor, "read", "client", p["id"])
    for n in notes.values():
        audit(db, actor, "read", "note", n["id"])
    db.execute("COMMIT")
    return json.dumps(report)


def caseload(path: str) -> None:
    """A developer's caseload: every case with its partners, session count,
    last session and latest measure per partner and instrument, streamed."""
    db = connect(path)
    db.execute("BEGIN")
    rows = []
    for case, clin, opened, a, b in db.execute(
            "SELECT c.id, c.clinician_id, c.opened_on, k.client_a, k.client_b FROM care_case c"
            " JOIN couple k ON k.id = c.couple_id ORDER BY c.clinician_id, c.id").fetchall():
        n, last = db.execute("SELECT COUNT(*), MAX(starts_at) FROM session WHERE case_id = ?",
                             (case,)).fetchone()
        latest = db.execute("SELECT client_id, instrument, MAX(administered_on), total"
                            " FROM administration WHERE client_id IN (?, ?)"
                            " GROUP BY client_id, instrument", (a, b)).fetchall()
        rows.append(json.dumps({"case": case, "clinician": clin, "opened_on": opened,
                                "sessions": n, "last_session": last, "latest": latest}))
    db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    audit(db, 1, "report", "caseload", 0)
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        caseload(sys.argv[2])
