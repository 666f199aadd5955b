/*
 * Logging: every handle has a logger named quiver_database_<n> (n counts opened connections,
 * process-wide). Records at or above the handle's console level go to stderr; every record at or
 * above the callback's level goes to the process-wide callback (the Python layer forwards them
 * to the "quiverdb" logger of the logging module). No log file is written.
 */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static volatile long qv_logger_counter = 0;
/* The callback, its user pointer and its level change together under the global lock; a record is
 * delivered to one consistent triple (read under the lock, called outside it). */
static quiver_log_callback_t qv_log_callback = NULL;
static void* qv_log_user = NULL;
static int qv_log_callback_level = QUIVER_LOG_OFF;

void quiver_set_log_callback(quiver_log_callback_t callback, int min_level, void* user) {
    qv_global_lock();
    qv_log_callback = callback;
    qv_log_user = user;
    qv_log_callback_level = callback ? min_level : QUIVER_LOG_OFF;
    qv_global_unlock();
}

void qv_logger_init(qv_logger* lg, int console_level) {
    long n = qv_atomic_fetch_inc(&qv_logger_counter);
    snprintf(lg->name, sizeof lg->name, "quiver_database_%ld", n);
    lg->console_level = console_level;
}

static const char* qv_level_name(int level) {
    switch (level) {
        case QUIVER_LOG_DEBUG: return "debug";
        case QUIVER_LOG_INFO: return "info";
        case QUIVER_LOG_WARN: return "warning";
        default: return "error";
    }
}

static const char* qv_level_colour(int level) {
    switch (level) {
        case QUIVER_LOG_DEBUG: return "\x1b[36m";
        case QUIVER_LOG_INFO: return "\x1b[32m";
        case QUIVER_LOG_WARN: return "\x1b[1;33m";
        default: return "\x1b[1;31m";
    }
}

static void qv_print_console(const qv_logger* lg, int level, const char* message) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    time_t secs = ts.tv_sec;
    struct tm tmv;
#ifdef _WIN32
    localtime_s(&tmv, &secs);
#else
    localtime_r(&secs, &tmv);
#endif
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tmv);
    int millis = (int)(ts.tv_nsec / 1000000);
    if (qv_stderr_is_tty()) {
        fprintf(stderr, "[%s.%03d] [%s] [%s%s\x1b[0m] %s\n", stamp, millis, lg->name, qv_level_colour(level),
                qv_level_name(level), message);
    } else {
        fprintf(stderr, "[%s.%03d] [%s] [%s] %s\n", stamp, millis, lg->name, qv_level_name(level), message);
    }
    fflush(stderr);
}

void qv_log(const qv_logger* lg, int level, const char* fmt, ...) {
    int to_console = lg->console_level < QUIVER_LOG_OFF && level >= lg->console_level;
    qv_global_lock();
    quiver_log_callback_t callback = qv_log_callback;
    void* user = qv_log_user;
    int to_callback = callback != NULL && level >= qv_log_callback_level;
    qv_global_unlock();
    if (!to_console && !to_callback) return;
    char small[512];
    char* message = small;
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n >= (int)sizeof small) {
        message = (char*)malloc((size_t)n + 1);
        if (message)
            vsnprintf(message, (size_t)n + 1, fmt, ap);
        else
            message = small; /* truncated text is better than none */
    }
    va_end(ap);
    if (to_console) qv_print_console(lg, level, message);
    if (to_callback) callback(level, lg->name, message, user);
    if (message != small) free(message);
}
