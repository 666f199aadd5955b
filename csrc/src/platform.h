/*
 * Portability layer: mutexes, thread-local storage and the few file-system operations the core
 * needs (POSIX and Windows). Nothing here knows about SQLite or quiverdb types.
 */
#ifndef QV_PLATFORM_H
#define QV_PLATFORM_H

#include <stddef.h>

#if defined(_MSC_VER)
#define QV_THREAD_LOCAL __declspec(thread)
#else
#define QV_THREAD_LOCAL _Thread_local
#endif

#if defined(__GNUC__) || defined(__clang__)
#define QV_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define QV_PRINTF(fmt_index, first_arg)
#endif

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
typedef CRITICAL_SECTION qv_mutex;
#else
#include <pthread.h>
typedef pthread_mutex_t qv_mutex;
#endif

/* A recursive mutex: the same thread may lock it again (nested calls through public functions). */
int qv_mutex_init(qv_mutex* m);
void qv_mutex_lock(qv_mutex* m);
void qv_mutex_unlock(qv_mutex* m);
void qv_mutex_destroy(qv_mutex* m);

/* One process-wide lock (statically initialised, not recursive) for the little global state of the
 * core: the log callback. Never held while calling out of the core. */
void qv_global_lock(void);
void qv_global_unlock(void);

/* Process-wide counter, incremented atomically; returns the value before the increment. */
long qv_atomic_fetch_inc(volatile long* counter);

typedef enum { QV_PATH_NONE = 0, QV_PATH_FILE = 1, QV_PATH_DIR = 2, QV_PATH_OTHER = 3 } qv_path_kind;

/* What exists at path (UTF-8). */
qv_path_kind qv_path_stat(const char* path);

/* Creates every missing directory leading to the file path (not the file). 0 on success. */
int qv_make_parent_dirs(const char* file_path);

/* Removes a file; 0 on success or when it did not exist. */
int qv_remove_file(const char* path);

/* Atomically replaces to with from (same directory). 0 on success. */
int qv_rename_replace(const char* from, const char* to);

/* Calls fn(name, user) for every entry of directory path except "." and "..". 0 on success. */
int qv_list_dir(const char* path, void (*fn)(const char* name, void* user), void* user);

/* Reads a whole file into a NUL-terminated malloc'd buffer. 0 on success; -1 when it cannot be
 * read (missing, a directory, I/O error). */
int qv_read_file(const char* path, char** out_data, size_t* out_len);

/* Process id, used to name temporary files. */
long qv_process_id(void);

/* Non-zero when stderr is a terminal (used to colour console log levels). */
int qv_stderr_is_tty(void);

#endif /* QV_PLATFORM_H */
