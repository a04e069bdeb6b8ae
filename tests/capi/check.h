/*
 * check.h: the C API tests' assertion macros. No framework: each failed
 * check prints file:line and what went wrong; CHECK_* carry on (so one run
 * shows every failure), REQUIRE_* stop the program at once. main() ends
 * with `return t_finish();`, which exits non-zero when any check failed.
 */
#ifndef MEND_TEST_CHECK_H
#define MEND_TEST_CHECK_H

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counters, defined in support.c. */
extern long t_checks;
extern long t_failures;

/* Prints the totals; returns the process exit code (0 when all passed). */
int t_finish(void);
/* Records one failure (and stops the program when fatal is non-zero). */
void t_failed(const char* file, int line, int fatal);
/* NULL-safe string equality. */
int t_streq(const char* a, const char* b);

#define T_CHECK_(cond, fatal, ...)                                                                 \
    do {                                                                                           \
        ++t_checks;                                                                                \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            t_failed(__FILE__, __LINE__, (fatal));                                                 \
        }                                                                                          \
    } while (0)

/* A condition. */
#define CHECK(cond) T_CHECK_((cond), 0, "CHECK failed: %s", #cond)
#define REQUIRE(cond) T_CHECK_((cond), 1, "REQUIRE failed: %s", #cond)

/* A mend call's return code; on a mismatch prints both codes and the
 * thread's last error message. */
#define T_RC_(call, expected, fatal)                                                               \
    do {                                                                                           \
        int t_rc_ = (call);                                                                        \
        int t_want_ = (expected);                                                                  \
        T_CHECK_(t_rc_ == t_want_, (fatal),                                                        \
                 "%s returned %d (%s), expected %d (%s); last error: %s", #call, t_rc_,            \
                 mend_errstr(t_rc_), t_want_, mend_errstr(t_want_), mend_last_errmsg());           \
    } while (0)

#define CHECK_RC(call, expected) T_RC_(call, expected, 0)
#define REQUIRE_RC(call, expected) T_RC_(call, expected, 1)
#define CHECK_OK(call) T_RC_(call, MEND_OK, 0)
#define REQUIRE_OK(call) T_RC_(call, MEND_OK, 1)

/* Either of two codes (where the API leaves the choice open). */
#define CHECK_RC2(call, a, b)                                                                      \
    do {                                                                                           \
        int t_rc_ = (call);                                                                        \
        T_CHECK_(t_rc_ == (a) || t_rc_ == (b), 0, "%s returned %d (%s), expected %s or %s", #call, \
                 t_rc_, mend_errstr(t_rc_), mend_errstr(a), mend_errstr(b));                       \
    } while (0)

/* Strings (NULL-safe: two NULLs are equal). */
#define CHECK_STREQ(actual, expected)                                                              \
    do {                                                                                           \
        const char* t_a_ = (actual);                                                               \
        const char* t_e_ = (expected);                                                             \
        T_CHECK_(t_streq(t_a_, t_e_), 0, "%s is \"%s\", expected \"%s\"", #actual,                 \
                 t_a_ ? t_a_ : "(null)", t_e_ ? t_e_ : "(null)");                                  \
    } while (0)

#define CHECK_NULL(p) T_CHECK_((p) == NULL, 0, "%s is not NULL", #p)
#define CHECK_NOT_NULL(p) T_CHECK_((p) != NULL, 0, "%s is NULL", #p)
#define REQUIRE_NOT_NULL(p) T_CHECK_((p) != NULL, 1, "%s is NULL", #p)

/* 64-bit integers. */
#define CHECK_I64(actual, expected)                                                                \
    do {                                                                                           \
        long long t_a_ = (long long)(actual);                                                      \
        long long t_e_ = (long long)(expected);                                                    \
        T_CHECK_(t_a_ == t_e_, 0, "%s is %lld, expected %lld", #actual, t_a_, t_e_);               \
    } while (0)
#define REQUIRE_I64(actual, expected)                                                              \
    do {                                                                                           \
        long long t_a_ = (long long)(actual);                                                      \
        long long t_e_ = (long long)(expected);                                                    \
        T_CHECK_(t_a_ == t_e_, 1, "%s is %lld, expected %lld", #actual, t_a_, t_e_);               \
    } while (0)

/* The string does not contain the needle (for error messages vs client data). */
#define CHECK_NO_SUBSTR(haystack, needle)                                                          \
    do {                                                                                           \
        const char* t_h_ = (haystack);                                                             \
        const char* t_n_ = (needle);                                                               \
        T_CHECK_(t_h_ == NULL || strstr(t_h_, t_n_) == NULL, 0, "%s (\"%s\") contains \"%s\"",     \
                 #haystack, t_h_, t_n_);                                                           \
    } while (0)
#define CHECK_SUBSTR(haystack, needle)                                                             \
    do {                                                                                           \
        const char* t_h_ = (haystack);                                                             \
        const char* t_n_ = (needle);                                                               \
        T_CHECK_(t_h_ != NULL && strstr(t_h_, t_n_) != NULL, 0,                                    \
                 "%s (\"%s\") does not contain \"%s\"", #haystack, t_h_ ? t_h_ : "(null)", t_n_);  \
    } while (0)

/* Marks a check that fails because of a known library bug (see the report). */
#define LIBRARY_BUG(text) fprintf(stderr, "note: the next check covers a library bug: %s\n", text)

/* A section heading in the output, so a failure is easy to place. */
#define SECTION(name) fprintf(stderr, "-- %s\n", name)

#endif /* MEND_TEST_CHECK_H */
