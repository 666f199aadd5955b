/*
 * Column and group metadata, listings, and the functions that free them.
 *
 * Everything is built from the schema model; no SQL runs here. Strings in the structs are
 * fresh allocations owned by the caller until the matching free function releases them.
 */
#include <string.h>

#include "reads_internal.h"

/* ---- building --------------------------------------------------------------------------- */

static void qv_scalar_metadata_clear(quiver_scalar_metadata_t* m) {
    free((char*)m->name);
    free((char*)m->default_value);
    free((char*)m->references_collection);
    free((char*)m->references_column);
    m->name = NULL;
    m->default_value = NULL;
    m->references_collection = NULL;
    m->references_column = NULL;
}

static void qv_group_metadata_clear(quiver_group_metadata_t* m) {
    free((char*)m->group_name);
    free((char*)m->dimension_column);
    if (m->value_columns) {
        for (size_t i = 0; i < m->value_column_count; ++i)
            qv_scalar_metadata_clear(&m->value_columns[i]);
    }
    free(m->value_columns);
    m->group_name = NULL;
    m->dimension_column = NULL;
    m->value_columns = NULL;
    m->value_column_count = 0;
}

/* Describes column c of table t. -1 on OOM (m then holds nothing). */
static int qv_fill_scalar(const qv_table* t, const qv_column* c, quiver_scalar_metadata_t* m) {
    memset(m, 0, sizeof *m);
    m->name = qv_strdup(c->name);
    m->data_type = c->type;
    /* Primary-key columns count as not null, as the reference reports them. */
    m->not_null = (c->not_null || c->pk > 0) ? 1 : 0;
    m->primary_key = c->pk > 0 ? 1 : 0;
    int ok = m->name != NULL;
    if (c->default_value) {
        m->default_value = qv_strdup(c->default_value);
        ok = ok && m->default_value;
    }
    if (c->fk >= 0) {
        const qv_foreign_key* k = &t->fks[c->fk];
        m->is_foreign_key = 1;
        m->references_collection = qv_strdup(k->table);
        /* An implicit target column (REFERENCES Zone) is reported as "". */
        m->references_column = qv_strdup(k->to ? k->to : "");
        ok = ok && m->references_collection && m->references_column;
    }
    if (!ok) {
        qv_scalar_metadata_clear(m);
        return -1;
    }
    return 0;
}

typedef enum { QV_META_VECTOR, QV_META_SET, QV_META_TIME_SERIES } qv_meta_kind;

/* Whether column i of group table g is one of its value columns. */
static int qv_is_value_column(const qv_table* g, qv_meta_kind kind, size_t i) {
    const char* name = g->columns[i].name;
    if (strcmp(name, "id") == 0) return 0;
    if (kind == QV_META_VECTOR && strcmp(name, "vector_index") == 0) return 0;
    if (kind == QV_META_TIME_SERIES && (int)i == g->dimension) return 0;
    return 1;
}

/* Describes group table g. Fails with the reference's message when a time-series group has no
 * date_ primary-key column. */
static quiver_error_t qv_fill_group(const qv_table* g, qv_meta_kind kind, quiver_group_metadata_t* m) {
    memset(m, 0, sizeof *m);
    if (kind == QV_META_TIME_SERIES && g->dimension < 0)
        return qv_fail("Dimension column not found: time series table '%s'", g->name);
    m->group_name = qv_strdup(g->group ? g->group : "");
    if (!m->group_name) goto oom;
    if (kind == QV_META_TIME_SERIES) {
        m->dimension_column = qv_strdup(g->columns[g->dimension].name);
        if (!m->dimension_column) goto oom;
    }
    size_t count = 0;
    for (size_t i = 0; i < g->column_count; ++i)
        count += (size_t)qv_is_value_column(g, kind, i);
    if (count > 0) {
        m->value_columns = (quiver_scalar_metadata_t*)calloc(count, sizeof *m->value_columns);
        if (!m->value_columns) goto oom;
        for (size_t i = 0; i < g->column_count; ++i) {
            if (!qv_is_value_column(g, kind, i)) continue;
            if (qv_fill_scalar(g, &g->columns[i], &m->value_columns[m->value_column_count]) != 0) goto oom;
            m->value_column_count++;
        }
    }
    return QUIVER_OK;
oom:
    qv_group_metadata_clear(m);
    return qv_fail("Out of memory");
}

/* The group tables of the given kind of the collection named by t (none for non-collections). */
static void qv_groups_of(const qv_schema* schema, const qv_table* t, qv_meta_kind kind, qv_table* const** out,
                         size_t* out_count) {
    const qv_collection* c = qv_reads_collection_of(schema, t);
    *out = NULL;
    *out_count = 0;
    if (!c) return;
    switch (kind) {
        case QV_META_VECTOR:
            *out = c->vectors;
            *out_count = c->vector_count;
            break;
        case QV_META_SET:
            *out = c->sets;
            *out_count = c->set_count;
            break;
        case QV_META_TIME_SERIES:
            *out = c->time_series;
            *out_count = c->time_series_count;
            break;
    }
}

static const char* const qv_get_ops[] = {"get_vector_metadata", "get_set_metadata", "get_time_series_metadata"};
static const char* const qv_list_ops[] = {"list_vector_groups", "list_set_groups", "list_time_series_groups"};
static const char* const qv_kind_names[] = {"Vector", "Set", "Time series"};

/* ---- scalar metadata ---------------------------------------------------------------------- */

static quiver_error_t qv_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute,
                                             quiver_scalar_metadata_t* out_metadata) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, "get_scalar_metadata", collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    const qv_column* c = qv_table_column(t, attribute);
    if (!c) return qv_fail("Scalar attribute not found: '%s' in collection '%s'", attribute, collection);
    quiver_scalar_metadata_t m;
    if (qv_fill_scalar(t, c, &m) != 0) return qv_fail("Out of memory");
    *out_metadata = m;
    return QUIVER_OK;
}

quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute,
                                                   quiver_scalar_metadata_t* out_metadata) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(attribute);
    QV_REQUIRE(out_metadata);
    QV_LOCK(db);
    quiver_error_t rc = qv_get_scalar_metadata(db, collection, attribute, out_metadata);
    QV_UNLOCK(db);
    return rc;
}

static quiver_error_t qv_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                quiver_scalar_metadata_t** out_metadata, size_t* out_count) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, "list_scalar_attributes", collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    quiver_scalar_metadata_t* list = NULL;
    if (t->column_count > 0) {
        list = (quiver_scalar_metadata_t*)calloc(t->column_count, sizeof *list);
        if (!list) return qv_fail("Out of memory");
        for (size_t i = 0; i < t->column_count; ++i) {
            if (qv_fill_scalar(t, &t->columns[i], &list[i]) != 0) {
                quiver_database_free_scalar_metadata_array(list, i);
                return qv_fail("Out of memory");
            }
        }
    }
    *out_metadata = list;
    *out_count = t->column_count;
    return QUIVER_OK;
}

quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                      quiver_scalar_metadata_t** out_metadata, size_t* out_count) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(out_metadata);
    QV_REQUIRE(out_count);
    QV_LOCK(db);
    quiver_error_t rc = qv_list_scalar_attributes(db, collection, out_metadata, out_count);
    QV_UNLOCK(db);
    return rc;
}

/* ---- group metadata ----------------------------------------------------------------------- */

static quiver_error_t qv_get_group_metadata(quiver_database_t* db, qv_meta_kind kind, const char* collection,
                                            const char* group_name, quiver_group_metadata_t* out_metadata) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, qv_get_ops[kind], collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    qv_table* const* groups = NULL;
    size_t count = 0;
    qv_groups_of(schema, t, kind, &groups, &count);
    for (size_t i = 0; i < count; ++i) {
        if (strcmp(groups[i]->group, group_name) != 0) continue;
        quiver_group_metadata_t m;
        if (qv_fill_group(groups[i], kind, &m) != QUIVER_OK) return QUIVER_ERROR;
        *out_metadata = m;
        return QUIVER_OK;
    }
    return qv_fail("%s group not found: '%s' in collection '%s'", qv_kind_names[kind], group_name, collection);
}

static quiver_error_t qv_list_groups(quiver_database_t* db, qv_meta_kind kind, const char* collection,
                                     quiver_group_metadata_t** out_metadata, size_t* out_count) {
    const qv_schema* schema = NULL;
    const qv_table* t = NULL;
    if (qv_reads_table(db, qv_list_ops[kind], collection, &schema, &t) != QUIVER_OK) return QUIVER_ERROR;
    qv_table* const* groups = NULL;
    size_t count = 0;
    qv_groups_of(schema, t, kind, &groups, &count);
    quiver_group_metadata_t* list = NULL;
    if (count > 0) {
        list = (quiver_group_metadata_t*)calloc(count, sizeof *list);
        if (!list) return qv_fail("Out of memory");
        for (size_t i = 0; i < count; ++i) {
            if (qv_fill_group(groups[i], kind, &list[i]) != QUIVER_OK) {
                quiver_database_free_group_metadata_array(list, i);
                return QUIVER_ERROR;
            }
        }
    }
    *out_metadata = list;
    *out_count = count;
    return QUIVER_OK;
}

#define QV_GET_GROUP(fn, kind)                                                                     \
    quiver_error_t fn(quiver_database_t* db, const char* collection, const char* group_name,       \
                      quiver_group_metadata_t* out_metadata) {                                     \
        QV_REQUIRE(db);                                                                            \
        QV_REQUIRE(collection);                                                                    \
        QV_REQUIRE(group_name);                                                                    \
        QV_REQUIRE(out_metadata);                                                                  \
        QV_LOCK(db);                                                                               \
        quiver_error_t rc = qv_get_group_metadata(db, kind, collection, group_name, out_metadata); \
        QV_UNLOCK(db);                                                                             \
        return rc;                                                                                 \
    }

#define QV_LIST_GROUPS(fn, kind)                                                                             \
    quiver_error_t fn(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, \
                      size_t* out_count) {                                                                   \
        QV_REQUIRE(db);                                                                                      \
        QV_REQUIRE(collection);                                                                              \
        QV_REQUIRE(out_metadata);                                                                            \
        QV_REQUIRE(out_count);                                                                               \
        QV_LOCK(db);                                                                                         \
        quiver_error_t rc = qv_list_groups(db, kind, collection, out_metadata, out_count);                   \
        QV_UNLOCK(db);                                                                                       \
        return rc;                                                                                           \
    }

QV_GET_GROUP(quiver_database_get_vector_metadata, QV_META_VECTOR)
QV_GET_GROUP(quiver_database_get_set_metadata, QV_META_SET)
QV_GET_GROUP(quiver_database_get_time_series_metadata, QV_META_TIME_SERIES)
QV_LIST_GROUPS(quiver_database_list_vector_groups, QV_META_VECTOR)
QV_LIST_GROUPS(quiver_database_list_set_groups, QV_META_SET)
QV_LIST_GROUPS(quiver_database_list_time_series_groups, QV_META_TIME_SERIES)

/* ---- freeing ------------------------------------------------------------------------------ */

quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata) {
    QV_REQUIRE(metadata);
    qv_scalar_metadata_clear(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata) {
    QV_REQUIRE(metadata);
    qv_group_metadata_clear(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata, size_t count) {
    QV_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i)
        qv_scalar_metadata_clear(&metadata[i]);
    free(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count) {
    QV_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i)
        qv_group_metadata_clear(&metadata[i]);
    free(metadata);
    return QUIVER_OK;
}
