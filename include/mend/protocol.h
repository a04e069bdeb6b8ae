/**
 * @file mend/protocol.h
 * @brief Treatment protocols: the phases, gates and criteria a case follows.
 *
 *
 * A protocol is data: phases, the transitions between them and the gate
 * criteria on each. Built-in: "betrayal_trauma_couples" (trauma first:
 * intake, safety and stabilisation, impact and meaning, decision point, then
 * relational repair or separation support, then consolidation),
 * "betrayal_trauma_couples_csb" (the same, APSATS-informed, with sobriety and
 * a therapeutic disclosure on the trauma gate) and
 * "betrayal_trauma_individual" (Herman's stages for one partner's own work).
 * Their thresholds are defaults for clinical review: any gate can be
 * overridden with a written rationale, and a practice can load its own.
 *
 */
#ifndef MEND_PROTOCOL_H
#define MEND_PROTOCOL_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** The protocols as a JSON array of {code, name, version, kind, phases}. */
MEND_EXTERN(int) mend_protocol_list_json(char** out, mend_db* db);
/** One protocol's full definition as JSON. */
MEND_EXTERN(int) mend_protocol_get_json(char** out, mend_db* db, const char* code);
/**
 * Load a protocol definition (JSON, the form mend_protocol_get_json returns).
 * Admins only. Validated first: an error names the bad field; nothing is
 * stored. A new version of a loaded protocol needs a higher "version".
 */
MEND_EXTERN(int) mend_protocol_load(mend_db* db, const char* definition_json);

MEND_END_DECL

#endif /* MEND_PROTOCOL_H */
