/*
 * Time-series files: the single-row table <Collection>_time_series_files whose TEXT columns hold
 * file paths. has / list columns / read / update, and the free function of the read result.
 */
#include <string.h>

#include "internal.h"

/* The files table of collection, after the collection check with op's message. *out may be NULL
 * when the collection has no files table and require_table is 0. */
static quiver_error_t qv_files_table(quiver_database_t* db, const char* op, const char* collection, int require_table,
                                     const qv_table** out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* c = qv_schema_collection(schema, collection);
    if (!c) return qv_fail("Cannot %s: collection not found: %s", op, collection);
    if (!c->files && require_table)
        return qv_fail("Time series files table not found: %s_time_series_files", collection);
    *out = c->files;
    return QUIVER_OK;
}

quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection, int* out_result) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_result);
    QV_LOCK(db);
    const qv_table* t = NULL;
    quiver_error_t rc = qv_files_table(db, "has_time_series_files", collection, 0, &t);
    if (rc == QUIVER_OK) *out_result = t != NULL;
    QV_UNLOCK(db);
    return rc;
}

static void qv_files_free_strings(char** strings, size_t count) {
    if (!strings) return;
    for (size_t i = 0; i < count; ++i)
        free(strings[i]);
    free(strings);
}

static quiver_error_t qv_files_list(quiver_database_t* db, const char* collection, char*** out_columns,
                                    size_t* out_count) {
    const qv_table* t = NULL;
    if (qv_files_table(db, "list_time_series_files_columns", collection, 1, &t) != QUIVER_OK) return QUIVER_ERROR;
    char** names = NULL;
    if (t->column_count > 0) {
        names = (char**)calloc(t->column_count, sizeof *names);
        if (!names) return qv_fail("Out of memory");
        for (size_t i = 0; i < t->column_count; ++i) {
            names[i] = qv_strdup(t->columns[i].name);
            if (!names[i]) {
                qv_files_free_strings(names, i);
                return qv_fail("Out of memory");
            }
        }
    }
    *out_columns = names;
    *out_count = t->column_count;
    return QUIVER_OK;
}

quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db, const char* collection,
                                                              char*** out_columns, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_columns);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    quiver_error_t rc = qv_files_list(db, collection, out_columns, out_count);
    QV_UNLOCK(db);
    return rc;
}

static int qv_files_name_cmp(const void* a, const void* b) {
    const qv_column* x = *(const qv_column* const*)a;
    const qv_column* y = *(const qv_column* const*)b;
    return strcmp(x->name, y->name);
}

/* Reads the first row: one statement over every column, in name order. */
static quiver_error_t qv_files_read(quiver_database_t* db, const char* collection, char*** out_columns,
                                    char*** out_paths, size_t* out_count) {
    const qv_table* t = NULL;
    if (qv_files_table(db, "read_time_series_files", collection, 1, &t) != QUIVER_OK) return QUIVER_ERROR;
    size_t n = t->column_count;
    if (n == 0) {
        *out_columns = NULL;
        *out_paths = NULL;
        *out_count = 0;
        return QUIVER_OK;
    }
    const qv_column** sorted = (const qv_column**)malloc(n * sizeof *sorted);
    char** names = (char**)calloc(n, sizeof *names);
    char** paths = (char**)calloc(n, sizeof *paths);
    if (!sorted || !names || !paths) {
        free(sorted);
        free(names);
        free(paths);
        return qv_fail("Out of memory");
    }
    for (size_t i = 0; i < n; ++i)
        sorted[i] = &t->columns[i];
    qsort(sorted, n, sizeof *sorted, qv_files_name_cmp);

    qv_buf b;
    qv_buf_init(&b);
    qv_buf_append(&b, "SELECT ");
    for (size_t i = 0; i < n; ++i) {
        if (i) qv_buf_append(&b, ", ");
        qv_buf_append_ident(&b, sorted[i]->name);
    }
    qv_buf_append(&b, " FROM ");
    qv_buf_append_ident(&b, t->name);
    qv_buf_append(&b, " LIMIT 1");
    char* sql = qv_buf_take(&b);
    quiver_error_t result = QUIVER_OK;
    sqlite3_stmt* st = NULL;
    if (!sql)
        result = qv_fail("Out of memory");
    else if (qv_stmt_get(db, sql, &st) != SQLITE_OK)
        result = qv_fail_sqlite(db->db, "Failed to prepare statement");
    free(sql);
    if (result == QUIVER_OK) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            for (size_t i = 0; i < n && result == QUIVER_OK; ++i) {
                if (sqlite3_column_type(st, (int)i) == SQLITE_NULL) continue;
                const char* text = (const char*)sqlite3_column_text(st, (int)i);
                paths[i] = text ? qv_strndup(text, (size_t)sqlite3_column_bytes(st, (int)i)) : NULL;
                if (!paths[i]) result = qv_fail("Out of memory");
            }
        } else if (rc != SQLITE_DONE) {
            result = qv_fail_sqlite(db->db, "Failed to execute statement");
        }
        qv_stmt_done(st);
    }
    for (size_t i = 0; i < n && result == QUIVER_OK; ++i) {
        names[i] = qv_strdup(sorted[i]->name);
        if (!names[i]) result = qv_fail("Out of memory");
    }
    free(sorted);
    if (result != QUIVER_OK) {
        qv_files_free_strings(names, n);
        qv_files_free_strings(paths, n);
        return result;
    }
    *out_columns = names;
    *out_paths = paths;
    *out_count = n;
    return QUIVER_OK;
}

quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection,
                                                      char*** out_columns, char*** out_paths, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_columns);
    QV_REQUIRE(out_paths);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    quiver_error_t rc = qv_files_read(db, collection, out_columns, out_paths, out_count);
    QV_UNLOCK(db);
    return rc;
}

/* Runs a cached statement without parameters other than an optional text at ?1. */
static quiver_error_t qv_files_step(quiver_database_t* db, const char* sql, const char* text, size_t len, int bind,
                                    int* out_has_row) {
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get(db, sql, &st) != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    int rc = SQLITE_OK;
    if (bind) {
        rc = text ? sqlite3_bind_text64(st, 1, text, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8)
                  : sqlite3_bind_null(st, 1);
    }
    if (rc != SQLITE_OK) {
        quiver_error_t failed = qv_fail_sqlite(db->db, "Failed to bind parameter");
        qv_stmt_done(st);
        return failed;
    }
    rc = sqlite3_step(st);
    quiver_error_t result = QUIVER_OK;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        if (out_has_row) *out_has_row = rc == SQLITE_ROW;
    } else {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    return result;
}

/* Creates the row when the table has none, then one UPDATE per named column (in the given order,
 * so a repeated name ends with its last value). Every row is updated, as the reference does. */
static quiver_error_t qv_files_write(quiver_database_t* db, const qv_table* t, const char* const* columns,
                                     const char* const* paths, size_t count) {
    qv_buf b;
    qv_buf_init(&b);
    qv_buf_append(&b, "SELECT 1 FROM ");
    qv_buf_append_ident(&b, t->name);
    qv_buf_append(&b, " LIMIT 1");
    char* sql = qv_buf_take(&b);
    if (!sql) return qv_fail("Out of memory");
    int has_row = 0;
    quiver_error_t result = qv_files_step(db, sql, NULL, 0, 0, &has_row);
    free(sql);
    if (result == QUIVER_OK && !has_row) {
        qv_buf_append(&b, "INSERT INTO ");
        qv_buf_append_ident(&b, t->name);
        qv_buf_append(&b, " DEFAULT VALUES");
        sql = qv_buf_take(&b);
        result = sql ? qv_files_step(db, sql, NULL, 0, 0, NULL) : qv_fail("Out of memory");
        free(sql);
    }
    for (size_t i = 0; i < count && result == QUIVER_OK; ++i) {
        qv_buf_append(&b, "UPDATE ");
        qv_buf_append_ident(&b, t->name);
        qv_buf_append(&b, " SET ");
        qv_buf_append_ident(&b, columns[i]);
        qv_buf_append(&b, " = ?1");
        sql = qv_buf_take(&b);
        if (!sql) {
            result = qv_fail("Out of memory");
            break;
        }
        const char* s = paths[i];
        size_t len = 0;
        if (s) s = qv_trim(s, &len);
        result = qv_files_step(db, sql, s, len, 1, NULL);
        free(sql);
    }
    return result;
}

static quiver_error_t qv_files_update(quiver_database_t* db, const char* collection, const char* const* columns,
                                      const char* const* paths, size_t count) {
    const qv_table* t = NULL;
    if (qv_files_table(db, "update_time_series_files", collection, 1, &t) != QUIVER_OK) return QUIVER_ERROR;
    for (size_t i = 0; i < count; ++i) {
        if (!columns[i]) return qv_fail("Null argument: columns");
        if (!qv_table_column(t, columns[i])) {
            return qv_fail("Cannot update_time_series_files: column '%s' not found in table '%s'", columns[i], t->name);
        }
    }
    if (count == 0) return QUIVER_OK;
    if (qv_write_begin(db) != QUIVER_OK) return QUIVER_ERROR;
    return qv_write_end(db, qv_files_write(db, t, columns, paths, count));
}

quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection,
                                                        const char* const* columns, const char* const* paths,
                                                        size_t count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    if (count > 0) {
        QV_REQUIRE(columns);
        QV_REQUIRE(paths);
    }
    QV_LOCK(db);
    quiver_error_t rc = qv_files_update(db, collection, columns, paths, count);
    QV_UNLOCK(db);
    return rc;
}

quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count) {
    QV_REQUIRE(columns);
    QV_REQUIRE(paths);
    for (size_t i = 0; i < count; ++i) {
        free(columns[i]);
        free(paths[i]);
    }
    free(columns);
    free(paths);
    return QUIVER_OK;
}
