/*
 * create_element, update_element[_by_label], delete_element[_by_label] (python-api-core.md 3).
 *
 * Every call validates the whole element first (element_validate.c), then writes inside one
 * savepoint (qv_write_begin / qv_write_end), so a failing call leaves nothing behind, also inside
 * an explicit transaction or a dry run.
 */
#include <string.h>

#include "element_internal.h"

/* ---- shared helpers --------------------------------------------------------------------------- */

quiver_error_t qv_element_collection(quiver_database_t* db, const char* op, const char* name,
                                     const qv_schema** out_schema, const qv_collection** out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* c = qv_schema_collection(schema, name);
    if (!c) return qv_fail("Cannot %s: collection not found: %s", op, name);
    *out_schema = schema;
    *out = c;
    return QUIVER_OK;
}

/* Steps a statement that returns no rows; on failure sets "Failed to execute statement: ...". */
static quiver_error_t qv_step_done(quiver_database_t* db, sqlite3_stmt* st) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return QUIVER_OK;
    }
    quiver_error_t result = qv_fail_sqlite(db->db, "Failed to execute statement");
    sqlite3_reset(st);
    return result;
}

/* A value SQLite refused to bind (e.g. text longer than SQLITE_LIMIT_LENGTH, out of memory): the
 * call fails rather than write NULL in its place. */
static quiver_error_t qv_fail_bind(quiver_database_t* db) { return qv_fail_sqlite(db->db, "Failed to bind parameter"); }

/* ---- writing ---------------------------------------------------------------------------------- */

/* Opens the call's savepoint, logging like the reference's internal transaction (which it
 * skips inside a user transaction or dry run). */
static quiver_error_t qv_begin(quiver_database_t* db) {
    if (qv_write_begin(db) != QUIVER_OK) return QUIVER_ERROR;
    if (!db->in_transaction && !db->in_dry_run) qv_log(&db->log, QUIVER_LOG_DEBUG, "Transaction started");
    return QUIVER_OK;
}

static quiver_error_t qv_end(quiver_database_t* db, quiver_error_t result) {
    result = qv_write_end(db, result);
    if (!db->in_transaction && !db->in_dry_run)
        qv_log(&db->log, QUIVER_LOG_DEBUG, result == QUIVER_OK ? "Transaction committed" : "Transaction rolled back");
    return result;
}

/* 1 for columns the core fills itself in a group row: id, and vector_index of vector tables. */
static int qv_core_column(const qv_table* t, const char* name) {
    return strcmp(name, "id") == 0 || (t->kind == QV_TABLE_VECTOR && strcmp(name, "vector_index") == 0);
}

/* Inserts the rows of one route for element id (columns not passed get their DEFAULT). */
static quiver_error_t qv_insert_rows(const qv_write_ctx* ctx, const qv_route* r, int64_t id) {
    quiver_database_t* db = ctx->db;
    const qv_table* t = r->table;
    size_t rows = r->arrays[0]->count;
    int vector = t->kind == QV_TABLE_VECTOR;
    if (rows > 0) {
        qv_buf sql;
        qv_buf_init(&sql);
        qv_buf_append(&sql, "INSERT INTO ");
        qv_buf_append_ident(&sql, t->name);
        qv_buf_append(&sql, vector ? " (\"id\", \"vector_index\"" : " (\"id\"");
        int params = vector ? 2 : 1;
        for (size_t j = 0; j < r->n; ++j) {
            if (r->columns[j] < 0 || qv_core_column(t, r->arrays[j]->name)) continue;
            qv_buf_append(&sql, ", ");
            qv_buf_append_ident(&sql, t->columns[r->columns[j]].name);
            params++;
        }
        /* Plain "?" placeholders are numbered 1, 2, ... in order (no printf per parameter). */
        qv_buf_append(&sql, ") VALUES (?");
        for (int p = 2; p <= params; ++p)
            qv_buf_append(&sql, ", ?");
        qv_buf_append(&sql, ")");
        sqlite3_stmt* st = NULL;
        if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
        quiver_error_t result = QUIVER_OK;
        for (size_t row = 0; row < rows && result == QUIVER_OK; ++row) {
            int rc = sqlite3_bind_int64(st, 1, id);
            if (vector && rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 2, (int64_t)row + 1);
            int p = vector ? 3 : 2;
            for (size_t j = 0; j < r->n && rc == SQLITE_OK; ++j) {
                if (r->columns[j] < 0 || qv_core_column(t, r->arrays[j]->name)) continue;
                rc = qv_ctx_bind_item(r, st, p++, j, row);
            }
            result = rc == SQLITE_OK ? qv_step_done(db, st) : qv_fail_bind(db);
        }
        qv_stmt_done(st);
        if (result != QUIVER_OK) return QUIVER_ERROR;
    }
    const char* kind = vector ? "vector" : t->kind == QV_TABLE_SET ? "set" : "time series";
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Inserted %zu %s rows into %s", rows, kind, t->name);
    return QUIVER_OK;
}

/* "DELETE FROM <table> WHERE id = ?1" */
static quiver_error_t qv_delete_rows(quiver_database_t* db, const qv_table* t, int64_t id, int* out_changes) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "DELETE FROM ");
    qv_buf_append_ident(&sql, t->name);
    qv_buf_append(&sql, " WHERE \"id\" = ?1");
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
    quiver_error_t result = sqlite3_bind_int64(st, 1, id) == SQLITE_OK ? qv_step_done(db, st) : qv_fail_bind(db);
    if (result == QUIVER_OK && out_changes) *out_changes = sqlite3_changes(db->db);
    qv_stmt_done(st);
    return result;
}

static quiver_error_t qv_write_groups(const qv_write_ctx* ctx, int64_t id, int replace) {
    for (size_t t = 0; t < ctx->route_count; ++t) {
        const qv_route* r = &ctx->routes[t];
        if (r->n == 0) continue;
        if (replace && qv_delete_rows(ctx->db, r->table, id, NULL) != QUIVER_OK) return QUIVER_ERROR;
        if (qv_insert_rows(ctx, r, id) != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

/* INSERT of the scalar row, then the group rows. */
static quiver_error_t qv_create_rows(const qv_write_ctx* ctx, int64_t* out_id) {
    quiver_database_t* db = ctx->db;
    const quiver_element_t* e = ctx->element;
    const qv_table* table = ctx->coll->table;
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "INSERT INTO ");
    qv_buf_append_ident(&sql, table->name);
    qv_buf_append(&sql, " (");
    for (size_t i = 0; i < e->scalar_count; ++i) {
        if (i) qv_buf_append(&sql, ", ");
        qv_buf_append_ident(&sql, qv_table_column(table, e->scalars[i].name)->name);
    }
    qv_buf_append(&sql, ") VALUES (");
    for (size_t i = 0; i < e->scalar_count; ++i)
        qv_buf_append(&sql, i ? ", ?" : "?"); /* ?1, ?2, ... */
    qv_buf_append(&sql, ")");
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < e->scalar_count && rc == SQLITE_OK; ++i)
        rc = qv_ctx_bind_scalar(ctx, st, (int)i + 1, i, qv_table_column(table, e->scalars[i].name));
    quiver_error_t result = rc == SQLITE_OK ? qv_step_done(db, st) : qv_fail_bind(db);
    qv_stmt_done(st);
    if (result != QUIVER_OK) return QUIVER_ERROR;
    int64_t id = sqlite3_last_insert_rowid(db->db);
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Inserted element with id: %lld", (long long)id);
    if (qv_write_groups(ctx, id, 0) != QUIVER_OK) return QUIVER_ERROR;
    *out_id = id;
    return QUIVER_OK;
}

/* ---- create ----------------------------------------------------------------------------------- */

static quiver_error_t qv_create(quiver_database_t* db, const char* collection, const quiver_element_t* element,
                                int64_t* out_id) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Creating element in collection: %s", collection);
    qv_write_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = db;
    ctx.element = element;
    ctx.op = "create_element";
    if (qv_element_collection(db, ctx.op, collection, &ctx.schema, &ctx.coll) != QUIVER_OK) return QUIVER_ERROR;
    if (element->scalar_count == 0)
        return qv_fail("Cannot create_element: element must have at least one scalar attribute");
    /* Empty arrays are dropped on create: they write nothing and are not even routed. */
    quiver_error_t result = qv_ctx_init(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_resolve_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_check_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_route(&ctx, 1);
    if (result == QUIVER_OK) result = qv_ctx_check_tables(&ctx);
    int64_t id = 0;
    if (result == QUIVER_OK) result = qv_begin(db);
    if (result == QUIVER_OK) result = qv_end(db, qv_create_rows(&ctx, &id));
    qv_ctx_free(&ctx);
    if (result != QUIVER_OK) return QUIVER_ERROR;
    qv_log(&db->log, QUIVER_LOG_INFO, "Created element %lld in %s", (long long)id, collection);
    *out_id = id;
    return QUIVER_OK;
}

quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection, quiver_element_t* element,
                                              int64_t* out_id) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(element);
    QV_REQUIRE(out_id);
    QV_LOCK(db);
    quiver_error_t result = qv_create(db, collection, element, out_id);
    QV_UNLOCK(db);
    return result;
}

/* ---- update ----------------------------------------------------------------------------------- */

/* UPDATE of the named scalars, then replacement of every addressed group. */
static quiver_error_t qv_update_rows(const qv_write_ctx* ctx, int64_t id) {
    quiver_database_t* db = ctx->db;
    const quiver_element_t* e = ctx->element;
    const qv_table* table = ctx->coll->table;
    int64_t group_id = id;
    if (e->scalar_count) {
        qv_buf sql;
        qv_buf_init(&sql);
        qv_buf_append(&sql, "UPDATE ");
        qv_buf_append_ident(&sql, table->name);
        qv_buf_append(&sql, " SET ");
        for (size_t i = 0; i < e->scalar_count; ++i) {
            if (i) qv_buf_append(&sql, ", ");
            qv_buf_append_ident(&sql, qv_table_column(table, e->scalars[i].name)->name);
            qv_buf_append(&sql, " = ?"); /* ?<i + 1>: plain placeholders count up */
        }
        qv_buf_append(&sql, " WHERE \"id\" = ?"); /* ?<scalar_count + 1> */
        sqlite3_stmt* st = NULL;
        if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
        int rc = SQLITE_OK;
        for (size_t i = 0; i < e->scalar_count; ++i) {
            if (rc == SQLITE_OK)
                rc = qv_ctx_bind_scalar(ctx, st, (int)i + 1, i, qv_table_column(table, e->scalars[i].name));
            /* A new id moves the element: its group rows follow (ON UPDATE CASCADE) and the
             * replaced groups are written under the new id. */
            if (strcmp(e->scalars[i].name, "id") == 0 && e->scalars[i].kind == QV_VALUE_INTEGER)
                group_id = e->scalars[i].i;
        }
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, (int)e->scalar_count + 1, id);
        quiver_error_t result = rc == SQLITE_OK ? qv_step_done(db, st) : qv_fail_bind(db);
        qv_stmt_done(st);
        if (result != QUIVER_OK) return QUIVER_ERROR;
    }
    return qv_write_groups(ctx, group_id, 1);
}

quiver_error_t qv_element_update(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll, int64_t id,
                                 const quiver_element_t* element) {
    const char* name = coll->table->name;
    if (element->scalar_count == 0 && element->array_count == 0)
        return qv_fail("Cannot update_element: element must have at least one attribute to update");
    int found = 0;
    if (qv_element_exists(db, coll->table, id, &found) != QUIVER_OK) return QUIVER_ERROR;
    if (!found) return qv_fail("Element not found: %lld in collection '%s'", (long long)id, name);
    qv_write_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = db;
    ctx.schema = schema;
    ctx.coll = coll;
    ctx.element = element;
    ctx.op = "update_element";
    /* On update, arrays are checked before the other scalar checks (the reference's order). */
    quiver_error_t result = qv_ctx_init(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_resolve_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_route(&ctx, 0);
    if (result == QUIVER_OK) result = qv_ctx_check_tables(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_check_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_begin(db);
    if (result == QUIVER_OK) result = qv_end(db, qv_update_rows(&ctx, id));
    qv_ctx_free(&ctx);
    if (result != QUIVER_OK) return QUIVER_ERROR;
    qv_log(&db->log, QUIVER_LOG_INFO, "Updated element %lld in %s", (long long)id, name);
    return QUIVER_OK;
}

static quiver_error_t qv_update(quiver_database_t* db, const char* collection, int64_t id,
                                const quiver_element_t* element) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Updating element %lld in collection: %s", (long long)id, collection);
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    if (qv_element_collection(db, "update_element", collection, &schema, &coll) != QUIVER_OK) return QUIVER_ERROR;
    return qv_element_update(db, schema, coll, id, element);
}

quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id,
                                              const quiver_element_t* element) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(element);
    QV_LOCK(db);
    quiver_error_t result = qv_update(db, collection, id, element);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_update_by_label(quiver_database_t* db, const char* collection, const char* label,
                                         const quiver_element_t* element) {
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    int64_t id = 0;
    if (qv_element_collection(db, "update_element_by_label", collection, &schema, &coll) != QUIVER_OK ||
        qv_element_id_by_label(db, coll->table, label, &id) != QUIVER_OK)
        return QUIVER_ERROR;
    return qv_update(db, collection, id, element);
}

quiver_error_t quiver_database_update_element_by_label(quiver_database_t* db, const char* collection, const char* label,
                                                       const quiver_element_t* element) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(label);
    QV_REQUIRE(element);
    QV_LOCK(db);
    quiver_error_t result = qv_update_by_label(db, collection, label, element);
    QV_UNLOCK(db);
    return result;
}

/* ---- bulk writers -------------------------------------------------------------------------------- */

/* Validation as create_element, then the INSERT; no savepoint of its own and no INFO log (the
 * bulk caller, CSV import, holds one savepoint for everything and logs nothing per element). */
quiver_error_t qv_element_insert_quiet(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll,
                                       const quiver_element_t* element, int64_t* out_id) {
    qv_write_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = db;
    ctx.schema = schema;
    ctx.coll = coll;
    ctx.element = element;
    ctx.op = "create_element";
    if (element->scalar_count == 0)
        return qv_fail("Cannot create_element: element must have at least one scalar attribute");
    quiver_error_t result = qv_ctx_init(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_resolve_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_check_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_route(&ctx, 1);
    if (result == QUIVER_OK) result = qv_ctx_check_tables(&ctx);
    if (result == QUIVER_OK) result = qv_create_rows(&ctx, out_id);
    qv_ctx_free(&ctx);
    return result;
}

/* Validation as update_element of an element known to exist, then the UPDATE; no savepoint of its
 * own and no INFO log (see qv_element_insert_quiet). */
quiver_error_t qv_element_update_quiet(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll,
                                       int64_t id, const quiver_element_t* element) {
    qv_write_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = db;
    ctx.schema = schema;
    ctx.coll = coll;
    ctx.element = element;
    ctx.op = "update_element";
    if (element->scalar_count == 0 && element->array_count == 0)
        return qv_fail("Cannot update_element: element must have at least one attribute to update");
    quiver_error_t result = qv_ctx_init(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_resolve_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_route(&ctx, 0);
    if (result == QUIVER_OK) result = qv_ctx_check_tables(&ctx);
    if (result == QUIVER_OK) result = qv_ctx_check_scalars(&ctx);
    if (result == QUIVER_OK) result = qv_update_rows(&ctx, id);
    qv_ctx_free(&ctx);
    return result;
}

/* ---- delete ----------------------------------------------------------------------------------- */

static quiver_error_t qv_delete(quiver_database_t* db, const char* collection, int64_t id) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Deleting element %lld from collection: %s", (long long)id, collection);
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    if (qv_element_collection(db, "delete_element", collection, &schema, &coll) != QUIVER_OK) return QUIVER_ERROR;
    int changes = 0;
    if (qv_write_begin(db) != QUIVER_OK) return QUIVER_ERROR;
    quiver_error_t result = qv_delete_rows(db, coll->table, id, &changes);
    if (result == QUIVER_OK && changes == 0)
        result = qv_fail("Element not found: %lld in collection '%s'", (long long)id, collection);
    if (qv_write_end(db, result) != QUIVER_OK) return QUIVER_ERROR;
    qv_log(&db->log, QUIVER_LOG_INFO, "Deleted element %lld from %s", (long long)id, collection);
    return QUIVER_OK;
}

quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_LOCK(db);
    quiver_error_t result = qv_delete(db, collection, id);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_delete_by_label(quiver_database_t* db, const char* collection, const char* label) {
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    int64_t id = 0;
    if (qv_element_collection(db, "delete_element_by_label", collection, &schema, &coll) != QUIVER_OK ||
        qv_element_id_by_label(db, coll->table, label, &id) != QUIVER_OK)
        return QUIVER_ERROR;
    return qv_delete(db, collection, id);
}

quiver_error_t quiver_database_delete_element_by_label(quiver_database_t* db, const char* collection,
                                                       const char* label) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(label);
    QV_LOCK(db);
    quiver_error_t result = qv_delete_by_label(db, collection, label);
    QV_UNLOCK(db);
    return result;
}
