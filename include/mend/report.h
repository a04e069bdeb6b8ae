/**
 * @file mend/report.h
 * @brief Treatment-phase reports: Markdown, self-contained HTML with charts, JSON.
 *
 * Kinds: a case report (couple or individual: phase timeline, the current
 * gate evaluation, measure trajectories with bands, cut-offs and
 * reliable-change markers, both partners side by side with asymmetries
 * called out, agreements, open safety flags, sessions by phase and CPT code,
 * the signed-note list), and a caseload report for a clinician or the
 * practice (cases by phase, cases blocked at a gate and why, overdue
 * measures, open flags, sessions per week).
 *
 * The JSON format is the report's snapshot, documented in
 * docs/report-schema.md. HTML is one file: inline CSS and SVG, no scripts,
 * no network; it prints on A4 and Letter. Output is deterministic for the
 * same data and generation date.
 *
 * A release variant is prepared for one partner (mend_release_create): it
 * holds nothing from the other partner's individual record, and joint
 * content about both partners only when each authorised it
 * (mend_release_authorise). Every report and release is audited.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_REPORT_H
#define MEND_REPORT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** What report to render, for mend_report_render() and mend_report_write(). */
typedef struct mend_report_options {
    /** The struct's version: MEND_REPORT_OPTIONS_VERSION, as MEND_REPORT_OPTIONS_INIT and
     * mend_report_options_init() set it. */
    unsigned int version;
    /** "case" or "caseload". */
    const char* kind;
    /** "markdown", "html" or "json". */
    const char* format;
    /** The case (case reports). */
    int64_t case_id;
    /** Caseload: the clinician (0: the whole practice for supervisors and admins; a clinician's own
     * otherwise). */
    int64_t clinician_id;
    /** Case: a release prepared for one partner (0: the clinician's report). */
    int64_t release_id;
    /** The period shown, "YYYY-MM-DD" (NULL: from the case's opening / to today). */
    const char* from;
    /** The end of the period shown, "YYYY-MM-DD" (NULL: today). */
    const char* to;
    /** The report's date (NULL: today). Fix it for reproducible output. */
    const char* generated_on;
    /** Non-zero to include note text (never an individual session's in a couple report unless
     * shared). */
    int include_note_text;
    /** Caseload: a client with no measure for this many weeks is overdue
     * (0 means the default; the range and default are the catalogue's
     * overdue_weeks_min/max/default, mend/catalog.h). */
    int overdue_weeks;
} mend_report_options;

/** The newest version of mend_report_options: what its version field holds when set by
 * MEND_REPORT_OPTIONS_INIT. */
#define MEND_REPORT_OPTIONS_VERSION 1
/** An initialiser of mend_report_options with the defaults of MEND_REPORT_OPTIONS_VERSION (as
 * mend_report_options_init() fills it). */
#define MEND_REPORT_OPTIONS_INIT                                                                   \
    { MEND_REPORT_OPTIONS_VERSION, "case", "html", 0, 0, 0, NULL, NULL, NULL, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_report_options (for the newest,
 * MEND_REPORT_OPTIONS_VERSION, the same values as MEND_REPORT_OPTIONS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_REPORT_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_report_options_init(mend_report_options* opts, unsigned int version);

/**
 * Render a report to a string (free with mend_free()).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts What to render (borrowed, read during the call); required.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_report_render(char** out, mend_db* db, const mend_report_options* opts);
/**
 * Render a report to a file (written whole, then renamed into place).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts What to render (borrowed, read during the call); required.
 * @param path The file to write (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTORE (the file cannot be written; no
 *        partial file is left); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int) mend_report_write(mend_db* db, const mend_report_options* opts, const char* path);

MEND_END_DECL

#endif /* MEND_REPORT_H */
