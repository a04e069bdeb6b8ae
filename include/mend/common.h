/**
 * @file mend/common.h
 * @brief Export and declaration macros shared by every mend header.
 *
 * Threads: macros only; nothing here runs.
 */
#ifndef MEND_COMMON_H
#define MEND_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def MEND_EXTERN(type)
 * Declares a function of the C API with return type @p type: exported from
 * the shared library (default visibility; dllexport/dllimport on Windows
 * unless MEND_STATIC is defined).
 */
#if defined(_WIN32) && !defined(MEND_STATIC)
#if defined(MEND_BUILDING_LIBRARY)
#define MEND_EXTERN(type) __declspec(dllexport) type
#else
#define MEND_EXTERN(type) __declspec(dllimport) type
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define MEND_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define MEND_EXTERN(type) extern type
#endif

/**
 * @def MEND_BEGIN_DECL
 * Opens the C API's declarations: `extern "C" {` in C++, nothing in C.
 * @def MEND_END_DECL
 * Closes what MEND_BEGIN_DECL opened.
 */
#ifdef __cplusplus
#define MEND_BEGIN_DECL extern "C" {
#define MEND_END_DECL }
#else
#define MEND_BEGIN_DECL
#define MEND_END_DECL
#endif

#endif /* MEND_COMMON_H */
