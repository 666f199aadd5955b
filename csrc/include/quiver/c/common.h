/*
 * quiverdb C API: common definitions.
 *
 * Every fallible function of the library returns a quiver_error_t. QUIVER_OK (0) means success;
 * QUIVER_ERROR (1) means failure, and then quiver_get_last_error() describes what went wrong.
 *
 * Thread safety. The last-error message is stored per thread: a failure in one thread never
 * changes the message seen by another. A quiver_database_t may be shared by several threads; the
 * library serialises calls on one handle with a lock owned by that handle. Distinct handles never
 * share state, except the process-wide log callback (see quiver_set_log_callback in options.h).
 * An element builder (quiver_element_t) is not locked: use one builder per thread.
 */
#ifndef QUIVER_C_COMMON_H
#define QUIVER_C_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Export macro. Define QUIVER_C_STATIC when linking the static library on Windows. */
#ifndef QUIVER_C_API
#if defined(QUIVER_C_STATIC)
#define QUIVER_C_API
#elif defined(_WIN32)
#ifdef QUIVER_C_EXPORTS
#define QUIVER_C_API __declspec(dllexport)
#else
#define QUIVER_C_API __declspec(dllimport)
#endif
#else
#define QUIVER_C_API __attribute__((visibility("default")))
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Result of every fallible call. */
typedef enum {
    QUIVER_OK = 0,
    QUIVER_ERROR = 1,
} quiver_error_t;

/*
 * Version of the library, e.g. "0.14.0". Static storage: never NULL, never freed.
 */
QUIVER_C_API const char* quiver_version(void);

/*
 * Message of the last failure in the calling thread, or "" before any failure.
 * Owned by the library (thread-local storage): do not free. Its text is replaced by the next
 * failure in the same thread and is not cleared by successful calls, so read it right after a
 * call returned QUIVER_ERROR and copy it if it is needed later.
 */
QUIVER_C_API const char* quiver_get_last_error(void);

/*
 * Extension (not in the reference): empties the calling thread's last-error message.
 */
QUIVER_C_API void quiver_clear_last_error(void);

/*
 * Extension: version number of the SQLite library the core runs on, as X*1000000+Y*1000+Z.
 */
QUIVER_C_API int quiver_sqlite_version_number(void);

/*
 * Extension: version string of the SQLite library the core runs on, e.g. "3.46.1".
 * Static storage: never NULL, never freed.
 */
QUIVER_C_API const char* quiver_sqlite_version(void);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_COMMON_H */
