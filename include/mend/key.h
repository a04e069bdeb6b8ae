/**
 * @file mend/key.h
 * @brief The host's keys: key files, key callbacks and adopting keys.
 *
 * mend never stores a key in the database. The host hands its keys to a
 * handle when it opens it (mend_open_options.key_file or .key_callback,
 * mend/db.h). A key has a purpose, "audit" (the HMAC-SHA-256 key of the
 * audit chain, mend/audit.h) or "wrap" (the key that wraps the practice's
 * data key), and an id (1, 2, ...): the newest id of a purpose is its
 * current key, and older ones stay with the host to verify what was written
 * under them.
 *
 * A key file holds one key per line, "PURPOSE ID HEX" (HEX: 64 hex digits,
 * 32 bytes), with '#' comments; it must be a regular file of mode 0600 (or
 * stricter) owned by the user that reads it, else opening fails with
 * MEND_EKEY. mend_key_file_create() writes one.
 *
 * A practice made with keys (mend_practice_init() on a handle opened with
 * them) is keyed at set-up: the first chained event seals the events of
 * setting it up, and every later one is chained; a plaintext practice
 * becomes keyed, and a keyed one moves to a newer audit key, with
 * mend_key_adopt(). A keyed practice opened without its keys can still be
 * identified (mend_db_schema_version(), mend_key_state()), and every other
 * call fails with MEND_EKEY.
 *
 * Threads: mend_key_file_create() uses no handle and may run on any thread
 * (two calls on the same path race: the later rename wins). The calls that
 * take a handle are used by one thread at a time per handle (mend/types.h).
 */
#ifndef MEND_KEY_H
#define MEND_KEY_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * The host's key service, for hosts that keep keys in their own store (a KMS,
 * a keyring) rather than a key file.
 *
 * mend calls it on the thread that is making a call on the handle: during
 * mend_open() and later whenever a key is needed (adopting keys, verifying an
 * older part of the chain). It must return the key of @p purpose ("audit" or
 * "wrap") with id @p key_id, or the current (newest) key of that purpose when
 * @p key_id is 0: the 32 key bytes into @p out and the key's id (at least 1;
 * equal to @p key_id when that is not 0) into @p out_id. mend copies what it
 * needs and keeps it in memory while the handle is open (never on disk); the
 * callback may wipe its own copy at once.
 *
 * @param out 32 bytes to fill with the key.
 * @param out_id Receives the key's id.
 * @param purpose "audit" or "wrap" (valid during the call only).
 * @param key_id The id wanted, or 0 for the current key.
 * @param user_data The mend_open_options.key_user_data the handle was opened with.
 * @return MEND_OK; MEND_ENOTFOUND when the host has no such key; any other
 *         code when the key service failed (the call that needed the key then
 *         fails with MEND_EKEY). It must not call mend on the same handle:
 *         while it runs, the handle refuses every call with MEND_ESTATE.
 */
typedef int (*mend_key_callback)(unsigned char* out, int64_t* out_id, const char* purpose,
                                 int64_t key_id, void* user_data);

/** mend_key_state(): the practice keeps no keyed records; the handle needs no key. */
#define MEND_KEY_STATE_NONE 0
/** mend_key_state(): the practice is keyed and the handle holds its keys. */
#define MEND_KEY_STATE_HELD 1
/** mend_key_state(): the practice is keyed and the handle was opened without
 *  its keys: it can be identified, not read (every record call fails with MEND_EKEY). */
#define MEND_KEY_STATE_MISSING 2
/** mend_key_state(): the handle was given keys that the practice never
 *  registered: a plaintext practice an admin has not yet keyed with
 *  mend_key_adopt(), or one whose keyed chain was stripped (the two look
 *  alike; verify against the last checkpoint). Every record call fails with
 *  MEND_EKEY until an admin adopts the keys. */
#define MEND_KEY_STATE_UNREGISTERED 3
/** mend_key_state(): the handle holds the practice's keys and a
 *  re-encryption or conversion (mend_key_encrypt(), mend_key_reencrypt()) is
 *  under way: every record call on every handle fails with MEND_ESTATE until
 *  an admin's mend_key_reseal() ends it. As of the handle's last call. */
#define MEND_KEY_STATE_RESEALING 4

/**
 * Write a key file with a new random audit key and wrap key (mode 0600).
 * When @p path holds a key file already, a newer key of each purpose is
 * added to it and every older line kept (older keys verify what was written
 * under them); mend_key_adopt() then moves a practice to the new keys. The
 * file is written beside @p path and renamed over it, so a reader never sees
 * half a file.
 *
 * @param path Where the key file goes (UTF-8, borrowed). Keep it away from
 *        the database and its backups.
 * @return MEND_OK, MEND_EINVAL (NULL or empty @p path, or a directory that
 *         cannot be written), MEND_EKEY (an existing file there that is not
 *         a private key file), MEND_ERROR (the write failed; the old file
 *         is left as it was). mend_last_errmsg() says why. Thread-safe.
 */
MEND_EXTERN(int) mend_key_file_create(const char* path);

/**
 * What the handle holds of the practice's keys: MEND_KEY_STATE_NONE,
 * _HELD, _MISSING or _UNREGISTERED. Needs no actor and is not audited (it
 * reads no record), so a host can tell why its calls fail with MEND_EKEY.
 *
 * @param out Receives the state; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ESTATE (a closed handle,
 *         or called from the handle's own event or key callback).
 */
MEND_EXTERN(int) mend_key_state(int* out, mend_db* db);

/**
 * Adopt the handle's current audit key (admins): a plaintext practice
 * becomes keyed, its earlier history sealed by the first chained event; a
 * keyed practice moves to a newer key, the adoption being the first event
 * chained under it. Audited as "adopt_key" of the practice.
 *
 * @param db The open handle (borrowed; not kept past the call), opened with keys.
 * @return MEND_OK, MEND_EINVAL (NULL @p db; or the host's newest audit key is
 *         older than the practice's), MEND_EKEY (the handle was opened
 *         without keys, or they hold no audit key), MEND_ENOACTOR,
 *         MEND_EDENIED (not an admin), MEND_ESTATE (the key is already the
 *         practice's: add a newer one with mend_key_file_create()); or a store
 *         failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_key_adopt(mend_db* db);

/**
 * Wrap the practice's data keys anew under the handle's newest wrap key
 * (admins): key rotation of the wrap key, instant whatever the size of the
 * practice, since the data keys (and so every encrypted value) stay as they
 * are. Afterwards the older wrap key is no longer needed to open the
 * practice. Audited as "rewrap_key" of the practice.
 *
 * @param out Receives how many data keys were wrapped anew (at least 1);
 *        untouched on failure. May be NULL.
 * @param db The open handle (borrowed; not kept past the call), opened with keys.
 * @return MEND_OK, MEND_EINVAL (NULL @p db), MEND_EKEY (opened without keys, or
 *         they hold no wrap key, or not the one a data key is wrapped under),
 *         MEND_ENOACTOR, MEND_EDENIED (not an admin), MEND_ESTATE (the practice
 *         is not encrypted, or every data key is already under that wrap key:
 *         add a newer one with mend_key_file_create()); or a store failure:
 *         MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_key_rewrap(int* out, mend_db* db);

/**
 * Start converting a plaintext practice to an encrypted one (admins): a new
 * random data key, wrapped under the handle's newest wrap key, and a job
 * that mend_key_reseal() carries out batch by batch. From this call until
 * the job ends, every other record call on every handle of the practice
 * fails with MEND_ESTATE (mend_key_state() says MEND_KEY_STATE_RESEALING).
 * Audited as "encrypt_records" of the practice.
 *
 * @param db The open handle (borrowed; not kept past the call), opened with keys.
 * @return MEND_OK, MEND_EINVAL (NULL @p db), MEND_EKEY (opened without keys, or
 *         they hold no wrap key), MEND_ENOACTOR, MEND_EDENIED (not an admin),
 *         MEND_ESTATE (the practice is encrypted already, or a job is under
 *         way: finish it with mend_key_reseal()); or a store failure:
 *         MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_key_encrypt(mend_db* db);

/**
 * Start re-encrypting an encrypted practice under a new data key (admins):
 * key rotation of the data key itself. A new random data key, wrapped under
 * the handle's newest wrap key, and a job that mend_key_reseal() carries out;
 * when it ends, the older data keys are erased. As with mend_key_encrypt(),
 * every other record call fails with MEND_ESTATE until then. Audited as
 * "reencrypt_records" of the practice.
 *
 * @param db The open handle (borrowed; not kept past the call), opened with keys.
 * @return MEND_OK, MEND_EINVAL (NULL @p db), MEND_EKEY (opened without keys, or
 *         they hold no wrap key), MEND_ENOACTOR, MEND_EDENIED (not an admin),
 *         MEND_ESTATE (the practice is not encrypted, or a job is under way:
 *         finish it with mend_key_reseal()); or a store failure: MEND_EBUSY,
 *         MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_key_reencrypt(mend_db* db);

/**
 * Carry the job under way (mend_key_encrypt(), mend_key_reencrypt()) up to
 * @p max_rows rows further (admins): each row's encrypted values sealed anew
 * under the job's data key, with its look-up indexes, in one transaction
 * that also keeps the job's place. Call it until @p out is 0; a job
 * interrupted at any moment (a crash, a closed handle) goes on from its last
 * batch on any handle. The call that re-seals the last row also erases the
 * older data keys and rewrites the database so that no page keeps an old
 * value (SQLite: VACUUM and an emptied write-ahead log; PostgreSQL: VACUUM
 * FULL of those tables). With no job under way it does nothing and writes
 * 0. Audited as "reseal" (and "reseal_done") of the practice.
 *
 * @param out Receives how many rows the job has yet to re-seal: 0 once it has
 *        ended. May be NULL.
 * @param db The open handle (borrowed; not kept past the call), opened with keys.
 * @param max_rows The most rows this call re-seals; 0 for the library's
 *        default batch (500 rows).
 * @return MEND_OK, MEND_EINVAL (NULL @p db, @p max_rows negative), MEND_EKEY
 *         (opened without keys, or without the job's data key), MEND_ENOACTOR,
 *         MEND_EDENIED (not an admin), MEND_ESTATE (a host transaction is
 *         open: each batch commits on its own); or a store failure:
 *         MEND_EBUSY (another connection kept SQLite's write-ahead log from
 *         being emptied: call it again), MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_key_reseal(int64_t* out, mend_db* db, int64_t max_rows);

MEND_END_DECL

#endif /* MEND_KEY_H */
