// mend: the command line over libmend's public C API.
#include "args.hpp"
#include "commands.hpp"
#include "output.hpp"

#include <mend/mend.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <iostream>
#include <map>

namespace {

const char* const general_help = R"(usage: mend COMMAND [SUBCOMMAND] [ARGS] [OPTIONS]

Commands:
  init        set up a new practice database with its first admin
  info        the library version, the database's backend and schema version, the
              practice's time zone and today's date there, the actor
  check       check the database: integrity, foreign keys, every row mend reads,
              the notes' hashes and the audit chain (admins)
  practice    timezone|set-timezone: the practice's time zone (admins set it)
  demo        write a demo practice to a SQLite file (or a PostgreSQL URL)
  clinician   create|show|list|update|archive clinicians (admins register others)
  client      create|show|list|update|archive clients
  couple      create|show|list|update|archive couples
  case        create|show|list|update|archive cases (episodes of care)
  measure     instruments, create, show, series, change of outcome measures
  safety      create|list a partner's private safety screen (violence, suicide risk)
  flag        list|resolve safety flags
  protocol    list|show|load treatment protocols
  phase       start|status|advance|override|back|history|roles of a case's phases
  attest      create|list a clinician's attestations (consent, contact ended, decision...)
  diagnosis   create|update|list a case's diagnoses (ICD-10-CM), each about one client
  plan        set|show a phase's treatment plan
  agreement   create|list|update the partners' agreements and boundaries
  session     create|list|show sessions (encounters) with their CPT codes
  note        create|edit|sign|cosign|create-addendum|share|show|list|search|verify session notes
  process-note  create|show|list|grant psychotherapy process notes (their author's alone)
  report      a case or caseload report as Markdown, HTML (with charts) or JSON
  release     create|authorise|accounting: releases of records prepared for one
              partner, and a client's accounting of disclosures
  audit       list the audit log, audit reports, checkpoint and verify the keyed
              audit chain (supervisors and admins)
  key         create a key file; adopt its keys, rewrap, encrypt, re-encrypt (admins)
  emergency   break the glass: open a record outside your caseload, review grants
  fhir        questionnaire, export, card, import: FHIR R4 Questionnaires, Bundles
              in and out, and a case's gate evaluation as a CDS Hooks card
  catalog     the library's limits and values: note formats, CPT codes, instruments,
              attestation codes... (--json for all of it)

Options every command takes:
  --db FILE|URL   the database: a SQLite file path or postgresql://user@host:port/db
                  (default: the MEND_DB environment variable). Only init and demo
                  create a database; any other command on a path with none says
                  "no mend database at PATH" and creates nothing
  --as WHO        the acting clinician: ID (all digits) is a clinician id,
                  ext:ID the host's external id ID (any text, digits included),
                  any other text an external id too
                  (default: the MEND_ACTOR environment variable, read the same way)
  --key-file FILE the host's key file (mode 0600), for a keyed practice
                  (default: the MEND_KEY_FILE environment variable)
  --practice NAME PostgreSQL: the practice's schema, as ?practice=NAME in the URL
                  (default: the MEND_PRACTICE environment variable; else the
                  connection's current schema)
  --transaction-pooling
                  PostgreSQL behind PgBouncer in transaction mode: no server-side
                  prepared statements; the schema and timeouts set per transaction
  --connect-timeout S
                  PostgreSQL: seconds to wait for each server (default: the URL's
                  connect_timeout, else 10)
  --statement-timeout MS
                  PostgreSQL: the longest one statement may run (default: no limit)
  --now TIME      the time to act at instead of the system clock, ISO 8601 with its
                  offset, e.g. 2026-11-03T02:00:00Z (default: the MEND_NOW environment
                  variable; unset for the system clock)
  --json          print machine-readable JSON on stdout, and errors as JSON on
                  stderr: {"error": {"code": "MEND_EDENIED", "message": "..."}}
                  (code "usage" for a usage error)
  --events        print each event a command commits (a safety flag raised or
                  resolved, a phase changed, a note signed or co-signed, a release
                  created) as a JSON line on stderr: {"event": "flag_raised",
                  "record_id": 7, "case_id": 3, "client_id": 2, "actor_id": 1}
                  (ids only; null when none)
  --log LEVEL     print mend's log on stderr, LEVEL error, warning, info or debug:
                  "mend: log: LEVEL: MESSAGE" (a JSON line {"log": {"level": ...,
                  "message": ...}} with --json); never client data
  --help          show help for the command
  --version       print mend's version

Exit codes: 0 success, 1 error (one line on stderr), 2 usage error (such as
"unknown option --x" for an option the command does not take).
Run 'mend COMMAND --help' for a command's options.
)";

const std::map<std::string, const char*> command_help = {
    {"init", R"(usage: mend init --db DB --admin NAME [--credentials TEXT] [--external-id ID]
                 [--name TEXT] [--timezone ZONE] [--key-file FILE] [--practice NAME]

Creates a new practice database (if there is none at DB) and registers its
first admin clinician, who then registers the others with
'mend clinician create'. Another application's database is refused. Fails if the
database already has clinicians. --name is the practice's name as reports
show it (default "My practice"). On PostgreSQL, --practice NAME makes the
practice in its own schema NAME (created if missing). ZONE is the practice's IANA time zone, such
as America/Chicago (default UTC): "today" is the date there. An unknown zone
is refused and nothing is set up. With --key-file (or MEND_KEY_FILE) the
practice is keyed at set-up: the file is written (mode 0600) when there is
none, and every later command needs it.
)"},
    {"info", R"(usage: mend info [--db DB] [--key-file FILE] [--as WHO] [--now TIME]

Prints mend's version, the database's backend (sqlite or postgresql) and
schema version, its keys (none: not keyed; held: keyed, and the key file was
given; missing: keyed, opened without its key file; unregistered: the key
file's keys are not the practice's yet, see 'mend key adopt'; resealing: a
re-encryption is under way, see 'mend key reseal'), the practice's
time zone and today's date there, and the acting clinician's id when --as
(or MEND_ACTOR) is given. Without its keys a keyed practice shows only what
identifies it; with a key file that is refused (a wrong key, a file others
may read), it shows the same, and why the keys were refused.
)"},
    {"check", R"(usage: mend check [--db DB] [--key-file FILE] --as WHO [--json]   (admins)

Checks the database and prints what it finds: SQLite's integrity check and
foreign-key check, every client, couple, case and note row read as mend
reads it (a NULL in a required field, a value of another type than its
column's, invalid UTF-8, note content that does not parse, a missing
partner, client, couple, clinician or case), the signed notes' hashes and
the audit chain (an unkeyed practice's chain is information, not damage). Names tables, row ids and problem kinds, never
client data. Exit codes: 0 clean, 1 problems found (or an error).
)"},
    {"key", R"(usage: mend key create [FILE]
       mend key adopt --key-file FILE             (admins)
       mend key rewrap --key-file FILE            (admins)
       mend key encrypt --key-file FILE [--batch N] [--steps N]    (admins)
       mend key reencrypt --key-file FILE [--batch N] [--steps N]  (admins)
       mend key reseal --key-file FILE [--batch N] [--steps N]     (admins)

create: writes a key file (default: --key-file or MEND_KEY_FILE) with a new
random audit key and wrap key, mode 0600; on an existing key file it adds a
newer key of each kind and keeps the older ones, which verify what was
written under them. Keep it away from the database and its backups.

adopt: keys the practice's audit chain under the key file's newest audit key:
a plaintext practice becomes keyed (its earlier events sealed by the first
chained one), a keyed one moves to the newer key.

rewrap: wraps the practice's data key under the key file's newest wrap key
(after 'mend key create' added one): instant, nothing is re-encrypted, and
the older wrap key is no longer needed to open the practice.

encrypt: converts a plaintext practice to an encrypted one under a new data
key wrapped under the key file's newest wrap key. reencrypt: seals every
value of an encrypted practice anew under a new data key, then erases the
older one. Both are one resumable job, --batch rows (default 500) per
transaction, with progress on stderr when it is a terminal; --steps N stops
after N batches. While the job is under way every other command refuses
(mend info shows keys: resealing); an interrupted job, whatever stopped it,
goes on with 'mend key reseal'. The job's last batch rewrites the database
(SQLite: VACUUM; PostgreSQL: VACUUM FULL) so no page keeps an old value.
)"},
    {"practice", R"(usage: mend practice timezone
       mend practice set-timezone ZONE          (admins)
       mend practice list --db URL              (a hosting cluster's admin)
       mend practice migrate --all|--practice NAME --db URL

The practice's time zone, an IANA name such as America/Chicago or
Europe/Berlin (UTC until an admin sets it). Every date mend fills in
("today") is the practice's local date; timestamps are UTC.

list: the practices of a PostgreSQL database (each in its own schema, see
--practice), with their schema versions and whether each needs migrating.
migrate: opens each practice that needs it, one after another, which
migrates it; progress on stderr. A run stopped anywhere leaves each
practice at its old or its new version; run it again to go on.
)"},
    {"demo", R"(usage: mend demo [--db FILE|URL] [--key-file FILE] [--force] [--plaintext] [--json]

Writes a realistic demo practice (two clinicians, three couples, an
individual client, seven cases) and prints what it made and the clinicians'
ids for --as. The default file is ./mend-demo.db; an existing file is
replaced only with --force. The practice is keyed: its key file is
--key-file (or MEND_KEY_FILE), else FILE with the extension .key beside the
database (./mend-demo.key for a URL), written when missing; every later
command on it needs the same --key-file. --plaintext writes it without keys.
)"},
    {"clinician",
     R"(usage: mend clinician create --name NAME [--credentials TEXT] [--role ROLE] [--external-id ID]
                               [--npi NPI]
       mend clinician show ID | --external-id ID
       mend clinician list [--all]
       mend clinician update ID [--name NAME] [--credentials TEXT] [--role ROLE] [--external-id ID]
                                [--npi NPI]
       mend clinician archive ID

ROLE is clinician (default), supervisor or admin. Only admins add, update
or archive clinicians. --all includes archived ones. An empty value ("")
clears an optional field on update.
)"},
    {"client",
     R"(usage: mend client create --given NAME --family NAME [--preferred NAME] [--pronouns TEXT]
                       [--dob YYYY-MM-DD] [--email ADDR] [--phone NUMBER] [--external-id ID]
       mend client show ID | --external-id ID
       mend client list [--all]
       mend client update ID [any add option]
       mend client archive ID

A clinician sees the clients they registered and those on cases they lead;
supervisors and admins see all. Every read is audited. An empty value ("")
clears an optional field on update.
)"},
    {"couple",
     R"(usage: mend couple create --a CLIENT_ID --b CLIENT_ID --secrets POLICY [--status STATUS]
                       [--since YYYY-MM-DD] [--children N] [--external-id ID]
       mend couple show ID | --external-id ID
       mend couple list [--all] [--client ID]
       mend couple update ID [--status STATUS] [--since DATE] [--children N] [--secrets POLICY]
       mend couple archive ID

POLICY is the confidentiality agreement made at intake. STATUS defaults to
together. The values the library accepts are listed below ('mend catalog').
)"},
    {"case", R"(usage: mend case create [--kind KIND] (--client ID | --couple ID)
                     [--clinician ID] [--opened YYYY-MM-DD] [--linked-case ID] [--external-id ID]
       mend case show ID | --external-id ID
       mend case list [--all] [--client ID] [--couple ID] [--clinician ID]
       mend case update ID [--status STATUS] [--closed YYYY-MM-DD] [--clinician ID]
                           [--opened DATE] [--linked-case ID|-1] [--external-id ID]
       mend case archive ID

Without --kind the library infers it: individual with --client, conjoint
with --couple. An individual case can be linked to the conjoint case of a couple its
client belongs to. --clinician defaults to the acting clinician; only
supervisors and admins assign cases to someone else.
)"},
    {"measure", R"(usage: mend measure instruments
       mend measure instrument CODE
       mend measure create --client ID --instrument CODE --items 1,2,0,-,3 [--date YYYY-MM-DD]
                        [--case ID] [--prorate yes|no]
       mend measure show ID
       mend measure series --client ID --instrument CODE
       mend measure change --from ID --to ID
       mend measure sustained --client ID --instrument CODE --comparator '<' --value 33
                              [--count 2] [--min-days 14]
       mend measure load FILE.json                      (admins)
       mend measure set-cutoff --instrument pcl5 --cutoff probable_ptsd --value 32   (admins)

--items gives the option chosen for each item in order; write - for an unanswered
item. An administration with a missing item has no total unless --prorate yes
and the instrument allows it. Safety items (PHQ-9 item 9) raise flags, and a
missing safety item raises an "unknown, follow up" flag.
)"},
    {"safety", R"(usage: mend safety create --client ID --ipv VALUE --suicide VALUE
                       [--ipv-instrument NAME] [--suicide-instrument NAME] [--date DATE] [--case ID]
       mend safety list --client ID

A private screen of one partner. Current violence, past violence, moderate or
high suicide risk, and anything unknown raise safety flags.
)"},
    {"flag", R"(usage: mend flag list [--client ID] [--case ID] [--clinician ID] [--all]
       mend flag resolve ID --note TEXT

Open safety flags (--all includes resolved ones). A flag stays open until a
clinician resolves it with a note.
)"},
    {"protocol", R"(usage: mend protocol list
       mend protocol show CODE
       mend protocol load FILE.json          (admins)

Built-in: betrayal_trauma_couples (trauma first), betrayal_trauma_couples_csb
(APSATS-informed, for compulsive sexual behaviour), betrayal_trauma_individual
(Herman's stages). Their thresholds are defaults for clinical review.
)"},
    {"phase",
     R"(usage: mend phase start --case ID --protocol CODE [--betrayed CLIENT_ID] [--on DATE]
       mend phase roles --case ID --betrayed CLIENT_ID --rationale TEXT [--override]
       mend phase status --case ID [--on DATE]
       mend phase advance --case ID --to PHASE [--rationale TEXT] [--on DATE]
       mend phase override --case ID --to PHASE --rationale TEXT [--safety-plan TEXT] [--on DATE]
       mend phase back --case ID --to PHASE --rationale TEXT [--on DATE]
       mend phase history --case ID

'status' explains every gate out of the current phase: each criterion met,
not met or unknown, with its evidence, after the contraindications; with
--on, as of that date (the phase then, and only what was recorded by then).
'advance' fails (exit 1, MEND_EGATE) while a gate is closed, judged as of
its --on date; 'override' records a rationale (and, when a contraindication
is present, a safety plan). 'roles' (0 for not recorded) is refused while it
would open a gate, unless --override. 'history' shows why each step was
taken: the criteria that opened the gate, or the rationale.
)"},
    {"attestation",
     R"(usage: mend attestation create --case ID --code CODE [--value yes|no|CHOICE] [--client ID]
                       [--since DATE] [--note TEXT]
       mend attestation list --case ID

--value defaults to yes. relational_readiness is the partner's own stated
readiness; sobriety takes --since (the sobriety date).
)"},
    {"fhir", R"(usage: mend fhir questionnaire CODE [--db FILE|URL]
       mend fhir export (--case ID [--release ID] | --client ID) [--out FILE]
       mend fhir card --case ID [--on DATE]
       mend fhir import FILE [--case ID]

An instrument as a FHIR R4 (4.0.1) Questionnaire, as JSON (--json: on one
line): one item per form item with LOINC codes where they exist, answer
options (LOINC answer codes with scores where the scale has a LOINC answer
list), and the licence. Without --db, a built-in instrument; with it, the
practice's (loaded ones too).

export: a case, or one client's own record, as a FHIR R4 Bundle (collection;
docs/fhir-mapping.md), to stdout or written whole to --out. --release ID
exports what that release of the case may hold for its partner.
card: the case's gate evaluation as of --on (default today) as a CDS Hooks
response, {"cards": [...]}, as JSON (--json: on one line): a critical card
for each contraindication present, warnings for what is not known to be safe
and for relational work not yet indicated, with the unmet criteria in each
card's Markdown detail (mend_fhir_card_json, mend/fhir.h).

import: a FHIR R4 Patient, QuestionnaireResponse or Bundle of them from FILE
("-" reads standard input), all or nothing. Patients become clients, matched
on their urn:mend:external-id identifier (else urn:mend:client) so that
importing again updates them; QuestionnaireResponses of a mend Questionnaire
become administrations scored by mend (on --case when given), raising safety
flags. A total the host sent that differs from mend's is reported, not
stored. Prints what was created and updated (--json: the summary as JSON).
)"},
    {"diagnosis",
     R"(usage: mend diagnosis create --case ID --client ID --code CODE [--rank N] [--onset DATE]
                              [--resolved DATE] [--unlisted]
       mend diagnosis update ID [--code CODE] [--rank N] [--onset DATE] [--resolved DATE] [--unlisted]
       mend diagnosis list --case ID

A diagnosis is about one client of the case. --rank 1 is the primary (up to
12); without it a new diagnosis takes the client's next free rank, and no two
current diagnoses of one client in a case share one. --resolved resolves it;
on update, "" clears a date. A valid ICD-10-CM code outside mend's table
needs --unlisted.
)"},
    {"plan", R"(usage: mend plan set --case ID --phase PHASE --file PLAN.json
       mend plan show --case ID --phase PHASE

A plan is JSON: {"problems": [...], "goals": [{"text": "...", "objectives":
[{"text": "...", "measure": {"instrument": "pcl5", "comparator": "<",
"value": 33}}]}], "interventions": [...], "review_on": "YYYY-MM-DD"}.
Each set saves a new version.
)"},
    {"agreement",
     R"(usage: mend agreement create --case ID --kind KIND --text TEXT [--agreed DATE] [--review DATE]
       mend agreement list --case ID
       mend agreement update ID --status STATUS [--note TEXT] [--broken-by CLIENT_ID]
                             (STATUS: see 'mend catalog')

A broken agreement raises a safety flag that the gates read until resolved.
)"},
    {"session",
     R"(usage: mend session create --case ID --at YYYY-MM-DDTHH:MM --minutes N --participants ID[,ID]
                        --cpt CODE [--modality MODALITY] [--patient ID] [--place 02|10|11]
                        [--modifiers 95[,XX]] [--complexity] [--diagnoses ID[,ID]]
       mend session list --case ID
       mend session show ID

--at is the practice's local time (YYYY-MM-DDTHH:MM), or a time with its
offset (2026-11-03T02:00:00Z, 2026-11-02T20:00-06:00); a session shows the
practice's local time, its offset then and the UTC time.
A duration that does not fit its code is refused; a couple's family code
names the identified patient (--patient), present or not as the code says.
Billing: --place is the place of service (02 telehealth not at home, 10
telehealth at home, 11 office), --modifiers the claim's (95: synchronous
video), --complexity adds 90785 (interactive complexity), --diagnoses points
at up to 4 of the case's diagnoses of the client billed. A crisis session
(90839) of 75 minutes or more adds 90840 per 30 minutes past 74. --npi on a
clinician is the rendering provider's NPI (its check digit is verified).
)"},
    {"note", R"(usage: mend note create --session ID [--format FORMAT] [FIELDS]
       mend note edit ID --expected-version N [--format F] [FIELDS]
       mend note sign ID
       mend note cosign ID                       (supervisors and admins)
       mend note create-addendum ID --text TEXT --reason TEXT
       mend note share|unshare ID                (no_secrets couples only)
       mend note show ID
       mend note list --case ID | --client ID [--text yes]
       mend note search "WORDS" [--client ID] [--process-notes yes] [--limit N]
       mend note verify                          (supervisors and admins)

FIELDS: the format's fields (listed below), each --FIELD TEXT;
--interventions takes "a;b;c". FORMAT defaults to soap.
A signed note never changes; corrections are addenda. 'edit' with a stale
--expected-version fails (MEND_ECONFLICT). --client lists a client's record: the notes
of sessions they took part in, never their partner's individual sessions.
)"},
    {"process-note", R"(usage: mend process-note create --session ID --text TEXT
       mend process-note show ID
       mend process-note list --case ID
       mend process-note grant ID --clinician ID

Psychotherapy process notes (45 CFR 164.501) are kept apart from the record:
only their author, and whom the author grants, can read them; no report,
list or search includes them unless their author asks.
)"},
    {"report",
     R"(usage: mend report --case ID [--format markdown|html|json] [--out FILE] [--release ID]
                   [--from DATE] [--to DATE] [--date DATE] [--notes yes]
       mend report --caseload [--clinician ID] [--format F] [--out FILE] [--overdue-weeks N]

A case report: the phase timeline, the current gate evaluation, measure
trajectories (charts in HTML), both partners side by side, agreements, open
safety flags, sessions, and the signed-note list (text with --notes yes).
--release renders the release copy prepared for one partner. --date fixes
the report's date for reproducible output. HTML is one self-contained file.
With --json the format is json (another --format is a usage error); with
--out, --json prints {"wrote": FILE}.
)"},
    {"release",
     R"(usage: mend release create --case ID --for CLIENT_ID --recipient TEXT --purpose TEXT --expires DATE
       mend release authorise ID --client CLIENT_ID
       mend release accounting --client CLIENT_ID

A release copy holds nothing from the other partner's individual record, and
joint content only once every partner has authorised it.

accounting: the client's accounting of disclosures (45 CFR 164.528): every
release that holds any of their record (theirs, or their partner's with the
couple's joint content), with its recipient, purpose, dates, what it held,
who authorised it and each time it was provided (--json: as JSON).
)"},
    {"catalog", R"(usage: mend catalog [--json] [--db DB --as WHO]

The library's own limits and values, as it enforces them: text and note
limits, the audit and search limits, the values each field accepts, the note
formats and their fields, the CPT codes and their minutes, the instruments,
the protocols and the attestation codes they read. Without --db, the built-in
instruments and protocols; with --db, the practice's (loaded ones too).
--json prints the JSON of mend_catalog_get_json (mend/catalog.h).
)"},
    {"emergency", R"(usage: mend emergency open --client ID --reason TEXT [--minutes N]
       mend emergency report
       mend emergency set-reason-min N

open: break the glass. Opens a client's record outside your caseload for
--minutes (default 60, at most 1440) with a --reason of at least the
practice's minimum (default 20 characters). Until it expires you can read the
client and their individual cases, never a couple, a conjoint case or the
partner's record; every access is audited as emergency access.

report: every grant with its reason and the accesses made under it
(supervisors and admins). set-reason-min: the shortest reason (admins).
)"},
    {"audit", R"(usage: mend audit list [--after SEQ] [--limit N]
       mend audit report [--client ID] [--actor ID] [--from DATE] [--to DATE]
                         [--format json|csv] [--after SEQ] [--limit N]
       mend audit checkpoint
       mend audit verify [--checkpoint TEXT]

list: audit events (who did what to which record, when, and whether it was
refused), oldest first. Supervisors and admins only.

report: the same for compliance review, filtered and with the acting
clinician's name: --client, the events about any record of that client's
(their couples, cases, sessions, notes, measures, flags, releases...; never
a partner's individual records); --actor, one clinician's events; --from and
--to, dates in the practice's time zone (inclusive). --format csv prints RFC
4180 CSV with a header line; json prints a table (--json: the JSON array).
Page with --after (the last seq shown). The report is itself audited.

checkpoint: a signed checkpoint of the keyed audit chain's head (one line);
keep it where the database's writers cannot reach. verify: recomputes the
chain (HMAC-SHA-256 under the key file's keys) and names the first broken
link and why (an edited, deleted, inserted or reordered event, a forged MAC,
a replaced key); with --checkpoint, also a tail cut off after it. Exit 0 only
when the chain verifies. Both need --key-file; supervisors and admins.
)"},
};

int dispatch(const mend::cli::Args& args) {
    using namespace mend::cli;
    const std::string command = args.word(0);
    if (command.empty()) {
        args.allow({"version"});
        if (args.flag("version")) {
            if (args.flag("json"))
                std::cout << nlohmann::json{{"version", mend_version()}}.dump() << "\n";
            else
                std::cout << "mend " << mend_version() << "\n";
            return 0;
        }
        if (args.flag("help")) {
            std::cout << general_help;
            return 0;
        }
        if (args.flag("json")) throw UsageError("name a command; see 'mend --help'");
        std::cout << general_help;
        return 2;
    }
    if (args.flag("help")) {
        auto it = command_help.find(command);
        if (it == command_help.end()) throw UsageError("unknown command '" + command + "'");
        std::cout << it->second << catalog_help(command);
        return 0;
    }
    if (command == "init") return cmd_init(args);
    if (command == "info") return cmd_info(args);
    if (command == "check") return cmd_check(args);
    if (command == "practice") return cmd_practice(args);
    if (command == "demo") return cmd_demo(args);
    if (command == "clinician") return cmd_clinician(args);
    if (command == "client") return cmd_client(args);
    if (command == "couple") return cmd_couple(args);
    if (command == "case") return cmd_case(args);
    if (command == "audit") return cmd_audit(args);
    if (command == "key") return cmd_key(args);
    if (command == "emergency") return cmd_emergency(args);
    if (command == "measure") return cmd_measure(args);
    if (command == "safety") return cmd_safety(args);
    if (command == "flag") return cmd_flag(args);
    if (command == "protocol") return cmd_protocol(args);
    if (command == "phase") return cmd_phase(args);
    if (command == "attestation") return cmd_attest(args);
    if (command == "diagnosis") return cmd_diagnosis(args);
    if (command == "plan") return cmd_plan(args);
    if (command == "agreement") return cmd_agreement(args);
    if (command == "session") return cmd_session(args);
    if (command == "note") return cmd_note(args);
    if (command == "process-note") return cmd_process_note(args);
    if (command == "report") return cmd_report(args);
    if (command == "release") return cmd_release(args);
    if (command == "catalog") return cmd_catalog(args);
    if (command == "fhir") return cmd_fhir(args);
    if (command == "help") {
        std::cout << general_help;
        return 0;
    }
    throw UsageError("unknown command '" + command + "'; see 'mend --help'");
}

// Reports an error on stderr: one line of text, or with --json one JSON
// object {"error": {"code": ..., "message": ...}}; returns the exit code.
int report_error(bool json, const std::string& code, const std::string& message, int exit_code) {
    if (json)
        std::cerr << nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    else if (exit_code == 2)
        std::cerr << "mend: " << message << "\n";
    else
        std::cerr << "mend: error: " << message << " (" << code << ")\n";
    return exit_code;
}

// --log LEVEL: the library's log on stderr.
void print_log(int level, const char* message, void* user_data) {
    std::string name = "log";
    for (const auto& l : mend::cli::library_catalog()["log_levels"])
        if (l["code"] == level) name = l["name"].get<std::string>();
    if (user_data) // --json
        std::cerr << nlohmann::json{{"log", {{"level", name}, {"message", message}}}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
    else
        std::cerr << "mend: log: " << name << ": " << message << std::endl;
}

void start_log(const mend::cli::Args& args, bool json) {
    const std::string* level = args.get("log");
    if (!level) return;
    const auto& levels = mend::cli::library_catalog()["log_levels"];
    int max_level = 0;
    std::string names;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const std::string name = levels[i]["name"].get<std::string>();
        names += (i == 0 ? "" : i + 1 == levels.size() ? " or " : ", ") + name;
        if (name == *level) max_level = levels[i]["code"].get<int>();
    }
    if (!max_level) throw mend::cli::UsageError("--log must be " + names);
    static int json_flag = 1;
    mend_log_set_callback(print_log, max_level, json ? &json_flag : nullptr);
}

} // namespace

int main(int argc, char** argv) {
    using namespace mend::cli;
    Args args = parse(argc, argv);
    const bool json = args.flag("json");
    set_text_output(!json);
    try {
        if (!args.parse_error.empty()) throw UsageError(args.parse_error);
        start_log(args, json);
        return dispatch(args);
    } catch (const UsageError& e) {
        return report_error(json, "usage", e.what(), 2);
    } catch (const Failure& e) {
        return report_error(json, e.code, e.what(), 1);
    } catch (const std::exception& e) {
        return report_error(json, mend_errstr(MEND_ERROR), e.what(), 1);
    }
}
