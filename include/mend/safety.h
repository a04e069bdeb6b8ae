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
 */
#ifndef MEND_SAFETY_H
#define MEND_SAFETY_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

typedef struct mend_safety_screen_fields {
    unsigned int version;
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

#define MEND_SAFETY_SCREEN_FIELDS_VERSION 1
#define MEND_SAFETY_SCREEN_FIELDS_INIT                                                             \
    { MEND_SAFETY_SCREEN_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_safety_screen_fields (for the newest,
 * MEND_SAFETY_SCREEN_FIELDS_VERSION, the same values as MEND_SAFETY_SCREEN_FIELDS_INIT) and set its
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
 */
MEND_EXTERN(int)
mend_safety_screen_fields_init(mend_safety_screen_fields* fields, unsigned int version);

/** Record a safety screen; raises the flags it calls for. */
MEND_EXTERN(int)
mend_safety_screen_create(int64_t* out, mend_db* db, const mend_safety_screen_fields* fields);

/** A client's safety screens, oldest first, as a JSON array. */
MEND_EXTERN(int) mend_safety_screen_list_json(char** out, mend_db* db, int64_t client_id);

typedef struct mend_safety_flag_list_options {
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

#define MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION 1
#define MEND_SAFETY_FLAG_LIST_OPTIONS_INIT                                                         \
    { MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION, 0, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_safety_flag_list_options (for the newest,
 * MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION, the same values as MEND_SAFETY_FLAG_LIST_OPTIONS_INIT) and
 * set its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_SAFETY_FLAG_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int)
mend_safety_flag_list_options_init(mend_safety_flag_list_options* opts, unsigned int version);

/**
 * Safety flags the actor may see, as a JSON array of objects: id, client_id,
 * case_id, administration_id, screen_id, code, severity ("urgent", "review",
 * "unknown"), message, source, raised_on, status, resolved_by, resolved_at,
 * resolution_note. @p opts may be NULL (open flags of every visible client).
 */
MEND_EXTERN(int)
mend_safety_flag_list_json(char** out, mend_db* db, const mend_safety_flag_list_options* opts);

/** Resolve an open flag with a clinician's note (required, up to 4000 bytes). */
MEND_EXTERN(int) mend_safety_flag_resolve(mend_db* db, int64_t flag_id, const char* note);

MEND_END_DECL

#endif /* MEND_SAFETY_H */
