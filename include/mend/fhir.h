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
 * Import (docs/fhir-mapping.md): a `Patient`, a `QuestionnaireResponse` or a
 * `Bundle` of them (any type; any other resource in it is an error). A
 * Patient becomes a client, matched on its `urn:mend:external-id`
 * identifier (else `urn:mend:client`; with neither, its one identifier is the
 * external id) so that importing it again updates the client. A
 * QuestionnaireResponse (status completed or amended) of a mend Questionnaire
 * becomes an administration scored by mend, raising safety flags as
 * mend_measure_create() does; a total the host sent (item `total`, or the
 * instrument's total-score LOINC code) is only compared with mend's, and a
 * mismatch is reported in the summary. Patient.gender is checked against its
 * value set but not stored. The whole input is one unit: all of it is stored
 * or, on any error, none of it; the error message names the bad element
 * (`Bundle.entry[3].resource.birthDate must be ...`), never a value.
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

/** How mend_fhir_import() and mend_fhir_import_file() store what they read. */
typedef struct mend_fhir_import_options {
    /** The struct's version: MEND_FHIR_IMPORT_OPTIONS_VERSION, as MEND_FHIR_IMPORT_OPTIONS_INIT
     * and mend_fhir_import_options_init() set it. */
    unsigned int version;
    /** The case the administrations are recorded on, a case of their client (0: none). */
    int64_t case_id;
} mend_fhir_import_options;

/** The newest version of mend_fhir_import_options: what its version field holds when set by
 * MEND_FHIR_IMPORT_OPTIONS_INIT. */
#define MEND_FHIR_IMPORT_OPTIONS_VERSION 1
/** An initialiser of mend_fhir_import_options with the defaults of
 * MEND_FHIR_IMPORT_OPTIONS_VERSION (as mend_fhir_import_options_init() fills it). */
#define MEND_FHIR_IMPORT_OPTIONS_INIT                                                              \
    { MEND_FHIR_IMPORT_OPTIONS_VERSION, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_fhir_import_options (for the newest,
 * MEND_FHIR_IMPORT_OPTIONS_VERSION, the same values as MEND_FHIR_IMPORT_OPTIONS_INIT) and set
 * its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_FHIR_IMPORT_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_fhir_import_options_init(mend_fhir_import_options* opts, unsigned int version);

/**
 * Import FHIR R4 JSON: a Patient, a QuestionnaireResponse or a Bundle of them, all or nothing
 * (see the top of this header). An actor must be set; creating and updating clients and
 * recording administrations are authorised and audited as mend_client_create(),
 * mend_client_update() and mend_measure_create() are. Inside the host's transaction
 * (mend_transaction_begin) the import is one savepoint of it.
 *
 * The summary: `{"patients": [{"path", "client_id", "action": "created"|"updated"}],
 * "administrations": [{"path", "id", "client_id", "instrument", "total" (mend's; null when
 * too many items are missing), "host_total" (or null), "total_mismatch", "flags": [codes]}]}`.
 *
 * @param out Receives the summary, a new string, the caller's: free it with mend_free(). NULL
 *        unless the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param json The FHIR JSON text, at most 16 MiB (borrowed, not kept).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument, JSON that is not valid, or a resource
 *        mend cannot import: the message names the element; nothing is stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (a client or case referred to does not exist), MEND_EEXISTS
 *        (an external id already belongs to another client), MEND_ESTATE (an archived client
 *        or case), MEND_ECONSTRAINT (the case is not the client's); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_fhir_import(char** out, mend_db* db, const char* json, const mend_fhir_import_options* opts);

/**
 * mend_fhir_import() from a file: the same, with the JSON read from @p path (at most 16 MiB).
 *
 * @param out Receives the summary, a new string, the caller's: free it with mend_free(). NULL
 *        unless the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param path The file to read (borrowed, not kept).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument, a file that cannot be read or is too
 *        large, JSON that is not valid, or a resource mend cannot import: the message names the
 *        element; nothing is stored), MEND_EENCODING (invalid UTF-8), MEND_ENOACTOR,
 *        MEND_EDENIED (the actor may not; the refusal is audited), MEND_ENOTFOUND (no file at
 *        @p path, or a client or case referred to does not exist), MEND_EEXISTS (an external id
 *        already belongs to another client), MEND_ESTATE (an archived client or case),
 *        MEND_ECONSTRAINT (the case is not the client's); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_fhir_import_file(char** out, mend_db* db, const char* path,
                      const mend_fhir_import_options* opts);

MEND_END_DECL

#endif /* MEND_FHIR_H */
