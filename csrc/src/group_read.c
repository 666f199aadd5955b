/*
 * Whole-group reads in columnar form: read_vector_group_by_id, read_set_group_by_id and
 * read_time_series_group share one builder that runs a single SELECT and appends each row to
 * every column (one pass), and quiver_database_free_time_series_data releases the result.
 *
 * Result layout (c-api §3.8): C columns of R rows; names[c], types[c], data[c] (int64_t[R],
 * double[R] or char*[R]) and masks[c] (uint8_t[R], 1 = present). An empty result is NULL
 * arrays with both counts 0.
 *
 * The packed readers (extension) build the same result with each text column appended to one
 * buffer (texts[c]) instead of one allocation per cell, and hand it out as a
 * quiver_packed_columns_t.
 */
#include <string.h>

#include "internal.h"

/* One column of a result being built. */
typedef struct {
    const qv_column* column; /* schema column read into this result column */
    int type;                /* quiver_data_type_t code reported to the caller */
} qv_read_column;

/* A columnar result under construction; owns everything it points to until handed out. */
typedef struct {
    size_t column_count;
    size_t row_count;
    size_t capacity; /* rows allocated in every data and mask array */
    char** names;
    int* types;
    void** data;
    uint8_t** masks;
    qv_buf* texts;  /* packed results: one buffer per column (used by text columns), else NULL */
    size_t* absent; /* packed results: cells with mask 0 per column, else NULL */
} qv_columnar;

static int qv_is_text_type(int type) { return type == QUIVER_DATA_TYPE_STRING || type == QUIVER_DATA_TYPE_DATE_TIME; }

/* Frees one data column of the given type holding rows cells; 0 when the type is unknown. */
static int qv_free_column_data(void* data, int type, size_t rows) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER:
        case QUIVER_DATA_TYPE_FLOAT: free(data); return 1;
        case QUIVER_DATA_TYPE_STRING:
        case QUIVER_DATA_TYPE_DATE_TIME: {
            char** cells = (char**)data;
            if (cells) {
                for (size_t r = 0; r < rows; ++r)
                    free(cells[r]);
            }
            free(cells);
            return 1;
        }
        default: return 0;
    }
}

static void qv_columnar_free(qv_columnar* out) {
    for (size_t c = 0; c < out->column_count; ++c) {
        if (out->names) free(out->names[c]);
        if (out->masks) free(out->masks[c]);
        if (out->texts) qv_buf_free(&out->texts[c]);
        if (out->data && out->types) qv_free_column_data(out->data[c], out->types[c], out->row_count);
    }
    free(out->names);
    free(out->types);
    free(out->data);
    free(out->masks);
    free(out->texts);
    free(out->absent);
    memset(out, 0, sizeof *out);
}

/* Allocates the outer arrays and names for the given columns; rows are added later. packed:
 * text columns go to one buffer each. */
static quiver_error_t qv_columnar_init(qv_columnar* out, const qv_read_column* cols, size_t count, int packed) {
    memset(out, 0, sizeof *out);
    out->names = (char**)calloc(count, sizeof(char*));
    out->types = (int*)calloc(count, sizeof(int));
    out->data = (void**)calloc(count, sizeof(void*));
    out->masks = (uint8_t**)calloc(count, sizeof(uint8_t*));
    out->column_count = count;
    if (packed) {
        out->texts = (qv_buf*)calloc(count ? count : 1, sizeof(qv_buf));
        out->absent = (size_t*)calloc(count ? count : 1, sizeof(size_t));
    }
    if (!out->names || !out->types || !out->data || !out->masks || (packed && (!out->texts || !out->absent))) {
        qv_columnar_free(out);
        return qv_fail("Out of memory");
    }
    for (size_t c = 0; c < count; ++c) {
        out->types[c] = cols[c].type;
        out->names[c] = qv_strdup(cols[c].column->name);
        if (!out->names[c]) {
            qv_columnar_free(out);
            return qv_fail("Out of memory");
        }
    }
    return QUIVER_OK;
}

static size_t qv_cell_size(int type) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return sizeof(int64_t);
        case QUIVER_DATA_TYPE_FLOAT: return sizeof(double);
        default: return sizeof(char*);
    }
}

/* Makes room for one more row in every column (capacity doubles). Returns 0 or -1 (OOM). */
static int qv_columnar_reserve(qv_columnar* out) {
    if (out->row_count < out->capacity) return 0;
    size_t capacity = out->capacity ? out->capacity * 2 : 64;
    for (size_t c = 0; c < out->column_count; ++c) {
        if (!out->texts || !qv_is_text_type(out->types[c])) {
            void* data = realloc(out->data[c], capacity * qv_cell_size(out->types[c]));
            if (!data) return -1;
            out->data[c] = data;
        }
        uint8_t* mask = (uint8_t*)realloc(out->masks[c], capacity);
        if (!mask) return -1;
        out->masks[c] = mask;
    }
    out->capacity = capacity;
    return 0;
}

/* Appends the current row of st (result column c = statement column c). Returns 0 or -1 (OOM);
 * on OOM the row is counted so that every cell written so far is released by the free. */
static int qv_columnar_append(qv_columnar* out, sqlite3_stmt* st) {
    if (qv_columnar_reserve(out) != 0) return -1;
    size_t r = out->row_count;
    /* String cells are NULL until filled, so a failure part-way leaves a freeable row. */
    if (!out->texts) {
        for (size_t c = 0; c < out->column_count; ++c) {
            if (qv_is_text_type(out->types[c])) ((char**)out->data[c])[r] = NULL;
        }
    }
    out->row_count++;
    for (size_t c = 0; c < out->column_count; ++c) {
        int present = sqlite3_column_type(st, (int)c) != SQLITE_NULL;
        out->masks[c][r] = (uint8_t)present;
        if (out->texts && qv_is_text_type(out->types[c])) {
            qv_buf* text = &out->texts[c];
            if (present) {
                const char* cell = (const char*)sqlite3_column_text(st, (int)c);
                if (!cell) return -1;
                size_t n = (size_t)sqlite3_column_bytes(st, (int)c);
                /* Up to the first NUL, as the char* cells of the other readers end there. */
                const char* nul = (const char*)memchr(cell, '\0', n);
                if (nul) n = (size_t)(nul - cell);
                qv_buf_append_n(text, cell, n);
            } else {
                out->absent[c]++;
            }
            qv_buf_append_n(text, "", 1);
            if (text->oom) return -1;
            continue;
        }
        if (!present && out->absent) out->absent[c]++;
        switch (out->types[c]) {
            case QUIVER_DATA_TYPE_INTEGER:
                ((int64_t*)out->data[c])[r] = present ? sqlite3_column_int64(st, (int)c) : 0;
                break;
            case QUIVER_DATA_TYPE_FLOAT:
                ((double*)out->data[c])[r] = present ? sqlite3_column_double(st, (int)c) : 0.0;
                break;
            default:
                if (present) {
                    const char* text = (const char*)sqlite3_column_text(st, (int)c);
                    if (!text) return -1;
                    char* copy = qv_strndup(text, (size_t)sqlite3_column_bytes(st, (int)c));
                    if (!copy) return -1;
                    ((char**)out->data[c])[r] = copy;
                }
                break;
        }
    }
    return 0;
}

/* 1 when the time-series key in column col sorts by its text exactly as by the chronological
 * order expression (qv_append_time_order): NULL, or TEXT of 19 characters without a space
 * (checked as 19 bytes of printable ASCII), which the expression leaves as it is. Every key
 * written by this library (YYYY-MM-DDTHH:MM:SS) qualifies. */
static int qv_key_in_text_order(sqlite3_stmt* st, int col) {
    int type = sqlite3_column_type(st, col);
    if (type == SQLITE_NULL) return 1;
    if (type != SQLITE_TEXT) return 0;
    const unsigned char* text = sqlite3_column_text(st, col);
    if (!text || sqlite3_column_bytes(st, col) != QV_DATETIME_TEXT_SIZE - 1) return 0;
    for (int i = 0; i < QV_DATETIME_TEXT_SIZE - 1; ++i) {
        if (text[i] <= ' ' || text[i] > '~') return 0;
    }
    return 1;
}

/* Runs sql (id bound to ?1) and collects every row into a result over cols. With in_text_order
 * not NULL, column 0 is a time-series key and the rows come in text order: at the first key
 * for which that differs from chronological order, the result is dropped (left empty) and
 * *in_text_order set to 0; it is set to 1 otherwise. */
static quiver_error_t qv_columnar_query(quiver_database_t* db, const char* sql, int64_t id, const qv_read_column* cols,
                                        size_t count, int packed, int* in_text_order, qv_columnar* out) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(db, sql, &st) != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    if (qv_columnar_init(out, cols, count, packed) != QUIVER_OK) {
        qv_stmt_done(st);
        return QUIVER_ERROR;
    }
    quiver_error_t result = QUIVER_OK;
    if (in_text_order) *in_text_order = 1;
    int rc = sqlite3_bind_int64(st, 1, id);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (in_text_order && !qv_key_in_text_order(st, 0)) {
            *in_text_order = 0;
            rc = SQLITE_DONE;
            qv_columnar_free(out);
            break;
        }
        if (qv_columnar_append(out, st) != 0) {
            result = qv_fail("Out of memory");
            break;
        }
        rc = SQLITE_OK;
    }
    if (result == QUIVER_OK && rc != SQLITE_DONE) result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    if (result != QUIVER_OK) qv_columnar_free(out);
    return result;
}

/* Hands the result to the caller's out-parameters; an empty result becomes NULL arrays. */
static void qv_columnar_publish(qv_columnar* out, char*** out_names, int** out_types, void*** out_data,
                                uint8_t*** out_masks, size_t* out_column_count, size_t* out_row_count) {
    if (out->row_count == 0 || out->column_count == 0) {
        size_t rows = out->column_count == 0 ? out->row_count : 0;
        qv_columnar_free(out);
        *out_names = NULL;
        *out_types = NULL;
        *out_data = NULL;
        *out_masks = NULL;
        *out_column_count = 0;
        *out_row_count = rows;
        return;
    }
    *out_names = out->names;
    *out_types = out->types;
    *out_data = out->data;
    *out_masks = out->masks;
    *out_column_count = out->column_count;
    *out_row_count = out->row_count;
    memset(out, 0, sizeof *out);
}

/* Finds the group table of the given kind in a collection (exact, case-sensitive names). */
static const qv_table* qv_find_group(const qv_collection* coll, qv_table_kind kind, const char* group) {
    qv_table* const* tables = kind == QV_TABLE_VECTOR ? coll->vectors
                              : kind == QV_TABLE_SET  ? coll->sets
                                                      : coll->time_series;
    size_t count = kind == QV_TABLE_VECTOR ? coll->vector_count
                   : kind == QV_TABLE_SET  ? coll->set_count
                                           : coll->time_series_count;
    for (size_t i = 0; i < count; ++i) {
        if (strcmp(tables[i]->group, group) == 0) return tables[i];
    }
    return NULL;
}

/* Appends "<prefix>col1, col2, ..." for the chosen columns. */
static void qv_append_columns(qv_buf* sql, const qv_read_column* cols, size_t count) {
    for (size_t c = 0; c < count; ++c) {
        if (c) qv_buf_append(sql, ", ");
        qv_buf_append_ident(sql, cols[c].column->name);
    }
}

/* A DATE_TIME text as the canonical form for ordering: "2024-01-01" and "2024-01-01 06:00:00"
 * (written by other tools or older versions) sort with "2024-01-01T03:00:00" by time. */
static void qv_append_time_order(qv_buf* sql, const char* column) {
    qv_buf_append(sql, "replace(substr(");
    qv_buf_append_ident(sql, column);
    qv_buf_append(sql, " || 'T00:00:00', 1, 19), ' ', 'T')");
}

/* The SELECT of a group read (id bound to ?1); NULL on OOM. Time series: text_order orders by the
 * key text (then the other keys), otherwise chronologically (then the other keys, then the key
 * text). */
static char* qv_group_sql(const qv_table* t, qv_table_kind kind, const qv_read_column* cols, size_t count,
                          int text_order) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    if (count)
        qv_append_columns(&sql, cols, count);
    else
        qv_buf_append(&sql, "1");
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, t->name);
    qv_buf_append(&sql, " WHERE \"id\" = ?1 ORDER BY ");
    if (kind == QV_TABLE_VECTOR) {
        qv_buf_append(&sql, "\"vector_index\"");
    } else if (kind == QV_TABLE_SET) {
        qv_buf_append(&sql, "rowid"); /* insertion order, as the reference returns them */
    } else {
        const char* dim = t->columns[t->dimension].name;
        if (text_order)
            qv_buf_append_ident(&sql, dim);
        else
            qv_append_time_order(&sql, dim);
        for (size_t i = 0; i < t->column_count; ++i) {
            const qv_column* col = &t->columns[i];
            if (col->pk > 0 && (int)i != t->dimension && strcmp(col->name, "id") != 0) {
                qv_buf_append(&sql, ", ");
                qv_buf_append_ident(&sql, col->name);
            }
        }
        if (!text_order) {
            /* Two texts naming the same instant are distinct keys: keep their order stable. */
            qv_buf_append(&sql, ", ");
            qv_buf_append_ident(&sql, dim);
        }
    }
    return qv_buf_take(&sql);
}

static quiver_error_t qv_read_group(quiver_database_t* db, qv_table_kind kind, const char* collection,
                                    const char* group, int64_t id, int packed, qv_columnar* out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const char* what = kind == QV_TABLE_VECTOR ? "vector" : kind == QV_TABLE_SET ? "set" : "time_series";
    const qv_collection* coll = qv_schema_collection(schema, collection);
    if (!coll) return qv_fail("Cannot get_%s_metadata: collection not found: %s", what, collection);
    const qv_table* t = qv_find_group(coll, kind, group);
    if (!t) {
        const char* label = kind == QV_TABLE_VECTOR ? "Vector" : kind == QV_TABLE_SET ? "Set" : "Time series";
        return qv_fail("%s group not found: '%s' in collection '%s'", label, group, collection);
    }
    if (kind == QV_TABLE_TIME_SERIES && t->dimension < 0)
        return qv_fail("Dimension column not found: time series table '%s'", t->name);

    qv_read_column* cols = (qv_read_column*)calloc(t->column_count ? t->column_count : 1, sizeof *cols);
    if (!cols) return qv_fail("Out of memory");
    size_t count = 0;
    if (kind == QV_TABLE_TIME_SERIES) {
        /* The dimension comes first and travels as STRING, the others in declaration order. */
        cols[count].column = &t->columns[t->dimension];
        cols[count++].type = QUIVER_DATA_TYPE_STRING;
    }
    for (size_t i = 0; i < t->column_count; ++i) {
        const qv_column* col = &t->columns[i];
        if (strcmp(col->name, "id") == 0) continue;
        if (kind == QV_TABLE_VECTOR && strcmp(col->name, "vector_index") == 0) continue;
        if (kind == QV_TABLE_TIME_SERIES && (int)i == t->dimension) continue;
        cols[count].column = col;
        cols[count++].type = (int)col->type;
    }

    quiver_error_t result;
    if (kind == QV_TABLE_TIME_SERIES) {
        /* Keys written by this library sort chronologically as text, which the primary-key index
         * gives without sorting; only a group holding other keys needs the time expression. */
        int in_text_order = 0;
        char* text = qv_group_sql(t, kind, cols, count, 1);
        result =
            text ? qv_columnar_query(db, text, id, cols, count, packed, &in_text_order, out) : qv_fail("Out of memory");
        free(text);
        if (result == QUIVER_OK && !in_text_order) {
            text = qv_group_sql(t, kind, cols, count, 0);
            result = text ? qv_columnar_query(db, text, id, cols, count, packed, NULL, out) : qv_fail("Out of memory");
            free(text);
        }
        free(cols);
        return result;
    }
    char* text = qv_group_sql(t, kind, cols, count, 0);
    if (!text) {
        result = qv_fail("Out of memory");
    } else {
        result = qv_columnar_query(db, text, id, cols, count, packed, NULL, out);
        if (result != QUIVER_OK && kind == QV_TABLE_SET && strstr(quiver_get_last_error(), "rowid")) {
            /* A WITHOUT ROWID set table has no insertion order: fall back to the key order. */
            size_t cut = strlen(text) - strlen(" ORDER BY rowid");
            text[cut] = '\0';
            result = qv_columnar_query(db, text, id, cols, count, packed, NULL, out);
        }
    }
    free(text);
    free(cols);
    return result;
}

static quiver_error_t qv_read_group_public(quiver_database_t* db, qv_table_kind kind, const char* collection,
                                           const char* group, int64_t id, char*** out_column_names,
                                           int** out_column_types, void*** out_column_data,
                                           uint8_t*** out_column_has_value, size_t* out_column_count,
                                           size_t* out_row_count) {
    qv_columnar out;
    memset(&out, 0, sizeof out);
    QV_LOCK(db);
    quiver_error_t result = qv_read_group(db, kind, collection, group, id, 0, &out);
    QV_UNLOCK(db);
    if (result == QUIVER_OK)
        qv_columnar_publish(&out, out_column_names, out_column_types, out_column_data, out_column_has_value,
                            out_column_count, out_row_count);
    return result;
}

#define QV_REQUIRE_READ_ARGS()        \
    QV_REQUIRE(db);                   \
    QV_REQUIRE(collection);           \
    QV_REQUIRE(group);                \
    QV_REQUIRE(out_column_names);     \
    QV_REQUIRE(out_column_types);     \
    QV_REQUIRE(out_column_data);      \
    QV_REQUIRE(out_column_has_value); \
    QV_REQUIRE(out_column_count);     \
    QV_REQUIRE(out_row_count)

quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t* db, const char* collection, const char* group,
                                                       int64_t id, char*** out_column_names, int** out_column_types,
                                                       void*** out_column_data, uint8_t*** out_column_has_value,
                                                       size_t* out_column_count, size_t* out_row_count) {
    QV_REQUIRE_READ_ARGS();
    return qv_read_group_public(db, QV_TABLE_VECTOR, collection, group, id, out_column_names, out_column_types,
                                out_column_data, out_column_has_value, out_column_count, out_row_count);
}

quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t* db, const char* collection, const char* group,
                                                    int64_t id, char*** out_column_names, int** out_column_types,
                                                    void*** out_column_data, uint8_t*** out_column_has_value,
                                                    size_t* out_column_count, size_t* out_row_count) {
    QV_REQUIRE_READ_ARGS();
    return qv_read_group_public(db, QV_TABLE_SET, collection, group, id, out_column_names, out_column_types,
                                out_column_data, out_column_has_value, out_column_count, out_row_count);
}

quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection, const char* group,
                                                      int64_t id, char*** out_column_names, int** out_column_types,
                                                      void*** out_column_data, uint8_t*** out_column_has_value,
                                                      size_t* out_column_count, size_t* out_row_count) {
    QV_REQUIRE_READ_ARGS();
    return qv_read_group_public(db, QV_TABLE_TIME_SERIES, collection, group, id, out_column_names, out_column_types,
                                out_column_data, out_column_has_value, out_column_count, out_row_count);
}

quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types, void** column_data,
                                                     uint8_t** column_has_value, size_t column_count,
                                                     size_t row_count) {
    int has_unknown = 0;
    int unknown = 0;
    for (size_t c = 0; c < column_count; ++c) {
        if (column_names) free(column_names[c]);
        if (column_has_value) free(column_has_value[c]);
    }
    if (column_data) {
        for (size_t c = 0; c < column_count; ++c) {
            if (!column_data[c]) continue;
            int type = column_types ? column_types[c] : -1;
            if (!qv_free_column_data(column_data[c], type, row_count)) {
                /* Unknown type: the cells cannot be walked, but the block itself is ours. */
                if (!has_unknown) unknown = type;
                has_unknown = 1;
                free(column_data[c]);
            }
        }
    }
    free(column_names);
    free(column_types);
    free(column_data);
    free(column_has_value);
    if (has_unknown) return qv_fail("Cannot free_time_series_data: unknown data type %d", unknown);
    return QUIVER_OK;
}

/* ---- packed readers (extension) ----------------------------------------------------------------- */

/* Moves a result built in packed mode into *dst (an empty result becomes the empty packed result)
 * and frees what is left of it. Returns QUIVER_OK or "Out of memory" (out is then freed too). */
static quiver_error_t qv_columnar_publish_packed(qv_columnar* out, quiver_packed_columns_t* dst) {
    quiver_packed_columns_t p;
    memset(&p, 0, sizeof p);
    if (out->row_count == 0 || out->column_count == 0) {
        p.row_count = out->column_count == 0 ? out->row_count : 0;
        qv_columnar_free(out);
        *dst = p;
        return QUIVER_OK;
    }
    qv_buf names;
    qv_buf_init(&names);
    for (size_t c = 0; c < out->column_count; ++c) {
        qv_buf_append(&names, out->names[c]);
        qv_buf_append_n(&names, "", 1);
    }
    p.names_size = names.len;
    p.names = qv_buf_take(&names);
    p.columns = (quiver_packed_values_t*)calloc(out->column_count, sizeof *p.columns);
    if (!p.names || !p.columns) {
        free(p.names);
        free(p.columns);
        qv_columnar_free(out);
        return qv_fail("Out of memory");
    }
    for (size_t c = 0; c < out->column_count; ++c) {
        quiver_packed_values_t* v = &p.columns[c];
        v->type = out->types[c];
        v->count = out->row_count;
        v->absent_count = out->absent[c];
        v->mask = out->masks[c];
        out->masks[c] = NULL;
        if (qv_is_text_type(out->types[c])) {
            v->text_size = out->texts[c].len;
            v->text = qv_buf_take(&out->texts[c]);
        } else if (out->types[c] == QUIVER_DATA_TYPE_INTEGER) {
            v->integers = (int64_t*)out->data[c];
            out->data[c] = NULL;
        } else {
            v->floats = (double*)out->data[c];
            out->data[c] = NULL;
        }
    }
    p.column_count = out->column_count;
    p.row_count = out->row_count;
    qv_columnar_free(out);
    *dst = p;
    return QUIVER_OK;
}

static quiver_error_t qv_read_group_packed(quiver_database_t* db, qv_table_kind kind, const char* collection,
                                           const char* group, int64_t id, quiver_packed_columns_t* dst) {
    qv_columnar out;
    memset(&out, 0, sizeof out);
    QV_LOCK(db);
    quiver_error_t result = qv_read_group(db, kind, collection, group, id, 1, &out);
    QV_UNLOCK(db);
    if (result == QUIVER_OK) result = qv_columnar_publish_packed(&out, dst);
    return result;
}

quiver_error_t quiver_database_read_vector_group_by_id_packed(quiver_database_t* db, const char* collection,
                                                              const char* group, int64_t id,
                                                              quiver_packed_columns_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(out);
    return qv_read_group_packed(db, QV_TABLE_VECTOR, collection, group, id, out);
}

quiver_error_t quiver_database_read_set_group_by_id_packed(quiver_database_t* db, const char* collection,
                                                           const char* group, int64_t id,
                                                           quiver_packed_columns_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(out);
    return qv_read_group_packed(db, QV_TABLE_SET, collection, group, id, out);
}

quiver_error_t quiver_database_read_time_series_group_packed(quiver_database_t* db, const char* collection,
                                                             const char* group, int64_t id,
                                                             quiver_packed_columns_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(out);
    return qv_read_group_packed(db, QV_TABLE_TIME_SERIES, collection, group, id, out);
}
