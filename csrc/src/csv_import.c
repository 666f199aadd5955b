/*
 * quiver_database_import_csv (python-api-data.md 4.3), streaming and all-or-nothing.
 *
 * The file is read row by row (csv_reader.c); each row is converted and written at once, inside
 * one savepoint for the whole import, so memory does not grow with the file (beyond a few bytes
 * per element for the scalar synchronisation) and any failure rolls everything back.
 *
 * Scalar import: rows are matched to existing elements by label and written through the element
 * writer (update in place, or create); self relations are written in a second pass over the file
 * (they may name later rows); elements the file omits are deleted last, refused when an
 * ON DELETE CASCADE chain would take a listed element with them.
 * Group import: the group table is emptied, then every row is inserted.
 *
 * Messages are the reference's; those about a place in the file end with
 * " (file '<path>', line <n>, column <c>)".
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv_common.h"
#include "csv_reader.h"
#include "element_internal.h"

#define QV_MAX_ROW_BYTES ((size_t)256 << 20)

/* A converted cell. */
typedef struct {
    int kind; /* QV_VALUE_NULL, QV_VALUE_INTEGER, QV_VALUE_FLOAT, QV_VALUE_STRING */
    int64_t i;
    double f;
    const char* s; /* STRING: points into the reader's row or into dt */
    size_t len;
    char dt[QV_DATETIME_TEXT_SIZE];
} qv_cell;

/* A set of int64 ids (open addressing) remembering the order of insertion. */
typedef struct {
    int64_t* slots;    /* 0 = empty; ids are stored + 1 shifted so that id 0 fits (ids are >= 0) */
    size_t* positions; /* parallel to slots: the id's position in order */
    size_t cap, count;
    int64_t* order;
    size_t order_cap;
    size_t* lines; /* the line of each id's row, parallel to order */
} qv_idset;

typedef struct {
    quiver_database_t* db;
    const qv_schema* schema;
    qv_csv_target target;
    const quiver_csv_options_t* options;
    const char* format;
    const char* path;
    FILE* file;
    qv_csv_reader* reader;
    size_t header_line;  /* 1, or 2 after a sep= line */
    size_t width;        /* header columns after dropping trailing empty ones */
    size_t dropped;      /* trailing empty header columns */
    int* map;            /* CSV column -> table column */
    int* self;           /* per table column: 1 for a scalar self relation */
    qv_cell* cells;      /* per table column */
    size_t row_number;   /* 1-based data row */
    size_t label_field;  /* scalar import: CSV column of the label */
    qv_idset vectors;    /* vector import: elements seen; order[] reused below */
    int64_t* next_index; /* vector import: next expected vector_index, parallel to vectors.order */
    size_t next_cap;
    quiver_element_t* element;
} qv_import;

/* ---- errors --------------------------------------------------------------------------------- */

/* Fails with "Cannot import_csv: <message> (file '<path>', line <n>[, column <c>])". */
QV_PRINTF(4, 5)
static quiver_error_t qv_fail_at(const qv_import* im, size_t line, size_t column, const char* fmt, ...) {
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (column)
        return qv_fail("Cannot import_csv: %s (file '%s', line %zu, column %zu)", message, im->path, line, column);
    return qv_fail("Cannot import_csv: %s (file '%s', line %zu)", message, im->path, line);
}

static quiver_error_t qv_reader_failure(const qv_import* im) {
    size_t line = 0, column = 0;
    switch (qv_csv_reader_error(im->reader, &line, &column)) {
        case QV_CSV_UNTERMINATED:
            return qv_fail("Cannot import_csv: unterminated quoted field on line %zu (file '%s', column %zu)", line,
                           im->path, column);
        case QV_CSV_MALFORMED:
            return qv_fail("Cannot import_csv: malformed quoted field on line %zu (file '%s', column %zu)", line,
                           im->path, column);
        case QV_CSV_TOO_LONG: return qv_fail_at(im, line, 0, "row longer than %zu bytes", QV_MAX_ROW_BYTES);
        case QV_CSV_NOMEM: return qv_fail("Out of memory");
        default: return qv_fail("Cannot import_csv: cannot read file '%s'", im->path);
    }
}

/* ---- id sets ------------------------------------------------------------------------------------ */

static size_t qv_idset_slot(const qv_idset* s, int64_t id) {
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 17) & (s->cap - 1);
    while (s->slots[i] != 0 && s->slots[i] != id + 1)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Position of id in order, or (size_t)-1 when absent. */
static size_t qv_idset_find(const qv_idset* s, int64_t id) {
    if (!s->cap) return (size_t)-1;
    size_t i = qv_idset_slot(s, id);
    return s->slots[i] ? s->positions[i] : (size_t)-1;
}

/* Adds id (not yet present) at position count in order. 0 when out of memory. */
static int qv_idset_add(qv_idset* s, int64_t id, size_t line) {
    if ((s->count + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        int64_t* slots = (int64_t*)calloc(cap, sizeof *slots);
        size_t* positions = (size_t*)calloc(cap, sizeof *positions);
        if (!slots || !positions) {
            free(slots);
            free(positions);
            return 0;
        }
        int64_t* old = s->slots;
        size_t* old_positions = s->positions;
        size_t old_cap = s->cap;
        s->slots = slots;
        s->positions = positions;
        s->cap = cap;
        for (size_t i = 0; i < old_cap; ++i) {
            if (!old[i]) continue;
            size_t j = qv_idset_slot(s, old[i] - 1);
            s->slots[j] = old[i];
            s->positions[j] = old_positions[i];
        }
        free(old);
        free(old_positions);
    }
    if (s->count == s->order_cap) {
        size_t cap = s->order_cap ? s->order_cap * 2 : 1024;
        int64_t* order = (int64_t*)realloc(s->order, cap * sizeof *order);
        if (!order) return 0;
        s->order = order;
        size_t* lines = (size_t*)realloc(s->lines, cap * sizeof *lines);
        if (!lines) return 0;
        s->lines = lines;
        s->order_cap = cap;
    }
    size_t j = qv_idset_slot(s, id);
    s->slots[j] = id + 1;
    s->positions[j] = s->count;
    s->order[s->count] = id;
    s->lines[s->count] = line;
    s->count++;
    return 1;
}

static void qv_idset_free(qv_idset* s) {
    free(s->slots);
    free(s->positions);
    free(s->order);
    free(s->lines);
    memset(s, 0, sizeof *s);
}

/* ---- lookups ------------------------------------------------------------------------------------ */

/* The collection a column references, or NULL when it is not a relation to a collection. */
static const qv_table* qv_relation_target(const qv_import* im, const qv_column* col) {
    if (col->fk < 0) return NULL;
    const qv_table* ref = qv_schema_table(im->schema, im->target.table->fks[col->fk].table);
    return (ref && ref->kind == QV_TABLE_COLLECTION) ? ref : NULL;
}

/* ---- cells -------------------------------------------------------------------------------------- */

/* Optional sign and digits only, within int64. */
static int qv_parse_int64(const char* s, size_t len, int64_t* out) {
    size_t i = 0;
    int negative = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i == len) return 0;
    uint64_t v = 0, limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < len; ++i) {
        if (s[i] < '0' || s[i] > '9') return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (limit - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = negative ? (int64_t)(0 - v) : (int64_t)v;
    return 1;
}

/* Converts field f (CSV column k, 1-based ck) into the cell of its table column. Relations to
 * other collections are resolved; scalar self relations only keep their label text. */
static quiver_error_t qv_convert(qv_import* im, const qv_csv_field* f, size_t ck, int column) {
    const qv_column* col = &im->target.table->columns[column];
    qv_cell* cell = &im->cells[column];
    size_t len = 0;
    const char* s = qv_trim(f->text, &len); /* the core's trim rule; text stops at a NUL */
    cell->kind = QV_VALUE_NULL;
    cell->s = s;
    cell->len = len;
    const char* name = col->name;
    int is_id = !im->target.scalar && strcmp(name, "id") == 0;
    if (im->target.table->kind == QV_TABLE_VECTOR && strcmp(name, "vector_index") == 0) {
        if (!qv_parse_int64(s, len, &cell->i))
            return qv_fail_at(im, f->line, ck, "Column vector_index must be consecutive, unique and start at 1.");
        cell->kind = QV_VALUE_INTEGER;
        return QUIVER_OK;
    }
    if (len == 0 && !is_id) {
        if (col->not_null || col->pk) return qv_fail_at(im, f->line, ck, "Column %s cannot be NULL.", name);
        return QUIVER_OK;
    }
    int found = 0;
    if (is_id) {
        if (qv_find_id_by_label(im->db, im->target.coll->table->name, s, len, &cell->i, &found) != QUIVER_OK)
            return QUIVER_ERROR;
        if (!found)
            return qv_fail_at(im, f->line, ck, "Element with id %.*s does not exist in collection %s.", (int)len, s,
                              im->target.coll->table->name);
        cell->kind = QV_VALUE_INTEGER;
        return QUIVER_OK;
    }
    const qv_table* ref = qv_relation_target(im, col);
    if (ref) {
        cell->kind = QV_VALUE_STRING;
        if (im->self[column]) return QUIVER_OK; /* resolved in the second pass */
        if (qv_find_id_by_label(im->db, ref->name, s, len, &cell->i, &found) != QUIVER_OK) return QUIVER_ERROR;
        if (!found)
            return qv_fail_at(im, f->line, ck,
                              "Could not find an existing element from collection %s with label %.*s.\n"
                              "Create the element before referencing it.",
                              ref->name, (int)len, s);
        cell->kind = QV_VALUE_INTEGER;
        return QUIVER_OK;
    }
    switch (col->type) {
        case QUIVER_DATA_TYPE_INTEGER:
            cell->kind = QV_VALUE_INTEGER;
            if (qv_parse_int64(s, len, &cell->i)) return QUIVER_OK;
            if (qv_csv_enum_applies(im->options, name)) {
                if (qv_csv_enum_value(im->options, name, s, len, &cell->i)) return QUIVER_OK;
                return qv_fail_at(im, f->line, ck, "Invalid enum value '%.*s' for column '%s'.", (int)len, s, name);
            }
            return qv_fail_at(im, f->line, ck, "Invalid integer value '%.*s' for column '%s'.", (int)len, s, name);
        case QUIVER_DATA_TYPE_FLOAT: {
            char buf[128];
            char* end = NULL;
            int ok = len < sizeof buf;
            if (ok) {
                memcpy(buf, s, len);
                buf[len] = '\0';
                errno = 0;
                cell->f = strtod(buf, &end);
                /* Out of range: overflow, or underflow to zero (subnormal results are kept). */
                ok = end == buf + len && !(errno == ERANGE && (isinf(cell->f) || cell->f == 0.0));
            }
            if (!ok)
                return qv_fail_at(im, f->line, ck, "Invalid float value '%.*s' for column '%s'.", (int)len, s, name);
            cell->kind = isnan(cell->f) ? QV_VALUE_NULL : QV_VALUE_FLOAT;
            return QUIVER_OK;
        }
        case QUIVER_DATA_TYPE_DATE_TIME: {
            int ok = im->format[0] ? qv_csv_parse_datetime(s, len, im->format, cell->dt)
                                   : qv_datetime_canonical(s, len, cell->dt);
            if (!ok)
                return qv_fail_at(im, f->line, ck,
                                  "Timestamp %.*s is not valid. Please provide a valid timestamp with format %s.",
                                  (int)len, s, im->format[0] ? im->format : "%Y-%m-%dT%H:%M:%S");
            cell->kind = QV_VALUE_STRING;
            cell->s = cell->dt;
            cell->len = strlen(cell->dt);
            return QUIVER_OK;
        }
        default: cell->kind = QV_VALUE_STRING; return QUIVER_OK;
    }
}

/* ---- file and header ------------------------------------------------------------------------- */

/* Starts reading the file from its beginning: separator (sep= line or detection) and header.
 * On the first pass (check = 1) the header is validated and mapped to table columns. */
static quiver_error_t qv_open_reader(qv_import* im, int check) {
    qv_csv_reader_free(im->reader);
    im->reader = NULL;
    if (fseek(im->file, 0, SEEK_SET) != 0) return qv_fail("Cannot import_csv: cannot read file '%s'", im->path);
    clearerr(im->file);
    im->reader = qv_csv_reader_new(im->file, QV_MAX_ROW_BYTES);
    if (!im->reader) return qv_fail("Out of memory");
    const char* line = NULL;
    size_t len = 0;
    if (qv_csv_reader_peek_line(im->reader, &line, &len) != QV_CSV_OK) return qv_reader_failure(im);
    char sep = ',';
    im->header_line = 1;
    if (line && len >= 4 && memcmp(line, "sep=", 4) == 0) {
        if (len > 4) sep = line[4];
        qv_csv_reader_skip_line(im->reader);
        im->header_line = 2;
    } else if (line && memchr(line, ';', len) && !memchr(line, ',', len)) {
        sep = ';';
    }
    qv_csv_reader_set_separator(im->reader, sep);
    qv_csv_row row;
    int rc = qv_csv_reader_next(im->reader, &row);
    if (rc < 0) return qv_reader_failure(im);
    if (rc == 0 || row.blank)
        return qv_fail("Cannot import_csv: header row %zu not found in file '%s'", im->header_line, im->path);
    if (!check) return QUIVER_OK;

    size_t width = row.count;
    while (width > 0 && row.fields[width - 1].len == 0)
        --width;
    im->dropped = row.count - width;
    im->width = width;
    const qv_table* t = im->target.table;
    size_t header_line = row.line;
    int has_label = 0;
    for (size_t i = 0; i < width; ++i)
        has_label |= strcmp(row.fields[i].text, "label") == 0;
    if (im->target.scalar && !has_label)
        return qv_fail_at(im, header_line, 0, "CSV file does not contain a 'label' column.");
    size_t expected = t->column_count - (im->target.scalar ? 1 : 0);
    if (width != expected)
        return qv_fail_at(im, header_line, 0,
                          "The number of columns in the CSV file does not match the number of columns in the "
                          "database.");
    im->map = (int*)calloc(width + 1, sizeof(int));
    uint8_t* used = (uint8_t*)calloc(t->column_count + 1, 1);
    if (!im->map || !used) {
        free(used);
        return qv_fail("Out of memory");
    }
    quiver_error_t result = QUIVER_OK;
    for (size_t i = 0; i < width && result == QUIVER_OK; ++i) {
        int c = qv_table_column_index(t, row.fields[i].text);
        if (c < 0 || used[c] || (im->target.scalar && strcmp(row.fields[i].text, "id") == 0)) {
            result = qv_fail_at(im, header_line, i + 1,
                                "The columns in the CSV file do not match the columns in the database.");
        } else {
            used[c] = 1;
            im->map[i] = c;
        }
    }
    free(used);
    return result;
}

/* The next data row with the header's width (blank lines skipped, trailing empty fields the
 * header dropped removed): 1, 0 at the end, or -1 after setting the error. */
static int qv_next_row(qv_import* im, qv_csv_row* row) {
    for (;;) {
        int rc = qv_csv_reader_next(im->reader, row);
        if (rc < 0) {
            qv_reader_failure(im);
            return -1;
        }
        if (rc == 0) return 0;
        if (row->blank) continue;
        im->row_number++;
        size_t count = row->count;
        for (size_t k = 0; k < im->dropped && count > 0 && row->fields[count - 1].len == 0; ++k)
            --count;
        if (count != im->width) {
            qv_fail_at(im, row->line, 0, "Row %zu has %zu columns, but the header has %zu.", im->row_number, count,
                       im->width);
            return -1;
        }
        return 1;
    }
}

/* ---- scalar import ---------------------------------------------------------------------------- */

/* Sets the converted cells of the row into the element (self relations as NULL; label only when
 * with_label). */
static quiver_error_t qv_fill_element(qv_import* im, int with_label) {
    quiver_element_t* e = im->element;
    quiver_element_clear(e);
    for (size_t i = 0; i < im->width; ++i) {
        int c = im->map[i];
        const char* name = im->target.table->columns[c].name;
        const qv_cell* cell = &im->cells[c];
        quiver_error_t rc;
        if (!with_label && strcmp(name, "label") == 0) continue;
        if (im->self[c] || cell->kind == QV_VALUE_NULL) {
            rc = quiver_element_set_null(e, name);
        } else if (cell->kind == QV_VALUE_INTEGER) {
            rc = quiver_element_set_integer(e, name, cell->i);
        } else if (cell->kind == QV_VALUE_FLOAT) {
            rc = quiver_element_set_float(e, name, cell->f);
        } else {
            char* text = qv_strndup(cell->s, cell->len);
            if (!text) return qv_fail("Out of memory");
            rc = quiver_element_set_string(e, name, text);
            free(text);
        }
        if (rc != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

/* The listed elements live in a temporary table (id, line of the row), so memory stays flat. */
#define QV_SEEN "temp.\"quiver_csv_seen\""

/* Records a listed element: 0 when it was listed already (a duplicate label). */
static quiver_error_t qv_seen_add(qv_import* im, int64_t id, size_t line, int* out_added) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(im->db, "INSERT INTO " QV_SEEN " (\"id\", \"line\") VALUES (?1, ?2)", &st) != SQLITE_OK)
        return qv_fail_sqlite(im->db->db, "Failed to prepare statement");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)line);
    int rc = sqlite3_step(st);
    int code = sqlite3_extended_errcode(im->db->db);
    quiver_error_t result = QUIVER_OK;
    *out_added = rc == SQLITE_DONE;
    if (rc != SQLITE_DONE && code != SQLITE_CONSTRAINT_PRIMARYKEY)
        result = qv_fail_sqlite(im->db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

/* The row's label cell, trimmed (the label column was converted already). */
static const qv_cell* qv_label_cell(const qv_import* im) { return &im->cells[im->map[im->label_field]]; }

/* First pass: every row updates the element of its label or creates one. */
static quiver_error_t qv_scalar_rows(qv_import* im) {
    const qv_table* t = im->target.table;
    qv_csv_row row;
    int rc;
    while ((rc = qv_next_row(im, &row)) == 1) {
        for (size_t i = 0; i < im->width; ++i) {
            if (qv_convert(im, &row.fields[i], i + 1, im->map[i]) != QUIVER_OK) return QUIVER_ERROR;
        }
        const qv_cell* label = qv_label_cell(im);
        int64_t id = 0;
        int found = 0, added = 0;
        if (qv_find_id_by_label(im->db, t->name, label->s, label->len, &id, &found) != QUIVER_OK) return QUIVER_ERROR;
        if (found && qv_seen_add(im, id, row.line, &added) != QUIVER_OK) return QUIVER_ERROR;
        if (found && !added)
            return qv_fail_at(im, row.line, im->label_field + 1, "There are duplicate entries in the CSV file.");
        if (qv_fill_element(im, !found) != QUIVER_OK) return QUIVER_ERROR;
        quiver_error_t result = found ? qv_element_update_quiet(im->db, im->schema, im->target.coll, id, im->element)
                                      : qv_element_insert_quiet(im->db, im->schema, im->target.coll, im->element, &id);
        if (result != QUIVER_OK) return QUIVER_ERROR;
        if (!found && qv_seen_add(im, id, row.line, &added) != QUIVER_OK) return QUIVER_ERROR;
    }
    return rc < 0 ? QUIVER_ERROR : QUIVER_OK;
}

/* Trimmed text of a field (stopping at a NUL). */
static const char* qv_trimmed(const qv_csv_field* f, size_t* out_len) { return qv_trim(f->text, out_len); }

/* Second pass: self relations, which may name rows further down the file. */
static quiver_error_t qv_scalar_self_relations(qv_import* im) {
    const qv_table* t = im->target.table;
    if (qv_open_reader(im, 0) != QUIVER_OK) return QUIVER_ERROR;
    qv_csv_row row;
    int rc;
    while ((rc = qv_next_row(im, &row)) == 1) {
        quiver_element_clear(im->element);
        int any = 0;
        for (size_t i = 0; i < im->width; ++i) {
            int c = im->map[i];
            if (!im->self[c]) continue;
            size_t len = 0;
            const char* s = qv_trimmed(&row.fields[i], &len);
            if (len == 0) continue;
            int64_t target = 0;
            int found = 0;
            if (qv_find_id_by_label(im->db, t->name, s, len, &target, &found) != QUIVER_OK) return QUIVER_ERROR;
            if (!found)
                return qv_fail_at(im, row.fields[i].line, i + 1,
                                  "Could not find an existing element from collection %s with label %.*s.\n"
                                  "Create the element before referencing it.",
                                  t->name, (int)len, s);
            if (quiver_element_set_integer(im->element, t->columns[c].name, target) != QUIVER_OK) return QUIVER_ERROR;
            any = 1;
        }
        if (!any) continue;
        size_t len = 0;
        const char* label = qv_trimmed(&row.fields[im->label_field], &len);
        int64_t id = 0;
        int found = 0;
        if (qv_find_id_by_label(im->db, t->name, label, len, &id, &found) != QUIVER_OK) return QUIVER_ERROR;
        if (found && qv_element_update_quiet(im->db, im->schema, im->target.coll, id, im->element) != QUIVER_OK)
            return QUIVER_ERROR;
    }
    return rc < 0 ? QUIVER_ERROR : QUIVER_OK;
}

/* Steps a cached statement built from schema identifiers, with one optional id bound; *out gets
 * the first column of the first row. */
static quiver_error_t qv_run(quiver_database_t* db, const char* sql, int bind, int64_t id, int64_t* out) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(db, sql, &st) != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    if (bind) sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && out) *out = sqlite3_column_int64(st, 0);
    quiver_error_t result =
        (rc == SQLITE_ROW || rc == SQLITE_DONE) ? QUIVER_OK : qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

/* The cascade refusal, naming the first listed element (in file order) the deletion took. Runs
 * after the deletion; rolls it back to read the label. */
static quiver_error_t qv_cascade_refusal(qv_import* im, const char* name) {
    quiver_database_t* db = im->db;
    qv_buf victim, label;
    qv_buf_init(&victim);
    qv_buf_init(&label);
    qv_buf_append(&victim, "SELECT s.\"id\", s.\"line\" FROM " QV_SEEN " AS s WHERE NOT EXISTS (SELECT 1 FROM ");
    qv_buf_append_ident(&victim, name);
    qv_buf_append(&victim, " AS t WHERE t.\"id\" = s.\"id\") ORDER BY s.\"line\" LIMIT 1");
    qv_buf_append(&label, "SELECT \"label\" FROM ");
    qv_buf_append_ident(&label, name);
    qv_buf_append(&label, " WHERE \"id\" = ?1");
    int64_t id = -1, line = 0;
    sqlite3_stmt* st = NULL;
    if (!victim.oom && qv_stmt_get(db, qv_buf_str(&victim), &st) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        line = sqlite3_column_int64(st, 1);
    }
    qv_stmt_done(st);
    sqlite3_exec(db->db, "ROLLBACK TO quiver_csv_delete", NULL, NULL, NULL);
    char* text = NULL;
    st = NULL;
    if (!label.oom && qv_stmt_get(db, qv_buf_str(&label), &st) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) text = qv_strdup((const char*)sqlite3_column_text(st, 0));
    }
    qv_stmt_done(st);
    qv_buf_free(&victim);
    qv_buf_free(&label);
    quiver_error_t result = qv_fail_at(im, (size_t)line, 0,
                                       "Deleting the elements the CSV omits would also delete element '%s' through an "
                                       "ON DELETE CASCADE chain.",
                                       text ? text : "");
    free(text);
    return result;
}

/* Deletes the elements the file omits (one statement, so foreign-key actions run as for any
 * delete); refuses when a cascade deletes a listed one. */
static quiver_error_t qv_delete_omitted(qv_import* im) {
    quiver_database_t* db = im->db;
    const char* name = im->target.table->name;
    qv_buf del, count;
    qv_buf_init(&del);
    qv_buf_init(&count);
    qv_buf_append(&del, "DELETE FROM ");
    qv_buf_append_ident(&del, name);
    qv_buf_append(&del, " WHERE \"id\" NOT IN (SELECT \"id\" FROM " QV_SEEN ")");
    qv_buf_append(&count, "SELECT (SELECT count(*) FROM ");
    qv_buf_append_ident(&count, name);
    qv_buf_append(&count, ") - (SELECT count(*) FROM " QV_SEEN ")");
    quiver_error_t result = (del.oom || count.oom) ? qv_fail("Out of memory") : QUIVER_OK;
    if (result == QUIVER_OK) result = qv_exec(db->db, "SAVEPOINT quiver_csv_delete", "Failed to execute SQL");
    if (result == QUIVER_OK) {
        int64_t missing = 0;
        result = qv_run(db, qv_buf_str(&del), 0, 0, NULL);
        if (result == QUIVER_OK) result = qv_run(db, qv_buf_str(&count), 0, 0, &missing);
        if (result == QUIVER_OK && missing != 0) result = qv_cascade_refusal(im, name);
        if (result != QUIVER_OK) sqlite3_exec(db->db, "ROLLBACK TO quiver_csv_delete", NULL, NULL, NULL);
        sqlite3_exec(db->db, "RELEASE quiver_csv_delete", NULL, NULL, NULL);
    }
    qv_buf_free(&del);
    qv_buf_free(&count);
    return result;
}

static quiver_error_t qv_import_scalars(qv_import* im) {
    int any_self = 0;
    for (size_t c = 0; c < im->target.table->column_count; ++c)
        any_self |= im->self[c];
    for (size_t i = 0; i < im->width; ++i) {
        if (strcmp(im->target.table->columns[im->map[i]].name, "label") == 0) im->label_field = i;
    }
    if (quiver_element_create(&im->element) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_exec(im->db->db,
                "DROP TABLE IF EXISTS " QV_SEEN "; CREATE TEMP TABLE \"quiver_csv_seen\" (\"id\" INTEGER PRIMARY KEY, "
                "\"line\" INTEGER NOT NULL)",
                "Failed to execute SQL") != QUIVER_OK)
        return QUIVER_ERROR;
    quiver_error_t result = qv_scalar_rows(im);
    if (result == QUIVER_OK && any_self) result = qv_scalar_self_relations(im);
    if (result == QUIVER_OK) result = qv_delete_omitted(im);
    if (result == QUIVER_OK) result = qv_exec(im->db->db, "DROP TABLE " QV_SEEN, "Failed to execute SQL");
    return result;
}

/* ---- group import ----------------------------------------------------------------------------- */

/* vector_index of element id must be the next one (1, 2, ...). */
static quiver_error_t qv_check_vector_index(qv_import* im, int64_t id, int64_t index, size_t line, size_t column) {
    size_t pos = qv_idset_find(&im->vectors, id);
    if (pos == (size_t)-1) {
        if (!qv_idset_add(&im->vectors, id, line)) return qv_fail("Out of memory");
        pos = im->vectors.count - 1;
        if (pos >= im->next_cap) {
            size_t cap = im->next_cap ? im->next_cap * 2 : 1024;
            int64_t* bigger = (int64_t*)realloc(im->next_index, cap * sizeof *bigger);
            if (!bigger) return qv_fail("Out of memory");
            im->next_index = bigger;
            im->next_cap = cap;
        }
        im->next_index[pos] = 1;
    }
    if (index != im->next_index[pos])
        return qv_fail_at(im, line, column, "Column vector_index must be consecutive, unique and start at 1.");
    im->next_index[pos]++;
    return QUIVER_OK;
}

static quiver_error_t qv_import_group(qv_import* im) {
    quiver_database_t* db = im->db;
    const qv_table* t = im->target.table;
    qv_buf del, insert;
    qv_buf_init(&del);
    qv_buf_init(&insert);
    qv_buf_append(&del, "DELETE FROM ");
    qv_buf_append_ident(&del, t->name);
    qv_buf_append(&insert, "INSERT INTO ");
    qv_buf_append_ident(&insert, t->name);
    qv_buf_append(&insert, " (");
    for (size_t i = 0; i < im->width; ++i) {
        if (i) qv_buf_append(&insert, ", ");
        qv_buf_append_ident(&insert, t->columns[im->map[i]].name);
    }
    qv_buf_append(&insert, ") VALUES (");
    for (size_t i = 0; i < im->width; ++i)
        qv_buf_appendf(&insert, i ? ", ?%zu" : "?%zu", i + 1);
    qv_buf_append(&insert, ")");
    quiver_error_t result = (del.oom || insert.oom) ? qv_fail("Out of memory") : QUIVER_OK;
    if (result == QUIVER_OK) result = qv_run(db, qv_buf_str(&del), 0, 0, NULL);
    int vector = t->kind == QV_TABLE_VECTOR;
    int id_column = qv_table_column_index(t, "id");
    qv_csv_row row;
    int rc = 1;
    while (result == QUIVER_OK && (rc = qv_next_row(im, &row)) == 1) {
        size_t index_field = 0;
        for (size_t i = 0; i < im->width && result == QUIVER_OK; ++i) {
            result = qv_convert(im, &row.fields[i], i + 1, im->map[i]);
            if (vector && strcmp(t->columns[im->map[i]].name, "vector_index") == 0) index_field = i;
        }
        if (result == QUIVER_OK && vector && id_column >= 0) {
            const qv_csv_field* f = &row.fields[index_field];
            result = qv_check_vector_index(im, im->cells[id_column].i, im->cells[im->map[index_field]].i, f->line,
                                           index_field + 1);
        }
        if (result != QUIVER_OK) break;
        sqlite3_stmt* st = NULL;
        if (qv_stmt_get(db, qv_buf_str(&insert), &st) != SQLITE_OK) {
            result = qv_fail_sqlite(db->db, "Failed to prepare statement");
            break;
        }
        for (size_t i = 0; i < im->width; ++i) {
            const qv_cell* cell = &im->cells[im->map[i]];
            int k = (int)i + 1;
            if (cell->kind == QV_VALUE_INTEGER) {
                sqlite3_bind_int64(st, k, cell->i);
            } else if (cell->kind == QV_VALUE_FLOAT) {
                sqlite3_bind_double(st, k, cell->f);
            } else if (cell->kind == QV_VALUE_STRING) {
                sqlite3_bind_text(st, k, cell->s, (int)cell->len, SQLITE_STATIC);
            } else {
                sqlite3_bind_null(st, k);
            }
        }
        int step = sqlite3_step(st);
        int code = sqlite3_extended_errcode(db->db);
        if (step != SQLITE_DONE) {
            if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
                result = qv_fail_at(im, row.line, 0, "There are duplicate entries in the CSV file.");
            else
                result = qv_fail_sqlite(db->db, "Failed to execute statement");
        }
        qv_stmt_done(st);
    }
    if (result == QUIVER_OK && rc < 0) result = QUIVER_ERROR;
    qv_buf_free(&del);
    qv_buf_free(&insert);
    return result;
}

/* ---- entry point -------------------------------------------------------------------------------- */

static quiver_error_t qv_import_body(qv_import* im) {
    const qv_table* t = im->target.table;
    im->cells = (qv_cell*)calloc(t->column_count + 1, sizeof *im->cells);
    im->self = (int*)calloc(t->column_count + 1, sizeof *im->self);
    if (!im->cells || !im->self) return qv_fail("Out of memory");
    if (im->target.scalar) {
        for (size_t c = 0; c < t->column_count; ++c) {
            const qv_table* ref = qv_relation_target(im, &t->columns[c]);
            im->self[c] = ref == t && strcmp(t->columns[c].name, "id") != 0;
        }
    }
    if (qv_open_reader(im, 1) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_csv_check_dimension(&im->target) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_write_begin(im->db) != QUIVER_OK) return QUIVER_ERROR;
    quiver_error_t result = im->target.scalar ? qv_import_scalars(im) : qv_import_group(im);
    return qv_write_end(im->db, result);
}

static quiver_error_t qv_import_csv(quiver_database_t* db, const char* collection, const char* group, const char* path,
                                    const quiver_csv_options_t* options) {
    qv_import im;
    memset(&im, 0, sizeof im);
    im.db = db;
    im.path = path;
    im.options = options;
    im.format = qv_csv_date_format(options);
    if (qv_csv_resolve(db, "import_csv", collection, group, &im.target) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_csv_check_options(options) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_db_schema(db, &im.schema) != QUIVER_OK) return QUIVER_ERROR;
    qv_path_kind kind = qv_path_stat(path);
    if (kind == QV_PATH_NONE) return qv_fail("Cannot import_csv: file not found: %s", path);
    if (kind == QV_PATH_DIR) return qv_fail("Cannot import_csv: path is a directory: %s", path);
    im.file = fopen(path, "rb");
    if (!im.file) return qv_fail("Cannot import_csv: cannot read file '%s'", path);
    quiver_error_t result = QUIVER_OK;
    if (fgetc(im.file) == EOF) {
        result = ferror(im.file) ? qv_fail("Cannot import_csv: cannot read file '%s'", path)
                                 : qv_fail("Cannot import_csv: file '%s' is empty", path);
    } else {
        result = qv_import_body(&im);
    }
    fclose(im.file);
    qv_csv_reader_free(im.reader);
    if (im.element) quiver_element_destroy(im.element);
    qv_idset_free(&im.vectors);
    free(im.next_index);
    free(im.map);
    free(im.self);
    free(im.cells);
    return result;
}

quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group,
                                          const char* path, const quiver_csv_options_t* options) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(path);
    QV_LOCK(db);
    quiver_error_t result = qv_import_csv(db, collection, group, path, options);
    QV_UNLOCK(db);
    return result;
}
