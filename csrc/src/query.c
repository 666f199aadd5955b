/*
 * Read-only SQL queries returning one value: the first column of the first row.
 *
 * Caller SQL is prepared once and kept in a per-handle cache of at most QV_QUERY_CACHE_MAX
 * statements, emptied when full (re-preparing dominated a short query). Only the first
 * statement of the text is compiled. A statement is accepted only when SQLite reports it
 * read-only and it is not a PRAGMA, ATTACH/DETACH, VACUUM, ANALYZE/REINDEX, DDL or transaction
 * control statement (also behind EXPLAIN), and never when it names fts3_tokenizer. Every row is
 * stepped through so that a BLOB or a run-time error anywhere in the result is reported, as the
 * reference does.
 */
#include <ctype.h>
#include <string.h>

#include "internal.h"

#define QV_READ_ONLY_MESSAGE                                                                       \
    "Cannot query: SQL must be read-only; writes, PRAGMA, ATTACH, VACUUM and transaction control " \
    "are not allowed"

#define QV_QUERY_CACHE_MAX 64

typedef enum { QV_QUERY_STRING, QV_QUERY_INTEGER, QV_QUERY_FLOAT } qv_query_kind;

static const char* qv_query_op(qv_query_kind kind) {
    switch (kind) {
        case QV_QUERY_STRING: return "query_string";
        case QV_QUERY_INTEGER: return "query_integer";
        default: return "query_float";
    }
}

/* Checks the parameter arrays before any work: codes 0, 1, 2 and 4 only, and value pointers
 * present where they are read. */
static quiver_error_t qv_check_params(qv_query_kind kind, const int* types, const void* const* values, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        const char* what = NULL;
        switch (types[i]) {
            case QUIVER_DATA_TYPE_INTEGER: what = "integer"; break;
            case QUIVER_DATA_TYPE_FLOAT: what = "float"; break;
            case QUIVER_DATA_TYPE_STRING: what = "string"; break;
            case QUIVER_DATA_TYPE_NULL: continue;
            default: return qv_fail("Cannot %s: unknown parameter type %d", qv_query_op(kind), types[i]);
        }
        if (values[i] == NULL)
            return qv_fail("Cannot %s: parameter at index %zu has null %s value", qv_query_op(kind), i, what);
    }
    return QUIVER_OK;
}

/* Skips whitespace, comments and empty statements (';'). */
static const char* qv_skip_space(const char* p) {
    for (;;) {
        if (*p == ';' || isspace((unsigned char)*p)) {
            ++p;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                ++p;
        } else if (p[0] == '/' && p[1] == '*') {
            const char* end = strstr(p + 2, "*/");
            if (!end) return p + strlen(p);
            p = end + 2;
        } else {
            return p;
        }
    }
}

/* If p starts with keyword (case-insensitive, whole word), returns the text after it. */
static const char* qv_keyword(const char* p, const char* keyword) {
    size_t n = strlen(keyword);
    if (sqlite3_strnicmp(p, keyword, (int)n) != 0) return NULL;
    unsigned char next = (unsigned char)p[n];
    if (isalnum(next) || next == '_' || next >= 0x80) return NULL;
    return p + n;
}

/* 1 when the statement's leading keyword (after EXPLAIN [QUERY PLAN]) is one that a query may
 * not run, whatever sqlite3_stmt_readonly says about it. */
static int qv_forbidden_keyword(const char* sql) {
    static const char* const forbidden[] = {
        "PRAGMA",    "ATTACH",  "DETACH", "VACUUM", "ANALYZE", "REINDEX", "BEGIN",  "COMMIT", "END",     "ROLLBACK",
        "SAVEPOINT", "RELEASE", "CREATE", "DROP",   "ALTER",   "INSERT",  "UPDATE", "DELETE", "REPLACE",
    };
    const char* p = qv_skip_space(sql);
    const char* after = qv_keyword(p, "EXPLAIN");
    if (after) {
        p = qv_skip_space(after);
        if ((after = qv_keyword(p, "QUERY")) != NULL) {
            p = qv_skip_space(after);
            if ((after = qv_keyword(p, "PLAN")) != NULL) p = qv_skip_space(after);
        }
    }
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; ++i) {
        if (qv_keyword(p, forbidden[i])) return 1;
    }
    return 0;
}

/* 1 when the text names fts3_tokenizer anywhere (case-insensitively, quoted or not). Its
 * two-argument form registers a native pointer taken from its argument as a tokenizer module, which
 * a later full-text query calls through: a "read-only" query could plant any address (system SQLite
 * builds often enable it, and a bound parameter passes even when the connection disables it). The
 * function is direct-only, so it can only appear in the caller's own text. */
static int qv_names_fts3_tokenizer(const char* sql) {
    static const char name[] = "fts3_tokenizer";
    size_t n = sizeof name - 1;
    for (const char* p = sql; *p; ++p) {
        if (sqlite3_strnicmp(p, name, (int)n) == 0) return 1;
    }
    return 0;
}

/* Binds one validated parameter; string values are trimmed of ASCII blanks (space, tab, CR, LF). */
static int qv_bind_param(sqlite3_stmt* st, int index, int type, const void* value) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER: return sqlite3_bind_int64(st, index, *(const int64_t*)value);
        case QUIVER_DATA_TYPE_FLOAT: return sqlite3_bind_double(st, index, *(const double*)value);
        case QUIVER_DATA_TYPE_STRING: {
            size_t len = 0;
            const char* s = qv_trim((const char*)value, &len);
            /* The bindings are cleared before the call returns, so the text may be borrowed. */
            return sqlite3_bind_text64(st, index, s, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
        }
        default: return sqlite3_bind_null(st, index);
    }
}

/* The result of one query: the first cell's kind and value. */
typedef struct {
    int has_value;
    int64_t integer;
    double real;
    char* text; /* owned; NULL unless has_value for a string query */
} qv_query_result;

/* Keeps the first row's first cell when it has the kind the query asks for. */
static quiver_error_t qv_take_first(sqlite3_stmt* st, qv_query_kind kind, qv_query_result* out) {
    int type = sqlite3_column_type(st, 0);
    if (kind == QV_QUERY_STRING && type == SQLITE_TEXT) {
        out->text = qv_strdup((const char*)sqlite3_column_text(st, 0));
        if (!out->text) return qv_fail("Out of memory");
        out->has_value = 1;
    } else if (kind == QV_QUERY_INTEGER && type == SQLITE_INTEGER) {
        out->integer = sqlite3_column_int64(st, 0);
        out->has_value = 1;
    } else if (kind == QV_QUERY_FLOAT && (type == SQLITE_INTEGER || type == SQLITE_FLOAT)) {
        out->real = sqlite3_column_double(st, 0);
        out->has_value = 1;
    }
    return QUIVER_OK;
}

/* Prepares, checks, binds and runs the statement. The caller holds the lock. */
static quiver_error_t qv_run_query(quiver_database_t* db, const char* sql, const int* types, const void* const* values,
                                   size_t count, qv_query_kind kind, qv_query_result* out) {
    sqlite3_stmt* st = NULL;
    /* Bounded: a caller formatting values into the SQL text must not grow the cache forever. */
    if (db->queries.size >= QV_QUERY_CACHE_MAX) qv_stmt_cache_clear(&db->queries);
    if (qv_stmt_cache_get(&db->queries, db->db, sql, &st) != SQLITE_OK)
        return qv_fail_sqlite(db->db, "Failed to prepare statement");
    /* Empty text or only comments: nothing was compiled. The reference reports SQLite's
     * (success) message for this case. */
    if (st == NULL) return qv_fail_sqlite(db->db, "Failed to execute statement");
    quiver_error_t result = QUIVER_OK;
    int expected = sqlite3_bind_parameter_count(st);
    if (!sqlite3_stmt_readonly(st) || qv_forbidden_keyword(sqlite3_sql(st))) {
        result = qv_fail(QV_READ_ONLY_MESSAGE);
    } else if (qv_names_fts3_tokenizer(sqlite3_sql(st))) {
        result = qv_fail("Cannot query: fts3_tokenizer is not allowed");
    } else if ((size_t)expected != count) {
        result = qv_fail("Failed to execute statement: expected %d bound parameter(s) but got %zu", expected, count);
    }
    for (size_t i = 0; result == QUIVER_OK && i < count; ++i) {
        if (qv_bind_param(st, (int)i + 1, types[i], values[i]) != SQLITE_OK)
            result = qv_fail_sqlite(db->db, "Failed to bind parameter");
    }
    int rc = SQLITE_DONE;
    int first = 1;
    while (result == QUIVER_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int columns = sqlite3_column_count(st);
        for (int c = 0; c < columns; ++c) {
            if (sqlite3_column_type(st, c) == SQLITE_BLOB) {
                result = qv_fail("Failed to execute statement: BLOB type not supported");
                break;
            }
        }
        if (result == QUIVER_OK && first) result = qv_take_first(st, kind, out);
        first = 0;
    }
    if (result == QUIVER_OK && rc != SQLITE_DONE) result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    if (result != QUIVER_OK) {
        free(out->text);
        out->text = NULL;
        out->has_value = 0;
    }
    return result;
}

static quiver_error_t qv_query(quiver_database_t* db, const char* sql, const int* types, const void* const* values,
                               size_t count, qv_query_kind kind, qv_query_result* out) {
    if (count > 0 && types == NULL) return qv_fail("Null argument: param_types");
    if (count > 0 && values == NULL) return qv_fail("Null argument: param_values");
    if (qv_check_params(kind, types, values, count) != QUIVER_OK) return QUIVER_ERROR;
    memset(out, 0, sizeof *out);
    QV_LOCK(db);
    quiver_error_t result = qv_run_query(db, sql, types, values, count, kind, out);
    QV_UNLOCK(db);
    return result;
}

/* The parameter names in the messages are the public ones, so they are checked here. */
#define QV_QUERY_PROLOGUE() \
    QV_REQUIRE(db);         \
    QV_REQUIRE(sql);        \
    QV_REQUIRE(out_value);  \
    QV_REQUIRE(out_has_value)

quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, const int* param_types,
                                            const void* const* param_values, size_t param_count, char** out_value,
                                            int* out_has_value) {
    QV_QUERY_PROLOGUE();
    qv_query_result r;
    if (qv_query(db, sql, param_types, param_values, param_count, QV_QUERY_STRING, &r) != QUIVER_OK)
        return QUIVER_ERROR;
    *out_value = r.text;
    *out_has_value = r.has_value;
    return QUIVER_OK;
}

quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, const int* param_types,
                                             const void* const* param_values, size_t param_count, int64_t* out_value,
                                             int* out_has_value) {
    QV_QUERY_PROLOGUE();
    qv_query_result r;
    if (qv_query(db, sql, param_types, param_values, param_count, QV_QUERY_INTEGER, &r) != QUIVER_OK)
        return QUIVER_ERROR;
    if (r.has_value) *out_value = r.integer;
    *out_has_value = r.has_value;
    return QUIVER_OK;
}

quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, const int* param_types,
                                           const void* const* param_values, size_t param_count, double* out_value,
                                           int* out_has_value) {
    QV_QUERY_PROLOGUE();
    qv_query_result r;
    if (qv_query(db, sql, param_types, param_values, param_count, QV_QUERY_FLOAT, &r) != QUIVER_OK) return QUIVER_ERROR;
    if (r.has_value) *out_value = r.real;
    *out_has_value = r.has_value;
    return QUIVER_OK;
}
