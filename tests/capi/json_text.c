/* String values in and out of mend's JSON text (json_text.h). */
#include "json_text.h"

#include "check.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_utf8(char** o, unsigned long cp) {
    unsigned char* u = (unsigned char*)*o;
    if (cp < 0x80) {
        *u++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *u++ = (unsigned char)(0xC0 | cp >> 6);
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *u++ = (unsigned char)(0xE0 | cp >> 12);
        *u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *u++ = (unsigned char)(0xF0 | cp >> 18);
        *u++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *o = (char*)u;
}

static unsigned long hex4(const char* s) {
    unsigned long v = 0;
    int i;
    for (i = 0; i < 4; ++i) {
        char c = s[i];
        v = v * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* The JSON string at s (just after its opening quote), decoded; NULL when
 * the text is not a well-formed string. */
static char* json_string_at(const char* s) {
    char* out = (char*)malloc(strlen(s) + 1);
    char* o = out;
    REQUIRE_NOT_NULL(out);
    while (*s && *s != '"') {
        if (*s != '\\') {
            *o++ = *s++;
            continue;
        }
        ++s;
        switch (*s) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '/':
            *o++ = '/';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            unsigned long cp = hex4(s + 1);
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
                unsigned long lo = hex4(s + 3);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                }
            }
            put_utf8(&o, cp);
            break;
        }
        default:
            free(out);
            return NULL;
        }
        ++s;
    }
    if (*s != '"') {
        free(out);
        return NULL;
    }
    *o = '\0';
    return out;
}

/* The string value of the last `"key":` in the JSON text before the first
 * `"stop":` (stop NULL: anywhere), or NULL when absent, null or not a
 * string. Takes (and frees) `json`, a string mend returned. mend writes an
 * object's keys in alphabetical order. */
char* t_json_last_before(char* json, const char* key, const char* stop) {
    char pat[64];
    const char *at = NULL, *p, *end = NULL;
    char* v = NULL;
    if (!json) return NULL;
    if (stop) {
        snprintf(pat, sizeof pat, "\"%s\":", stop);
        end = strstr(json, pat);
    }
    snprintf(pat, sizeof pat, "\"%s\":", key);
    for (p = json; (p = strstr(p, pat)) != NULL && (!end || p < end); ++p)
        at = p;
    if (at) {
        at += strlen(pat);
        while (*at == ' ')
            ++at;
        if (*at == '"') v = json_string_at(at + 1);
    }
    mend_free(json);
    return v;
}

char* t_json_last(char* json, const char* key) {
    return t_json_last_before(json, key, NULL);
}

/* JSON text for a string value: "..." with every byte below 0x20, '"' and '\'
 * escaped (the value is passed on as it is otherwise). */
char* t_json_quote(const char* v) {
    size_t n = strlen(v);
    char* out = (char*)malloc(n * 6 + 3);
    char* o = out;
    REQUIRE_NOT_NULL(out);
    *o++ = '"';
    for (; *v; ++v) {
        unsigned char c = (unsigned char)*v;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            o += sprintf(o, "\\u%04x", c);
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}
