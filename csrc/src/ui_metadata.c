/*
 * UI metadata: loading the "ui" directory beside a migrations directory and rendering the
 * describe decorations (python-api-core.md §5.3.4).
 *
 * Files (non-recursive, *.toml, in directory order):
 *   enum.toml - vocabularies: name = [ { id = <int>, label = <str | {en = <str>}> }, ... ]
 *   others    - a collection file when it has a non-empty string "id" (the table) and an array
 *               "attribute" of tables { id = <column>, label, tooltip, enum = <vocabulary> }.
 * Labels and tooltips are stored with runs of white space and control characters collapsed to
 * one space and trimmed; empty ones count as absent.
 */
#ifndef _WIN32
#define _XOPEN_SOURCE 700 /* realpath */
#endif

#include <math.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>

#include "toml.h"
#include "ui_metadata.h"

typedef struct {
    char* column;
    char* label;      /* NULL when absent or blank */
    char* tooltip;    /* NULL when absent or blank */
    char* vocabulary; /* NULL when absent */
} qv_ui_attribute;

typedef struct {
    char* table;
    qv_ui_attribute* attributes; /* a later attribute naming the same column replaces the earlier */
    size_t attribute_count;
} qv_ui_collection;

typedef struct {
    int64_t id;
    char* label; /* blank labels are kept (a later entry replaces an earlier one) but never shown */
} qv_ui_choice;

typedef struct {
    char* name;
    qv_ui_choice* choices; /* ascending id */
    size_t choice_count;
} qv_ui_vocabulary;

struct qv_ui_metadata {
    qv_ui_collection* collections;
    size_t collection_count;
    qv_ui_vocabulary* vocabularies;
    size_t vocabulary_count;
};

/* ---- freeing ------------------------------------------------------------------------------------ */

static void qv_ui_collection_clear(qv_ui_collection* c) {
    for (size_t i = 0; i < c->attribute_count; ++i) {
        free(c->attributes[i].column);
        free(c->attributes[i].label);
        free(c->attributes[i].tooltip);
        free(c->attributes[i].vocabulary);
    }
    free(c->attributes);
    free(c->table);
    memset(c, 0, sizeof *c);
}

static void qv_ui_vocabulary_clear(qv_ui_vocabulary* v) {
    for (size_t i = 0; i < v->choice_count; ++i)
        free(v->choices[i].label);
    free(v->choices);
    free(v->name);
    memset(v, 0, sizeof *v);
}

void qv_ui_free(qv_ui_metadata* ui) {
    if (!ui) return;
    for (size_t i = 0; i < ui->collection_count; ++i)
        qv_ui_collection_clear(&ui->collections[i]);
    for (size_t i = 0; i < ui->vocabulary_count; ++i)
        qv_ui_vocabulary_clear(&ui->vocabularies[i]);
    free(ui->collections);
    free(ui->vocabularies);
    free(ui);
}

/* ---- reading values ------------------------------------------------------------------------------ */

/* White space and control characters (C0, DEL, C1): collapsed and trimmed in shown text. */
static size_t qv_ui_space_at(const unsigned char* s, size_t i, size_t n) {
    if (s[i] <= 0x20 || s[i] == 0x7F) return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) return 2;
    return 0;
}

/* The collapsed copy of a TOML string; NULL when blank (or out of memory). */
static char* qv_ui_text(const char* text, size_t n) {
    const unsigned char* s = (const unsigned char*)text;
    char* out = (char*)malloc(n + 1);
    if (!out) return NULL;
    size_t len = 0;
    int pending_space = 0;
    for (size_t i = 0; i < n;) {
        size_t w = qv_ui_space_at(s, i, n);
        if (w) {
            pending_space = len > 0;
            i += w;
            continue;
        }
        if (pending_space) out[len++] = ' ';
        pending_space = 0;
        out[len++] = (char)s[i++];
    }
    out[len] = '\0';
    if (len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* A string, or a table's "en" string (the English text of a translated value). */
static const qv_toml* qv_ui_translated(const qv_toml* v) {
    if (v && v->kind == QV_TOML_TABLE) v = qv_toml_get(v, "en");
    return v && v->kind == QV_TOML_STRING ? v : NULL;
}

/* A string usable as a name: no embedded NUL (such a name can never match). */
static const char* qv_ui_name(const qv_toml* v) {
    if (!v || v->kind != QV_TOML_STRING || strlen(v->text) != v->text_len) return NULL;
    return v->text;
}

/* An integer id: integers, booleans and floats holding an integral value within int64. */
static int qv_ui_id(const qv_toml* v, int64_t* out) {
    if (!v) return 0;
    if (v->kind == QV_TOML_INTEGER) {
        *out = v->integer;
        return 1;
    }
    if (v->kind == QV_TOML_BOOLEAN) {
        *out = v->boolean ? 1 : 0;
        return 1;
    }
    if (v->kind == QV_TOML_FLOAT && isfinite(v->number) && v->number >= -9223372036854775808.0 &&
        v->number < 9223372036854775808.0 && (double)(int64_t)v->number == v->number) {
        *out = (int64_t)v->number;
        return 1;
    }
    return 0;
}

/* ---- vocabularies (enum.toml) ---------------------------------------------------------------------- */

static int qv_ui_choice_cmp(const void* a, const void* b) {
    int64_t x = ((const qv_ui_choice*)a)->id, y = ((const qv_ui_choice*)b)->id;
    return (x > y) - (x < y);
}

/* Sets id's label (replacing an earlier entry). Returns -1 when out of memory. */
static int qv_ui_vocabulary_set(qv_ui_vocabulary* v, int64_t id, const qv_toml* label) {
    char* text = qv_ui_text(label->text, label->text_len);
    for (size_t i = 0; i < v->choice_count; ++i) {
        if (v->choices[i].id == id) {
            free(v->choices[i].label);
            v->choices[i].label = text;
            return 0;
        }
    }
    qv_ui_choice* grown = (qv_ui_choice*)realloc(v->choices, (v->choice_count + 1) * sizeof *grown);
    if (!grown) {
        free(text);
        return -1;
    }
    v->choices = grown;
    v->choices[v->choice_count].id = id;
    v->choices[v->choice_count++].label = text;
    return 0;
}

static int qv_ui_load_vocabularies(qv_ui_metadata* ui, const qv_toml* root) {
    for (const qv_toml_entry* e = root->first; e; e = e->next) {
        if (e->value->kind != QV_TOML_ARRAY || strlen(e->key) != e->key_len) continue;
        qv_ui_vocabulary* grown =
            (qv_ui_vocabulary*)realloc(ui->vocabularies, (ui->vocabulary_count + 1) * sizeof *grown);
        if (!grown) return -1;
        ui->vocabularies = grown;
        qv_ui_vocabulary* v = &ui->vocabularies[ui->vocabulary_count];
        memset(v, 0, sizeof *v);
        v->name = qv_strdup(e->key);
        if (!v->name) return -1;
        ui->vocabulary_count++;
        for (const qv_toml_entry* item = e->value->first; item; item = item->next) {
            int64_t id = 0;
            const qv_toml* label = qv_ui_translated(qv_toml_get(item->value, "label"));
            if (!qv_ui_id(qv_toml_get(item->value, "id"), &id) || !label) continue;
            if (qv_ui_vocabulary_set(v, id, label) != 0) return -1;
        }
        if (v->choice_count > 1) qsort(v->choices, v->choice_count, sizeof *v->choices, qv_ui_choice_cmp);
    }
    return 0;
}

/* ---- collection files -------------------------------------------------------------------------------- */

static int qv_ui_attribute_read(qv_ui_attribute* a, const qv_toml* t, const char* column) {
    const qv_toml* label = qv_ui_translated(qv_toml_get(t, "label"));
    const qv_toml* tooltip = qv_ui_translated(qv_toml_get(t, "tooltip"));
    const char* vocabulary = qv_ui_name(qv_toml_get(t, "enum"));
    memset(a, 0, sizeof *a);
    a->column = qv_strdup(column);
    if (label) a->label = qv_ui_text(label->text, label->text_len);
    if (tooltip) a->tooltip = qv_ui_text(tooltip->text, tooltip->text_len);
    if (vocabulary) a->vocabulary = qv_strdup(vocabulary);
    return a->column && (!vocabulary || a->vocabulary) ? 0 : -1;
}

/* Reads the attributes of a collection file into c (empty on entry). */
static int qv_ui_read_collection(qv_ui_collection* c, const qv_toml* attributes) {
    for (const qv_toml_entry* e = attributes->first; e; e = e->next) {
        const char* column = qv_ui_name(qv_toml_get(e->value, "id"));
        if (!column) continue;
        qv_ui_attribute a;
        int rc = qv_ui_attribute_read(&a, e->value, column);
        size_t slot = c->attribute_count;
        for (size_t i = 0; i < c->attribute_count; ++i)
            if (strcmp(c->attributes[i].column, column) == 0) slot = i;
        if (rc == 0 && slot == c->attribute_count) {
            qv_ui_attribute* grown = (qv_ui_attribute*)realloc(c->attributes, (c->attribute_count + 1) * sizeof *grown);
            if (grown)
                c->attributes = grown;
            else
                rc = -1;
        }
        if (rc != 0) {
            free(a.column);
            free(a.label);
            free(a.tooltip);
            free(a.vocabulary);
            return -1;
        }
        if (slot < c->attribute_count) {
            free(c->attributes[slot].column);
            free(c->attributes[slot].label);
            free(c->attributes[slot].tooltip);
            free(c->attributes[slot].vocabulary);
        } else {
            c->attribute_count++;
        }
        c->attributes[slot] = a;
    }
    return 0;
}

static int qv_ui_load_collection(qv_ui_metadata* ui, const qv_toml* root, const char* file, const qv_logger* log) {
    const char* table = qv_ui_name(qv_toml_get(root, "id"));
    const qv_toml* attributes = qv_toml_get(root, "attribute");
    if (!table || !table[0] || !attributes || attributes->kind != QV_TOML_ARRAY) return 0; /* not a collection file */
    qv_ui_collection c;
    memset(&c, 0, sizeof c);
    c.table = qv_strdup(table);
    if (!c.table || qv_ui_read_collection(&c, attributes) != 0) {
        qv_ui_collection_clear(&c);
        return -1;
    }
    for (size_t i = 0; i < ui->collection_count; ++i) {
        if (strcmp(ui->collections[i].table, table) == 0) {
            qv_log(log, QUIVER_LOG_WARN,
                   "Duplicate UI metadata for collection '%s' in '%s': replacing the earlier file", table, file);
            qv_ui_collection_clear(&ui->collections[i]);
            ui->collections[i] = c;
            return 0;
        }
    }
    qv_ui_collection* grown = (qv_ui_collection*)realloc(ui->collections, (ui->collection_count + 1) * sizeof *grown);
    if (!grown) {
        qv_ui_collection_clear(&c);
        return -1;
    }
    ui->collections = grown;
    ui->collections[ui->collection_count++] = c;
    return 0;
}

/* ---- the directory --------------------------------------------------------------------------------- */

/* <parent of the canonical migrations path>/ui, or NULL. */
static char* qv_ui_directory(const char* migrations_path) {
#ifdef _WIN32
    char* full = qv_strdup(migrations_path);
#else
    /* realpath into our own buffer: every block the core frees comes from the core's allocator. */
    char resolved[PATH_MAX];
    char* full = realpath(migrations_path, resolved) ? qv_strdup(resolved) : NULL;
#endif
    if (!full) return NULL;
    size_t n = strlen(full);
    while (n > 1 && (full[n - 1] == '/' || full[n - 1] == '\\'))
        full[--n] = '\0';
    char* cut = full + n;
    while (cut > full && cut[-1] != '/' && cut[-1] != '\\')
        --cut;
    char* dir;
    if (cut == full)
        dir = qv_strdup("ui");
    else if (cut - 1 == full)
        dir = qv_sprintf("%.1sui", full);
    else
        dir = qv_sprintf("%.*sui", (int)(cut - full), full);
    free(full);
    return dir;
}

typedef struct {
    char** names;
    size_t count;
    int oom;
} qv_ui_names;

/* Keeps entries whose extension (text from the last dot, which must not lead the name) is ".toml". */
static void qv_ui_collect(const char* name, void* user) {
    qv_ui_names* names = (qv_ui_names*)user;
    const char* dot = strrchr(name, '.');
    if (names->oom || !dot || dot == name || strcmp(dot, ".toml") != 0) return;
    char** grown = (char**)realloc(names->names, (names->count + 1) * sizeof *grown);
    char* copy = qv_strdup(name);
    if (grown) names->names = grown;
    if (!grown || !copy) {
        free(copy);
        names->oom = 1;
        return;
    }
    names->names[names->count++] = copy;
}

static int qv_ui_load_file(qv_ui_metadata* ui, const char* path, const char* name, const qv_logger* log) {
    char* data = NULL;
    size_t len = 0;
    if (qv_read_file(path, &data, &len) != 0) {
        qv_log(log, QUIVER_LOG_WARN, "Failed to load UI metadata from '%s': File could not be opened for reading",
               path);
        return 0;
    }
    char* error = NULL;
    qv_toml_doc* doc = qv_toml_parse(data, len, &error);
    free(data);
    if (!doc) {
        if (!error) return -1;
        qv_log(log, QUIVER_LOG_WARN, "Failed to load UI metadata from '%s': %s", path, error);
        free(error);
        return 0;
    }
    int rc = strcmp(name, "enum.toml") == 0 ? qv_ui_load_vocabularies(ui, qv_toml_root(doc))
                                            : qv_ui_load_collection(ui, qv_toml_root(doc), path, log);
    qv_toml_free(doc);
    return rc;
}

qv_ui_metadata* qv_ui_load(const char* migrations_path, const qv_logger* log) {
    char* dir = qv_ui_directory(migrations_path);
    if (!dir || qv_path_stat(dir) != QV_PATH_DIR) {
        free(dir);
        return NULL;
    }
    qv_ui_names names = {NULL, 0, 0};
    qv_ui_metadata* ui = (qv_ui_metadata*)calloc(1, sizeof *ui);
    int rc = ui && qv_list_dir(dir, qv_ui_collect, &names) == 0 && !names.oom ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < names.count; ++i) {
        char* path = qv_sprintf("%s/%s", dir, names.names[i]);
        if (!path)
            rc = -1;
        else if (qv_path_stat(path) == QV_PATH_FILE)
            rc = qv_ui_load_file(ui, path, names.names[i], log);
        free(path);
    }
    for (size_t i = 0; i < names.count; ++i)
        free(names.names[i]);
    free(names.names);
    free(dir);
    if (rc != 0 || (ui->collection_count == 0 && ui->vocabulary_count == 0)) {
        /* Out of memory: the metadata is optional, so the handle simply goes without it. */
        qv_ui_free(ui);
        return NULL;
    }
    return ui;
}

/* ---- rendering ---------------------------------------------------------------------------------------- */

/* Lower-cased ASCII letters and digits of s (everything else is ignored when comparing texts). */
static void qv_ui_normalise(const char* s, qv_buf* out) {
    for (; *s; ++s) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) qv_buf_append_n(out, &c, 1);
    }
}

/* 1 when a and b read the same after normalisation, which must leave something. */
static int qv_ui_same(const char* a, const char* b) {
    if (!a || !b) return 0;
    qv_buf x, y;
    qv_buf_init(&x);
    qv_buf_init(&y);
    qv_ui_normalise(a, &x);
    qv_ui_normalise(b, &y);
    int same = x.len > 0 && !x.oom && !y.oom && strcmp(qv_buf_str(&x), qv_buf_str(&y)) == 0;
    qv_buf_free(&x);
    qv_buf_free(&y);
    return same;
}

/* Appends "<text>" with quotes and backslashes escaped. */
static void qv_ui_quoted(qv_buf* out, const char* text) {
    qv_buf_append(out, "\"");
    for (const char* s = text; *s; ++s) {
        if (*s == '"' || *s == '\\') qv_buf_append_n(out, "\\", 1);
        qv_buf_append_n(out, s, 1);
    }
    qv_buf_append(out, "\"");
}

static const qv_ui_attribute* qv_ui_find(const qv_ui_metadata* ui, const char* table, const char* column) {
    for (size_t i = 0; i < ui->collection_count; ++i) {
        const qv_ui_collection* c = &ui->collections[i];
        if (strcmp(c->table, table) != 0) continue;
        for (size_t j = 0; j < c->attribute_count; ++j)
            if (strcmp(c->attributes[j].column, column) == 0) return &c->attributes[j];
        return NULL;
    }
    return NULL;
}

static void qv_ui_describe_enum(const qv_ui_metadata* ui, const char* name, qv_buf* out) {
    for (size_t i = 0; i < ui->vocabulary_count; ++i) {
        const qv_ui_vocabulary* v = &ui->vocabularies[i];
        if (strcmp(v->name, name) != 0) continue;
        int shown = 0;
        for (size_t j = 0; j < v->choice_count; ++j) {
            if (!v->choices[j].label) continue;
            qv_buf_appendf(out, "%s%lld: ", shown ? ", " : "; enum {", (long long)v->choices[j].id);
            qv_ui_quoted(out, v->choices[j].label);
            shown = 1;
        }
        if (shown) qv_buf_append(out, "}");
        return;
    }
}

void qv_ui_describe_column(const qv_ui_metadata* ui, const char* table, const char* column, qv_buf* out) {
    const qv_ui_attribute* a = ui ? qv_ui_find(ui, table, column) : NULL;
    if (!a) return;
    if (a->label && !qv_ui_same(a->label, column)) {
        qv_buf_append(out, "; label ");
        qv_ui_quoted(out, a->label);
    }
    if (a->vocabulary) qv_ui_describe_enum(ui, a->vocabulary, out);
    if (a->tooltip && !qv_ui_same(a->tooltip, column) && !qv_ui_same(a->tooltip, a->label)) {
        qv_buf_append(out, "; tooltip ");
        qv_ui_quoted(out, a->tooltip);
    }
}
