/**
 * @file mend/plan.h
 * @brief Treatment plans of a case's phases.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_PLAN_H
#define MEND_PLAN_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Set the treatment plan of a phase (a new version each time): JSON
 * {"problems": [..], "goals": [{"text", "objectives": [{"text", "measure":
 * {"instrument", "comparator", "value"}, "target_date"}]}], "interventions":
 * [..], "review_on": "YYYY-MM-DD"}. A review that is due shows in the gate
 * evaluation. *out is the new version.
 *
 * @param out Receives the plan's new version; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param phase The phase code (borrowed, not kept).
 * @param plan_json The plan as a JSON object (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (no protocol started); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_plan_set(int* out, mend_db* db, int64_t case_id, const char* phase, const char* plan_json);
/**
 * The latest plan of a phase as JSON (with version and review_due).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param phase The phase code (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_plan_get_json(char** out, mend_db* db, int64_t case_id, const char* phase);

MEND_END_DECL

#endif /* MEND_PLAN_H */
