/**
 * @file mend/notes.h
 * @brief Sessions and session notes: drafts, signing, addenda, co-signing,
 *        privacy between partners, psychotherapy process notes, search.
 *
 * A session belongs to a case: its date and time, duration, modality, the
 * clients who took part (one partner, both, or a partner alone with the
 * clinician), the identified patient for billing and the CPT code. The
 * duration must fit the code's time rule (90832 16-37 minutes, 90834 38-52,
 * 90837 53 or more, 90846/90847 26 or more) or the call fails. Each session
 * is stamped with the case's phase on its date.
 *
 * A note is a draft (only its author edits it; each save bumps its version,
 * and a save with a stale version fails with MEND_ECONFLICT), then signed by
 * its author: a SHA-256 content hash is stored and the note never changes
 * again — the database itself refuses UPDATE or DELETE of a signed note.
 * Corrections are addenda, each dated, signed and hashed. A supervisor or
 * admin may co-sign. A note signed more than 3 days after its session is
 * marked a late entry.
 *
 * Privacy between partners: a note of a session belongs to the records of
 * the clients who took part in it. One partner's individual session never
 * reaches the other partner's record, search results about them, or their
 * reports. Under a "no_secrets" policy the clinician may mark an individual
 * note as shareable in conjoint work (audited); it still stays out of the
 * other partner's record.
 *
 * Psychotherapy process notes (45 CFR 164.501) live apart: readable by their
 * author and whom the author grants, excluded from every list, report and
 * search unless their author asks.
 */
#ifndef MEND_NOTES_H
#define MEND_NOTES_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

typedef struct mend_session_fields {
    unsigned int version;
    int64_t case_id;
    /** The start: "YYYY-MM-DDTHH:MM", the practice's local time (mend/practice.h); or an
     * ISO 8601 time with its offset ("2026-11-03T02:00:00Z", "2026-11-02T20:00-06:00").
     * A local time the practice's clocks skip is refused (MEND_EINVAL); one they repeat is
     * the earlier. The session keeps the practice's local time ("starts_at"), its offset
     * then ("utc_offset") and the UTC time ("starts_at_utc", "YYYY-MM-DDTHH:MM:SSZ"). */
    const char* starts_at;
    int duration_minutes;
    /** "in_person", "video" or "phone". */
    const char* modality;
    /** The clients who took part (clients of the case). */
    const int64_t* participants;
    size_t participant_count;
    /** The identified patient for billing (couples' sessions); 0: none. */
    int64_t identified_patient_id;
    /** "90791", "90832", "90834", "90837", "90846" or "90847". */
    const char* cpt_code;
} mend_session_fields;

#define MEND_SESSION_FIELDS_VERSION 1
#define MEND_SESSION_FIELDS_INIT                                                                   \
    { MEND_SESSION_FIELDS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_session_fields (for the newest,
 * MEND_SESSION_FIELDS_VERSION, the same values as MEND_SESSION_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_SESSION_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int) mend_session_fields_init(mend_session_fields* fields, unsigned int version);

MEND_EXTERN(int) mend_session_create(int64_t* out, mend_db* db, const mend_session_fields* fields);
MEND_EXTERN(int) mend_session_get_json(char** out, mend_db* db, int64_t id);
/** A case's sessions, oldest first, as a JSON array. */
MEND_EXTERN(int) mend_session_list_json(char** out, mend_db* db, int64_t case_id);

/**
 * A new draft note for a session. @p format is "soap", "dap", "birp" or
 * "free"; @p content_json an object of the format's fields — soap:
 * subjective, objective, assessment, plan; dap: data, assessment, plan;
 * birp: behavior, intervention, response, plan; free: text, plan — plus
 * "risk" (the risk assessment) and "interventions" (a list of texts).
 */
MEND_EXTERN(int)
mend_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* format,
                 const char* content_json);
/**
 * Save a draft. @p expected_version is the version you read; a stale one
 * fails with MEND_ECONFLICT and saves nothing. *out_version is the new one.
 */
MEND_EXTERN(int)
mend_note_update(int* out_version, mend_db* db, int64_t id, int expected_version,
                 const char* format, const char* content_json);
/** Sign a draft (its author): stores the SHA-256 content hash; final. */
MEND_EXTERN(int) mend_note_sign(mend_db* db, int64_t id);
/** Co-sign a signed note (a supervisor or admin, not its author). */
MEND_EXTERN(int) mend_note_cosign(mend_db* db, int64_t id);
/** Append a signed addendum (with a reason) to a signed note. */
MEND_EXTERN(int)
mend_note_addend(int64_t* out, mend_db* db, int64_t id, const char* text, const char* reason);
/** Mark an individual session's note shareable in conjoint work (no_secrets couples only). */
MEND_EXTERN(int) mend_note_set_shareable(mend_db* db, int64_t id, int shareable);
/** A note with its content, addenda, co-signatures and hash, as JSON. */
MEND_EXTERN(int) mend_note_get_json(char** out, mend_db* db, int64_t id);

typedef struct mend_note_list_options {
    unsigned int version;
    /** The notes of this case... */
    int64_t case_id;
    /** ...or this client's record: the notes of the sessions they took part in. */
    int64_t client_id;
    /** Non-zero to include each note's content. */
    int include_text;
} mend_note_list_options;

#define MEND_NOTE_LIST_OPTIONS_VERSION 1
#define MEND_NOTE_LIST_OPTIONS_INIT                                                                \
    { MEND_NOTE_LIST_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_note_list_options (for the newest,
 * MEND_NOTE_LIST_OPTIONS_VERSION, the same values as MEND_NOTE_LIST_OPTIONS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_NOTE_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int) mend_note_list_options_init(mend_note_list_options* opts, unsigned int version);

/** Notes as a JSON array (date, format, status, author, phase, late entry, addenda count). */
MEND_EXTERN(int) mend_note_list_json(char** out, mend_db* db, const mend_note_list_options* opts);

/**
 * Recompute every signed note's and addendum's hash (supervisors and
 * admins): {"notes_checked", "addenda_checked", "mismatches": [{kind, id}], "ok"}.
 */
MEND_EXTERN(int) mend_note_verify_json(char** out, mend_db* db);

typedef struct mend_note_search_options {
    unsigned int version;
    /** Only notes in this client's record (0: any the actor may see). */
    int64_t client_id;
    /** Non-zero to search the actor's own psychotherapy process notes too. */
    int include_process_notes;
    /** At most this many hits (1..1000; 0 means 50). */
    int limit;
} mend_note_search_options;

#define MEND_NOTE_SEARCH_OPTIONS_VERSION 1
#define MEND_NOTE_SEARCH_OPTIONS_INIT                                                              \
    { MEND_NOTE_SEARCH_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_note_search_options (for the newest,
 * MEND_NOTE_SEARCH_OPTIONS_VERSION, the same values as MEND_NOTE_SEARCH_OPTIONS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_NOTE_SEARCH_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int)
mend_note_search_options_init(mend_note_search_options* opts, unsigned int version);

/**
 * Full-text search over the progress notes (and their addenda) the actor may
 * see: SQLite FTS5 or PostgreSQL full-text search. The query is words, never
 * search syntax. JSON array of {kind, note_id, case_id, date, snippet} with
 * the matched words in [brackets].
 */
MEND_EXTERN(int)
mend_note_search_json(char** out, mend_db* db, const char* query,
                      const mend_note_search_options* opts);

/** A psychotherapy process note for a session (its author alone reads it). */
MEND_EXTERN(int)
mend_process_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* text);
MEND_EXTERN(int) mend_process_note_get_json(char** out, mend_db* db, int64_t id);
/** The process notes of a case the actor wrote or was granted. */
MEND_EXTERN(int) mend_process_note_list_json(char** out, mend_db* db, int64_t case_id);
/** Let another clinician read a process note (its author only). */
MEND_EXTERN(int) mend_process_note_grant(mend_db* db, int64_t id, int64_t clinician_id);

MEND_END_DECL

#endif /* MEND_NOTES_H */
