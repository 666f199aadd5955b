/*
 * The element builder's storage, shared by element.c (the public quiver_element_* functions)
 * and element_write.c / relation.c (which read elements). Not installed.
 *
 * An element holds two name-keyed maps, scalars and arrays, each kept sorted by name in byte
 * order (the order in which writes validate and report them). Every pointer member is owned by
 * the element and released by quiver_element_clear / quiver_element_destroy.
 */
#ifndef QV_ELEMENT_INTERNAL_H
#define QV_ELEMENT_INTERNAL_H

#include "internal.h"

typedef enum { QV_VALUE_NULL, QV_VALUE_INTEGER, QV_VALUE_FLOAT, QV_VALUE_STRING } qv_value_kind;

typedef struct {
    char* name;
    qv_value_kind kind;
    int64_t i; /* QV_VALUE_INTEGER */
    double f;  /* QV_VALUE_FLOAT */
    char* s;   /* QV_VALUE_STRING (owned copy) */
} qv_element_scalar;

typedef struct {
    char* name;
    qv_value_kind kind; /* QV_VALUE_INTEGER, QV_VALUE_FLOAT or QV_VALUE_STRING */
    size_t count;
    int64_t* ints;    /* kind INTEGER: count values (NULL when count is 0) */
    double* floats;   /* kind FLOAT */
    char** strings;   /* kind STRING: count owned copies, NULL entries are SQL NULL */
    uint8_t* present; /* count presence bytes (1 = value, 0 = NULL); NULL = all present */
} qv_element_array;

struct quiver_element {
    qv_element_scalar* scalars; /* sorted by name */
    size_t scalar_count;
    qv_element_array* arrays; /* sorted by name */
    size_t array_count;
};

/* 1 when item i of the array holds a value, 0 when it is SQL NULL. */
static inline int qv_array_item_present(const qv_element_array* a, size_t i) {
    if (a->present && !a->present[i]) return 0;
    if (a->kind == QV_VALUE_STRING && a->strings[i] == NULL) return 0;
    return 1;
}

/* ---- element writes (element_write.c, element_validate.c) ---------------------------------- */

/* One group table addressed by the element's arrays. */
typedef struct {
    const qv_table* table;
    size_t n; /* arrays routed here, in name order */
    const qv_element_array** arrays;
    int* columns;  /* column index in table; -1: a vector group's name */
    int64_t** ids; /* per array: ids resolved from labels, or NULL */
} qv_route;

/* Everything create_element / update_element work out about one element before writing. */
typedef struct {
    quiver_database_t* db;
    const qv_schema* schema;
    const qv_collection* coll;
    const quiver_element_t* element;
    const char* op;   /* "create_element" or "update_element" */
    qv_route* routes; /* one per group table of the collection, table-name order */
    size_t route_count;
    int64_t* scalar_ids;      /* per scalar: id resolved from a label */
    uint8_t* scalar_resolved; /* per scalar: 1 when scalar_ids[i] is the value to write */
} qv_write_ctx;

/* Allocations and the list of group tables (call qv_ctx_free afterwards, also on failure). */
quiver_error_t qv_ctx_init(qv_write_ctx* ctx);
/* Strings given for INTEGER scalar columns: resolves labels of foreign keys, rejects the rest. */
quiver_error_t qv_ctx_resolve_scalars(qv_write_ctx* ctx);
/* Validates scalars against the collection table (unknown columns, types, dates), name order. */
quiver_error_t qv_ctx_check_scalars(const qv_write_ctx* ctx);
/* Routes arrays (name order) to group tables, logging the ambiguity warning and resolving labels;
 * an array with no target fails. Empty arrays are skipped when skip_empty. */
quiver_error_t qv_ctx_route(qv_write_ctx* ctx, int skip_empty);
/* Validates routed arrays per table (table-name order): item types, then equal lengths. */
quiver_error_t qv_ctx_check_tables(const qv_write_ctx* ctx);
void qv_ctx_free(qv_write_ctx* ctx);

/* Binds scalar i of the element for column col (trimmed text, canonical date-times, label ids). */
int qv_ctx_bind_scalar(const qv_write_ctx* ctx, sqlite3_stmt* st, int index, size_t i, const qv_column* col);
/* Binds item row of array j of route r. */
int qv_ctx_bind_item(const qv_route* r, sqlite3_stmt* st, int index, size_t j, size_t row);

/* "Cannot <op>: collection not found: <name>" unless name is a collection. */
quiver_error_t qv_element_collection(quiver_database_t* db, const char* op, const char* name,
                                     const qv_schema** out_schema, const qv_collection** out);
/* update_element on a locked handle, after the collection was found (logs, atomic). */
quiver_error_t qv_element_update(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll, int64_t id,
                                 const quiver_element_t* element);

/* Bulk writers (CSV import): create_element / update_element validation and writes inside the
 * caller's savepoint, without an own savepoint and without the INFO log line. The update form
 * expects an existing id. */
quiver_error_t qv_element_insert_quiet(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll,
                                       const quiver_element_t* element, int64_t* out_id);
quiver_error_t qv_element_update_quiet(quiver_database_t* db, const qv_schema* schema, const qv_collection* coll,
                                       int64_t id, const quiver_element_t* element);

#endif /* QV_ELEMENT_INTERNAL_H */
