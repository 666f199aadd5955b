/*
 * qtest: the tiny test harness of the C suite. One executable per API family; each test is a
 * function run with QT_RUN(fn). Checks never stop a test: a failed check prints
 *     file:line: FAIL [test] <what was expected>  (last error: "<quiver_get_last_error()>")
 * and is counted. qt_finish() prints the closing line "N passed, N failed" and gives the exit
 * code for main (0 only when nothing failed), so ctest sees failures.
 *
 * Include this header first in a test file: it selects POSIX features before any system header.
 * Test files may use the helpers below for scratch files: every test process gets its own
 * directory (created on first use, removed by qt_finish when no check failed).
 *
 * The build defines QT_SCHEMAS_DIR (tests/schemas of the repository) and QT_TMP_ROOT (a folder in
 * the build tree for scratch directories).
 */
#ifndef QTEST_H
#define QTEST_H

#ifndef _WIN32
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "quiverdb.h"

#ifndef QT_SCHEMAS_DIR
#error "QT_SCHEMAS_DIR must name tests/schemas"
#endif
#ifndef QT_TMP_ROOT
#define QT_TMP_ROOT "."
#endif

#define QT_PATH_MAX 1024

/* Helpers are static and may go unused in a given test file. */
#if defined(__GNUC__) || defined(__clang__)
#define QT_FN static __attribute__((unused))
#else
#define QT_FN static
#endif

static int qt_passed = 0;
static int qt_failed = 0;
static const char* qt_test_name = "";
static char qt_scratch[QT_PATH_MAX] = "";

QT_FN void qt_pass(void) { qt_passed++; }

#if defined(__GNUC__) || defined(__clang__)
QT_FN void qt_fail(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
QT_FN void qt_fail(const char* file, int line, const char* fmt, ...) {
    va_list ap;
    qt_failed++;
    fprintf(stderr, "%s:%d: FAIL [%s] ", file, line, qt_test_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "  (last error: \"%s\")\n", quiver_get_last_error());
    fflush(stderr);
}

/* A condition that must hold. */
#define CHECK(cond)                                          \
    do {                                                     \
        if (cond)                                            \
            qt_pass();                                       \
        else                                                 \
            qt_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
    } while (0)

/* A call that must return QUIVER_OK. */
#define CHECK_OK(call)                                                                             \
    do {                                                                                           \
        quiver_error_t qt_rc_ = (call);                                                            \
        if (qt_rc_ == QUIVER_OK)                                                                   \
            qt_pass();                                                                             \
        else                                                                                       \
            qt_fail(__FILE__, __LINE__, "%s returned %d, expected QUIVER_OK", #call, (int)qt_rc_); \
    } while (0)

/* A call that must return QUIVER_ERROR with exactly this last-error message. */
#define CHECK_ERROR(call, message) qt_check_error((call), #call, (message), 0, __FILE__, __LINE__)
/* Same, comparing only the beginning of the message. */
#define CHECK_ERROR_PREFIX(call, prefix) qt_check_error((call), #call, (prefix), 1, __FILE__, __LINE__)

QT_FN void qt_check_error(quiver_error_t rc, const char* call, const char* expected, int prefix_only, const char* file,
                          int line) {
    const char* got = quiver_get_last_error();
    int same = prefix_only ? strncmp(got, expected, strlen(expected)) == 0 : strcmp(got, expected) == 0;
    if (rc != QUIVER_ERROR) {
        qt_fail(file, line, "%s returned %d, expected QUIVER_ERROR with \"%s\"", call, (int)rc, expected);
    } else if (!same) {
        qt_fail(file, line, "%s: message \"%s\", expected %s\"%s\"", call, got, prefix_only ? "a prefix " : "",
                expected);
    } else {
        qt_pass();
    }
}

/* Integers of any width (compared as long long). */
#define CHECK_INT(actual, expected) \
    qt_check_int((long long)(actual), (long long)(expected), #actual, __FILE__, __LINE__)

QT_FN void qt_check_int(long long actual, long long expected, const char* what, const char* file, int line) {
    if (actual == expected)
        qt_pass();
    else
        qt_fail(file, line, "%s == %lld, expected %lld", what, actual, expected);
}

/* Floats, compared exactly (values the suite writes and reads back must round-trip). */
#define CHECK_DOUBLE(actual, expected) \
    qt_check_double((double)(actual), (double)(expected), #actual, __FILE__, __LINE__)

QT_FN void qt_check_double(double actual, double expected, const char* what, const char* file, int line) {
    if (actual == expected)
        qt_pass();
    else
        qt_fail(file, line, "%s == %.17g, expected %.17g", what, actual, expected);
}

/* NUL-terminated strings; NULL is a value of its own (CHECK_STR(p, NULL) passes for NULL only). */
#define CHECK_STR(actual, expected) qt_check_str((actual), (expected), #actual, __FILE__, __LINE__)

QT_FN void qt_check_str(const char* actual, const char* expected, const char* what, const char* file, int line) {
    if ((actual == NULL && expected == NULL) || (actual && expected && strcmp(actual, expected) == 0))
        qt_pass();
    else if (actual == NULL)
        qt_fail(file, line, "%s is NULL, expected \"%s\"", what, expected);
    else if (expected == NULL)
        qt_fail(file, line, "%s == \"%s\", expected NULL", what, actual);
    else
        qt_fail(file, line, "%s == \"%s\", expected \"%s\"", what, actual, expected);
}

/* Runs one test function. */
#define QT_RUN(fn) qt_run(#fn, fn)

QT_FN void qt_run(const char* name, void (*fn)(void)) {
    int failed_before = qt_failed;
    qt_test_name = name;
    fn();
    printf("%s %s\n", qt_failed == failed_before ? "ok  " : "FAIL", name);
    fflush(stdout);
    qt_test_name = "";
}

/* ---- scratch files ------------------------------------------------------------------------- */

/* The scratch directory of this process (created on first use); aborts when it cannot be made. */
QT_FN const char* qt_scratch_dir(void) {
    if (qt_scratch[0] == '\0') {
#ifndef _WIN32
        mkdir(QT_TMP_ROOT, 0777);
        snprintf(qt_scratch, sizeof qt_scratch, "%s/qtest-XXXXXX", QT_TMP_ROOT);
        if (mkdtemp(qt_scratch) == NULL) {
            perror("qtest: mkdtemp");
            exit(2);
        }
#else
#error "qtest scratch directories need POSIX"
#endif
    }
    return qt_scratch;
}

/* Writes "<scratch>/<name>" into out (QT_PATH_MAX bytes) and returns out. */
QT_FN const char* qt_path(char* out, const char* name) {
    snprintf(out, QT_PATH_MAX, "%s/%s", qt_scratch_dir(), name);
    return out;
}

/* "<QT_SCHEMAS_DIR>/<name>" into out. */
QT_FN const char* qt_schema(char* out, const char* name) {
    snprintf(out, QT_PATH_MAX, "%s/%s", QT_SCHEMAS_DIR, name);
    return out;
}

/* Creates (or replaces) a file under the scratch directory, making its parent directories.
 * Returns the full path in out. */
QT_FN const char* qt_write_file(char* out, const char* name, const char* text) {
    char dir[QT_PATH_MAX];
    char* slash;
    FILE* f;
    qt_path(out, name);
    snprintf(dir, sizeof dir, "%s", out);
    for (slash = strchr(dir + strlen(qt_scratch_dir()) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(dir, 0777);
        *slash = '/';
    }
    f = fopen(out, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(out);
        exit(2);
    }
    return out;
}

/* Creates a directory (and its parents) under the scratch directory; full path in out. */
QT_FN const char* qt_make_dir(char* out, const char* name) {
    char marker[QT_PATH_MAX];
    snprintf(marker, sizeof marker, "%s/.keep", name);
    qt_write_file(out, marker, "");
    remove(out);
    return qt_path(out, name);
}

/* Reads a whole file (for checks on file contents). Caller frees; NULL when unreadable. */
QT_FN char* qt_read_file(const char* path, size_t* out_len) {
    FILE* f = fopen(path, "rb");
    char* data = NULL;
    size_t len = 0, cap = 0, got;
    if (!f) return NULL;
    do {
        if (cap - len < 4096) {
            char* grown = (char*)realloc(data, cap + 8192);
            if (!grown) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
            cap += 8192;
        }
        got = fread(data + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    fclose(f);
    data[len] = '\0';
    if (out_len) *out_len = len;
    return data;
}

QT_FN int qt_exists(const char* path) {
    struct stat st;
    return stat(path, &st) == 0;
}

QT_FN int qt_remove_entry(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Prints the closing line, removes the scratch directory when everything passed, and returns
 * the exit status for main. */
QT_FN int qt_finish(void) {
    if (qt_scratch[0] != '\0') {
        if (qt_failed == 0)
            nftw(qt_scratch, qt_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        else
            fprintf(stderr, "scratch files kept in %s\n", qt_scratch);
    }
    printf("%d passed, %d failed\n", qt_passed, qt_failed);
    fflush(stdout);
    return qt_failed == 0 ? 0 : 1;
}

/* Options that keep the console quiet (tests assert on messages, not on log output). */
QT_FN quiver_database_options_t qt_quiet(void) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    return options;
}

#endif /* QTEST_H */
