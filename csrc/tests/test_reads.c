/*
 * Typed reads through the C API: bulk and by-id scalar, vector and set reads, element ids, masks,
 * empty results (NULL with a zero count), type-mismatch rules, the free functions (NULL-tolerant)
 * and the error messages. Fixture: tests/schemas/study.sql with three plants:
 *   1 hydro: capacity 100.5, status 3, bus north, segment_cost [10, 20.5], segment_size [5, 6],
 *            segment_name ["a", NULL], tag {y, x}
 *   2 wind:  no capacity, segment_cost [1.5], tag {solo}
 *   3 empty: nothing but its label
 */
#include "qtest.h"

static quiver_database_t* db;

static void fill(void) {
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    quiver_element_t* e = NULL;
    int64_t id = 0;
    const double costs[2] = {10.0, 20.5};
    const int64_t sizes[2] = {5, 6};
    const char* const names[2] = {"a", NULL};
    const char* const tags[2] = {"y", "x"};
    const double wind_cost[1] = {1.5};
    const char* const solo[1] = {"solo"};
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        exit(2);
    }
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", "base"));
    CHECK_OK(quiver_database_create_element(db, "Configuration", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "north"));
    CHECK_OK(quiver_database_create_element(db, "Bus", e, &id));
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "hydro"));
    CHECK_OK(quiver_element_set_float(e, "capacity", 100.5));
    CHECK_OK(quiver_element_set_integer(e, "status", 3));
    CHECK_OK(quiver_element_set_string(e, "bus_id", "north"));
    CHECK_OK(quiver_element_set_array_float(e, "segment_cost", costs, 2, NULL));
    CHECK_OK(quiver_element_set_array_integer(e, "segment_size", sizes, 2, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "segment_name", names, 2, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "tag", tags, 2, NULL));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "wind"));
    CHECK_OK(quiver_element_set_array_float(e, "segment_cost", wind_cost, 1, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "tag", solo, 1, NULL));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "empty"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_destroy(e));
}

/* ---- scalars ------------------------------------------------------------------------------------------- */

static void test_element_ids_and_count(void) {
    int64_t* ids = NULL;
    size_t n = 0;
    int64_t count = -1;
    CHECK_OK(quiver_database_read_element_ids(db, "Plant", &ids, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(ids[0], 1);
        CHECK_INT(ids[1], 2);
        CHECK_INT(ids[2], 3);
    }
    CHECK_OK(quiver_database_free_integer_array(ids));
    CHECK_OK(quiver_database_number_of_elements(db, "Plant", &count));
    CHECK_INT(count, 3);
    /* Empty collection: NULL with a zero count. */
    ids = (int64_t*)&count;
    n = 9;
    CHECK_OK(quiver_database_read_element_ids(db, "Configuration", &ids, &n));
    CHECK_INT(n, 1);
    CHECK_OK(quiver_database_free_integer_array(ids));
    ids = (int64_t*)&count;
    CHECK_OK(quiver_database_number_of_elements(db, "Bus", &count));
    CHECK_INT(count, 1);

    CHECK_ERROR(quiver_database_read_element_ids(NULL, "Plant", &ids, &n), "Null argument: db");
    CHECK_ERROR(quiver_database_read_element_ids(db, NULL, &ids, &n), "Null argument: collection");
    CHECK_ERROR(quiver_database_read_element_ids(db, "Plant", NULL, &n), "Null argument: out_ids");
    CHECK_ERROR(quiver_database_read_element_ids(db, "Plant", &ids, NULL), "Null argument: out_count");
    CHECK_ERROR(quiver_database_number_of_elements(db, "Plant", NULL), "Null argument: out_count");
    CHECK_ERROR(quiver_database_number_of_elements(db, "Nope", &count),
                "Cannot number_of_elements: collection not found: Nope");
}

static void test_scalar_bulk_reads(void) {
    int64_t* ints = NULL;
    double* floats = NULL;
    char** strings = NULL;
    uint8_t* mask = NULL;
    size_t n = 0;

    CHECK_OK(quiver_database_read_scalar_integers(db, "Plant", "status", &ints, &mask, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(mask[0], 1);
        CHECK_INT(ints[0], 3);
        CHECK_INT(mask[1], 0);
        CHECK_INT(ints[1], 0); /* placeholder */
        CHECK_INT(mask[2], 0);
    }
    CHECK_OK(quiver_database_free_integer_array(ints));
    CHECK_OK(quiver_database_free_mask(mask));

    CHECK_OK(quiver_database_read_scalar_floats(db, "Plant", "capacity", &floats, &mask, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(mask[0], 1);
        CHECK_DOUBLE(floats[0], 100.5);
        CHECK_INT(mask[1], 0);
        CHECK_DOUBLE(floats[1], 0.0);
    }
    CHECK_OK(quiver_database_free_float_array(floats));
    CHECK_OK(quiver_database_free_mask(mask));

    CHECK_OK(quiver_database_read_scalar_strings(db, "Plant", "label", &strings, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(strings[0], "hydro");
        CHECK_STR(strings[1], "wind");
        CHECK_STR(strings[2], "empty");
    }
    CHECK_OK(quiver_database_free_string_array(strings, n));
    CHECK_OK(quiver_database_read_scalar_strings(db, "Plant", "date_commission", &strings, &n));
    CHECK_INT(n, 3);
    if (n == 3) CHECK(strings[0] == NULL && strings[1] == NULL && strings[2] == NULL);
    CHECK_OK(quiver_database_free_string_array(strings, n));
}

static void test_scalar_type_rules(void) {
    int64_t* ints = NULL;
    double* floats = NULL;
    char** strings = NULL;
    uint8_t* mask = NULL;
    size_t n = 0;
    /* The integer reader on a REAL column: every cell absent. */
    CHECK_OK(quiver_database_read_scalar_integers(db, "Plant", "capacity", &ints, &mask, &n));
    CHECK_INT(n, 3);
    if (n == 3) CHECK(mask[0] == 0 && mask[1] == 0 && mask[2] == 0);
    CHECK_OK(quiver_database_free_integer_array(ints));
    CHECK_OK(quiver_database_free_mask(mask));
    /* The float reader widens integers. */
    CHECK_OK(quiver_database_read_scalar_floats(db, "Plant", "status", &floats, &mask, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(mask[0], 1);
        CHECK_DOUBLE(floats[0], 3.0);
    }
    CHECK_OK(quiver_database_free_float_array(floats));
    CHECK_OK(quiver_database_free_mask(mask));
    /* The string reader on an INTEGER column: all NULL. */
    CHECK_OK(quiver_database_read_scalar_strings(db, "Plant", "bus_id", &strings, &n));
    CHECK_INT(n, 3);
    if (n == 3) CHECK(strings[0] == NULL);
    CHECK_OK(quiver_database_free_string_array(strings, n));
}

static void test_scalar_by_id(void) {
    int64_t i = 77;
    double f = 77.0;
    char* s = (char*)"sentinel";
    int has = 7;
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "status", 1, &i, &has));
    CHECK_INT(has, 1);
    CHECK_INT(i, 3);
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", 1, &f, &has));
    CHECK_INT(has, 1);
    CHECK_DOUBLE(f, 100.5);
    CHECK_OK(quiver_database_read_scalar_string_by_id(db, "Plant", "label", 2, &s, &has));
    CHECK_INT(has, 1);
    CHECK_STR(s, "wind");
    CHECK_OK(quiver_database_free_string(s));
    /* NULL value or missing element: has_value 0, numbers untouched, strings NULL. */
    i = 77;
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "status", 2, &i, &has));
    CHECK_INT(has, 0);
    CHECK_INT(i, 77);
    f = 77.0;
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", 99, &f, &has));
    CHECK_INT(has, 0);
    CHECK_DOUBLE(f, 77.0);
    s = (char*)"sentinel";
    CHECK_OK(quiver_database_read_scalar_string_by_id(db, "Plant", "label", 99, &s, &has));
    CHECK_INT(has, 0);
    CHECK(s == NULL);
    /* Widening and mismatch as in bulk reads. */
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "status", 1, &f, &has));
    CHECK_INT(has, 1);
    CHECK_DOUBLE(f, 3.0);
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "label", 1, &i, &has));
    CHECK_INT(has, 0);

    CHECK_ERROR(quiver_database_read_scalar_integer_by_id(db, "Plant", "nope", 1, &i, &has),
                "Cannot read_scalar_integer_by_id: column 'nope' not found in table 'Plant'");
    CHECK_ERROR(quiver_database_read_scalar_integer_by_id(db, "Plant", "status", 1, NULL, &has),
                "Null argument: out_value");
    CHECK_ERROR(quiver_database_read_scalar_integer_by_id(db, "Plant", "status", 1, &i, NULL),
                "Null argument: out_has_value");
    CHECK_ERROR(quiver_database_read_scalar_string_by_id(db, "Plant", NULL, 1, &s, &has), "Null argument: attribute");
}

static void test_scalar_errors(void) {
    int64_t* ints = (int64_t*)&db;
    uint8_t* mask = (uint8_t*)&db;
    size_t n = 9;
    CHECK_ERROR(quiver_database_read_scalar_integers(NULL, "Plant", "status", &ints, &mask, &n), "Null argument: db");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, NULL, "status", &ints, &mask, &n),
                "Null argument: collection");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Plant", NULL, &ints, &mask, &n), "Null argument: attribute");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Plant", "status", NULL, &mask, &n),
                "Null argument: out_values");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Plant", "status", &ints, NULL, &n),
                "Null argument: out_mask");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Nope", "status", &ints, &mask, NULL),
                "Null argument: out_count");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Nope", "status", &ints, &mask, &n),
                "Cannot read_scalar_integers: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_scalar_integers(db, "Plant", "nope", &ints, &mask, &n),
                "Cannot read_scalar_integers: column 'nope' not found in table 'Plant'");
    CHECK_ERROR(quiver_database_read_scalar_floats(db, "Plant", "segment_cost", NULL, &mask, &n),
                "Null argument: out_values");
    CHECK_ERROR(quiver_database_read_scalar_floats(db, "Plant", "segment_cost", (double**)&ints, &mask, &n),
                "Cannot read_scalar_floats: column 'segment_cost' not found in table 'Plant'");
    /* Outputs are untouched by failures. */
    CHECK(ints == (int64_t*)&db);
    CHECK(mask == (uint8_t*)&db);
    CHECK_INT(n, 9);
}

/* ---- vectors and sets ------------------------------------------------------------------------------------ */

static void test_vector_bulk_reads(void) {
    double** vectors = NULL;
    uint8_t** masks = NULL;
    size_t* sizes = NULL;
    size_t n = 0;
    char*** svectors = NULL;
    CHECK_OK(quiver_database_read_vector_floats(db, "Plant", "segment_cost", &vectors, &masks, &sizes, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(sizes[0], 2);
        CHECK_DOUBLE(vectors[0][0], 10.0);
        CHECK_DOUBLE(vectors[0][1], 20.5);
        CHECK(masks[0][0] == 1 && masks[0][1] == 1);
        CHECK_INT(sizes[1], 1);
        CHECK_DOUBLE(vectors[1][0], 1.5);
        /* No rows: size 0 and NULL inner pointers. */
        CHECK_INT(sizes[2], 0);
        CHECK(vectors[2] == NULL);
        CHECK(masks[2] == NULL);
    }
    CHECK_OK(quiver_database_free_float_vectors(vectors, sizes, n));
    CHECK_OK(quiver_database_free_masks(masks, n));

    CHECK_OK(quiver_database_read_vector_strings(db, "Plant", "segment_name", &svectors, &sizes, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(sizes[0], 2);
        CHECK_STR(svectors[0][0], "a");
        CHECK(svectors[0][1] == NULL);
        /* wind has a segment row (its cost) whose name is NULL. */
        CHECK_INT(sizes[1], 1);
        if (sizes[1] == 1) CHECK(svectors[1][0] == NULL);
        CHECK_INT(sizes[2], 0);
        CHECK(svectors[2] == NULL);
    }
    CHECK_OK(quiver_database_free_string_vectors(svectors, sizes, n));

    /* Integers reader on a REAL column: cells absent; floats reader on INTEGER widens. */
    {
        int64_t** ivectors = NULL;
        CHECK_OK(quiver_database_read_vector_integers(db, "Plant", "segment_cost", &ivectors, &masks, &sizes, &n));
        CHECK_INT(n, 3);
        if (n == 3 && sizes[0] == 2) CHECK(masks[0][0] == 0 && masks[0][1] == 0);
        CHECK_OK(quiver_database_free_integer_vectors(ivectors, sizes, n));
        CHECK_OK(quiver_database_free_masks(masks, n));
    }
    CHECK_OK(quiver_database_read_vector_floats(db, "Plant", "segment_size", &vectors, &masks, &sizes, &n));
    if (n == 3 && sizes[0] == 2) {
        CHECK_DOUBLE(vectors[0][1], 6.0);
        CHECK_INT(masks[0][1], 1);
    }
    CHECK_OK(quiver_database_free_float_vectors(vectors, sizes, n));
    CHECK_OK(quiver_database_free_masks(masks, n));
}

static void test_vector_and_set_by_id(void) {
    int64_t* ints = NULL;
    double* floats = NULL;
    char** strings = NULL;
    uint8_t* mask = NULL;
    size_t n = 9;
    CHECK_OK(quiver_database_read_vector_integers_by_id(db, "Plant", "segment_size", 1, &ints, &mask, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(ints[0], 5);
        CHECK_INT(ints[1], 6);
        CHECK(mask[0] == 1 && mask[1] == 1);
    }
    CHECK_OK(quiver_database_free_integer_array(ints));
    CHECK_OK(quiver_database_free_mask(mask));
    /* A missing element or one without rows: count 0 and NULL pointers, not an error. */
    floats = (double*)&n;
    mask = (uint8_t*)&n;
    CHECK_OK(quiver_database_read_vector_floats_by_id(db, "Plant", "segment_cost", 99, &floats, &mask, &n));
    CHECK_INT(n, 0);
    CHECK(floats == NULL);
    CHECK(mask == NULL);
    CHECK_OK(quiver_database_read_set_strings_by_id(db, "Plant", "tag", 1, &strings, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        /* Insertion order. */
        CHECK_STR(strings[0], "y");
        CHECK_STR(strings[1], "x");
    }
    CHECK_OK(quiver_database_free_string_array(strings, n));
    strings = (char**)&n;
    CHECK_OK(quiver_database_read_set_strings_by_id(db, "Plant", "tag", 3, &strings, &n));
    CHECK_INT(n, 0);
    CHECK(strings == NULL);
}

static void test_set_bulk_reads(void) {
    char*** sets = NULL;
    size_t* sizes = NULL;
    size_t n = 0;
    CHECK_OK(quiver_database_read_set_strings(db, "Plant", "tag", &sets, &sizes, &n));
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(sizes[0], 2);
        CHECK_INT(sizes[1], 1);
        CHECK_STR(sets[1][0], "solo");
        CHECK_INT(sizes[2], 0);
        CHECK(sets[2] == NULL);
    }
    CHECK_OK(quiver_database_free_string_vectors(sets, sizes, n));
}

static void test_group_read_errors(void) {
    double** vectors = NULL;
    uint8_t** masks = NULL;
    size_t* sizes = NULL;
    size_t n = 0;
    int64_t** isets = NULL;
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Plant", "segment_cost", NULL, &masks, &sizes, &n),
                "Null argument: out_vectors");
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Plant", "segment_cost", &vectors, NULL, &sizes, &n),
                "Null argument: out_masks");
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Plant", "segment_cost", &vectors, &masks, NULL, &n),
                "Null argument: out_sizes");
    CHECK_ERROR(quiver_database_read_set_integers(db, "Plant", "tag", NULL, &masks, &sizes, &n),
                "Null argument: out_sets");
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Nope", "x", &vectors, &masks, &sizes, &n),
                "Cannot read_vector_floats: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Plant", "tag", &vectors, &masks, &sizes, &n),
                "Vector attribute not found: 'tag' in collection 'Plant'");
    CHECK_ERROR(quiver_database_read_set_integers(db, "Plant", "segment_size", &isets, &masks, &sizes, &n),
                "Set attribute not found: 'segment_size' in collection 'Plant'");
    CHECK_ERROR(quiver_database_read_vector_floats(db, "Bus", "voltage", &vectors, &masks, &sizes, &n),
                "Vector attribute not found: 'voltage' in collection 'Bus'");
}

static void test_free_functions_accept_null(void) {
    CHECK_OK(quiver_database_free_integer_array(NULL));
    CHECK_OK(quiver_database_free_float_array(NULL));
    CHECK_OK(quiver_database_free_mask(NULL));
    CHECK_OK(quiver_database_free_masks(NULL, 3));
    CHECK_OK(quiver_database_free_string_array(NULL, 3));
    CHECK_OK(quiver_database_free_string(NULL));
    CHECK_OK(quiver_database_free_integer_vectors(NULL, NULL, 3));
    CHECK_OK(quiver_database_free_float_vectors(NULL, NULL, 3));
    CHECK_OK(quiver_database_free_string_vectors(NULL, NULL, 3));
}

int main(void) {
    fill();
    QT_RUN(test_element_ids_and_count);
    QT_RUN(test_scalar_bulk_reads);
    QT_RUN(test_scalar_type_rules);
    QT_RUN(test_scalar_by_id);
    QT_RUN(test_scalar_errors);
    QT_RUN(test_vector_bulk_reads);
    QT_RUN(test_vector_and_set_by_id);
    QT_RUN(test_set_bulk_reads);
    QT_RUN(test_group_read_errors);
    QT_RUN(test_free_functions_accept_null);
    quiver_database_close(db);
    return qt_finish();
}
