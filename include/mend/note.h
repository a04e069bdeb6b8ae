/**
 * @file mend/note.h
 * @brief Session notes: drafts, signing, addenda, co-signing, privacy between partners, search.
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
 */
#ifndef MEND_NOTE_H
#define MEND_NOTE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

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
 * fails with MEND_ECONFLICT and saves nothing. *out is the new version.
 */
MEND_EXTERN(int)
mend_note_update(int* out, mend_db* db, int64_t id, int expected_version, const char* format,
                 const char* content_json);
/** Sign a draft (its author): stores the SHA-256 content hash; final. */
MEND_EXTERN(int) mend_note_sign(mend_db* db, int64_t id);
/** Co-sign a signed note (a supervisor or admin, not its author). */
MEND_EXTERN(int) mend_note_cosign(mend_db* db, int64_t id);
/** Append a signed addendum (with a reason) to a signed note. */
MEND_EXTERN(int)
mend_note_addendum_create(int64_t* out, mend_db* db, int64_t id, const char* text,
                          const char* reason);
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
    /** At most this many hits (1..search_limit_max; 0 means
     * search_limit_default; both in the catalogue, mend/catalog.h). */
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

MEND_END_DECL

#endif /* MEND_NOTE_H */
