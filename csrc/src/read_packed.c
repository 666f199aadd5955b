/*
 * Packed readers (extension): the scalar, vector and set readers of read_scalar.c and
 * read_vector_set.c with every text of a result in one buffer (quiver_packed_values_t), plus the
 * release functions of packed results. The columnar group readers in packed form live in
 * group_read.c.
 *
 * Each reader runs the same query as the reference reader it stands for, through the same
 * collecting helper, and reports that reader's operation name in its errors.
 */
#include <stdio.h>
#include <string.h>

#include "reads_internal.h"

/* The cell kind and the name fragment ("integers") of a reader type; 0 when unsupported. */
static int qv_packed_kind(int type, qv_cell_kind* kind, const char** name) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER:
            *kind = QV_CELL_INTEGER;
            *name = "integers";
            return 1;
        case QUIVER_DATA_TYPE_FLOAT:
            *kind = QV_CELL_FLOAT;
            *name = "floats";
            return 1;
        case QUIVER_DATA_TYPE_STRING:
            *kind = QV_CELL_TEXT;
            *name = "strings";
            return 1;
        default: return 0;
    }
}

/* "read_<family>_<type name><suffix>", e.g. read_set_strings_by_id. */
static void qv_packed_op(char* out, size_t size, const char* family, const char* name, const char* suffix) {
    snprintf(out, size, "read_%s_%s%s", family, name, suffix);
}

#define QV_PACKED_OP_SIZE 48

quiver_error_t quiver_database_read_scalar_packed(quiver_database_t* db, const char* collection, const char* attribute,
                                                  int type, quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out);
    qv_cell_kind kind;
    const char* name = NULL;
    if (!qv_packed_kind(type, &kind, &name))
        return qv_fail("Cannot read_scalar_packed: unsupported data type %d", type);
    char op[QV_PACKED_OP_SIZE];
    qv_packed_op(op, sizeof op, "scalar", name, "");
    qv_cells cells;
    qv_cells_init(&cells, kind);
    QV_LOCK(db);
    quiver_error_t rc = qv_read_scalar_cells(db, op, collection, attribute, &cells);
    QV_UNLOCK(db);
    if (rc == QUIVER_OK) rc = qv_cells_pack(&cells, out);
    qv_cells_free(&cells);
    return rc;
}

static quiver_error_t qv_read_nested_packed(quiver_database_t* db, qv_group_kind group, const char* collection,
                                            const char* attribute, int type, quiver_packed_values_t* out) {
    const char* family = group == QV_GROUP_VECTOR ? "vector" : "set";
    qv_cell_kind kind;
    const char* name = NULL;
    if (!qv_packed_kind(type, &kind, &name))
        return qv_fail("Cannot read_%s_packed: unsupported data type %d", family, type);
    char op[QV_PACKED_OP_SIZE];
    qv_packed_op(op, sizeof op, family, name, "");
    qv_cells cells;
    qv_cells_init(&cells, kind);
    size_t* sizes = NULL;
    size_t count = 0;
    QV_LOCK(db);
    quiver_error_t rc = qv_read_group_cells(db, op, group, collection, attribute, &cells, &sizes, &count);
    QV_UNLOCK(db);
    if (rc == QUIVER_OK) rc = qv_cells_pack(&cells, out);
    if (rc == QUIVER_OK) {
        out->sizes = sizes;
        out->group_count = count;
        sizes = NULL;
    }
    qv_cells_free(&cells);
    free(sizes);
    return rc;
}

quiver_error_t quiver_database_read_vector_packed(quiver_database_t* db, const char* collection, const char* attribute,
                                                  int type, quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out);
    return qv_read_nested_packed(db, QV_GROUP_VECTOR, collection, attribute, type, out);
}

quiver_error_t quiver_database_read_set_packed(quiver_database_t* db, const char* collection, const char* attribute,
                                               int type, quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out);
    return qv_read_nested_packed(db, QV_GROUP_SET, collection, attribute, type, out);
}

static quiver_error_t qv_read_by_id_packed(quiver_database_t* db, qv_group_kind group, const char* collection,
                                           const char* attribute, int64_t id, int type, quiver_packed_values_t* out) {
    const char* family = group == QV_GROUP_VECTOR ? "vector" : "set";
    qv_cell_kind kind;
    const char* name = NULL;
    if (!qv_packed_kind(type, &kind, &name))
        return qv_fail("Cannot read_%s_by_id_packed: unsupported data type %d", family, type);
    char op[QV_PACKED_OP_SIZE];
    qv_packed_op(op, sizeof op, family, name, "_by_id");
    qv_cells cells;
    qv_cells_init(&cells, kind);
    QV_LOCK(db);
    quiver_error_t rc = qv_read_group_by_id(db, op, group, collection, attribute, id, &cells);
    QV_UNLOCK(db);
    if (rc == QUIVER_OK) rc = qv_cells_pack(&cells, out);
    qv_cells_free(&cells);
    return rc;
}

quiver_error_t quiver_database_read_vector_by_id_packed(quiver_database_t* db, const char* collection,
                                                        const char* attribute, int64_t id, int type,
                                                        quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out);
    return qv_read_by_id_packed(db, QV_GROUP_VECTOR, collection, attribute, id, type, out);
}

quiver_error_t quiver_database_read_set_by_id_packed(quiver_database_t* db, const char* collection,
                                                     const char* attribute, int64_t id, int type,
                                                     quiver_packed_values_t* out) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out);
    return qv_read_by_id_packed(db, QV_GROUP_SET, collection, attribute, id, type, out);
}

/* ---- release ---------------------------------------------------------------------------------- */

quiver_error_t quiver_database_free_packed_values(quiver_packed_values_t* values) {
    if (!values) return QUIVER_OK;
    free(values->integers);
    free(values->floats);
    free(values->text);
    free(values->mask);
    free(values->sizes);
    memset(values, 0, sizeof *values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_packed_columns(quiver_packed_columns_t* columns) {
    if (!columns) return QUIVER_OK;
    if (columns->columns) {
        for (size_t c = 0; c < columns->column_count; ++c)
            quiver_database_free_packed_values(&columns->columns[c]);
    }
    free(columns->columns);
    free(columns->names);
    memset(columns, 0, sizeof *columns);
    return QUIVER_OK;
}
