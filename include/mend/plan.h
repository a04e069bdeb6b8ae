/**
 * @file mend/plan.h
 * @brief Treatment plans of a case's phases.
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
 */
MEND_EXTERN(int)
mend_plan_set(int* out, mend_db* db, int64_t case_id, const char* phase, const char* plan_json);
/** The latest plan of a phase as JSON (with version and review_due). */
MEND_EXTERN(int) mend_plan_get_json(char** out, mend_db* db, int64_t case_id, const char* phase);

MEND_END_DECL

#endif /* MEND_PLAN_H */
