/*
 * Helpers shared by the read and metadata families (read_scalar.c, read_vector_set.c,
 * metadata.c). Not installed; defined in read_scalar.c.
 */
#ifndef QV_READS_INTERNAL_H
#define QV_READS_INTERNAL_H

#include "internal.h"

/* The table a collection-level call names. Any table of the model is accepted (group tables
 * too, as the reference does); "Cannot <op>: collection not found: <C>" otherwise. Also fails
 * with the schema's own message when the schema cannot be loaded. */
quiver_error_t qv_reads_table(quiver_database_t* db, const char* op, const char* collection,
                              const qv_schema** out_schema, const qv_table** out_table);

/* The collection entry of t (its groups), or NULL when t is not a collection table. */
const qv_collection* qv_reads_collection_of(const qv_schema* schema, const qv_table* t);

/* Appends the expression that orders the rows of t as elements: "<alias>rowid" for rowid
 * tables (storage order, which is id order for INTEGER PRIMARY KEY collections), "<alias>id"
 * for WITHOUT ROWID tables. alias is "" or e.g. "c.". */
void qv_reads_append_element_order(qv_buf* sql, const qv_table* t, const char* alias);

/* What a reader extracts from a cell. QV_CELL_TEXT reads like QV_CELL_STRING but packs the
 * texts into one buffer (the packed readers, read_packed.c). */
typedef enum { QV_CELL_INTEGER, QV_CELL_FLOAT, QV_CELL_STRING, QV_CELL_TEXT } qv_cell_kind;

/* A growable typed array of cells with a presence mask (the mask is kept for strings too,
 * and simply not handed out by the string readers). */
typedef struct {
    qv_cell_kind kind;
    void* values; /* int64_t[], double[] or char*[]; unused (NULL) for QV_CELL_TEXT */
    uint8_t* mask;
    size_t count;
    size_t cap;
    size_t absent; /* cells with mask 0 */
    qv_buf text;   /* QV_CELL_TEXT: each text up to its first NUL, then a NUL ("" when absent) */
} qv_cells;

void qv_cells_init(qv_cells* c, qv_cell_kind kind);
/* Frees the arrays and, for strings, every string still held. */
void qv_cells_free(qv_cells* c);
/* Appends column col of the current row: INTEGER cells for integer readers, INTEGER (widened)
 * and REAL for float readers, TEXT for string readers; anything else is absent, except a BLOB,
 * which fails as in the reference. Returns QUIVER_OK or sets "Out of memory" /
 * "Failed to execute statement: BLOB type not supported". */
quiver_error_t qv_cells_push(qv_cells* c, sqlite3_stmt* st, int col);
size_t qv_cell_size(qv_cell_kind kind);

/* Steps st to the end, appending column col of each row. Returns QUIVER_OK or sets
 * "Failed to execute statement: <msg>" / "Out of memory". */
quiver_error_t qv_cells_collect(quiver_database_t* db, sqlite3_stmt* st, int col, qv_cells* c);

/* Hands out the cells as exact-size arrays (NULL when empty); the cells are left empty.
 * out_mask may be NULL (string readers): the mask is then dropped. -1 on OOM (cells kept). */
int qv_cells_take(qv_cells* c, void** out_values, uint8_t** out_mask);

/* Moves the cells into a packed result (type from the cell kind; sizes untouched) and leaves
 * the cells empty. Returns QUIVER_OK or sets "Out of memory" (cells kept). */
quiver_error_t qv_cells_pack(qv_cells* c, quiver_packed_values_t* out);

/* ---- collecting readers shared by the classic and the packed entry points ---------------- */

/* Every element's cell of one scalar column, in element order (read_scalar.c). */
quiver_error_t qv_read_scalar_cells(quiver_database_t* db, const char* op, const char* collection,
                                    const char* attribute, qv_cells* cells);

typedef enum { QV_GROUP_VECTOR, QV_GROUP_SET } qv_group_kind;

/* The cells of one vector or set column of every element, element after element; *out_sizes
 * receives size_t[*out_count] (cells per element, caller frees; NULL when there are no
 * elements). read_vector_set.c. */
quiver_error_t qv_read_group_cells(quiver_database_t* db, const char* op, qv_group_kind kind, const char* collection,
                                   const char* attribute, qv_cells* cells, size_t** out_sizes, size_t* out_count);

/* The cells of one vector or set column of one element (read_vector_set.c). */
quiver_error_t qv_read_group_by_id(quiver_database_t* db, const char* op, qv_group_kind kind, const char* collection,
                                   const char* attribute, int64_t id, qv_cells* cells);

/* Gets the cached statement for sql, reporting "Failed to prepare statement: <msg>". */
quiver_error_t qv_reads_prepare(quiver_database_t* db, qv_buf* sql, sqlite3_stmt** out);

#endif /* QV_READS_INTERNAL_H */
