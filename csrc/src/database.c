/*
 * Database handles: opening, building from a schema file, closing, and the small accessors.
 * Migrations live in migrations.c.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

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
    int rc = sqlite3_open_v2(path, out, flags, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_extended_result_codes(*out, 1);
    /* Double-quoted text is an identifier, never a string literal (the reference's SQLite is
     * built with SQLITE_DQS=0; this gives the same behaviour on any system SQLite). */
    sqlite3_db_config(*out, SQLITE_DBCONFIG_DQS_DML, 0, (int*)NULL);
    sqlite3_db_config(*out, SQLITE_DBCONFIG_DQS_DDL, 0, (int*)NULL);
    return sqlite3_exec(*out, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
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
    *out_db = db;
    return QUIVER_OK;
}

static int qv_console_level(const quiver_database_options_t* options) {
    int level = options ? (int)options->console_level : QUIVER_LOG_INFO;
    /* Levels above OFF behave like INFO, as in the reference. */
    return (level < QUIVER_LOG_DEBUG || level > QUIVER_LOG_OFF) ? QUIVER_LOG_INFO : level;
}

/* Opens path as a new handle with the given logger; logs like the reference. */
static quiver_error_t qv_open_handle(const char* path, int read_only, const qv_logger* log,
                                     quiver_database_t** out_db) {
    if (sqlite3_libversion_number() < QV_MIN_SQLITE_VERSION_NUMBER) {
        return qv_fail("Failed to open database: SQLite %s is too old; quiverdb needs 3.37.0 or newer",
                       sqlite3_libversion());
    }
    qv_log(log, QUIVER_LOG_DEBUG, "Opening database: %s", path);
    if (qv_is_memory_path(path)) {
        qv_log(log, QUIVER_LOG_WARN, "Database is in-memory only; no file logging will be performed.");
    } else if (!read_only) {
        /* Missing parent directories are created, as the reference does. */
        qv_make_parent_dirs(path);
    }
    sqlite3* conn = NULL;
    int rc = qv_sqlite_open(path, read_only, &conn);
    if (rc != SQLITE_OK) {
        qv_fail("Failed to open database: %s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        qv_log(log, QUIVER_LOG_ERROR, "%s", quiver_get_last_error());
        sqlite3_close_v2(conn);
        return QUIVER_ERROR;
    }
    qv_log(log, QUIVER_LOG_DEBUG, "Database opened successfully, foreign keys enabled");
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
    qv_log(&log, QUIVER_LOG_INFO, "Database opened successfully: %s", path);
    *out_db = db;
    return QUIVER_OK;
}

static void qv_close_handle(quiver_database_t* db) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Closing database: %s", db->path);
    qv_stmt_cache_clear(&db->stmts);
    qv_schema_free(db->schema);
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

static int qv_is_sqlite_file(const char* path) {
    if (qv_path_stat(path) != QV_PATH_FILE) return 0;
    FILE* f = fopen(path, "rb");
    if (!f) return 0;
    char header[16];
    size_t got = fread(header, 1, sizeof header, f);
    fclose(f);
    /* An empty file is an empty SQLite database. */
    return got == 0 || (got == 16 && memcmp(header, "SQLite format 3", 16) == 0);
}

/* Removes a database file together with its journal, WAL and shared-memory files. */
static void qv_remove_database_files(const char* path) {
    static const char* const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < 4; ++i) {
        char* name = qv_sprintf("%s%s", path, suffixes[i]);
        if (name) qv_remove_file(name);
        free(name);
    }
}

/* Applies the schema text inside one transaction and validates the result. */
static quiver_error_t qv_apply_schema(sqlite3* conn, const char* sql) {
    if (qv_exec(conn, "BEGIN", "Failed to execute SQL") != QUIVER_OK) return QUIVER_ERROR;
    if (qv_exec(conn, sql, "Failed to execute SQL") != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return QUIVER_ERROR;
    }
    qv_schema* schema = NULL;
    if (qv_schema_load(conn, &schema) != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return QUIVER_ERROR;
    }
    qv_schema_free(schema);
    if (qv_exec(conn, "COMMIT", "Failed to execute SQL") != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

/* Builds the database at a temporary path beside db_path and moves it into place. */
static quiver_error_t qv_build_file(const char* db_path, const char* sql, const qv_logger* log) {
    static volatile long counter = 0;
    char* tmp = qv_sprintf("%s.quiverdb-tmp-%ld-%ld", db_path, qv_process_id(), qv_atomic_fetch_inc(&counter));
    if (!tmp) return qv_fail("Out of memory");
    qv_make_parent_dirs(db_path);
    qv_remove_database_files(tmp);
    sqlite3* conn = NULL;
    int rc = qv_sqlite_open(tmp, 0, &conn);
    quiver_error_t result = QUIVER_OK;
    if (rc != SQLITE_OK) {
        result = qv_fail("Failed to open database: %s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        qv_log(log, QUIVER_LOG_ERROR, "%s", quiver_get_last_error());
    } else if (qv_apply_schema(conn, sql) != QUIVER_OK) {
        qv_log(log, QUIVER_LOG_ERROR, "Failed to apply schema: %s", quiver_get_last_error());
        result = QUIVER_ERROR;
    }
    if (conn && sqlite3_close(conn) != SQLITE_OK) {
        if (result == QUIVER_OK) result = qv_fail("Failed to close database: %s", sqlite3_errmsg(conn));
        sqlite3_close_v2(conn);
    }
    if (result == QUIVER_OK) {
        /* Journal files of the database being replaced must not be applied to the new one. */
        static const char* const stale[] = {"-journal", "-wal", "-shm"};
        for (size_t i = 0; i < 3; ++i) {
            char* name = qv_sprintf("%s%s", db_path, stale[i]);
            if (name) qv_remove_file(name);
            free(name);
        }
        if (qv_rename_replace(tmp, db_path) != 0)
            result = qv_fail("Cannot from_schema: failed to move the new database into place: %s", db_path);
    }
    if (result != QUIVER_OK) qv_remove_database_files(tmp);
    free(tmp);
    return result;
}

quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                           const quiver_database_options_t* options,
                                           quiver_database_t** out_db) {
    QV_REQUIRE(db_path);
    QV_REQUIRE(schema_path);
    QV_REQUIRE(out_db);
    if (options && options->read_only)
        return qv_fail("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    if (qv_path_stat(schema_path) == QV_PATH_NONE) return qv_fail("Schema file not found: %s", schema_path);
    int memory = qv_is_memory_path(db_path);
    if (!memory) {
        qv_path_kind kind = qv_path_stat(db_path);
        if (kind == QV_PATH_DIR) return qv_fail("Cannot from_schema: '%s' is a directory", db_path);
        if (kind != QV_PATH_NONE && !qv_is_sqlite_file(db_path))
            return qv_fail("Cannot from_schema: '%s' exists and is not a SQLite database; refusing to replace it",
                           db_path);
    }
    char* sql = NULL;
    size_t len = 0;
    if (qv_read_file(schema_path, &sql, &len) != 0 || len == 0) {
        free(sql);
        return qv_fail("Cannot from_schema: schema file is empty: %s", schema_path);
    }
    qv_logger log;
    qv_logger_init(&log, qv_console_level(options));
    quiver_error_t rc = QUIVER_OK;
    quiver_database_t* db = NULL;
    if (memory) {
        rc = qv_open_handle(db_path, 0, &log, &db);
        if (rc == QUIVER_OK) {
            qv_log(&log, QUIVER_LOG_INFO, "Database opened successfully: %s", db_path);
            qv_log(&log, QUIVER_LOG_INFO, "Applying schema from: %s", schema_path);
            rc = qv_apply_schema(db->db, sql);
            if (rc != QUIVER_OK) {
                qv_log(&log, QUIVER_LOG_ERROR, "Failed to apply schema: %s", quiver_get_last_error());
                qv_close_handle(db);
            }
        }
    } else {
        qv_log(&log, QUIVER_LOG_INFO, "Applying schema from: %s", schema_path);
        rc = qv_build_file(db_path, sql, &log);
        if (rc == QUIVER_OK) {
            rc = qv_open_handle(db_path, 0, &log, &db);
            if (rc == QUIVER_OK) qv_log(&log, QUIVER_LOG_INFO, "Database opened successfully: %s", db_path);
        }
    }
    free(sql);
    if (rc != QUIVER_OK) return QUIVER_ERROR;
    qv_log(&log, QUIVER_LOG_INFO, "Schema applied successfully");
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
}
