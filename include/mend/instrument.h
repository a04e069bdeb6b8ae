/**
 * @file mend/instrument.h
 * @brief Instruments: the outcome measures mend scores, with their cut-offs.
 *
 * Built-in instruments: "pcl5" (PCL-5, trauma-symptom severity), "phq9"
 * (PHQ-9), "gad7" (GAD-7), "csi4" and "csi16" (Couples Satisfaction Index),
 * and "felt_safety" (a clinician's 0-10 rating of how safe a partner feels).
 * A practice can load definitions of instruments it holds a licence for
 * (mend_instrument_load); they are scored by the same engine.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_INSTRUMENT_H
#define MEND_INSTRUMENT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * The instruments, as a JSON array of summaries: code, name, abbreviation,
 * version, items, scored_items, response_min, response_max, total_min,
 * total_max, higher_is_better, clinician_rated.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_instrument_list_json(char** out, mend_db* db);

/**
 * One instrument's full definition as JSON (items, keys, bands, cut-offs,
 * rules, sources). Each cut-off carries the published "value" and the
 * "practice_value" this practice uses (mend_instrument_set_cutoff), which the
 * gates that name the cut-off read.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param code The instrument's code, e.g. "phq9" (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_instrument_get_json(char** out, mend_db* db, const char* code);

/**
 * Load an instrument definition (JSON, the form mend_instrument_get_json returns).
 * Admins only. It is validated first: an error names the bad field and
 * nothing is stored. A code may not reuse a built-in's; a new version of a
 * loaded instrument needs a higher "version".
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param definition_json The definition as JSON (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_EEXISTS (a built-in's code, or a
 *        version not higher than the loaded one); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_instrument_load(mend_db* db, const char* definition_json);

/**
 * Choose a configurable cut-off within its published range, e.g. the PCL-5's
 * "probable_ptsd" anywhere in 31..33 (default 33). Admins only.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param instrument The instrument code, e.g. "phq9" (borrowed, not kept).
 * @param cutoff The cut-off's code (borrowed, not kept).
 * @param value The cut-off value to use, within its published range.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record) (no such instrument or cut-off); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_instrument_set_cutoff(mend_db* db, const char* instrument, const char* cutoff, double value);

MEND_END_DECL

#endif /* MEND_INSTRUMENT_H */
