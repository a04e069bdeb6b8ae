/**
 * @file mend/fhir.h
 * @brief FHIR R4 (4.0.1) exchange with a host's EHR.
 *
 * Each built-in or loaded instrument as a FHIR `Questionnaire`, so that a
 * host's patient portal can administer it: one item per form item (`linkId`
 * is the item's number), LOINC codes where they exist (else mend's local
 * system `urn:mend:instrument`), answer options from the item's range (LOINC
 * answer codes with their score as the `ordinalValue` extension where the
 * instrument's scale has a LOINC answer list, as the PHQ-9's and GAD-7's
 * LL358-3; else integers), required items marked, and the instrument's licence
 * as `copyright`. Its canonical URL is `urn:mend:questionnaire:CODE`.
 *
 * A case's gate evaluation (mend_phase_evaluate_json) as a CDS Hooks 2.0
 * response, so that a host that speaks CDS Hooks can show why relational work
 * is not yet indicated (mend_fhir_card_json).
 *
 * Threads: a call that takes a handle is used by one thread at a time per
 * handle (mend/types.h); with a NULL handle the call is thread-safe. A string
 * it returns belongs to the caller.
 */
#ifndef MEND_FHIR_H
#define MEND_FHIR_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * An instrument as a FHIR R4 Questionnaire resource (JSON).
 *
 * With a database the instrument is the practice's (built in or loaded; its
 * latest version), and an actor must be set, as for mend_instrument_get_json.
 * With @p db NULL it is a built-in one, and no database is needed.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call), or NULL for the built-in
 *        instruments.
 * @param instrument The instrument's code, e.g. "phq9" (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument), MEND_EENCODING (invalid UTF-8),
 *        MEND_ENOTFOUND (no instrument has that code), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_fhir_questionnaire_get_json(char** out, mend_db* db, const char* instrument);

/**
 * A case's gate evaluation as of @p on as a CDS Hooks 2.0 response (JSON):
 * {"cards": [{summary, indicator, detail, source}]}, the most urgent first.
 * The evaluation is mend_phase_evaluate_json's, read and audited as it is.
 *
 * One card per finding: `critical` for each contraindication present;
 * `warning` for each contraindication not known to be absent (unknown is not
 * treated as safe), for each relational step that is not open (summary
 * "Relational work not yet indicated") and for each other step not open that
 * needs a safety plan; `info` for each other step not open, each step open,
 * and the protocol's last phase. A summary (under 140 characters) holds the
 * protocol's labels and step names only, never client data; the detail
 * (GitHub-flavoured Markdown) lists the criteria not met or unknown with the
 * evaluation's sentences, and what holds the step. source: label "mend phase
 * protocol", topic the protocol as a Coding (system `urn:mend:protocol`, its
 * code, version and name). No card has a uuid.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @param on The date, "YYYY-MM-DD"; NULL for today in the practice's time zone (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument, or a date after today or before
 *        the protocol began), MEND_ENOACTOR, MEND_ENOTFOUND (no such case), MEND_EDENIED (the
 *        actor may not; the refusal is audited), MEND_ESTATE (no protocol started); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_fhir_card_json(char** out, mend_db* db, int64_t case_id, const char* on);

MEND_END_DECL

#endif /* MEND_FHIR_H */
