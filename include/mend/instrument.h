/**
 * @file mend/instrument.h
 * @brief Instruments: the outcome measures mend scores, with their cut-offs.
 *
 * Built-in instruments: "pcl5" (PCL-5, trauma-symptom severity), "phq9"
 * (PHQ-9), "gad7" (GAD-7), "csi4" and "csi16" (Couples Satisfaction Index),
 * and "felt_safety" (a clinician's 0-10 rating of how safe a partner feels).
 * A practice can load definitions of instruments it holds a licence for
 * (mend_instrument_load); they are scored by the same engine.
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
 */
MEND_EXTERN(int) mend_instrument_list_json(char** out, mend_db* db);

/**
 * One instrument's full definition as JSON (items, keys, bands, cut-offs,
 * rules, sources). Each cut-off carries the published "value" and the
 * "practice_value" this practice uses (mend_instrument_set_cutoff), which the
 * gates that name the cut-off read.
 */
MEND_EXTERN(int) mend_instrument_get_json(char** out, mend_db* db, const char* code);

/**
 * Load an instrument definition (JSON, the form mend_instrument_get_json returns).
 * Admins only. It is validated first: an error names the bad field and
 * nothing is stored. A code may not reuse a built-in's; a new version of a
 * loaded instrument needs a higher "version".
 */
MEND_EXTERN(int) mend_instrument_load(mend_db* db, const char* definition_json);

/**
 * Choose a configurable cut-off within its published range, e.g. the PCL-5's
 * "probable_ptsd" anywhere in 31..33 (default 33). Admins only.
 */
MEND_EXTERN(int)
mend_instrument_set_cutoff(mend_db* db, const char* instrument, const char* cutoff, double value);

MEND_END_DECL

#endif /* MEND_INSTRUMENT_H */
