/**
 * @file mend/audit.h
 * @brief Reading the audit log.
 *
 * Every create, update and archive, and every read of a client, couple or
 * case record, writes one audit event in the same transaction as the work:
 * when (UTC), actor, action, object type and id, and outcome ("ok", or
 * "denied" for a refused call). Events hold no client data. The log is
 * append-only: the database refuses UPDATE and DELETE on it. In a keyed
 * practice (mend/key.h) each event also carries an HMAC-SHA-256 over its
 * fields and the previous event's MAC, so an edit made with raw SQL shows in
 * mend_audit_verify_json().
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 */
#ifndef MEND_AUDIT_H
#define MEND_AUDIT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Audit events with sequence number greater than @p after_seq, oldest first,
 * at most @p limit (1..10000), as a JSON array of objects
 * {"seq","at","actor_id","action","object_type","object_id","outcome"}.
 * Supervisors and admins only. Free *out with mend_free().
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param after_seq Events after this sequence number (0: from the start).
 * @param limit At most this many events (1..10000).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_audit_list_json(char** out, mend_db* db, int64_t after_seq, int limit);

/** mend_audit_report_options.format: a JSON array (see mend_audit_report_render()). */
#define MEND_AUDIT_REPORT_JSON 0
/** mend_audit_report_options.format: RFC 4180 CSV with a header line, CRLF line ends. */
#define MEND_AUDIT_REPORT_CSV 1

/** Options for mend_audit_report_render(). Every filter is optional; together they narrow. */
typedef struct mend_audit_report_options {
    /** The struct's version: MEND_AUDIT_REPORT_OPTIONS_VERSION, as
     * MEND_AUDIT_REPORT_OPTIONS_INIT and mend_audit_report_options_init() set it. */
    unsigned int version;
    /** Only events about this client's record (0: any record): the client, their couples,
     * every case of theirs or of their couples with its case-level records, the sessions
     * they took part in with those sessions' notes and process notes, their own diagnoses,
     * administrations, measure series, safety screens and flags, and the releases that
     * hold any of their record. A partner's individual records are not among them. */
    int64_t client_id;
    /** Only events of this clinician (0: any). */
    int64_t actor_id;
    /** Only events on or after this date, "YYYY-MM-DD" in the practice's time zone
     * (NULL or "": no bound; borrowed, read during the call). */
    const char* from;
    /** Only events on or before this date, as @c from (NULL or "": no bound). */
    const char* to;
    /** MEND_AUDIT_REPORT_JSON or MEND_AUDIT_REPORT_CSV. */
    int format;
    /** Only events with a sequence number greater than this (0: from the start); the page
     * after one ends at its last event's seq. */
    int64_t after_seq;
    /** At most this many events (1..audit_limit_max; 0 means audit_limit_default; both in
     * the catalogue, mend/catalog.h). */
    int limit;
} mend_audit_report_options;

/** The newest version of mend_audit_report_options: what its version field holds when set by
 * MEND_AUDIT_REPORT_OPTIONS_INIT. */
#define MEND_AUDIT_REPORT_OPTIONS_VERSION 1
/** An initialiser of mend_audit_report_options with the defaults of
 * MEND_AUDIT_REPORT_OPTIONS_VERSION (as mend_audit_report_options_init() fills it): every
 * event, as JSON, the default page size. */
#define MEND_AUDIT_REPORT_OPTIONS_INIT                                                             \
    { MEND_AUDIT_REPORT_OPTIONS_VERSION, 0, 0, NULL, NULL, MEND_AUDIT_REPORT_JSON, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_audit_report_options (for the newest,
 * MEND_AUDIT_REPORT_OPTIONS_VERSION, the same values as MEND_AUDIT_REPORT_OPTIONS_INIT) and
 * set its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_AUDIT_REPORT_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_audit_report_options_init(mend_audit_report_options* opts, unsigned int version);

/**
 * An audit report for compliance review: the events the options select, oldest first, as
 * a JSON array of objects {"seq","at","actor_id","actor_name","action","object_type",
 * "object_id","outcome"} ("at" UTC; "actor_name" the acting clinician's display name;
 * null ids and names where an event has none), or as CSV with the same columns and a
 * header line (RFC 4180: a field holding a comma, a double quote, CR or LF is quoted;
 * a name a spreadsheet would read as a formula gets a leading apostrophe). Events, and
 * so reports, hold no client data. Supervisors and admins only; each report is audited
 * ("report" of the audit_log), a refusal as denied. Free *out with mend_free().
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call); NULL means
 *        MEND_AUDIT_REPORT_OPTIONS_INIT.
 * @return MEND_OK, MEND_EINVAL (NULL @p out; an unknown struct version or format; a bad
 *        or reversed date; a negative id or after_seq; a limit out of range),
 *        MEND_EENCODING, MEND_ENOACTOR, MEND_ENOTFOUND (no such client or clinician),
 *        MEND_EDENIED (the actor is not a supervisor or admin); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR. Nothing is written but the
 *        report's audit event.
 */
MEND_EXTERN(int)
mend_audit_report_render(char** out, mend_db* db, const mend_audit_report_options* opts);

/**
 * A signed checkpoint of the keyed audit chain's head, for the host to keep
 * somewhere the database's writers cannot reach (another database, a log
 * server, a printed report): "mend-audit-checkpoint.v1.SEQ.MAC.KEY.SIG",
 * ASCII, holding no client data. mend_audit_verify_json() given it finds a
 * tail cut off after it, or the database replaced by an older copy.
 * Supervisors and admins; audited as "checkpoint" of the audit_log. Free
 * *out with mend_free().
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call), opened with the keys.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_EDENIED (not a
 *        supervisor or admin), MEND_EKEY (opened without the keys), MEND_ESTATE (the
 *        practice keeps no keyed chain, or the chain is broken: no checkpoint vouches
 *        for a broken chain; verify it); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_audit_checkpoint(char** out, mend_db* db);

/**
 * Recompute the keyed audit chain and report its first broken link:
 * {"ok": bool, "keyed": bool, "events_checked", "events_chained",
 * "first_bad_seq" (null when ok), "reason" (null when ok; else one of
 * mac_mismatch, gap, reorder, prev_mismatch, unkeyed_event, unknown_key,
 * key_rollback, key_unavailable, truncated, checkpoint_mismatch,
 * checkpoint_forged, or not_keyed for a practice that keeps no keyed chain),
 * "head": {"seq", "mac"}, "checkpoint_seq" (null without a checkpoint)}.
 * It finds an edited field, a deleted, inserted or reordered row, a forged
 * MAC, a replaced key id and, against @p checkpoint, a truncated tail.
 * "ok" is true only for a keyed chain that verifies. Supervisors and admins;
 * audited as "verify" of the audit_log. Free *out with mend_free().
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call), opened with the keys.
 * @param checkpoint A checkpoint from mend_audit_checkpoint() (UTF-8, borrowed), or
 *        NULL or "" for none.
 * @return MEND_OK (whatever the chain's state: read "ok"), MEND_EINVAL (NULL @p out; a
 *        malformed checkpoint), MEND_ENOACTOR, MEND_EDENIED (not a
 *        supervisor or admin), MEND_EKEY (opened without the keys); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_audit_verify_json(char** out, mend_db* db, const char* checkpoint);

MEND_END_DECL

#endif /* MEND_AUDIT_H */
