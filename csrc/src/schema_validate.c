/*
 * Schema validation rules (data spec §1), applied to a loaded model in the reference's order:
 * Configuration, collection names, per-table rules in table-name order, duplicate attributes,
 * then foreign keys. The first violation is reported.
 */
#include <ctype.h>
#include <string.h>

#include "internal.h"

#define P "Failed to validate schema: "

static int qv_is_cascade(const char* action) { return action && strcmp(action, "CASCADE") == 0; }
static int qv_is_set_null(const char* action) { return action && strcmp(action, "SET NULL") == 0; }

/* The foreign key from column "id" to the parent collection, or NULL. */
static const qv_foreign_key* qv_parent_fk(const qv_table* t) {
    for (size_t i = 0; i < t->fk_count; ++i) {
        if (strcmp(t->fks[i].from, "id") == 0 && strcmp(t->fks[i].table, t->parent) == 0) return &t->fks[i];
    }
    return NULL;
}

static int qv_in_unique_index(const qv_table* t, const char* column) {
    for (size_t i = 0; i < t->index_count; ++i) {
        if (!t->indexes[i].unique) continue;
        for (size_t j = 0; j < t->indexes[i].column_count; ++j) {
            if (strcmp(t->indexes[i].columns[j], column) == 0) return 1;
        }
    }
    return 0;
}

static int qv_has_unique_index(const qv_table* t) {
    for (size_t i = 0; i < t->index_count; ++i) {
        if (t->indexes[i].unique) return 1;
    }
    return 0;
}

static int qv_parent_exists(const qv_schema* s, const qv_table* t) {
    return qv_schema_collection(s, t->parent) != NULL;
}

static quiver_error_t qv_check_collection(const qv_table* t) {
    const qv_column* id = qv_table_column(t, "id");
    if (!id || id->pk == 0) return qv_fail(P "Collection '%s' must have 'id' as primary key", t->name);
    const qv_column* label = qv_table_column(t, "label");
    if (!label) return qv_fail(P "Collection '%s' must have a 'label' column", t->name);
    if (sqlite3_stricmp(label->declared_type, "TEXT") != 0)
        return qv_fail(P "Collection '%s' label column must be TEXT type", t->name);
    if (!label->not_null) return qv_fail(P "Collection '%s' label column must have NOT NULL constraint", t->name);
    for (size_t i = 0; i < t->index_count; ++i) {
        const qv_index* ix = &t->indexes[i];
        if (ix->unique && ix->column_count == 1 && strcmp(ix->columns[0], "label") == 0) return QUIVER_OK;
    }
    return qv_fail(P "Collection '%s' label column must have UNIQUE constraint", t->name);
}

/* The parent foreign-key rules shared by vector, set and time-series tables. */
static quiver_error_t qv_check_parent_fk(const qv_table* t, const char* kind) {
    const qv_foreign_key* fk = qv_parent_fk(t);
    if (!fk)
        return qv_fail(P "%s table '%s' must have foreign key to parent collection '%s'", kind, t->name, t->parent);
    if (!qv_is_cascade(fk->on_delete) || !qv_is_cascade(fk->on_update))
        return qv_fail(P "%s table '%s' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE", kind, t->name);
    return QUIVER_OK;
}

/* Vector rules: the structural checks come before the parent checks (observed order). */
static quiver_error_t qv_check_vector(const qv_schema* s, const qv_table* t) {
    const qv_column* id = qv_table_column(t, "id");
    if (!id) return qv_fail(P "Vector table '%s' must have 'id' column", t->name);
    if (id->pk > 0) {
        size_t pk_columns = 0;
        for (size_t i = 0; i < t->column_count; ++i)
            pk_columns += t->columns[i].pk > 0;
        if (pk_columns == 1)
            return qv_fail(P "Vector table '%s' must have composite primary key (id, vector_index), not just 'id'",
                           t->name);
    }
    if (!qv_table_column(t, "vector_index"))
        return qv_fail(P "Vector table '%s' must have 'vector_index' column", t->name);
    if (!qv_parent_exists(s, t))
        return qv_fail(P "Vector table '%s' references non-existent collection '%s'", t->name, t->parent);
    return qv_check_parent_fk(t, "Vector");
}

static quiver_error_t qv_check_set(const qv_schema* s, const qv_table* t) {
    if (!qv_has_unique_index(t)) return qv_fail(P "Set table '%s' must have a UNIQUE constraint", t->name);
    for (size_t i = 0; i < t->column_count; ++i) {
        const qv_column* c = &t->columns[i];
        if (strcmp(c->name, "id") == 0 || c->fk >= 0) continue;
        if (!qv_in_unique_index(t, c->name))
            return qv_fail(P "Set table '%s' column '%s' must be part of a UNIQUE constraint", t->name, c->name);
    }
    if (!qv_parent_exists(s, t))
        return qv_fail(P "Set table '%s' references non-existent collection '%s'", t->name, t->parent);
    return qv_check_parent_fk(t, "Set");
}

static quiver_error_t qv_check_time_series(const qv_schema* s, const qv_table* t) {
    if (!qv_parent_exists(s, t))
        return qv_fail(P "Time series table '%s' references non-existent collection '%s'", t->name, t->parent);
    return qv_check_parent_fk(t, "Time series");
}

static quiver_error_t qv_check_files(const qv_schema* s, const qv_table* t) {
    if (!qv_parent_exists(s, t))
        return qv_fail(P "Time series files table '%s' references non-existent collection '%s'", t->name, t->parent);
    for (size_t i = 0; i < t->column_count; ++i) {
        if (sqlite3_stricmp(t->columns[i].declared_type, "TEXT") != 0)
            return qv_fail(P "Time series files table '%s' column '%s' must be TEXT type (for file paths)", t->name,
                           t->columns[i].name);
    }
    return QUIVER_OK;
}

/* Attribute names of one collection: scalars, then group columns, tables in name order. */
static quiver_error_t qv_check_duplicates(const qv_schema* s, const qv_collection* c) {
    size_t cap = c->table->column_count;
    for (size_t i = 0; i < s->table_count; ++i) {
        const qv_table* t = &s->tables[i];
        if (t->parent && strcmp(t->parent, c->table->name) == 0) cap += t->column_count;
    }
    const char** seen = (const char**)malloc((cap ? cap : 1) * sizeof(char*));
    if (!seen) return qv_fail("Out of memory");
    size_t n = 0;
    for (size_t i = 0; i < c->table->column_count; ++i) {
        const char* name = c->table->columns[i].name;
        if (strcmp(name, "id") != 0 && strcmp(name, "label") != 0) seen[n++] = name;
    }
    quiver_error_t rc = QUIVER_OK;
    for (size_t i = 0; i < s->table_count && rc == QUIVER_OK; ++i) {
        const qv_table* t = &s->tables[i];
        if (!t->parent || strcmp(t->parent, c->table->name) != 0) continue;
        if (t->kind != QV_TABLE_VECTOR && t->kind != QV_TABLE_SET && t->kind != QV_TABLE_TIME_SERIES) continue;
        for (size_t j = 0; j < t->column_count && rc == QUIVER_OK; ++j) {
            const qv_column* col = &t->columns[j];
            if (strcmp(col->name, "id") == 0 || col->fk >= 0) continue;
            if (t->kind == QV_TABLE_VECTOR && strcmp(col->name, "vector_index") == 0) continue;
            if (t->kind == QV_TABLE_TIME_SERIES && strncmp(col->name, "date_", 5) == 0) continue;
            for (size_t k = 0; k < n; ++k) {
                if (strcmp(seen[k], col->name) == 0) {
                    rc = qv_fail(P "Duplicate attribute '%s' found in table '%s' (already defined in collection '%s')",
                                 col->name, t->name, c->table->name);
                    break;
                }
            }
            seen[n++] = col->name;
        }
    }
    free(seen);
    return rc;
}

/* 1 when the lower-cased column starts with the lower-cased target followed by '_' (which
 * covers "<target>_id") or contains "_id" anywhere. */
static int qv_follows_naming(const char* column, const char* target) {
    size_t tl = strlen(target);
    size_t i = 0;
    while (i < tl && column[i] && tolower((unsigned char)column[i]) == tolower((unsigned char)target[i]))
        ++i;
    if (i == tl && column[i] == '_') return 1;
    for (const char* p = column; p[0] && p[1] && p[2]; ++p) {
        if (p[0] == '_' && tolower((unsigned char)p[1]) == 'i' && tolower((unsigned char)p[2]) == 'd') return 1;
    }
    return 0;
}

/* K1-K4 for every foreign-key row of t, in the order SQLite lists them (the last declared key
 * first). K1-K3 apply to every key, the parent key of group tables included (it passed the
 * stricter parent rule already, unless a second key leaves from "id"). The naming rule K4 applies
 * to collection, vector and time-series files tables, except to keys from "id" of vector tables. */
static quiver_error_t qv_check_foreign_keys(const qv_table* t) {
    int naming = t->kind == QV_TABLE_COLLECTION || t->kind == QV_TABLE_VECTOR || t->kind == QV_TABLE_TIME_SERIES_FILES;
    for (size_t i = 0; i < t->fk_count; ++i) {
        const qv_foreign_key* fk = &t->fks[i];
        const qv_column* col = qv_table_column(t, fk->from);
        if (qv_is_set_null(fk->on_delete) && col && col->not_null)
            return qv_fail(P "Foreign key column '%s' in table '%s' has ON DELETE SET NULL but NOT NULL constraint",
                           fk->from, t->name);
        if (!qv_is_cascade(fk->on_update))
            return qv_fail(P "Foreign key '%s' in table '%s' must use ON UPDATE CASCADE", fk->from, t->name);
        if (!qv_is_set_null(fk->on_delete) && !qv_is_cascade(fk->on_delete))
            return qv_fail(P "Foreign key '%s' in table '%s' must use ON DELETE SET NULL or ON DELETE CASCADE",
                           fk->from, t->name);
        if (!naming || (t->kind == QV_TABLE_VECTOR && strcmp(fk->from, "id") == 0)) continue;
        if (!qv_follows_naming(fk->from, fk->table))
            return qv_fail(P "Foreign key column '%s' in table '%s' should follow naming pattern '<collection>_id'",
                           fk->from, t->name);
    }
    return QUIVER_OK;
}

quiver_error_t qv_schema_validate(const qv_schema* s) {
    const qv_table* config = qv_schema_table(s, "Configuration");
    if (!config) return qv_fail(P "Schema must have a 'Configuration' table");
    for (size_t i = 0; i < s->table_count; ++i) {
        if (s->tables[i].kind == QV_TABLE_INVALID)
            return qv_fail(P "Invalid collection name '%s': collection names cannot contain underscores",
                           s->tables[i].name);
    }
    for (size_t i = 0; i < s->table_count; ++i) {
        const qv_table* t = &s->tables[i];
        quiver_error_t rc = QUIVER_OK;
        switch (t->kind) {
            case QV_TABLE_COLLECTION: rc = qv_check_collection(t); break;
            case QV_TABLE_VECTOR: rc = qv_check_vector(s, t); break;
            case QV_TABLE_SET: rc = qv_check_set(s, t); break;
            case QV_TABLE_TIME_SERIES: rc = qv_check_time_series(s, t); break;
            case QV_TABLE_TIME_SERIES_FILES: rc = qv_check_files(s, t); break;
            default: break;
        }
        if (rc != QUIVER_OK) return rc;
    }
    for (size_t i = 0; i < s->collection_count; ++i) {
        const qv_collection* c = &s->collections[i];
        if (strcmp(c->table->name, "Configuration") == 0) continue;
        if (qv_check_duplicates(s, c) != QUIVER_OK) return QUIVER_ERROR;
    }
    for (size_t i = 0; i < s->table_count; ++i) {
        if (qv_check_foreign_keys(&s->tables[i]) != QUIVER_OK) return QUIVER_ERROR;
    }
    return QUIVER_OK;
}
