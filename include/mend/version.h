/**
 * @file mend/version.h
 * @brief Compile-time and run-time version of the library.
 *
 * The ABI is stable within a major version (SONAME libmend.so.MAJOR); every
 * symbol is versioned MEND_0 and checked against the baseline in abi/.
 *
 * Threads: every call here is thread-safe (static data only).
 */
#ifndef MEND_VERSION_H
#define MEND_VERSION_H

#include "common.h"

/** The major version of these headers: the ABI holds within it (libmend.so.0). */
#define MEND_VERSION_MAJOR 0
/** The minor version of these headers: grows when calls or struct members are added. */
#define MEND_VERSION_MINOR 1
/** The patch version of these headers: fixes only. */
#define MEND_VERSION_PATCH 0
/** The version of these headers as a string, "MAJOR.MINOR.PATCH". */
#define MEND_VERSION_STRING "0.1.0"
/** major*1000000 + minor*1000 + patch, as SQLite does. */
#define MEND_VERSION_NUMBER                                                                        \
    (MEND_VERSION_MAJOR * 1000000 + MEND_VERSION_MINOR * 1000 + MEND_VERSION_PATCH)

MEND_BEGIN_DECL

/**
 * The library's version string, e.g. "0.1.0". Static storage; never freed.
 *
 * @return The version string (static storage, never freed).
 *
 */
MEND_EXTERN(const char*) mend_version(void);

/**
 * The library's version as MEND_VERSION_NUMBER encodes it.
 *
 * @return The version number, as MEND_VERSION_NUMBER encodes it; never an error code.
 *
 */
MEND_EXTERN(int) mend_version_number(void);

MEND_END_DECL

#endif /* MEND_VERSION_H */
