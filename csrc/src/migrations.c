/*
 * Migrations: a directory holding one sub-directory per version (a positive decimal integer),
 * each with up.sql and, for validate_migrations, down.sql. Each migration runs in its own
 * transaction and sets PRAGMA user_version to its directory's version.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ui_metadata.h"

/* One migration directory: its version and its name as found on disk. */
typedef struct {
    int64_t version;
    char* name;
} qv_migration;

typedef struct {
    qv_migration* items; /* ascending version, then name (byte order) */
    size_t count;
    size_t cap;
    const char* root;
    int oom;
} qv_versions;

static void qv_versions_free(qv_versions* vs) {
    for (size_t i = 0; i < vs->count; ++i)
        free(vs->items[i].name);
    free(vs->items);
    vs->items = NULL;
    vs->count = vs->cap = 0;
}

/* Parses a directory name as the reference does (like strtoll over the whole name): optional
 * leading white space, an optional sign, decimal digits, nothing after them, within int64.
 * Returns the version, or 0 when the name is not a positive version. */
static int64_t qv_parse_version(const char* name) {
    const char* p = name;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        ++p;
    int negative = 0;
    if (*p == '+' || *p == '-') negative = *p++ == '-';
    if (*p < '0' || *p > '9') return 0;
    int64_t v = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        int digit = *p - '0';
        if (v > (INT64_MAX - digit) / 10) return 0; /* out of range: not a version */
        v = v * 10 + digit;
    }
    if (*p != '\0' || negative) return 0;
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
    if (vs->count == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 16;
        qv_migration* grown = (qv_migration*)realloc(vs->items, cap * sizeof *grown);
        if (!grown) {
            vs->oom = 1;
            return;
        }
        vs->items = grown;
        vs->cap = cap;
    }
    char* copy = qv_strdup(name);
    if (!copy) {
        vs->oom = 1;
        return;
    }
    vs->items[vs->count].version = v;
    vs->items[vs->count++].name = copy;
}

static int qv_migration_cmp(const void* a, const void* b) {
    const qv_migration* x = (const qv_migration*)a;
    const qv_migration* y = (const qv_migration*)b;
    if (x->version != y->version) return (x->version > y->version) - (x->version < y->version);
    return strcmp(x->name, y->name);
}

/* Lists the version directories in ascending order. Directories naming the same version ("1",
 * "01") are all kept and run in name order, as the reference does. */
static quiver_error_t qv_list_versions(const char* root, qv_versions* out) {
    memset(out, 0, sizeof *out);
    out->root = root;
    if (qv_list_dir(root, qv_collect_version, out) != 0 || out->oom) {
        qv_versions_free(out);
        return qv_fail("Failed to list migrations in %s", root);
    }
    if (out->count) qsort(out->items, out->count, sizeof *out->items, qv_migration_cmp);
    return QUIVER_OK;
}

/* Reads <root>/<migration>/<file>; NULL when missing, unreadable or empty. */
static char* qv_read_migration_file(const char* root, const qv_migration* m, const char* file) {
    char* path = qv_sprintf("%s/%s/%s", root, m->name, file);
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

/* Runs one migration script in its own transaction, then sets user_version when given (> 0).
 * log may be NULL (validate_migrations logs nothing). */
static quiver_error_t qv_run_migration(sqlite3* conn, const char* sql, int64_t set_version, const qv_logger* log) {
    if (qv_exec(conn, "BEGIN", "Failed to execute SQL") != QUIVER_OK) return QUIVER_ERROR;
    if (log) qv_log(log, QUIVER_LOG_DEBUG, "Transaction started");
    quiver_error_t rc = qv_exec(conn, sql, "Failed to execute SQL");
    if (rc == QUIVER_OK && set_version > 0) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld", (long long)set_version);
        rc = qv_exec(conn, pragma, "Failed to execute SQL");
        if (rc == QUIVER_OK && log)
            qv_log(log, QUIVER_LOG_DEBUG, "Set database version to %lld", (long long)set_version);
    }
    if (rc == QUIVER_OK) rc = qv_exec(conn, "COMMIT", "Failed to execute SQL");
    if (rc != QUIVER_OK) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        if (log) qv_log(log, QUIVER_LOG_DEBUG, "Transaction rolled back");
        return QUIVER_ERROR;
    }
    if (log) qv_log(log, QUIVER_LOG_DEBUG, "Transaction committed");
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
    while (first < vs->count && vs->items[first].version <= current)
        first++;
    if (first == vs->count) {
        if (vs->count == 0)
            qv_log(&db->log, QUIVER_LOG_DEBUG, "No migrations found in %s", root);
        else
            qv_log(&db->log, QUIVER_LOG_DEBUG, "Database is up to date at version %lld", (long long)current);
        return QUIVER_OK;
    }
    qv_log(&db->log, QUIVER_LOG_INFO, "Applying %zu pending migration(s) from version %lld to %lld", vs->count - first,
           (long long)current, (long long)vs->items[vs->count - 1].version);
    for (size_t i = first; i < vs->count; ++i) {
        long long v = (long long)vs->items[i].version;
        qv_log(&db->log, QUIVER_LOG_INFO, "Applying migration %lld", v);
        char* sql = qv_read_migration_file(root, &vs->items[i], "up.sql");
        if (!sql) return qv_fail("Cannot from_migrations: migration %lld has no up.sql file", v);
        quiver_error_t rc = qv_run_migration(db->db, sql, vs->items[i].version, &db->log);
        free(sql);
        if (rc != QUIVER_OK) {
            char* reason = qv_strdup(quiver_get_last_error());
            qv_log(&db->log, QUIVER_LOG_ERROR, "Migration %lld failed: %s", v, reason ? reason : "");
            qv_fail("Failed to from_migrations: up migration %lld: %s", v, reason ? reason : "");
            free(reason);
            return QUIVER_ERROR;
        }
        qv_log(&db->log, QUIVER_LOG_INFO, "Migration %lld applied successfully", v);
    }
    /* The schema changed under any cached model and statements; the final state is validated
     * before success is reported. */
    qv_db_schema_reset(db);
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    qv_log(&db->log, QUIVER_LOG_INFO, "All migrations applied successfully. Database now at version %lld",
           (long long)vs->items[vs->count - 1].version);
    return QUIVER_OK;
}

quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                               const quiver_database_options_t* options, quiver_database_t** out_db) {
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
        if (rc != QUIVER_OK)
            quiver_database_close(db);
        else
            db->ui = qv_ui_load(migrations_path, &db->log);
    }
    qv_versions_free(&vs);
    if (rc != QUIVER_OK) return QUIVER_ERROR;
    *out_db = db;
    return QUIVER_OK;
}

/* The tables left in conn after the down migrations, ", "-separated in name order, or NULL
 * when none. They are listed through the schema loader, as the reference does, so a left table
 * that breaks a load-time rule (name characters, column types) reports that rule instead. */
static quiver_error_t qv_remaining_tables(sqlite3* conn, char** out) {
    qv_schema* schema = NULL;
    if (qv_schema_read(conn, &schema) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf b;
    qv_buf_init(&b);
    for (size_t i = 0; i < schema->table_count; ++i) {
        if (i) qv_buf_append(&b, ", ");
        qv_buf_append(&b, schema->tables[i].name);
    }
    size_t count = schema->table_count;
    qv_schema_free(schema);
    if (b.oom) {
        qv_buf_free(&b);
        return qv_fail("Out of memory");
    }
    *out = count ? qv_buf_take(&b) : NULL;
    if (!count) qv_buf_free(&b);
    return QUIVER_OK;
}

static quiver_error_t qv_validate_in(sqlite3* conn, const char* root, const qv_versions* vs) {
    for (size_t i = 0; i < vs->count; ++i) {
        long long v = (long long)vs->items[i].version;
        char* sql = qv_read_migration_file(root, &vs->items[i], "up.sql");
        if (!sql) return qv_fail("Cannot validate_migrations: migration %lld has no up.sql file", v);
        quiver_error_t rc = qv_run_migration(conn, sql, vs->items[i].version, NULL);
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
        long long v = (long long)vs->items[i].version;
        char* sql = qv_read_migration_file(root, &vs->items[i], "down.sql");
        if (!sql) return qv_fail("Cannot validate_migrations: migration %lld has no down.sql file", v);
        quiver_error_t rc = qv_run_migration(conn, sql, 0, NULL);
        free(sql);
        if (rc != QUIVER_OK) {
            char* reason = qv_strdup(quiver_get_last_error());
            qv_fail("Failed to validate_migrations: down migration %lld: %s", v, reason ? reason : "");
            free(reason);
            return QUIVER_ERROR;
        }
    }
    char* left = NULL;
    if (qv_remaining_tables(conn, &left) != QUIVER_OK) return QUIVER_ERROR;
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
    if (kind != QV_PATH_DIR) return qv_fail("Cannot validate_migrations: path is not a directory: %s", migrations_path);
    qv_versions vs;
    if (qv_list_versions(migrations_path, &vs) != QUIVER_OK) return QUIVER_ERROR;
    if (vs.count == 0) {
        qv_versions_free(&vs);
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
    qv_versions_free(&vs);
    return rc;
}
