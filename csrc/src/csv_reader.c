/*
 * The streaming CSV reader (see csv_reader.h for the grammar). Input goes through a window of
 * QV_CSV_WINDOW bytes that grows only while qv_csv_reader_peek_line needs a longer line; row
 * parsing needs one byte of look-ahead.
 */
#include "csv_reader.h"

#include <stdlib.h>
#include <string.h>

#define QV_CSV_WINDOW ((size_t)65536)
#define QV_CSV_EOF (-1)

typedef struct {
    size_t start; /* offset of the field's text in data */
    size_t len;
    int quoted;
    size_t line;
    size_t column;
} qv_csv_span;

struct qv_csv_reader {
    FILE* file;
    char sep;
    size_t max_row;
    /* input window: unread bytes are buf[pos..end) */
    char* buf;
    size_t cap, pos, end;
    int eof;
    size_t line, column; /* position of buf[pos] */
    /* the current row */
    char* data;
    size_t data_len, data_cap;
    qv_csv_span* spans;
    qv_csv_field* fields;
    size_t field_count, field_cap;
    /* the failure, once one happened */
    qv_csv_status status;
    size_t err_line, err_column;
};

static int qv_csv_fail(qv_csv_reader* r, qv_csv_status status, size_t line, size_t column) {
    if (r->status == QV_CSV_OK) {
        r->status = status;
        r->err_line = line;
        r->err_column = column;
    }
    return -1;
}

/* Reads more input into the window. With grow, a full window is enlarged (for long peeked lines).
 * Returns 0, or -1 after recording a failure. */
static int qv_csv_refill(qv_csv_reader* r, int grow) {
    if (r->eof) return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->end - r->pos);
        r->end -= r->pos;
        r->pos = 0;
    }
    if (r->end == r->cap) {
        if (!grow) return 0;
        if (r->cap >= r->max_row) return qv_csv_fail(r, QV_CSV_TOO_LONG, r->line, r->column);
        size_t cap = r->cap * 2 > r->max_row ? r->max_row : r->cap * 2;
        char* bigger = (char*)realloc(r->buf, cap);
        if (!bigger) return qv_csv_fail(r, QV_CSV_NOMEM, r->line, r->column);
        r->buf = bigger;
        r->cap = cap;
    }
    size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->file);
    r->end += got;
    if (got == 0) {
        if (ferror(r->file)) return qv_csv_fail(r, QV_CSV_IO, r->line, r->column);
        r->eof = 1;
    }
    return 0;
}

/* The next byte without consuming it, or QV_CSV_EOF (also after a failure). */
static int qv_csv_peek(qv_csv_reader* r) {
    while (r->pos == r->end) {
        if (r->eof || r->status != QV_CSV_OK) return QV_CSV_EOF;
        if (qv_csv_refill(r, 0) != 0) return QV_CSV_EOF;
    }
    return (unsigned char)r->buf[r->pos];
}

/* Consumes one byte, keeping line and column: LF ends a line, CR ends one unless LF follows. */
static int qv_csv_get(qv_csv_reader* r) {
    int c = qv_csv_peek(r);
    if (c == QV_CSV_EOF) return c;
    r->pos++;
    if (c == '\n' || (c == '\r' && qv_csv_peek(r) != '\n')) {
        r->line++;
        r->column = 1;
    } else {
        r->column++;
    }
    return c;
}

/* Consumes a row terminator (LF, CRLF or CR) if one is next. */
static void qv_csv_skip_terminator(qv_csv_reader* r) {
    int c = qv_csv_peek(r);
    if (c == '\r') {
        qv_csv_get(r);
        if (qv_csv_peek(r) == '\n') qv_csv_get(r);
    } else if (c == '\n') {
        qv_csv_get(r);
    }
}

qv_csv_reader* qv_csv_reader_new(FILE* f, size_t max_row_bytes) {
    qv_csv_reader* r = (qv_csv_reader*)calloc(1, sizeof *r);
    if (!r) return NULL;
    r->buf = (char*)malloc(QV_CSV_WINDOW);
    if (!r->buf) {
        free(r);
        return NULL;
    }
    r->file = f;
    r->sep = ',';
    r->max_row = max_row_bytes ? max_row_bytes : ((size_t)1 << 30);
    if (r->max_row < QV_CSV_WINDOW) r->max_row = QV_CSV_WINDOW;
    r->cap = QV_CSV_WINDOW;
    r->line = 1;
    r->column = 1;
    /* Skip a UTF-8 byte-order mark. */
    if (qv_csv_peek(r) == 0xEF && r->end - r->pos < 3) qv_csv_refill(r, 0);
    if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) r->pos += 3;
    return r;
}

void qv_csv_reader_free(qv_csv_reader* r) {
    if (!r) return;
    free(r->buf);
    free(r->data);
    free(r->spans);
    free(r->fields);
    free(r);
}

void qv_csv_reader_set_separator(qv_csv_reader* r, char sep) { r->sep = sep; }

qv_csv_status qv_csv_reader_error(const qv_csv_reader* r, size_t* out_line, size_t* out_column) {
    if (out_line) *out_line = r->err_line;
    if (out_column) *out_column = r->err_column;
    return r->status;
}

size_t qv_csv_reader_line(const qv_csv_reader* r) { return r->line; }

qv_csv_status qv_csv_reader_peek_line(qv_csv_reader* r, const char** out_text, size_t* out_len) {
    *out_text = NULL;
    *out_len = 0;
    if (r->status != QV_CSV_OK) return r->status;
    size_t scanned = 0;
    for (;;) {
        const char* start = r->buf + r->pos;
        size_t avail = r->end - r->pos;
        for (; scanned < avail; ++scanned) {
            if (start[scanned] == '\n' || start[scanned] == '\r') break;
        }
        if (scanned < avail || r->eof) {
            if (avail == 0) return QV_CSV_OK; /* end of input */
            *out_text = start;
            *out_len = scanned;
            return QV_CSV_OK;
        }
        if (qv_csv_refill(r, 1) != 0) return r->status;
    }
}

qv_csv_status qv_csv_reader_skip_line(qv_csv_reader* r) {
    int c;
    while ((c = qv_csv_peek(r)) != QV_CSV_EOF && c != '\n' && c != '\r')
        qv_csv_get(r);
    qv_csv_skip_terminator(r);
    return r->status;
}

/* Appends one byte to the current row's text. */
static int qv_csv_put(qv_csv_reader* r, char c, size_t line, size_t column) {
    if (r->data_len + 1 >= r->data_cap) {
        if (r->data_cap >= r->max_row) return qv_csv_fail(r, QV_CSV_TOO_LONG, line, column);
        size_t cap = r->data_cap ? r->data_cap * 2 : 256;
        if (cap > r->max_row) cap = r->max_row;
        char* bigger = (char*)realloc(r->data, cap);
        if (!bigger) return qv_csv_fail(r, QV_CSV_NOMEM, line, column);
        r->data = bigger;
        r->data_cap = cap;
    }
    r->data[r->data_len++] = c;
    return 0;
}

/* Starts a new field at the reader's position. */
static int qv_csv_begin_field(qv_csv_reader* r, int quoted) {
    if (r->field_count == r->field_cap) {
        size_t cap = r->field_cap ? r->field_cap * 2 : 16;
        if (cap * (sizeof(qv_csv_span) + sizeof(qv_csv_field)) > r->max_row)
            return qv_csv_fail(r, QV_CSV_TOO_LONG, r->line, r->column);
        qv_csv_span* spans = (qv_csv_span*)realloc(r->spans, cap * sizeof *spans);
        if (!spans) return qv_csv_fail(r, QV_CSV_NOMEM, r->line, r->column);
        r->spans = spans;
        qv_csv_field* fields = (qv_csv_field*)realloc(r->fields, cap * sizeof *fields);
        if (!fields) return qv_csv_fail(r, QV_CSV_NOMEM, r->line, r->column);
        r->fields = fields;
        r->field_cap = cap;
    }
    qv_csv_span* s = &r->spans[r->field_count++];
    s->start = r->data_len;
    s->len = 0;
    s->quoted = quoted;
    s->line = r->line;
    s->column = r->column;
    return 0;
}

/* Closes the current field with a NUL. */
static int qv_csv_end_field(qv_csv_reader* r) {
    qv_csv_span* s = &r->spans[r->field_count - 1];
    s->len = r->data_len - s->start;
    return qv_csv_put(r, '\0', s->line, s->column);
}

/* Reads the quoted field starting at the opening quote. */
static int qv_csv_quoted(qv_csv_reader* r) {
    size_t line = r->line, column = r->column;
    if (qv_csv_begin_field(r, 1) != 0) return -1;
    qv_csv_get(r); /* the opening quote */
    for (;;) {
        int c = qv_csv_get(r);
        if (r->status != QV_CSV_OK) return -1;
        if (c == QV_CSV_EOF) return qv_csv_fail(r, QV_CSV_UNTERMINATED, line, column);
        if (c == '"') {
            if (qv_csv_peek(r) != '"') break;
            qv_csv_get(r);
        }
        if (qv_csv_put(r, (char)c, line, column) != 0) return -1;
    }
    int next = qv_csv_peek(r);
    if (r->status != QV_CSV_OK) return -1;
    if (next != QV_CSV_EOF && next != (unsigned char)r->sep && next != '\n' && next != '\r')
        return qv_csv_fail(r, QV_CSV_MALFORMED, r->line, r->column);
    return qv_csv_end_field(r);
}

/* Reads an unquoted field up to a separator, a terminator or the end of input. */
static int qv_csv_plain(qv_csv_reader* r) {
    if (qv_csv_begin_field(r, 0) != 0) return -1;
    int c;
    while ((c = qv_csv_peek(r)) != QV_CSV_EOF && c != (unsigned char)r->sep && c != '\n' && c != '\r') {
        if (qv_csv_put(r, (char)c, r->line, r->column) != 0) return -1;
        qv_csv_get(r);
    }
    if (r->status != QV_CSV_OK) return -1;
    return qv_csv_end_field(r);
}

int qv_csv_reader_next(qv_csv_reader* r, qv_csv_row* out) {
    if (r->status != QV_CSV_OK) return -1;
    r->data_len = 0;
    r->field_count = 0;
    int c = qv_csv_peek(r);
    if (r->status != QV_CSV_OK) return -1;
    if (c == QV_CSV_EOF) return 0;
    out->line = r->line;
    out->blank = (c == '\n' || c == '\r');
    if (out->blank) {
        if (qv_csv_begin_field(r, 0) != 0 || qv_csv_end_field(r) != 0) return -1;
    } else {
        for (;;) {
            int rc = qv_csv_peek(r) == '"' ? qv_csv_quoted(r) : qv_csv_plain(r);
            if (rc != 0) return -1;
            if (qv_csv_peek(r) != (unsigned char)r->sep || r->status != QV_CSV_OK) break;
            qv_csv_get(r);
        }
        if (r->status != QV_CSV_OK) return -1;
    }
    out->end_line = r->line;
    qv_csv_skip_terminator(r);
    if (r->status != QV_CSV_OK) return -1;
    for (size_t i = 0; i < r->field_count; ++i) {
        const qv_csv_span* s = &r->spans[i];
        r->fields[i].text = r->data + s->start;
        r->fields[i].len = s->len;
        r->fields[i].quoted = s->quoted;
        r->fields[i].line = s->line;
        r->fields[i].column = s->column;
    }
    out->fields = r->fields;
    out->count = r->field_count;
    return 1;
}
