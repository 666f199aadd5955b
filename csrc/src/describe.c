/*
 * describe / describe_collection: plain-text reports of the schema with per-column statistics
 * (python-api-core.md §5.3). All SQL is built from identifiers of the schema model and goes
 * through the statement cache; one statement counts a table's rows and the non-NULL cells of
 * every column at once.
 */
#include <string.h>

#include "internal.h"
#include "ui_metadata.h"

/* More distinct values than this and the "values {...}" clause is left out. */
#define QV_DESCRIBE_MAX_VALUES 64

static const char* qv_type_text(quiver_data_type_t type) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return "INTEGER";
        case QUIVER_DATA_TYPE_FLOAT: return "REAL";
        case QUIVER_DATA_TYPE_DATE_TIME: return "DATE_TIME";
        default: return "TEXT";
    }
}

/* Runs a cached single-row statement and reads its integer columns into out[0..n). */
static quiver_error_t qv_describe_counts(quiver_database_t* db, const char* sql, int64_t* out, size_t n) {
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, sql, &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        for (size_t i = 0; i < n; ++i)
            out[i] = sqlite3_column_int64(st, (int)i);
    }
    qv_stmt_done(st);
    if (rc != SQLITE_ROW) return qv_fail_sqlite(db->db, "Failed to execute statement");
    return QUIVER_OK;
}

/* Rows of the table and non-NULL cells of every column: counts[0] is the row count,
 * counts[1 + i] the non-NULL count of column i. */
static quiver_error_t qv_table_counts(quiver_database_t* db, const qv_table* t, int64_t* counts) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT COUNT(*)");
    for (size_t i = 0; i < t->column_count; ++i) {
        qv_buf_append(&sql, ", COUNT(");
        qv_buf_append_ident(&sql, t->columns[i].name);
        qv_buf_append(&sql, ")");
    }
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, t->name);
    quiver_error_t result =
        sql.oom ? qv_fail("Out of memory") : qv_describe_counts(db, qv_buf_str(&sql), counts, t->column_count + 1);
    qv_buf_free(&sql);
    return result;
}

/* Appends "; values {v: n, ...}" for an INTEGER column holding 1..64 distinct integers. */
static quiver_error_t qv_append_values(quiver_database_t* db, const qv_table* t, const char* column, qv_buf* out) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_buf_append_ident(&sql, column);
    qv_buf_append(&sql, ", COUNT(*) FROM ");
    qv_buf_append_ident(&sql, t->name);
    qv_buf_append(&sql, " WHERE typeof(");
    qv_buf_append_ident(&sql, column);
    qv_buf_append(&sql, ") = 'integer' GROUP BY 1 ORDER BY 1 LIMIT ");
    qv_buf_appendf(&sql, "%d", QV_DESCRIBE_MAX_VALUES + 1);
    if (sql.oom) {
        qv_buf_free(&sql);
        return qv_fail("Out of memory");
    }
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, qv_buf_str(&sql), &st);
    qv_buf_free(&sql);
    qv_buf clause;
    qv_buf_init(&clause);
    int rows = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        qv_buf_appendf(&clause, "%s%lld: %lld", rows ? ", " : "; values {", (long long)sqlite3_column_int64(st, 0),
                       (long long)sqlite3_column_int64(st, 1));
        ++rows;
        rc = SQLITE_OK;
    }
    qv_stmt_done(st);
    quiver_error_t result = QUIVER_OK;
    if (rc != SQLITE_DONE) {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    } else if (rows >= 1 && rows <= QV_DESCRIBE_MAX_VALUES) {
        qv_buf_append(&clause, "}");
        qv_buf_append(out, qv_buf_str(&clause));
        if (clause.oom) result = qv_fail("Out of memory");
    }
    qv_buf_free(&clause);
    return result;
}

static quiver_error_t qv_describe_scalars(quiver_database_t* db, const qv_table* t, int64_t rows,
                                          const int64_t* non_null, qv_buf* out) {
    qv_buf_append(out, "  Scalars:\n");
    for (size_t i = 0; i < t->column_count; ++i) {
        const qv_column* col = &t->columns[i];
        qv_buf_appendf(out, "    - %s (%s)", col->name, qv_type_text(col->type));
        if (col->pk > 0) {
            qv_buf_append(out, " PRIMARY KEY");
        } else if (col->not_null) {
            qv_buf_append(out, " NOT NULL");
        }
        qv_ui_describe_column(db->ui, t->name, col->name, out);
        qv_buf_appendf(out, "; %lld non-null, %lld null", (long long)non_null[i], (long long)(rows - non_null[i]));
        if (col->type == QUIVER_DATA_TYPE_INTEGER && col->pk == 0 &&
            qv_append_values(db, t, col->name, out) != QUIVER_OK)
            return QUIVER_ERROR;
        qv_buf_append(out, "\n");
    }
    return QUIVER_OK;
}

/* Number of distinct element ids having at least one row in a group table. */
static quiver_error_t qv_group_elements(quiver_database_t* db, const qv_table* g, int64_t* out) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT COUNT(DISTINCT \"id\") FROM ");
    qv_buf_append_ident(&sql, g->name);
    quiver_error_t result = sql.oom ? qv_fail("Out of memory") : qv_describe_counts(db, qv_buf_str(&sql), out, 1);
    qv_buf_free(&sql);
    return result;
}

/* One "Vectors:" / "Sets:" / "Time Series:" block. */
static quiver_error_t qv_describe_groups(quiver_database_t* db, const char* title, qv_table* const* groups,
                                         size_t count, int64_t rows, qv_buf* out) {
    if (count == 0) return QUIVER_OK;
    qv_buf_appendf(out, "  %s:\n", title);
    for (size_t g = 0; g < count; ++g) {
        const qv_table* t = groups[g];
        qv_buf_appendf(out, "    - %s: ", t->group);
        int first = 1;
        for (size_t i = 0; i < t->column_count; ++i) {
            const qv_column* col = &t->columns[i];
            if (strcmp(col->name, "id") == 0) continue;
            if (t->kind == QV_TABLE_VECTOR && strcmp(col->name, "vector_index") == 0) continue;
            qv_buf_append(out, first ? "" : ", ");
            first = 0;
            /* Time-series dimensions (key columns other than id) are shown without a type. */
            if (t->kind == QV_TABLE_TIME_SERIES && col->pk > 0) {
                qv_buf_appendf(out, "[%s]", col->name);
            } else {
                qv_buf_appendf(out, "%s(%s)", col->name, qv_type_text(col->type));
            }
        }
        int64_t filled = 0;
        if (qv_group_elements(db, t, &filled) != QUIVER_OK) return QUIVER_ERROR;
        qv_buf_appendf(out, "; %lld/%lld non-empty\n", (long long)filled, (long long)rows);
    }
    return QUIVER_OK;
}

/* The section of one table; collection is NULL for a table that is not a collection (group
 * tables are accepted like the reference does and show their columns as scalars). */
static quiver_error_t qv_describe_section(quiver_database_t* db, const qv_table* t, const qv_collection* c,
                                          qv_buf* out) {
    int64_t* counts = (int64_t*)calloc(t->column_count + 1, sizeof *counts);
    if (!counts) return qv_fail("Out of memory");
    quiver_error_t result = qv_table_counts(db, t, counts);
    if (result == QUIVER_OK) {
        int64_t rows = counts[0];
        qv_buf_appendf(out, "Collection: %s (%lld %s)\n", t->name, (long long)rows, rows == 1 ? "element" : "elements");
        result = qv_describe_scalars(db, t, rows, counts + 1, out);
        if (result == QUIVER_OK && c)
            result = qv_describe_groups(db, "Vectors", c->vectors, c->vector_count, rows, out);
        if (result == QUIVER_OK && c) result = qv_describe_groups(db, "Sets", c->sets, c->set_count, rows, out);
        if (result == QUIVER_OK && c)
            result = qv_describe_groups(db, "Time Series", c->time_series, c->time_series_count, rows, out);
    }
    free(counts);
    return result;
}

/* Hands the finished report to the caller, or fails when the buffer ran out of memory. */
static quiver_error_t qv_take_report(qv_buf* out, char** out_report) {
    char* report = out->oom ? NULL : qv_buf_take(out);
    if (!report) {
        qv_buf_free(out);
        return qv_fail("Out of memory");
    }
    *out_report = report;
    return QUIVER_OK;
}

static quiver_error_t qv_describe(quiver_database_t* db, char** out_report) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    int64_t version = 0;
    if (qv_describe_counts(db, "PRAGMA user_version", &version, 1) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf out;
    qv_buf_init(&out);
    qv_buf_appendf(&out, "Database: %s\nVersion: %lld\n", db->path, (long long)version);
    for (size_t i = 0; i < schema->collection_count; ++i) {
        const qv_collection* c = &schema->collections[i];
        qv_buf_append(&out, "\n");
        if (qv_describe_section(db, c->table, c, &out) != QUIVER_OK) {
            qv_buf_free(&out);
            return QUIVER_ERROR;
        }
    }
    return qv_take_report(&out, out_report);
}

quiver_error_t quiver_database_describe(quiver_database_t* db, char** out_report) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_report);
    QV_LOCK(db);
    quiver_error_t result = qv_describe(db, out_report);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_describe_collection(quiver_database_t* db, const char* collection, char** out_report) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_table* t = qv_schema_table(schema, collection);
    if (!t) return qv_fail("Cannot describe_collection: collection not found: %s", collection);
    qv_buf out;
    qv_buf_init(&out);
    if (qv_describe_section(db, t, qv_schema_collection(schema, collection), &out) != QUIVER_OK) {
        qv_buf_free(&out);
        return QUIVER_ERROR;
    }
    return qv_take_report(&out, out_report);
}

quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection, char** out_report) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_report);
    QV_LOCK(db);
    quiver_error_t result = qv_describe_collection(db, collection, out_report);
    QV_UNLOCK(db);
    return result;
}
