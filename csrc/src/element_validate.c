/*
 * What create_element and update_element do before writing (python-api-core.md 3.2-3.5, 3.10):
 * routing arrays to group tables by column name, resolving foreign-key labels, and checking
 * every value against its column's type. Also the binding of element values to statements
 * (trimmed text, canonical date-times, resolved ids).
 *
 * Order of the checks, as the reference reports them: strings given for INTEGER scalar columns
 * (labels of foreign keys, or a type mismatch), in name order; then, for create, the other scalar
 * checks before the arrays and, for update, after them. Arrays: routing in name order (an
 * unknown name fails at once; the ambiguity warning is logged; strings for INTEGER columns are
 * resolved), then per table in table-name order the item types and the lengths.
 */
#include <string.h>

#include "element_internal.h"

static const char* qv_type_name(quiver_data_type_t type) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return "INTEGER";
        case QUIVER_DATA_TYPE_FLOAT: return "REAL";
        case QUIVER_DATA_TYPE_DATE_TIME: return "DATE_TIME";
        default: return "TEXT";
    }
}

static const char* qv_kind_name(qv_value_kind kind) {
    switch (kind) {
        case QV_VALUE_INTEGER: return "INTEGER";
        case QV_VALUE_FLOAT: return "REAL";
        default: return "TEXT";
    }
}

static const char* qv_group_kind_name(qv_table_kind kind) {
    switch (kind) {
        case QV_TABLE_VECTOR: return "vector";
        case QV_TABLE_SET: return "set";
        default: return "time series";
    }
}

/* 0 when a value of this kind fits the column type, 1 on a type mismatch, 2 for text that is not
 * a date-time in a DATE_TIME column. Text in INTEGER columns is handled before (labels). */
static int qv_value_misfit(quiver_data_type_t type, qv_value_kind kind, const char* text) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return kind == QV_VALUE_INTEGER ? 0 : 1;
        case QUIVER_DATA_TYPE_FLOAT: return (kind == QV_VALUE_INTEGER || kind == QV_VALUE_FLOAT) ? 0 : 1;
        case QUIVER_DATA_TYPE_DATE_TIME: {
            if (kind != QV_VALUE_STRING) return 1;
            size_t len;
            const char* t = qv_trim(text, &len);
            return qv_datetime_parse(t, len, NULL) ? 0 : 2;
        }
        default: return kind == QV_VALUE_STRING ? 0 : 1;
    }
}

/* ---- routing ---------------------------------------------------------------------------------- */

static quiver_error_t qv_route_add(qv_route* r, const qv_element_array* a, int column) {
    const qv_element_array** arrays = (const qv_element_array**)realloc((void*)r->arrays, (r->n + 1) * sizeof *arrays);
    if (!arrays) return qv_fail("Out of memory");
    r->arrays = arrays;
    int* columns = (int*)realloc(r->columns, (r->n + 1) * sizeof *columns);
    if (!columns) return qv_fail("Out of memory");
    r->columns = columns;
    int64_t** ids = (int64_t**)realloc(r->ids, (r->n + 1) * sizeof *ids);
    if (!ids) return qv_fail("Out of memory");
    r->ids = ids;
    arrays[r->n] = a;
    columns[r->n] = column;
    ids[r->n] = NULL;
    r->n++;
    return QUIVER_OK;
}

/* Routes array a; logs the warning when it reaches several tables. */
static quiver_error_t qv_route_array(qv_write_ctx* ctx, const qv_element_array* a) {
    size_t matched = 0;
    qv_buf names;
    qv_buf_init(&names);
    for (size_t t = 0; t < ctx->route_count; ++t) {
        qv_route* r = &ctx->routes[t];
        int column = qv_table_column_index(r->table, a->name);
        if (column < 0) continue;
        if (qv_route_add(r, a, column) != QUIVER_OK) {
            qv_buf_free(&names);
            return QUIVER_ERROR;
        }
        if (matched++) qv_buf_append(&names, ", ");
        qv_buf_append(&names, r->table->name);
    }
    if (matched > 1) {
        qv_log(&ctx->db->log, QUIVER_LOG_WARN,
               "%s: array '%s' matches %zu group tables (%s) and will be written to all of them; use "
               "update_vector_group/update_set_group to target one group",
               ctx->op, a->name, matched, qv_buf_str(&names));
    }
    qv_buf_free(&names);
    if (matched) return QUIVER_OK;
    /* A vector group's own name addresses that table; its column check fails later. */
    for (size_t t = 0; t < ctx->route_count; ++t) {
        qv_route* r = &ctx->routes[t];
        if (r->table->kind == QV_TABLE_VECTOR && strcmp(r->table->group, a->name) == 0) return qv_route_add(r, a, -1);
    }
    return qv_fail("Cannot %s: array '%s' does not match any vector, set, or time series table in collection '%s'",
                   ctx->op, a->name, ctx->coll->table->name);
}

/* ---- labels of foreign keys ------------------------------------------------------------------- */

/* The id of the element of fk's target collection whose label is the trimmed text. */
static quiver_error_t qv_resolve_label(const qv_write_ctx* ctx, const qv_foreign_key* fk, const char* text,
                                       int64_t* out_id) {
    const qv_table* target = qv_schema_table(ctx->schema, fk->table);
    if (!target || !qv_table_column(target, "label") || !qv_table_column(target, "id"))
        return qv_fail("Failed to resolve label '%s' to ID in table '%s'", text, fk->table);
    size_t len;
    const char* label = qv_trim(text, &len);
    int found = 0;
    if (qv_find_id_by_label(ctx->db, target->name, label, len, out_id, &found) != QUIVER_OK) return QUIVER_ERROR;
    if (!found) return qv_fail("Failed to resolve label '%s' to ID in table '%s'", text, fk->table);
    return QUIVER_OK;
}

quiver_error_t qv_ctx_resolve_scalars(qv_write_ctx* ctx) {
    const quiver_element_t* e = ctx->element;
    const qv_table* table = ctx->coll->table;
    for (size_t i = 0; i < e->scalar_count; ++i) {
        const qv_element_scalar* s = &e->scalars[i];
        if (s->kind != QV_VALUE_STRING) continue;
        const qv_column* col = qv_table_column(table, s->name);
        if (!col || col->type != QUIVER_DATA_TYPE_INTEGER) continue;
        if (col->fk < 0)
            return qv_fail("Cannot %s: type mismatch for column '%s': expected INTEGER, got TEXT", ctx->op, s->name);
        if (qv_resolve_label(ctx, &table->fks[col->fk], s->s, &ctx->scalar_ids[i]) != QUIVER_OK) return QUIVER_ERROR;
        ctx->scalar_resolved[i] = 1;
    }
    return QUIVER_OK;
}

/* Strings of array a routed to INTEGER group columns: labels of foreign keys, else a type
 * mismatch (reported with the scalar message, as the reference does). */
static quiver_error_t qv_resolve_array(qv_write_ctx* ctx, const qv_element_array* a) {
    if (a->kind != QV_VALUE_STRING) return QUIVER_OK;
    for (size_t t = 0; t < ctx->route_count; ++t) {
        qv_route* r = &ctx->routes[t];
        for (size_t j = 0; j < r->n; ++j) {
            if (r->arrays[j] != a || r->columns[j] < 0) continue;
            const qv_column* col = &r->table->columns[r->columns[j]];
            if (col->type != QUIVER_DATA_TYPE_INTEGER) continue;
            if (col->fk < 0)
                return qv_fail("Cannot %s: type mismatch for column '%s': expected INTEGER, got TEXT", ctx->op,
                               a->name);
            r->ids[j] = (int64_t*)calloc(a->count ? a->count : 1, sizeof(int64_t));
            if (!r->ids[j]) return qv_fail("Out of memory");
            for (size_t i = 0; i < a->count; ++i) {
                if (!qv_array_item_present(a, i)) continue;
                if (qv_resolve_label(ctx, &r->table->fks[col->fk], a->strings[i], &r->ids[j][i]) != QUIVER_OK)
                    return QUIVER_ERROR;
            }
        }
    }
    return QUIVER_OK;
}

quiver_error_t qv_ctx_route(qv_write_ctx* ctx, int skip_empty) {
    const quiver_element_t* e = ctx->element;
    for (size_t k = 0; k < e->array_count; ++k) {
        if (skip_empty && e->arrays[k].count == 0) continue;
        if (qv_route_array(ctx, &e->arrays[k]) != QUIVER_OK) return QUIVER_ERROR;
        if (qv_resolve_array(ctx, &e->arrays[k]) != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

/* ---- preparation ------------------------------------------------------------------------------ */

quiver_error_t qv_ctx_init(qv_write_ctx* ctx) {
    const qv_collection* c = ctx->coll;
    const quiver_element_t* e = ctx->element;
    size_t groups = c->set_count + c->time_series_count + c->vector_count;
    if (groups) {
        ctx->routes = (qv_route*)calloc(groups, sizeof *ctx->routes);
        if (!ctx->routes) return qv_fail("Out of memory");
    }
    /* Sets, time series, vectors: together the table-name order of "<C>_set_", "<C>_time_series_"
     * and "<C>_vector_" tables, each kind already sorted by group name. */
    size_t n = 0;
    for (size_t i = 0; i < c->set_count; ++i)
        ctx->routes[n++].table = c->sets[i];
    for (size_t i = 0; i < c->time_series_count; ++i)
        ctx->routes[n++].table = c->time_series[i];
    for (size_t i = 0; i < c->vector_count; ++i)
        ctx->routes[n++].table = c->vectors[i];
    ctx->route_count = n;
    if (e->scalar_count) {
        ctx->scalar_ids = (int64_t*)calloc(e->scalar_count, sizeof(int64_t));
        ctx->scalar_resolved = (uint8_t*)calloc(e->scalar_count, 1);
        if (!ctx->scalar_ids || !ctx->scalar_resolved) return qv_fail("Out of memory");
    }
    return QUIVER_OK;
}

void qv_ctx_free(qv_write_ctx* ctx) {
    for (size_t t = 0; t < ctx->route_count; ++t) {
        qv_route* r = &ctx->routes[t];
        for (size_t j = 0; j < r->n; ++j)
            free(r->ids[j]);
        free((void*)r->arrays);
        free(r->columns);
        free(r->ids);
    }
    free(ctx->routes);
    free(ctx->scalar_ids);
    free(ctx->scalar_resolved);
    ctx->routes = NULL;
    ctx->route_count = 0;
    ctx->scalar_ids = NULL;
    ctx->scalar_resolved = NULL;
}

/* ---- checks ----------------------------------------------------------------------------------- */

quiver_error_t qv_ctx_check_scalars(const qv_write_ctx* ctx) {
    const quiver_element_t* e = ctx->element;
    const qv_table* table = ctx->coll->table;
    for (size_t i = 0; i < e->scalar_count; ++i) {
        const qv_element_scalar* s = &e->scalars[i];
        const qv_column* col = qv_table_column(table, s->name);
        if (!col) return qv_fail("Cannot %s: column '%s' not found in table '%s'", ctx->op, s->name, table->name);
        if (s->kind == QV_VALUE_NULL || ctx->scalar_resolved[i]) continue;
        int misfit = qv_value_misfit(col->type, s->kind, s->s);
        if (misfit == 1) {
            return qv_fail("Cannot %s: type mismatch for column '%s': expected %s, got %s", ctx->op, s->name,
                           qv_type_name(col->type), qv_kind_name(s->kind));
        }
        if (misfit == 2) {
            return qv_fail(
                "Cannot %s: invalid DATE_TIME value for column '%s': '%s' (expected YYYY-MM-DD or "
                "YYYY-MM-DDTHH:MM:SS)",
                ctx->op, s->name, s->s);
        }
    }
    return QUIVER_OK;
}

static quiver_error_t qv_check_array_items(const qv_write_ctx* ctx, const qv_route* r, size_t j) {
    const qv_element_array* a = r->arrays[j];
    if (r->columns[j] < 0) {
        if (a->count == 0) return QUIVER_OK;
        return qv_fail("Cannot %s: column '%s' not found in table '%s'", ctx->op, a->name, r->table->name);
    }
    if (r->ids[j]) return QUIVER_OK;
    const qv_column* col = &r->table->columns[r->columns[j]];
    for (size_t i = 0; i < a->count; ++i) {
        if (!qv_array_item_present(a, i)) continue;
        int misfit = qv_value_misfit(col->type, a->kind, a->kind == QV_VALUE_STRING ? a->strings[i] : NULL);
        if (misfit == 1) {
            return qv_fail("Cannot %s: type mismatch for array '%s' index %zu: expected %s, got %s", ctx->op, a->name,
                           i, qv_type_name(col->type), qv_kind_name(a->kind));
        }
        if (misfit == 2) {
            return qv_fail(
                "Cannot %s: invalid DATE_TIME value for array '%s' index %zu: '%s' (expected YYYY-MM-DD "
                "or YYYY-MM-DDTHH:MM:SS)",
                ctx->op, a->name, i, a->strings[i]);
        }
    }
    return QUIVER_OK;
}

quiver_error_t qv_ctx_check_tables(const qv_write_ctx* ctx) {
    for (size_t t = 0; t < ctx->route_count; ++t) {
        const qv_route* r = &ctx->routes[t];
        for (size_t j = 0; j < r->n; ++j) {
            if (qv_check_array_items(ctx, r, j) != QUIVER_OK) return QUIVER_ERROR;
        }
        for (size_t j = 1; j < r->n; ++j) {
            if (r->arrays[j]->count != r->arrays[0]->count) {
                return qv_fail("Cannot %s: %s columns in table '%s' must have the same length", ctx->op,
                               qv_group_kind_name(r->table->kind), r->table->name);
            }
        }
    }
    return QUIVER_OK;
}

/* ---- binding ---------------------------------------------------------------------------------- */

/* Binds one non-NULL value for column col. */
static int qv_bind_one(sqlite3_stmt* st, int index, const qv_column* col, qv_value_kind kind, int64_t i, double f,
                       const char* s) {
    switch (kind) {
        case QV_VALUE_INTEGER:
            if (col->type == QUIVER_DATA_TYPE_FLOAT) return sqlite3_bind_double(st, index, (double)i);
            return sqlite3_bind_int64(st, index, i);
        case QV_VALUE_FLOAT: return sqlite3_bind_double(st, index, f);
        case QV_VALUE_STRING: {
            size_t len;
            const char* text = qv_trim(s, &len);
            if (col->type == QUIVER_DATA_TYPE_DATE_TIME) {
                char canonical[QV_DATETIME_TEXT_SIZE];
                if (qv_datetime_canonical(text, len, canonical))
                    return sqlite3_bind_text(st, index, canonical, QV_DATETIME_TEXT_SIZE - 1, SQLITE_TRANSIENT);
            }
            return sqlite3_bind_text64(st, index, text, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
        }
        default: return sqlite3_bind_null(st, index);
    }
}

int qv_ctx_bind_scalar(const qv_write_ctx* ctx, sqlite3_stmt* st, int index, size_t i, const qv_column* col) {
    const qv_element_scalar* s = &ctx->element->scalars[i];
    if (ctx->scalar_resolved[i]) return sqlite3_bind_int64(st, index, ctx->scalar_ids[i]);
    return qv_bind_one(st, index, col, s->kind, s->i, s->f, s->s);
}

int qv_ctx_bind_item(const qv_route* r, sqlite3_stmt* st, int index, size_t j, size_t row) {
    const qv_element_array* a = r->arrays[j];
    if (!qv_array_item_present(a, row)) return sqlite3_bind_null(st, index);
    if (r->ids[j]) return sqlite3_bind_int64(st, index, r->ids[j][row]);
    const qv_column* col = &r->table->columns[r->columns[j]];
    switch (a->kind) {
        case QV_VALUE_INTEGER: return qv_bind_one(st, index, col, a->kind, a->ints[row], 0.0, NULL);
        case QV_VALUE_FLOAT: return qv_bind_one(st, index, col, a->kind, 0, a->floats[row], NULL);
        default: return qv_bind_one(st, index, col, a->kind, 0, 0.0, a->strings[row]);
    }
}
