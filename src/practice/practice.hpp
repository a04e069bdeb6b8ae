// The C++ facade over one practice database: every call is authorised for
// the acting clinician, runs in a transaction (or a savepoint inside the
// host's transaction) and writes its audit event in that same transaction.
// Reads gather in a read snapshot that does not hold the write lock and
// write their audit events in one short write transaction at the end.
#pragma once

#include "domain/diagnoses.hpp"
#include "domain/records.hpp"
#include "domain/sessions.hpp"
#include "measures/change.hpp"
#include "measures/instrument.hpp"
#include "measures/records.hpp"
#include "measures/scoring.hpp"
#include "protocol/evaluate.hpp"
#include "protocol/protocol.hpp"
#include "protocol/records.hpp"
#include "report/disclosure.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend {

// What a report shows and how.
struct ReportOptions {
    std::string kind = "case"; // case | caseload
    Id case_id = 0;
    Id clinician_id = 0;      // caseload: 0 for the whole practice (supervisors, admins)
    Id release_id = 0;        // case: a release prepared for one partner
    std::string from, to;     // the period shown ("" for all)
    std::string generated_on; // "" for today
    bool include_note_text = false;
    int overdue_weeks = 0; // 0: the default (catalogue: overdue_weeks_default)
};

// What a FHIR export holds: a case (optionally as prepared for a release),
// or one client's own record.
struct FhirExportOptions {
    Id case_id = 0, client_id = 0, release_id = 0;
};

// What an audit report shows (Practice::audit_report): events about any
// record of one client (0: any), by one clinician (0: any), on local dates
// from..to of the practice's time zone ("": unbounded), after a sequence
// number, at most `limit` (0: the catalogue's audit_limit_default).
inline constexpr int audit_report_json = 0;
inline constexpr int audit_report_csv = 1;
struct AuditReportOptions {
    Id client_id = 0, actor_id = 0;
    std::string from, to;
    int format = audit_report_json;
    long long after_seq = 0;
    int limit = 0;
};

// What a handle holds of its practice's keys (Practice::key_state()): the
// practice keeps no keyed records; it does and the handle holds the keys; it
// does and the handle was opened without them (it can be identified, not
// read); the handle was given keys the practice never registered; the
// handle holds the keys and a re-encryption or conversion is under way
// (nothing but reseal() runs until it ends).
inline constexpr int key_state_none = 0;
inline constexpr int key_state_held = 1;
inline constexpr int key_state_missing = 2;
inline constexpr int key_state_unregistered = 3;
inline constexpr int key_state_resealing = 4;

// An audit event as the log's JSON shows it: {"seq","at","actor_id","action",
// "object_type","object_id","outcome"}, null for an event without an actor
// or an object.
nlohmann::json audit_event_json(const store::AuditEvent& e);

// One administration of an instrument, as a host enters it.
struct MeasureInput {
    Id client_id = 0, case_id = 0;
    std::string instrument;
    std::string administered_on; // "" for today (UTC)
    std::string missing_policy;  // "" for the instrument's default
    std::vector<measures::Answer> answers;
};

// What a host may need to act on, made by a committed call: ids only, never
// text. The kinds have the numbers of the MEND_EVENT_* macros.
enum class EventKind {
    flag_raised = 1,
    flag_resolved = 2,
    phase_changed = 3,
    note_signed = 4,
    note_cosigned = 5,
    release_created = 6,
    emergency_access = 7,
};
struct Event {
    EventKind kind = EventKind::flag_raised;
    Id record_id = 0, case_id = 0, client_id = 0, actor_id = 0;
};

struct ListOptions {
    Id after_id = 0;
    int limit = 100;
    bool include_archived = false;
};

// Rows a caller (a report, the caseload's page) has already read for the
// case, so the facts are not read again; what is not given is read. The
// case's sessions; by client id, each partner's administrations (every
// instrument), flags (open and resolved) and safety screens; the partners in
// the case's order; the case's attestations, agreements, the events of its
// agreements by agreement id, and its latest plan of each phase; the
// practice's instruments. `cutoffs` keeps the practice's cut-off choices by
// instrument across calls.
struct GatheredRows {
    const std::vector<Session>* sessions = nullptr;
    const std::map<Id, std::vector<measures::Administration>>* administrations = nullptr;
    const std::vector<Client>* partners = nullptr;
    const std::map<Id, std::vector<measures::Flag>>* flags = nullptr;
    const std::map<Id, std::vector<measures::SafetyScreen>>* screens = nullptr;
    const std::vector<protocol::Attestation>* attestations = nullptr;
    const std::vector<protocol::Agreement>* agreements = nullptr;
    const std::map<Id, std::vector<protocol::AgreementEvent>>* agreement_events = nullptr;
    const std::vector<protocol::PlanVersion>* plans = nullptr;
    std::map<std::string, std::map<std::string, double>>* cutoffs = nullptr;
    const std::vector<measures::Instrument>* instruments = nullptr; // known_instruments()
};

class Practice {
  public:
    static std::unique_ptr<Practice> open(const std::string& where,
                                          const store::OpenOptions& options);
    // Rolls back a host transaction left open and moves the reads it
    // journalled into the audit chain.
    ~Practice();
    Practice(const Practice&) = delete;
    Practice& operator=(const Practice&) = delete;

    const char* backend_name() const { return db_->backend_name(); }
    int schema_version();

    // The acting clinician.
    void set_actor(Id clinician_id);
    void set_actor_external(const std::string& external_id);
    Id actor_id() const;

    // The host's transaction.
    void begin();
    void commit();
    void rollback();
    bool in_transaction() const { return host_tx_; }

    // The events of the work committed since the last call, in order, and
    // forgets them. Work still inside the host's transaction, or rolled
    // back, is never among them.
    std::vector<Event> take_committed_events();

    Id init(const std::string& practice_name, const ClinicianPatch& admin);

    // The practice's clock. Instants are UTC; dates are the practice's local
    // dates. "Now" is the time the host fixed with set_now(), else the
    // system clock.
    long long now_us() const;
    // now_us() as "2026-11-30T10:15:00.123456Z".
    std::string now_iso() const;
    // Today's date in the practice's time zone: the default of every date
    // and the latest date a record may carry.
    Date today();
    // Fixes "now" for this handle: an ISO 8601 time with its offset
    // ("2026-11-03T02:00:00Z"); "" goes back to the system clock.
    void set_now(const std::string& timestamp);
    // The practice's IANA time zone ("UTC" until an admin changes it); needs
    // no actor.
    std::string time_zone();
    // Changes the practice's time zone (admins; audited as "update" of the
    // practice).
    void set_time_zone(const std::string& zone);

    Id create_clinician(const ClinicianPatch& p);
    void update_clinician(Id id, const ClinicianPatch& p);
    void archive_clinician(Id id);
    Clinician get_clinician(Id id);
    Clinician get_clinician_external(const std::string& external_id);
    std::vector<Clinician> list_clinicians(const ListOptions& o);

    Id create_client(const ClientPatch& p);
    void update_client(Id id, const ClientPatch& p);
    void archive_client(Id id);
    Client get_client(Id id);
    Client get_client_external(const std::string& external_id);
    // The ids of the clients the actor sees with this given and family name
    // (exact, but for ASCII case and spacing; in an encrypted practice
    // through the name's blind index). Each one found is audited.
    std::vector<Id> find_clients_by_name(const std::string& given_name,
                                         const std::string& family_name);
    std::vector<Client> list_clients(const ListOptions& o);

    Id create_couple(const CouplePatch& p);
    void update_couple(Id id, const CouplePatch& p);
    void archive_couple(Id id);
    Couple get_couple(Id id);
    Couple get_couple_external(const std::string& external_id);
    std::vector<Couple> list_couples(const ListOptions& o, Id client_id);

    Id create_case(const CasePatch& p);
    void update_case(Id id, const CasePatch& p);
    void archive_case(Id id);
    Case get_case(Id id);
    Case get_case_external(const std::string& external_id);
    std::vector<Case> list_cases(const ListOptions& o, const store::CaseFilter& filter);

    // Instruments: the built-in ones and those a practice loaded.
    std::vector<measures::Instrument> instruments();
    measures::Instrument instrument(const std::string& code);
    // The definition as JSON, each cut-off with the practice's value.
    nlohmann::json instrument_json(const std::string& code);
    void load_instrument(const std::string& definition_json);
    void set_cutoff(const std::string& instrument, const std::string& cutoff, double value);

    // Administrations, scored and stored with every item answer.
    Id record_measure(const MeasureInput& in);
    nlohmann::json measure_json(Id id);
    nlohmann::json series_json(Id client_id, const std::string& instrument);
    nlohmann::json change_json(Id from_id, Id to_id);
    nlohmann::json sustained_json(Id client_id, const std::string& instrument,
                                  const std::string& comparator, double value, int count,
                                  int min_days);

    // Safety screens and the flags they and the measures raise.
    Id record_safety_screen(measures::SafetyScreen s);
    nlohmann::json safety_screens_json(Id client_id);
    nlohmann::json flags_json(const store::FlagFilter& filter);
    void resolve_flag(Id flag_id, const std::string& note);

    // Protocols: the built-in ones and those a practice loaded.
    std::vector<protocol::Protocol> protocols();
    protocol::Protocol protocol_definition(const std::string& code);
    void load_protocol(const std::string& definition_json);

    // A case's way through its protocol. Dates are "" for today (UTC).
    void start_protocol(Id case_id, const std::string& code, Id betrayed_client_id,
                        const std::string& on);
    // A change of roles is an event with a rationale; refused (Errc::gate)
    // while it would open a gate that is closed under the present roles,
    // unless `override` records it as an override.
    void set_roles(Id case_id, Id betrayed_client_id, const std::string& rationale, bool override);
    // The gate evaluation as of `on` ("" for today): the phase the case was
    // in on that date, and only what was recorded on or before it.
    nlohmann::json evaluate_json(Id case_id, const std::string& on);
    void advance(Id case_id, const std::string& to, const std::string& rationale,
                 const std::string& on);
    void override_gate(Id case_id, const std::string& to, const std::string& rationale,
                       const std::string& safety_plan, const std::string& on);
    void move_back(Id case_id, const std::string& to, const std::string& rationale,
                   const std::string& on);
    nlohmann::json history_json(Id case_id);

    // What the clinician attests on a case, treatment plans, agreements.
    Id attest(protocol::Attestation a);
    nlohmann::json attestations_json(Id case_id);
    int set_plan(Id case_id, const std::string& phase, const std::string& plan_json);
    nlohmann::json plan_json(Id case_id, const std::string& phase);
    Id add_agreement(protocol::Agreement a);
    void update_agreement(Id agreement_id, const std::string& status, const std::string& note,
                          Id broken_by);
    nlohmann::json agreements_json(Id case_id);

    // Diagnoses (ICD-10-CM) on a case, each about one of its clients.
    Id create_diagnosis(const DiagnosisPatch& p);
    void update_diagnosis(Id id, const DiagnosisPatch& p);
    nlohmann::json diagnoses_json(Id case_id);

    // Sessions and their notes.
    Id create_session(Session s);
    nlohmann::json session_json(Id id);
    nlohmann::json sessions_json(Id case_id);
    // content: the note's content as JSON text, parsed and checked once here.
    Id create_note(Id session_id, const std::string& format, const std::string& content);
    int update_note(Id id, int expected_version, const std::string& format,
                    const std::string& content);
    void sign_note(Id id);
    void cosign_note(Id id);
    Id addend_note(Id id, const std::string& text, const std::string& reason);
    void mark_shareable(Id id, bool shareable);
    nlohmann::json note_json(Id id);
    // A case's notes, or a client's record (the notes of sessions they were in).
    nlohmann::json notes_json(Id case_id, Id client_id, bool include_text);
    nlohmann::json verify_notes_json();
    nlohmann::json search_notes_json(const std::string& query, Id client_id,
                                     bool include_process_notes, int limit);
    Id create_process_note(Id session_id, const std::string& text);
    nlohmann::json process_note_json(Id id);
    nlohmann::json process_notes_json(Id case_id);
    void grant_process_note(Id id, Id clinician_id);

    // Reports: the snapshot (the JSON format) and its renderings.
    nlohmann::json report_snapshot(const ReportOptions& o);
    std::string render_report(const ReportOptions& o, const std::string& format);
    // Renders the report and writes it to `path` atomically (files.hpp).
    void write_report(const ReportOptions& o, const std::string& format, const std::string& path);

    // The catalogue (mend/catalog.h): the library's limits and values with
    // the practice's instruments, protocols and the attestation codes they
    // read. Needs an actor, as the instrument and protocol lists do.
    nlohmann::json catalog_json();
    // The same without a database: the built-in instruments and protocols.
    static nlohmann::json builtin_catalog_json();

    // The practices of a PostgreSQL database (a cluster admin's listing, no
    // practice opened, nothing audited: it reads no practice's records):
    // {"latest_schema_version", "practices": [{"practice", "schema_version",
    // "needs_migration"}]}, as the connecting role may use them.
    static nlohmann::json practices_json(const std::string& where,
                                         const store::OpenOptions& options);

    // FHIR R4: an instrument as a Questionnaire (the practice's, loaded ones
    // too; or, without a database, a built-in one).
    nlohmann::json fhir_questionnaire(const std::string& instrument);
    static nlohmann::json builtin_fhir_questionnaire(const std::string& instrument);
    // A case, or one client's own record, as a FHIR R4 Bundle (collection),
    // gathered as a report is: under the actor's authorisation, audited, and
    // for a release only what report::Disclosure lets it hold.
    nlohmann::json fhir_export(const FhirExportOptions& o);
    void write_fhir_export(const FhirExportOptions& o, const std::string& path);
    // The gate evaluation as of `on` ("" for today) as a CDS Hooks response
    // {"cards": [...]}: evaluate_json's authorisation and audit.
    nlohmann::json fhir_card(Id case_id, const std::string& on);
    // FHIR R4 import (docs/fhir-mapping.md): a Patient, a QuestionnaireResponse
    // or a Bundle of them, as one unit (all of it is stored or none). A
    // Patient matched on its identifier updates that client, else it is
    // created; a QuestionnaireResponse becomes an administration scored by
    // mend (on `case_id` when not 0), the host's own total only compared.
    // Returns the summary: {"patients":[{path, client_id, action}],
    // "administrations":[{path, id, client_id, instrument, total, host_total,
    // total_mismatch, flags}]}.
    nlohmann::json fhir_import(const nlohmann::json& input, Id case_id);
    // The same from JSON text (at most fhir::import_max_bytes), or from the
    // file at `path` (files.hpp's read_file).
    nlohmann::json fhir_import_text(const std::string& text, Id case_id);
    nlohmann::json fhir_import_file(const std::string& path, Id case_id);
    Id create_release(store::Release r);
    void authorise_release(Id release_id, Id client_id);
    // An accounting of disclosures for one client (45 CFR 164.528): every
    // release that holds any of their record (their own, or joint content of
    // their couple's case), with its recipient, purpose, dates, what it held,
    // who authorised it and each time it was provided. Audited.
    nlohmann::json release_accounting_json(Id client_id);

    // Break the glass: the actor opens client `client_id`'s record outside
    // their caseload for `minutes` (0: emergency_minutes_default) with a
    // reason of at least the practice's minimum. The client's row and their
    // individual cases become visible to the actor until the grant expires,
    // never a couple, a conjoint case or a partner's record; every look-up
    // made under it is audited as "emergency_access". Returns the grant's id;
    // an EventKind::emergency_access event follows the commit.
    Id open_emergency(Id client_id, const std::string& reason, int minutes);
    // Grants with their accesses (supervisors and admins; audited).
    nlohmann::json emergency_report_json();
    // The shortest reason a grant accepts (admins; audited as an update of
    // the practice), and reading it (any actor).
    void set_emergency_reason_min(int characters);
    int emergency_reason_min();

    // The audit log as a JSON array (supervisors and admins).
    std::string audit_json(long long after_seq, int limit);
    // A filtered audit report (supervisors and admins; audited as "report"
    // of the audit_log): a JSON array of {"seq","at","actor_id","actor_name",
    // "action","object_type","object_id","outcome"}, or the same columns as
    // RFC 4180 CSV with a header line. Errc::not_found for an unknown client
    // or clinician; Errc::invalid for bad options.
    std::string audit_report(const AuditReportOptions& o);

    // The host's keys (issue 14; practice/audit_chain.cpp). key_state():
    // one of the key_state_* below. adopt_keys() (admins) makes the
    // practice keyed under the handle's newest audit key, or moves it to a
    // newer one.
    int key_state() const;
    void adopt_keys();
    // Wraps the practice's data keys under the host's newest wrap key
    // (admins): instant, nothing else is re-encrypted. Returns how many
    // moved; Errc::state when the practice is not encrypted or every data
    // key is already under that key.
    int rewrap_keys();
    // Re-encryption and conversion (admins; practice/reseal.cpp,
    // store/reseal.hpp). start_encryption() starts converting a plaintext
    // practice to an encrypted one under a new data key wrapped under the
    // host's newest wrap key; start_reencryption() starts re-sealing an
    // encrypted practice's values under a new data key. Errc::state when a
    // job is under way, or the practice is (not) encrypted already;
    // Errc::key without a wrap key. Then reseal() does up to `max_rows` more
    // rows of the job under way, each batch one transaction, and returns
    // how many rows it has yet to do: 0 once the job has ended (the older
    // data keys erased, the database vacuumed). While a job is under way
    // every other record call is Errc::state, on every handle.
    // reseal(0) re-seals this many rows.
    static constexpr long long reseal_batch_default = 500;
    void start_encryption();
    void start_reencryption();
    long long reseal(long long max_rows);
    // Whether the practice keeps its client data encrypted at rest (a
    // practice set up with the host's wrap key does). Opened without the
    // wrap key, or with another one, every call but naming it, its schema
    // version and key_state() is Errc::key.
    bool encrypted() const;
    // A signed checkpoint of the audit chain's head, for the host to keep
    // elsewhere (supervisors, admins).
    std::string audit_checkpoint();
    // Recomputes the chain and reports its first broken link; compares the
    // head with `checkpoint` when one is given ("" for none).
    nlohmann::json verify_audit_json(const std::string& checkpoint);
    // `mend check` (admins): the backend's integrity checks, every client,
    // couple, case and note row read as mend reads it, the notes' hashes and
    // the audit chain. Names tables, row ids and problem kinds, never client
    // data (practice/check.cpp).
    nlohmann::json verify_database_json();

    // For tests: called inside every read (outside a host transaction) once
    // its work is done and while its read snapshot is still open, before its
    // audit events are written. Empty: none.
    void set_read_hook(std::function<void()> hook) { read_hook_ = std::move(hook); }

  private:
    explicit Practice(std::unique_ptr<store::Database> db) : db_(std::move(db)) {}

    // Runs `work` as one unit: all of it commits, or none of it does. A
    // refused call still leaves its "denied" audit event.
    void run(const std::function<void()>& work);
    // Runs a read-only `work`: it gathers in a read snapshot without the
    // write lock (begin_read), its audit events are kept in memory, and once
    // the snapshot ends they are appended in one short write transaction. A
    // read whose audit cannot be written fails (Errc::busy when the lock
    // cannot be had), so the caller returns nothing unaudited. Inside the
    // host's transaction it is run(). `work` writes nothing and queues no
    // events.
    void read(const std::function<void()>& work);
    void record_denial() noexcept;
    void write_audit(const std::vector<store::AuditEvent>& events);

    // Authorisation: refusals of what the actor can see but may not do. Each
    // throws Errc::denied after noting the attempt.
    const Clinician& actor();
    void require_admin(const char* action, const char* object_type, Id object_id);
    [[noreturn]] void deny(const char* action, const char* object_type, Id object_id);
    void audit(const char* action, const char* object_type, Id object_id);
    // An event with a detail that holds no client data (a content hash).
    void audit(const char* action, const char* object_type, Id object_id, std::string detail);
    // Refuses every call on a keyed practice opened without its key, and on
    // one that registered none of the keys the host gave (but adopting them).
    void require_keys() const;
    bool adopting_keys_ = false;
    // reseal() or naming the actor is running: the key job does not lock
    // it out.
    bool resealing_ = false;
    // After a unit's transaction began: the practice's data keys as they
    // are now, and Errc::state while a key job is under way (not for
    // reseal()).
    void check_key_job(bool write);
    void note_key_job();
    // Sets a flag (adopting_keys_, resealing_) for its scope: e.g. while it
    // lives, calls run on a practice that registered none of the host's
    // keys (naming the admin, setting up, adopting them).
    class ScopedFlag {
      public:
        ScopedFlag(bool& flag, bool on) : flag_(flag), was_(flag) { flag_ = flag_ || on; }
        ~ScopedFlag() { flag_ = was_; }
        ScopedFlag(const ScopedFlag&) = delete;
        ScopedFlag& operator=(const ScopedFlag&) = delete;

      private:
        bool& flag_;
        bool was_;
    };
    // The audit chain verified on the open snapshot or transaction.
    ChainReport chain_report(const std::optional<Checkpoint>& checkpoint);
    // Inside a read: every signed note's and addendum's hash recomputed
    // against the note and the audit chain ({notes_checked, addenda_checked,
    // mismatches}); verify_notes_json() and verify_database_json() use it.
    nlohmann::json note_mismatches();
    store::Viewer viewer();
    bool sees_client(Id client_id);
    bool sees_couple(Id couple_id);
    bool sees_case(const Case& c);
    // The actor's grant in force now for the client, if any.
    std::optional<store::EmergencyGrant> emergency_grant(Id client_id);

    // What a look-up names when it fails: the record asked for (its kind and
    // id, 0 when asked for by external id and none holds it) and the message
    // for a missing one.
    struct Sought {
        const char* type;
        Id id;
        const char* missing;
    };
    // A record the actor cannot see answers exactly as a missing one does:
    // Errc::not_found with `sought.missing`, audited "not_found" either way
    // (the event outlives the failed unit, as a refusal's does).
    [[noreturn]] void not_found(const char* action, const Sought& sought);

    // Look-ups that throw Errc::not_found (missing, or not the actor's to
    // see) after noting the attempt. With `sought`, the client, couple or
    // case is the one a record asked for belongs to, and a failure names that
    // record.
    Client visible_client(const char* action, Id id);
    Client visible_client(const char* action, Id id, const Sought& sought);
    Couple visible_couple(const char* action, Id id);
    Couple visible_couple(const char* action, Id id, const Sought& sought);
    Case visible_case(const char* action, Id id);
    Case visible_case(const char* action, Id id, const Sought& sought);
    void check_external_id_free(const char* table, const Text& external_id, Id self);
    void check_case_links(const Case& c, const Case* before);
    void check_case_of_client(Id case_id, Id client_id);
    measures::Instrument instrument_version(const std::string& code, int version);
    // Inside a unit of work: every instrument the practice knows, once each,
    // built-ins first, then each loaded code at its latest version. The one
    // set gates, reports and the caseload read.
    std::vector<measures::Instrument> known_instruments();
    measures::Sustained sustained(Id client_id, const measures::Instrument& in,
                                  const std::string& comparator, double value, int count,
                                  int min_days);
    struct CaseProtocolContext {
        Case kase;
        protocol::CaseProtocol cp;
        protocol::Protocol definition;
        std::vector<protocol::PhaseEntry> entries;
        std::vector<protocol::RoleChange> role_changes;
        const protocol::PhaseEntry& current() const { return entries.back(); }
    };
    CaseProtocolContext protocol_context(const char* action, Id case_id);
    // The context as it stood on `date`: the entries made on or before it and
    // the roles then in force. Errc::invalid when the protocol began later.
    CaseProtocolContext context_on(CaseProtocolContext ctx, const Date& date);
    struct GateStep {
        CaseProtocolContext ctx;
        std::string from, date;
        protocol::Evaluation evaluation;
        std::size_t step; // the transition to the requested phase
        const protocol::TransitionResult& transition() const {
            return evaluation.transitions[step];
        }
        std::string kept_evaluation() const;
    };
    GateStep gate_step(Id case_id, const std::string& to, const std::string& on);
    void record_phase_entry(protocol::PhaseEntry entry, const char* action);
    protocol::Protocol protocol_version(const std::string& code, int version);
    void check_diagnosis_rank(const Diagnosis& d);
    void check_diagnosis_pointers(const Session& s);
    Text npi_of(Id clinician_id);
    std::vector<Id> partners_of(const Case& c);
    // The records of one client by the object type their audit events name
    // (audit_report.cpp says which).
    std::map<std::string, std::vector<Id>> records_of_client(Id client_id);
    // The facts as of `today` (a report's date), today in UTC by default.
    protocol::CaseFacts case_facts(const CaseProtocolContext& ctx, std::optional<Date> today = {},
                                   const GatheredRows& given = GatheredRows());
    std::optional<std::string> phase_on(Id case_id, const std::string& date);
    nlohmann::json series_data(Id client_id, const measures::Instrument& in);
    // The same from the client's administrations of that instrument, read by
    // the caller (oldest first).
    nlohmann::json series_data(Id client_id, const measures::Instrument& in,
                               const std::vector<measures::Administration>& administrations);
    nlohmann::json case_snapshot(const ReportOptions& o);
    // A release of case `c` (Errc::not_found unless it is one; Errc::state
    // once expired), or none for release_id 0; and what a report or an
    // export of the case may hold for it.
    std::optional<store::Release> release_of(const Case& c, Id release_id);
    static report::Disclosure disclosure(const Case& c, const std::vector<Id>& partners,
                                         const std::optional<store::Release>& release);
    nlohmann::json caseload_snapshot(const ReportOptions& o);
    Note visible_note(const char* action, Id id);
    nlohmann::json note_summary(const Note& n, bool include_text);
    std::string phase_date(const std::string& given, const CaseProtocolContext& ctx);
    void check_rationale(const char* field, const std::string& text,
                         const protocol::Protocol& definition);
    void raise_flags(Id client_id, Id case_id, Id administration_id, Id screen_id,
                     const std::string& date, const std::vector<measures::RaisedFlag>& flags);

    std::unique_ptr<store::Database> db_;
    std::optional<long long> fixed_now_us_; // set_now(): the host's clock
    std::optional<Id> actor_id_;
    // The acting clinician's row and the practice's time zone, read once per
    // unit of work, or once per host transaction while settings_hold();
    // forgotten by forget_settings() when a unit or transaction ends or is
    // undone, and when this handle changes them.
    std::optional<Clinician> actor_;
    std::optional<std::string> zone_;
    bool settings_hold() const;
    void forget_settings() noexcept {
        actor_.reset();
        zone_.reset();
    }
    // The host's transaction (mend_transaction_begin) opened or ended; the
    // store is told too (its lost-connection message).
    void set_host_tx(bool open) noexcept {
        host_tx_ = open;
        db_->set_host_transaction(open);
    }
    bool host_tx_ = false;
    std::optional<store::AuditEvent> denied_;
    // Reads and refusals must stay audited even when the host rolls its
    // transaction back or the process dies inside it: the events of the
    // current unit, journalled when it ends (store/read_journal.hpp) and
    // moved into the chain when the transaction ends.
    std::vector<store::AuditEvent> unit_reads_;
    bool journalled_ = false; // this handle journalled reads: close waits to move them
    void journal(const std::vector<store::AuditEvent>& events);
    void settle_reads() noexcept;
    // Inside read(): audit() buffers here instead of writing.
    bool reading_ = false;
    std::vector<store::AuditEvent> read_audit_;
    std::function<void()> read_hook_;
    // Events: queued by the unit that makes them, kept with the host's
    // transaction until it commits, then ready for the host.
    std::vector<Event> unit_events_, tx_events_, committed_events_;
    void queue_event(EventKind kind, Id record_id, Id case_id, Id client_id);
};

} // namespace mend
