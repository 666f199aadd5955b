/*
 * Explicit transactions and dry runs.
 *
 * SQLite's autocommit flag is the truth about whether a transaction is open; the handle's
 * in_transaction / in_dry_run flags record who opened it. A dry run is a transaction that
 * end_dry_run always rolls back; while one is active, begin_transaction, commit and rollback
 * are absorbed (succeed without effect). Write calls run in their own savepoints
 * (savepoint.c), which nest inside either kind of transaction.
 */
#include "internal.h"

/* Runs one transaction-control statement through the cache. Returns the SQLite result code. */
static int qv_txn_exec(quiver_database_t* db, const char* sql) {
    sqlite3_stmt* st = NULL;
    int rc = qv_stmt_get(db, sql, &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    qv_stmt_done(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* 1 when SQLite has a transaction open on the connection. */
static int qv_txn_open(const quiver_database_t* db) { return !sqlite3_get_autocommit(db->db); }

/* Forgets an explicit transaction that SQLite has already ended on its own (e.g. after an I/O
 * error rolled it back), so the flags never claim a transaction that is gone. */
static void qv_txn_sync(quiver_database_t* db) {
    if (!qv_txn_open(db)) db->in_transaction = 0;
}

static quiver_error_t qv_begin_transaction(quiver_database_t* db) {
    qv_txn_sync(db);
    if (db->in_dry_run) return QUIVER_OK;
    if (qv_txn_open(db)) return qv_fail("Cannot begin_transaction: transaction already active");
    if (qv_txn_exec(db, "BEGIN") != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to begin transaction");
    db->in_transaction = 1;
    qv_log(&db->log, QUIVER_LOG_DEBUG, "User transaction started");
    return QUIVER_OK;
}

quiver_error_t quiver_database_begin_transaction(quiver_database_t* db) {
    QV_REQUIRE(db);
    QV_LOCK(db);
    quiver_error_t result = qv_begin_transaction(db);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_commit(quiver_database_t* db) {
    qv_txn_sync(db);
    if (db->in_dry_run) return QUIVER_OK;
    if (!qv_txn_open(db)) return qv_fail("Cannot commit: no active transaction");
    /* A failing COMMIT (deferred constraint, lock) leaves the transaction open. */
    if (qv_txn_exec(db, "COMMIT") != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to commit transaction");
    db->in_transaction = 0;
    qv_log(&db->log, QUIVER_LOG_DEBUG, "User transaction committed");
    return QUIVER_OK;
}

quiver_error_t quiver_database_commit(quiver_database_t* db) {
    QV_REQUIRE(db);
    QV_LOCK(db);
    quiver_error_t result = qv_commit(db);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_rollback(quiver_database_t* db) {
    /* The caller's transaction that SQLite already rolled back after an error is ended quietly:
     * the rollback asked for has happened (writes refuse to run until then, see savepoint.c). */
    int ended_by_sqlite = db->in_transaction && !qv_txn_open(db);
    qv_txn_sync(db);
    if (db->in_dry_run) return QUIVER_OK;
    if (ended_by_sqlite) {
        qv_log(&db->log, QUIVER_LOG_DEBUG, "User transaction rolled back");
        return QUIVER_OK;
    }
    if (!qv_txn_open(db)) return qv_fail("Cannot rollback: no active transaction");
    if (qv_txn_exec(db, "ROLLBACK") != SQLITE_OK) {
        quiver_error_t failed = qv_fail_sqlite(db->db, "Failed to rollback transaction");
        qv_txn_sync(db);
        return failed;
    }
    db->in_transaction = 0;
    qv_log(&db->log, QUIVER_LOG_DEBUG, "User transaction rolled back");
    return QUIVER_OK;
}

quiver_error_t quiver_database_rollback(quiver_database_t* db) {
    QV_REQUIRE(db);
    QV_LOCK(db);
    quiver_error_t result = qv_rollback(db);
    QV_UNLOCK(db);
    return result;
}

quiver_error_t quiver_database_in_transaction(quiver_database_t* db, int* out_active) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_active);
    QV_LOCK(db);
    *out_active = qv_txn_open(db) ? 1 : 0;
    QV_UNLOCK(db);
    return QUIVER_OK;
}

static quiver_error_t qv_begin_dry_run(quiver_database_t* db) {
    qv_txn_sync(db);
    if (db->in_dry_run) return qv_fail("Cannot begin_dry_run: dry run already active");
    if (qv_txn_open(db)) return qv_fail("Cannot begin_dry_run: transaction already active");
    if (qv_txn_exec(db, "BEGIN") != SQLITE_OK) return qv_fail_sqlite(db->db, "Failed to begin transaction");
    db->in_dry_run = 1;
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Dry run started");
    return QUIVER_OK;
}

quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db) {
    QV_REQUIRE(db);
    QV_LOCK(db);
    quiver_error_t result = qv_begin_dry_run(db);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_end_dry_run(quiver_database_t* db) {
    if (!db->in_dry_run) return qv_fail("Cannot end_dry_run: no active dry run");
    /* SQLite may already have rolled the transaction back by itself; then there is nothing
     * left to undo. */
    if (qv_txn_open(db) && qv_txn_exec(db, "ROLLBACK") != SQLITE_OK) {
        quiver_error_t failed = qv_fail_sqlite(db->db, "Failed to rollback transaction");
        if (qv_txn_open(db)) return failed;
    }
    if (qv_txn_open(db)) return qv_fail("Failed to end_dry_run: rollback left the transaction open");
    db->in_dry_run = 0;
    db->in_transaction = 0;
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Dry run rolled back");
    return QUIVER_OK;
}

quiver_error_t quiver_database_end_dry_run(quiver_database_t* db) {
    QV_REQUIRE(db);
    QV_LOCK(db);
    quiver_error_t result = qv_end_dry_run(db);
    QV_UNLOCK(db);
    return result;
}

quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_active);
    QV_LOCK(db);
    *out_active = db->in_dry_run ? 1 : 0;
    QV_UNLOCK(db);
    return QUIVER_OK;
}
