/**
 * @file mend/transaction.h
 * @brief Transactions: many writes that commit together.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_TRANSACTION_H
#define MEND_TRANSACTION_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Begin a transaction so that many writes commit together. Without one, each
 * call commits on its own. A call that fails inside a transaction changes
 * nothing and leaves the transaction open and usable, with one exception:
 * when the connection to a PostgreSQL server is lost, the transaction is gone
 * with it and nothing of it was committed. Every call then fails with
 * MEND_ECONNECTION ("roll the transaction back") and the handle does not
 * connect again until the transaction ends: mend_transaction_rollback()
 * returns MEND_OK, mend_transaction_commit() MEND_ECONNECTION, and the call
 * after either connects again.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ESTATE (a transaction is already open); or a
 *        store failure: MEND_EBUSY, MEND_ECONNECTION (no server answered), MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_transaction_begin(mend_db* db);
/**
 * Commit the transaction begun with mend_transaction_begin(). On failure the
 * transaction is over, rolled back.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ESTATE (none open); or a store failure:
 *        MEND_EBUSY, MEND_ECONNECTION (the connection was lost inside the transaction:
 *        nothing of it was committed; or lost during COMMIT, which may or may not have
 *        committed: read back before repeating), MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_transaction_commit(mend_db* db);
/**
 * Roll back the transaction begun with mend_transaction_begin(). It succeeds
 * after a lost connection too (the transaction is gone with it).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ESTATE (none open); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_transaction_rollback(mend_db* db);
/**
 * 1 while a transaction begun with mend_transaction_begin() is open, else 0.
 *
 * @param db The handle (borrowed), or NULL.
 * @return 1 or 0 (0 for a NULL handle); never an error code.
 */
MEND_EXTERN(int) mend_transaction_active(const mend_db* db);

MEND_END_DECL

#endif /* MEND_TRANSACTION_H */
