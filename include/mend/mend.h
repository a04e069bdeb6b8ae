/**
 * @file mend.h
 * @brief The mend C API: include this one header.
 *
 * mend is a library for betrayal-trauma and affair-recovery work with
 * individuals and couples. All strings are UTF-8; ids are int64_t; dates are
 * ISO 8601 strings. See each concept's header for its calls.
 *
 * Threads: a handle (mend_db) and whatever it reads is used by one thread
 * at a time; different handles may be used from different threads at once
 * (mend/types.h). Errors: every fallible call returns MEND_OK or a negative
 * MEND_E* code (mend/errors.h).
 */
#ifndef MEND_H
#define MEND_H

#include "actor.h"
#include "agreement.h"
#include "attestation.h"
#include "audit.h"
#include "case.h"
#include "catalog.h"
#include "client.h"
#include "clinician.h"
#include "common.h"
#include "couple.h"
#include "db.h"
#include "diagnosis.h"
#include "emergency.h"
#include "errors.h"
#include "event.h"
#include "fhir.h"
#include "instrument.h"
#include "key.h"
#include "log.h"
#include "measure.h"
#include "note.h"
#include "phase.h"
#include "plan.h"
#include "practice.h"
#include "process_note.h"
#include "protocol.h"
#include "release.h"
#include "report.h"
#include "safety.h"
#include "session.h"
#include "transaction.h"
#include "types.h"
#include "version.h"

#endif /* MEND_H */
