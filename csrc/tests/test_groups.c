/*
 * Whole-group reads and writes of vector and set groups through the C API: the columnar layout
 * (column names, type codes, column data, one mask per column), clearing with zero columns, masks
 * and NULL cells on input, the C-layer messages, free_time_series_data. Fixture:
 * tests/schemas/study.sql (Plant_vector_segments, Plant_set_tags, Plant_set_links).
 */
#include "qtest.h"

static quiver_database_t* db;

typedef struct {
    char** names;
    int* types;
    void** data;
    uint8_t** present;
    size_t columns;
    size_t rows;
} columnar;

static void columnar_free(columnar* c) {
    CHECK_OK(quiver_database_free_time_series_data(c->names, c->types, c->data, c->present, c->columns, c->rows));
    memset(c, 0, sizeof *c);
}

static int column_index(const columnar* c, const char* name) {
    size_t i;
    for (i = 0; i < c->columns; ++i)
        if (strcmp(c->names[i], name) == 0) return (int)i;
    return -1;
}

static void setup(void) {
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    quiver_element_t* e = NULL;
    int64_t id = 0;
    const double costs[2] = {10.0, 20.5};
    const int64_t sizes[2] = {5, 6};
    const char* const names[2] = {"a", "b"};
    const char* const tags[2] = {"y", "x"};
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        exit(2);
    }
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", "base"));
    CHECK_OK(quiver_database_create_element(db, "Configuration", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "north"));
    CHECK_OK(quiver_database_create_element(db, "Bus", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "south"));
    CHECK_OK(quiver_database_create_element(db, "Bus", e, &id));
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "hydro"));
    CHECK_OK(quiver_element_set_array_float(e, "segment_cost", costs, 2, NULL));
    CHECK_OK(quiver_element_set_array_integer(e, "segment_size", sizes, 2, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "segment_name", names, 2, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "tag", tags, 2, NULL));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "wind"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_destroy(e));
}

static void test_read_vector_group(void) {
    columnar c;
    int cost, size, name, date;
    memset(&c, 0, sizeof c);
    CHECK_OK(quiver_database_read_vector_group_by_id(db, "Plant", "segments", 1, &c.names, &c.types, &c.data,
                                                     &c.present, &c.columns, &c.rows));
    /* Value columns in declaration order; no id, no vector_index. */
    CHECK_INT(c.columns, 5);
    CHECK_INT(c.rows, 2);
    CHECK_INT(column_index(&c, "id"), -1);
    CHECK_INT(column_index(&c, "vector_index"), -1);
    cost = column_index(&c, "segment_cost");
    size = column_index(&c, "segment_size");
    name = column_index(&c, "segment_name");
    date = column_index(&c, "date_segment");
    CHECK_INT(cost, 0);
    CHECK_INT(size, 1);
    CHECK_INT(name, 2);
    CHECK_INT(date, 3);
    CHECK_INT(column_index(&c, "bus_segment"), 4);
    if (c.columns == 5 && c.rows == 2) {
        CHECK_INT(c.types[0], QUIVER_DATA_TYPE_FLOAT);
        CHECK_INT(c.types[1], QUIVER_DATA_TYPE_INTEGER);
        CHECK_INT(c.types[2], QUIVER_DATA_TYPE_STRING);
        CHECK_INT(c.types[3], QUIVER_DATA_TYPE_DATE_TIME);
        CHECK_INT(c.types[4], QUIVER_DATA_TYPE_INTEGER);
        CHECK_DOUBLE(((double*)c.data[0])[1], 20.5);
        CHECK_INT(((int64_t*)c.data[1])[0], 5);
        CHECK_STR(((char**)c.data[2])[1], "b");
        /* Every column has a mask, strings included; a NULL cell is 0 and a NULL char*. */
        CHECK(c.present[0][0] == 1 && c.present[2][1] == 1);
        CHECK(c.present[3][0] == 0 && ((char**)c.data[3])[0] == NULL);
        CHECK(c.present[4][1] == 0 && ((int64_t*)c.data[4])[1] == 0);
    }
    columnar_free(&c);

    /* No rows, also for a missing element: counts 0, every array NULL. */
    c.names = (char**)&c;
    CHECK_OK(quiver_database_read_vector_group_by_id(db, "Plant", "segments", 99, &c.names, &c.types, &c.data,
                                                     &c.present, &c.columns, &c.rows));
    CHECK_INT(c.columns, 0);
    CHECK_INT(c.rows, 0);
    CHECK(c.names == NULL && c.types == NULL && c.data == NULL && c.present == NULL);
    columnar_free(&c);

    CHECK_ERROR(quiver_database_read_vector_group_by_id(db, "Plant", "nope", 1, &c.names, &c.types, &c.data, &c.present,
                                                        &c.columns, &c.rows),
                "Vector group not found: 'nope' in collection 'Plant'");
    CHECK_ERROR(quiver_database_read_vector_group_by_id(db, "Nope", "segments", 1, &c.names, &c.types, &c.data,
                                                        &c.present, &c.columns, &c.rows),
                "Cannot get_vector_metadata: collection not found: Nope");
    CHECK_ERROR(quiver_database_read_set_group_by_id(db, "Plant", "segments", 1, &c.names, &c.types, &c.data,
                                                     &c.present, &c.columns, &c.rows),
                "Set group not found: 'segments' in collection 'Plant'");
    CHECK_ERROR(quiver_database_read_set_group_by_id(db, "Plant", "tags", 1, &c.names, &c.types, &c.data, &c.present,
                                                     &c.columns, NULL),
                "Null argument: out_row_count");
    CHECK_ERROR(quiver_database_read_set_group_by_id(db, "Plant", "tags", 1, NULL, &c.types, &c.data, &c.present,
                                                     &c.columns, &c.rows),
                "Null argument: out_column_names");
}

static void test_write_vector_group(void) {
    columnar c;
    const char* const names[2] = {"segment_cost", "segment_size"};
    const int types[2] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_INTEGER};
    const double costs[3] = {1.0, 99.0, 3.0};
    const int64_t sizes[3] = {1, 2, 3};
    const uint8_t cost_mask[3] = {1, 0, 1};
    const void* data[2];
    const uint8_t* masks[2];
    data[0] = costs;
    data[1] = sizes;
    masks[0] = cost_mask;
    masks[1] = NULL; /* every cell of this column present */
    memset(&c, 0, sizeof c);

    CHECK_OK(quiver_database_update_vector_group(db, "Plant", "segments", 2, names, types, data, masks, 2, 3));
    CHECK_OK(quiver_database_read_vector_group_by_id(db, "Plant", "segments", 2, &c.names, &c.types, &c.data,
                                                     &c.present, &c.columns, &c.rows));
    CHECK_INT(c.rows, 3);
    if (c.rows == 3 && c.columns == 5) {
        CHECK(c.present[0][0] == 1 && c.present[0][1] == 0 && c.present[0][2] == 1);
        CHECK_DOUBLE(((double*)c.data[0])[2], 3.0);
        CHECK_INT(((int64_t*)c.data[1])[2], 3);
        /* Columns not named are NULL. */
        CHECK(c.present[2][0] == 0);
    }
    columnar_free(&c);

    /* By label, with a NULL column (whole column SQL NULL) and DATE_TIME given as type 3. */
    {
        const char* const n2[2] = {"segment_cost", "date_segment"};
        const int t2[2] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_DATE_TIME};
        const char* const dates[1] = {"2024-01-02"};
        const void* d2[2];
        d2[0] = NULL;
        d2[1] = dates;
        CHECK_OK(quiver_database_update_vector_group_by_label(db, "Plant", "segments", "wind", n2, t2, d2, NULL, 2, 1));
        CHECK_OK(quiver_database_read_vector_group_by_id(db, "Plant", "segments", 2, &c.names, &c.types, &c.data,
                                                         &c.present, &c.columns, &c.rows));
        CHECK_INT(c.rows, 1);
        if (c.rows == 1 && c.columns == 5) {
            CHECK_INT(c.present[0][0], 0);
            /* Stored in canonical form (docs/compatibility/groups.md). */
            CHECK_STR(((char**)c.data[3])[0], "2024-01-02T00:00:00");
        }
        columnar_free(&c);
    }

    /* Zero columns clear the group. */
    CHECK_OK(quiver_database_update_vector_group(db, "Plant", "segments", 2, NULL, NULL, NULL, NULL, 0, 0));
    CHECK_OK(quiver_database_read_vector_group_by_id(db, "Plant", "segments", 2, &c.names, &c.types, &c.data,
                                                     &c.present, &c.columns, &c.rows));
    CHECK_INT(c.rows, 0);
    columnar_free(&c);
}

static void test_write_vector_group_errors(void) {
    const char* const names[2] = {"segment_cost", "segment_size"};
    const int types[2] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_INTEGER};
    const double costs[1] = {1.0};
    const int64_t sizes[1] = {1};
    const void* data[2];
    data[0] = costs;
    data[1] = sizes;
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, NULL, types, data, NULL, 2, 1),
                "Null argument: column_names");
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, names, NULL, data, NULL, 2, 1),
                "Null argument: column_types");
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, names, types, NULL, NULL, 2, 1),
                "Null argument: column_data");
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, names, types, data, NULL, 2, 0),
                "Cannot update_vector_group: columns [segment_cost, segment_size] contain no rows; pass no columns "
                "to clear the group");
    CHECK_ERROR(quiver_database_update_set_group_by_label(db, "Plant", "tags", "hydro", names, types, data, NULL, 2, 0),
                "Cannot update_set_group_by_label: columns [segment_cost, segment_size] contain no rows; pass no "
                "columns to clear the group");
    {
        const int bad[2] = {7, QUIVER_DATA_TYPE_INTEGER};
        CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, names, bad, data, NULL, 2, 1),
                    "Cannot update_vector_group: unknown column type 7");
    }
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 99, names, types, data, NULL, 2, 1),
                "Element not found: 99 in collection 'Plant'");
    CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 99, NULL, NULL, NULL, NULL, 0, 0),
                "Element not found: 99 in collection 'Plant'");
    CHECK_ERROR(
        quiver_database_update_vector_group_by_label(db, "Plant", "segments", "zz", NULL, NULL, NULL, NULL, 0, 0),
        "Element not found: label 'zz' in collection 'Plant'");
    {
        const char* const managed[1] = {"vector_index"};
        const char* const unknown[1] = {"label"};
        CHECK_ERROR(
            quiver_database_update_vector_group(db, "Plant", "segments", 1, managed, types + 1, data + 1, NULL, 1, 1),
            "Cannot update_vector_group: column 'vector_index' is managed by the group table, not a value "
            "column");
        CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, unknown, types, data, NULL, 1, 1),
                    "Cannot update_vector_group: column 'label' not found in group 'segments' for collection 'Plant'");
    }
    /* FLOAT data for an INTEGER column is refused. */
    {
        const char* const size_only[1] = {"segment_size"};
        CHECK_ERROR(quiver_database_update_vector_group(db, "Plant", "segments", 1, size_only, types, data, NULL, 1, 1),
                    "Cannot update_vector_group: type mismatch for array 'segment_size' index 0: expected INTEGER, got "
                    "REAL");
    }
}

static void test_set_group(void) {
    columnar c;
    const char* const names[2] = {"bus_link", "weight"};
    const int types[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* const buses[2] = {"north", "south"}; /* labels of a relation column are resolved */
    const double weights[2] = {0.5, 0.25};
    const void* data[2];
    data[0] = buses;
    data[1] = weights;
    memset(&c, 0, sizeof c);
    CHECK_OK(quiver_database_update_set_group(db, "Plant", "links", 1, names, types, data, NULL, 2, 2));
    CHECK_OK(quiver_database_read_set_group_by_id(db, "Plant", "links", 1, &c.names, &c.types, &c.data, &c.present,
                                                  &c.columns, &c.rows));
    CHECK_INT(c.columns, 2);
    CHECK_INT(c.rows, 2);
    if (c.columns == 2 && c.rows == 2) {
        CHECK_STR(c.names[0], "bus_link");
        CHECK_INT(c.types[0], QUIVER_DATA_TYPE_INTEGER);
        CHECK_INT(((int64_t*)c.data[0])[0] + ((int64_t*)c.data[0])[1], 3);
        CHECK_DOUBLE(((double*)c.data[1])[0] + ((double*)c.data[1])[1], 0.75);
    }
    columnar_free(&c);

    CHECK_OK(quiver_database_update_set_group_by_label(db, "Plant", "tags", "hydro", NULL, NULL, NULL, NULL, 0, 0));
    CHECK_OK(quiver_database_read_set_group_by_id(db, "Plant", "tags", 1, &c.names, &c.types, &c.data, &c.present,
                                                  &c.columns, &c.rows));
    CHECK_INT(c.rows, 0);
    columnar_free(&c);
}

static void test_free_time_series_data(void) {
    /* All-NULL arrays are a no-op, whatever the counts. */
    CHECK_OK(quiver_database_free_time_series_data(NULL, NULL, NULL, NULL, 0, 0));
    CHECK_OK(quiver_database_free_time_series_data(NULL, NULL, NULL, NULL, 3, 4));
}

int main(void) {
    setup();
    QT_RUN(test_read_vector_group);
    QT_RUN(test_write_vector_group);
    QT_RUN(test_write_vector_group_errors);
    QT_RUN(test_set_group);
    QT_RUN(test_free_time_series_data);
    quiver_database_close(db);
    return qt_finish();
}
