/**
 * @file mend/event.h
 * @brief Events: the host's callback after a commit that raised or resolved a
 *        safety flag, moved a case's phase, signed a note or created a release.
 *
 * A host registers one callback per handle with mend_event_set_callback(). mend
 * queues an event inside the transaction of the call that makes it and
 * delivers it only after that transaction commits: at the end of a call that
 * commits on its own, or at the end of mend_transaction_commit() for the
 * calls made inside mend_transaction_begin(). Work that rolls back (a failed
 * call, mend_transaction_rollback(), a failed commit, or mend_close() with a
 * transaction open) delivers nothing. One call may deliver several events (a
 * measure can raise more than one flag); they come in the order they were
 * made.
 *
 * The callback runs on the thread of the call, after the call's work is done
 * and before the call returns. While it runs, the handle that delivered the
 * event refuses every call with MEND_ESTATE ("a mend callback cannot call
 * back into its own handle") and changes nothing; mend_errmsg(),
 * mend_errcode(), mend_transaction_active() and mend_db_backend() still
 * answer, and mend_close() on it does nothing. Other handles may be used
 * from inside the callback. An event carries ids only, never client text:
 * read the record through a handle (after the callback returns, or on
 * another handle) to see what it holds.
 */
#ifndef MEND_EVENT_H
#define MEND_EVENT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** A safety flag was raised (by a measure, a safety screen or a broken agreement).
 *  record_id is the flag, client_id its client, case_id its case or 0. */
#define MEND_EVENT_FLAG_RAISED 1
/** A safety flag was resolved. record_id is the flag, client_id its client,
 *  case_id its case or 0. */
#define MEND_EVENT_FLAG_RESOLVED 2
/** A case's phase changed: a protocol started, or a phase advance, override
 *  or move back. record_id is the phase entry (mend_phase_history_json lists it),
 *  case_id the case, client_id 0. A change of partner roles is not a phase change. */
#define MEND_EVENT_PHASE_CHANGED 3
/** A note was signed by its author. record_id is the note, case_id its
 *  session's case, client_id 0 (a session may have two clients). */
#define MEND_EVENT_NOTE_SIGNED 4
/** A signed note was co-signed by a supervisor or admin. record_id is the
 *  note, case_id its session's case, client_id 0. (An addendum is no event.) */
#define MEND_EVENT_NOTE_COSIGNED 5
/** A release was created. record_id is the release, case_id its case,
 *  client_id the client it was prepared for. */
#define MEND_EVENT_RELEASE_CREATED 6
/** A clinician opened a client's record outside their caseload ("break the glass",
 *  mend/emergency.h). record_id is the grant, client_id the client, case_id 0; actor_id
 *  the clinician. The reason is not in the event: read it with
 *  mend_emergency_list_json(). */
#define MEND_EVENT_EMERGENCY_ACCESS 7

/** The newest version of mend_event. */
#define MEND_EVENT_VERSION 1

/**
 * One event, as the callback receives it. mend fills it; the host only
 * reads it. It grows only at its end: a field exists when @c version is at
 * least the version that added it. Every field is an id or a number: an
 * event holds no text.
 */
typedef struct mend_event {
    /** The version of this struct that mend filled (MEND_EVENT_VERSION or older). */
    unsigned int version;
    /** One of the MEND_EVENT_* kinds; a newer library may add kinds, so ignore unknown ones. */
    int kind;
    /** The record the event is about: a flag, phase entry, note or release id. */
    int64_t record_id;
    /** The case the record belongs to, or 0. */
    int64_t case_id;
    /** The client the record belongs to, or 0. */
    int64_t client_id;
    /** The acting clinician who made the event. */
    int64_t actor_id;
} mend_event;

/**
 * The host's event callback.
 *
 * @param event     The event. Borrowed: valid only during the call; copy what you keep.
 * @param user_data The pointer given to mend_event_set_callback(), passed back unchanged.
 */
typedef void (*mend_event_callback)(const mend_event* event, void* user_data);

/**
 * Set the callback that receives the events of @p db's committed calls,
 * replacing any earlier one; a NULL @p callback removes it. Events already
 * committed are never delivered late: an event is delivered to the callback
 * set when it is delivered.
 *
 * @param db        The handle. mend keeps @p callback and @p user_data until
 *                  they are replaced or the handle is closed; mend never
 *                  frees @p user_data.
 * @param callback  Called once per event, on the thread that made the call
 *                  (see the file's description), or NULL for none. It must
 *                  not throw or longjmp out.
 * @param user_data Passed to every call of @p callback; may be NULL.
 * @return MEND_OK; MEND_EINVAL for a NULL @p db; MEND_ESTATE for a closed
 *         handle, or when called from inside @p db's own callback.
 *         Thread rules: those of the handle (one thread at a time).
 */
MEND_EXTERN(int)
mend_event_set_callback(mend_db* db, mend_event_callback callback, void* user_data);

MEND_END_DECL

#endif /* MEND_EVENT_H */
