/**
 * @file mend/protocol.h
 * @brief Treatment protocols: the phases, gates and criteria a case follows.
 *
 *
 * A protocol is data: phases, the transitions between them and the gate
 * criteria on each. Built-in: "betrayal_trauma_couples" (trauma first:
 * intake, safety and stabilisation, impact and meaning, decision point, then
 * relational repair or separation support, then consolidation),
 * "betrayal_trauma_couples_csb" (the same, APSATS-informed, with sobriety and
 * a therapeutic disclosure on the trauma gate) and
 * "betrayal_trauma_individual" (Herman's stages for one partner's own work).
 * Their thresholds are defaults for clinical review: any gate can be
 * overridden with a written rationale, and a practice can load its own.
 *
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_PROTOCOL_H
#define MEND_PROTOCOL_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * The protocols as a JSON array of {code, name, version, kind, phases}.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_protocol_list_json(char** out, mend_db* db);
/**
 * One protocol's full definition as JSON.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param code The protocol's code (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_protocol_get_json(char** out, mend_db* db, const char* code);
/**
 * Load a protocol definition (JSON, the form mend_protocol_get_json returns).
 * Admins only. Validated first: an error names the bad field; nothing is
 * stored. A new version of a loaded protocol needs a higher "version".
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param definition_json The definition as JSON (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_EEXISTS (a version not higher than the
 *        loaded one); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_protocol_load(mend_db* db, const char* definition_json);

MEND_END_DECL

#endif /* MEND_PROTOCOL_H */
