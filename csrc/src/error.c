/* The per-thread last-error message and the library-level entry points of common.h. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define QV_ERROR_CAPACITY 4096

static QV_THREAD_LOCAL char qv_last_error[QV_ERROR_CAPACITY];

#ifndef QUIVERDB_VERSION
#error "QUIVERDB_VERSION must be defined by the build (from pyproject.toml)"
#endif

const char* quiver_version(void) { return QUIVERDB_VERSION; }

const char* quiver_get_last_error(void) { return qv_last_error; }

void quiver_clear_last_error(void) { qv_last_error[0] = '\0'; }

int quiver_sqlite_version_number(void) { return sqlite3_libversion_number(); }

const char* quiver_sqlite_version(void) { return sqlite3_libversion(); }

quiver_error_t qv_failv(const char* fmt, va_list ap) {
    int n = vsnprintf(qv_last_error, QV_ERROR_CAPACITY, fmt, ap);
    if (n < 0) {
        snprintf(qv_last_error, QV_ERROR_CAPACITY, "%s", "Unknown error");
    } else if (n >= QV_ERROR_CAPACITY) {
        /* Mark the truncation rather than end mid-character silently. */
        memcpy(qv_last_error + QV_ERROR_CAPACITY - 4, "...", 4);
    }
    return QUIVER_ERROR;
}

quiver_error_t qv_fail(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    qv_failv(fmt, ap);
    va_end(ap);
    return QUIVER_ERROR;
}

quiver_error_t qv_fail_sqlite(sqlite3* db, const char* prefix) {
    return qv_fail("%s: %s", prefix, db ? sqlite3_errmsg(db) : "out of memory");
}
