/*
 * Database handles: opening, building from a schema file, closing, and the small accessors.
 * Migrations live in migrations.c.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ui_metadata.h"

quiver_database_options_t quiver_database_options_default(void) {
    quiver_database_options_t options;
    options.read_only = 0;
    options.console_level = QUIVER_LOG_INFO;
    return options;
}

quiver_csv_options_t quiver_csv_options_default(void) {
    quiver_csv_options_t options;
    memset(&options, 0, sizeof options);
    options.date_time_format = "";
    return options;
}

static int qv_is_memory_path(const char* path) { return strcmp(path, ":memory:") == 0 || path[0] == '\0'; }

int qv_sqlite_open(const char* path, int read_only, sqlite3** out) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    *out = NULL;
    /* Paths are file names, never URIs (the reference's SQLite does not take URIs; some system
     * builds do by default): "file:..." is opened as the relative file it names. */
    char* plain = strncmp(path, "file:", 5) == 0 ? qv_sprintf("./%s", path) : NULL;
    if (strncmp(path, "file:", 5) == 0 && !plain) return SQLITE_NOMEM;
    int rc = sqlite3_open_v2(plain ? plain : path, out, flags, NULL);
    free(plain);
    if (rc != SQLITE_OK) return rc;
    sqlite3_extended_result_codes(*out, 1);
    /* Double-quoted text is an identifier, never a string literal (the reference's SQLite is
     * built with SQLITE_DQS=0; this gives the same behaviour on any system SQLite). */
    sqlite3_db_config(*out, SQLITE_DBCONFIG_DQS_DML, 0, (int*)NULL);
    sqlite3_db_config(*out, SQLITE_DBCONFIG_DQS_DDL, 0, (int*)NULL);
    /* temp_store = MEMORY keeps the savepoint sub-journal of every write call in memory. Inside
     * a user transaction each call's savepoint (savepoint.c) re-journals the pages its statements
     * touch; past SQLite's 64 KiB spill size the sub-journal becomes a temporary file that stays
     * for the rest of the transaction, which made create_element 1.7x slower per element at 4,000
     * elements than at 1,000 (benchmarks/, issue 7). The price: temporary tables and large sorts
     * of caller queries use memory instead of temporary files. */
    return sqlite3_exec(*out, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

quiver_error_t qv_exec(sqlite3* db, const char* sql, const char* prefix) {
    char* message = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &message);
    if (rc == SQLITE_OK) return QUIVER_OK;
    qv_fail("%s: %s", prefix, message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return QUIVER_ERROR;
}

quiver_error_t qv_db_wrap(sqlite3* conn, const char* path, int read_only, const qv_logger* log,
                          quiver_database_t** out_db) {
    quiver_database_t* db = (quiver_database_t*)calloc(1, sizeof *db);
    char* path_copy = qv_strdup(path);
    if (!db || !path_copy || qv_mutex_init(&db->lock) != 0) {
        free(db);
        free(path_copy);
        sqlite3_close_v2(conn);
        return qv_fail("Out of memory");
    }
    db->db = conn;
    db->path = path_copy;
    db->read_only = read_only;
    db->log = *log;
    qv_stmt_cache_init(&db->stmts);
    qv_stmt_cache_init(&db->queries);
    *out_db = db;
    return QUIVER_OK;
}

static int qv_console_level(const quiver_database_options_t* options) {
    int level = options ? (int)options->console_level : QUIVER_LOG_INFO;
    /* Levels above OFF behave like INFO, as in the reference. */
    return (level < QUIVER_LOG_DEBUG || level > QUIVER_LOG_OFF) ? QUIVER_LOG_INFO : level;
}

/* Opens a connection to open_path, logging like the reference opening log_path (the two differ
 * when from_schema builds in a temporary file). On failure sets the error and logs it. */
static quiver_error_t qv_open_logged(const char* log_path, const char* open_path, int read_only, const qv_logger* log,
                                     sqlite3** out_conn) {
    if (sqlite3_libversion_number() < QV_MIN_SQLITE_VERSION_NUMBER) {
        return qv_fail("Failed to open database: SQLite %s is too old; quiverdb needs 3.37.0 or newer",
                       sqlite3_libversion());
    }
    if (strcmp(log_path, ":memory:") == 0)
        qv_log(log, QUIVER_LOG_WARN, "Database is in-memory only; no file logging will be performed.");
    qv_log(log, QUIVER_LOG_DEBUG, "Opening database: %s", log_path);
    /* Missing parent directories are created, as the reference does. */
    if (!read_only && !qv_is_memory_path(open_path)) qv_make_parent_dirs(open_path);
    sqlite3* conn = NULL;
    int rc = qv_sqlite_open(open_path, read_only, &conn);
    if (rc != SQLITE_OK) {
        qv_fail("Failed to open database: %s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        qv_log(log, QUIVER_LOG_ERROR, "%s", quiver_get_last_error());
        sqlite3_close_v2(conn);
        return QUIVER_ERROR;
    }
    qv_log(log, QUIVER_LOG_DEBUG, "Database opened successfully, foreign keys enabled");
    qv_log(log, QUIVER_LOG_INFO, "Database opened successfully: %s", log_path);
    *out_conn = conn;
    return QUIVER_OK;
}

/* Opens path as a new handle with the given logger; logs like the reference. */
static quiver_error_t qv_open_handle(const char* path, int read_only, const qv_logger* log,
                                     quiver_database_t** out_db) {
    sqlite3* conn = NULL;
    if (qv_open_logged(path, path, read_only, log, &conn) != QUIVER_OK) return QUIVER_ERROR;
    return qv_db_wrap(conn, path, read_only, log, out_db);
}

quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options,
                                    quiver_database_t** out_db) {
    QV_REQUIRE(path);
    QV_REQUIRE(out_db);
    qv_logger log;
    qv_logger_init(&log, qv_console_level(options));
    int read_only = options ? options->read_only != 0 : 0;
    quiver_database_t* db = NULL;
    if (qv_open_handle(path, read_only, &log, &db) != QUIVER_OK) return QUIVER_ERROR;
    *out_db = db;
    return QUIVER_OK;
}

static void qv_close_handle(quiver_database_t* db) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Closing database: %s", db->path);
    qv_stmt_cache_clear(&db->stmts);
    qv_stmt_cache_clear(&db->queries);
    qv_schema_free(db->schema);
    qv_ui_free(db->ui);
    /* Closing discards an open transaction or dry run: SQLite rolls it back. */
    sqlite3_close_v2(db->db);
    qv_log(&db->log, QUIVER_LOG_INFO, "Database closed");
    qv_mutex_destroy(&db->lock);
    free(db->path);
    free(db);
}

quiver_error_t quiver_database_close(quiver_database_t* db) {
    if (!db) return QUIVER_OK;
    /* Wait for a call still running in another thread to finish before tearing down. */
    QV_LOCK(db);
    QV_UNLOCK(db);
    qv_close_handle(db);
    return QUIVER_OK;
}

/* --- from_schema -------------------------------------------------------------------------------- */

/* 1 for an existing regular file that SQLite would take as a database: empty, or starting with
 * the SQLite header. */
static int qv_is_sqlite_file(const char* path) {
    if (qv_path_stat(path) != QV_PATH_FILE) return 0;
    FILE* f = fopen(path, "rb");
    if (!f) return 0;
    char header[16];
    size_t got = fread(header, 1, sizeof header, f);
    fclose(f);
    return got == 0 || (got == 16 && memcmp(header, "SQLite format 3", 16) == 0);
}

/* Removes <path><suffix> for each suffix. */
static void qv_remove_with_suffixes(const char* path, const char* const* suffixes, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        char* name = qv_sprintf("%s%s", path, suffixes[i]);
        if (name) qv_remove_file(name);
        free(name);
    }
}

static const char* const qv_db_files[] = {"", "-journal", "-wal", "-shm"};

/* Applies the schema text inside one transaction and validates the result. */
static quiver_error_t qv_apply_schema(sqlite3* conn, const char* sql, const qv_logger* log) {
    if (qv_exec(conn, "BEGIN", "Failed to execute SQL") != QUIVER_OK) return QUIVER_ERROR;
    qv_log(log, QUIVER_LOG_DEBUG, "Transaction started");
    qv_schema* schema = NULL;
    if (qv_exec(conn, sql, "Failed to execute SQL") != QUIVER_OK || qv_schema_load(conn, &schema) != QUIVER_OK ||
        qv_exec(conn, "COMMIT", "Failed to execute SQL") != QUIVER_OK) {
        qv_schema_free(schema);
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        qv_log(log, QUIVER_LOG_DEBUG, "Transaction rolled back");
        return QUIVER_ERROR;
    }
    qv_schema_free(schema);
    qv_log(log, QUIVER_LOG_DEBUG, "Transaction committed");
    return QUIVER_OK;
}

/* Closes a connection that never became a handle, logging like closing one. */
static void qv_close_logged(sqlite3* conn, const char* log_path, const qv_logger* log) {
    qv_log(log, QUIVER_LOG_DEBUG, "Closing database: %s", log_path);
    sqlite3_close_v2(conn);
    qv_log(log, QUIVER_LOG_INFO, "Database closed");
}

/* Moves the finished temporary database over db_path. The old database's journal files must
 * not be applied to the new one, so they go first. */
static quiver_error_t qv_move_into_place(sqlite3* conn, const char* tmp, const char* db_path) {
    if (sqlite3_close(conn) != SQLITE_OK) {
        qv_fail("Failed to close database: %s", sqlite3_errmsg(conn));
        sqlite3_close_v2(conn);
        return QUIVER_ERROR;
    }
    qv_remove_with_suffixes(db_path, qv_db_files + 1, 3);
    if (qv_rename_replace(tmp, db_path) != 0)
        return qv_fail("Cannot from_schema: failed to move the new database into place: %s", db_path);
    return QUIVER_OK;
}

/* Everything after the checks: the connection is a temporary file beside db_path (or the
 * in-memory database itself), replaced into place only when the schema applied cleanly. */
static quiver_error_t qv_from_schema(const char* db_path, const char* schema_path, const qv_logger* log,
                                     quiver_database_t** out_db) {
    int memory = qv_is_memory_path(db_path);
    static volatile long counter = 0;
    char* tmp =
        memory ? NULL : qv_sprintf("%s.quiverdb-tmp-%ld-%ld", db_path, qv_process_id(), qv_atomic_fetch_inc(&counter));
    if (!memory && !tmp) return qv_fail("Out of memory");
    if (tmp) qv_remove_with_suffixes(tmp, qv_db_files, 4);
    sqlite3* conn = NULL;
    if (qv_open_logged(db_path, memory ? db_path : tmp, 0, log, &conn) != QUIVER_OK) {
        if (tmp) qv_remove_with_suffixes(tmp, qv_db_files, 4);
        free(tmp);
        return QUIVER_ERROR;
    }
    char* sql = NULL;
    size_t len = 0;
    quiver_error_t rc = QUIVER_OK;
    if (qv_read_file(schema_path, &sql, &len) != 0 || len == 0) {
        rc = qv_fail("Cannot from_schema: schema file is empty: %s", schema_path);
    } else {
        qv_log(log, QUIVER_LOG_INFO, "Applying schema from: %s", schema_path);
        rc = qv_apply_schema(conn, sql, log);
        if (rc != QUIVER_OK) qv_log(log, QUIVER_LOG_ERROR, "Failed to apply schema: %s", quiver_get_last_error());
    }
    free(sql);
    if (rc != QUIVER_OK) {
        qv_close_logged(conn, db_path, log);
    } else if (memory) {
        rc = qv_db_wrap(conn, db_path, 0, log, out_db);
    } else {
        rc = qv_move_into_place(conn, tmp, db_path);
        conn = NULL;
        if (rc == QUIVER_OK && qv_sqlite_open(db_path, 0, &conn) != SQLITE_OK) {
            rc = qv_fail("Failed to open database: %s", conn ? sqlite3_errmsg(conn) : "out of memory");
            sqlite3_close_v2(conn);
        } else if (rc == QUIVER_OK) {
            rc = qv_db_wrap(conn, db_path, 0, log, out_db);
        }
        if (rc != QUIVER_OK) qv_log(log, QUIVER_LOG_ERROR, "%s", quiver_get_last_error());
    }
    if (tmp && rc != QUIVER_OK) qv_remove_with_suffixes(tmp, qv_db_files, 4);
    free(tmp);
    if (rc == QUIVER_OK) qv_log(log, QUIVER_LOG_INFO, "Schema applied successfully");
    return rc;
}

quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                           const quiver_database_options_t* options, quiver_database_t** out_db) {
    QV_REQUIRE(db_path);
    QV_REQUIRE(schema_path);
    QV_REQUIRE(out_db);
    if (options && options->read_only)
        return qv_fail("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    if (qv_path_stat(schema_path) == QV_PATH_NONE) return qv_fail("Schema file not found: %s", schema_path);
    /* Where the reference deletes whatever is at db_path, we refuse to replace anything that is not
     * a SQLite database (the replacement itself happens only once the new one is complete). */
    if (!qv_is_memory_path(db_path)) {
        qv_path_kind kind = qv_path_stat(db_path);
        if (kind == QV_PATH_DIR) return qv_fail("Cannot from_schema: database path is a directory: %s", db_path);
        if (kind != QV_PATH_NONE && !qv_is_sqlite_file(db_path))
            return qv_fail("Cannot from_schema: refusing to replace a file that is not a SQLite database: %s", db_path);
    }
    qv_logger log;
    qv_logger_init(&log, qv_console_level(options));
    quiver_database_t* db = NULL;
    if (qv_from_schema(db_path, schema_path, &log, &db) != QUIVER_OK) return QUIVER_ERROR;
    *out_db = db;
    return QUIVER_OK;
}

/* --- accessors ------------------------------------------------------------------------------------ */

quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_healthy);
    *out_healthy = 1;
    return QUIVER_OK;
}

quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_path);
    *out_path = db->path;
    return QUIVER_OK;
}

quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version) {
    QV_REQUIRE(db);
    QV_REQUIRE(out_version);
    QV_LOCK(db);
    sqlite3_stmt* st = NULL;
    quiver_error_t result = QUIVER_OK;
    int rc = qv_stmt_get(db, "PRAGMA user_version", &st);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out_version = sqlite3_column_int64(st, 0);
    } else {
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    }
    qv_stmt_done(st);
    QV_UNLOCK(db);
    return result;
}

quiver_error_t qv_db_schema(quiver_database_t* db, const qv_schema** out) {
    if (!db->schema && qv_schema_load(db->db, &db->schema) != QUIVER_OK) return QUIVER_ERROR;
    *out = db->schema;
    return QUIVER_OK;
}

void qv_db_schema_reset(quiver_database_t* db) {
    qv_schema_free(db->schema);
    db->schema = NULL;
    qv_stmt_cache_clear(&db->stmts);
    qv_stmt_cache_clear(&db->queries);
}
