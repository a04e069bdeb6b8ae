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
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
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
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param session_id The session's id.
 * @param format "soap", "dap", "birp" or "free" (borrowed, not kept).
 * @param content_json The content as a JSON object (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field; nothing stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not), MEND_ENOTFOUND (a
 *        linked record is missing), MEND_ESTATE (a linked record is archived),
 *        MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* format,
                 const char* content_json);
/**
 * Save a draft. @p expected_version is the version you read; a stale one
 * fails with MEND_ECONFLICT and saves nothing. *out is the new version.
 *
 * @param out Receives the draft's new version; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param expected_version The draft version the caller read.
 * @param format "soap", "dap", "birp" or "free" (borrowed, not kept).
 * @param content_json The content as a JSON object (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (the note is signed, or its
 *        case is archived), MEND_ECONFLICT (a stale @p expected_version; nothing saved); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_note_update(int* out, mend_db* db, int64_t id, int expected_version, const char* format,
                 const char* content_json);
/**
 * Sign a draft (its author): stores the SHA-256 content hash; final.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (already signed); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_sign(mend_db* db, int64_t id);
/**
 * Co-sign a signed note (a supervisor or admin, not its author).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (not signed yet, or already
 *        co-signed by the actor); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_cosign(mend_db* db, int64_t id);
/**
 * Append a signed addendum (with a reason) to a signed note.
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param text The addendum's text (UTF-8; borrowed, not kept).
 * @param reason Why the addendum is made (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (the note is a draft, or its
 *        case is archived); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_note_addendum_create(int64_t* out, mend_db* db, int64_t id, const char* text,
                          const char* reason);
/**
 * Mark an individual session's note shareable in conjoint work (no_secrets couples only).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param shareable Non-zero to mark it shareable, 0 to unmark it.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (the couple's policy keeps
 *        individual sessions confidential); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_set_shareable(mend_db* db, int64_t id, int shareable);
/**
 * A note with its content, addenda, co-signatures and hash, as JSON.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_get_json(char** out, mend_db* db, int64_t id);

/** Options for mend_note_list_json(): set @c case_id or @c client_id. */
typedef struct mend_note_list_options {
    /** The struct's version: MEND_NOTE_LIST_OPTIONS_VERSION, as MEND_NOTE_LIST_OPTIONS_INIT and
     * mend_note_list_options_init() set it. */
    unsigned int version;
    /** The notes of this case... */
    int64_t case_id;
    /** ...or this client's record: the notes of the sessions they took part in. */
    int64_t client_id;
    /** Non-zero to include each note's content. */
    int include_text;
} mend_note_list_options;

/** The newest version of mend_note_list_options: what its version field holds when set by
 * MEND_NOTE_LIST_OPTIONS_INIT. */
#define MEND_NOTE_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_note_list_options with the defaults of MEND_NOTE_LIST_OPTIONS_VERSION (as
 * mend_note_list_options_init() fills it). */
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
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_note_list_options_init(mend_note_list_options* opts, unsigned int version);

/**
 * Notes as a JSON array (date, format, status, author, phase, late entry, addenda count).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call); required.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_list_json(char** out, mend_db* db, const mend_note_list_options* opts);

/**
 * Recompute every signed note's and addendum's hash (supervisors and
 * admins): {"notes_checked", "addenda_checked", "mismatches": [{kind, id}], "ok"}.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_EDENIED (not a supervisor
 *        or admin); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_note_verify_json(char** out, mend_db* db);

/** Options for mend_note_search_json(). */
typedef struct mend_note_search_options {
    /** The struct's version: MEND_NOTE_SEARCH_OPTIONS_VERSION, as MEND_NOTE_SEARCH_OPTIONS_INIT and
     * mend_note_search_options_init() set it. */
    unsigned int version;
    /** Only notes in this client's record (0: any the actor may see). */
    int64_t client_id;
    /** Non-zero to search the actor's own psychotherapy process notes too. */
    int include_process_notes;
    /** At most this many hits (1..search_limit_max; 0 means
     * search_limit_default; both in the catalogue, mend/catalog.h). */
    int limit;
} mend_note_search_options;

/** The newest version of mend_note_search_options: what its version field holds when set by
 * MEND_NOTE_SEARCH_OPTIONS_INIT. */
#define MEND_NOTE_SEARCH_OPTIONS_VERSION 1
/** An initialiser of mend_note_search_options with the defaults of MEND_NOTE_SEARCH_OPTIONS_VERSION
 * (as mend_note_search_options_init() fills it). */
#define MEND_NOTE_SEARCH_OPTIONS_INIT                                                              \
    { MEND_NOTE_SEARCH_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_note_search_options (for the newest,
 * MEND_NOTE_SEARCH_OPTIONS_VERSION, the same values as MEND_NOTE_SEARCH_OPTIONS_INIT) and set
 * its
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
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_note_search_options_init(mend_note_search_options* opts, unsigned int version);

/**
 * Full-text search over the progress notes (and their addenda) the actor may
 * see: SQLite FTS5 or PostgreSQL full-text search. The query is words, never
 * search syntax. JSON array of {kind, note_id, case_id, date, snippet} with
 * the matched words in [brackets].
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param query The words to search for (UTF-8; borrowed, not kept).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_note_search_json(char** out, mend_db* db, const char* query,
                      const mend_note_search_options* opts);

MEND_END_DECL

#endif /* MEND_NOTE_H */
