/**
 * @file mend/actor.h
 * @brief The acting clinician: whom every call is authorised for and audited as.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_ACTOR_H
#define MEND_ACTOR_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Act as clinician @p clinician_id: every later call is authorised for and
 * audited as that clinician. The clinician must exist and not be archived.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param clinician_id The clinician's id.
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ENOTFOUND (no such clinician), MEND_EDENIED (the
 *        clinician is archived); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int) mend_actor_set(mend_db* db, int64_t clinician_id);

/**
 * As mend_actor_set(), naming the clinician by the host's external id.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param external_id The host's external id (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_EENCODING, MEND_ENOTFOUND (no such
 *        clinician), MEND_EDENIED (archived); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_actor_set_external(mend_db* db, const char* external_id);

/**
 * The acting clinician's id; MEND_ENOACTOR when none is set.
 *
 * @param out Receives the acting clinician's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOACTOR (none set).
 */
MEND_EXTERN(int) mend_actor_id(int64_t* out, mend_db* db);

MEND_END_DECL

#endif /* MEND_ACTOR_H */
