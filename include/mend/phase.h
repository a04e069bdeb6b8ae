/**
 * @file mend/phase.h
 * @brief A case's phases: start, explained gates, advance, override, back, history, roles.
 *
 * A case follows one protocol version from mend_phase_start(). The gate
 * evaluation (mend_phase_evaluate_json) lists, for every way forward from the
 * current phase, each criterion as met / not_met / unknown with a sentence
 * and its evidence, after the contraindications (current violence, an
 * ongoing affair, active untreated compulsive behaviour) that suspend
 * conjoint and relational work.
 *
 * Dates are "YYYY-MM-DD"; NULL means today in the practice's time zone (mend/practice.h).
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_PHASE_H
#define MEND_PHASE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Start a case on a protocol (its kind must match the case's) at the
 * protocol's first phase. @p betrayed_client_id names the betrayed partner
 * of a conjoint case (0: not recorded yet; see mend_phase_set_roles).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param protocol The protocol code (borrowed, not kept).
 * @param betrayed_client_id The partner who was betrayed (a client of the case's couple).
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (the case already follows a
 *        protocol, or is archived); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_start(mend_db* db, int64_t case_id, const char* protocol, int64_t betrayed_client_id,
                 const char* on);
/**
 * Record which partner was betrayed (0: not recorded). Criteria about "the
 * betrayed partner" read it, so a change is an event of the record: dated
 * today, with a @p rationale of at least the protocol's min_rationale_chars
 * (MEND_EINVAL otherwise), listed in the phase history's role_changes,
 * audited. Fails with MEND_EGATE, changing nothing, when under the new roles
 * a gate out of the current phase would open that is closed now (the gate
 * evaluation shows why); mend_phase_override_roles records such a change as
 * an override. MEND_EINVAL when the roles are already recorded that way.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param betrayed_client_id The partner who was betrayed (a client of the case's couple).
 * @param rationale The clinician's written rationale (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (no protocol started, or the
 *        case is archived), MEND_EGATE (the change would open a gate; nothing changes); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_set_roles(mend_db* db, int64_t case_id, int64_t betrayed_client_id,
                     const char* rationale);
/**
 * Change the roles even though the change opens a gate: recorded as an
 * override with the gates it opened (kind "override" in role_changes).
 * Same arguments and errors as mend_phase_set_roles, without MEND_EGATE.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param betrayed_client_id The partner who was betrayed (a client of the case's couple).
 * @param rationale The clinician's written rationale (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (no protocol started, or the
 *        case is archived); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_override_roles(mend_db* db, int64_t case_id, int64_t betrayed_client_id,
                          const char* rationale);

/**
 * The gate evaluation as of @p on (NULL: today): the phase the case was in
 * on that date, judged only on what was recorded on or before it (measures,
 * screens, flags open then, attestations, agreements, sessions), the time in
 * phase counted to it. MEND_EINVAL for a date after today or before the
 * protocol began. JSON: as_of, phase, phase_name, entered_on, days_in_phase,
 * contraindications [{code, label, status: present|absent|unknown, sentence,
 * evidence, suspends: [steps it holds; [] for all]}], suspended (one is
 * present), transitions [{from, to, name, relational, open, unmet,
 * suspended_by, blocked_by_unknown (codes of the contraindications present
 * or not known to be absent that hold this step), urgent_unmet (flag
 * criteria held by an urgent or unknown flag), needs_safety_plan, criteria
 * [{id, kind, label, status: met|not_met|unknown, sentence, evidence}]}],
 * plan_review_on, plan_review_due, summary. A step opens only when every
 * criterion is met and nothing holds it.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument), MEND_ENOACTOR, MEND_ENOTFOUND,
 *        MEND_EDENIED, MEND_ESTATE (no protocol started); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_evaluate_json(char** out, mend_db* db, int64_t case_id, const char* on);

/**
 * Move to the next phase @p to on @p on (NULL: today; never before the
 * current phase began nor after today). The gate is judged as of that date.
 * Fails with MEND_EGATE, changing nothing, when the gate is not open (the
 * message counts the unmet criteria; the evaluation says which). The
 * evaluation that opened the gate is kept with the entry (history:
 * evaluation, opened_by). @p rationale is optional.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param to The phase code to move to (borrowed, not kept).
 * @param rationale The clinician's written rationale (UTF-8; borrowed, not kept).
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record) (MEND_EINVAL also for a phase the protocol
 *        has no step to), MEND_ESTATE (no protocol started, or the case is archived),
 *        MEND_EGATE (the gate is not open; nothing changes); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_advance(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                   const char* on);
/**
 * Move through a gate that is not open, with a written @p rationale
 * (required, at least the protocol's min_rationale_chars characters). When
 * the step needs a safety plan (needs_safety_plan in the evaluation: a
 * contraindication that holds it is present or not known to be absent, or an
 * urgent or unknown safety flag is open) a @p safety_plan (as long) is
 * required too (MEND_EGATE otherwise). The unmet criteria are kept with the
 * history entry, audited, and shown in reports.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param to The phase code to move to (borrowed, not kept).
 * @param rationale The clinician's written rationale (UTF-8; borrowed, not kept).
 * @param safety_plan The safety plan the override records (UTF-8; borrowed, not kept).
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record) (MEND_EINVAL also for a phase the protocol
 *        has no step to), MEND_ESTATE (no protocol started, or the case is archived),
 *        MEND_EGATE (a safety plan is needed and missing; nothing changes); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_override(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                    const char* safety_plan, const char* on);
/**
 * Move back to an earlier phase (a new disclosure, a relapse) with a rationale (at least the
 * protocol's min_rationale_chars characters).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param to The phase code to move to (borrowed, not kept).
 * @param rationale The clinician's written rationale (UTF-8; borrowed, not kept).
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record) (MEND_EINVAL also for a phase that is not an
 *        earlier one), MEND_ESTATE (no protocol started, or the case is archived); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_phase_back(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                const char* on);
/**
 * The phase history as JSON: entries, each with its kind (start, advance,
 * override, back), dates, days in phase, actor, rationale, safety plan, the
 * criteria an override passed over (unmet), the gate evaluation kept with
 * the move (evaluation) and the criteria that opened it (opened_by); and
 * role_changes [{id, kind: roles|override, changed_on, betrayed_client_id,
 * previous_client_id, rationale, actor_id, opened}].
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND, MEND_EDENIED; or
 *        a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_phase_history_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_PHASE_H */
