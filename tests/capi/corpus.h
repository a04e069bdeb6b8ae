/*
 * corpus.h: the hostile-string corpus (tests/corpus/hostile-strings.txt) for
 * the C tests. The file's header documents its format; corpus.c is its one C
 * decoder (tests/python/hostile_corpus.py is the Python one).
 */
#ifndef MEND_TEST_CORPUS_H
#define MEND_TEST_CORPUS_H

#include <stddef.h>

/* One decoded entry: `size` bytes at `data`, followed by a NUL (so an entry
 * without an inner NUL is a C string). */
typedef struct t_corpus_entry {
    int line;          /* 1-based line in the file */
    char category[96]; /* the "# == name ==" header above it */
    char* data;        /* malloc'ed */
    size_t size;       /* bytes, without the terminating NUL */
    int has_nul;       /* an inner NUL: it cannot cross the C API */
} t_corpus_entry;

/* Reads and decodes the corpus at `path`; returns the number of entries and
 * sets *out (free with t_corpus_free), or -1 with a message on stderr. */
long t_corpus_load(const char* path, t_corpus_entry** out);
void t_corpus_free(t_corpus_entry* entries, long n);

#endif /* MEND_TEST_CORPUS_H */
