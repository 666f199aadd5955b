/*
 * update_relation[_by_label] (python-api-data.md 2.6): sets the scalar relation column
 * lower(collection_to) + "_" + relation_type of one element to the id of the element of
 * collection_to with the given label, or to NULL. The write itself is an update_element of that
 * one column (so the label is resolved, and the call logged, exactly like an element update).
 */
#include <string.h>

#include "element_internal.h"

#define QV_OP "update_relation"

/* The relation column's name: ASCII-lower-cased collection_to, "_", relation_type. */
static char* qv_relation_column(const char* collection_to, const char* relation_type) {
    char* name = qv_sprintf("%s_%s", collection_to, relation_type);
    if (!name) return NULL;
    size_t n = strlen(collection_to);
    for (size_t i = 0; i < n; ++i) {
        if (name[i] >= 'A' && name[i] <= 'Z') name[i] = (char)(name[i] - 'A' + 'a');
    }
    return name;
}

/* Checks that the derived column is a foreign key of the collection table to collection_to. */
static quiver_error_t qv_check_relation(const qv_collection* coll, const char* column, const char* collection_to) {
    const char* from = coll->table->name;
    const qv_column* col = qv_table_column(coll->table, column);
    if (!col) return qv_fail("Cannot " QV_OP ": relation column '%s' not found in collection '%s'", column, from);
    if (col->fk < 0)
        return qv_fail("Cannot " QV_OP ": relation column '%s' in collection '%s' is not a foreign key", column, from);
    const char* target = coll->table->fks[col->fk].table;
    if (strcmp(target, collection_to) != 0) {
        return qv_fail("Cannot " QV_OP
                       ": relation column '%s' in collection '%s' is a foreign key to collection "
                       "'%s', not to '%s'",
                       column, from, target, collection_to);
    }
    return QUIVER_OK;
}

static quiver_error_t qv_relation(quiver_database_t* db, const char* collection_from, const char* collection_to,
                                  const char* relation_type, int64_t id, const char* target_label) {
    qv_log(&db->log, QUIVER_LOG_DEBUG, "Updating relation %s.%s (%s) for id %lld", collection_from, collection_to,
           relation_type, (long long)id);
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    if (qv_element_collection(db, QV_OP, collection_from, &schema, &coll) != QUIVER_OK) return QUIVER_ERROR;
    char* column = qv_relation_column(collection_to, relation_type);
    if (!column) return qv_fail("Out of memory");
    quiver_element_t* element = NULL;
    quiver_error_t result = qv_check_relation(coll, column, collection_to);
    if (result == QUIVER_OK) result = quiver_element_create(&element);
    if (result == QUIVER_OK) {
        result = target_label ? quiver_element_set_string(element, column, target_label)
                              : quiver_element_set_null(element, column);
    }
    if (result == QUIVER_OK) {
        qv_log(&db->log, QUIVER_LOG_DEBUG, "Updating element %lld in collection: %s", (long long)id, collection_from);
        result = qv_element_update(db, schema, coll, id, element);
    }
    if (result == QUIVER_OK) {
        qv_log(&db->log, QUIVER_LOG_INFO, "Updated relation %s.%s for id %lld", collection_from, column, (long long)id);
    }
    if (element) quiver_element_destroy(element);
    free(column);
    return result;
}

quiver_error_t quiver_database_update_relation(quiver_database_t* db, const char* collection_from,
                                               const char* collection_to, const char* relation_type, int64_t id,
                                               const char* target_label) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection_from);
    QV_REQUIRE(collection_to);
    QV_REQUIRE(relation_type);
    QV_LOCK(db);
    quiver_error_t result = qv_relation(db, collection_from, collection_to, relation_type, id, target_label);
    QV_UNLOCK(db);
    return result;
}

static quiver_error_t qv_relation_by_label(quiver_database_t* db, const char* collection_from,
                                           const char* collection_to, const char* relation_type, const char* label,
                                           const char* target_label) {
    const qv_schema* schema = NULL;
    const qv_collection* coll = NULL;
    int64_t id = 0;
    if (qv_element_collection(db, QV_OP "_by_label", collection_from, &schema, &coll) != QUIVER_OK ||
        qv_element_id_by_label(db, coll->table, label, &id) != QUIVER_OK)
        return QUIVER_ERROR;
    return qv_relation(db, collection_from, collection_to, relation_type, id, target_label);
}

quiver_error_t quiver_database_update_relation_by_label(quiver_database_t* db, const char* collection_from,
                                                        const char* collection_to, const char* relation_type,
                                                        const char* label, const char* target_label) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection_from);
    QV_REQUIRE(collection_to);
    QV_REQUIRE(relation_type);
    QV_REQUIRE(label);
    QV_LOCK(db);
    quiver_error_t result =
        qv_relation_by_label(db, collection_from, collection_to, relation_type, label, target_label);
    QV_UNLOCK(db);
    return result;
}
