/*
 * A strict TOML 1.0 reader for the UI metadata files (ui_metadata.c). Internal to the core.
 *
 * The whole document is parsed into a tree whose nodes live in one arena owned by the returned
 * qv_toml_doc; qv_toml_free releases all of it. On a syntax error the parse fails with the
 * same description the reference's TOML library gives (e.g. "Error while parsing key-value pair:
 * expected value, saw '\n'"), without position information.
 */
#ifndef QV_TOML_H
#define QV_TOML_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    QV_TOML_TABLE,
    QV_TOML_ARRAY,
    QV_TOML_STRING,
    QV_TOML_INTEGER,
    QV_TOML_FLOAT,
    QV_TOML_BOOLEAN,
    QV_TOML_DATE,
    QV_TOML_TIME,
    QV_TOML_DATE_TIME
} qv_toml_kind;

typedef struct qv_toml qv_toml;
typedef struct qv_toml_entry qv_toml_entry;

/* One member of a table (key set) or element of an array (key NULL), in document order. */
struct qv_toml_entry {
    const char* key;
    size_t key_len;
    qv_toml* value;
    qv_toml_entry* next;
};

struct qv_toml {
    qv_toml_kind kind;
    unsigned flags;   /* parser bookkeeping */
    int64_t integer;  /* INTEGER */
    double number;    /* FLOAT */
    int boolean;      /* BOOLEAN */
    const char* text; /* STRING: UTF-8, NUL-terminated, may hold embedded NULs */
    size_t text_len;
    qv_toml_entry* first; /* TABLE and ARRAY members */
    qv_toml_entry* last;
    size_t count;
};

typedef struct qv_toml_doc qv_toml_doc;

/* Parses len bytes of TOML text. Returns the document (free with qv_toml_free) or NULL; on NULL,
 * *out_error receives a malloc'd description of the failure (NULL when even that could not be
 * allocated), which the caller frees. */
qv_toml_doc* qv_toml_parse(const char* data, size_t len, char** out_error);
void qv_toml_free(qv_toml_doc* doc);
/* The root table of a parsed document. */
const qv_toml* qv_toml_root(const qv_toml_doc* doc);
/* The member of a table named key (NUL-terminated), or NULL when absent or t is not a table. */
const qv_toml* qv_toml_get(const qv_toml* t, const char* key);

#endif /* QV_TOML_H */
