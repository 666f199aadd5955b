/*
 * A small streaming CSV reader (RFC 4180 style, with the relaxations spreadsheets need).
 *
 * Reads from a FILE* one row at a time through a fixed-size input window, so memory is bounded
 * by the longest row (plus the longest line handed out by qv_csv_reader_peek_line), never by the
 * file. Self-contained: depends only on the C library, so it can be unit-tested and fuzzed alone.
 *
 * Grammar:
 *  - A UTF-8 byte-order mark at the very start of the input is skipped.
 *  - Rows end at LF, CRLF or a lone CR; the last row may lack a terminator.
 *  - A field that starts with '"' is quoted: it runs to the next '"' not followed by another '"'
 *    ('""' is a literal '"') and may contain separators, CR and LF. After the closing quote only a
 *    separator, a row terminator or the end of input may follow (else: malformed).
 *  - Any other field runs to the next separator or row terminator; quotes inside it are literal.
 *  - A physical line with no characters at all is returned as a row of one empty field flagged
 *    blank, so the caller decides whether blank lines count.
 * Positions are 1-based: the physical line (CRLF counts once) and the byte column in that line.
 */
#ifndef QV_CSV_READER_H
#define QV_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    QV_CSV_OK = 0,
    QV_CSV_UNTERMINATED = 1, /* a quoted field reaches the end of input; position of its opening quote */
    QV_CSV_MALFORMED = 2,    /* characters after a closing quote; position of the first of them */
    QV_CSV_IO = 3,           /* the FILE* reported a read error */
    QV_CSV_NOMEM = 4,        /* an allocation failed */
    QV_CSV_TOO_LONG = 5      /* a row or a peeked line exceeds the reader's size limit */
} qv_csv_status;

typedef struct {
    const char* text; /* NUL-terminated (embedded NULs are kept: use len); valid until the next read */
    size_t len;
    int quoted;  /* 1 when the field was written in quotes */
    size_t line; /* where the field starts */
    size_t column;
} qv_csv_field;

typedef struct {
    const qv_csv_field* fields; /* owned by the reader; valid until the next read or free */
    size_t count;               /* >= 1 for every row returned */
    int blank;                  /* 1 for a physical line without any character */
    size_t line;                /* first physical line of the row */
    size_t end_line;            /* last physical line of the row */
} qv_csv_row;

typedef struct qv_csv_reader qv_csv_reader;

/* A reader over f (borrowed: the caller closes it after qv_csv_reader_free). The separator is ','
 * until changed. max_row_bytes bounds the memory of one row (0 = 1 GiB). NULL when out of memory. */
qv_csv_reader* qv_csv_reader_new(FILE* f, size_t max_row_bytes);
void qv_csv_reader_free(qv_csv_reader* r);

void qv_csv_reader_set_separator(qv_csv_reader* r, char sep);

/* The next physical line without consuming it (no terminator). *out_text points into the reader's
 * window and stays valid until the next call on the reader. QV_CSV_OK with *out_text NULL at the
 * end of input. */
qv_csv_status qv_csv_reader_peek_line(qv_csv_reader* r, const char** out_text, size_t* out_len);
/* Consumes the physical line qv_csv_reader_peek_line shows, with its terminator. */
qv_csv_status qv_csv_reader_skip_line(qv_csv_reader* r);

/* Reads the next row: 1 with *out filled, 0 at the end of input, -1 on an error (see
 * qv_csv_reader_error). After an error the reader must not be read again. */
int qv_csv_reader_next(qv_csv_reader* r, qv_csv_row* out);

/* The status of the last failure and where it happened (1-based line and byte column). */
qv_csv_status qv_csv_reader_error(const qv_csv_reader* r, size_t* out_line, size_t* out_column);

/* The physical line the reader is at (1-based): the line of the next unread byte. */
size_t qv_csv_reader_line(const qv_csv_reader* r);

#endif /* QV_CSV_READER_H */
