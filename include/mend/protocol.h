/**
 * @file mend/protocol.h
 * @brief Treatment protocols: phases, explained gates, overrides, history,
 *        attestations and treatment plans.
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
 * A case follows one protocol version from mend_phase_start(). The gate
 * evaluation (mend_phase_evaluate_json) lists, for every way forward from the
 * current phase, each criterion as met / not_met / unknown with a sentence
 * and its evidence, after the contraindications (current violence, an
 * ongoing affair, active untreated compulsive behaviour) that suspend
 * conjoint and relational work.
 *
 * Dates are "YYYY-MM-DD"; NULL means today in the practice's time zone (mend/practice.h).
 */
#ifndef MEND_PROTOCOL_H
#define MEND_PROTOCOL_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** The protocols as a JSON array of {code, name, version, kind, phases}. */
MEND_EXTERN(int) mend_protocols_json(char** out, mend_db* db);
/** One protocol's full definition as JSON. */
MEND_EXTERN(int) mend_protocol_json(char** out, mend_db* db, const char* code);
/**
 * Load a protocol definition (JSON, the form mend_protocol_json returns).
 * Admins only. Validated first: an error names the bad field; nothing is
 * stored. A new version of a loaded protocol needs a higher "version".
 */
MEND_EXTERN(int) mend_protocol_load(mend_db* db, const char* definition_json);

/**
 * Start a case on a protocol (its kind must match the case's) at the
 * protocol's first phase. @p betrayed_client_id names the betrayed partner
 * of a conjoint case (0: not recorded yet; see mend_phase_set_roles).
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
 */
MEND_EXTERN(int)
mend_phase_set_roles(mend_db* db, int64_t case_id, int64_t betrayed_client_id,
                     const char* rationale);
/**
 * Change the roles even though the change opens a gate: recorded as an
 * override with the gates it opened (kind "override" in role_changes).
 * Same arguments and errors as mend_phase_set_roles, without MEND_EGATE.
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
 */
MEND_EXTERN(int)
mend_phase_override(mend_db* db, int64_t case_id, const char* to, const char* rationale,
                    const char* safety_plan, const char* on);
/** Move back to an earlier phase (a new disclosure, a relapse) with a rationale (at least the
 * protocol's min_rationale_chars characters). */
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
 */
MEND_EXTERN(int) mend_phase_history_json(char** out, mend_db* db, int64_t case_id);

/**
 * A clinician's attestation on a case, read by the gates: codes such as
 * "conjoint_consent", "contact_ended", "disclosure_completed",
 * "accountability", "relational_readiness" (the partner's own stated
 * readiness), "sobriety" (with effective_on, the sobriety date),
 * "therapeutic_disclosure_completed", "affair_ongoing",
 * "compulsive_behaviour_untreated", and "decision" (value stay_as_is, part,
 * committed_work or undecided). Values are "yes" or "no" otherwise. The
 * latest attestation of a code (per partner) counts; none is ever changed.
 */
typedef struct mend_attestation_fields {
    unsigned int version;
    int64_t case_id;
    /** The partner it is about (0: the case as a whole). */
    int64_t client_id;
    const char* code;
    const char* value;
    /** Optional date it took effect, e.g. a sobriety date. */
    const char* effective_on;
    /** Optional note. */
    const char* note;
} mend_attestation_fields;

#define MEND_ATTESTATION_FIELDS_VERSION 1
#define MEND_ATTESTATION_FIELDS_INIT                                                               \
    { MEND_ATTESTATION_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_attestation_fields (for the newest,
 * MEND_ATTESTATION_FIELDS_VERSION, the same values as MEND_ATTESTATION_FIELDS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_ATTESTATION_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int)
mend_attestation_fields_init(mend_attestation_fields* fields, unsigned int version);

MEND_EXTERN(int) mend_attest(int64_t* out, mend_db* db, const mend_attestation_fields* fields);
/** A case's attestations, in the order recorded, as a JSON array. */
MEND_EXTERN(int) mend_attestation_list_json(char** out, mend_db* db, int64_t case_id);

/**
 * Set the treatment plan of a phase (a new version each time): JSON
 * {"problems": [..], "goals": [{"text", "objectives": [{"text", "measure":
 * {"instrument", "comparator", "value"}, "target_date"}]}], "interventions":
 * [..], "review_on": "YYYY-MM-DD"}. A review that is due shows in the gate
 * evaluation. *out_version is the new version.
 */
MEND_EXTERN(int)
mend_plan_set(int* out_version, mend_db* db, int64_t case_id, const char* phase,
              const char* plan_json);
/** The latest plan of a phase as JSON (with version and review_due). */
MEND_EXTERN(int) mend_plan_get_json(char** out, mend_db* db, int64_t case_id, const char* phase);

MEND_END_DECL

#endif /* MEND_PROTOCOL_H */
