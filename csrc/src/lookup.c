/*
 * Element lookups shared by every writer: by id, by label, and preparing cached statements built
 * from schema identifiers.
 */
#include <string.h>

#include "internal.h"

/* Prepares sql (built from schema identifiers) from the cache; frees the buffer. */
quiver_error_t qv_stmt_get_buf(quiver_database_t* db, qv_buf* sql, sqlite3_stmt** out) {
    if (sql->oom) {
        qv_buf_free(sql);
        return qv_fail("Out of memory");
    }
    int rc = qv_stmt_get(db, qv_buf_str(sql), out);
    qv_buf_free(sql);
    if (rc != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to prepare statement");
    return QUIVER_OK;
}

/* "SELECT 1 FROM <table> WHERE id = ?1": *out_found = 1 when the row exists. */
quiver_error_t qv_element_exists(quiver_database_t* db, const qv_table* table, int64_t id, int* out_found) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT 1 FROM ");
    qv_buf_append_ident(&sql, table->name);
    qv_buf_append(&sql, " WHERE \"id\" = ?1");
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    quiver_error_t result = QUIVER_OK;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        *out_found = rc == SQLITE_ROW;
    else
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

quiver_error_t qv_find_id_by_label(quiver_database_t* db, const char* table, const char* text, size_t len,
                                   int64_t* out_id, int* out_found) {
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT \"id\" FROM ");
    qv_buf_append_ident(&sql, table);
    qv_buf_append(&sql, " WHERE \"label\" = ?1");
    sqlite3_stmt* st = NULL;
    if (qv_stmt_get_buf(db, &sql, &st) != QUIVER_OK) return QUIVER_ERROR;
    /* A label SQLite cannot bind (too long) is reported as such, not as "not found". */
    int rc = sqlite3_bind_text64(st, 1, text, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    quiver_error_t result = QUIVER_OK;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        *out_found = rc == SQLITE_ROW;
        if (*out_found) *out_id = sqlite3_column_int64(st, 0);
    } else {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    return result;
}

/* The id of the element of table labelled label (trimmed); the message quotes the label as given. */
quiver_error_t qv_element_id_by_label(quiver_database_t* db, const qv_table* table, const char* label,
                                      int64_t* out_id) {
    size_t len;
    const char* text = qv_trim(label, &len);
    int found = 0;
    if (qv_find_id_by_label(db, table->name, text, len, out_id, &found) != QUIVER_OK) return QUIVER_ERROR;
    if (!found) return qv_fail("Element not found: label '%s' in collection '%s'", label, table->name);
    return QUIVER_OK;
}
