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

MEND_END_DECL

#endif /* MEND_FHIR_H */
