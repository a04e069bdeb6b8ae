/**
 * @file mend/audit.h
 * @brief Reading the audit log.
 *
 * Every create, update and archive, and every read of a client, couple or
 * case record, writes one audit event in the same transaction as the work:
 * when (UTC), actor, action, object type and id, and outcome ("ok", or
 * "denied" for a refused call). Events hold no client data. The log is
 * append-only: the database refuses UPDATE and DELETE on it.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_AUDIT_H
#define MEND_AUDIT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Audit events with sequence number greater than @p after_seq, oldest first,
 * at most @p limit (1..10000), as a JSON array of objects
 * {"seq","at","actor_id","action","object_type","object_id","outcome"}.
 * Supervisors and admins only. Free *out with mend_free().
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param after_seq Events after this sequence number (0: from the start).
 * @param limit At most this many events (1..10000).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_audit_list_json(char** out, mend_db* db, int64_t after_seq, int limit);

MEND_END_DECL

#endif /* MEND_AUDIT_H */
