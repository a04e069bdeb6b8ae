/**
 * @file mend/safety.h
 * @brief Safety screens of each partner and the safety flags mend raises.
 *
 * Each partner is screened privately for intimate-partner violence and
 * suicide risk. Screens and flags belong to the client screened: they are
 * never part of a view meant for the other partner.
 *
 * Flags are raised by screens (current violence; past violence to review;
 * moderate or high suicide risk; anything unknown) and by measures (PHQ-9
 * item 9, the PHQ-9 severe band, any unanswered safety item). A flag stays
 * open until a clinician resolves it with a note; an open flag of a kind is
 * not raised again for the same client.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_SAFETY_H
#define MEND_SAFETY_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** A safety screen of one client, for mend_safety_screen_create(). */
typedef struct mend_safety_screen_fields {
    /** The struct's version: MEND_SAFETY_SCREEN_FIELDS_VERSION, as MEND_SAFETY_SCREEN_FIELDS_INIT
     * and mend_safety_screen_fields_init() set it. */
    unsigned int version;
    /** The client screened. */
    int64_t client_id;
    /** Optional case (0: none). */
    int64_t case_id;
    /** "YYYY-MM-DD"; NULL for today in the practice's time zone (mend/practice.h). */
    const char* administered_on;
    /** Intimate-partner violence: "none", "past", "current" or "unknown". */
    const char* ipv;
    /** How it was screened, e.g. "HITS", "WAST", "clinical interview". Optional. */
    const char* ipv_instrument;
    /** "none", "low", "moderate", "high" or "unknown". */
    const char* suicide_risk;
    /** e.g. "C-SSRS screener". Optional. */
    const char* suicide_instrument;
} mend_safety_screen_fields;

/** The newest version of mend_safety_screen_fields: what its version field holds when set by
 * MEND_SAFETY_SCREEN_FIELDS_INIT. */
#define MEND_SAFETY_SCREEN_FIELDS_VERSION 1
/** An initialiser of mend_safety_screen_fields with the defaults of
 * MEND_SAFETY_SCREEN_FIELDS_VERSION (as mend_safety_screen_fields_init() fills it). */
#define MEND_SAFETY_SCREEN_FIELDS_INIT                                                             \
    { MEND_SAFETY_SCREEN_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_safety_screen_fields (for the newest,
 * MEND_SAFETY_SCREEN_FIELDS_VERSION, the same values as MEND_SAFETY_SCREEN_FIELDS_INIT) and set
 * its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_SAFETY_SCREEN_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_safety_screen_fields_init(mend_safety_screen_fields* fields, unsigned int version);

/**
 * Record a safety screen; raises the flags it calls for.
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field; nothing stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not), MEND_ENOTFOUND (a
 *        linked record is missing), MEND_ESTATE (a linked record is archived),
 *        MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_safety_screen_create(int64_t* out, mend_db* db, const mend_safety_screen_fields* fields);

/**
 * A client's safety screens, oldest first, as a JSON array.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param client_id The client's id.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_safety_screen_list_json(char** out, mend_db* db, int64_t client_id);

/** Filters for mend_safety_flag_list_json(); every filter given must hold. */
typedef struct mend_safety_flag_list_options {
    /** The struct's version: MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION, as
     * MEND_SAFETY_FLAG_LIST_OPTIONS_INIT and mend_safety_flag_list_options_init() set it. */
    unsigned int version;
    /** Only this client's flags (0: any). */
    int64_t client_id;
    /** Only the flags of this case's clients (0: any). */
    int64_t case_id;
    /** Only the flags of clients on cases this clinician leads (0: any). */
    int64_t clinician_id;
    /** Non-zero to include resolved flags. */
    int include_resolved;
} mend_safety_flag_list_options;

/** The newest version of mend_safety_flag_list_options: what its version field holds when set by
 * MEND_SAFETY_FLAG_LIST_OPTIONS_INIT. */
#define MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_safety_flag_list_options with the defaults of
 * MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION (as mend_safety_flag_list_options_init() fills it). */
#define MEND_SAFETY_FLAG_LIST_OPTIONS_INIT                                                         \
    { MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION, 0, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_safety_flag_list_options (for the
 * newest,
 * MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION, the same values as MEND_SAFETY_FLAG_LIST_OPTIONS_INIT)
 * and
 * set its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than
 * MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_safety_flag_list_options_init(mend_safety_flag_list_options* opts, unsigned int version);

/**
 * Safety flags the actor may see, as a JSON array of objects: id, client_id,
 * case_id, administration_id, screen_id, code, severity ("urgent", "review",
 * "unknown"), message, source, raised_on, status, resolved_by, resolved_at,
 * resolution_note. @p opts may be NULL (open flags of every visible client).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The filters (borrowed, read during the call), or NULL for the open flags of every
 *        client the actor may see.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_safety_flag_list_json(char** out, mend_db* db, const mend_safety_flag_list_options* opts);

/**
 * Resolve an open flag with a clinician's note (required, up to 4000 bytes).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param flag_id The flag's id.
 * @param note An optional note (UTF-8; borrowed, not kept; NULL for none).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (already resolved); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_safety_flag_resolve(mend_db* db, int64_t flag_id, const char* note);

MEND_END_DECL

#endif /* MEND_SAFETY_H */
