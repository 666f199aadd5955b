/*
 * Internal declarations shared by the core's translation units. Not installed.
 *
 * Ownership rules inside the core: every pointer member of a struct defined here is owned by
 * that struct and freed by its *_free function; functions returning char* or arrays hand
 * ownership to the caller, who releases them with free() (qv_free) or the matching public
 * quiver_database_free_* function.
 */
#ifndef QV_INTERNAL_H
#define QV_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "platform.h"
#include "quiverdb.h"

#define QV_MIN_SQLITE_VERSION_NUMBER 3037000

/* ---- errors (error.c) --------------------------------------------------------------------- */

/* Sets the calling thread's last-error message and returns QUIVER_ERROR. */
quiver_error_t qv_fail(const char* fmt, ...) QV_PRINTF(1, 2);
quiver_error_t qv_failv(const char* fmt, va_list ap);
/* "<prefix>: <sqlite3_errmsg(db)>" */
quiver_error_t qv_fail_sqlite(sqlite3* db, const char* prefix);

/* Fails with "Null argument: <name>" when the pointer is NULL. */
#define QV_REQUIRE(ptr)                                               \
    do {                                                              \
        if ((ptr) == NULL) return qv_fail("Null argument: %s", #ptr); \
    } while (0)

/* ---- memory and strings (util.c) ---------------------------------------------------------- */

char* qv_strdup(const char* s);
char* qv_strndup(const char* s, size_t n);
char* qv_sprintf(const char* fmt, ...) QV_PRINTF(1, 2);
/* The span of s without leading and trailing space, tab, CR and LF (the reference's trim rule for
 * every text it writes or binds; VT, FF and non-ASCII spaces are kept). Sets *len. */
const char* qv_trim(const char* s, size_t* len);

/* A growable, always NUL-terminated string. On allocation failure it sets oom and stops growing. */
typedef struct {
    char* data;
    size_t len;
    size_t cap;
    int oom;
} qv_buf;

void qv_buf_init(qv_buf* b);
void qv_buf_free(qv_buf* b);
void qv_buf_append(qv_buf* b, const char* s);
void qv_buf_append_n(qv_buf* b, const char* s, size_t n);
void qv_buf_appendf(qv_buf* b, const char* fmt, ...) QV_PRINTF(2, 3);
/* Appends name as a double-quoted SQL identifier (embedded quotes doubled). */
void qv_buf_append_ident(qv_buf* b, const char* name);
/* Returns the string (caller frees) and resets the buffer; NULL after an allocation failure. */
char* qv_buf_take(qv_buf* b);
/* The current contents ("" when empty); valid until the next append. */
const char* qv_buf_str(const qv_buf* b);

/* ---- schema model (schema.c, schema_validate.c) ------------------------------------------- */

typedef enum {
    QV_TABLE_COLLECTION,
    QV_TABLE_VECTOR,
    QV_TABLE_SET,
    QV_TABLE_TIME_SERIES,
    QV_TABLE_TIME_SERIES_FILES,
    QV_TABLE_INVALID
} qv_table_kind;

typedef struct {
    char* name;
    char* declared_type;     /* as PRAGMA table_info reports it ("" when none) */
    quiver_data_type_t type; /* INTEGER, FLOAT, STRING or DATE_TIME */
    int not_null;            /* declared NOT NULL */
    int pk;                  /* 1-based position in the primary key, 0 when not part of it */
    char* default_value;     /* declared default as SQL text, NULL when none */
    int fk;                  /* index into the table's foreign keys, -1 when none */
} qv_column;

typedef struct {
    char* from;      /* column of this table */
    char* table;     /* referenced table */
    char* to;        /* referenced column (NULL when implicit) */
    char* on_update; /* "CASCADE", "SET NULL", "NO ACTION", ... */
    char* on_delete;
} qv_foreign_key;

typedef struct {
    char* name;
    int unique;
    char** columns;
    size_t column_count;
} qv_index;

typedef struct qv_table {
    char* name;
    qv_table_kind kind;
    char* parent; /* owning collection (groups and files tables), else NULL */
    char* group;  /* group name (vector, set, time series), else NULL */
    qv_column* columns;
    size_t column_count;
    qv_foreign_key* fks;
    size_t fk_count;
    qv_index* indexes;
    size_t index_count;
    int dimension;     /* time series: column index of the date_ primary-key column, else -1 */
    int without_rowid; /* declared WITHOUT ROWID: no rowid to order rows by */
} qv_table;

typedef struct {
    qv_table* table;
    qv_table** vectors; /* sorted by group name */
    size_t vector_count;
    qv_table** sets;
    size_t set_count;
    qv_table** time_series;
    size_t time_series_count;
    qv_table* files; /* <Collection>_time_series_files, or NULL */
} qv_collection;

typedef struct {
    qv_table* tables; /* sorted by name, byte order */
    size_t table_count;
    qv_collection* collections; /* sorted by name, byte order */
    size_t collection_count;
} qv_schema;

/* Loads the model of the main schema and validates every rule. On failure sets the last error
 * (the reference's message) and returns QUIVER_ERROR; *out is untouched. */
quiver_error_t qv_schema_load(sqlite3* db, qv_schema** out);
/* Loads the model with only the load-time checks (table-name characters, column types). */
quiver_error_t qv_schema_read(sqlite3* db, qv_schema** out);
void qv_schema_free(qv_schema* schema);
/* Validation of a loaded model (called by qv_schema_load). */
quiver_error_t qv_schema_validate(const qv_schema* schema);

const qv_table* qv_schema_table(const qv_schema* s, const char* name);
const qv_collection* qv_schema_collection(const qv_schema* s, const char* name);
/* Column lookup by name; NULL/-1 when absent. */
const qv_column* qv_table_column(const qv_table* t, const char* name);
int qv_table_column_index(const qv_table* t, const char* name);
/* Data type of a declared column type and name (date_ prefix rule). */
quiver_data_type_t qv_column_type_of(const char* declared_type, const char* name);

/* ---- statement cache (stmt_cache.c) -------------------------------------------------------- */

typedef struct qv_stmt_entry qv_stmt_entry;
typedef struct {
    qv_stmt_entry** buckets;
    size_t bucket_count;
    size_t size;
} qv_stmt_cache;

void qv_stmt_cache_init(qv_stmt_cache* c);
void qv_stmt_cache_clear(qv_stmt_cache* c); /* finalizes every statement */
/* qv_stmt_get on any cache of statements of conn. SQL that compiles to nothing (empty text,
 * only comments) gives SQLITE_OK with *out NULL and is not cached. */
int qv_stmt_cache_get(qv_stmt_cache* c, sqlite3* conn, const char* sql, sqlite3_stmt** out);

/* ---- logging (log.c) ------------------------------------------------------------------------ */

typedef struct {
    char name[40]; /* quiver_database_<n> */
    int console_level;
} qv_logger;

void qv_logger_init(qv_logger* lg, int console_level);
void qv_log(const qv_logger* lg, int level, const char* fmt, ...) QV_PRINTF(3, 4);

/* ---- the database handle (database.c) -------------------------------------------------------- */

struct qv_ui_metadata; /* ui_metadata.h */

struct quiver_database {
    sqlite3* db;
    char* path;
    int read_only;
    qv_mutex lock;
    qv_logger log;
    qv_schema* schema; /* loaded lazily by qv_db_schema */
    qv_stmt_cache stmts;
    qv_stmt_cache queries; /* caller SQL of queries, bounded by query.c */
    int in_transaction;    /* explicit transaction opened by begin_transaction */
    int in_dry_run;
    struct qv_ui_metadata* ui; /* describe decorations (from_migrations only), or NULL */
};

/* Locks/unlocks the handle. Every public function taking a handle brackets its work with these. */
#define QV_LOCK(dbh) qv_mutex_lock(&(dbh)->lock)
#define QV_UNLOCK(dbh) qv_mutex_unlock(&(dbh)->lock)

/* The validated schema of the handle, loading it on first use. */
quiver_error_t qv_db_schema(quiver_database_t* db, const qv_schema** out);
/* Drops the cached schema and statements (after DDL). */
void qv_db_schema_reset(quiver_database_t* db);

/* A reset, ready-to-bind statement for sql from the handle's cache. Returns the SQLite result
 * code; on failure nothing is cached and *out is NULL. Call qv_stmt_done when finished. */
int qv_stmt_get(quiver_database_t* db, const char* sql, sqlite3_stmt** out);
/* Resets the statement and clears its bindings so it holds no lock and no borrowed text. */
void qv_stmt_done(sqlite3_stmt* stmt);

/* Prepares the SQL in sql (built from schema identifiers) from the cache and frees the buffer.
 * Errors: "Out of memory", "Failed to prepare statement: <message>". */
quiver_error_t qv_stmt_get_buf(quiver_database_t* db, qv_buf* sql, sqlite3_stmt** out);
/* *out_found = 1 when table holds a row with this id. */
quiver_error_t qv_element_exists(quiver_database_t* db, const qv_table* table, int64_t id, int* out_found);
/* Looks up the id of the element of table whose label is text[0..len) (not trimmed here):
 * *out_found = 0 when there is none (no error). Errors only from SQLite. */
quiver_error_t qv_find_id_by_label(quiver_database_t* db, const char* table, const char* text, size_t len,
                                   int64_t* out_id, int* out_found);
/* The id of the element of table whose label is the trimmed label; otherwise fails with
 * "Element not found: label '<label>' in collection '<table>'". */
quiver_error_t qv_element_id_by_label(quiver_database_t* db, const qv_table* table, const char* label, int64_t* out_id);

/* Runs SQL text (possibly several statements) with sqlite3_exec. On failure sets
 * "<prefix>: <message>" and returns QUIVER_ERROR. */
quiver_error_t qv_exec(sqlite3* db, const char* sql, const char* prefix);

/* Opens a SQLite connection with the core's settings (foreign keys on, extended codes).
 * On failure returns the SQLite code and, when *out is not NULL, the caller must close it. */
int qv_sqlite_open(const char* path, int read_only, sqlite3** out);

/* Allocates and initialises a handle around an open connection (takes it over). */
quiver_error_t qv_db_wrap(sqlite3* conn, const char* path, int read_only, const qv_logger* log,
                          quiver_database_t** out_db);

/* ---- atomic write calls (savepoint.c) ------------------------------------------------------- */

/* Opens the savepoint of one write call. Pair every successful qv_write_begin with exactly one
 * qv_write_end(db, result): it releases the savepoint when result is QUIVER_OK and otherwise
 * rolls everything since qv_write_begin back, keeping the failure's message. Returns the final
 * result. */
quiver_error_t qv_write_begin(quiver_database_t* db);
quiver_error_t qv_write_end(quiver_database_t* db, quiver_error_t result);

/* ---- date-times (datetime.c) ------------------------------------------------------------------ */

typedef struct {
    int year, month, day, hour, minute, second;
} qv_datetime;

#define QV_DATETIME_TEXT_SIZE 20 /* "YYYY-MM-DDTHH:MM:SS" and its NUL */

/* 1 when text[0..len) is YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS naming a real
 * date and time (out may be NULL); 0 otherwise. The caller trims whitespace first. */
int qv_datetime_parse(const char* text, size_t len, qv_datetime* out);
void qv_datetime_format(const qv_datetime* d, char out[QV_DATETIME_TEXT_SIZE]);
/* Validates and writes the canonical stored form YYYY-MM-DDTHH:MM:SS; 0 when invalid. */
int qv_datetime_canonical(const char* text, size_t len, char out[QV_DATETIME_TEXT_SIZE]);

#endif /* QV_INTERNAL_H */
