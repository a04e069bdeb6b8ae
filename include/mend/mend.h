/**
 * @file mend.h
 * @brief The mend C API: include this one header.
 *
 * mend is a library for betrayal-trauma and affair-recovery work with
 * individuals and couples. All strings are UTF-8; ids are int64_t; dates are
 * ISO 8601 strings. See each concept's header for its calls.
 */
#ifndef MEND_H
#define MEND_H

#include "agreement.h"
#include "audit.h"
#include "case.h"
#include "client.h"
#include "clinician.h"
#include "common.h"
#include "couple.h"
#include "db.h"
#include "errors.h"
#include "measures.h"
#include "notes.h"
#include "practice.h"
#include "protocol.h"
#include "report.h"
#include "safety.h"
#include "types.h"
#include "version.h"

#endif /* MEND_H */
