/**
 * @file mend/process_note.h
 * @brief Psychotherapy process notes: their author's alone.
 *
 * Psychotherapy process notes (45 CFR 164.501) live apart: readable by their
 * author and whom the author grants, excluded from every list, report and
 * search unless their author asks.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_PROCESS_NOTE_H
#define MEND_PROCESS_NOTE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * A psychotherapy process note for a session (its author alone reads it).
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param session_id The session's id.
 * @param text The process note's text (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (the case is archived); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_process_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* text);
/**
 * One process note as JSON.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_process_note_get_json(char** out, mend_db* db, int64_t id);
/**
 * The process notes of a case the actor wrote or was granted.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_process_note_list_json(char** out, mend_db* db, int64_t case_id);
/**
 * Let another clinician read a process note (its author only).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param clinician_id The clinician's id.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (that clinician can already
 *        read it); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_process_note_grant(mend_db* db, int64_t id, int64_t clinician_id);

MEND_END_DECL

#endif /* MEND_PROCESS_NOTE_H */
