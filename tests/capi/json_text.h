/*
 * json_text.h: string values in and out of the JSON text mend writes, for
 * the C tests that compare them byte for byte (no JSON library in C99).
 */
#ifndef MEND_TEST_JSON_TEXT_H
#define MEND_TEST_JSON_TEXT_H

/* The string value of the last `"key":` in the JSON text before the first
 * `"stop":` (stop NULL: anywhere), decoded (\uXXXX pairs included), malloc'ed;
 * NULL when absent, null or not a string. Takes (and mend_free()s) `json`, a
 * string mend returned. mend writes an object's keys in alphabetical order. */
char* t_json_last_before(char* json, const char* key, const char* stop);
char* t_json_last(char* json, const char* key);

/* `v` as a JSON string ("..." with '"', '\' and the bytes below 0x20
 * escaped), malloc'ed. */
char* t_json_quote(const char* v);

#endif /* MEND_TEST_JSON_TEXT_H */
