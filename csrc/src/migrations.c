/*
 * Migrations: a directory holding one sub-directory per version (a positive decimal integer),
 * each with up.sql and, for validate_migrations, down.sql.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct {
    int64_t* versions;
    size_t count;
    size_t cap;
    const char* root;
    int oom;
} qv_versions;

/* Parses a whole name as a positive decimal integer; returns 0 when it is not one. */
static int64_t qv_parse_version(const char* name) {
    int64_t v = 0;
    if (!*name) return 0;
    for (const char* p = name; *p; ++p) {
        if (*p < '0' || *p > '9') return 0;
        if (v > (INT64_MAX - 9) / 10) return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

static void qv_collect_version(const char* name, void* user) {
    qv_versions* vs = (qv_versions*)user;
    int64_t v = qv_parse_version(name);
    if (v <= 0 || vs->oom) return;
    char* full = qv_sprintf("%s/%s", vs->root, name);
    int is_dir = full && qv_path_stat(full) == QV_PATH_DIR;
    free(full);
    if (!is_dir) return;
    for (size_t i = 0; i < vs->count; ++i) {
        if (vs->versions[i] == v) return; /* "1" and "01" name the same version */
    }
    if (vs->count == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 16;
        int64_t* grown = (int64_t*)realloc(vs->versions, cap * sizeof(int64_t));
        if (!grown) {
            vs->oom = 1;
            return;
        }
        vs->versions = grown;
        vs->cap = cap;
    }
    vs->versions[vs->count++] = v;
}

static int qv_version_cmp(const void* a, const void* b) {
    int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
    return (x > y) - (x < y);
}

/* Lists the version directories in ascending order. */
static quiver_error_t qv_list_versions(const char* root, qv_versions* out) {
    memset(out, 0, sizeof *out);
    out->root = root;
    if (qv_list_dir(root, qv_collect_version, out) != 0 || out->oom) {
        free(out->versions);
        return qv_fail("Failed to list migrations in %s", root);
    }
    if (out->count) qsort(out->versions, out->count, sizeof(int64_t), qv_version_cmp);
    return QUIVER_OK;
}

/* Reads <root>/<dir named version>/<file>. The directory may be spelled with leading zeros, so
 * the entry is looked up again by value. Returns NULL when missing or empty. */
typedef struct {
    const char* root;
    int64_t version;
    char* found;
} qv_version_dir;

static void qv_find_version_dir(const char* name, void* user) {
    qv_version_dir* vd = (qv_version_dir*)user;
    if (vd->found || qv_parse_version(name) != vd->version) return;
    char* full = qv_sprintf("%s/%s", vd->root, name);
    if (full && qv_path_stat(full) == QV_PATH_DIR) vd->found = full;
    else free(full);
}

static char* qv_read_migration_file(const char* root, int64_t version, const char* file) {
    qv_version_dir vd = {root, version, NULL};
    qv_list_dir(root, qv_find_version_dir, &vd);
    if (!vd.found) return NULL;
    char* path = qv_sprintf("%s/%s", vd.found, file);
    free(vd.found);
    if (!path) return NULL;
    char* data = NULL;
    size_t len = 0;
    int rc = qv_read_file(path, &data, &len);
    free(path);
    if (rc != 0 || len == 0) {
        free(data);
        return NULL;
    }
    return data;
}

/* Runs one migration script in its own transaction, then sets user_version when given (> 0). */
static quiver_error_t qv_run_migration(sqlite3* conn, const char* sql, int64_t set_version) {
    if (qv_exec(conn, "BEGIN", "Failed to execute SQL") != QUIVER_OK) return QUIVER_ERROR;
    if (qv_exec(conn, sql, "Failed to execute SQL") != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return QUIVER_ERROR;
    }
    if (set_version > 0) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld", (long long)set_version);
        if (qv_exec(conn, pragma, "Failed to execute SQL") != QUIVER_OK) {
            sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
            return QUIVER_ERROR;
        }
    }
    if (qv_exec(conn, "COMMIT", "Failed to execute SQL") != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

static int64_t qv_user_version(sqlite3* conn) {
    sqlite3_stmt* st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Applies the pending migrations to an open handle. */
static quiver_error_t qv_apply_pending(quiver_database_t* db, const char* root, const qv_versions* vs) {
    int64_t current = qv_user_version(db->db);
    if (current < 0) return qv_fail_sqlite(db->db, "Failed to execute statement");
    size_t first = 0;
    while (first < vs->count && vs->versions[first] <= current) first++;
    if (first == vs->count) {
        if (vs->count == 0) qv_log(&db->log, QUIVER_LOG_DEBUG, "No migrations found in %s", root);
        else qv_log(&db->log, QUIVER_LOG_DEBUG, "Database is up to date at version %lld", (long long)current);
        return QUIVER_OK;
    }
    qv_log(&db->log, QUIVER_LOG_INFO, "Applying %zu pending migration(s) from version %lld to %lld",
           vs->count - first, (long long)current, (long long)vs->versions[vs->count - 1]);
    for (size_t i = first; i < vs->count; ++i) {
        long long v = (long long)vs->versions[i];
        char* sql = qv_read_migration_file(root, vs->versions[i], "up.sql");
        if (!sql) return qv_fail("Cannot from_migrations: migration %lld has no up.sql file", v);
        qv_log(&db->log, QUIVER_LOG_INFO, "Applying migration %lld", v);
        quiver_error_t rc = qv_run_migration(db->db, sql, vs->versions[i]);
        free(sql);
        if (rc != QUIVER_OK) {
            char* reason = qv_strdup(quiver_get_last_error());
            qv_log(&db->log, QUIVER_LOG_ERROR, "Migration %lld failed: %s", v, reason ? reason : "");
            qv_fail("Failed to from_migrations: up migration %lld: %s", v, reason ? reason : "");
            free(reason);
            return QUIVER_ERROR;
        }
        qv_log(&db->log, QUIVER_LOG_DEBUG, "Set database version to %lld", v);
        qv_log(&db->log, QUIVER_LOG_INFO, "Migration %lld applied successfully", v);
    }
    qv_log(&db->log, QUIVER_LOG_INFO, "All migrations applied successfully. Database now at version %lld",
           (long long)vs->versions[vs->count - 1]);
    /* The schema changed under any cached model and statements. */
    qv_db_schema_reset(db);
    const qv_schema* schema = NULL;
    return qv_db_schema(db, &schema);
}

quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                               const quiver_database_options_t* options,
                                               quiver_database_t** out_db) {
    QV_REQUIRE(db_path);
    QV_REQUIRE(migrations_path);
    QV_REQUIRE(out_db);
    if (options && options->read_only)
        return qv_fail("Cannot from_migrations: read_only mode (use Database constructor to open existing)");
    qv_path_kind kind = qv_path_stat(migrations_path);
    if (kind == QV_PATH_NONE) return qv_fail("Migrations path not found: %s", migrations_path);
    if (kind != QV_PATH_DIR) return qv_fail("Cannot from_migrations: path is not a directory: %s", migrations_path);
    qv_versions vs;
    if (qv_list_versions(migrations_path, &vs) != QUIVER_OK) return QUIVER_ERROR;
    quiver_database_t* db = NULL;
    quiver_error_t rc = quiver_database_open(db_path, options, &db);
    if (rc == QUIVER_OK) {
        rc = qv_apply_pending(db, migrations_path, &vs);
        if (rc != QUIVER_OK) quiver_database_close(db);
    }
    free(vs.versions);
    if (rc != QUIVER_OK) return QUIVER_ERROR;
    *out_db = db;
    return QUIVER_OK;
}

/* Names of the tables left in conn, ", "-separated; NULL when none. */
static char* qv_remaining_tables(sqlite3* conn) {
    sqlite3_stmt* st = NULL;
    qv_buf b;
    qv_buf_init(&b);
    if (sqlite3_prepare_v2(conn,
                           "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                           "AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name",
                           -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (b.len) qv_buf_append(&b, ", ");
            qv_buf_append(&b, (const char*)sqlite3_column_text(st, 0));
        }
    }
    sqlite3_finalize(st);
    if (b.len == 0) {
        qv_buf_free(&b);
        return NULL;
    }
    return qv_buf_take(&b);
}

static quiver_error_t qv_validate_in(sqlite3* conn, const char* root, const qv_versions* vs) {
    for (size_t i = 0; i < vs->count; ++i) {
        long long v = (long long)vs->versions[i];
        char* sql = qv_read_migration_file(root, vs->versions[i], "up.sql");
        if (!sql) return qv_fail("Cannot validate_migrations: migration %lld has no up.sql file", v);
        quiver_error_t rc = qv_run_migration(conn, sql, vs->versions[i]);
        free(sql);
        if (rc != QUIVER_OK) {
            char* reason = qv_strdup(quiver_get_last_error());
            qv_fail("Failed to validate_migrations: up migration %lld: %s", v, reason ? reason : "");
            free(reason);
            return QUIVER_ERROR;
        }
    }
    qv_schema* schema = NULL;
    if (qv_schema_load(conn, &schema) != QUIVER_OK) return QUIVER_ERROR;
    qv_schema_free(schema);
    for (size_t i = vs->count; i-- > 0;) {
        long long v = (long long)vs->versions[i];
        char* sql = qv_read_migration_file(root, vs->versions[i], "down.sql");
        if (!sql) return qv_fail("Cannot validate_migrations: migration %lld has no down.sql file", v);
        quiver_error_t rc = qv_run_migration(conn, sql, 0);
        free(sql);
        if (rc != QUIVER_OK) {
            char* reason = qv_strdup(quiver_get_last_error());
            qv_fail("Failed to validate_migrations: down migration %lld: %s", v, reason ? reason : "");
            free(reason);
            return QUIVER_ERROR;
        }
    }
    char* left = qv_remaining_tables(conn);
    if (left) {
        qv_fail("Failed to validate_migrations: down migrations left tables behind: %s", left);
        free(left);
        return QUIVER_ERROR;
    }
    return QUIVER_OK;
}

quiver_error_t quiver_database_validate_migrations(const char* migrations_path) {
    QV_REQUIRE(migrations_path);
    qv_path_kind kind = qv_path_stat(migrations_path);
    if (kind == QV_PATH_NONE)
        return qv_fail("Cannot validate_migrations: migrations path not found: %s", migrations_path);
    if (kind != QV_PATH_DIR)
        return qv_fail("Cannot validate_migrations: path is not a directory: %s", migrations_path);
    qv_versions vs;
    if (qv_list_versions(migrations_path, &vs) != QUIVER_OK) return QUIVER_ERROR;
    if (vs.count == 0) {
        free(vs.versions);
        return qv_fail("Cannot validate_migrations: no migrations found in %s", migrations_path);
    }
    /* The in-memory check counts as an opened connection for logger numbering, as in the reference. */
    qv_logger log;
    qv_logger_init(&log, QUIVER_LOG_OFF);
    sqlite3* conn = NULL;
    quiver_error_t rc;
    if (qv_sqlite_open(":memory:", 0, &conn) != SQLITE_OK) {
        rc = qv_fail("Failed to open database: %s", conn ? sqlite3_errmsg(conn) : "out of memory");
    } else {
        rc = qv_validate_in(conn, migrations_path, &vs);
    }
    sqlite3_close_v2(conn);
    free(vs.versions);
    return rc;
}
