/* Small string helpers used across the core. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

char* qv_strndup(const char* s, size_t n) {
    char* d = (char*)malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

const char* qv_trim(const char* s, size_t* len) {
    size_t n = strlen(s);
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        ++s;
        --n;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        --n;
    *len = n;
    return s;
}

char* qv_strdup(const char* s) { return s ? qv_strndup(s, strlen(s)) : NULL; }

char* qv_sprintf(const char* fmt, ...) {
    qv_buf b;
    qv_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    char* out = NULL;
    if (n >= 0 && (size_t)n < sizeof small) {
        out = qv_strndup(small, (size_t)n);
    } else if (n >= 0) {
        out = (char*)malloc((size_t)n + 1);
        if (out) vsnprintf(out, (size_t)n + 1, fmt, ap);
    }
    va_end(ap);
    return out;
}

void qv_buf_init(qv_buf* b) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->oom = 0;
}

void qv_buf_free(qv_buf* b) {
    free(b->data);
    qv_buf_init(b);
}

static int qv_buf_reserve(qv_buf* b, size_t extra) {
    if (b->oom) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char* grown = (char*)realloc(b->data, cap);
    if (!grown) {
        b->oom = 1;
        return -1;
    }
    b->data = grown;
    b->cap = cap;
    return 0;
}

void qv_buf_append_n(qv_buf* b, const char* s, size_t n) {
    if (qv_buf_reserve(b, n) != 0) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void qv_buf_append(qv_buf* b, const char* s) { qv_buf_append_n(b, s, strlen(s)); }

void qv_buf_appendf(qv_buf* b, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n >= 0 && qv_buf_reserve(b, (size_t)n) == 0) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    } else if (n < 0) {
        b->oom = 1;
    }
    va_end(ap);
}

void qv_buf_append_ident(qv_buf* b, const char* name) {
    qv_buf_append_n(b, "\"", 1);
    for (const char* p = name; *p; ++p) {
        if (*p == '"') qv_buf_append_n(b, "\"", 1);
        qv_buf_append_n(b, p, 1);
    }
    qv_buf_append_n(b, "\"", 1);
}

char* qv_buf_take(qv_buf* b) {
    char* out = NULL;
    if (!b->oom)
        out = b->data ? b->data : qv_strdup("");
    else
        free(b->data);
    qv_buf_init(b);
    return out;
}

const char* qv_buf_str(const qv_buf* b) { return b->data ? b->data : ""; }
