/**
 * @file mend/log.h
 * @brief The library's log: a process-wide callback instead of silence.
 *
 * mend logs schema migrations applied on open (from and to which version, at
 * MEND_LOG_INFO), a transaction left open and rolled back by mend_close()
 * (MEND_LOG_WARNING), and every error a call returns, with its code's name
 * and message: MEND_ERROR, MEND_ENOMEM, MEND_ESTORE and MEND_ESCHEMA at
 * MEND_LOG_ERROR, the others (a bad argument, a refusal, a busy database...)
 * at MEND_LOG_WARNING. Opening and closing a handle are logged at
 * MEND_LOG_DEBUG. A message never holds client data, nor a database path
 * or URL.
 */
#ifndef MEND_LOG_H
#define MEND_LOG_H

#include "common.h"

MEND_BEGIN_DECL

/** mend or its database failed (MEND_ERROR, MEND_ENOMEM, MEND_ESTORE, MEND_ESCHEMA). */
#define MEND_LOG_ERROR 1
/** A call failed for its caller's reason, or mend undid work the host left open. */
#define MEND_LOG_WARNING 2
/** A notable change: a schema migration. */
#define MEND_LOG_INFO 3
/** Detail for debugging: a handle opened or closed. */
#define MEND_LOG_DEBUG 4

/**
 * The host's log callback.
 *
 * @param level     One of the MEND_LOG_* levels, never above the max_level set.
 * @param message   The message, UTF-8, without client data. Borrowed: valid
 *                  only during the call.
 * @param user_data The pointer given to mend_log_set_callback(), passed back unchanged.
 */
typedef void (*mend_log_callback)(int level, const char* message, void* user_data);

/**
 * Set the process-wide log callback, replacing any earlier one; a NULL
 * @p callback turns the log off (the default).
 *
 * The callback may be called from any thread that calls mend, and from
 * several at once one after the other (mend serialises the calls). It may
 * call mend, on any handle; a message that would be logged from inside the
 * callback is dropped. It must not throw or longjmp out. When this function
 * returns, the previous callback is not running on another thread and will
 * not be called again.
 *
 * @param callback  Called once per message of level @p max_level or lower, or NULL.
 * @param max_level The most detailed level wanted: MEND_LOG_ERROR to MEND_LOG_DEBUG.
 * @param user_data Passed to every call of @p callback; may be NULL. mend
 *                  keeps it until the callback is replaced and never frees it.
 * @return MEND_OK, or MEND_EINVAL (nothing changed) for a @p max_level
 *         outside MEND_LOG_ERROR..MEND_LOG_DEBUG when @p callback is not NULL;
 *         mend_last_errmsg() says why. Thread-safe.
 */
MEND_EXTERN(int) mend_log_set_callback(mend_log_callback callback, int max_level, void* user_data);

MEND_END_DECL

#endif /* MEND_LOG_H */
