/**
 * @file mend/catalog.h
 * @brief The catalogue: every limit and closed list of values the library
 * enforces, as JSON, so that hosts read the rules instead of copying them.
 *
 * The values are the very constants the library's validators use: a text of
 * exactly `limits.short_text_max_bytes` bytes is accepted and one byte more
 * is refused, a session's duration is checked against the same
 * `cpt_codes` ranges, and a note's content against the same
 * `note_formats`. The CLI (`mend catalog`) and the Python package
 * (`mend.catalog()`, `db.catalog()`) read this call.
 *
 * The JSON object (schema "mend.catalog/1"; new keys may be added, none is
 * removed or changes meaning):
 *
 * - `"schema"`: `"mend.catalog/1"`.
 * - `"limits"`: an object of integers:
 *   `short_text_max_bytes` (names and other short fields),
 *   `note_field_max_bytes` (one text field of a note),
 *   `note_content_max_bytes` (a note's whole content_json),
 *   `intervention_max_bytes`, `interventions_max` (a note's interventions),
 *   `addendum_text_max_bytes`, `addendum_reason_max_bytes`,
 *   `process_note_max_bytes`,
 *   `audit_limit_default`, `audit_limit_max` (mend_audit_list_json's limit is
 *   1..audit_limit_max; mend_audit_report_options.limit: 0 means the default),
 *   `emergency_minutes_default`, `emergency_minutes_max` (mend_emergency_open's
 *   minutes: 0 means the default), `emergency_reason_min_default`,
 *   `emergency_reason_min_max` (mend_emergency_set_reason_min),
 *   `emergency_reason_max_bytes`,
 *   `search_limit_default`, `search_limit_max` (mend_note_search_options.limit:
 *   0 means the default), `search_query_max_bytes`,
 *   `children_in_household_min`, `children_in_household_max`,
 *   `session_minutes_min`, `session_minutes_max`, `session_participants_max`,
 *   `measure_answers_max`,
 *   `overdue_weeks_default`, `overdue_weeks_min`, `overdue_weeks_max`
 *   (mend_report_options.overdue_weeks: 0 means the default),
 *   `late_entry_days` (a note signed more days than this after its session is
 *   a late entry),
 *   `diagnosis_rank_min`, `diagnosis_rank_max` (a diagnosis's rank; 1 is the
 *   primary, and a claim points at up to 12),
 *   `session_modifiers_max`, `session_diagnoses_max` (a session's claim
 *   modifiers and diagnosis pointers).
 * - `"values"`: an object of arrays of strings, each the whole list a field
 *   accepts: `clinician_roles`, `relationship_statuses`, `secrets_policies`,
 *   `case_kinds`, `case_statuses`, `session_modalities`,
 *   `agreement_statuses`, `attestation_values` (yes, no),
 *   `decision_values` (the values of the "decision" attestation),
 *   `ipv_values`, `suicide_risk_values` (a safety screen's fields),
 *   `report_kinds`, `report_formats`.
 * - `"event_kinds"` and `"log_levels"`: arrays of `{"code", "name"}`, the
 *   number of each MEND_EVENT_* kind (mend/event.h) and MEND_LOG_* level
 *   (mend/log.h) with the name the CLI and Python use for it
 *   ("flag_raised", ..., "error", ..., "debug").
 * - `"note_formats"`: an object from each format ("soap", "dap", "birp",
 *   "free") to the array of the fields its content may hold, in order
 *   (every format has "risk" and "interventions").
 * - `"cpt_codes"`: an array of `{"code", "min_minutes", "max_minutes",
 *   "conjoint", "description"}`, one per CPT code a session may bill:
 *   a session's duration must be min_minutes..max_minutes (`max_minutes` is
 *   null when there is no upper bound); `conjoint` codes are a couple's.
 * - `"diagnosis_codes"`: an array of `{"code", "title", "group", "note"}`, the
 *   ICD-10-CM codes mend knows (mend/diagnosis.h), with the official title,
 *   a group (trauma_stress, adjustment, depression, anxiety, relationship)
 *   and what to know when choosing it ("" when nothing). Another code of
 *   valid form is recorded only as unlisted.
 * - `"places_of_service"`: an array of `{"code", "name", "telehealth"}`: the
 *   places a session may bill (02, 10, 11); a telehealth place needs a video
 *   or phone session, the office an in-person one.
 * - `"add_on_codes"`: an array of `{"code", "description", "adds_to"}`:
 *   90785 (interactive complexity, with the codes in `adds_to`) and 90840
 *   (each further 30 minutes of crisis psychotherapy, 90839).
 * - `"instruments"`: the instrument codes (mend_instrument_list_json has
 *   their summaries).
 * - `"protocols"`: the protocol codes (mend_protocol_list_json).
 * - `"attestation_codes"`: an array of `{"code", "values", "protocols"}`:
 *   each attestation code the protocols' criteria and contraindications read,
 *   the values it takes and the protocols that read it. Other codes may be
 *   recorded too; these are the ones gates read.
 *
 * @see docs/c-api-conventions.md
 */
#ifndef MEND_CATALOG_H
#define MEND_CATALOG_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * @brief The catalogue as a JSON object (described in this file's header).
 *
 * With a database the instruments, protocols and attestation codes are the
 * practice's (built-in and loaded), and an actor must be set, as for
 * mend_instrument_list_json. With @p db NULL they are the built-in ones,
 * and no database is needed: a host can read the limits and values before it
 * opens one.
 *
 * @param out  Receives the JSON text (UTF-8), the caller's to free with
 *             mend_free(); set to NULL on failure.
 * @param db   An open handle, or NULL for the built-in definitions only.
 *             Borrowed for the call.
 * @return MEND_OK; MEND_EINVAL when @p out is NULL; with a database,
 *         MEND_ENOACTOR when no actor is set, MEND_ESTORE when the stored
 *         definitions cannot be read; MEND_ENOMEM.
 *
 * Threads: with @p db NULL it may be called from any thread at any time;
 * with a handle, the handle's rules apply (one thread at a time).
 * A failure without a handle is explained by mend_last_errmsg().
 */
MEND_EXTERN(int) mend_catalog_get_json(char** out, mend_db* db);

MEND_END_DECL

#endif /* MEND_CATALOG_H */
