/*
 * Atomic write calls: every public write runs inside its own savepoint, so a call that fails
 * leaves nothing behind, also inside an explicit transaction or a dry run. Outside a
 * transaction the savepoint is the transaction (RELEASE commits it).
 *
 * The statements are taken from the handle's cache before anything is written, so undoing
 * a failed call never needs memory for preparing a statement: a RELEASE of a half-done call must
 * never be reached because its ROLLBACK TO could not be prepared (that would commit the partial
 * write). When ROLLBACK TO itself fails, the whole transaction is rolled back instead.
 *
 * SQLite ends a transaction on its own after some errors (out of memory, I/O, disk full). A write
 * inside what the caller still takes for its transaction or dry run would then run in autocommit
 * mode and be committed at once, so it is refused until the caller ends that transaction.
 */
#include "internal.h"

#define QV_SAVEPOINT "SAVEPOINT quiver_write"
#define QV_ROLLBACK_TO "ROLLBACK TO quiver_write"
#define QV_RELEASE "RELEASE quiver_write"
#define QV_ROLLBACK "ROLLBACK"

/* Steps a cached statement; returns the SQLite code (SQLITE_DONE on success). */
static int qv_step_cached(quiver_database_t* db, const char* sql) {
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, sql, &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    qv_stmt_done(st);
    return rc;
}

/* Ends the transaction SQLite still holds when a failed call cannot be undone on its own. */
static void qv_rollback_all(quiver_database_t* db) {
    if (!sqlite3_get_autocommit(db->db)) qv_step_cached(db, QV_ROLLBACK);
}

quiver_error_t qv_write_begin(quiver_database_t* db) {
    if (sqlite3_get_autocommit(db->db)) {
        if (db->in_dry_run) {
            return qv_fail(
                "Cannot write: the dry run's transaction was rolled back after an earlier error; "
                "call end_dry_run");
        }
        if (db->in_transaction) {
            return qv_fail("Cannot write: the transaction was rolled back after an earlier error; call rollback");
        }
    }
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, QV_ROLLBACK_TO, &st);
    if (rc == SQLITE_OK) rc = qv_stmt_get(db, QV_RELEASE, &st);
    if (rc == SQLITE_OK) rc = qv_stmt_get(db, QV_ROLLBACK, &st);
    if (rc == SQLITE_OK) rc = qv_stmt_get(db, QV_SAVEPOINT, &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    qv_stmt_done(st);
    if (rc == SQLITE_NOMEM) return qv_fail("Out of memory");
    if (rc != SQLITE_DONE) return qv_fail_sqlite(db->db, "Failed to execute statement");
    return QUIVER_OK;
}

/* Undoes everything since qv_write_begin and closes the savepoint. */
static void qv_write_undo(quiver_database_t* db) {
    if (sqlite3_get_autocommit(db->db)) return; /* SQLite already rolled the transaction back */
    if (qv_step_cached(db, QV_ROLLBACK_TO) != SQLITE_DONE) {
        qv_rollback_all(db);
        return;
    }
    if (qv_step_cached(db, QV_RELEASE) != SQLITE_DONE && !db->in_transaction && !db->in_dry_run) qv_rollback_all(db);
}

quiver_error_t qv_write_end(quiver_database_t* db, quiver_error_t result) {
    if (result != QUIVER_OK) {
        /* Keep the failure's message: the rollback itself should not replace it. */
        qv_write_undo(db);
        return QUIVER_ERROR;
    }
    if (qv_step_cached(db, QV_RELEASE) != SQLITE_DONE) {
        quiver_error_t failed = qv_fail_sqlite(db->db, "Failed to execute statement");
        qv_write_undo(db);
        return failed;
    }
    return QUIVER_OK;
}
