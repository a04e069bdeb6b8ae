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
    unsigned int version;
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
    size_t answer_count;
    /** NULL for the instrument's default ("complete"), or "complete" / "prorate". */
    const char* missing_policy;
} mend_measure_fields;

#define MEND_MEASURE_FIELDS_VERSION 1
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
 */
MEND_EXTERN(int) mend_measure_fields_init(mend_measure_fields* fields, unsigned int version);

/**
 * Record an administration: checks every answer against its item's range
 * (MEND_EINVAL, nothing stored, if one is out of range), scores it, stores
 * it with every answer, and raises the safety flags its rules call for.
 */
MEND_EXTERN(int) mend_measure_create(int64_t* out, mend_db* db, const mend_measure_fields* fields);

/**
 * One administration with its scoring as JSON: total (null when items are
 * missing and not prorated), prorated, band, subscales, cut-offs (met or
 * not), the symptom rule where the instrument has one, in_clinical_range,
 * each item's option and score, and the flags its rules raise.
 */
MEND_EXTERN(int) mend_measure_get_json(char** out, mend_db* db, int64_t id);

/**
 * A client's series for an instrument, oldest first: each point's date,
 * total, band, and reliable change from the previous and from the first
 * administration; plus the instrument's bands and cut-offs for charts.
 */
MEND_EXTERN(int)
mend_measure_series_json(char** out, mend_db* db, int64_t client_id, const char* instrument);

/**
 * Reliable change between two administrations of one instrument for one
 * client (Jacobson & Truax 1991, or the instrument's published threshold):
 * direction "improved", "deteriorated", "no_reliable_change" or "unknown",
 * whether it is clinically significant, and the classification
 * ("recovered", "improved", "unchanged", "deteriorated").
 */
MEND_EXTERN(int) mend_measure_change_json(char** out, mend_db* db, int64_t from_id, int64_t to_id);

/**
 * Whether a condition has held over time: the latest @p count
 * administrations (walking back from the newest, none failing the
 * condition) satisfy "total COMPARATOR value" and lie at least
 * @p min_days_apart days apart. JSON: met, needed, found, evidence, latest.
 */
MEND_EXTERN(int)
mend_measure_sustained_json(char** out, mend_db* db, int64_t client_id, const char* instrument,
                            const char* comparator, double value, int count, int min_days_apart);

MEND_END_DECL

#endif /* MEND_MEASURE_H */
