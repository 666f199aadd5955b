/*
 * Library-level functions and the database lifecycle through the C API only: version, last error
 * (per thread, never cleared by success), options and struct layouts, open / from_schema /
 * from_migrations / validate_migrations / close / is_healthy / path / current_version, NULL
 * arguments in parameter order, the log callback.
 */
#include "qtest.h"

#include <pthread.h>
#include <stddef.h>

/* ---- library level -------------------------------------------------------------------------- */

static void test_version(void) {
    CHECK_STR(quiver_version(), QUIVERDB_EXPECTED_VERSION);
    /* Static storage: the same pointer every time. */
    CHECK(quiver_version() == quiver_version());
    CHECK(quiver_sqlite_version_number() >= 3037000);
    CHECK(quiver_sqlite_version() != NULL && strncmp(quiver_sqlite_version(), "3.", 2) == 0);
    {
        int major = 0, minor = 0, patch = 0;
        CHECK_INT(sscanf(quiver_sqlite_version(), "%d.%d.%d", &major, &minor, &patch), 3);
        CHECK_INT(major * 1000000 + minor * 1000 + patch, quiver_sqlite_version_number());
    }
}

static void test_last_error_starts_empty_and_persists(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    int healthy = 0;
    /* This is the first test to run: nothing has failed in this thread yet. */
    CHECK(quiver_get_last_error() != NULL);
    CHECK_STR(quiver_get_last_error(), "");
    CHECK_ERROR(quiver_database_validate_migrations(NULL), "Null argument: migrations_path");
    /* Successful calls leave the message in place. */
    CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
    CHECK_OK(quiver_database_is_healthy(db, &healthy));
    CHECK_STR(quiver_get_last_error(), "Null argument: migrations_path");
    CHECK_OK(quiver_database_close(db));
    CHECK_STR(quiver_get_last_error(), "Null argument: migrations_path");
    /* The next failure replaces it. */
    CHECK_ERROR(quiver_database_open(NULL, NULL, NULL), "Null argument: path");
    quiver_clear_last_error();
    CHECK_STR(quiver_get_last_error(), "");
}

typedef struct {
    char seen_at_start[256];
    char own_failure[256];
} thread_report;

static void* thread_body(void* arg) {
    thread_report* report = (thread_report*)arg;
    snprintf(report->seen_at_start, sizeof report->seen_at_start, "%s", quiver_get_last_error());
    quiver_database_open(NULL, NULL, NULL);
    snprintf(report->own_failure, sizeof report->own_failure, "%s", quiver_get_last_error());
    return NULL;
}

static void test_last_error_is_per_thread(void) {
    pthread_t thread;
    thread_report report;
    memset(&report, 0, sizeof report);
    CHECK_ERROR(quiver_database_validate_migrations(NULL), "Null argument: migrations_path");
    CHECK_INT(pthread_create(&thread, NULL, thread_body, &report), 0);
    CHECK_INT(pthread_join(thread, NULL), 0);
    CHECK_STR(report.seen_at_start, "");
    CHECK_STR(report.own_failure, "Null argument: path");
    /* The other thread's failure did not touch this thread's message. */
    CHECK_STR(quiver_get_last_error(), "Null argument: migrations_path");
}

static void test_long_messages_are_kept_whole(void) {
    /* A path of 1500 characters comes back complete in the message. */
    char long_path[1600];
    char expected[1700];
    memset(long_path, 'x', 1500);
    long_path[0] = '/';
    long_path[1500] = '\0';
    snprintf(expected, sizeof expected, "Migrations path not found: %s", long_path);
    {
        quiver_database_t* db = NULL;
        CHECK_ERROR(quiver_database_from_migrations("unused.db", long_path, NULL, &db), expected);
        CHECK(db == NULL);
    }
}

/* ---- options and layouts ---------------------------------------------------------------------- */

static void test_options_defaults(void) {
    quiver_database_options_t options = quiver_database_options_default();
    quiver_csv_options_t csv = quiver_csv_options_default();
    CHECK_INT(options.read_only, 0);
    CHECK_INT(options.console_level, QUIVER_LOG_INFO);
    CHECK_STR(csv.date_time_format, "");
    CHECK(csv.enum_attribute_names == NULL);
    CHECK(csv.enum_locale_names == NULL);
    CHECK(csv.enum_entry_counts == NULL);
    CHECK(csv.enum_labels == NULL);
    CHECK(csv.enum_values == NULL);
    CHECK_INT(csv.enum_group_count, 0);
}

static void test_enum_values(void) {
    CHECK_INT(QUIVER_OK, 0);
    CHECK_INT(QUIVER_ERROR, 1);
    CHECK_INT(QUIVER_LOG_DEBUG, 0);
    CHECK_INT(QUIVER_LOG_INFO, 1);
    CHECK_INT(QUIVER_LOG_WARN, 2);
    CHECK_INT(QUIVER_LOG_ERROR, 3);
    CHECK_INT(QUIVER_LOG_OFF, 4);
    CHECK_INT(QUIVER_DATA_TYPE_INTEGER, 0);
    CHECK_INT(QUIVER_DATA_TYPE_FLOAT, 1);
    CHECK_INT(QUIVER_DATA_TYPE_STRING, 2);
    CHECK_INT(QUIVER_DATA_TYPE_DATE_TIME, 3);
    CHECK_INT(QUIVER_DATA_TYPE_NULL, 4);
    CHECK_INT(sizeof(quiver_error_t), 4);
    CHECK_INT(sizeof(quiver_log_level_t), 4);
    CHECK_INT(sizeof(quiver_data_type_t), 4);
}

/* Sizes and offsets of c-api.md §2.2 (measured on 64-bit targets; 32-bit ones differ). */
static void test_struct_layouts(void) {
    CHECK_INT(sizeof(quiver_database_options_t), 8);
    CHECK_INT(offsetof(quiver_database_options_t, read_only), 0);
    CHECK_INT(offsetof(quiver_database_options_t, console_level), 4);
    if (sizeof(void*) != 8) {
        printf("     (pointer-sized layouts checked on 64-bit targets only)\n");
        return;
    }
    CHECK_INT(sizeof(quiver_scalar_metadata_t), 56);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, name), 0);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, data_type), 8);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, not_null), 12);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, primary_key), 16);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, default_value), 24);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, is_foreign_key), 32);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, references_collection), 40);
    CHECK_INT(offsetof(quiver_scalar_metadata_t, references_column), 48);

    CHECK_INT(sizeof(quiver_group_metadata_t), 32);
    CHECK_INT(offsetof(quiver_group_metadata_t, group_name), 0);
    CHECK_INT(offsetof(quiver_group_metadata_t, dimension_column), 8);
    CHECK_INT(offsetof(quiver_group_metadata_t, value_columns), 16);
    CHECK_INT(offsetof(quiver_group_metadata_t, value_column_count), 24);

    CHECK_INT(sizeof(quiver_csv_options_t), 56);
    CHECK_INT(offsetof(quiver_csv_options_t, date_time_format), 0);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_attribute_names), 8);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_locale_names), 16);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_entry_counts), 24);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_labels), 32);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_values), 40);
    CHECK_INT(offsetof(quiver_csv_options_t, enum_group_count), 48);
}

/* ---- NULL arguments, in parameter order ----------------------------------------------------------- */

static void test_null_arguments(void) {
    quiver_database_t* db = NULL;
    quiver_database_t* sentinel = (quiver_database_t*)&db; /* never dereferenced */
    quiver_database_t* out = sentinel;
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    int healthy = 7;
    const char* path = NULL;
    int64_t version = 77;
    qt_schema(schema, "plants.sql");

    CHECK_ERROR(quiver_database_open(NULL, NULL, NULL), "Null argument: path");
    CHECK_ERROR(quiver_database_open(":memory:", NULL, NULL), "Null argument: out_db");

    CHECK_ERROR(quiver_database_from_schema(NULL, NULL, NULL, NULL), "Null argument: db_path");
    CHECK_ERROR(quiver_database_from_schema(":memory:", NULL, NULL, NULL), "Null argument: schema_path");
    CHECK_ERROR(quiver_database_from_schema(":memory:", schema, NULL, NULL), "Null argument: out_db");
    /* The NULL check wins over a semantic error (missing schema file). */
    CHECK_ERROR(quiver_database_from_schema(":memory:", "/no/such/schema.sql", NULL, NULL), "Null argument: out_db");

    CHECK_ERROR(quiver_database_from_migrations(NULL, NULL, NULL, NULL), "Null argument: db_path");
    CHECK_ERROR(quiver_database_from_migrations(":memory:", NULL, NULL, NULL), "Null argument: migrations_path");
    CHECK_ERROR(quiver_database_from_migrations(":memory:", "/no/such/dir", NULL, NULL), "Null argument: out_db");

    CHECK_ERROR(quiver_database_validate_migrations(NULL), "Null argument: migrations_path");

    CHECK_ERROR(quiver_database_is_healthy(NULL, NULL), "Null argument: db");
    CHECK_ERROR(quiver_database_path(NULL, NULL), "Null argument: db");
    CHECK_ERROR(quiver_database_current_version(NULL, NULL), "Null argument: db");

    CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
    CHECK_ERROR(quiver_database_is_healthy(db, NULL), "Null argument: out_healthy");
    CHECK_ERROR(quiver_database_path(db, NULL), "Null argument: out_path");
    CHECK_ERROR(quiver_database_current_version(db, NULL), "Null argument: out_version");
    /* Failures leave out-parameters untouched. */
    CHECK_ERROR(quiver_database_is_healthy(NULL, &healthy), "Null argument: db");
    CHECK_INT(healthy, 7);
    CHECK_ERROR(quiver_database_path(NULL, &path), "Null argument: db");
    CHECK(path == NULL);
    CHECK_ERROR(quiver_database_current_version(NULL, &version), "Null argument: db");
    CHECK_INT(version, 77);
    CHECK_ERROR(quiver_database_from_schema(":memory:", "/no/such/schema.sql", &quiet, &out),
                "Schema file not found: /no/such/schema.sql");
    CHECK(out == sentinel);
    CHECK_OK(quiver_database_close(db));

    /* close(NULL) is a no-op that succeeds and leaves the last error alone. */
    CHECK_ERROR(quiver_database_open(NULL, NULL, NULL), "Null argument: path");
    CHECK_OK(quiver_database_close(NULL));
    CHECK_STR(quiver_get_last_error(), "Null argument: path");
}

/* ---- open ------------------------------------------------------------------------------------------ */

static void test_open_and_accessors(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    char path[QT_PATH_MAX];
    const char* got = NULL;
    int healthy = 0;
    int64_t version = -1;

    /* A missing file is created (with its missing parent directories). */
    qt_path(path, "open/nested/new.db");
    CHECK(!qt_exists(path));
    CHECK_OK(quiver_database_open(path, &quiet, &db));
    CHECK(qt_exists(path));
    CHECK_OK(quiver_database_path(db, &got));
    CHECK_STR(got, path);
    /* Owned by the handle: the same storage on every call. */
    {
        const char* again = NULL;
        CHECK_OK(quiver_database_path(db, &again));
        CHECK(again == got);
    }
    CHECK_OK(quiver_database_is_healthy(db, &healthy));
    CHECK_INT(healthy, 1);
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 0);
    CHECK_OK(quiver_database_close(db));

    /* NULL options are the defaults. */
    db = NULL;
    {
        quiver_database_options_t defaults = quiver_database_options_default();
        defaults.console_level = QUIVER_LOG_OFF;
        CHECK_OK(quiver_database_open(path, &defaults, &db));
        CHECK(db != NULL);
        CHECK_OK(quiver_database_close(db));
    }

    /* The path is kept exactly as given. */
    db = NULL;
    CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
    CHECK_OK(quiver_database_path(db, &got));
    CHECK_STR(got, ":memory:");
    CHECK_OK(quiver_database_close(db));
    db = NULL;
    CHECK_OK(quiver_database_open("", &quiet, &db));
    CHECK_OK(quiver_database_path(db, &got));
    CHECK_STR(got, "");
    CHECK_OK(quiver_database_close(db));

    /* The caller's path buffer is copied. */
    {
        char buffer[QT_PATH_MAX];
        qt_path(buffer, "copied.db");
        db = NULL;
        CHECK_OK(quiver_database_open(buffer, &quiet, &db));
        memset(buffer, 'z', 10);
        CHECK_OK(quiver_database_path(db, &got));
        CHECK_STR(got, qt_path(path, "copied.db"));
        CHECK_OK(quiver_database_close(db));
    }
}

static void test_open_errors(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t read_only = qt_quiet();
    quiver_database_options_t quiet = qt_quiet();
    char path[QT_PATH_MAX];
    read_only.read_only = 1;

    CHECK_ERROR(quiver_database_open(qt_path(path, "missing.db"), &read_only, &db),
                "Failed to open database: unable to open database file");
    CHECK(db == NULL);
    CHECK(!qt_exists(path));
    CHECK_ERROR(quiver_database_open(qt_make_dir(path, "a_directory"), &quiet, &db),
                "Failed to open database: unable to open database file");
    CHECK(db == NULL);

    /* Read-only opens an existing file; the schema is not needed to open it. */
    qt_path(path, "ro.db");
    CHECK_OK(quiver_database_open(path, &quiet, &db));
    CHECK_OK(quiver_database_close(db));
    db = NULL;
    CHECK_OK(quiver_database_open(path, &read_only, &db));
    {
        int64_t version = -1;
        CHECK_OK(quiver_database_current_version(db, &version));
        CHECK_INT(version, 0);
    }
    CHECK_OK(quiver_database_close(db));

    /* A file that is not a database opens (SQLite reads lazily); reading it fails. */
    db = NULL;
    qt_write_file(path, "garbage.db", "this is not a SQLite database, not at all, no header here");
    CHECK_OK(quiver_database_open(path, &quiet, &db));
    {
        int healthy = 0;
        int64_t version = 77;
        CHECK_OK(quiver_database_is_healthy(db, &healthy));
        CHECK_INT(healthy, 1);
        CHECK_ERROR(quiver_database_current_version(db, &version),
                    "Failed to execute statement: file is not a database");
        CHECK_INT(version, 77);
    }
    CHECK_OK(quiver_database_close(db));
}

/* ---- from_schema --------------------------------------------------------------------------------- */

static void test_from_schema(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    char path[QT_PATH_MAX], schema[QT_PATH_MAX];
    const char* got = NULL;
    int64_t version = -1;

    CHECK_OK(quiver_database_from_schema(qt_path(path, "plants.db"), qt_schema(schema, "plants.sql"), &quiet, &db));
    CHECK(db != NULL);
    CHECK(qt_exists(path));
    CHECK_OK(quiver_database_path(db, &got));
    CHECK_STR(got, path);
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 0);
    CHECK_OK(quiver_database_close(db));

    /* The data spec's running example, in memory. */
    db = NULL;
    CHECK_OK(quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db));
    CHECK_OK(quiver_database_path(db, &got));
    CHECK_STR(got, ":memory:");
    CHECK_OK(quiver_database_close(db));

    /* NULL options are the defaults (console INFO: records go to stderr). */
    db = NULL;
    CHECK_OK(quiver_database_from_schema(":memory:", qt_schema(schema, "plants.sql"), NULL, &db));
    CHECK_OK(quiver_database_close(db));
}

static void test_from_schema_version_and_replace(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    char path[QT_PATH_MAX], schema[QT_PATH_MAX], versioned[QT_PATH_MAX];
    int64_t version = -1;
    char* text = qt_read_file(qt_schema(schema, "plants.sql"), NULL);
    CHECK(text != NULL);
    if (!text) return;
    {
        size_t n = strlen(text) + 64;
        char* with_version = (char*)malloc(n);
        snprintf(with_version, n, "%s\nPRAGMA user_version = 7;\n", text);
        qt_write_file(versioned, "versioned.sql", with_version);
        free(with_version);
    }
    free(text);

    CHECK_OK(quiver_database_from_schema(qt_path(path, "replace.db"), versioned, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 7);
    CHECK_OK(quiver_database_close(db));

    /* from_schema on an existing database replaces it. */
    db = NULL;
    CHECK_OK(quiver_database_from_schema(path, schema, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 0);
    CHECK_OK(quiver_database_close(db));
}

static void test_from_schema_errors(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    quiver_database_options_t read_only = qt_quiet();
    char path[QT_PATH_MAX], schema[QT_PATH_MAX], expected[2 * QT_PATH_MAX];
    read_only.read_only = 1;
    qt_schema(schema, "plants.sql");

    CHECK_ERROR(quiver_database_from_schema(qt_path(path, "e.db"), schema, &read_only, &db),
                "Cannot from_schema: read_only mode (use Database constructor to open existing)");
    CHECK(!qt_exists(path));

    CHECK_ERROR(quiver_database_from_schema(path, "/no/such/schema.sql", &quiet, &db),
                "Schema file not found: /no/such/schema.sql");
    CHECK(!qt_exists(path));

    {
        char empty[QT_PATH_MAX];
        qt_write_file(empty, "empty.sql", "");
        snprintf(expected, sizeof expected, "Cannot from_schema: schema file is empty: %s", empty);
        CHECK_ERROR(quiver_database_from_schema(path, empty, &quiet, &db), expected);
    }
    {
        char bad[QT_PATH_MAX];
        qt_write_file(bad, "syntax.sql", "CREATE TABLE (");
        CHECK_ERROR(quiver_database_from_schema(path, bad, &quiet, &db),
                    "Failed to execute SQL: near \"(\": syntax error");
        qt_write_file(bad, "incomplete.sql", "CREATE TABLE Configuration (id INTEGER PRIMARY KEY");
        CHECK_ERROR(quiver_database_from_schema(path, bad, &quiet, &db), "Failed to execute SQL: incomplete input");
        qt_write_file(bad, "noconf.sql",
                      "CREATE TABLE Thing (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
        CHECK_ERROR(quiver_database_from_schema(path, bad, &quiet, &db),
                    "Failed to validate schema: Schema must have a 'Configuration' table");
        CHECK_ERROR(quiver_database_from_schema(":memory:", bad, &quiet, &db),
                    "Failed to validate schema: Schema must have a 'Configuration' table");
    }
    CHECK(db == NULL);

    /* A failed from_schema leaves a database that was already there untouched. */
    {
        char bad[QT_PATH_MAX];
        int64_t version = -1;
        qt_write_file(bad, "v3.sql",
                      "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
                      "PRAGMA user_version = 3;");
        CHECK_OK(quiver_database_from_schema(qt_path(path, "kept.db"), bad, &quiet, &db));
        CHECK_OK(quiver_database_close(db));
        db = NULL;
        qt_write_file(bad, "broken.sql", "CREATE TABLE (");
        CHECK_ERROR(quiver_database_from_schema(path, bad, &quiet, &db),
                    "Failed to execute SQL: near \"(\": syntax error");
        CHECK_OK(quiver_database_open(path, &quiet, &db));
        CHECK_OK(quiver_database_current_version(db, &version));
        CHECK_INT(version, 3);
        CHECK_OK(quiver_database_close(db));
        db = NULL;
    }

    /* A directory, or a file that is not a SQLite database, is not replaced. */
    qt_make_dir(path, "dir.db");
    snprintf(expected, sizeof expected, "Cannot from_schema: database path is a directory: %s", path);
    CHECK_ERROR(quiver_database_from_schema(path, schema, &quiet, &db), expected);
    qt_write_file(path, "notes.txt", "precious notes");
    snprintf(expected, sizeof expected,
             "Cannot from_schema: refusing to replace a file that is not a SQLite database: %s", path);
    CHECK_ERROR(quiver_database_from_schema(path, schema, &quiet, &db), expected);
    {
        char* kept = qt_read_file(path, NULL);
        CHECK_STR(kept, "precious notes");
        free(kept);
    }
    CHECK(db == NULL);
}

/* ---- migrations ------------------------------------------------------------------------------------ */

static const char* const MIGRATION_1_UP =
    "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n";
static const char* const MIGRATION_2_UP =
    "CREATE TABLE Zone (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;\n";

/* Writes <name>/1 and <name>/2 (up and down) and returns the folder in out. */
static const char* write_migrations(char* out, const char* name) {
    char file[QT_PATH_MAX], rel[QT_PATH_MAX];
    snprintf(rel, sizeof rel, "%s/1/up.sql", name);
    qt_write_file(file, rel, MIGRATION_1_UP);
    snprintf(rel, sizeof rel, "%s/1/down.sql", name);
    qt_write_file(file, rel, "DROP TABLE Configuration;\n");
    snprintf(rel, sizeof rel, "%s/2/up.sql", name);
    qt_write_file(file, rel, MIGRATION_2_UP);
    snprintf(rel, sizeof rel, "%s/2/down.sql", name);
    qt_write_file(file, rel, "DROP TABLE Zone;\n");
    return qt_path(out, name);
}

static void test_from_migrations(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    char path[QT_PATH_MAX], migrations[QT_PATH_MAX], file[QT_PATH_MAX];
    int64_t version = -1;
    write_migrations(migrations, "mig");

    CHECK_OK(quiver_database_from_migrations(qt_path(path, "mig.db"), migrations, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 2);
    CHECK_OK(quiver_database_close(db));

    /* Up to date: a no-op. */
    db = NULL;
    CHECK_OK(quiver_database_from_migrations(path, migrations, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 2);
    CHECK_OK(quiver_database_close(db));

    /* A later version (with a gap) upgrades the file. */
    qt_write_file(file, "mig/5/up.sql",
                  "CREATE TABLE Extra (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
    qt_write_file(file, "mig/5/down.sql", "DROP TABLE Extra;");
    db = NULL;
    CHECK_OK(quiver_database_from_migrations(path, migrations, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 5);
    CHECK_OK(quiver_database_close(db));
    CHECK_OK(quiver_database_validate_migrations(migrations));

    /* No version directories: succeeds with version 0. */
    db = NULL;
    CHECK_OK(quiver_database_from_migrations(qt_path(path, "none.db"), qt_make_dir(file, "no_versions"), &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 0);
    CHECK_OK(quiver_database_close(db));
}

static void test_from_migrations_errors(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    quiver_database_options_t read_only = qt_quiet();
    char path[QT_PATH_MAX], migrations[QT_PATH_MAX], file[QT_PATH_MAX], expected[2 * QT_PATH_MAX];
    int64_t version = -1;
    read_only.read_only = 1;
    write_migrations(migrations, "migerr");

    CHECK_ERROR(quiver_database_from_migrations(qt_path(path, "x.db"), migrations, &read_only, &db),
                "Cannot from_migrations: read_only mode (use Database constructor to open existing)");
    snprintf(expected, sizeof expected, "Migrations path not found: %s", qt_path(file, "nope"));
    CHECK_ERROR(quiver_database_from_migrations(path, file, &quiet, &db), expected);
    CHECK(!qt_exists(path));
    qt_write_file(file, "a_file", "x");
    snprintf(expected, sizeof expected, "Cannot from_migrations: path is not a directory: %s", file);
    CHECK_ERROR(quiver_database_from_migrations(path, file, &quiet, &db), expected);
    CHECK(!qt_exists(path));

    qt_write_file(file, "migerr/3/down.sql", "SELECT 1;");
    CHECK_ERROR(quiver_database_from_migrations(path, migrations, &quiet, &db),
                "Cannot from_migrations: migration 3 has no up.sql file");

    /* A failing migration is rolled back alone; the earlier ones stay. */
    qt_write_file(file, "migerr/3/up.sql", "CREATE TABLE (");
    CHECK_ERROR(quiver_database_from_migrations(path, migrations, &quiet, &db),
                "Failed to from_migrations: up migration 3: Failed to execute SQL: near \"(\": syntax error");
    CHECK(db == NULL);
    CHECK_OK(quiver_database_open(path, &quiet, &db));
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_INT(version, 2);
    CHECK_OK(quiver_database_close(db));
    db = NULL;

    /* A result that is not a valid schema. */
    qt_write_file(file, "invalid/1/up.sql",
                  "CREATE TABLE Thing (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
    CHECK_ERROR(quiver_database_from_migrations(qt_path(path, "invalid.db"), qt_path(file, "invalid"), &quiet, &db),
                "Failed to validate schema: Schema must have a 'Configuration' table");
    CHECK(db == NULL);
}

static void test_validate_migrations(void) {
    char migrations[QT_PATH_MAX], file[QT_PATH_MAX], expected[2 * QT_PATH_MAX];
    write_migrations(migrations, "val");
    CHECK_OK(quiver_database_validate_migrations(migrations));

    snprintf(expected, sizeof expected, "Cannot validate_migrations: migrations path not found: %s",
             qt_path(file, "nope"));
    CHECK_ERROR(quiver_database_validate_migrations(file), expected);
    qt_write_file(file, "plain_file", "x");
    snprintf(expected, sizeof expected, "Cannot validate_migrations: path is not a directory: %s", file);
    CHECK_ERROR(quiver_database_validate_migrations(file), expected);
    qt_make_dir(file, "empty_migrations");
    snprintf(expected, sizeof expected, "Cannot validate_migrations: no migrations found in %s", file);
    CHECK_ERROR(quiver_database_validate_migrations(file), expected);

    qt_write_file(file, "val/3/down.sql", "SELECT 1;");
    CHECK_ERROR(quiver_database_validate_migrations(migrations),
                "Cannot validate_migrations: migration 3 has no up.sql file");
    qt_write_file(file, "val/3/up.sql", "CREATE TABLE (");
    CHECK_ERROR(quiver_database_validate_migrations(migrations),
                "Failed to validate_migrations: up migration 3: Failed to execute SQL: near \"(\": syntax error");
    qt_write_file(file, "val/3/up.sql",
                  "CREATE TABLE Extra (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
    CHECK_ERROR(quiver_database_validate_migrations(migrations),
                "Failed to validate_migrations: down migrations left tables behind: Extra");
    qt_path(file, "val/3/down.sql");
    remove(file);
    CHECK_ERROR(quiver_database_validate_migrations(migrations),
                "Cannot validate_migrations: migration 3 has no down.sql file");
}

/* ---- close and logging --------------------------------------------------------------------------- */

typedef struct {
    int count;
    int saw_opened;
    int saw_closed;
    int min_level_seen;
    char logger[64];
    void* user;
} log_capture;

static void capture_log(int level, const char* logger, const char* message, void* user) {
    log_capture* capture = (log_capture*)user;
    capture->count++;
    capture->user = user;
    if (level < capture->min_level_seen) capture->min_level_seen = level;
    snprintf(capture->logger, sizeof capture->logger, "%s", logger);
    if (strncmp(message, "Database opened successfully: ", 30) == 0) capture->saw_opened = 1;
    if (strcmp(message, "Database closed") == 0) capture->saw_closed = 1;
}

static void test_log_callback(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    log_capture capture;
    memset(&capture, 0, sizeof capture);
    capture.min_level_seen = 99;

    quiver_set_log_callback(capture_log, QUIVER_LOG_INFO, &capture);
    CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
    CHECK_OK(quiver_database_close(db));
    quiver_set_log_callback(NULL, QUIVER_LOG_DEBUG, NULL);

    /* The callback receives records whatever the console level says, from its own minimum level. */
    CHECK(capture.count > 0);
    CHECK(capture.user == &capture);
    CHECK(capture.saw_opened);
    CHECK(capture.saw_closed);
    CHECK(capture.min_level_seen >= QUIVER_LOG_INFO);
    CHECK(strncmp(capture.logger, "quiver_database_", 16) == 0);

    /* Removed: nothing more arrives. */
    {
        int before = capture.count;
        db = NULL;
        CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
        CHECK_OK(quiver_database_close(db));
        CHECK_INT(capture.count, before);
    }
}

static void test_close_many(void) {
    /* Many handles open at once, closed in a different order. */
    quiver_database_t* dbs[8];
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    size_t i;
    qt_schema(schema, "plants.sql");
    for (i = 0; i < 8; ++i) {
        dbs[i] = NULL;
        CHECK_OK(quiver_database_from_schema(":memory:", schema, &quiet, &dbs[i]));
    }
    for (i = 0; i < 8; ++i)
        CHECK_OK(quiver_database_close(dbs[(i * 3) % 8]));
}

int main(void) {
    /* First: the last error must still be untouched in this thread. */
    QT_RUN(test_last_error_starts_empty_and_persists);
    QT_RUN(test_version);
    QT_RUN(test_last_error_is_per_thread);
    QT_RUN(test_long_messages_are_kept_whole);
    QT_RUN(test_options_defaults);
    QT_RUN(test_enum_values);
    QT_RUN(test_struct_layouts);
    QT_RUN(test_null_arguments);
    QT_RUN(test_open_and_accessors);
    QT_RUN(test_open_errors);
    QT_RUN(test_from_schema);
    QT_RUN(test_from_schema_version_and_replace);
    QT_RUN(test_from_schema_errors);
    QT_RUN(test_from_migrations);
    QT_RUN(test_from_migrations_errors);
    QT_RUN(test_validate_migrations);
    QT_RUN(test_log_callback);
    QT_RUN(test_close_many);
    return qt_finish();
}
