/*
 * The schema model: one description of the database's tables (columns, foreign keys, unique
 * indexes) and of the collections built from them, loaded once per handle and queried by every
 * feature. Identifiers that reach generated SQL are taken from this model, never from callers.
 *
 * Loading performs the checks that the reference performs while listing tables (table-name
 * characters, column types); qv_schema_validate (schema_validate.c) performs the rest.
 */
#include <string.h>

#include "internal.h"

#define QV_SCHEMA_PREFIX "Failed to validate schema: "

static void qv_table_free_members(qv_table* t) {
    free(t->name);
    free(t->parent);
    free(t->group);
    for (size_t i = 0; i < t->column_count; ++i) {
        free(t->columns[i].name);
        free(t->columns[i].declared_type);
        free(t->columns[i].default_value);
    }
    free(t->columns);
    for (size_t i = 0; i < t->fk_count; ++i) {
        free(t->fks[i].from);
        free(t->fks[i].table);
        free(t->fks[i].to);
        free(t->fks[i].on_update);
        free(t->fks[i].on_delete);
    }
    free(t->fks);
    for (size_t i = 0; i < t->index_count; ++i) {
        free(t->indexes[i].name);
        for (size_t j = 0; j < t->indexes[i].column_count; ++j)
            free(t->indexes[i].columns[j]);
        free(t->indexes[i].columns);
    }
    free(t->indexes);
}

void qv_schema_free(qv_schema* s) {
    if (!s) return;
    for (size_t i = 0; i < s->table_count; ++i)
        qv_table_free_members(&s->tables[i]);
    free(s->tables);
    for (size_t i = 0; i < s->collection_count; ++i) {
        free(s->collections[i].vectors);
        free(s->collections[i].sets);
        free(s->collections[i].time_series);
    }
    free(s->collections);
    free(s);
}

quiver_data_type_t qv_column_type_of(const char* declared_type, const char* name) {
    if (sqlite3_stricmp(declared_type, "INTEGER") == 0) return QUIVER_DATA_TYPE_INTEGER;
    if (sqlite3_stricmp(declared_type, "REAL") == 0) return QUIVER_DATA_TYPE_FLOAT;
    if (strncmp(name, "date_", 5) == 0) return QUIVER_DATA_TYPE_DATE_TIME;
    return QUIVER_DATA_TYPE_STRING;
}

static int qv_is_supported_type(const char* declared_type) {
    return sqlite3_stricmp(declared_type, "INTEGER") == 0 || sqlite3_stricmp(declared_type, "REAL") == 0 ||
           sqlite3_stricmp(declared_type, "TEXT") == 0;
}

static char* qv_column_text(sqlite3_stmt* st, int col) {
    const unsigned char* text = sqlite3_column_text(st, col);
    return text ? qv_strdup((const char*)text) : NULL;
}

/* Classifies a table by its name, filling kind, parent and group. Returns -1 on OOM. */
static int qv_classify(qv_table* t) {
    const char* name = t->name;
    const char* p;
    t->kind = QV_TABLE_INVALID;
    if (strcmp(name, "Configuration") == 0) {
        t->kind = QV_TABLE_COLLECTION;
        return 0;
    }
    const char* underscore = strchr(name, '_');
    static const struct {
        const char* marker;
        qv_table_kind kind;
    } groups[] = {{"_vector_", QV_TABLE_VECTOR}, {"_set_", QV_TABLE_SET}};
    for (size_t i = 0; i < 2; ++i) {
        if (strstr(name, groups[i].marker)) {
            t->kind = groups[i].kind;
            t->parent = qv_strndup(name, (size_t)(underscore - name));
            if (!t->parent) return -1;
            size_t skip = strlen(t->parent) + strlen(groups[i].marker);
            /* The group is what follows "<Parent><marker>"; when the first marker is not right
             * after the parent the name still classifies, with the text after that prefix. */
            t->group = qv_strdup(strlen(name) >= skip ? name + skip : "");
            return (t->parent && t->group) ? 0 : -1;
        }
    }
    size_t len = strlen(name);
    static const char files_suffix[] = "_time_series_files";
    size_t suffix_len = sizeof files_suffix - 1;
    if (len >= suffix_len && strcmp(name + len - suffix_len, files_suffix) == 0) {
        t->kind = QV_TABLE_TIME_SERIES_FILES;
        t->parent = qv_strndup(name, len - suffix_len);
        return t->parent ? 0 : -1;
    }
    if ((p = strstr(name, "_time_series_")) != NULL) {
        t->kind = QV_TABLE_TIME_SERIES;
        t->parent = qv_strndup(name, (size_t)(underscore - name));
        if (!t->parent) return -1;
        size_t skip = strlen(t->parent) + strlen("_time_series_");
        t->group = qv_strdup(strlen(name) >= skip ? name + skip : "");
        return (t->parent && t->group) ? 0 : -1;
    }
    if (!underscore) t->kind = QV_TABLE_COLLECTION;
    return 0;
}

static int qv_valid_table_name(const char* name) {
    if (!*name) return 0;
    for (const char* p = name; *p; ++p) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return 0;
    }
    return 1;
}

/* Runs a one-parameter pragma query and calls row(st, t) for each row. */
static int qv_pragma_rows(sqlite3* db, const char* sql, const char* arg, qv_table* t,
                          int (*row)(sqlite3_stmt*, qv_table*)) {
    sqlite3_stmt* st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = row(st, t) == 0 ? SQLITE_OK : SQLITE_NOMEM;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

#define QV_GROW(arr, count, type)                                            \
    do {                                                                     \
        type* grown__ = (type*)realloc((arr), ((count) + 1) * sizeof(type)); \
        if (!grown__) return -1;                                             \
        (arr) = grown__;                                                     \
        memset(&(arr)[(count)], 0, sizeof(type));                            \
    } while (0)

static int qv_column_row(sqlite3_stmt* st, qv_table* t) {
    QV_GROW(t->columns, t->column_count, qv_column);
    qv_column* c = &t->columns[t->column_count++];
    c->name = qv_column_text(st, 0);
    c->declared_type = qv_column_text(st, 1);
    if (!c->declared_type) c->declared_type = qv_strdup("");
    c->not_null = sqlite3_column_int(st, 2) != 0;
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) c->default_value = qv_column_text(st, 3);
    c->pk = sqlite3_column_int(st, 4);
    c->fk = -1;
    return (c->name && c->declared_type) ? 0 : -1;
}

static int qv_fk_row(sqlite3_stmt* st, qv_table* t) {
    QV_GROW(t->fks, t->fk_count, qv_foreign_key);
    qv_foreign_key* k = &t->fks[t->fk_count++];
    k->table = qv_column_text(st, 0);
    k->from = qv_column_text(st, 1);
    k->to = qv_column_text(st, 2);
    k->on_update = qv_column_text(st, 3);
    k->on_delete = qv_column_text(st, 4);
    return (k->table && k->from && k->on_update && k->on_delete) ? 0 : -1;
}

static int qv_index_row(sqlite3_stmt* st, qv_table* t) {
    QV_GROW(t->indexes, t->index_count, qv_index);
    qv_index* ix = &t->indexes[t->index_count++];
    ix->name = qv_column_text(st, 0);
    ix->unique = sqlite3_column_int(st, 1) != 0;
    return ix->name ? 0 : -1;
}

static int qv_index_column_row(sqlite3_stmt* st, qv_table* t) {
    qv_index* ix = &t->indexes[t->index_count - 1];
    char** grown = (char**)realloc(ix->columns, (ix->column_count + 1) * sizeof(char*));
    if (!grown) return -1;
    ix->columns = grown;
    /* Expression index columns have no name. */
    ix->columns[ix->column_count] = qv_column_text(st, 0);
    if (!ix->columns[ix->column_count]) ix->columns[ix->column_count] = qv_strdup("");
    return ix->columns[ix->column_count++] ? 0 : -1;
}

/* The reference lists a table's columns with the table name spliced unquoted into a PRAGMA, so
 * a name that does not parse there (a leading digit as in "1Plant", or a reserved word such as
 * "Order" or "Select") fails with "Failed to query columns for table". To report exactly the same
 * tables, the same statement is prepared (never run). The name comes from sqlite_master and was
 * checked to hold only ASCII letters, digits and '_', so it cannot inject anything. */
static int qv_name_parses_as_pragma_value(sqlite3* db, const char* name) {
    char* sql = qv_sprintf("PRAGMA table_info(%s)", name);
    if (!sql) return 0;
    sqlite3_stmt* st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_finalize(st);
    free(sql);
    return rc == SQLITE_OK;
}

static int qv_table_list_row(sqlite3_stmt* st, qv_table* t) {
    t->without_rowid = sqlite3_column_int(st, 0) != 0;
    return 0;
}

/* Loads columns, foreign keys and indexes of t and checks its column types. */
static quiver_error_t qv_load_table(sqlite3* db, qv_table* t) {
    if (!qv_valid_table_name(t->name)) return qv_fail(QV_SCHEMA_PREFIX "invalid table name '%s'", t->name);
    if (!qv_name_parses_as_pragma_value(db, t->name)) return qv_fail("Failed to query columns for table: %s", t->name);
    if (qv_pragma_rows(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)", t->name, t,
                       qv_column_row) != SQLITE_OK) {
        return qv_fail("Failed to query columns for table: %s", t->name);
    }
    for (size_t i = 0; i < t->column_count; ++i) {
        qv_column* c = &t->columns[i];
        if (!qv_is_supported_type(c->declared_type)) {
            return qv_fail(QV_SCHEMA_PREFIX "column '%s' in table '%s' has unsupported type '%s'", c->name, t->name,
                           c->declared_type[0] ? c->declared_type : "(none)");
        }
        c->type = qv_column_type_of(c->declared_type, c->name);
    }
    if (qv_pragma_rows(db,
                       "SELECT \"table\", \"from\", \"to\", on_update, on_delete "
                       "FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                       t->name, t, qv_fk_row) != SQLITE_OK) {
        return qv_fail("Failed to query foreign keys for table: %s", t->name);
    }
    if (qv_pragma_rows(db, "SELECT name, \"unique\" FROM pragma_index_list(?1) ORDER BY seq", t->name, t,
                       qv_index_row) != SQLITE_OK) {
        return qv_fail("Failed to query indexes for table: %s", t->name);
    }
    /* Index columns: loaded into the index appended last, one index at a time. */
    size_t index_count = t->index_count;
    qv_index* indexes = t->indexes;
    for (size_t i = 0; i < index_count; ++i) {
        t->index_count = i + 1;
        if (qv_pragma_rows(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", indexes[i].name, t,
                           qv_index_column_row) != SQLITE_OK) {
            t->index_count = index_count;
            return qv_fail("Failed to query indexes for table: %s", t->name);
        }
    }
    t->index_count = index_count;
    if (qv_pragma_rows(db, "SELECT wr FROM pragma_table_list(?1) WHERE schema = 'main'", t->name, t,
                       qv_table_list_row) != SQLITE_OK) {
        return qv_fail("Failed to query columns for table: %s", t->name);
    }
    for (size_t k = t->fk_count; k-- > 0;) {
        int col = qv_table_column_index(t, t->fks[k].from);
        if (col >= 0) t->columns[col].fk = (int)k;
    }
    t->dimension = -1;
    if (t->kind == QV_TABLE_TIME_SERIES) {
        for (size_t i = 0; i < t->column_count; ++i) {
            const qv_column* c = &t->columns[i];
            if (c->pk > 0 && strcmp(c->name, "id") != 0 && strncmp(c->name, "date_", 5) == 0) {
                t->dimension = (int)i;
                break;
            }
        }
    }
    return QUIVER_OK;
}

static int qv_table_cmp(const void* a, const void* b) {
    return strcmp(((const qv_table*)a)->name, ((const qv_table*)b)->name);
}

static int qv_table_ptr_group_cmp(const void* a, const void* b) {
    return strcmp((*(qv_table* const*)a)->group, (*(qv_table* const*)b)->group);
}

static int qv_append_ptr(qv_table*** arr, size_t* count, qv_table* t) {
    qv_table** grown = (qv_table**)realloc(*arr, (*count + 1) * sizeof(qv_table*));
    if (!grown) return -1;
    grown[(*count)++] = t;
    *arr = grown;
    return 0;
}

/* Builds the collection index over the sorted tables. */
static int qv_build_collections(qv_schema* s) {
    for (size_t i = 0; i < s->table_count; ++i) {
        if (s->tables[i].kind != QV_TABLE_COLLECTION) continue;
        qv_collection* grown = (qv_collection*)realloc(s->collections, (s->collection_count + 1) * sizeof *grown);
        if (!grown) return -1;
        s->collections = grown;
        qv_collection* c = &s->collections[s->collection_count++];
        memset(c, 0, sizeof *c);
        c->table = &s->tables[i];
    }
    for (size_t i = 0; i < s->table_count; ++i) {
        qv_table* t = &s->tables[i];
        if (!t->parent) continue;
        qv_collection* c = (qv_collection*)qv_schema_collection(s, t->parent);
        if (!c) continue;
        int rc = 0;
        switch (t->kind) {
            case QV_TABLE_VECTOR: rc = qv_append_ptr(&c->vectors, &c->vector_count, t); break;
            case QV_TABLE_SET: rc = qv_append_ptr(&c->sets, &c->set_count, t); break;
            case QV_TABLE_TIME_SERIES: rc = qv_append_ptr(&c->time_series, &c->time_series_count, t); break;
            case QV_TABLE_TIME_SERIES_FILES: c->files = t; break;
            default: break;
        }
        if (rc != 0) return -1;
    }
    for (size_t i = 0; i < s->collection_count; ++i) {
        qv_collection* c = &s->collections[i];
        if (c->vector_count) qsort(c->vectors, c->vector_count, sizeof(qv_table*), qv_table_ptr_group_cmp);
        if (c->set_count) qsort(c->sets, c->set_count, sizeof(qv_table*), qv_table_ptr_group_cmp);
        if (c->time_series_count)
            qsort(c->time_series, c->time_series_count, sizeof(qv_table*), qv_table_ptr_group_cmp);
    }
    return 0;
}

quiver_error_t qv_schema_read(sqlite3* db, qv_schema** out) {
    qv_schema* s = (qv_schema*)calloc(1, sizeof *s);
    if (!s) return qv_fail("Out of memory");
    sqlite3_stmt* st = NULL;
    /* Internal tables are skipped with LIKE, as the reference does: case-insensitive, and '_' is a
     * wildcard, so user tables such as "sqlite1" or "SQLiteFoo" are skipped as well. */
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        qv_table* grown = (qv_table*)realloc(s->tables, (s->table_count + 1) * sizeof *grown);
        if (!grown) {
            rc = SQLITE_NOMEM;
            break;
        }
        s->tables = grown;
        qv_table* t = &s->tables[s->table_count];
        memset(t, 0, sizeof *t);
        t->name = qv_column_text(st, 0);
        if (!t->name) {
            rc = SQLITE_NOMEM;
            break;
        }
        s->table_count++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        qv_schema_free(s);
        return qv_fail("Failed to query table names");
    }
    /* Per-table checks run in listing order, as the reference reports them. */
    for (size_t i = 0; i < s->table_count; ++i) {
        qv_table* t = &s->tables[i];
        if (qv_classify(t) != 0) {
            qv_schema_free(s);
            return qv_fail("Out of memory");
        }
        if (qv_load_table(db, t) != QUIVER_OK) {
            qv_schema_free(s);
            return QUIVER_ERROR;
        }
    }
    if (s->table_count) qsort(s->tables, s->table_count, sizeof(qv_table), qv_table_cmp);
    if (qv_build_collections(s) != 0) {
        qv_schema_free(s);
        return qv_fail("Out of memory");
    }
    *out = s;
    return QUIVER_OK;
}

quiver_error_t qv_schema_load(sqlite3* db, qv_schema** out) {
    qv_schema* s = NULL;
    if (qv_schema_read(db, &s) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_schema_validate(s) != QUIVER_OK) {
        qv_schema_free(s);
        return QUIVER_ERROR;
    }
    *out = s;
    return QUIVER_OK;
}

const qv_table* qv_schema_table(const qv_schema* s, const char* name) {
    size_t lo = 0, hi = s->table_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(s->tables[mid].name, name);
        if (cmp == 0) return &s->tables[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const qv_collection* qv_schema_collection(const qv_schema* s, const char* name) {
    size_t lo = 0, hi = s->collection_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(s->collections[mid].table->name, name);
        if (cmp == 0) return &s->collections[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int qv_table_column_index(const qv_table* t, const char* name) {
    for (size_t i = 0; i < t->column_count; ++i) {
        if (strcmp(t->columns[i].name, name) == 0) return (int)i;
    }
    return -1;
}

const qv_column* qv_table_column(const qv_table* t, const char* name) {
    int i = qv_table_column_index(t, name);
    return i < 0 ? NULL : &t->columns[i];
}
