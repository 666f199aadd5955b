/*
 * Per-handle cache of prepared statements keyed by their SQL text. Statements are prepared once
 * with SQLITE_PREPARE_PERSISTENT and reused; SQLite re-prepares them itself after schema changes.
 * A statement handed out by qv_stmt_get must be returned with qv_stmt_done before the same SQL
 * is asked for again. SQL built by the core from schema identifiers goes through the handle's
 * cache (its size is bounded by the schema); caller-written SQL of queries goes through a second
 * cache that query.c empties when it is full.
 */
#include <string.h>

#include "internal.h"

struct qv_stmt_entry {
    char* sql;
    uint64_t hash;
    sqlite3_stmt* stmt;
    qv_stmt_entry* next;
};

static uint64_t qv_hash(const char* s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; ++s) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void qv_stmt_cache_init(qv_stmt_cache* c) {
    c->buckets = NULL;
    c->bucket_count = 0;
    c->size = 0;
}

void qv_stmt_cache_clear(qv_stmt_cache* c) {
    for (size_t i = 0; i < c->bucket_count; ++i) {
        qv_stmt_entry* e = c->buckets[i];
        while (e) {
            qv_stmt_entry* next = e->next;
            sqlite3_finalize(e->stmt);
            free(e->sql);
            free(e);
            e = next;
        }
    }
    free(c->buckets);
    qv_stmt_cache_init(c);
}

static int qv_stmt_cache_grow(qv_stmt_cache* c) {
    size_t count = c->bucket_count ? c->bucket_count * 2 : 64;
    qv_stmt_entry** buckets = (qv_stmt_entry**)calloc(count, sizeof *buckets);
    if (!buckets) return -1;
    for (size_t i = 0; i < c->bucket_count; ++i) {
        qv_stmt_entry* e = c->buckets[i];
        while (e) {
            qv_stmt_entry* next = e->next;
            size_t slot = (size_t)(e->hash % count);
            e->next = buckets[slot];
            buckets[slot] = e;
            e = next;
        }
    }
    free(c->buckets);
    c->buckets = buckets;
    c->bucket_count = count;
    return 0;
}

int qv_stmt_get(quiver_database_t* db, const char* sql, sqlite3_stmt** out) {
    return qv_stmt_cache_get(&db->stmts, db->db, sql, out);
}

int qv_stmt_cache_get(qv_stmt_cache* c, sqlite3* conn, const char* sql, sqlite3_stmt** out) {
    *out = NULL;
    uint64_t h = qv_hash(sql);
    if (c->bucket_count) {
        for (qv_stmt_entry* e = c->buckets[h % c->bucket_count]; e; e = e->next) {
            if (e->hash == h && strcmp(e->sql, sql) == 0) {
                *out = e->stmt;
                return SQLITE_OK;
            }
        }
    }
    sqlite3_stmt* stmt = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return rc;
    }
    if (!stmt) return SQLITE_OK;
    if ((c->size + 1) * 2 > c->bucket_count && qv_stmt_cache_grow(c) != 0) {
        sqlite3_finalize(stmt);
        return SQLITE_NOMEM;
    }
    qv_stmt_entry* e = (qv_stmt_entry*)malloc(sizeof *e);
    char* copy = qv_strdup(sql);
    if (!e || !copy) {
        free(e);
        free(copy);
        sqlite3_finalize(stmt);
        return SQLITE_NOMEM;
    }
    e->sql = copy;
    e->hash = h;
    e->stmt = stmt;
    size_t slot = (size_t)(h % c->bucket_count);
    e->next = c->buckets[slot];
    c->buckets[slot] = e;
    c->size++;
    *out = stmt;
    return SQLITE_OK;
}

void qv_stmt_done(sqlite3_stmt* stmt) {
    if (!stmt) return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}
