/*
 * The packed readers (extension): quiver_database_read_{scalar,vector,set}_packed, the by-id
 * forms, the packed columnar group readers, read_time_series_row_packed and the free functions. Checks the exact buffer
 * layout (texts cut at an embedded NUL, absent values as empty texts, masks, absent counts,
 * sizes), that every packed result equals the classic reader's, the time-series order with
 * legacy keys, empty results and the errors. Fixture: tests/schemas/packed_reads.sql, whose
 * rows are part of the schema file.
 */
#include "qtest.h"

static quiver_database_t* db;

/* The bytes of a packed text buffer. */
static void check_bytes(const char* actual, size_t actual_size, const char* expected, size_t expected_size,
                        const char* what, int line) {
    if (actual_size == expected_size &&
        (expected_size == 0 || (actual && memcmp(actual, expected, expected_size) == 0)))
        qt_pass();
    else
        qt_fail(__FILE__, line, "%s: %zu bytes differ from the %zu expected", what, actual_size, expected_size);
}
#define CHECK_BYTES(actual, size, literal) \
    check_bytes((actual), (size), (literal), sizeof(literal) - 1, #actual, __LINE__)

static void check_mask(const uint8_t* mask, size_t count, const char* expected, int line) {
    size_t i;
    int same = strlen(expected) == count;
    for (i = 0; same && i < count; ++i)
        same = mask && mask[i] == (uint8_t)(expected[i] - '0');
    if (same)
        qt_pass();
    else
        qt_fail(__FILE__, line, "mask differs from %s", expected);
}
#define CHECK_MASK(mask, count, expected) check_mask((mask), (count), (expected), __LINE__)

static int packed_is_zero(const quiver_packed_values_t* v) {
    return v->count == 0 && !v->integers && !v->floats && !v->text && v->text_size == 0 && !v->mask &&
           v->absent_count == 0 && !v->sizes && v->group_count == 0;
}

/* ---- scalars ------------------------------------------------------------------------------- */

static void test_scalar_strings(void) {
    quiver_packed_values_t v;
    memset(&v, 0, sizeof v);
    CHECK_OK(quiver_database_read_scalar_packed(db, "Item", "name", QUIVER_DATA_TYPE_STRING, &v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_STRING);
    CHECK_INT(v.count, 4);
    /* 2 holds an integer (absent), 3 a text with an embedded NUL (cut there), 4 the empty text. */
    CHECK_BYTES(v.text, v.text_size, "\xc3\x9cn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 \xe2\x82\xac\0\0a\0\0");
    CHECK_MASK(v.mask, v.count, "1011");
    CHECK_INT(v.absent_count, 1);
    CHECK(v.integers == NULL && v.floats == NULL && v.sizes == NULL && v.group_count == 0);
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK(packed_is_zero(&v));
    /* The classic reader gives the same texts. */
    {
        char** values = NULL;
        size_t n = 0;
        CHECK_OK(quiver_database_read_scalar_strings(db, "Item", "name", &values, &n));
        CHECK_INT(n, 4);
        if (n == 4) {
            CHECK_STR(values[1], NULL);
            CHECK_STR(values[2], "a");
            CHECK_STR(values[3], "");
        }
        CHECK_OK(quiver_database_free_string_array(values, n));
    }
}

static void test_scalar_numbers(void) {
    quiver_packed_values_t v;
    memset(&v, 0, sizeof v);
    CHECK_OK(quiver_database_read_scalar_packed(db, "Item", "size", QUIVER_DATA_TYPE_INTEGER, &v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_INTEGER);
    CHECK_INT(v.count, 4);
    CHECK(v.integers != NULL && v.floats == NULL && v.text == NULL && v.text_size == 0);
    if (v.integers && v.count == 4) {
        CHECK_INT(v.integers[0], 10);
        CHECK_INT(v.integers[1], 0);
        CHECK_INT(v.integers[2], 30);
        CHECK_INT(v.integers[3], 0); /* a text in an INTEGER column is absent */
    }
    CHECK_MASK(v.mask, v.count, "1010");
    CHECK_INT(v.absent_count, 2);
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_read_scalar_packed(db, "Item", "weight", QUIVER_DATA_TYPE_FLOAT, &v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_FLOAT);
    CHECK(v.floats != NULL && v.integers == NULL);
    if (v.floats && v.count == 4) {
        CHECK_DOUBLE(v.floats[0], 1.5);
        CHECK_DOUBLE(v.floats[1], 7.0); /* integers are widened */
        CHECK_DOUBLE(v.floats[3], 2.5);
    }
    CHECK_MASK(v.mask, v.count, "1101");
    CHECK_INT(v.absent_count, 1);
    CHECK_OK(quiver_database_free_packed_values(&v));
}

static void test_scalar_empty_and_errors(void) {
    quiver_packed_values_t v;
    memset(&v, 0xAB, sizeof v);
    CHECK_OK(quiver_database_read_scalar_packed(db, "Other", "label", QUIVER_DATA_TYPE_STRING, &v));
    CHECK(packed_is_zero(&v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_STRING);
    CHECK_OK(quiver_database_free_packed_values(&v));
    /* The messages of the reader each type stands for; out untouched on failure. */
    memset(&v, 0, sizeof v);
    v.count = 77;
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Nope", "label", QUIVER_DATA_TYPE_STRING, &v),
                "Cannot read_scalar_strings: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Item", "nope", QUIVER_DATA_TYPE_INTEGER, &v),
                "Cannot read_scalar_integers: column 'nope' not found in table 'Item'");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Nope", "x", QUIVER_DATA_TYPE_FLOAT, &v),
                "Cannot read_scalar_floats: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Item", "name", QUIVER_DATA_TYPE_DATE_TIME, &v),
                "Cannot read_scalar_packed: unsupported data type 3");
    CHECK_INT(v.count, 77);
    CHECK_ERROR(quiver_database_read_scalar_packed(NULL, "Item", "name", 2, &v), "Null argument: db");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, NULL, "name", 2, &v), "Null argument: collection");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Item", NULL, 2, &v), "Null argument: attribute");
    CHECK_ERROR(quiver_database_read_scalar_packed(db, "Item", "name", 2, NULL), "Null argument: out");
}

/* ---- vectors and sets ------------------------------------------------------------------------ */

static void check_sizes(const quiver_packed_values_t* v, const size_t* expected, size_t n, int line) {
    size_t i;
    int same = v->group_count == n && v->sizes != NULL;
    for (i = 0; same && i < n; ++i)
        same = v->sizes[i] == expected[i];
    if (same)
        qt_pass();
    else
        qt_fail(__FILE__, line, "sizes differ (group_count %zu, expected %zu)", v->group_count, n);
}

static void test_vector_and_set_bulk(void) {
    const size_t part_sizes[4] = {3, 0, 1, 0};
    const size_t tag_sizes[4] = {2, 1, 0, 1};
    quiver_packed_values_t v;
    memset(&v, 0, sizeof v);
    CHECK_OK(quiver_database_read_vector_packed(db, "Item", "part", QUIVER_DATA_TYPE_STRING, &v));
    CHECK_INT(v.count, 4);
    CHECK_BYTES(v.text, v.text_size, "a\0\0c\0x\0");
    CHECK_MASK(v.mask, v.count, "1011");
    CHECK_INT(v.absent_count, 1);
    check_sizes(&v, part_sizes, 4, __LINE__);
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK(packed_is_zero(&v));

    CHECK_OK(quiver_database_read_vector_packed(db, "Item", "amount", QUIVER_DATA_TYPE_FLOAT, &v));
    CHECK_INT(v.count, 4);
    if (v.floats && v.count == 4) {
        CHECK_DOUBLE(v.floats[0], 1.0);
        CHECK_DOUBLE(v.floats[2], 3.0);
        CHECK_DOUBLE(v.floats[3], 0.5);
    }
    CHECK_MASK(v.mask, v.count, "1011");
    check_sizes(&v, part_sizes, 4, __LINE__);
    CHECK_OK(quiver_database_free_packed_values(&v));

    CHECK_OK(quiver_database_read_set_packed(db, "Item", "tag", QUIVER_DATA_TYPE_STRING, &v));
    CHECK_INT(v.count, 4);
    CHECK_BYTES(v.text, v.text_size, "red\0blue\0green\0\0");
    CHECK_MASK(v.mask, v.count, "1111");
    CHECK_INT(v.absent_count, 0);
    check_sizes(&v, tag_sizes, 4, __LINE__);
    CHECK_OK(quiver_database_free_packed_values(&v));

    /* Texts read by an integer reader are absent. */
    CHECK_OK(quiver_database_read_set_packed(db, "Item", "tag", QUIVER_DATA_TYPE_INTEGER, &v));
    CHECK_INT(v.count, 4);
    CHECK_MASK(v.mask, v.count, "0000");
    CHECK_INT(v.absent_count, 4);
    CHECK_OK(quiver_database_free_packed_values(&v));

    /* The classic reader splits the same values per element. */
    {
        char*** vectors = NULL;
        size_t* sizes = NULL;
        size_t n = 0;
        CHECK_OK(quiver_database_read_vector_strings(db, "Item", "part", &vectors, &sizes, &n));
        CHECK_INT(n, 4);
        if (n == 4 && sizes[0] == 3 && sizes[2] == 1) {
            CHECK_STR(vectors[0][0], "a");
            CHECK_STR(vectors[0][1], NULL);
            CHECK_STR(vectors[2][0], "x");
        }
        CHECK_OK(quiver_database_free_string_vectors(vectors, sizes, n));
    }

    /* A collection without elements: everything NULL. */
    memset(&v, 0xAB, sizeof v);
    CHECK_OK(quiver_database_read_vector_packed(db, "Other", "value", QUIVER_DATA_TYPE_STRING, &v));
    CHECK(packed_is_zero(&v));
    CHECK_OK(quiver_database_free_packed_values(&v));
}

static void test_vector_and_set_by_id(void) {
    quiver_packed_values_t v;
    memset(&v, 0, sizeof v);
    CHECK_OK(quiver_database_read_vector_by_id_packed(db, "Item", "part", 1, QUIVER_DATA_TYPE_STRING, &v));
    CHECK_INT(v.count, 3);
    CHECK_BYTES(v.text, v.text_size, "a\0\0c\0");
    CHECK_MASK(v.mask, v.count, "101");
    CHECK(v.sizes == NULL && v.group_count == 0);
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_read_vector_by_id_packed(db, "Item", "part", 3, QUIVER_DATA_TYPE_STRING, &v));
    CHECK_BYTES(v.text, v.text_size, "x\0");
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_read_set_by_id_packed(db, "Item", "tag", 4, QUIVER_DATA_TYPE_STRING, &v));
    CHECK_INT(v.count, 1);
    CHECK_BYTES(v.text, v.text_size, "\0");
    CHECK_MASK(v.mask, v.count, "1");
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_read_vector_by_id_packed(db, "Item", "amount", 1, QUIVER_DATA_TYPE_INTEGER, &v));
    CHECK_INT(v.count, 3);
    CHECK_MASK(v.mask, v.count, "000"); /* REAL cells are absent for the integer reader */
    CHECK_OK(quiver_database_free_packed_values(&v));
    /* No rows, or no such element. */
    memset(&v, 0xAB, sizeof v);
    CHECK_OK(quiver_database_read_set_by_id_packed(db, "Item", "tag", 3, QUIVER_DATA_TYPE_STRING, &v));
    CHECK(packed_is_zero(&v));
    memset(&v, 0xAB, sizeof v);
    CHECK_OK(quiver_database_read_vector_by_id_packed(db, "Item", "amount", 99, QUIVER_DATA_TYPE_FLOAT, &v));
    CHECK(packed_is_zero(&v));
    CHECK_OK(quiver_database_free_packed_values(&v));
}

static void test_vector_and_set_errors(void) {
    quiver_packed_values_t v;
    memset(&v, 0, sizeof v);
    CHECK_ERROR(quiver_database_read_vector_packed(db, "Nope", "part", QUIVER_DATA_TYPE_STRING, &v),
                "Cannot read_vector_strings: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_vector_packed(db, "Item", "nope", QUIVER_DATA_TYPE_FLOAT, &v),
                "Vector attribute not found: 'nope' in collection 'Item'");
    CHECK_ERROR(quiver_database_read_set_packed(db, "Item", "part", QUIVER_DATA_TYPE_STRING, &v),
                "Set attribute not found: 'part' in collection 'Item'");
    CHECK_ERROR(quiver_database_read_set_packed(db, "Nope", "tag", QUIVER_DATA_TYPE_INTEGER, &v),
                "Cannot read_set_integers: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_vector_by_id_packed(db, "Nope", "part", 1, QUIVER_DATA_TYPE_STRING, &v),
                "Cannot read_vector_strings_by_id: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_set_by_id_packed(db, "Nope", "tag", 1, QUIVER_DATA_TYPE_FLOAT, &v),
                "Cannot read_set_floats_by_id: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_vector_packed(db, "Item", "part", 9, &v),
                "Cannot read_vector_packed: unsupported data type 9");
    CHECK_ERROR(quiver_database_read_set_packed(db, "Item", "tag", -1, &v),
                "Cannot read_set_packed: unsupported data type -1");
    CHECK_ERROR(quiver_database_read_vector_by_id_packed(db, "Item", "part", 1, 4, &v),
                "Cannot read_vector_by_id_packed: unsupported data type 4");
    CHECK_ERROR(quiver_database_read_set_by_id_packed(db, "Item", "tag", 1, 3, &v),
                "Cannot read_set_by_id_packed: unsupported data type 3");
    CHECK(packed_is_zero(&v));
    CHECK_ERROR(quiver_database_read_vector_packed(db, "Item", "part", 2, NULL), "Null argument: out");
    CHECK_ERROR(quiver_database_read_set_packed(db, "Item", NULL, 2, &v), "Null argument: attribute");
    CHECK_ERROR(quiver_database_read_vector_by_id_packed(db, NULL, "part", 1, 2, &v), "Null argument: collection");
    CHECK_ERROR(quiver_database_read_set_by_id_packed(NULL, "Item", "tag", 1, 2, &v), "Null argument: db");
}

/* ---- columnar group reads -------------------------------------------------------------------- */

enum { VECTOR_GROUP, SET_GROUP, TIME_SERIES_GROUP };

static quiver_error_t read_classic(int kind, const char* group, int64_t id, char*** names, int** types, void*** data,
                                   uint8_t*** masks, size_t* columns, size_t* rows) {
    if (kind == VECTOR_GROUP)
        return quiver_database_read_vector_group_by_id(db, "Item", group, id, names, types, data, masks, columns, rows);
    if (kind == SET_GROUP)
        return quiver_database_read_set_group_by_id(db, "Item", group, id, names, types, data, masks, columns, rows);
    return quiver_database_read_time_series_group(db, "Item", group, id, names, types, data, masks, columns, rows);
}

static quiver_error_t read_packed(int kind, const char* group, int64_t id, quiver_packed_columns_t* out) {
    if (kind == VECTOR_GROUP) return quiver_database_read_vector_group_by_id_packed(db, "Item", group, id, out);
    if (kind == SET_GROUP) return quiver_database_read_set_group_by_id_packed(db, "Item", group, id, out);
    return quiver_database_read_time_series_group_packed(db, "Item", group, id, out);
}

/* The packed result equals the classic one: names, types, masks and every cell. */
static void check_same_as_classic(int kind, const char* group, int64_t id, int line) {
    char** names = NULL;
    int* types = NULL;
    void** data = NULL;
    uint8_t** masks = NULL;
    size_t columns = 0, rows = 0, c, r;
    quiver_packed_columns_t p;
    int same;
    memset(&p, 0, sizeof p);
    CHECK_OK(read_classic(kind, group, id, &names, &types, &data, &masks, &columns, &rows));
    CHECK_OK(read_packed(kind, group, id, &p));
    same = p.column_count == columns && p.row_count == rows;
    if (same && columns == 0) same = p.names == NULL && p.columns == NULL && p.names_size == 0;
    if (same && columns > 0) {
        const char* name = p.names;
        for (c = 0; same && c < columns; ++c) {
            const quiver_packed_values_t* v = &p.columns[c];
            const char* text = v->text;
            size_t absent = 0;
            same = strcmp(name, names[c]) == 0 && v->type == types[c] && v->count == rows;
            name += strlen(name) + 1;
            for (r = 0; same && r < rows; ++r) {
                same = v->mask[r] == masks[c][r];
                absent += !masks[c][r];
                if (types[c] == QUIVER_DATA_TYPE_INTEGER) {
                    same = same && v->integers[r] == ((int64_t*)data[c])[r];
                } else if (types[c] == QUIVER_DATA_TYPE_FLOAT) {
                    same = same && v->floats[r] == ((double*)data[c])[r];
                } else {
                    const char* cell = ((char**)data[c])[r];
                    same = same && strcmp(text, cell ? cell : "") == 0 && (cell != NULL) == (v->mask[r] != 0);
                    text += strlen(text) + 1;
                }
            }
            if (same && (types[c] == QUIVER_DATA_TYPE_STRING || types[c] == QUIVER_DATA_TYPE_DATE_TIME))
                same = (size_t)(text - v->text) == v->text_size;
            same = same && v->absent_count == absent && v->sizes == NULL && v->group_count == 0;
        }
        same = same && (size_t)(name - p.names) == p.names_size;
    }
    if (same)
        qt_pass();
    else
        qt_fail(__FILE__, line, "packed %s group of %lld differs from the classic result", group, (long long)id);
    CHECK_OK(quiver_database_free_time_series_data(names, types, data, masks, columns, rows));
    CHECK_OK(quiver_database_free_packed_columns(&p));
    CHECK(p.columns == NULL && p.names == NULL && p.column_count == 0 && p.row_count == 0);
}

static void test_groups_equal_classic(void) {
    int64_t id;
    for (id = 1; id <= 5; ++id) {
        check_same_as_classic(VECTOR_GROUP, "parts", id, __LINE__);
        check_same_as_classic(SET_GROUP, "tags", id, __LINE__);
        check_same_as_classic(TIME_SERIES_GROUP, "readings", id, __LINE__);
    }
}

static void test_group_layout(void) {
    quiver_packed_columns_t p;
    memset(&p, 0, sizeof p);
    CHECK_OK(quiver_database_read_vector_group_by_id_packed(db, "Item", "parts", 1, &p));
    CHECK_INT(p.column_count, 3);
    CHECK_INT(p.row_count, 3);
    CHECK_BYTES(p.names, p.names_size, "part\0amount\0date_part\0");
    if (p.column_count == 3) {
        CHECK_INT(p.columns[0].type, QUIVER_DATA_TYPE_STRING);
        CHECK_BYTES(p.columns[0].text, p.columns[0].text_size, "a\0\0c\0");
        CHECK_MASK(p.columns[0].mask, 3, "101");
        CHECK_INT(p.columns[0].absent_count, 1);
        CHECK_INT(p.columns[1].type, QUIVER_DATA_TYPE_FLOAT);
        CHECK(p.columns[1].floats != NULL && p.columns[1].text == NULL);
        CHECK_INT(p.columns[2].type, QUIVER_DATA_TYPE_DATE_TIME);
        CHECK_BYTES(p.columns[2].text, p.columns[2].text_size,
                    "2024-01-01\0\0"
                    "2024-01-03T00:00:00\0");
    }
    CHECK_OK(quiver_database_free_packed_columns(&p));
    /* An embedded NUL ends the text. */
    CHECK_OK(quiver_database_read_vector_group_by_id_packed(db, "Item", "parts", 3, &p));
    if (p.column_count == 3) CHECK_BYTES(p.columns[0].text, p.columns[0].text_size, "x\0");
    CHECK_OK(quiver_database_free_packed_columns(&p));
    /* No rows: no columns. */
    memset(&p, 0xAB, sizeof p);
    CHECK_OK(quiver_database_read_set_group_by_id_packed(db, "Item", "tags", 3, &p));
    CHECK(p.column_count == 0 && p.row_count == 0 && p.names == NULL && p.names_size == 0 && p.columns == NULL);
    CHECK_OK(quiver_database_free_packed_columns(&p));
}

static void test_time_series_order(void) {
    quiver_packed_columns_t p;
    memset(&p, 0, sizeof p);
    /* Canonical keys, then a date-only key and one with a space: read chronologically. */
    CHECK_OK(quiver_database_read_time_series_group_packed(db, "Item", "readings", 1, &p));
    CHECK_INT(p.row_count, 5);
    CHECK_BYTES(p.names, p.names_size, "date_time\0value\0note\0");
    if (p.column_count == 3 && p.row_count == 5) {
        CHECK_INT(p.columns[0].type, QUIVER_DATA_TYPE_STRING);
        CHECK_BYTES(p.columns[0].text, p.columns[0].text_size,
                    "2024-01-01T00:00:00\0"
                    "2024-01-01T06:00:00\0"
                    "2024-01-01 12:00:00\0"
                    "2024-01-02\0"
                    "2024-01-03T00:00:00\0");
        CHECK_DOUBLE(p.columns[1].floats[2], 12.0);
        CHECK_DOUBLE(p.columns[1].floats[3], 24.0);
        CHECK_BYTES(p.columns[2].text, p.columns[2].text_size, "first\0\0space\0date only\0last\0");
        CHECK_MASK(p.columns[2].mask, 5, "10111");
    }
    CHECK_OK(quiver_database_free_packed_columns(&p));
    /* Canonical keys only. */
    CHECK_OK(quiver_database_read_time_series_group_packed(db, "Item", "readings", 2, &p));
    if (p.column_count == 3 && p.row_count == 2)
        CHECK_BYTES(p.columns[0].text, p.columns[0].text_size,
                    "2024-02-01T00:00:00\0"
                    "2024-02-01T01:00:00\0");
    CHECK_OK(quiver_database_free_packed_columns(&p));
}

static void test_group_errors(void) {
    quiver_packed_columns_t p;
    memset(&p, 0, sizeof p);
    CHECK_ERROR(quiver_database_read_vector_group_by_id_packed(db, "Nope", "parts", 1, &p),
                "Cannot get_vector_metadata: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_set_group_by_id_packed(db, "Item", "nope", 1, &p),
                "Set group not found: 'nope' in collection 'Item'");
    CHECK_ERROR(quiver_database_read_time_series_group_packed(db, "Item", "nope", 1, &p),
                "Time series group not found: 'nope' in collection 'Item'");
    CHECK(p.columns == NULL && p.column_count == 0);
    CHECK_ERROR(quiver_database_read_vector_group_by_id_packed(NULL, "Item", "parts", 1, &p), "Null argument: db");
    CHECK_ERROR(quiver_database_read_set_group_by_id_packed(db, NULL, "tags", 1, &p), "Null argument: collection");
    CHECK_ERROR(quiver_database_read_time_series_group_packed(db, "Item", NULL, 1, &p), "Null argument: group");
    CHECK_ERROR(quiver_database_read_time_series_group_packed(db, "Item", "readings", 1, NULL), "Null argument: out");
}

static void test_time_series_row(void) {
    quiver_packed_values_t v;
    int type = -1;
    void* values = NULL;
    uint8_t* mask = NULL;
    size_t n = 0;
    memset(&v, 0, sizeof v);
    /* Element 1's latest note at or before the date is on the date-only key; 2 has rows only later. */
    CHECK_OK(quiver_database_read_time_series_row_packed(db, "Item", "readings", "note", "2024-01-02T00:00:00", &v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_STRING);
    CHECK_INT(v.count, 4);
    CHECK_BYTES(v.text, v.text_size, "date only\0\0\0\0");
    CHECK_MASK(v.mask, v.count, "1000");
    CHECK_INT(v.absent_count, 3);
    CHECK(v.sizes == NULL && v.integers == NULL && v.floats == NULL);
    CHECK_OK(quiver_database_free_packed_values(&v));
    /* The classic reader agrees. */
    CHECK_OK(quiver_database_read_time_series_row(db, "Item", "readings", "note", "2024-01-02T00:00:00", &type, &values,
                                                  &mask, &n));
    CHECK_INT(type, QUIVER_DATA_TYPE_STRING);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(((char**)values)[0], "date only");
        CHECK_STR(((char**)values)[1], NULL);
    }
    CHECK_OK(quiver_database_free_string_array((char**)values, n));
    CHECK_OK(quiver_database_free_mask(mask));
    /* Numbers. */
    CHECK_OK(quiver_database_read_time_series_row_packed(db, "Item", "readings", "value", "2024-02-01 00:30:00", &v));
    CHECK_INT(v.type, QUIVER_DATA_TYPE_FLOAT);
    CHECK(v.floats != NULL && v.text == NULL);
    if (v.floats && v.count == 4) {
        CHECK_DOUBLE(v.floats[0], 48.0);
        CHECK_DOUBLE(v.floats[1], 0.0);
    }
    CHECK_MASK(v.mask, v.count, "1100");
    CHECK_OK(quiver_database_free_packed_values(&v));
    /* A collection without elements. */
    memset(&v, 0xAB, sizeof v);
    CHECK_ERROR(quiver_database_read_time_series_row_packed(db, "Other", "readings", "note", "2024-01-01", &v),
                "Time series group not found: 'readings' in collection 'Other'");
    memset(&v, 0, sizeof v);
    CHECK_ERROR(quiver_database_read_time_series_row_packed(db, "Item", "readings", "nope", "2024-01-01", &v),
                "Time series attribute not found: 'nope' in group 'readings' of collection 'Item'");
    CHECK_ERROR(quiver_database_read_time_series_row_packed(db, "Nope", "readings", "note", "2024-01-01", &v),
                "Cannot read_time_series_row: collection not found: Nope");
    CHECK(packed_is_zero(&v));
    CHECK_ERROR(quiver_database_read_time_series_row_packed(db, "Item", "readings", "note", NULL, &v),
                "Null argument: date_time");
    CHECK_ERROR(quiver_database_read_time_series_row_packed(db, "Item", "readings", "note", "2024-01-01", NULL),
                "Null argument: out");
}

static void test_free_functions(void) {
    quiver_packed_values_t v;
    quiver_packed_columns_t p;
    memset(&v, 0, sizeof v);
    memset(&p, 0, sizeof p);
    CHECK_OK(quiver_database_free_packed_values(NULL));
    CHECK_OK(quiver_database_free_packed_columns(NULL));
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_free_packed_columns(&p));
    /* Freeing twice is harmless: the first call resets the struct. */
    CHECK_OK(quiver_database_read_set_packed(db, "Item", "tag", QUIVER_DATA_TYPE_STRING, &v));
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_free_packed_values(&v));
    CHECK_OK(quiver_database_read_time_series_group_packed(db, "Item", "readings", 1, &p));
    CHECK_OK(quiver_database_free_packed_columns(&p));
    CHECK_OK(quiver_database_free_packed_columns(&p));
}

int main(void) {
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "packed_reads.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open packed_reads.sql: %s\n", quiver_get_last_error());
        return 2;
    }
    QT_RUN(test_scalar_strings);
    QT_RUN(test_scalar_numbers);
    QT_RUN(test_scalar_empty_and_errors);
    QT_RUN(test_vector_and_set_bulk);
    QT_RUN(test_vector_and_set_by_id);
    QT_RUN(test_vector_and_set_errors);
    QT_RUN(test_groups_equal_classic);
    QT_RUN(test_group_layout);
    QT_RUN(test_time_series_order);
    QT_RUN(test_group_errors);
    QT_RUN(test_time_series_row);
    QT_RUN(test_free_functions);
    CHECK_OK(quiver_database_close(db));
    return qt_finish();
}
