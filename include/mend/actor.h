/**
 * @file mend/actor.h
 * @brief The acting clinician: whom every call is authorised for and audited as.
 */
#ifndef MEND_ACTOR_H
#define MEND_ACTOR_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Act as clinician @p clinician_id: every later call is authorised for and
 * audited as that clinician. The clinician must exist and not be archived.
 */
MEND_EXTERN(int) mend_actor_set(mend_db* db, int64_t clinician_id);

/** As mend_actor_set(), naming the clinician by the host's external id. */
MEND_EXTERN(int) mend_actor_set_external(mend_db* db, const char* external_id);

/** The acting clinician's id; MEND_ENOACTOR when none is set. */
MEND_EXTERN(int) mend_actor_id(int64_t* out, mend_db* db);

MEND_END_DECL

#endif /* MEND_ACTOR_H */
