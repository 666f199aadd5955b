/*
 * Vector and set reads, bulk and by id.
 *
 * The attribute is a column of one of the collection's vector (set) tables; the first group in
 * group-name order that has the column is read. A bulk read is one query: the collection LEFT
 * JOINed with the group table, in element order and then vector_index order (vectors) or
 * storage order (sets), split into one array per element in a single pass.
 */
#include <string.h>

#include "reads_internal.h"

/* The table of the collection's group that holds attribute. */
static quiver_error_t qv_find_group_table(quiver_database_t* db, const char* op, qv_group_kind kind,
                                          const char* collection, const char* attribute,
                                          const qv_table** out_collection, const qv_table** out_group) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, op, collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* c = qv_reads_collection_of(schema, t);
    qv_table* const* groups = NULL;
    size_t count = 0;
    if (c) {
        groups = kind == QV_GROUP_VECTOR ? c->vectors : c->sets;
        count = kind == QV_GROUP_VECTOR ? c->vector_count : c->set_count;
    }
    for (size_t i = 0; i < count; ++i) {
        if (qv_table_column(groups[i], attribute)) {
            *out_collection = t;
            *out_group = groups[i];
            return QUIVER_OK;
        }
    }
    return qv_fail("%s attribute not found: '%s' in collection '%s'", kind == QV_GROUP_VECTOR ? "Vector" : "Set",
                   attribute, collection);
}

/* Appends the order of cells within one element: vector_index then storage order for vectors,
 * storage order for sets. WITHOUT ROWID tables have no storage order term (their rows come in
 * primary-key order). Returns 1 when something was appended. */
static int qv_append_cell_order(qv_buf* sql, qv_group_kind kind, const qv_table* g, const char* alias, int first) {
    int rowid = !g->without_rowid;
    if (kind == QV_GROUP_VECTOR) {
        qv_buf_append(sql, first ? "" : ", ");
        qv_buf_append(sql, alias);
        qv_buf_append(sql, "vector_index");
        first = 0;
    }
    if (rowid) {
        qv_buf_append(sql, first ? "" : ", ");
        qv_buf_append(sql, alias);
        qv_buf_append(sql, "rowid");
        first = 0;
    }
    return !first;
}

/* ---- bulk ----------------------------------------------------------------------------------- */

/* Per-element arrays handed to the caller. */
typedef struct {
    void** vectors;
    uint8_t** masks;
    size_t* sizes;
    size_t count;
} qv_nested;

static void qv_nested_free(qv_nested* n) {
    for (size_t e = 0; e < n->count; ++e) {
        if (n->vectors) free(n->vectors[e]);
        if (n->masks) free(n->masks[e]);
    }
    free(n->vectors);
    free(n->masks);
    free(n->sizes);
    memset(n, 0, sizeof *n);
}

/* Splits the flat cells into one exact-size array per element (NULL when an element has no
 * cells). Strings move to the element arrays only when everything succeeded. */
static int qv_nested_build(qv_cells* cells, size_t* sizes, size_t count, int with_masks, qv_nested* out) {
    memset(out, 0, sizeof *out);
    out->count = count;
    out->sizes = sizes;
    out->vectors = (void**)calloc(count, sizeof(void*));
    out->masks = with_masks ? (uint8_t**)calloc(count, sizeof(uint8_t*)) : NULL;
    if (!out->vectors || (with_masks && !out->masks)) goto oom;
    size_t width = qv_cell_size(cells->kind);
    size_t offset = 0;
    for (size_t e = 0; e < count; ++e) {
        size_t n = sizes[e];
        if (n == 0) continue;
        out->vectors[e] = malloc(n * width);
        if (!out->vectors[e]) goto oom;
        memcpy(out->vectors[e], (char*)cells->values + offset * width, n * width);
        if (with_masks) {
            out->masks[e] = (uint8_t*)malloc(n);
            if (!out->masks[e]) goto oom;
            memcpy(out->masks[e], cells->mask + offset, n);
        }
        offset += n;
    }
    /* The element arrays own the strings now. */
    free(cells->values);
    free(cells->mask);
    qv_cells_init(cells, cells->kind);
    return 0;
oom:
    out->sizes = NULL; /* still owned by the caller */
    qv_nested_free(out);
    return -1;
}

quiver_error_t qv_read_group_cells(quiver_database_t* db, const char* op, qv_group_kind kind, const char* collection,
                                   const char* attribute, qv_cells* cells, size_t** out_sizes, size_t* out_count) {
    const qv_table* ct = NULL;
    const qv_table* g = NULL;
    if (qv_find_group_table(db, op, kind, collection, attribute, &ct, &g) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_reads_append_element_order(&sql, ct, "c.");
    qv_buf_append(&sql, ", g.id IS NOT NULL, g.");
    qv_buf_append_ident(&sql, attribute);
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, ct->name);
    qv_buf_append(&sql, " AS c LEFT JOIN ");
    qv_buf_append_ident(&sql, g->name);
    qv_buf_append(&sql, " AS g ON g.id = c.id ORDER BY ");
    qv_reads_append_element_order(&sql, ct, "c.");
    qv_append_cell_order(&sql, kind, g, "g.", 0);
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;

    size_t* sizes = NULL;
    size_t count = 0, cap = 0;
    int64_t previous = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(st, 0);
        if (count == 0 || key != previous) {
            if (count == cap) {
                size_t grown_cap = cap ? cap * 2 : 16;
                size_t* grown = (size_t*)realloc(sizes, grown_cap * sizeof *grown);
                if (!grown) {
                    result = qv_fail("Out of memory");
                    break;
                }
                sizes = grown;
                cap = grown_cap;
            }
            sizes[count++] = 0;
            previous = key;
        }
        if (sqlite3_column_int(st, 1)) {
            if ((result = qv_cells_push(cells, st, 2)) != QUIVER_OK) break;
            sizes[count - 1]++;
        }
    }
    if (result == QUIVER_OK && rc != SQLITE_DONE) result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    if (result != QUIVER_OK) {
        free(sizes);
        return result;
    }
    if (count == 0) {
        free(sizes);
        sizes = NULL;
    }
    *out_sizes = sizes;
    *out_count = count;
    return QUIVER_OK;
}

static quiver_error_t qv_read_groups(quiver_database_t* db, const char* op, qv_group_kind kind, const char* collection,
                                     const char* attribute, qv_cell_kind cell_kind, qv_nested* out) {
    qv_cells cells;
    qv_cells_init(&cells, cell_kind);
    size_t* sizes = NULL;
    size_t count = 0;
    quiver_error_t result = qv_read_group_cells(db, op, kind, collection, attribute, &cells, &sizes, &count);
    if (result == QUIVER_OK) {
        if (count == 0) {
            memset(out, 0, sizeof *out);
        } else if (qv_nested_build(&cells, sizes, count, cell_kind != QV_CELL_STRING, out) != 0) {
            result = qv_fail("Out of memory");
        } else {
            sizes = NULL; /* owned by out */
        }
    }
    qv_cells_free(&cells);
    free(sizes);
    return result;
}

#define QV_BULK_NUMERIC(fn, op, kind, cell_kind, T, out_name)                                              \
    quiver_error_t fn(quiver_database_t* db, const char* collection, const char* attribute, T*** out_name, \
                      uint8_t*** out_masks, size_t** out_sizes, size_t* out_count) {                       \
        QV_REQUIRE(db);                                                                                    \
        QV_REQUIRE(collection);                                                                            \
        QV_REQUIRE(attribute);                                                                             \
        QV_REQUIRE(out_name);                                                                              \
        QV_REQUIRE(out_masks);                                                                             \
        QV_REQUIRE(out_sizes);                                                                             \
        QV_REQUIRE(out_count);                                                                             \
        QV_LOCK(db);                                                                                       \
        qv_nested n;                                                                                       \
        quiver_error_t rc = qv_read_groups(db, op, kind, collection, attribute, cell_kind, &n);            \
        if (rc == QUIVER_OK) {                                                                             \
            *out_name = (T**)n.vectors;                                                                    \
            *out_masks = n.masks;                                                                          \
            *out_sizes = n.sizes;                                                                          \
            *out_count = n.count;                                                                          \
        }                                                                                                  \
        QV_UNLOCK(db);                                                                                     \
        return rc;                                                                                         \
    }

#define QV_BULK_STRINGS(fn, op, kind, out_name)                                                                \
    quiver_error_t fn(quiver_database_t* db, const char* collection, const char* attribute, char**** out_name, \
                      size_t** out_sizes, size_t* out_count) {                                                 \
        QV_REQUIRE(db);                                                                                        \
        QV_REQUIRE(collection);                                                                                \
        QV_REQUIRE(attribute);                                                                                 \
        QV_REQUIRE(out_name);                                                                                  \
        QV_REQUIRE(out_sizes);                                                                                 \
        QV_REQUIRE(out_count);                                                                                 \
        QV_LOCK(db);                                                                                           \
        qv_nested n;                                                                                           \
        quiver_error_t rc = qv_read_groups(db, op, kind, collection, attribute, QV_CELL_STRING, &n);           \
        if (rc == QUIVER_OK) {                                                                                 \
            *out_name = (char***)n.vectors;                                                                    \
            *out_sizes = n.sizes;                                                                              \
            *out_count = n.count;                                                                              \
        }                                                                                                      \
        QV_UNLOCK(db);                                                                                         \
        return rc;                                                                                             \
    }

QV_BULK_NUMERIC(quiver_database_read_vector_integers, "read_vector_integers", QV_GROUP_VECTOR, QV_CELL_INTEGER, int64_t,
                out_vectors)
QV_BULK_NUMERIC(quiver_database_read_vector_floats, "read_vector_floats", QV_GROUP_VECTOR, QV_CELL_FLOAT, double,
                out_vectors)
QV_BULK_STRINGS(quiver_database_read_vector_strings, "read_vector_strings", QV_GROUP_VECTOR, out_vectors)
QV_BULK_NUMERIC(quiver_database_read_set_integers, "read_set_integers", QV_GROUP_SET, QV_CELL_INTEGER, int64_t,
                out_sets)
QV_BULK_NUMERIC(quiver_database_read_set_floats, "read_set_floats", QV_GROUP_SET, QV_CELL_FLOAT, double, out_sets)
QV_BULK_STRINGS(quiver_database_read_set_strings, "read_set_strings", QV_GROUP_SET, out_sets)

/* ---- by id ---------------------------------------------------------------------------------- */

quiver_error_t qv_read_group_by_id(quiver_database_t* db, const char* op, qv_group_kind kind, const char* collection,
                                   const char* attribute, int64_t id, qv_cells* cells) {
    const qv_table* ct = NULL;
    const qv_table* g = NULL;
    if (qv_find_group_table(db, op, kind, collection, attribute, &ct, &g) != QUIVER_OK) return QUIVER_ERROR;
    qv_buf sql;
    qv_buf_init(&sql);
    qv_buf_append(&sql, "SELECT ");
    qv_buf_append_ident(&sql, attribute);
    qv_buf_append(&sql, " FROM ");
    qv_buf_append_ident(&sql, g->name);
    qv_buf_append(&sql, " WHERE id = ?1");
    if (kind == QV_GROUP_VECTOR || !g->without_rowid) {
        qv_buf_append(&sql, " ORDER BY ");
        qv_append_cell_order(&sql, kind, g, "", 1);
    }
    sqlite3_stmt* st = NULL;
    quiver_error_t result = qv_reads_prepare(db, &sql, &st);
    qv_buf_free(&sql);
    if (result != QUIVER_OK) return result;
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK)
        result = qv_cells_collect(db, st, 0, cells);
    else
        result = qv_fail_sqlite(db->db, "Failed to execute statement");
    qv_stmt_done(st);
    return result;
}

static quiver_error_t qv_read_group_by_id_out(quiver_database_t* db, const char* op, qv_group_kind kind,
                                              const char* collection, const char* attribute, int64_t id,
                                              qv_cell_kind cell_kind, void** out_values, uint8_t** out_mask,
                                              size_t* out_count) {
    qv_cells cells;
    qv_cells_init(&cells, cell_kind);
    quiver_error_t rc = qv_read_group_by_id(db, op, kind, collection, attribute, id, &cells);
    if (rc == QUIVER_OK) {
        size_t count = cells.count;
        void* values = NULL;
        qv_cells_take(&cells, &values, out_mask);
        *out_values = values;
        *out_count = count;
    }
    qv_cells_free(&cells);
    return rc;
}

#define QV_BY_ID_NUMERIC(fn, op, kind, cell_kind, T)                                                                   \
    quiver_error_t fn(quiver_database_t* db, const char* collection, const char* attribute, int64_t id,                \
                      T** out_values, uint8_t** out_mask, size_t* out_count) {                                         \
        QV_REQUIRE(db);                                                                                                \
        QV_REQUIRE(collection);                                                                                        \
        QV_REQUIRE(attribute);                                                                                         \
        QV_REQUIRE(out_values);                                                                                        \
        QV_REQUIRE(out_mask);                                                                                          \
        QV_REQUIRE(out_count);                                                                                         \
        QV_LOCK(db);                                                                                                   \
        void* values = NULL;                                                                                           \
        quiver_error_t rc =                                                                                            \
            qv_read_group_by_id_out(db, op, kind, collection, attribute, id, cell_kind, &values, out_mask, out_count); \
        if (rc == QUIVER_OK) *out_values = (T*)values;                                                                 \
        QV_UNLOCK(db);                                                                                                 \
        return rc;                                                                                                     \
    }

#define QV_BY_ID_STRINGS(fn, op, kind)                                                                                \
    quiver_error_t fn(quiver_database_t* db, const char* collection, const char* attribute, int64_t id,               \
                      char*** out_values, size_t* out_count) {                                                        \
        QV_REQUIRE(db);                                                                                               \
        QV_REQUIRE(collection);                                                                                       \
        QV_REQUIRE(attribute);                                                                                        \
        QV_REQUIRE(out_values);                                                                                       \
        QV_REQUIRE(out_count);                                                                                        \
        QV_LOCK(db);                                                                                                  \
        void* values = NULL;                                                                                          \
        quiver_error_t rc = qv_read_group_by_id_out(db, op, kind, collection, attribute, id, QV_CELL_STRING, &values, \
                                                    NULL, out_count);                                                 \
        if (rc == QUIVER_OK) *out_values = (char**)values;                                                            \
        QV_UNLOCK(db);                                                                                                \
        return rc;                                                                                                    \
    }

QV_BY_ID_NUMERIC(quiver_database_read_vector_integers_by_id, "read_vector_integers_by_id", QV_GROUP_VECTOR,
                 QV_CELL_INTEGER, int64_t)
QV_BY_ID_NUMERIC(quiver_database_read_vector_floats_by_id, "read_vector_floats_by_id", QV_GROUP_VECTOR, QV_CELL_FLOAT,
                 double)
QV_BY_ID_STRINGS(quiver_database_read_vector_strings_by_id, "read_vector_strings_by_id", QV_GROUP_VECTOR)
QV_BY_ID_NUMERIC(quiver_database_read_set_integers_by_id, "read_set_integers_by_id", QV_GROUP_SET, QV_CELL_INTEGER,
                 int64_t)
QV_BY_ID_NUMERIC(quiver_database_read_set_floats_by_id, "read_set_floats_by_id", QV_GROUP_SET, QV_CELL_FLOAT, double)
QV_BY_ID_STRINGS(quiver_database_read_set_strings_by_id, "read_set_strings_by_id", QV_GROUP_SET)
