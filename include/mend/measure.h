/**
 * @file mend/measure.h
 * @brief Outcome measures: administrations, scoring, change.
 *
 * Answers are stored item by item, as the option chosen, and scored through
 * each item's key (reverse-keyed items flipped), so an administration can
 * always be rescored. A missing answer is written MEND_ITEM_MISSING. By
 * default an administration with a missing scored item has no total (no
 * author of these instruments publishes a prorating rule); "prorate" is an
 * explicit, recorded policy where a definition offers it. A missing safety
 * item is never read as negative: it raises an "unknown, follow up" flag.
 *
 * Results come back as JSON (free with mend_free()).
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_MEASURE_H
#define MEND_MEASURE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** An item left unanswered. */
#define MEND_ITEM_MISSING (-1)

/** One administration of an instrument to one client. */
typedef struct mend_measure_fields {
    /** The struct's version: MEND_MEASURE_FIELDS_VERSION, as MEND_MEASURE_FIELDS_INIT and
     * mend_measure_fields_init() set it. */
    unsigned int version;
    /** The client who answered. */
    int64_t client_id;
    /** Optional: the client's individual case or their couple's conjoint case (0: none). */
    int64_t case_id;
    /** Instrument code, e.g. "phq9". */
    const char* instrument;
    /** "YYYY-MM-DD"; NULL for today in the practice's time zone (mend/practice.h). */
    const char* administered_on;
    /** The option chosen for each item, in the instrument's item order; MEND_ITEM_MISSING if none.
     */
    const int* answers;
    /** How many entries @c answers holds: the instrument's item count. */
    size_t answer_count;
    /** NULL for the instrument's default ("complete"), or "complete" / "prorate". */
    const char* missing_policy;
} mend_measure_fields;

/** The newest version of mend_measure_fields: what its version field holds when set by
 * MEND_MEASURE_FIELDS_INIT. */
#define MEND_MEASURE_FIELDS_VERSION 1
/** An initialiser of mend_measure_fields with the defaults of MEND_MEASURE_FIELDS_VERSION (as
 * mend_measure_fields_init() fills it). */
#define MEND_MEASURE_FIELDS_INIT                                                                   \
    { MEND_MEASURE_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, 0, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_measure_fields (for the newest,
 * MEND_MEASURE_FIELDS_VERSION, the same values as MEND_MEASURE_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_MEASURE_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_measure_fields_init(mend_measure_fields* fields, unsigned int version);

/**
 * Record an administration: checks every answer against its item's range
 * (MEND_EINVAL, nothing stored, if one is out of range), scores it, stores
 * it with every answer, and raises the safety flags its rules call for.
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
MEND_EXTERN(int) mend_measure_create(int64_t* out, mend_db* db, const mend_measure_fields* fields);

/**
 * One administration with its scoring as JSON: total (null when items are
 * missing and not prorated), prorated, band, subscales, cut-offs (met or
 * not), the symptom rule where the instrument has one, in_clinical_range,
 * each item's option and score, and the flags its rules raise.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_measure_get_json(char** out, mend_db* db, int64_t id);

/**
 * A client's series for an instrument, oldest first: each point's date,
 * total, band, and reliable change from the previous and from the first
 * administration; plus the instrument's bands and cut-offs for charts.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param client_id The client's id.
 * @param instrument The instrument code, e.g. "phq9" (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_measure_series_json(char** out, mend_db* db, int64_t client_id, const char* instrument);

/**
 * Reliable change between two administrations of one instrument for one
 * client (Jacobson & Truax 1991, or the instrument's published threshold):
 * direction "improved", "deteriorated", "no_reliable_change" or "unknown",
 * whether it is clinically significant, and the classification
 * ("recovered", "improved", "unchanged", "deteriorated").
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param from_id The earlier administration's id.
 * @param to_id The later administration's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument, or administrations of different instruments or
 *        clients), MEND_ENOACTOR, MEND_ENOTFOUND, MEND_EDENIED; or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_measure_change_json(char** out, mend_db* db, int64_t from_id, int64_t to_id);

/**
 * Whether a condition has held over time: the latest @p count
 * administrations (walking back from the newest, none failing the
 * condition) satisfy "total COMPARATOR value" and lie at least
 * @p min_days_apart days apart. JSON: met, needed, found, evidence, latest.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param client_id The client's id.
 * @param instrument The instrument code, e.g. "phq9" (borrowed, not kept).
 * @param comparator "<", "<=", ">" or ">=" (borrowed, not kept).
 * @param value The value the total is compared with.
 * @param count How many administrations must meet it.
 * @param min_days_apart The least number of days between them.
 * @return MEND_OK, MEND_EINVAL (NULL or out-of-range argument, unknown comparator),
 *        MEND_EENCODING, MEND_ENOACTOR, MEND_ENOTFOUND, MEND_EDENIED; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_measure_sustained_json(char** out, mend_db* db, int64_t client_id, const char* instrument,
                            const char* comparator, double value, int count, int min_days_apart);

MEND_END_DECL

#endif /* MEND_MEASURE_H */
