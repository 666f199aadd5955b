/* Portability layer: see platform.h. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#endif

#include "platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <direct.h>
#include <io.h>
#include <process.h>
#else
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#endif

#ifdef _WIN32

/* UTF-8 to a malloc'd wide string, or NULL. */
static wchar_t* qv_widen(const char* s) {
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0) return NULL;
    wchar_t* w = (wchar_t*)malloc((size_t)n * sizeof(wchar_t));
    if (w && MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0) {
        free(w);
        return NULL;
    }
    return w;
}

static char* qv_narrow(const wchar_t* w) {
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0) return NULL;
    char* s = (char*)malloc((size_t)n);
    if (s && WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL) <= 0) {
        free(s);
        return NULL;
    }
    return s;
}

int qv_mutex_init(qv_mutex* m) {
    InitializeCriticalSection(m);
    return 0;
}
void qv_mutex_lock(qv_mutex* m) { EnterCriticalSection(m); }
void qv_mutex_unlock(qv_mutex* m) { LeaveCriticalSection(m); }
void qv_mutex_destroy(qv_mutex* m) { DeleteCriticalSection(m); }

static SRWLOCK qv_global = SRWLOCK_INIT;
void qv_global_lock(void) { AcquireSRWLockExclusive(&qv_global); }
void qv_global_unlock(void) { ReleaseSRWLockExclusive(&qv_global); }

long qv_atomic_fetch_inc(volatile long* counter) { return InterlockedIncrement(counter) - 1; }

qv_path_kind qv_path_stat(const char* path) {
    wchar_t* w = qv_widen(path);
    if (!w) return QV_PATH_NONE;
    DWORD attrs = GetFileAttributesW(w);
    free(w);
    if (attrs == INVALID_FILE_ATTRIBUTES) return QV_PATH_NONE;
    return (attrs & FILE_ATTRIBUTE_DIRECTORY) ? QV_PATH_DIR : QV_PATH_FILE;
}

static int qv_mkdir_one(const char* path) {
    wchar_t* w = qv_widen(path);
    if (!w) return -1;
    int ok = CreateDirectoryW(w, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
    free(w);
    return ok ? 0 : -1;
}

int qv_remove_file(const char* path) {
    wchar_t* w = qv_widen(path);
    if (!w) return -1;
    int ok = DeleteFileW(w) || GetLastError() == ERROR_FILE_NOT_FOUND;
    free(w);
    return ok ? 0 : -1;
}

int qv_rename_replace(const char* from, const char* to) {
    wchar_t* wf = qv_widen(from);
    wchar_t* wt = qv_widen(to);
    int ok = wf && wt && MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    free(wf);
    free(wt);
    return ok ? 0 : -1;
}

int qv_list_dir(const char* path, void (*fn)(const char* name, void* user), void* user) {
    size_t n = strlen(path);
    char* pattern = (char*)malloc(n + 3);
    if (!pattern) return -1;
    memcpy(pattern, path, n);
    memcpy(pattern + n, "\\*", 3);
    wchar_t* w = qv_widen(pattern);
    free(pattern);
    if (!w) return -1;
    WIN32_FIND_DATAW data;
    HANDLE h = FindFirstFileW(w, &data);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    do {
        if (wcscmp(data.cFileName, L".") == 0 || wcscmp(data.cFileName, L"..") == 0) continue;
        char* name = qv_narrow(data.cFileName);
        if (name) {
            fn(name, user);
            free(name);
        }
    } while (FindNextFileW(h, &data));
    FindClose(h);
    return 0;
}

static FILE* qv_fopen_read(const char* path) {
    wchar_t* w = qv_widen(path);
    if (!w) return NULL;
    FILE* f = _wfopen(w, L"rb");
    free(w);
    return f;
}

long qv_process_id(void) { return (long)_getpid(); }
int qv_stderr_is_tty(void) { return _isatty(_fileno(stderr)); }

#else /* POSIX */

int qv_mutex_init(qv_mutex* m) {
    pthread_mutexattr_t attr;
    if (pthread_mutexattr_init(&attr) != 0) return -1;
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    int rc = pthread_mutex_init(m, &attr);
    pthread_mutexattr_destroy(&attr);
    return rc == 0 ? 0 : -1;
}
void qv_mutex_lock(qv_mutex* m) { pthread_mutex_lock(m); }
void qv_mutex_unlock(qv_mutex* m) { pthread_mutex_unlock(m); }
void qv_mutex_destroy(qv_mutex* m) { pthread_mutex_destroy(m); }

static pthread_mutex_t qv_global = PTHREAD_MUTEX_INITIALIZER;
void qv_global_lock(void) { pthread_mutex_lock(&qv_global); }
void qv_global_unlock(void) { pthread_mutex_unlock(&qv_global); }

long qv_atomic_fetch_inc(volatile long* counter) { return __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST); }

qv_path_kind qv_path_stat(const char* path) {
    struct stat st;
    if (stat(path, &st) != 0) return QV_PATH_NONE;
    if (S_ISDIR(st.st_mode)) return QV_PATH_DIR;
    if (S_ISREG(st.st_mode)) return QV_PATH_FILE;
    return QV_PATH_OTHER;
}

static int qv_mkdir_one(const char* path) {
    if (mkdir(path, 0777) == 0 || errno == EEXIST) return 0;
    return -1;
}

int qv_remove_file(const char* path) {
    if (unlink(path) == 0 || errno == ENOENT) return 0;
    return -1;
}

int qv_rename_replace(const char* from, const char* to) { return rename(from, to) == 0 ? 0 : -1; }

int qv_list_dir(const char* path, void (*fn)(const char* name, void* user), void* user) {
    DIR* dir = opendir(path);
    if (!dir) return -1;
    struct dirent* entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        fn(entry->d_name, user);
    }
    closedir(dir);
    return 0;
}

static FILE* qv_fopen_read(const char* path) { return fopen(path, "rb"); }

long qv_process_id(void) { return (long)getpid(); }
int qv_stderr_is_tty(void) { return isatty(fileno(stderr)); }

#endif

int qv_make_parent_dirs(const char* file_path) {
    size_t n = strlen(file_path);
    char* buf = (char*)malloc(n + 1);
    if (!buf) return -1;
    memcpy(buf, file_path, n + 1);
    /* Cut at the last separator: what precedes it is the directory to create. */
    char* last = NULL;
    for (char* p = buf; *p; ++p) {
        if (*p == '/' || *p == '\\') last = p;
    }
    if (!last || last == buf) {
        free(buf);
        return 0;
    }
    *last = '\0';
    int rc = 0;
    for (char* p = buf + 1; *p && rc == 0; ++p) {
        if (*p == '/' || *p == '\\') {
            char saved = *p;
            *p = '\0';
            if (qv_path_stat(buf) == QV_PATH_NONE) rc = qv_mkdir_one(buf);
            *p = saved;
        }
    }
    if (rc == 0 && qv_path_stat(buf) == QV_PATH_NONE) rc = qv_mkdir_one(buf);
    free(buf);
    return rc;
}

int qv_read_file(const char* path, char** out_data, size_t* out_len) {
    if (qv_path_stat(path) != QV_PATH_FILE) return -1;
    FILE* f = qv_fopen_read(path);
    if (!f) return -1;
    size_t cap = 4096, len = 0;
    char* data = (char*)malloc(cap);
    if (!data) {
        fclose(f);
        return -1;
    }
    for (;;) {
        if (cap - len < 4096) {
            char* grown = (char*)realloc(data, cap * 2);
            if (!grown) {
                free(data);
                fclose(f);
                return -1;
            }
            data = grown;
            cap *= 2;
        }
        size_t got = fread(data + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return -1;
    }
    data[len] = '\0';
    *out_data = data;
    *out_len = len;
    return 0;
}
