/**
 * @file mend/audit.h
 * @brief Reading the audit log.
 *
 * Every create, update and archive, and every read of a client, couple or
 * case record, writes one audit event in the same transaction as the work:
 * when (UTC), actor, action, object type and id, and outcome ("ok", or
 * "denied" for a refused call). Events hold no client data. The log is
 * append-only: the database refuses UPDATE and DELETE on it.
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
 */
MEND_EXTERN(int) mend_audit_list_json(char** out, mend_db* db, int64_t after_seq, int limit);

MEND_END_DECL

#endif /* MEND_AUDIT_H */
