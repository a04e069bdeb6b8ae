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
 * A case, or one client's own record, as a FHIR R4 `Bundle` of type
 * "collection" (mend_fhir_export_json, mend_fhir_export_write): Patient per
 * client (the host's external id as an identifier), Group for the couple,
 * Practitioner, EpisodeOfCare per partner, Condition per diagnosis, CarePlan
 * for the protocol and its phases, Goal per treatment-plan goal, Encounter per
 * session, QuestionnaireResponse and Observation per administration,
 * DocumentReference per signed progress note (never a process note), Flag per
 * open safety flag, Consent per release, Provenance per signature and per
 * phase change; every resource labelled restricted and PSY in meta.security.
 * The ids and codes are listed in docs/fhir-mapping.md. An export prepared for
 * a release holds exactly what the release's report may (mend/release.h):
 * never the other partner's individual record.
 *
 * A case's gate evaluation (mend_phase_evaluate_json) as a CDS Hooks 2.0
 * response, so that a host that speaks CDS Hooks can show why relational work
 * is not yet indicated (mend_fhir_card_json).
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

/** What to export, for mend_fhir_export_json() and mend_fhir_export_write(). */
typedef struct mend_fhir_export_options {
    /** The struct's version: MEND_FHIR_EXPORT_OPTIONS_VERSION, as MEND_FHIR_EXPORT_OPTIONS_INIT
     * and mend_fhir_export_options_init() set it. */
    unsigned int version;
    /** The case to export (0: a client's record instead). Exactly one of case_id and client_id
     * is set. */
    int64_t case_id;
    /** The client whose own record to export: their diagnoses, measures, open flags and the
     * sessions they attended alone, with those sessions' signed notes (0: a case instead). */
    int64_t client_id;
    /** Case: a release prepared for one partner (mend_release_create); the bundle then holds
     * what that release may (0: the clinicians' whole case). */
    int64_t release_id;
} mend_fhir_export_options;

/** The newest version of mend_fhir_export_options: what its version field holds when set by
 * MEND_FHIR_EXPORT_OPTIONS_INIT. */
#define MEND_FHIR_EXPORT_OPTIONS_VERSION 1
/** An initialiser of mend_fhir_export_options with the defaults of
 * MEND_FHIR_EXPORT_OPTIONS_VERSION (as mend_fhir_export_options_init() fills it). */
#define MEND_FHIR_EXPORT_OPTIONS_INIT                                                              \
    { MEND_FHIR_EXPORT_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_fhir_export_options (for the newest,
 * MEND_FHIR_EXPORT_OPTIONS_VERSION, the same values as MEND_FHIR_EXPORT_OPTIONS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_FHIR_EXPORT_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_fhir_export_options_init(mend_fhir_export_options* opts, unsigned int version);

/**
 * A case or a client's record as a FHIR R4 Bundle (JSON). Read under the
 * actor's authorisation and audited like a report ("export", or "release"
 * for a release's bundle, and a read of each client and note).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts What to export (borrowed, read during the call); required.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument: neither or both of case_id and
 *        client_id, a release without its case), MEND_ENOACTOR, MEND_EDENIED (the actor may
 *        not; the refusal is audited), MEND_ENOTFOUND (no such case, client, or release of the
 *        case), MEND_ESTATE (the release has expired); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_fhir_export_json(char** out, mend_db* db, const mend_fhir_export_options* opts);

/**
 * The same Bundle written to a file (written whole, then renamed into place).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts What to export (borrowed, read during the call); required.
 * @param path The file to write (borrowed, not kept).
 * @return As mend_fhir_export_json(), MEND_EENCODING (@p path is not valid UTF-8), and
 *        MEND_EINVAL when the file cannot be written there (no partial file is left).
 */
MEND_EXTERN(int)
mend_fhir_export_write(mend_db* db, const mend_fhir_export_options* opts, const char* path);

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
 *        the protocol began), MEND_EENCODING (@p on is not valid UTF-8), MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case), MEND_EDENIED (the
 *        actor may not; the refusal is audited), MEND_ESTATE (no protocol started); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_fhir_card_json(char** out, mend_db* db, int64_t case_id, const char* on);

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
