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

#include "common.h"
#include "version.h"
#include "types.h"
#include "errors.h"
#include "db.h"
#include "clinician.h"
#include "client.h"
#include "couple.h"
#include "case.h"
#include "audit.h"
#include "measures.h"
#include "safety.h"
#include "protocol.h"
#include "agreement.h"
#include "notes.h"
#include "report.h"

#endif /* MEND_H */
