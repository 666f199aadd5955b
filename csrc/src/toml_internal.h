/*
 * Private state of the TOML reader shared by toml.c (document structure: keys, tables, arrays,
 * strings) and toml_value.c (scalar values: numbers, booleans, dates and times).
 *
 * Errors unwind with longjmp to qv_toml_parse. That is safe because every allocation made while
 * parsing belongs either to the parser struct (freed by qv_toml_parse on every path) or to the
 * document's arena (freed as a whole), never to a local variable.
 */
#ifndef QV_TOML_INTERNAL_H
#define QV_TOML_INTERNAL_H

#include <setjmp.h>

#include "internal.h"
#include "toml.h"

/* Node flags (parser bookkeeping). */
enum {
    QV_T_INLINE = 1,      /* inline table { ... } */
    QV_T_IMPLICIT = 2,    /* table created by a [a.b] header for "a", not yet defined itself */
    QV_T_DOTTED = 4,      /* table created by a dotted key a.b = ... */
    QV_T_OPEN = 8,        /* inline table being parsed */
    QV_T_TABLE_ARRAY = 16 /* array created by [[a]] headers */
};

#define QV_T_HISTORY 128     /* look-back of the reference's reader, which bounds number scanning */
#define QV_T_MAX_NESTING 256 /* nested values (arrays, inline tables) */

typedef struct qv_t_block qv_t_block;

struct qv_toml_doc {
    qv_t_block* blocks; /* arena: every node, key and string of the document */
    qv_toml* root;
};

typedef struct {
    const char* s;
    size_t n;
} qv_t_seg;

typedef struct {
    qv_toml_doc* doc;
    const char* data; /* the text, after any byte-order mark */
    uint32_t* cps;    /* decoded code points ... */
    size_t* offs;     /* ... and their byte offsets in data */
    size_t count;     /* code points decoded before any invalid block */
    size_t fail_at;   /* reading code point fail_at fails with fail_msg (SIZE_MAX: never) */
    const char* fail_msg;
    size_t pos; /* current code point; pos == count is the end of input */
    const char* scope;
    qv_buf rec; /* recorded source text, for the messages naming a key */
    int recording;
    int rec_ws;
    qv_buf str;     /* the string being read */
    qv_t_seg* keys; /* segments of the key being read */
    size_t key_count, key_cap;
    size_t nested;
    char sv[16]; /* the current code point as a message shows it */
    char msg[512];
    jmp_buf jump;
} qv_t_parser;

#define QV_T_EOF(p) ((p)->pos >= (p)->count)
#define QV_T_CUR(p) ((p)->cps[(p)->pos])

/* Fails with "Error while parsing <scope>: <message>" (at most 511 bytes, like the reference). */
_Noreturn void qv_t_fail(qv_t_parser* p, const char* fmt, ...) QV_PRINTF(2, 3);
_Noreturn void qv_t_fail_eof(qv_t_parser* p);
void qv_t_advance(qv_t_parser* p);
void qv_t_advance_or_eof(qv_t_parser* p);
/* The current code point as the reference's messages show it ("" at the end of input). */
const char* qv_t_sv(qv_t_parser* p);
void* qv_t_alloc(qv_t_parser* p, size_t size);
qv_toml* qv_t_node(qv_t_parser* p, qv_toml_kind kind);
void qv_t_start_recording(qv_t_parser* p);
void qv_t_stop_recording(qv_t_parser* p, size_t pop_bytes);
/* Appends the bytes of the current code point to b. */
void qv_t_append_cur(qv_t_parser* p, qv_buf* b);

int qv_t_is_ws(uint32_t c);
int qv_t_is_terminator(uint32_t c);
int qv_t_is_digit(uint32_t c);

/* Scalars (toml_value.c). qv_t_value parses any value at the current position. */
qv_toml* qv_t_value(qv_t_parser* p);
/* Arrays, inline tables and strings (toml.c), used by qv_t_value. */
qv_toml* qv_t_array(qv_t_parser* p);
qv_toml* qv_t_inline_table(qv_t_parser* p);
/* Reads a string into p->str; returns 1 when it was a multi-line string. */
int qv_t_string(qv_t_parser* p);

#endif /* QV_TOML_INTERNAL_H */
