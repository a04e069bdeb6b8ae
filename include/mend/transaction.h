/**
 * @file mend/transaction.h
 * @brief Transactions: many writes that commit together.
 */
#ifndef MEND_TRANSACTION_H
#define MEND_TRANSACTION_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Begin a transaction so that many writes commit together. Without one, each
 * call commits on its own. A call that fails inside a transaction changes
 * nothing and leaves the transaction open and usable.
 */
MEND_EXTERN(int) mend_transaction_begin(mend_db* db);
/** Commit the transaction begun with mend_transaction_begin(). */
MEND_EXTERN(int) mend_transaction_commit(mend_db* db);
/** Roll back the transaction begun with mend_transaction_begin(). */
MEND_EXTERN(int) mend_transaction_rollback(mend_db* db);
/** 1 while a transaction begun with mend_transaction_begin() is open, else 0. */
MEND_EXTERN(int) mend_transaction_active(const mend_db* db);

MEND_END_DECL

#endif /* MEND_TRANSACTION_H */
