/**
 * @file mend/version.h
 * @brief Compile-time and run-time version of the library.
 *
 * The ABI is stable within a major version (SONAME libmend.so.MAJOR).
 */
#ifndef MEND_VERSION_H
#define MEND_VERSION_H

#include "common.h"

#define MEND_VERSION_MAJOR 0
#define MEND_VERSION_MINOR 1
#define MEND_VERSION_PATCH 0
#define MEND_VERSION_STRING "0.1.0"
/** major*1000000 + minor*1000 + patch, as SQLite does. */
#define MEND_VERSION_NUMBER                                                                        \
    (MEND_VERSION_MAJOR * 1000000 + MEND_VERSION_MINOR * 1000 + MEND_VERSION_PATCH)

MEND_BEGIN_DECL

/** The library's version string, e.g. "0.1.0". Static storage; never freed. */
MEND_EXTERN(const char*) mend_version(void);

/** The library's version as MEND_VERSION_NUMBER encodes it. */
MEND_EXTERN(int) mend_version_number(void);

MEND_END_DECL

#endif /* MEND_VERSION_H */
