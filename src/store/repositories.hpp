// SOCI repositories: the only place SQL is written. Every value is bound with
// use(); the only SQL put together at run time joins fixed fragments.
#pragma once

#include "domain/audit_chain.hpp"
#include "domain/diagnoses.hpp"
#include "domain/records.hpp"
#include "domain/sessions.hpp"
#include "measures/records.hpp"
#include "protocol/records.hpp"
#include "store/database.hpp"

#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace mend::store {

// Who is asking, for the visibility filters of lists.
struct Viewer {
    Id clinician_id = 0;
    bool sees_everything = false;
};

struct Page {
    Id after_id = 0;
    int limit = 100;
    bool include_archived = false;
};

// practice
int count_clinicians(Database& db);
void insert_practice(Database& db, const std::string& name, const std::string& now);
// The practice's IANA time zone ("UTC" before the practice is set up).
std::string practice_time_zone(Database& db);
void set_practice_time_zone(Database& db, const std::string& zone);

// clinicians
Id insert_clinician(Database& db, const Clinician& c);
std::optional<Clinician> find_clinician(Database& db, Id id);
std::optional<Clinician> find_clinician_by_external(Database& db, const std::string& external_id);
void update_clinician(Database& db, const Clinician& c);
std::vector<Clinician> list_clinicians(Database& db, const Page& page);

// clients
Id insert_client(Database& db, const Client& c);
std::optional<Client> find_client(Database& db, Id id);
std::optional<Id> find_client_id_by_external(Database& db, const std::string& external_id);
// The clients with this given and family name, case (ASCII) and spacing
// aside: through the name's blind index in an encrypted practice.
std::vector<Id> find_client_ids_by_name(Database& db, const std::string& given_name,
                                        const std::string& family_name);
void update_client(Database& db, const Client& c);
std::vector<Client> list_clients(Database& db, const Viewer& viewer, const Page& page);
bool client_visible(Database& db, Id client_id, Id clinician_id);

// couples
Id insert_couple(Database& db, const Couple& c);
std::optional<Couple> find_couple(Database& db, Id id);
std::optional<Id> find_couple_id_by_external(Database& db, const std::string& external_id);
void update_couple(Database& db, const Couple& c);
std::vector<Couple> list_couples(Database& db, const Viewer& viewer, const Page& page,
                                 Id client_id);
bool couple_visible(Database& db, Id couple_id, Id clinician_id);

// cases
struct CaseFilter {
    Id client_id = 0, couple_id = 0, clinician_id = 0;
};
Id insert_case(Database& db, const Case& c);
std::optional<Case> find_case(Database& db, Id id);
std::optional<Id> find_case_id_by_external(Database& db, const std::string& external_id);
void update_case(Database& db, const Case& c);
std::vector<Case> list_cases(Database& db, const Viewer& viewer, const Page& page,
                             const CaseFilter& filter);

// external ids: which table already holds this one (another row than `self`)?
bool external_id_taken(Database& db, const char* table, const std::string& external_id, Id self);

// Definitions a practice loaded (instruments, protocols): append-only, versioned.
enum class DefinitionKind { instrument, protocol };
void insert_definition(Database& db, DefinitionKind kind, const std::string& code, int version,
                       const std::string& definition, Id loaded_by, const std::string& at);
// The highest stored version of a definition's code (0 when none).
int latest_definition_version(Database& db, DefinitionKind kind, const std::string& code);
// (code, version, definition JSON), every stored definition of a kind.
std::vector<std::tuple<std::string, int, std::string>> list_definitions(Database& db,
                                                                        DefinitionKind kind);

// instrument settings
std::map<std::string, double> cutoff_choices(Database& db, const std::string& instrument);
void set_cutoff_choice(Database& db, const std::string& instrument, const std::string& cutoff,
                       double value, Id by, const std::string& at);

// administrations (append-only)
Id insert_administration(Database& db, const measures::Administration& a);
std::optional<measures::Administration> find_administration(Database& db, Id id);
// A client's administrations of one instrument, oldest first (date, then id).
std::vector<measures::Administration> list_administrations(Database& db, Id client_id,
                                                           const std::string& instrument);
// Every administration of a client, of every instrument: by instrument, then
// oldest first (date, then id). Two statements in all.
std::vector<measures::Administration> list_client_administrations(Database& db, Id client_id);

// safety screens (append-only) and flags
Id insert_safety_screen(Database& db, const measures::SafetyScreen& s);
std::vector<measures::SafetyScreen> list_safety_screens(Database& db, Id client_id);
Id insert_flag(Database& db, const measures::Flag& f);
std::optional<measures::Flag> find_flag(Database& db, Id id);
void resolve_flag(Database& db, const measures::Flag& f);
struct FlagFilter {
    Id client_id = 0, case_id = 0, clinician_id = 0;
    bool include_resolved = false;
};
std::vector<measures::Flag> list_flags(Database& db, const Viewer& viewer,
                                       const FlagFilter& filter);

// Reads for many cases or clients at once (the caseload reads a page of
// cases this way): one statement each whatever the number of ids, the rows by
// the case's (or client's) id, each id's rows in the order of the one-key read
// above. Ids that have no row are absent.
template <class T> using ByKey = std::map<Id, std::vector<T>>;
std::map<Id, Client> find_clients(Database& db, const std::vector<Id>& ids);
std::map<Id, Couple> find_couples(Database& db, const std::vector<Id>& ids);
// Sessions with their participants, or (with_participants false) without.
ByKey<Session> sessions_of_cases(Database& db, const std::vector<Id>& case_ids,
                                 bool with_participants = true);
std::map<Id, protocol::CaseProtocol> case_protocols(Database& db, const std::vector<Id>& case_ids);
ByKey<protocol::PhaseEntry> phase_entries_of_cases(Database& db, const std::vector<Id>& case_ids);
ByKey<protocol::RoleChange> role_changes_of_cases(Database& db, const std::vector<Id>& case_ids);
ByKey<protocol::Attestation> attestations_of_cases(Database& db, const std::vector<Id>& case_ids);
ByKey<protocol::Agreement> agreements_of_cases(Database& db, const std::vector<Id>& case_ids);
// By agreement id: the events of every agreement of the cases.
ByKey<protocol::AgreementEvent> agreement_events_of_cases(Database& db,
                                                          const std::vector<Id>& case_ids);
// Each case's latest plan version of each phase.
ByKey<protocol::PlanVersion> latest_plans_of_cases(Database& db, const std::vector<Id>& case_ids);
// Administrations with their answers, or (with_answers false) their totals only.
ByKey<measures::Administration> administrations_of_clients(Database& db,
                                                           const std::vector<Id>& client_ids,
                                                           bool with_answers = true);
// Every flag, open or resolved.
ByKey<measures::Flag> flags_of_clients(Database& db, const std::vector<Id>& client_ids);
ByKey<measures::SafetyScreen> screens_of_clients(Database& db, const std::vector<Id>& client_ids);

// diagnoses: a case's, by client, rank and id
Id insert_diagnosis(Database& db, const Diagnosis& d);
void update_diagnosis(Database& db, const Diagnosis& d);
std::optional<Diagnosis> find_diagnosis(Database& db, Id id);
std::vector<Diagnosis> list_diagnoses(Database& db, Id case_id);

// protocols
void insert_case_protocol(Database& db, const protocol::CaseProtocol& cp);
std::optional<protocol::CaseProtocol> find_case_protocol(Database& db, Id case_id);
void update_case_protocol_roles(Database& db, Id case_id, Id betrayed_client_id,
                                const std::string& at);
Id insert_phase_entry(Database& db, const protocol::PhaseEntry& e);
std::vector<protocol::PhaseEntry> list_phase_entries(Database& db, Id case_id); // oldest first
Id insert_role_change(Database& db, const protocol::RoleChange& r);
std::vector<protocol::RoleChange> list_role_changes(Database& db, Id case_id); // oldest first
Id insert_attestation(Database& db, const protocol::Attestation& a);
std::vector<protocol::Attestation> list_attestations(Database& db, Id case_id); // in order recorded
Id insert_plan_version(Database& db, const protocol::PlanVersion& p);
std::optional<protocol::PlanVersion> latest_plan(Database& db, Id case_id,
                                                 const std::string& phase);
Id insert_agreement(Database& db, const protocol::Agreement& a);
std::optional<protocol::Agreement> find_agreement(Database& db, Id id);
void update_agreement_status(Database& db, Id id, const std::string& status, const std::string& at);
std::vector<protocol::Agreement> list_agreements(Database& db, Id case_id);
Id insert_agreement_event(Database& db, const protocol::AgreementEvent& e);
std::vector<protocol::AgreementEvent> list_agreement_events(Database& db, Id agreement_id);

// sessions and notes
struct NoteSignature {
    Id note_id = 0, signer_id = 0;
    std::string role, signed_at, hash;
};
struct SearchHit {
    Id note_id = 0, case_id = 0;
    std::string date, snippet;
};
struct ProcessNote {
    Id id = 0, session_id = 0, case_id = 0, author_id = 0;
    std::string text, created_at;
};
Id insert_session(Database& db, const Session& s);
std::optional<Session> find_session(Database& db, Id id);
std::vector<Session> list_sessions(Database& db, Id case_id);
Id insert_note(Database& db, const Note& n);
// Saves a draft only if it is still at expected_version; false otherwise.
bool update_draft(Database& db, const Note& n, int expected_version);
void sign_note(Database& db, const Note& n);
std::optional<Note> find_note(Database& db, Id id);
std::vector<Note> list_case_notes(Database& db, Id case_id);
std::vector<Note> list_client_notes(Database& db, Id client_id);
// A case's note as a report lists it: its author's name (empty when the
// clinician row is missing), its text as stored for search at its last save
// (note_search_text of its content; `note.content` is left null), how many
// addenda it has and whether its latest share mark makes it shareable. One
// statement for the whole case.
struct ReportNote {
    Note note;
    std::string author;
    std::string text;
    int addenda = 0;
    bool shareable = false;
};
std::vector<ReportNote> list_report_notes(Database& db, Id case_id); // by session start
std::vector<Note> list_signed_notes(Database& db);
// Indexes a note's searched text; `replacing` when the note was indexed
// before (a new note has nothing to remove).
void index_note(Database& db, Id note_id, const std::string& text, bool replacing = true);
// Removes a note from the plaintext search index (SQLite's note_fts,
// PostgreSQL's note_search_text), as converting a practice to encrypted does.
void drop_plain_note_index(Database& db, Id note_id);
Id insert_addendum(Database& db, const Addendum& a);
std::vector<Addendum> list_addenda(Database& db, Id note_id);
void insert_signature(Database& db, const NoteSignature& s);
std::vector<NoteSignature> list_signatures(Database& db, Id note_id);
void insert_share_mark(Database& db, Id note_id, bool shareable, Id actor, const std::string& at);
bool note_shareable(Database& db, Id note_id);
std::vector<SearchHit> search_notes(Database& db, const std::string& query, const Viewer& viewer,
                                    Id client_id, int limit);
Id insert_process_note(Database& db, const ProcessNote& p);
std::optional<ProcessNote> find_process_note(Database& db, Id id);
// The process notes `reader` wrote or was granted (case 0: every case).
std::vector<ProcessNote> list_process_notes(Database& db, Id case_id, Id reader);
bool process_note_granted(Database& db, Id process_note_id, Id clinician_id);
void insert_process_note_grant(Database& db, Id process_note_id, Id clinician_id, Id by,
                               const std::string& at);

// releases
struct Release {
    Id id = 0, case_id = 0, for_client_id = 0, created_by = 0;
    std::string recipient, purpose, created_on, expires_on, created_at;
    std::vector<Id> authorised; // clients who authorised joint content
};
std::string practice_name(Database& db);
Id insert_release(Database& db, const Release& r);
std::optional<Release> find_release(Database& db, Id id);
std::vector<Release> list_releases(Database& db, Id case_id); // oldest first
void insert_release_authorisation(Database& db, Id release_id, Id client_id, const std::string& on,
                                  Id by);

// emergency access ("break the glass"): a grant lets one clinician open one
// client's record for a stated reason from opened_us until expires_us.
struct EmergencyGrant {
    Id id = 0, clinician_id = 0, client_id = 0;
    std::string reason;
    long long opened_us = 0, expires_us = 0;
};
Id insert_emergency_grant(Database& db, const EmergencyGrant& g);
// The latest grant of the clinician for the client in force at now_us.
std::optional<EmergencyGrant> active_emergency_grant(Database& db, Id clinician_id, Id client_id,
                                                     long long now_us);
// Grants with id > after_id, oldest first, at most `limit`.
std::vector<EmergencyGrant> list_emergency_grants(Database& db, Id after_id, int limit);
// The shortest reason (in characters) a grant accepts: a practice setting.
int practice_emergency_reason_min(Database& db);
void set_practice_emergency_reason_min(Database& db, int n);

// audit
struct AuditEvent {
    long long seq = 0;
    long long at_us = 0;
    Id actor_id = 0;
    std::string action, object_type;
    Id object_id = 0;
    std::string outcome = "ok";
    // No client data: a signed note's content hash, an addendum's id and hash.
    Text detail;
    // The keyed chain (domain/audit_chain.hpp): set by append_audit in a
    // keyed practice, none in one that is not (yet).
    Id key_id = 0;
    Text prev_mac, mac;
};
// Appends the event; in a keyed practice it is chained under the handle's
// audit key (Errc::key when the handle has none).
// Returns the seq the event was given.
long long append_audit(Database& db, AuditEvent event);
// Every event from after_seq on, in seq order, a page at a time, to `each`
// (the chain's verifier and seal read the whole log this way).
// The newest event, if any (its seq and mac are a checkpoint's).
std::optional<AuditEvent> audit_head(Database& db);
// The event as the chain encodes it (0 ids as NULL).
ChainRow audit_chain_row(const AuditEvent& e);
void for_each_audit(Database& db, const std::function<void(const AuditEvent&)>& each,
                    long long after_seq = 0);

// The host keys a practice registered: per purpose, each key id with the
// check MAC that tells it from another key (store/keys.cpp).
struct RegisteredKey {
    std::string purpose;
    Id key_id = 0;
    std::string check_mac, added_at;
};
std::vector<RegisteredKey> list_registered_keys(Database& db);
void insert_registered_key(Database& db, const RegisteredKey& key);

// The practice's data keys (issue 14), each stored only wrapped under one of
// the host's wrap keys. create_data_key makes a random one, wrapped under
// `wrap_key`, and returns its id; load_data_keys (store/database.hpp) opens
// them.
struct DataKey {
    Id id = 0, wrap_key_id = 0;
    std::string wrapped, created_at, state; // state: active | retired
};
std::vector<DataKey> list_data_keys(Database& db);
Id create_data_key(Database& db, const HostKey& wrap_key, const std::string& at);
// Wraps every data key not yet under `wrap_key` anew under it (each opened
// with its own wrap key from `source`); returns how many moved. The data
// keys themselves, and so every sealed value, stay as they are.
int rewrap_data_keys(Database& db, const KeySource& source, const HostKey& wrap_key);

std::vector<AuditEvent> list_audit(Database& db, long long after_seq, int limit);
// The events about one record, oldest first.
std::vector<AuditEvent> list_audit_of(Database& db, const std::string& object_type, Id object_id);
// A filtered page of the log: events with seq > after_seq and
// from_us <= at_us < to_us, by one actor (actor_id not 0), about the given
// records only (objects: ids by object type; none: any record), oldest
// first, at most `limit`.
struct AuditQuery {
    long long after_seq = 0;
    int limit = 1000;
    long long from_us = 0, to_us = std::numeric_limits<long long>::max();
    Id actor_id = 0;
    std::optional<std::map<std::string, std::vector<Id>>> objects;
};
std::vector<AuditEvent> list_audit_where(Database& db, const AuditQuery& query);
// Ids the audit report maps to a client's record without reading the rows:
// a case's process notes as (session_id, id), and its treatment plan
// versions.
std::vector<std::pair<Id, Id>> list_process_note_ids(Database& db, Id case_id);
std::vector<Id> list_plan_ids(Database& db, Id case_id);

} // namespace mend::store
