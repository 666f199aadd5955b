/*
 * Whole-group writes: update_{vector,set,time_series}_group and their _by_label forms.
 *
 * One columnar writer serves the three kinds. A call replaces every row of one element in one
 * group table: the input (c-api §3.9 layout) is checked completely first (names, types, labels of
 * relation columns, DATE_TIME texts), then, inside the call's savepoint, the element's rows are
 * deleted and one cached INSERT is stepped once per row. DATE_TIME cells are stored in the
 * canonical form YYYY-MM-DDTHH:MM:SS; other text cells are stored trimmed.
 *
 * Per-kind rules (data spec §2.4, §2.5, §3.4):
 *  - vector/set: the element must exist (also when clearing); column names are checked first,
 *    then the cells column by column in ascending name order; string cells of an INTEGER
 *    relation column are labels of the target collection. Vector rows get vector_index 1..R.
 *  - time series: every key column (primary-key columns except id) must be given; then each
 *    column in ascending name order is checked for its name, its type and its DATE_TIME texts.
 *    A missing element surfaces as SQLite's foreign-key failure; clearing it is a no-op.
 */
#include <string.h>

#include "internal.h"

#define QV_DATE_HINT "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"

/* How the cells of one input column are bound. */
typedef enum {
    QV_BIND_INTEGER, /* int64 cells as INTEGER */
    QV_BIND_REAL,    /* int64 or double cells as REAL */
    QV_BIND_TEXT,    /* string cells, trimmed */
    QV_BIND_DATE,    /* string cells converted to canonical DATE_TIME text (dates) */
    QV_BIND_ID       /* string cells resolved to ids of the relation target (ids) */
} qv_bind_kind;

/* One input column matched to its schema column. */
typedef struct {
    const char* name;
    int type;                /* caller's type code, 0..3 */
    const void* data;        /* NULL: every cell is NULL */
    const uint8_t* mask;     /* NULL: every cell present */
    const qv_column* column; /* schema column (after the name checks) */
    qv_bind_kind bind;
    int64_t* ids; /* QV_BIND_ID: one id per row (owned) */
    char* dates;  /* QV_BIND_DATE: QV_DATETIME_TEXT_SIZE bytes per row (owned) */
} qv_write_column;

/* The input of one write call. */
typedef struct {
    quiver_database_t* db;
    const qv_schema* schema;
    qv_table_kind kind;
    const char* op; /* operation named by the core's messages (without _by_label) */
    const char* collection;
    const char* group;
    const qv_table* table;
    qv_write_column* cols; /* sorted by name, duplicates removed (the last one wins) */
    size_t count;
    size_t rows;
} qv_group_write;

static int qv_is_string_type(int type) { return type == QUIVER_DATA_TYPE_STRING || type == QUIVER_DATA_TYPE_DATE_TIME; }

/* 1 when cell r of the column holds a value. */
static int qv_cell_present(const qv_write_column* c, size_t r) {
    if (!c->data || (c->mask && !c->mask[r])) return 0;
    return !qv_is_string_type(c->type) || ((const char* const*)c->data)[r] != NULL;
}

static const char* qv_cell_text(const qv_write_column* c, size_t r) { return ((const char* const*)c->data)[r]; }

/* Name of a caller type code / schema type in messages. */
static const char* qv_input_type_name(int type) {
    return type == QUIVER_DATA_TYPE_INTEGER ? "INTEGER" : type == QUIVER_DATA_TYPE_FLOAT ? "REAL" : "TEXT";
}

static const char* qv_schema_type_name(quiver_data_type_t type) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return "INTEGER";
        case QUIVER_DATA_TYPE_FLOAT: return "REAL";
        case QUIVER_DATA_TYPE_DATE_TIME: return "DATE_TIME";
        default: return "TEXT";
    }
}

static void qv_write_columns_free(qv_write_column* cols, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        free(cols[i].ids);
        free(cols[i].dates);
    }
    free(cols);
}

/* ---- element and label lookups --------------------------------------------------------------- */

/* Runs a cached one-parameter lookup; *found = 1 and *out = first column of the first row when a
 * row exists. text == NULL binds id instead. */
static quiver_error_t qv_lookup(quiver_database_t* db, const char* sql, const char* text, size_t len, int64_t id,
                                int* found, int64_t* out) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(db, sql, &st) != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    int rc = text ? sqlite3_bind_text64(st, 1, text, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8)
                  : sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    quiver_error_t result = QUIVER_OK;
    *found = 0;
    if (rc == SQLITE_ROW) {
        *found = 1;
        *out = sqlite3_column_int64(st, 0);
    } else if (rc != SQLITE_DONE) {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    return result;
}

/* SELECT "<select>" FROM "<table>" WHERE "<where>" = ?1, as a new string (NULL on OOM). */
static char* qv_lookup_sql(const char* select, const char* table, const char* where) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_buf_append_ident(&sql, select);
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, table);
    qv_buf_append(&sql, " WHERE ");
    qv_buf_append_ident(&sql, where);
    qv_buf_append(&sql, " = ?1");
    return qv_buf_take(&sql);
}

static quiver_error_t qv_require_element(quiver_database_t* db, const qv_table* coll, int64_t id) {
    int found = 0;
    quiver_error_t result = qv_element_exists(db, coll, id, &found);
    if (result == QUIVER_OK && !found)
        result = qv_fail("Element not found: %lld in collection '%s'", (long long)id, coll->name);
    return result;
}

/* The table a foreign key points to (SQLite matches table names without regard to case). */
static const qv_table* qv_fk_target(const qv_schema* schema, const qv_foreign_key* fk) {
    const qv_table* t = qv_schema_table(schema, fk->table);
    for (size_t i = 0; !t && i < schema->table_count; ++i) {
        if (sqlite3_stricmp(schema->tables[i].name, fk->table) == 0) t = &schema->tables[i];
    }
    return t;
}

/* Resolves every label of a relation column given as strings into c->ids. */
static quiver_error_t qv_resolve_labels(qv_group_write* w, qv_write_column* c) {
    const qv_foreign_key* fk = &w->table->fks[c->column->fk];
    const qv_table* target = qv_fk_target(w->schema, fk);
    const qv_column* key = target ? qv_table_column(target, fk->to ? fk->to : "id") : NULL;
    c->ids = (int64_t*)calloc(w->rows, sizeof(int64_t));
    if (!c->ids) return qv_fail("Out of memory");
    char* sql = key && qv_table_column(target, "label") ? qv_lookup_sql(key->name, target->name, "label") : NULL;
    quiver_error_t result = QUIVER_OK;
    for (size_t r = 0; r < w->rows && result == QUIVER_OK; ++r) {
        if (!qv_cell_present(c, r)) continue;
        const char* label = qv_cell_text(c, r);
        size_t len;
        const char* trimmed = qv_trim(label, &len);
        int found = 0;
        if (sql) result = qv_lookup(w->db, sql, trimmed, len, 0, &found, &c->ids[r]);
        if (result == QUIVER_OK && !found)
            result = qv_fail("Failed to resolve label '%s' to ID in table '%s'", label, fk->table);
    }
    free(sql);
    return result;
}

/* Validates every present cell of a DATE_TIME column given as strings into c->dates.
 * index_style: vector/set messages name the array index, time-series ones only the column. */
static quiver_error_t qv_convert_dates(qv_group_write* w, qv_write_column* c, int index_style) {
    c->dates = (char*)calloc(w->rows, QV_DATETIME_TEXT_SIZE); /* calloc: rows comes from the caller */
    if (!c->dates) return qv_fail("Out of memory");
    for (size_t r = 0; r < w->rows; ++r) {
        if (!qv_cell_present(c, r)) continue;
        const char* text = qv_cell_text(c, r);
        size_t len;
        const char* trimmed = qv_trim(text, &len);
        if (!qv_datetime_canonical(trimmed, len, c->dates + r * QV_DATETIME_TEXT_SIZE)) {
            if (index_style)
                return qv_fail("Cannot %s: invalid DATE_TIME value for array '%s' index %zu: '%s' " QV_DATE_HINT, w->op,
                               c->name, r, text);
            return qv_fail("Cannot %s: invalid DATE_TIME value for column '%s': '%s' " QV_DATE_HINT, w->op, c->name,
                           text);
        }
    }
    return QUIVER_OK;
}

/* Index of the first present cell, or rows when there is none. */
static size_t qv_first_present(const qv_group_write* w, const qv_write_column* c) {
    size_t r = 0;
    while (r < w->rows && !qv_cell_present(c, r))
        ++r;
    return r;
}

/* ---- per-kind checks ----------------------------------------------------------------------------- */

/* Vector/set: the name of every column, in ascending order. */
static quiver_error_t qv_check_names_vector_set(qv_group_write* w) {
    for (size_t i = 0; i < w->count; ++i) {
        qv_write_column* c = &w->cols[i];
        if (strcmp(c->name, "id") == 0 || (w->kind == QV_TABLE_VECTOR && strcmp(c->name, "vector_index") == 0))
            return qv_fail("Cannot %s: column '%s' is managed by the group table, not a value column", w->op, c->name);
        c->column = qv_table_column(w->table, c->name);
        if (!c->column)
            return qv_fail("Cannot %s: column '%s' not found in group '%s' for collection '%s'", w->op, c->name,
                           w->group, w->collection);
    }
    return QUIVER_OK;
}

/* Vector/set: the cells of one column (types per cell, labels, dates). */
static quiver_error_t qv_check_cells_vector_set(qv_group_write* w, qv_write_column* c) {
    size_t first = qv_first_present(w, c);
    if (first == w->rows) {
        c->bind = QV_BIND_TEXT; /* every cell is NULL: nothing to check */
        return QUIVER_OK;
    }
    quiver_data_type_t want = c->column->type;
    int is_string = qv_is_string_type(c->type);
    int ok = 1;
    switch (want) {
        case QUIVER_DATA_TYPE_INTEGER:
            if (c->type == QUIVER_DATA_TYPE_INTEGER) {
                c->bind = QV_BIND_INTEGER;
            } else if (is_string && c->column->fk >= 0) {
                c->bind = QV_BIND_ID;
                return qv_resolve_labels(w, c);
            } else if (is_string) {
                return qv_fail("Cannot %s: type mismatch for column '%s': expected INTEGER, got TEXT", w->op, c->name);
            } else {
                ok = 0;
            }
            break;
        case QUIVER_DATA_TYPE_FLOAT:
            ok = !is_string;
            c->bind = QV_BIND_REAL;
            break;
        case QUIVER_DATA_TYPE_DATE_TIME:
            if (!is_string) {
                ok = 0;
                break;
            }
            c->bind = QV_BIND_DATE;
            return qv_convert_dates(w, c, 1);
        default:
            ok = is_string;
            c->bind = QV_BIND_TEXT;
            break;
    }
    if (!ok)
        return qv_fail("Cannot %s: type mismatch for array '%s' index %zu: expected %s, got %s", w->op, c->name, first,
                       qv_schema_type_name(want), qv_input_type_name(c->type));
    return QUIVER_OK;
}

static quiver_error_t qv_check_vector_set(qv_group_write* w) {
    if (qv_check_names_vector_set(w) != QUIVER_OK) return QUIVER_ERROR;
    for (size_t i = 0; i < w->count; ++i) {
        if (qv_check_cells_vector_set(w, &w->cols[i]) != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

static int qv_has_column(const qv_group_write* w, const char* name) {
    for (size_t i = 0; i < w->count; ++i) {
        if (strcmp(w->cols[i].name, name) == 0) return 1;
    }
    return 0;
}

/* Time series: key columns present, then name, type and dates of each column in name order. */
static quiver_error_t qv_check_time_series(qv_group_write* w) {
    const qv_table* t = w->table;
    for (size_t i = 0; i < t->column_count; ++i) {
        const qv_column* col = &t->columns[i];
        if (col->pk > 0 && strcmp(col->name, "id") != 0 && !qv_has_column(w, col->name))
            return qv_fail("Cannot %s: row missing required '%s' column", w->op, col->name);
    }
    for (size_t i = 0; i < w->count; ++i) {
        qv_write_column* c = &w->cols[i];
        c->column = strcmp(c->name, "id") == 0 ? NULL : qv_table_column(t, c->name);
        if (!c->column)
            return qv_fail("Cannot %s: column '%s' not found in group '%s' for collection '%s'", w->op, c->name,
                           w->group, w->collection);
        if (qv_first_present(w, c) == w->rows) {
            c->bind = QV_BIND_TEXT; /* every cell is NULL: not type-checked */
            continue;
        }
        quiver_data_type_t want = c->column->type;
        int is_string = qv_is_string_type(c->type);
        int ok;
        switch (want) {
            case QUIVER_DATA_TYPE_INTEGER:
                ok = c->type == QUIVER_DATA_TYPE_INTEGER;
                c->bind = QV_BIND_INTEGER;
                break;
            case QUIVER_DATA_TYPE_FLOAT:
                ok = !is_string;
                c->bind = QV_BIND_REAL;
                break;
            case QUIVER_DATA_TYPE_DATE_TIME:
                ok = is_string;
                c->bind = QV_BIND_DATE;
                break;
            default:
                ok = is_string;
                c->bind = QV_BIND_TEXT;
                break;
        }
        if (!ok)
            return qv_fail("Cannot %s: column '%s' has type %s but received %s", w->op, c->name,
                           qv_schema_type_name(want), qv_input_type_name(c->type));
        if (c->bind == QV_BIND_DATE && qv_convert_dates(w, c, 0) != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

/* ---- the write itself ---------------------------------------------------------------------------- */

static int qv_bind_cell(sqlite3_stmt* st, int param, const qv_write_column* c, size_t r) {
    if (!qv_cell_present(c, r)) return sqlite3_bind_null(st, param);
    switch (c->bind) {
        case QV_BIND_INTEGER: return sqlite3_bind_int64(st, param, ((const int64_t*)c->data)[r]);
        case QV_BIND_REAL:
            if (c->type == QUIVER_DATA_TYPE_INTEGER)
                return sqlite3_bind_double(st, param, (double)((const int64_t*)c->data)[r]);
            return sqlite3_bind_double(st, param, ((const double*)c->data)[r]);
        case QV_BIND_DATE:
            return sqlite3_bind_text(st, param, c->dates + r * QV_DATETIME_TEXT_SIZE, QV_DATETIME_TEXT_SIZE - 1,
                                     SQLITE_STATIC);
        case QV_BIND_ID: return sqlite3_bind_int64(st, param, c->ids[r]);
        default: {
            size_t len;
            const char* text = qv_trim(qv_cell_text(c, r), &len);
            return sqlite3_bind_text64(st, param, text, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
        }
    }
}

/* Runs one cached statement built in sql with only the element id bound. */
static quiver_error_t qv_exec_with_id(quiver_database_t* db, const char* sql, int64_t id) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(db, sql, &st) != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    quiver_error_t result = rc == SQLITE_DONE ? QUIVER_OK : qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

/* Deletes the element's rows and inserts the new ones with one prepared INSERT. */
static quiver_error_t qv_replace_rows(qv_group_write* w, int64_t id) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "DELETE FROM ");
    qv_buf_append_ident(&sql, w->table->name);
    qv_buf_append(&sql, " WHERE \"id\" = ?1");
    char* text = qv_buf_take(&sql);
    if (!text) return qv_fail("Out of memory");
    quiver_error_t result = qv_exec_with_id(w->db, text, id);
    free(text);
    if (result != QUIVER_OK || w->count == 0) return result;

    int vector = w->kind == QV_TABLE_VECTOR;
    qv_buf_append(&sql, "INSERT INTO ");
    qv_buf_append_ident(&sql, w->table->name);
    qv_buf_append(&sql, vector ? " (\"id\", \"vector_index\"" : " (\"id\"");
    for (size_t i = 0; i < w->count; ++i) {
        qv_buf_append(&sql, ", ");
        qv_buf_append_ident(&sql, w->cols[i].column->name);
    }
    qv_buf_append(&sql, ") VALUES (?1");
    size_t params = w->count + (vector ? 1u : 0u);
    for (size_t p = 0; p < params; ++p)
        qv_buf_appendf(&sql, ", ?%zu", p + 2);
    qv_buf_append(&sql, ")");
    text = qv_buf_take(&sql);
    if (!text) return qv_fail("Out of memory");
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(w->db, text, &st) != SQLITE_OK) {
        free(text);
        return qv_fail_sqlite(w->db->db, "Failed to prepare statement");
    }
    free(text);
    int first = vector ? 3 : 2;
    int rc = sqlite3_bind_int64(st, 1, id);
    for (size_t r = 0; r < w->rows && rc == SQLITE_OK; ++r) {
        if (vector) rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)(r + 1));
        for (size_t i = 0; i < w->count && rc == SQLITE_OK; ++i)
            rc = qv_bind_cell(st, first + (int)i, &w->cols[i], r);
        if (rc == SQLITE_OK) rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) rc = sqlite3_reset(st);
    }
    if (rc != SQLITE_OK) result = qv_fail_sqlite(w->db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

/* ---- entry -------------------------------------------------------------------------------------- */

/* Sorted columns of the input; of repeated names the last one is used. */
static quiver_error_t qv_gather_columns(qv_group_write* w, const char* const* names, const int* types,
                                        const void* const* data, const uint8_t* const* masks, size_t count) {
    w->cols = (qv_write_column*)calloc(count ? count : 1, sizeof(qv_write_column));
    if (!w->cols) return qv_fail("Out of memory");
    for (size_t i = 0; i < count; ++i) {
        w->cols[i].name = names[i];
        w->cols[i].type = types[i];
        w->cols[i].data = data[i];
        w->cols[i].mask = masks ? masks[i] : NULL;
    }
    /* A stable sort of input positions by name (column counts are small). */
    size_t* order = (size_t*)malloc((count ? count : 1) * sizeof(size_t));
    qv_write_column* sorted = (qv_write_column*)calloc(count ? count : 1, sizeof(qv_write_column));
    if (!order || !sorted) {
        free(order);
        free(sorted);
        return qv_fail("Out of memory");
    }
    for (size_t i = 0; i < count; ++i) {
        size_t j = i;
        while (j > 0 && strcmp(names[order[j - 1]], names[i]) > 0) {
            order[j] = order[j - 1];
            --j;
        }
        order[j] = i;
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
        const qv_write_column* c = &w->cols[order[i]];
        if (kept > 0 && strcmp(sorted[kept - 1].name, c->name) == 0)
            sorted[kept - 1] = *c;
        else
            sorted[kept++] = *c;
    }
    free(order);
    free(w->cols);
    w->cols = sorted;
    w->count = kept;
    return QUIVER_OK;
}

static quiver_error_t qv_group_write_locked(qv_group_write* w, const char* op_full, const char* label, int64_t id,
                                            const char* const* names, const int* types, const void* const* data,
                                            const uint8_t* const* masks, size_t count) {
    if (qv_db_schema(w->db, &w->schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* coll = qv_schema_collection(w->schema, w->collection);
    if (!coll) return qv_fail("Cannot %s: collection not found: %s", op_full, w->collection);
    if (label && qv_element_id_by_label(w->db, coll->table, label, &id) != QUIVER_OK) return QUIVER_ERROR;
    qv_table* const* tables = w->kind == QV_TABLE_VECTOR ? coll->vectors
                              : w->kind == QV_TABLE_SET  ? coll->sets
                                                         : coll->time_series;
    size_t table_count = w->kind == QV_TABLE_VECTOR ? coll->vector_count
                         : w->kind == QV_TABLE_SET  ? coll->set_count
                                                    : coll->time_series_count;
    for (size_t i = 0; i < table_count && !w->table; ++i) {
        if (strcmp(tables[i]->group, w->group) == 0) w->table = tables[i];
    }
    if (!w->table) {
        const char* kind = w->kind == QV_TABLE_VECTOR ? "Vector" : w->kind == QV_TABLE_SET ? "Set" : "Time series";
        return qv_fail("%s group not found: '%s' in collection '%s'", kind, w->group, w->collection);
    }
    if (!label && w->kind != QV_TABLE_TIME_SERIES && qv_require_element(w->db, coll->table, id) != QUIVER_OK)
        return QUIVER_ERROR;
    if (qv_gather_columns(w, names, types, data, masks, count) != QUIVER_OK) return QUIVER_ERROR;
    if (w->count > 0) {
        quiver_error_t checked = w->kind == QV_TABLE_TIME_SERIES ? qv_check_time_series(w) : qv_check_vector_set(w);
        if (checked != QUIVER_OK) return QUIVER_ERROR;
    }
    if (qv_write_begin(w->db) != QUIVER_OK) return QUIVER_ERROR;
    return qv_write_end(w->db, qv_replace_rows(w, id));
}

/* The shared writer behind the six public functions; op_full is the public name without the
 * quiver_database_ prefix. label == NULL addresses the element by id. */
static quiver_error_t qv_group_write_call(quiver_database_t* db, qv_table_kind kind, const char* op_full,
                                          const char* collection, const char* group, const char* label, int64_t id,
                                          const char* const* column_names, const int* column_types,
                                          const void* const* column_data, const uint8_t* const* column_has_value,
                                          size_t column_count, size_t row_count) {
    if (column_count > 0) {
        QV_REQUIRE(column_names);
        QV_REQUIRE(column_types);
        QV_REQUIRE(column_data);
        if (row_count == 0) {
            qv_buf list;
            qv_buf_init(&list);
            for (size_t i = 0; i < column_count; ++i) {
                if (i) qv_buf_append(&list, ", ");
                qv_buf_append(&list, column_names[i] ? column_names[i] : "");
            }
            quiver_error_t failed =
                qv_fail("Cannot %s: columns [%s] contain no rows; pass no columns to clear the group", op_full,
                        qv_buf_str(&list));
            qv_buf_free(&list);
            return failed;
        }
        for (size_t i = 0; i < column_count; ++i) {
            if (column_types[i] < QUIVER_DATA_TYPE_INTEGER || column_types[i] > QUIVER_DATA_TYPE_DATE_TIME)
                return qv_fail("Cannot %s: unknown column type %d", op_full, column_types[i]);
            if (!column_names[i]) return qv_fail("Null argument: column_names");
        }
    }
    qv_group_write w;
    memset(&w, 0, sizeof w);
    w.db = db;
    w.kind = kind;
    w.op = kind == QV_TABLE_VECTOR ? "update_vector_group"
           : kind == QV_TABLE_SET  ? "update_set_group"
                                   : "update_time_series_group";
    w.collection = collection;
    w.group = group;
    w.rows = column_count > 0 ? row_count : 0;
    QV_LOCK(db);
    quiver_error_t result = qv_group_write_locked(&w, op_full, label, id, column_names, column_types, column_data,
                                                  column_has_value, column_count);
    QV_UNLOCK(db);
    qv_write_columns_free(w.cols, w.count);
    return result;
}

#define QV_GROUP_WRITE_BY_ID(fn, kind)                                                                                \
    quiver_error_t quiver_database_##fn(quiver_database_t* db, const char* collection, const char* group, int64_t id, \
                                        const char* const* column_names, const int* column_types,                     \
                                        const void* const* column_data, const uint8_t* const* column_has_value,       \
                                        size_t column_count, size_t row_count) {                                      \
        QV_REQUIRE(db);                                                                                               \
        QV_REQUIRE(collection);                                                                                       \
        QV_REQUIRE(group);                                                                                            \
        return qv_group_write_call(db, kind, #fn, collection, group, NULL, id, column_names, column_types,            \
                                   column_data, column_has_value, column_count, row_count);                           \
    }

#define QV_GROUP_WRITE_BY_LABEL(fn, kind)                                                                            \
    quiver_error_t quiver_database_##fn(quiver_database_t* db, const char* collection, const char* group,            \
                                        const char* label, const char* const* column_names, const int* column_types, \
                                        const void* const* column_data, const uint8_t* const* column_has_value,      \
                                        size_t column_count, size_t row_count) {                                     \
        QV_REQUIRE(db);                                                                                              \
        QV_REQUIRE(collection);                                                                                      \
        QV_REQUIRE(group);                                                                                           \
        QV_REQUIRE(label);                                                                                           \
        return qv_group_write_call(db, kind, #fn, collection, group, label, 0, column_names, column_types,           \
                                   column_data, column_has_value, column_count, row_count);                          \
    }

QV_GROUP_WRITE_BY_ID(update_vector_group, QV_TABLE_VECTOR)
QV_GROUP_WRITE_BY_LABEL(update_vector_group_by_label, QV_TABLE_VECTOR)
QV_GROUP_WRITE_BY_ID(update_set_group, QV_TABLE_SET)
QV_GROUP_WRITE_BY_LABEL(update_set_group_by_label, QV_TABLE_SET)
QV_GROUP_WRITE_BY_ID(update_time_series_group, QV_TABLE_TIME_SERIES)
QV_GROUP_WRITE_BY_LABEL(update_time_series_group_by_label, QV_TABLE_TIME_SERIES)
