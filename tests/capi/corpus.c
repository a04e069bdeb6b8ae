/* The hostile-string corpus's C decoder (format: tests/corpus/hostile-strings.txt). */
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer. */
typedef struct buf {
    char* p;
    size_t n, cap;
} buf;

static int put(buf* b, const char* bytes, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char* p;
        while (cap < b->n + n + 1)
            cap *= 2;
        p = (char*)realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, bytes, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* UTF-8's bit pattern for any value below 0x200000 (surrogates included). */
static size_t code_point(unsigned long cp, char out[4]) {
    unsigned char* o = (unsigned char*)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | cp >> 18);
    o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escaped text [s, e) into b; 0 on success. */
static int decode(const char* s, const char* e, buf* b) {
    while (s < e) {
        char one[4];
        size_t n = 1;
        if (*s != '\\') {
            if (put(b, s++, 1)) return -1;
            continue;
        }
        if (s + 1 >= e) return -1;
        switch (s[1]) {
        case '\\':
            one[0] = '\\';
            s += 2;
            break;
        case 'n':
            one[0] = '\n';
            s += 2;
            break;
        case 'r':
            one[0] = '\r';
            s += 2;
            break;
        case 't':
            one[0] = '\t';
            s += 2;
            break;
        case '0':
            one[0] = '\0';
            s += 2;
            break;
        case 'x': {
            int hi = s + 3 < e ? hexval(s[2]) : -1, lo = s + 3 < e ? hexval(s[3]) : -1;
            if (hi < 0 || lo < 0) return -1;
            one[0] = (char)(hi * 16 + lo);
            s += 4;
            break;
        }
        case 'u': {
            unsigned long cp = 0;
            const char* p = s + 2;
            if (p >= e || *p != '{') return -1;
            for (++p; p < e && *p != '}'; ++p) {
                if (hexval(*p) < 0 || cp > 0x1FFFFF) return -1;
                cp = cp * 16 + (unsigned long)hexval(*p);
            }
            if (p >= e || cp > 0x1FFFFF) return -1;
            n = code_point(cp, one);
            s = p + 1;
            break;
        }
        default:
            return -1;
        }
        if (put(b, one, n)) return -1;
    }
    return 0;
}

/* One line to its entry's bytes (the @empty and @repeat forms included). */
static int decode_entry(const char* s, const char* e, buf* b) {
    static const char repeat[] = "@repeat:";
    if ((size_t)(e - s) == 6 && !strncmp(s, "@empty", 6)) return put(b, "", 0);
    if ((size_t)(e - s) > sizeof repeat - 1 && !strncmp(s, repeat, sizeof repeat - 1)) {
        char* colon;
        unsigned long times = strtoul(s + sizeof repeat - 1, &colon, 10);
        buf unit = {0, 0, 0};
        int rc = 0;
        if (colon >= e || *colon != ':') return -1;
        if (decode(colon + 1, e, &unit)) return -1;
        for (; times > 0 && rc == 0; --times)
            rc = put(b, unit.p ? unit.p : "", unit.n);
        free(unit.p);
        return rc;
    }
    return decode(s, e, b);
}

long t_corpus_load(const char* path, t_corpus_entry** out) {
    FILE* f = fopen(path, "rb");
    buf text = {0, 0, 0};
    char chunk[4096];
    size_t got;
    t_corpus_entry* v = NULL;
    long n = 0, cap = 0;
    int line = 0;
    char category[96] = "";
    const char* s;
    if (!f) {
        fprintf(stderr, "cannot read the corpus %s\n", path);
        return -1;
    }
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (put(&text, chunk, got)) break;
    fclose(f);
    for (s = text.p; s && *s;) {
        const char* e = strchr(s, '\n');
        if (!e) e = s + strlen(s);
        ++line;
        if (*s == '#') {
            if (!strncmp(s, "# == ", 5) && e - s > 8) {
                size_t len = (size_t)(e - s) - 8;
                if (len >= sizeof category) len = sizeof category - 1;
                memcpy(category, s + 5, len);
                category[len] = '\0';
            }
        } else if (e > s) {
            buf b = {0, 0, 0};
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                v = (t_corpus_entry*)realloc(v, (size_t)cap * sizeof *v);
                if (!v) return -1;
            }
            if (decode_entry(s, e, &b) || (!b.p && put(&b, "", 0))) {
                fprintf(stderr, "%s:%d: cannot decode this entry\n", path, line);
                free(b.p);
                free(text.p);
                t_corpus_free(v, n);
                return -1;
            }
            v[n].line = line;
            memcpy(v[n].category, category, sizeof category);
            v[n].data = b.p;
            v[n].size = b.n;
            v[n].has_nul = strlen(b.p) != b.n;
            ++n;
        }
        s = *e ? e + 1 : e;
    }
    free(text.p);
    *out = v;
    return n;
}

void t_corpus_free(t_corpus_entry* entries, long n) {
    long i;
    for (i = 0; i < n; ++i)
        free(entries[i].data);
    free(entries);
}
