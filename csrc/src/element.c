/*
 * The element builder (element.h): a bag of named scalars and named arrays, each map sorted by
 * name. Setters copy everything they are given; nothing here looks at a schema.
 */
#include <stdio.h>
#include <string.h>

#include "element_internal.h"

/* ---- release --------------------------------------------------------------------------------- */

static void qv_scalar_free_value(qv_element_scalar* s) {
    if (s->kind == QV_VALUE_STRING) free(s->s);
    s->s = NULL;
}

static void qv_array_free_values(qv_element_array* a) {
    if (a->strings) {
        for (size_t i = 0; i < a->count; ++i)
            free(a->strings[i]);
    }
    free(a->ints);
    free(a->floats);
    free(a->strings);
    free(a->present);
    a->ints = NULL;
    a->floats = NULL;
    a->strings = NULL;
    a->present = NULL;
    a->count = 0;
}

static void qv_element_release(quiver_element_t* e) {
    for (size_t i = 0; i < e->scalar_count; ++i) {
        qv_scalar_free_value(&e->scalars[i]);
        free(e->scalars[i].name);
    }
    free(e->scalars);
    for (size_t i = 0; i < e->array_count; ++i) {
        qv_array_free_values(&e->arrays[i]);
        free(e->arrays[i].name);
    }
    free(e->arrays);
    memset(e, 0, sizeof *e);
}

quiver_error_t quiver_element_create(quiver_element_t** out_element) {
    QV_REQUIRE(out_element);
    quiver_element_t* e = (quiver_element_t*)calloc(1, sizeof *e);
    if (!e) return qv_fail("Out of memory");
    *out_element = e;
    return QUIVER_OK;
}

quiver_error_t quiver_element_destroy(quiver_element_t* element) {
    QV_REQUIRE(element);
    qv_element_release(element);
    free(element);
    return QUIVER_OK;
}

quiver_error_t quiver_element_clear(quiver_element_t* element) {
    QV_REQUIRE(element);
    qv_element_release(element);
    return QUIVER_OK;
}

/* ---- lookup and insertion -------------------------------------------------------------------- */

/* Index of name in the sorted names (stride bytes apart, name first), or the insertion point
 * with *found = 0. */
static size_t qv_find_slot(const void* items, size_t count, size_t stride, const char* name, int* found) {
    size_t lo = 0, hi = count;
    *found = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char* key = *(char* const*)((const char*)items + mid * stride);
        int cmp = strcmp(key, name);
        if (cmp == 0) {
            *found = 1;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The scalar slot for name, emptied (an existing value is released) or newly inserted. */
static qv_element_scalar* qv_scalar_slot(quiver_element_t* e, const char* name) {
    int found;
    size_t at = qv_find_slot(e->scalars, e->scalar_count, sizeof *e->scalars, name, &found);
    if (found) {
        qv_scalar_free_value(&e->scalars[at]);
        return &e->scalars[at];
    }
    char* copy = qv_strdup(name);
    qv_element_scalar* grown =
        copy ? (qv_element_scalar*)realloc(e->scalars, (e->scalar_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return NULL;
    }
    e->scalars = grown;
    memmove(&grown[at + 1], &grown[at], (e->scalar_count - at) * sizeof *grown);
    memset(&grown[at], 0, sizeof *grown);
    grown[at].name = copy;
    e->scalar_count++;
    return &grown[at];
}

/* Stores a prepared array under its name, taking over its buffers (released on failure). */
static quiver_error_t qv_array_store(quiver_element_t* e, const char* name, qv_element_array* a) {
    int found;
    size_t at = qv_find_slot(e->arrays, e->array_count, sizeof *e->arrays, name, &found);
    if (found) {
        qv_array_free_values(&e->arrays[at]);
        a->name = e->arrays[at].name;
        e->arrays[at] = *a;
        return QUIVER_OK;
    }
    char* copy = qv_strdup(name);
    qv_element_array* grown = copy ? (qv_element_array*)realloc(e->arrays, (e->array_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        qv_array_free_values(a);
        return qv_fail("Out of memory");
    }
    e->arrays = grown;
    memmove(&grown[at + 1], &grown[at], (e->array_count - at) * sizeof *grown);
    a->name = copy;
    grown[at] = *a;
    e->array_count++;
    return QUIVER_OK;
}

/* ---- scalar setters -------------------------------------------------------------------------- */

quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value) {
    QV_REQUIRE(element);
    QV_REQUIRE(name);
    qv_element_scalar* s = qv_scalar_slot(element, name);
    if (!s) return qv_fail("Out of memory");
    s->kind = QV_VALUE_INTEGER;
    s->i = value;
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value) {
    QV_REQUIRE(element);
    QV_REQUIRE(name);
    qv_element_scalar* s = qv_scalar_slot(element, name);
    if (!s) return qv_fail("Out of memory");
    s->kind = QV_VALUE_FLOAT;
    s->f = value;
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value) {
    QV_REQUIRE(element);
    QV_REQUIRE(name);
    QV_REQUIRE(value);
    char* copy = qv_strdup(value);
    if (!copy) return qv_fail("Out of memory");
    qv_element_scalar* s = qv_scalar_slot(element, name);
    if (!s) {
        free(copy);
        return qv_fail("Out of memory");
    }
    s->kind = QV_VALUE_STRING;
    s->s = copy;
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name) {
    QV_REQUIRE(element);
    QV_REQUIRE(name);
    qv_element_scalar* s = qv_scalar_slot(element, name);
    if (!s) return qv_fail("Out of memory");
    s->kind = QV_VALUE_NULL;
    return QUIVER_OK;
}

/* ---- array setters --------------------------------------------------------------------------- */

/* Common checks and the presence mask copy. */
static quiver_error_t qv_array_begin(quiver_element_t* element, const char* name, const void* values, int32_t count,
                                     const uint8_t* has_value, qv_value_kind kind, qv_element_array* a) {
    QV_REQUIRE(element);
    QV_REQUIRE(name);
    if (count < 0 || (count > 0 && values == NULL)) return qv_fail("Invalid values/count combination");
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->count = (size_t)count;
    if (count > 0 && has_value) {
        a->present = (uint8_t*)malloc((size_t)count);
        if (!a->present) return qv_fail("Out of memory");
        for (int32_t i = 0; i < count; ++i)
            a->present[i] = has_value[i] ? 1 : 0;
    }
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name, const int64_t* values,
                                                int32_t count, const uint8_t* has_value) {
    qv_element_array a;
    if (qv_array_begin(element, name, values, count, has_value, QV_VALUE_INTEGER, &a) != QUIVER_OK) return QUIVER_ERROR;
    if (count > 0) {
        a.ints = (int64_t*)calloc((size_t)count, sizeof(int64_t));
        if (!a.ints) {
            qv_array_free_values(&a);
            return qv_fail("Out of memory");
        }
        for (int32_t i = 0; i < count; ++i)
            a.ints[i] = (a.present && !a.present[i]) ? 0 : values[i];
    }
    return qv_array_store(element, name, &a);
}

quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name, const double* values,
                                              int32_t count, const uint8_t* has_value) {
    qv_element_array a;
    if (qv_array_begin(element, name, values, count, has_value, QV_VALUE_FLOAT, &a) != QUIVER_OK) return QUIVER_ERROR;
    if (count > 0) {
        a.floats = (double*)calloc((size_t)count, sizeof(double));
        if (!a.floats) {
            qv_array_free_values(&a);
            return qv_fail("Out of memory");
        }
        for (int32_t i = 0; i < count; ++i)
            a.floats[i] = (a.present && !a.present[i]) ? 0.0 : values[i];
    }
    return qv_array_store(element, name, &a);
}

quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name, const char* const* values,
                                               int32_t count, const uint8_t* has_value) {
    qv_element_array a;
    if (qv_array_begin(element, name, values, count, has_value, QV_VALUE_STRING, &a) != QUIVER_OK) return QUIVER_ERROR;
    if (count > 0) {
        a.strings = (char**)calloc((size_t)count, sizeof(char*));
        if (!a.strings) {
            qv_array_free_values(&a);
            return qv_fail("Out of memory");
        }
        for (int32_t i = 0; i < count; ++i) {
            if ((a.present && !a.present[i]) || values[i] == NULL) continue;
            a.strings[i] = qv_strdup(values[i]);
            if (!a.strings[i]) {
                qv_array_free_values(&a);
                return qv_fail("Out of memory");
            }
        }
    }
    return qv_array_store(element, name, &a);
}

/* ---- many values in one call (extension) ----------------------------------------------------- */

/* The packed input of quiver_element_set_values, read front to back. */
typedef struct {
    const char* names;
    size_t names_left;
    const unsigned char* ints;
    size_t ints_left;
    const unsigned char* reals;
    size_t reals_left;
    const char* texts;
    size_t texts_left;
} qv_packed;

/* The next NUL-terminated string of a buffer, or NULL when the buffer holds none. */
static const char* qv_packed_text(const char** at, size_t* left) {
    const char* end = *left ? (const char*)memchr(*at, '\0', *left) : NULL;
    if (!end) return NULL;
    const char* text = *at;
    *left -= (size_t)(end - text) + 1;
    *at = end + 1;
    return text;
}

/* The next n 8-byte items of a buffer (copied out with memcpy: no alignment is assumed). */
static const unsigned char* qv_packed_items(const unsigned char** at, size_t* left, size_t n) {
    if (n > *left) return NULL;
    const unsigned char* items = *at;
    if (n) *at += n * 8;
    *left -= n;
    return items;
}

/* Reads the next value of the input and stores it in e (only checks it when e is NULL). */
static quiver_error_t qv_packed_value(quiver_element_t* e, char kind, qv_packed* in) {
    const char* name = qv_packed_text(&in->names, &in->names_left);
    if (!name) return qv_fail("Invalid values/count combination");
    int64_t n = 0;
    const unsigned char* items = NULL;
    const char* text = NULL;
    switch (kind) {
        case 'n': return e ? quiver_element_set_null(e, name) : QUIVER_OK;
        case 's':
            if (!(text = qv_packed_text(&in->texts, &in->texts_left))) break;
            return e ? quiver_element_set_string(e, name, text) : QUIVER_OK;
        case 'i':
        case 'f': {
            items = kind == 'i' ? qv_packed_items(&in->ints, &in->ints_left, 1)
                                : qv_packed_items(&in->reals, &in->reals_left, 1);
            if (!items || !e) return items ? QUIVER_OK : qv_fail("Invalid values/count combination");
            if (kind == 'f') {
                double f;
                memcpy(&f, items, sizeof f);
                return quiver_element_set_float(e, name, f);
            }
            memcpy(&n, items, sizeof n);
            return quiver_element_set_integer(e, name, n);
        }
        case 'I':
        case 'F':
        case 'S': {
            if (!(items = qv_packed_items(&in->ints, &in->ints_left, 1))) break;
            memcpy(&n, items, sizeof n);
            if (n < 0 || n > INT32_MAX) break;
            qv_element_array a;
            memset(&a, 0, sizeof a);
            a.count = (size_t)n;
            if (kind == 'S') {
                a.kind = QV_VALUE_STRING;
                a.strings = e && n ? (char**)calloc(a.count, sizeof(char*)) : NULL;
                if (e && n && !a.strings) return qv_fail("Out of memory");
                for (size_t i = 0; i < a.count; ++i) {
                    if (!(text = qv_packed_text(&in->texts, &in->texts_left))) break;
                    if (e && !(a.strings[i] = qv_strdup(text))) {
                        qv_array_free_values(&a);
                        return qv_fail("Out of memory");
                    }
                }
                if (!text && n) {
                    qv_array_free_values(&a);
                    break;
                }
            } else {
                items = kind == 'I' ? qv_packed_items(&in->ints, &in->ints_left, a.count)
                                    : qv_packed_items(&in->reals, &in->reals_left, a.count);
                if (!items && n) break;
                a.kind = kind == 'I' ? QV_VALUE_INTEGER : QV_VALUE_FLOAT;
                void* copy = e && n ? malloc(a.count * 8) : NULL;
                if (e && n && !copy) return qv_fail("Out of memory");
                if (copy) memcpy(copy, items, a.count * 8);
                if (kind == 'I')
                    a.ints = (int64_t*)copy;
                else
                    a.floats = (double*)copy;
            }
            return e ? qv_array_store(e, name, &a) : QUIVER_OK;
        }
        default: break;
    }
    return qv_fail("Invalid values/count combination");
}

/* Walks the whole input: validates it (e NULL) or stores it. */
static quiver_error_t qv_packed_walk(quiver_element_t* e, int32_t count, const char* kinds, qv_packed in) {
    for (int32_t v = 0; v < count; ++v) {
        if (qv_packed_value(e, kinds[v], &in) != QUIVER_OK) return QUIVER_ERROR;
    }
    /* Everything given must have been used: a leftover means the parts do not match. */
    if (in.names_left || in.ints_left || in.reals_left || in.texts_left)
        return qv_fail("Invalid values/count combination");
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_values(quiver_element_t* element, int32_t count, const char* kinds, const char* names,
                                         size_t names_size, const void* integers, size_t integer_count,
                                         const void* floats, size_t float_count, const char* texts, size_t texts_size) {
    QV_REQUIRE(element);
    if (count < 0) return qv_fail("Invalid values/count combination");
    if (count == 0 && !names_size && !integer_count && !float_count && !texts_size) return QUIVER_OK;
    QV_REQUIRE(kinds);
    QV_REQUIRE(names);
    if ((integer_count && !integers) || (float_count && !floats) || (texts_size && !texts))
        return qv_fail("Invalid values/count combination");
    qv_packed in = {
        names, names_size, (const unsigned char*)integers, integer_count, (const unsigned char*)floats, float_count,
        texts, texts_size};
    if (qv_packed_walk(NULL, count, kinds, in) != QUIVER_OK) return QUIVER_ERROR;
    return qv_packed_walk(element, count, kinds, in);
}

/* ---- dump ------------------------------------------------------------------------------------ */

static void qv_dump_float(qv_buf* b, double v) { qv_buf_appendf(b, "%f", v); }

static void qv_dump_string(qv_buf* b, const char* s) {
    qv_buf_append(b, "\"");
    qv_buf_append(b, s);
    qv_buf_append(b, "\"");
}

quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string) {
    QV_REQUIRE(element);
    QV_REQUIRE(out_string);
    qv_buf b;
    qv_buf_init(&b);
    qv_buf_append(&b, "Element {\n");
    if (element->scalar_count) qv_buf_append(&b, "  scalars:\n");
    for (size_t i = 0; i < element->scalar_count; ++i) {
        const qv_element_scalar* s = &element->scalars[i];
        qv_buf_appendf(&b, "    %s: ", s->name);
        switch (s->kind) {
            case QV_VALUE_INTEGER: qv_buf_appendf(&b, "%lld", (long long)s->i); break;
            case QV_VALUE_FLOAT: qv_dump_float(&b, s->f); break;
            case QV_VALUE_STRING: qv_dump_string(&b, s->s); break;
            default: qv_buf_append(&b, "null"); break;
        }
        qv_buf_append(&b, "\n");
    }
    if (element->array_count) qv_buf_append(&b, "  arrays:\n");
    for (size_t i = 0; i < element->array_count; ++i) {
        const qv_element_array* a = &element->arrays[i];
        qv_buf_appendf(&b, "    %s: [", a->name);
        for (size_t j = 0; j < a->count; ++j) {
            if (j) qv_buf_append(&b, ", ");
            if (!qv_array_item_present(a, j))
                qv_buf_append(&b, "null");
            else if (a->kind == QV_VALUE_INTEGER)
                qv_buf_appendf(&b, "%lld", (long long)a->ints[j]);
            else if (a->kind == QV_VALUE_FLOAT)
                qv_dump_float(&b, a->floats[j]);
            else
                qv_dump_string(&b, a->strings[j]);
        }
        qv_buf_append(&b, "]\n");
    }
    qv_buf_append(&b, "}");
    char* text = qv_buf_take(&b);
    if (!text) return qv_fail("Out of memory");
    *out_string = text;
    return QUIVER_OK;
}

/* Declared in database.h (Elements section): releases strings returned by the library. */
quiver_error_t quiver_database_free_string(char* str) {
    free(str);
    return QUIVER_OK;
}
