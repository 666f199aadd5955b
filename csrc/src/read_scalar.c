/*
 * Scalar reads (bulk and by id), element ids and element counts, plus the helpers every read
 * family shares (table lookup, element order, typed cell buffers).
 *
 * Readers never check a column's declared type: a cell whose storage class does not suit the
 * reader reads as absent, except that float readers widen integers. Bulk reads return one
 * entry per row in element order (rowid order, i.e. ascending id for collections).
 */
#include <string.h>

#include "reads_internal.h"

/* ---- shared helpers ---------------------------------------------------------------------- */

quiver_error_t qv_reads_table(quiver_database_t* db, const char* op, const char* collection,
                              const qv_schema** out_schema, const qv_table** out_table) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_table* t = qv_schema_table(schema, collection);
    if (!t) return qv_fail("Cannot %s: collection not found: %s", op, collection);
    *out_schema = schema;
    *out_table = t;
    return QUIVER_OK;
}

const qv_collection* qv_reads_collection_of(const qv_schema* schema, const qv_table* t) {
    return t->kind == QV_TABLE_COLLECTION ? qv_schema_collection(schema, t->name) : NULL;
}

void qv_reads_append_element_order(qv_buf* sql, const qv_table* t, const char* alias) {
    qv_buf_append(sql, alias);
    qv_buf_append(sql, t->without_rowid ? "id" : "rowid");
}

quiver_error_t qv_reads_prepare(quiver_database_t* db, qv_buf* sql, sqlite3_stmt** out) {
    if (sql->oom) return qv_fail("Out of memory");
    int rc = qv_stmt_get(db, qv_buf_str(sql), out);
    if (rc == SQLITE_NOMEM) return qv_fail("Out of memory");
    if (rc != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    return QUIVER_OK;
}

size_t qv_cell_size(qv_cell_kind kind) {
    switch (kind) {
        case QV_CELL_INTEGER: return sizeof(int64_t);
        case QV_CELL_FLOAT: return sizeof(double);
        default: return sizeof(char*);
    }
}

void qv_cells_init(qv_cells* c, qv_cell_kind kind) {
    memset(c, 0, sizeof *c);
    c->kind = kind;
    qv_buf_init(&c->text);
}

void qv_cells_free(qv_cells* c) {
    if (c->kind == QV_CELL_STRING && c->values) {
        char** strings = (char**)c->values;
        for (size_t i = 0; i < c->count; ++i)
            free(strings[i]);
    }
    free(c->values);
    free(c->mask);
    qv_buf_free(&c->text);
    qv_cells_init(c, c->kind);
}

static int qv_cells_reserve(qv_cells* c) {
    if (c->count < c->cap) return 0;
    size_t cap = c->cap ? c->cap * 2 : 16;
    if (c->kind != QV_CELL_TEXT) {
        void* values = realloc(c->values, cap * qv_cell_size(c->kind));
        if (!values) return -1;
        c->values = values;
    }
    uint8_t* mask = (uint8_t*)realloc(c->mask, cap);
    if (!mask) return -1;
    c->mask = mask;
    c->cap = cap;
    return 0;
}

quiver_error_t qv_cells_push(qv_cells* c, sqlite3_stmt* st, int col) {
    int type = sqlite3_column_type(st, col);
    if (type == SQLITE_BLOB) return qv_fail("Failed to execute statement: BLOB type not supported");
    if (qv_cells_reserve(c) != 0) return qv_fail("Out of memory");
    size_t i = c->count;
    uint8_t present = 0;
    switch (c->kind) {
        case QV_CELL_INTEGER: {
            int64_t v = 0;
            if (type == SQLITE_INTEGER) {
                v = sqlite3_column_int64(st, col);
                present = 1;
            }
            ((int64_t*)c->values)[i] = v;
            break;
        }
        case QV_CELL_FLOAT: {
            double v = 0.0;
            if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
                v = sqlite3_column_double(st, col);
                present = 1;
            }
            ((double*)c->values)[i] = v;
            break;
        }
        case QV_CELL_STRING: {
            char* v = NULL;
            if (type == SQLITE_TEXT) {
                v = qv_strdup((const char*)sqlite3_column_text(st, col));
                if (!v) return qv_fail("Out of memory");
                present = 1;
            }
            ((char**)c->values)[i] = v;
            break;
        }
        case QV_CELL_TEXT: {
            if (type == SQLITE_TEXT) {
                const char* text = (const char*)sqlite3_column_text(st, col);
                if (!text) return qv_fail("Out of memory");
                size_t n = (size_t)sqlite3_column_bytes(st, col);
                /* Up to the first NUL, as the char* of the other readers ends there. */
                const char* nul = (const char*)memchr(text, '\0', n);
                if (nul) n = (size_t)(nul - text);
                qv_buf_append_n(&c->text, text, n);
                present = 1;
            }
            qv_buf_append_n(&c->text, "", 1);
            if (c->text.oom) return qv_fail("Out of memory");
            break;
        }
    }
    c->mask[i] = present;
    c->absent += !present;
    c->count++;
    return QUIVER_OK;
}

quiver_error_t qv_cells_collect(quiver_database_t* db, sqlite3_stmt* st, int col, qv_cells* c) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (qv_cells_push(c, st, col) != QUIVER_OK) return QUIVER_ERROR;
    }
    if (rc != SQLITE_DONE) return qv_fail_sqlite(db->db, "Failed to execute statement");
    return QUIVER_OK;
}

int qv_cells_take(qv_cells* c, void** out_values, uint8_t** out_mask) {
    if (c->count == 0) {
        qv_cells_free(c);
        *out_values = NULL;
        if (out_mask) *out_mask = NULL;
        return 0;
    }
    /* Shrink to the exact size; a failing shrink keeps the larger block, which is fine. */
    void* values = realloc(c->values, c->count * qv_cell_size(c->kind));
    if (values) c->values = values;
    if (out_mask) {
        uint8_t* mask = (uint8_t*)realloc(c->mask, c->count);
        if (mask) c->mask = mask;
        *out_mask = c->mask;
    } else {
        free(c->mask);
    }
    *out_values = c->values;
    c->values = NULL;
    c->mask = NULL;
    c->count = c->cap = 0;
    return 0;
}

quiver_error_t qv_cells_pack(qv_cells* c, quiver_packed_values_t* out) {
    quiver_packed_values_t p;
    memset(&p, 0, sizeof p);
    p.count = c->count;
    p.absent_count = c->absent;
    p.type = c->kind == QV_CELL_INTEGER ? QUIVER_DATA_TYPE_INTEGER
             : c->kind == QV_CELL_FLOAT ? QUIVER_DATA_TYPE_FLOAT
                                        : QUIVER_DATA_TYPE_STRING;
    if (c->count == 0) {
        qv_cells_free(c);
        *out = p;
        return QUIVER_OK;
    }
    if (c->kind == QV_CELL_TEXT) {
        p.text_size = c->text.len;
        p.text = qv_buf_take(&c->text);
        if (!p.text) return qv_fail("Out of memory");
        uint8_t* mask = (uint8_t*)realloc(c->mask, c->count);
        p.mask = mask ? mask : c->mask;
        c->mask = NULL;
        qv_cells_free(c);
    } else {
        void* values = NULL;
        if (qv_cells_take(c, &values, &p.mask) != 0) return qv_fail("Out of memory");
        if (p.type == QUIVER_DATA_TYPE_INTEGER)
            p.integers = (int64_t*)values;
        else
            p.floats = (double*)values;
    }
    *out = p;
    return QUIVER_OK;
}

/* ---- bulk scalar reads ------------------------------------------------------------------- */

quiver_error_t qv_read_scalar_cells(quiver_database_t* db, const char* op, const char* collection,
                                    const char* attribute, qv_cells* cells) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, op, collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    if (!qv_table_column(t, attribute))
        return qv_fail("Cannot %s: column '%s' not found in table '%s'", op, attribute, collection);
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_buf_append_ident(&sql, attribute);
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, t->name);
    qv_buf_append(&sql, " ORDER BY ");
    qv_reads_append_element_order(&sql, t, "");
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;
    result = qv_cells_collect(db, st, 0, cells);
    qv_stmt_done(st);
    return result;
}

static quiver_error_t qv_read_scalars(quiver_database_t* db, const char* op, const char* collection,
                                      const char* attribute, qv_cell_kind kind, void** out_values, uint8_t** out_mask,
                                      size_t* out_count) {
    qv_cells cells;
    qv_cells_init(&cells, kind);
    quiver_error_t result = qv_read_scalar_cells(db, op, collection, attribute, &cells);
    size_t count = cells.count;
    if (result == QUIVER_OK && qv_cells_take(&cells, out_values, out_mask) != 0) result = qv_fail("Out of memory");
    if (result != QUIVER_OK) {
        qv_cells_free(&cells);
        return result;
    }
    *out_count = count;
    return QUIVER_OK;
}

quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection,
                                                    const char* attribute, int64_t** out_values, uint8_t** out_mask,
                                                    size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_values);
    QV_REQUIRE(out_mask);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    void* values = NULL;
    quiver_error_t rc = qv_read_scalars(db, "read_scalar_integers", collection, attribute, QV_CELL_INTEGER, &values,
                                        out_mask, out_count);
    if (rc == QUIVER_OK) *out_values = (int64_t*)values;
    QV_UNLOCK(db);
    return rc;
}

quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection, const char* attribute,
                                                  double** out_values, uint8_t** out_mask, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_values);
    QV_REQUIRE(out_mask);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    void* values = NULL;
    quiver_error_t rc =
        qv_read_scalars(db, "read_scalar_floats", collection, attribute, QV_CELL_FLOAT, &values, out_mask, out_count);
    if (rc == QUIVER_OK) *out_values = (double*)values;
    QV_UNLOCK(db);
    return rc;
}

quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection, const char* attribute,
                                                   char*** out_values, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_values);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    void* values = NULL;
    quiver_error_t rc =
        qv_read_scalars(db, "read_scalar_strings", collection, attribute, QV_CELL_STRING, &values, NULL, out_count);
    if (rc == QUIVER_OK) *out_values = (char**)values;
    QV_UNLOCK(db);
    return rc;
}

/* ---- scalar reads by id ------------------------------------------------------------------ */

/* Reads one cell of the element with the given id into a one-cell buffer (count 0 when the
 * element does not exist). */
static quiver_error_t qv_read_scalar_by_id(quiver_database_t* db, const char* op, const char* collection,
                                           const char* attribute, int64_t id, qv_cells* cells) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, op, collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    if (!qv_table_column(t, attribute))
        return qv_fail("Cannot %s: column '%s' not found in table '%s'", op, attribute, collection);
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_buf_append_ident(&sql, attribute);
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, t->name);
    /* Unquoted on purpose: a table without an id column fails to prepare, as in the reference. */
    qv_buf_append(&sql, " WHERE id = ?1");
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        result = qv_cells_push(cells, st, 0);
    } else if (rc != SQLITE_DONE) {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    return result;
}

quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection,
                                                         const char* attribute, int64_t id, int64_t* out_value,
                                                         int* out_has_value) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_value);
    QV_REQUIRE(out_has_value);
    QV_LOCK(db);
    qv_cells cells;
    qv_cells_init(&cells, QV_CELL_INTEGER);
    quiver_error_t rc = qv_read_scalar_by_id(db, "read_scalar_integer_by_id", collection, attribute, id, &cells);
    if (rc == QUIVER_OK) {
        int has = cells.count > 0 && cells.mask[0];
        if (has) *out_value = ((int64_t*)cells.values)[0];
        *out_has_value = has;
    }
    qv_cells_free(&cells);
    QV_UNLOCK(db);
    return rc;
}

quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection,
                                                       const char* attribute, int64_t id, double* out_value,
                                                       int* out_has_value) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_value);
    QV_REQUIRE(out_has_value);
    QV_LOCK(db);
    qv_cells cells;
    qv_cells_init(&cells, QV_CELL_FLOAT);
    quiver_error_t rc = qv_read_scalar_by_id(db, "read_scalar_float_by_id", collection, attribute, id, &cells);
    if (rc == QUIVER_OK) {
        int has = cells.count > 0 && cells.mask[0];
        if (has) *out_value = ((double*)cells.values)[0];
        *out_has_value = has;
    }
    qv_cells_free(&cells);
    QV_UNLOCK(db);
    return rc;
}

quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection,
                                                        const char* attribute, int64_t id, char** out_value,
                                                        int* out_has_value) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_value);
    QV_REQUIRE(out_has_value);
    QV_LOCK(db);
    qv_cells cells;
    qv_cells_init(&cells, QV_CELL_STRING);
    quiver_error_t rc = qv_read_scalar_by_id(db, "read_scalar_string_by_id", collection, attribute, id, &cells);
    if (rc == QUIVER_OK) {
        int has = cells.count > 0 && cells.mask[0];
        char* value = NULL;
        if (has) {
            /* Hand the string over; the buffer no longer owns it. */
            value = ((char**)cells.values)[0];
            ((char**)cells.values)[0] = NULL;
        }
        *out_value = value;
        *out_has_value = has;
    }
    qv_cells_free(&cells);
    QV_UNLOCK(db);
    return rc;
}

/* ---- element ids and counts -------------------------------------------------------------- */

static quiver_error_t qv_read_element_ids(quiver_database_t* db, const char* collection, int64_t** out_ids,
                                          size_t* out_count) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, "read_element_ids", collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT id FROM ");
    qv_buf_append_ident(&sql, t->name);
    qv_buf_append(&sql, " ORDER BY ");
    qv_reads_append_element_order(&sql, t, "");
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;
    int64_t* ids = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            size_t grown_cap = cap ? cap * 2 : 16;
            int64_t* grown = (int64_t*)realloc(ids, grown_cap * sizeof *grown);
            if (!grown) {
                result = qv_fail("Out of memory");
                break;
            }
            ids = grown;
            cap = grown_cap;
        }
        ids[count++] = sqlite3_column_int64(st, 0);
    }
    if (result == QUIVER_OK && rc != SQLITE_DONE) result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    if (result != QUIVER_OK) {
        free(ids);
        return result;
    }
    if (count == 0) {
        free(ids);
        ids = NULL;
    } else if (count < cap) {
        int64_t* exact = (int64_t*)realloc(ids, count * sizeof *exact);
        if (exact) ids = exact;
    }
    *out_ids = ids;
    *out_count = count;
    return QUIVER_OK;
}

quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection, int64_t** out_ids,
                                                size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_ids);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    quiver_error_t rc = qv_read_element_ids(db, collection, out_ids, out_count);
    QV_UNLOCK(db);
    return rc;
}

static quiver_error_t qv_number_of_elements(quiver_database_t* db, const char* collection, int64_t* out_count) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, "number_of_elements", collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT COUNT(*) FROM ");
    qv_buf_append_ident(&sql, t->name);
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *out_count = sqlite3_column_int64(st, 0);
    } else {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    return result;
}

quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection, int64_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    quiver_error_t rc = qv_number_of_elements(db, collection, out_count);
    QV_UNLOCK(db);
    return rc;
}
