/*
 * Time series through the C API: group writes and reads (dimension first, typed STRING, rows in
 * date order), multi-dimension groups, read_time_series_row (a mask for every type), upserts,
 * the files table, the C-layer messages. Fixture: tests/schemas/study.sql
 * (Plant_time_series_generation, Plant_time_series_load, Plant_time_series_files).
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

static quiver_error_t read_group(const char* group, int64_t id, columnar* c) {
    return quiver_database_read_time_series_group(db, "Plant", group, id, &c->names, &c->types, &c->data, &c->present,
                                                  &c->columns, &c->rows);
}

static void columnar_free(columnar* c) {
    CHECK_OK(quiver_database_free_time_series_data(c->names, c->types, c->data, c->present, c->columns, c->rows));
    memset(c, 0, sizeof *c);
}

static void setup(void) {
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    quiver_element_t* e = NULL;
    int64_t id = 0;
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        exit(2);
    }
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", "base"));
    CHECK_OK(quiver_database_create_element(db, "Configuration", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "hydro"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "wind"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_set_string(e, "label", "idle"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_OK(quiver_element_destroy(e));
}

static void test_group_write_and_read(void) {
    columnar c;
    const char* const names[4] = {"date_time", "generation", "units", "note"};
    const int types[4] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_INTEGER,
                          QUIVER_DATA_TYPE_STRING};
    const char* const dates[3] = {"2024-01-02T00:00:00", "2024-01-01T00:00:00", "2024-01-03"};
    const double generation[3] = {2.0, 1.0, 0.0};
    const uint8_t generation_mask[3] = {1, 1, 0};
    const int64_t units[3] = {20, 10, 30};
    const char* const notes[3] = {"b", NULL, "c"};
    const void* data[4];
    const uint8_t* masks[4];
    data[0] = dates;
    data[1] = generation;
    data[2] = units;
    data[3] = notes;
    masks[0] = NULL;
    masks[1] = generation_mask;
    masks[2] = NULL;
    masks[3] = NULL;
    memset(&c, 0, sizeof c);

    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "generation", 1, names, types, data, masks, 4, 3));
    CHECK_OK(read_group("generation", 1, &c));
    CHECK_INT(c.columns, 5);
    CHECK_INT(c.rows, 3);
    if (c.columns == 5 && c.rows == 3) {
        /* The dimension first, typed STRING, with an all-ones mask; rows in date (text) order. */
        CHECK_STR(c.names[0], "date_time");
        CHECK_INT(c.types[0], QUIVER_DATA_TYPE_STRING);
        CHECK_STR(((char**)c.data[0])[0], "2024-01-01T00:00:00");
        CHECK_STR(((char**)c.data[0])[1], "2024-01-02T00:00:00");
        /* Stored in canonical form (docs/compatibility/groups.md). */
        CHECK_STR(((char**)c.data[0])[2], "2024-01-03T00:00:00");
        CHECK(c.present[0][0] == 1 && c.present[0][1] == 1 && c.present[0][2] == 1);
        CHECK_STR(c.names[1], "generation");
        CHECK_INT(c.types[1], QUIVER_DATA_TYPE_FLOAT);
        CHECK_DOUBLE(((double*)c.data[1])[0], 1.0);
        CHECK(c.present[1][2] == 0);
        CHECK_INT(c.types[2], QUIVER_DATA_TYPE_INTEGER);
        CHECK_INT(((int64_t*)c.data[2])[2], 30);
        CHECK_INT(c.types[3], QUIVER_DATA_TYPE_STRING);
        CHECK(((char**)c.data[3])[0] == NULL && c.present[3][0] == 0);
        CHECK_STR(c.names[4], "date_checked");
        CHECK_INT(c.types[4], QUIVER_DATA_TYPE_DATE_TIME);
    }
    columnar_free(&c);

    /* No rows: counts 0 and NULL arrays. */
    c.names = (char**)&c;
    CHECK_OK(read_group("generation", 2, &c));
    CHECK_INT(c.rows, 0);
    CHECK_INT(c.columns, 0);
    CHECK(c.names == NULL && c.data == NULL);
    columnar_free(&c);

    /* By label; clearing with zero columns. */
    CHECK_OK(quiver_database_update_time_series_group_by_label(db, "Plant", "generation", "wind", names, types, data,
                                                               NULL, 2, 1));
    CHECK_OK(read_group("generation", 2, &c));
    CHECK_INT(c.rows, 1);
    columnar_free(&c);
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "generation", 2, NULL, NULL, NULL, NULL, 0, 0));
    CHECK_OK(read_group("generation", 2, &c));
    CHECK_INT(c.rows, 0);
    columnar_free(&c);
}

static void test_multi_dimension_group(void) {
    columnar c;
    const char* const names[3] = {"date_time", "block", "load"};
    const int types[3] = {QUIVER_DATA_TYPE_DATE_TIME, QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_FLOAT};
    const char* const dates[2] = {"2024-01-01T00:00:00", "2024-01-01T00:00:00"};
    const int64_t blocks[2] = {1, 2};
    const double loads[2] = {0.5, 0.75};
    const void* data[3];
    data[0] = dates;
    data[1] = blocks;
    data[2] = loads;
    memset(&c, 0, sizeof c);
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "load", 1, names, types, data, NULL, 3, 2));
    CHECK_OK(read_group("load", 1, &c));
    CHECK_INT(c.rows, 2);
    CHECK_INT(c.columns, 4);
    if (c.columns == 4 && c.rows == 2) {
        CHECK_STR(c.names[0], "date_time");
        CHECK_STR(c.names[1], "block");
        CHECK_STR(c.names[2], "load");
        CHECK_STR(c.names[3], "flag");
        CHECK_INT(((int64_t*)c.data[3])[0], 7); /* the column's default */
    }
    columnar_free(&c);
}

static void test_read_row(void) {
    int type = -1;
    void* values = NULL;
    uint8_t* mask = NULL;
    size_t n = 0;
    CHECK_OK(quiver_database_read_time_series_row(db, "Plant", "generation", "generation", "2024-01-02T12:00:00", &type,
                                                  &values, &mask, &n));
    CHECK_INT(type, QUIVER_DATA_TYPE_FLOAT);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(mask[0], 1);
        CHECK_DOUBLE(((double*)values)[0], 2.0);
        CHECK_INT(mask[1], 0);
        CHECK_INT(mask[2], 0);
    }
    CHECK_OK(quiver_database_free_float_array((double*)values));
    CHECK_OK(quiver_database_free_mask(mask));

    /* Strings come with a mask too. */
    CHECK_OK(quiver_database_read_time_series_row(db, "Plant", "generation", "note", "2024-01-05T00:00:00", &type,
                                                  &values, &mask, &n));
    CHECK_INT(type, QUIVER_DATA_TYPE_STRING);
    CHECK_INT(n, 3);
    CHECK(mask != NULL);
    if (n == 3 && mask) {
        CHECK_INT(mask[0], 1);
        CHECK_STR(((char**)values)[0], "c");
        CHECK_INT(mask[1], 0);
        CHECK(((char**)values)[1] == NULL);
    }
    CHECK_OK(quiver_database_free_string_array((char**)values, n));
    CHECK_OK(quiver_database_free_mask(mask));

    CHECK_ERROR(quiver_database_read_time_series_row(db, "Plant", "generation", "date_time", "2024-01-02T00:00:00",
                                                     &type, &values, &mask, &n),
                "Time series attribute not found: 'date_time' in group 'generation' of collection 'Plant'");
    CHECK_ERROR(quiver_database_read_time_series_row(db, "Plant", "load", "load", "2024-01-02T00:00:00", &type, &values,
                                                     &mask, &n),
                "Cannot read_time_series_row: group 'load' of collection 'Plant' has more than one dimension column");
    CHECK_ERROR(
        quiver_database_read_time_series_row(db, "Plant", "generation", "generation", NULL, &type, &values, &mask, &n),
        "Null argument: date_time");
    CHECK_ERROR(quiver_database_read_time_series_row(db, "Plant", "generation", "generation", "2024-01-01", NULL,
                                                     &values, &mask, &n),
                "Null argument: out_data_type");
}

static void test_upsert_row(void) {
    columnar c;
    const char* const names[2] = {"date_time", "units"};
    const int types[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_INTEGER};
    const char* const date[1] = {"2024-02-01T00:00:00"};
    const int64_t units[1] = {5};
    const void* data[2];
    data[0] = date;
    data[1] = units;
    memset(&c, 0, sizeof c);
    CHECK_OK(quiver_database_upsert_time_series_row(db, "Plant", "generation", 3, names, types, data, 2));
    CHECK_OK(quiver_database_upsert_time_series_row_by_label(db, "Plant", "generation", "idle", names, types, data, 2));
    CHECK_OK(read_group("generation", 3, &c));
    CHECK_INT(c.rows, 1);
    if (c.rows == 1 && c.columns >= 3) CHECK_INT(((int64_t*)c.data[2])[0], 5);
    columnar_free(&c);

    CHECK_ERROR(quiver_database_upsert_time_series_row(db, "Plant", "generation", 3, NULL, NULL, NULL, 0),
                "Cannot upsert_time_series_row: row missing required 'date_time' column");
    {
        const int bad[2] = {9, QUIVER_DATA_TYPE_INTEGER};
        CHECK_ERROR(quiver_database_upsert_time_series_row(db, "Plant", "generation", 3, names, bad, data, 2),
                    "Cannot upsert_time_series_row: unknown column type 9");
        CHECK_ERROR(
            quiver_database_upsert_time_series_row_by_label(db, "Plant", "generation", "idle", names, bad, data, 2),
            "Cannot upsert_time_series_row_by_label: unknown column type 9");
    }
    CHECK_ERROR(quiver_database_upsert_time_series_row_by_label(db, "Plant", "generation", "zz", names, types, data, 2),
                "Element not found: label 'zz' in collection 'Plant'");
}

static void test_group_errors(void) {
    columnar c;
    const char* const names[1] = {"generation"};
    const int types[1] = {QUIVER_DATA_TYPE_FLOAT};
    const double values[1] = {1.0};
    const void* data[1];
    data[0] = values;
    memset(&c, 0, sizeof c);
    CHECK_ERROR(read_group("nope", 1, &c), "Time series group not found: 'nope' in collection 'Plant'");
    CHECK_ERROR(quiver_database_read_time_series_group(db, "Nope", "generation", 1, &c.names, &c.types, &c.data,
                                                       &c.present, &c.columns, &c.rows),
                "Cannot get_time_series_metadata: collection not found: Nope");
    CHECK_ERROR(quiver_database_update_time_series_group(db, "Plant", "generation", 1, names, types, data, NULL, 1, 1),
                "Cannot update_time_series_group: row missing required 'date_time' column");
    CHECK_ERROR(quiver_database_update_time_series_group(db, "Plant", "generation", 1, names, types, data, NULL, 1, 0),
                "Cannot update_time_series_group: columns [generation] contain no rows; pass no columns to clear "
                "the group");
    {
        const char* const n2[2] = {"date_time", "generation"};
        const int t2[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
        const char* const bad_date[1] = {"yesterday"};
        const void* d2[2];
        d2[0] = bad_date;
        d2[1] = values;
        CHECK_ERROR(quiver_database_update_time_series_group(db, "Plant", "generation", 1, n2, t2, d2, NULL, 2, 1),
                    "Cannot update_time_series_group: invalid DATE_TIME value for column 'date_time': 'yesterday' "
                    "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
    }
    /* The failed writes left the earlier rows alone. */
    CHECK_OK(read_group("generation", 1, &c));
    CHECK_INT(c.rows, 3);
    columnar_free(&c);
}

static void test_files(void) {
    int has = -1;
    char** columns = NULL;
    char** paths = NULL;
    size_t n = 0;
    const char* const set_columns[1] = {"generation_file"};
    const char* const set_paths[1] = {"gen.csv"};
    CHECK_OK(quiver_database_has_time_series_files(db, "Plant", &has));
    CHECK_INT(has, 1);
    CHECK_OK(quiver_database_has_time_series_files(db, "Bus", &has));
    CHECK_INT(has, 0);
    CHECK_ERROR(quiver_database_has_time_series_files(db, "Nope", &has),
                "Cannot has_time_series_files: collection not found: Nope");

    CHECK_OK(quiver_database_list_time_series_files_columns(db, "Plant", &columns, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(columns[0], "generation_file"); /* declaration order */
        CHECK_STR(columns[1], "cost_file");
    }
    CHECK_OK(quiver_database_free_string_array(columns, n));
    CHECK_ERROR(quiver_database_list_time_series_files_columns(db, "Bus", &columns, &n),
                "Time series files table not found: Bus_time_series_files");

    CHECK_OK(quiver_database_update_time_series_files(db, "Plant", set_columns, set_paths, 1));
    CHECK_OK(quiver_database_update_time_series_files(db, "Plant", NULL, NULL, 0));
    CHECK_OK(quiver_database_read_time_series_files(db, "Plant", &columns, &paths, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(columns[0], "cost_file"); /* sorted by name */
        CHECK(paths[0] == NULL);
        CHECK_STR(columns[1], "generation_file");
        CHECK_STR(paths[1], "gen.csv");
    }
    CHECK_OK(quiver_database_free_time_series_files(columns, paths, n));
    {
        const char* const unknown[1] = {"nope"};
        CHECK_ERROR(quiver_database_update_time_series_files(db, "Plant", unknown, set_paths, 1),
                    "Cannot update_time_series_files: column 'nope' not found in table 'Plant_time_series_files'");
    }
    CHECK_ERROR(quiver_database_free_time_series_files(NULL, NULL, 0), "Null argument: columns");
}

int main(void) {
    setup();
    QT_RUN(test_group_write_and_read);
    QT_RUN(test_multi_dimension_group);
    QT_RUN(test_read_row);
    QT_RUN(test_upsert_row);
    QT_RUN(test_group_errors);
    QT_RUN(test_files);
    quiver_database_close(db);
    return qt_finish();
}
