/*
 * Time series, one row at a time: the at-or-before lookup across every element of a collection
 * (quiver_database_read_time_series_row) and single-row upserts (quiver_database_upsert_time_series_row
 * and its _by_label form). Whole-group reads and writes live in group_read.c / group_write.c.
 *
 * Date-times. Every DATE_TIME value written here is validated with qv_datetime_canonical and
 * stored as YYYY-MM-DDTHH:MM:SS, so for rows written by this library text order is time order.
 * Databases written by the reference may also hold YYYY-MM-DD and YYYY-MM-DD HH:MM:SS keys; the
 * lookup below answers chronologically for those too (see qv_row_lookup_sql).
 */
#include <string.h>

#include "internal.h"

/* ---- shared helpers --------------------------------------------------------------------------- */

static quiver_error_t qv_row_collection(quiver_database_t* db, const char* op, const char* collection,
                                        const qv_collection** out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* c = qv_schema_collection(schema, collection);
    if (!c) return qv_fail("Cannot %s: collection not found: %s", op, collection);
    *out = c;
    return QUIVER_OK;
}

/* The table <collection>_time_series_<group>. The files table answers too (group "files"): it
 * has no dimension column, which callers report. */
static quiver_error_t qv_row_group_table(quiver_database_t* db, const char* collection, const char* group,
                                         const qv_table** out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    char* name = qv_sprintf("%s_time_series_%s", collection, group);
    if (!name) return qv_fail("Out of memory");
    const qv_table* t = qv_schema_table(schema, name);
    free(name);
    if (!t || (t->kind != QV_TABLE_TIME_SERIES && t->kind != QV_TABLE_TIME_SERIES_FILES) || !t->parent ||
        strcmp(t->parent, collection) != 0) {
        return qv_fail("Time series group not found: '%s' in collection '%s'", group, collection);
    }
    *out = t;
    return QUIVER_OK;
}

static int qv_row_is_key_column(const qv_column* c) { return c->pk > 0 && strcmp(c->name, "id") != 0; }

/* ---- read_time_series_row ------------------------------------------------------------------- */

/*
 * The lookup query, one statement for every element of the collection, driven by the primary-key
 * index (id, <dimension>) of the group table.
 *
 * For each element the answer is the attribute of the latest row at or before the date among
 * the rows where the attribute is not NULL. Each candidate below is a correlated subquery that
 * seeks into the index at (id, bound) and walks backwards, skipping rows whose attribute is NULL;
 * its cost depends on the number of trailing NULL rows it skips, never on the length of the
 * series (without an index on the attribute itself, skipping NULLs is unavoidable).
 *
 * Rows written by this library are canonical (YYYY-MM-DDTHH:MM:SS), where text order is time
 * order and the first candidate alone would do. Legacy rows written by the reference may be
 * YYYY-MM-DD (midnight) or YYYY-MM-DD HH:MM:SS. Within one day, text order puts the date-only
 * key first, then the space-separated keys (in time order), then the T-separated keys (in time
 * order); across days text order is still time order since the day is the 10-character prefix.
 * So, with D the requested instant (?1, canonical), day(D) (?2), D written with a space (?3),
 * day(D)||'T' (?4) and day(D)||' ' (?5), the latest qualifying row is the chronologically
 * greatest of:
 *   1. the greatest T-separated key of day(D) in [?4, ?1];
 *   2. the greatest space-separated key of day(D) in [?5, ?3];
 *   3. the greatest key <= ?2: the date-only key of day(D), else the textually greatest key of
 *      the latest earlier day holding a value (a T key if that day has one);
 *   4. the greatest space-separated key of that same day (found from candidate 3), which may be
 *      later in time than its T keys.
 * The (at most four) candidates are ranked by their canonical spelling, ties by text.
 */
static char* qv_row_lookup_sql(const qv_table* coll, const qv_table* t, const char* attribute, const char* dimension,
                               int canonical) {
    qv_buf b, tbl, a, k;
    qv_buf_init(&b);
    qv_buf_init(&tbl);
    qv_buf_init(&a);
    qv_buf_init(&k);
    qv_buf_append_ident(&tbl, t->name);
    qv_buf_append_ident(&a, attribute);
    qv_buf_append_ident(&k, dimension);
    const char* T = qv_buf_str(&tbl);
    const char* A = qv_buf_str(&a);
    const char* K = qv_buf_str(&k);
    if (!canonical) {
        /* A date the grammar does not accept (C callers only) is compared as text. */
        qv_buf_appendf(&b,
                       "SELECT (SELECT t.%s FROM %s t WHERE t.\"id\" = c.\"id\" AND t.%s <= ?1 AND t.%s IS NOT NULL "
                       "ORDER BY t.%s DESC LIMIT 1) FROM ",
                       A, T, K, A, K);
    } else {
        static const char* const bounds[] = {"t.%s >= ?4 AND t.%s <= ?1", "t.%s >= ?5 AND t.%s <= ?3"};
        qv_buf_append(&b, "SELECT (SELECT v FROM (");
        for (int i = 0; i < 2; ++i) {
            qv_buf_appendf(&b, "SELECT * FROM (SELECT t.%s AS v, t.%s AS k FROM %s t WHERE t.\"id\" = c.\"id\" AND ", A,
                           K, T);
            qv_buf_appendf(&b, bounds[i], K, K);
            qv_buf_appendf(&b, " AND t.%s IS NOT NULL ORDER BY t.%s DESC LIMIT 1) UNION ALL ", A, K);
        }
        qv_buf_appendf(&b,
                       "SELECT * FROM (SELECT t.%s AS v, t.%s AS k FROM %s t WHERE t.\"id\" = c.\"id\" AND t.%s <= ?2 "
                       "AND t.%s IS NOT NULL ORDER BY t.%s DESC LIMIT 1) UNION ALL ",
                       A, K, T, K, A, K);
        /* The day of candidate 3, as a correlated scalar subquery. */
        qv_buf prev;
        qv_buf_init(&prev);
        qv_buf_appendf(&prev,
                       "(SELECT substr(p.%s, 1, 10) FROM %s p WHERE p.\"id\" = c.\"id\" AND p.%s <= ?2 AND "
                       "p.%s IS NOT NULL ORDER BY p.%s DESC LIMIT 1)",
                       K, T, K, A, K);
        const char* P = qv_buf_str(&prev);
        qv_buf_appendf(&b,
                       "SELECT * FROM (SELECT t.%s AS v, t.%s AS k FROM %s t WHERE t.\"id\" = c.\"id\" AND "
                       "t.%s >= %s || ' ' AND t.%s < %s || '!' AND t.%s <= ?3 AND t.%s IS NOT NULL "
                       "ORDER BY t.%s DESC LIMIT 1)) ",
                       A, K, T, K, P, K, P, K, A, K);
        if (prev.oom) b.oom = 1;
        qv_buf_free(&prev);
        qv_buf_append(&b,
                      "ORDER BY CASE WHEN length(k) = 10 THEN k || 'T00:00:00' "
                      "WHEN substr(k, 11, 1) = ' ' THEN substr(k, 1, 10) || 'T' || substr(k, 12) ELSE k END DESC, "
                      "k DESC LIMIT 1) FROM ");
    }
    qv_buf_append_ident(&b, coll->name);
    qv_buf_append(&b, " c ORDER BY c.\"id\"");
    if (tbl.oom || a.oom || k.oom) b.oom = 1;
    qv_buf_free(&tbl);
    qv_buf_free(&a);
    qv_buf_free(&k);
    return qv_buf_take(&b);
}

typedef struct {
    int type;
    size_t count, cap;
    void* values; /* int64_t[], double[] or char*[] by type; NULL for packed texts */
    uint8_t* mask;
    int packed; /* texts go to text, each followed by a NUL ("" when absent) */
    qv_buf text;
    size_t absent;
} qv_row_result;

static int qv_row_is_text(const qv_row_result* r) {
    return r->type == QUIVER_DATA_TYPE_STRING || r->type == QUIVER_DATA_TYPE_DATE_TIME;
}

static void qv_row_result_free(qv_row_result* r) {
    if (qv_row_is_text(r) && r->values) {
        char** s = (char**)r->values;
        for (size_t i = 0; i < r->count; ++i)
            free(s[i]);
    }
    free(r->values);
    free(r->mask);
    qv_buf_free(&r->text);
    r->values = NULL;
    r->mask = NULL;
    r->count = r->cap = 0;
}

static size_t qv_row_cell_size(int type) {
    if (type == QUIVER_DATA_TYPE_INTEGER) return sizeof(int64_t);
    if (type == QUIVER_DATA_TYPE_FLOAT) return sizeof(double);
    return sizeof(char*);
}

/* Appends column 0 of the current row. Returns 0, or -1 when out of memory. */
static int qv_row_result_push(qv_row_result* r, sqlite3_stmt* st) {
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        if (!(r->packed && qv_row_is_text(r))) {
            void* values = realloc(r->values, cap * qv_row_cell_size(r->type));
            if (!values) return -1;
            r->values = values;
        }
        uint8_t* mask = (uint8_t*)realloc(r->mask, cap);
        if (!mask) return -1;
        r->mask = mask;
        r->cap = cap;
    }
    size_t i = r->count;
    int present = sqlite3_column_type(st, 0) != SQLITE_NULL;
    r->absent += !present;
    if (r->packed && qv_row_is_text(r)) {
        if (present) {
            const char* text = (const char*)sqlite3_column_text(st, 0);
            if (!text) return -1;
            size_t n = (size_t)sqlite3_column_bytes(st, 0);
            /* Up to the first NUL, as the char* cells of the classic reader end there. */
            const char* nul = (const char*)memchr(text, '\0', n);
            if (nul) n = (size_t)(nul - text);
            qv_buf_append_n(&r->text, text, n);
        }
        qv_buf_append_n(&r->text, "", 1);
        if (r->text.oom) return -1;
        r->mask[i] = (uint8_t)(present ? 1 : 0);
        r->count = i + 1;
        return 0;
    }
    switch (r->type) {
        case QUIVER_DATA_TYPE_INTEGER:
            ((int64_t*)r->values)[i] = present ? (int64_t)sqlite3_column_int64(st, 0) : 0;
            break;
        case QUIVER_DATA_TYPE_FLOAT: ((double*)r->values)[i] = present ? sqlite3_column_double(st, 0) : 0.0; break;
        default: {
            char* s = NULL;
            if (present) {
                const char* text = (const char*)sqlite3_column_text(st, 0);
                if (!text) return -1;
                s = qv_strndup(text, (size_t)sqlite3_column_bytes(st, 0));
                if (!s) return -1;
            }
            ((char**)r->values)[i] = s;
            break;
        }
    }
    r->mask[i] = (uint8_t)(present ? 1 : 0);
    r->count = i + 1;
    return 0;
}

/* Runs the lookup into r (r->packed chosen by the caller; r->type set here). */
static quiver_error_t qv_read_row(quiver_database_t* db, const char* collection, const char* group,
                                  const char* attribute, const char* date_time, qv_row_result* r) {
    const qv_collection* coll = NULL;
    const qv_table* t = NULL;
    if (qv_row_collection(db, "read_time_series_row", collection, &coll) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_row_group_table(db, collection, group, &t) != QUIVER_OK) return QUIVER_ERROR;
    if (t->dimension < 0) return qv_fail("Dimension column not found: time series table '%s'", t->name);
    size_t keys = 0;
    for (size_t i = 0; i < t->column_count; ++i)
        keys += qv_row_is_key_column(&t->columns[i]) ? 1u : 0u;
    if (keys > 1) {
        return qv_fail("Cannot read_time_series_row: group '%s' of collection '%s' has more than one dimension column",
                       group, collection);
    }
    const qv_column* dim = &t->columns[t->dimension];
    const qv_column* col = qv_table_column(t, attribute);
    if (!col || col == dim || strcmp(col->name, "id") == 0) {
        return qv_fail("Time series attribute not found: '%s' in group '%s' of collection '%s'", attribute, group,
                       collection);
    }

    size_t len = 0;
    const char* trimmed = qv_trim(date_time, &len);
    char canon[QV_DATETIME_TEXT_SIZE];
    int canonical = qv_datetime_canonical(trimmed, len, canon);
    char* sql = qv_row_lookup_sql(coll->table, t, col->name, dim->name, canonical);
    if (!sql) return qv_fail("Out of memory");
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, sql, &st);
    free(sql);
    if (rc != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");

    if (canonical) {
        char day[11], spaced[QV_DATETIME_TEXT_SIZE], day_t[12], day_s[12];
        memcpy(day, canon, 10);
        day[10] = '\0';
        memcpy(spaced, canon, QV_DATETIME_TEXT_SIZE);
        spaced[10] = ' ';
        memcpy(day_t, canon, 11);
        day_t[11] = '\0';
        memcpy(day_s, spaced, 11);
        day_s[11] = '\0';
        rc = sqlite3_bind_text(st, 1, canon, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 3, spaced, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 4, day_t, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 5, day_s, -1, SQLITE_TRANSIENT);
    } else {
        rc = sqlite3_bind_text(st, 1, date_time, -1, SQLITE_STATIC);
    }

    r->type = (int)col->type;
    quiver_error_t result = QUIVER_OK;
    if (rc != SQLITE_OK) {
        result = qv_fail_sqlite(db->db, "Failed to bind parameter");
        rc = SQLITE_DONE;
    }
    while (result == QUIVER_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (qv_row_result_push(r, st) != 0) {
            result = qv_fail("Out of memory");
            break;
        }
    }
    if (result == QUIVER_OK && rc != SQLITE_DONE) result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

quiver_error_t quiver_database_read_time_series_row(quiver_database_t* db, const char* collection, const char* group,
                                                    const char* attribute, const char* date_time, int* out_data_type,
                                                    void** out_values, uint8_t** out_mask, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(attribute);
    QV_REQUIRE(date_time);
    QV_REQUIRE(out_data_type);
    QV_REQUIRE(out_values);
    QV_REQUIRE(out_mask);
    QV_REQUIRE(out_count);
    qv_row_result r;
    memset(&r, 0, sizeof r);
    QV_LOCK(db);
    quiver_error_t rc = qv_read_row(db, collection, group, attribute, date_time, &r);
    QV_UNLOCK(db);
    if (rc != QUIVER_OK) {
        qv_row_result_free(&r);
        return rc;
    }
    *out_data_type = r.type;
    *out_values = r.values;
    *out_mask = r.mask;
    *out_count = r.count;
    return QUIVER_OK;
}

quiver_error_t quiver_database_read_time_series_row_packed(quiver_database_t* db, const char* collection,
                                                           const char* group, const char* attribute,
                                                           const char* date_time, quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(attribute);
    QV_REQUIRE(date_time);
    QV_REQUIRE(out);
    qv_row_result r;
    memset(&r, 0, sizeof r);
    r.packed = 1;
    QV_LOCK(db);
    quiver_error_t rc = qv_read_row(db, collection, group, attribute, date_time, &r);
    QV_UNLOCK(db);
    if (rc != QUIVER_OK) {
        qv_row_result_free(&r);
        return rc;
    }
    quiver_packed_values_t p;
    memset(&p, 0, sizeof p);
    p.type = r.type;
    p.count = r.count;
    p.absent_count = r.absent;
    if (r.count > 0) {
        if (qv_row_is_text(&r)) {
            p.text_size = r.text.len;
            p.text = qv_buf_take(&r.text);
        } else if (r.type == QUIVER_DATA_TYPE_INTEGER) {
            p.integers = (int64_t*)r.values;
        } else {
            p.floats = (double*)r.values;
        }
        p.mask = r.mask;
        r.values = NULL;
        r.mask = NULL;
    }
    qv_row_result_free(&r);
    *out = p;
    return QUIVER_OK;
}

/* ---- upsert_time_series_row ----------------------------------------------------------------- */

/* One input column after the C-layer checks: the last occurrence of each name wins. */
typedef struct {
    const char* name;
    size_t index; /* position in the caller's arrays */
    int type;     /* caller's type code; meaningless when is_null */
    int is_null;  /* no data pointer, or a NULL string cell */
    const qv_column* column;
    char canon[QV_DATETIME_TEXT_SIZE]; /* DATE_TIME columns: the stored form */
} qv_upsert_cell;

static int qv_upsert_cell_cmp(const void* a, const void* b) {
    const qv_upsert_cell* x = (const qv_upsert_cell*)a;
    const qv_upsert_cell* y = (const qv_upsert_cell*)b;
    int c = strcmp(x->name, y->name);
    if (c != 0) return c;
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

static const char* qv_upsert_received(int type) {
    if (type == QUIVER_DATA_TYPE_INTEGER) return "INTEGER";
    if (type == QUIVER_DATA_TYPE_FLOAT) return "REAL";
    return "TEXT";
}

static const char* qv_upsert_expected(quiver_data_type_t type) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return "INTEGER";
        case QUIVER_DATA_TYPE_FLOAT: return "REAL";
        case QUIVER_DATA_TYPE_DATE_TIME: return "DATE_TIME";
        default: return "TEXT";
    }
}

/* The C-layer check of the input arrays, before any lookup: a present cell needs a known type. */
static quiver_error_t qv_upsert_check_types(const char* op, const int* column_types, const void* const* column_data,
                                            size_t column_count) {
    for (size_t i = 0; i < column_count; ++i) {
        if (column_data[i] == NULL) continue;
        int type = column_types[i];
        if (type < QUIVER_DATA_TYPE_INTEGER || type > QUIVER_DATA_TYPE_DATE_TIME)
            return qv_fail("Cannot %s: unknown column type %d", op, type);
    }
    return QUIVER_OK;
}

/* Validates one cell against its column (names in byte order, the reference's order). */
static quiver_error_t qv_upsert_check_cell(qv_upsert_cell* cell, const qv_table* t, const char* group,
                                           const char* collection, const void* const* column_data) {
    const qv_column* col = qv_table_column(t, cell->name);
    if (!col || strcmp(col->name, "id") == 0) {
        return qv_fail("Cannot upsert_time_series_row: column '%s' not found in group '%s' for collection '%s'",
                       cell->name, group, collection);
    }
    cell->column = col;
    if (cell->is_null) return QUIVER_OK;
    int type = cell->type;
    int text = type == QUIVER_DATA_TYPE_STRING || type == QUIVER_DATA_TYPE_DATE_TIME;
    int ok = 0;
    switch (col->type) {
        case QUIVER_DATA_TYPE_INTEGER: ok = type == QUIVER_DATA_TYPE_INTEGER; break;
        case QUIVER_DATA_TYPE_FLOAT: ok = type == QUIVER_DATA_TYPE_INTEGER || type == QUIVER_DATA_TYPE_FLOAT; break;
        default: ok = text; break;
    }
    if (!ok) {
        return qv_fail("Cannot upsert_time_series_row: column '%s' has type %s but received %s", cell->name,
                       qv_upsert_expected(col->type), qv_upsert_received(type));
    }
    if (col->type == QUIVER_DATA_TYPE_DATE_TIME) {
        const char* raw = ((const char* const*)column_data[cell->index])[0];
        size_t len = 0;
        const char* s = qv_trim(raw, &len);
        if (!qv_datetime_canonical(s, len, cell->canon)) {
            return qv_fail(
                "Cannot upsert_time_series_row: invalid DATE_TIME value for column '%s': '%s' "
                "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
                cell->name, raw);
        }
    }
    return QUIVER_OK;
}

/* Binds one cell; returns the SQLite result code. */
static int qv_upsert_bind(sqlite3_stmt* st, int pos, const qv_upsert_cell* cell, const void* const* column_data) {
    if (cell->is_null) return sqlite3_bind_null(st, pos);
    const void* data = column_data[cell->index];
    switch (cell->column->type) {
        case QUIVER_DATA_TYPE_INTEGER: return sqlite3_bind_int64(st, pos, ((const int64_t*)data)[0]);
        case QUIVER_DATA_TYPE_FLOAT:
            if (cell->type == QUIVER_DATA_TYPE_INTEGER)
                return sqlite3_bind_double(st, pos, (double)((const int64_t*)data)[0]);
            return sqlite3_bind_double(st, pos, ((const double*)data)[0]);
        case QUIVER_DATA_TYPE_DATE_TIME: return sqlite3_bind_text(st, pos, cell->canon, -1, SQLITE_STATIC);
        default: {
            size_t len = 0;
            const char* s = qv_trim(((const char* const*)data)[0], &len);
            return sqlite3_bind_text64(st, pos, s, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
        }
    }
}

/* Validates the row, then INSERT OR REPLACE of the named columns inside the call's savepoint. */
static quiver_error_t qv_upsert(quiver_database_t* db, const char* collection, const char* group, int64_t id,
                                const char* const* column_names, const int* column_types,
                                const void* const* column_data, size_t column_count) {
    const qv_collection* coll = NULL;
    const qv_table* t = NULL;
    if (qv_row_collection(db, "upsert_time_series_row", collection, &coll) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_row_group_table(db, collection, group, &t) != QUIVER_OK) return QUIVER_ERROR;
    size_t keys = 0;
    for (size_t i = 0; i < t->column_count; ++i)
        keys += qv_row_is_key_column(&t->columns[i]) ? 1u : 0u;
    if (keys == 0) return qv_fail("Dimension column not found: time series table '%s'", t->name);

    qv_upsert_cell* cells = NULL;
    if (column_count > 0) {
        cells = (qv_upsert_cell*)calloc(column_count, sizeof *cells);
        if (!cells) return qv_fail("Out of memory");
    }
    for (size_t i = 0; i < column_count; ++i) {
        cells[i].name = column_names[i];
        cells[i].index = i;
        cells[i].type = column_types[i];
        const void* data = column_data[i];
        int text = column_types[i] == QUIVER_DATA_TYPE_STRING || column_types[i] == QUIVER_DATA_TYPE_DATE_TIME;
        cells[i].is_null = data == NULL || (text && ((const char* const*)data)[0] == NULL);
    }
    /* Sort by name (then position) and keep the last occurrence of each name. */
    if (column_count > 1) qsort(cells, column_count, sizeof *cells, qv_upsert_cell_cmp);
    size_t unique = 0;
    for (size_t i = 0; i < column_count; ++i) {
        if (i + 1 < column_count && strcmp(cells[i].name, cells[i + 1].name) == 0) continue;
        cells[unique++] = cells[i];
    }

    quiver_error_t result = QUIVER_OK;
    /* Every key column must be named, in declaration order. */
    for (size_t i = 0; i < t->column_count && result == QUIVER_OK; ++i) {
        const qv_column* c = &t->columns[i];
        if (!qv_row_is_key_column(c)) continue;
        int found = 0;
        for (size_t j = 0; j < unique && !found; ++j)
            found = strcmp(cells[j].name, c->name) == 0;
        if (!found) result = qv_fail("Cannot upsert_time_series_row: row missing required '%s' column", c->name);
    }
    for (size_t j = 0; j < unique && result == QUIVER_OK; ++j)
        result = qv_upsert_check_cell(&cells[j], t, group, collection, column_data);

    char* sql = NULL;
    if (result == QUIVER_OK) {
        /* Columns in declaration order, so one statement serves every call naming the same set. */
        qv_buf b;
        qv_buf_init(&b);
        qv_buf_append(&b, "INSERT OR REPLACE INTO ");
        qv_buf_append_ident(&b, t->name);
        qv_buf_append(&b, " (\"id\"");
        for (size_t i = 0; i < t->column_count; ++i) {
            for (size_t j = 0; j < unique; ++j) {
                if (cells[j].column == &t->columns[i]) {
                    qv_buf_append(&b, ", ");
                    qv_buf_append_ident(&b, t->columns[i].name);
                }
            }
        }
        qv_buf_append(&b, ") VALUES (?");
        for (size_t j = 0; j < unique; ++j)
            qv_buf_append(&b, ", ?");
        qv_buf_append(&b, ")");
        sql = qv_buf_take(&b);
        if (!sql) result = qv_fail("Out of memory");
    }
    if (result == QUIVER_OK) {
        sqlite3_stmt* st = NULL;
        int rc = qv_stmt_get(db, sql, &st);
        if (rc != SQLITE_OK) {
            result = qv_fail_sqlite(db->db, "Failed to prepare statement");
        } else if ((result = qv_write_begin(db)) == QUIVER_OK) {
            rc = sqlite3_bind_int64(st, 1, id);
            int pos = 2;
            for (size_t i = 0; i < t->column_count; ++i) {
                for (size_t j = 0; j < unique && rc == SQLITE_OK; ++j) {
                    if (cells[j].column == &t->columns[i]) rc = qv_upsert_bind(st, pos++, &cells[j], column_data);
                }
            }
            quiver_error_t step;
            if (rc != SQLITE_OK) {
                step = qv_fail_sqlite(db->db, "Failed to bind parameter");
            } else {
                rc = sqlite3_step(st);
                step = rc == SQLITE_DONE ? QUIVER_OK : qv_fail_sqlite(db->db, "Failed to execute statement");
            }
            qv_stmt_done(st);
            result = qv_write_end(db, step);
        } else {
            qv_stmt_done(st);
        }
    }
    free(sql);
    free(cells);
    return result;
}

/* The C-layer checks shared by both forms: arrays may be NULL only without columns. */
static quiver_error_t qv_upsert_check_arrays(const char* const* column_names, const int* column_types,
                                             const void* const* column_data, size_t column_count) {
    if (column_count == 0) return QUIVER_OK;
    QV_REQUIRE(column_names);
    QV_REQUIRE(column_types);
    QV_REQUIRE(column_data);
    for (size_t i = 0; i < column_count; ++i) {
        if (!column_names[i]) return qv_fail("Null argument: column_names");
    }
    return QUIVER_OK;
}

quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t* db, const char* collection, const char* group,
                                                      int64_t id, const char* const* column_names,
                                                      const int* column_types, const void* const* column_data,
                                                      size_t column_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    if (qv_upsert_check_arrays(column_names, column_types, column_data, column_count) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_upsert_check_types("upsert_time_series_row", column_types, column_data, column_count) != QUIVER_OK)
        return QUIVER_ERROR;
    QV_LOCK(db);
    quiver_error_t rc = qv_upsert(db, collection, group, id, column_names, column_types, column_data, column_count);
    QV_UNLOCK(db);
    return rc;
}

static quiver_error_t qv_upsert_by_label(quiver_database_t* db, const char* collection, const char* group,
                                         const char* label, const char* const* column_names, const int* column_types,
                                         const void* const* column_data, size_t column_count) {
    const qv_collection* coll = NULL;
    if (qv_row_collection(db, "upsert_time_series_row_by_label", collection, &coll) != QUIVER_OK) return QUIVER_ERROR;
    int64_t id = 0;
    if (qv_element_id_by_label(db, coll->table, label, &id) != QUIVER_OK) return QUIVER_ERROR;
    return qv_upsert(db, collection, group, id, column_names, column_types, column_data, column_count);
}

quiver_error_t quiver_database_upsert_time_series_row_by_label(quiver_database_t* db, const char* collection,
                                                               const char* group, const char* label,
                                                               const char* const* column_names, const int* column_types,
                                                               const void* const* column_data, size_t column_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(label);
    if (qv_upsert_check_arrays(column_names, column_types, column_data, column_count) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_upsert_check_types("upsert_time_series_row_by_label", column_types, column_data, column_count) != QUIVER_OK)
        return QUIVER_ERROR;
    QV_LOCK(db);
    quiver_error_t rc =
        qv_upsert_by_label(db, collection, group, label, column_names, column_types, column_data, column_count);
    QV_UNLOCK(db);
    return rc;
}
