/*
 * Atomic write calls: every public write runs inside its own savepoint, so a call that fails
 * leaves nothing behind, also inside an explicit transaction or a dry run. Outside a
 * transaction the savepoint is the transaction (RELEASE commits it).
 */
#include "internal.h"

quiver_error_t qv_write_begin(quiver_database_t* db) {
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, "SAVEPOINT quiver_write", &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    qv_stmt_done(st);
    if (rc != SQLITE_DONE) return qv_fail_sqlite(db->db, "Failed to execute statement");
    return QUIVER_OK;
}

quiver_error_t qv_write_end(quiver_database_t* db, quiver_error_t result) {
    sqlite3_stmt* st = NULL;
    if (result != QUIVER_OK) {
        /* Keep the failure's message: the rollback itself should not replace it. */
        if (qv_stmt_get(db, "ROLLBACK TO quiver_write", &st) == SQLITE_OK) sqlite3_step(st);
        qv_stmt_done(st);
        if (qv_stmt_get(db, "RELEASE quiver_write", &st) == SQLITE_OK) sqlite3_step(st);
        qv_stmt_done(st);
        return QUIVER_ERROR;
    }
    int rc = qv_stmt_get(db, "RELEASE quiver_write", &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    qv_stmt_done(st);
    if (rc != SQLITE_DONE) {
        quiver_error_t failed = qv_fail_sqlite(db->db, "Failed to execute statement");
        if (qv_stmt_get(db, "ROLLBACK TO quiver_write", &st) == SQLITE_OK) sqlite3_step(st);
        qv_stmt_done(st);
        if (qv_stmt_get(db, "RELEASE quiver_write", &st) == SQLITE_OK) sqlite3_step(st);
        qv_stmt_done(st);
        return failed;
    }
    return QUIVER_OK;
}
