/**
 * @file mend/types.h
 * @brief Forward declarations of mend's opaque handle types.
 *
 * Threading: a handle is used by one thread at a time (mend_db wraps one
 * database session, which is not thread-safe). Different handles may be used
 * from different threads at once. Error state is kept per thread and per handle.
 */
#ifndef MEND_TYPES_H
#define MEND_TYPES_H

#include "common.h"

/** An open practice database and the clinician acting on it. */
typedef struct mend_db mend_db;

/** A clinician record, owned by the caller; free with mend_clinician_free(). */
typedef struct mend_clinician mend_clinician;
/** A client record; free with mend_client_free(). */
typedef struct mend_client mend_client;
/** A couple record; free with mend_couple_free(). */
typedef struct mend_couple mend_couple;
/** A case (episode of care) record; free with mend_case_free(). */
typedef struct mend_case mend_case;

/** An iterator over clinicians (mend_clinician_iter_new()); free with mend_clinician_iter_free().
 */
typedef struct mend_clinician_iter mend_clinician_iter;
/** An iterator over clients (mend_client_iter_new()); free with mend_client_iter_free(). */
typedef struct mend_client_iter mend_client_iter;
/** An iterator over couples (mend_couple_iter_new()); free with mend_couple_iter_free(). */
typedef struct mend_couple_iter mend_couple_iter;
/** An iterator over cases (mend_case_iter_new()); free with mend_case_iter_free(). */
typedef struct mend_case_iter mend_case_iter;

#endif /* MEND_TYPES_H */
