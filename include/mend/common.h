/**
 * @file mend/common.h
 * @brief Export and declaration macros shared by every mend header.
 */
#ifndef MEND_COMMON_H
#define MEND_COMMON_H

#include <stddef.h>
#include <stdint.h>

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

#ifdef __cplusplus
#define MEND_BEGIN_DECL extern "C" {
#define MEND_END_DECL }
#else
#define MEND_BEGIN_DECL
#define MEND_END_DECL
#endif

#endif /* MEND_COMMON_H */
