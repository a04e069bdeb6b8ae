/**
 * @file mend/process_note.h
 * @brief Psychotherapy process notes: their author's alone.
 *
 * Psychotherapy process notes (45 CFR 164.501) live apart: readable by their
 * author and whom the author grants, excluded from every list, report and
 * search unless their author asks.
 */
#ifndef MEND_PROCESS_NOTE_H
#define MEND_PROCESS_NOTE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** A psychotherapy process note for a session (its author alone reads it). */
MEND_EXTERN(int)
mend_process_note_create(int64_t* out, mend_db* db, int64_t session_id, const char* text);
MEND_EXTERN(int) mend_process_note_get_json(char** out, mend_db* db, int64_t id);
/** The process notes of a case the actor wrote or was granted. */
MEND_EXTERN(int) mend_process_note_list_json(char** out, mend_db* db, int64_t case_id);
/** Let another clinician read a process note (its author only). */
MEND_EXTERN(int) mend_process_note_grant(mend_db* db, int64_t id, int64_t clinician_id);

MEND_END_DECL

#endif /* MEND_PROCESS_NOTE_H */
