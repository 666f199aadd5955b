/*
 * Metadata and listing through the C API: caller-provided structs filled with library strings,
 * the free functions (members only, pointers NULLed, NULL rejected), group order and value
 * columns, describe. Fixture: tests/schemas/study.sql.
 */
#include "qtest.h"

static quiver_database_t* db;

static void setup(void) {
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        exit(2);
    }
}

static void test_scalar_metadata(void) {
    quiver_scalar_metadata_t m;
    memset(&m, 0, sizeof m);
    CHECK_OK(quiver_database_get_scalar_metadata(db, "Plant", "bus_id", &m));
    CHECK_STR(m.name, "bus_id");
    CHECK_INT(m.data_type, QUIVER_DATA_TYPE_INTEGER);
    CHECK_INT(m.not_null, 0);
    CHECK_INT(m.primary_key, 0);
    CHECK(m.default_value == NULL);
    CHECK_INT(m.is_foreign_key, 1);
    CHECK_STR(m.references_collection, "Bus");
    CHECK_STR(m.references_column, "id");
    CHECK_OK(quiver_database_free_scalar_metadata(&m));
    CHECK(m.name == NULL && m.references_collection == NULL && m.references_column == NULL);
    /* A second free is harmless. */
    CHECK_OK(quiver_database_free_scalar_metadata(&m));

    CHECK_OK(quiver_database_get_scalar_metadata(db, "Plant", "id", &m));
    CHECK_INT(m.primary_key, 1);
    CHECK_INT(m.not_null, 1);
    CHECK_OK(quiver_database_free_scalar_metadata(&m));
    CHECK_OK(quiver_database_get_scalar_metadata(db, "Plant", "date_commission", &m));
    CHECK_INT(m.data_type, QUIVER_DATA_TYPE_DATE_TIME);
    CHECK_OK(quiver_database_free_scalar_metadata(&m));

    m.name = "untouched";
    CHECK_ERROR(quiver_database_get_scalar_metadata(db, "Plant", "segment_cost", &m),
                "Scalar attribute not found: 'segment_cost' in collection 'Plant'");
    CHECK_STR(m.name, "untouched");
    CHECK_ERROR(quiver_database_get_scalar_metadata(db, "Plant", "bus_id", NULL), "Null argument: out_metadata");
    CHECK_ERROR(quiver_database_free_scalar_metadata(NULL), "Null argument: metadata");
}

static void test_group_metadata(void) {
    quiver_group_metadata_t g;
    memset(&g, 0, sizeof g);
    CHECK_OK(quiver_database_get_time_series_metadata(db, "Plant", "load", &g));
    CHECK_STR(g.group_name, "load");
    CHECK_STR(g.dimension_column, "date_time");
    CHECK_INT(g.value_column_count, 3);
    if (g.value_column_count == 3) {
        CHECK_STR(g.value_columns[0].name, "block");
        CHECK_INT(g.value_columns[0].primary_key, 1);
        CHECK_INT(g.value_columns[0].not_null, 1);
        CHECK_STR(g.value_columns[1].name, "load");
        CHECK_STR(g.value_columns[2].name, "flag");
        CHECK_STR(g.value_columns[2].default_value, "7");
    }
    CHECK_OK(quiver_database_free_group_metadata(&g));
    CHECK(g.group_name == NULL && g.value_columns == NULL);
    CHECK_INT(g.value_column_count, 0);

    CHECK_OK(quiver_database_get_vector_metadata(db, "Plant", "segments", &g));
    CHECK(g.dimension_column == NULL);
    CHECK_INT(g.value_column_count, 5);
    CHECK_OK(quiver_database_free_group_metadata(&g));
    CHECK_ERROR(quiver_database_get_set_metadata(db, "Plant", "segments", &g),
                "Set group not found: 'segments' in collection 'Plant'");
    CHECK_ERROR(quiver_database_get_vector_metadata(db, "Plant", NULL, &g), "Null argument: group_name");
    CHECK_ERROR(quiver_database_free_group_metadata(NULL), "Null argument: metadata");
}

static void test_listing(void) {
    quiver_scalar_metadata_t* scalars = NULL;
    quiver_group_metadata_t* groups = NULL;
    size_t n = 0;
    CHECK_OK(quiver_database_list_scalar_attributes(db, "Plant", &scalars, &n));
    CHECK_INT(n, 8);
    if (n == 8) {
        CHECK_STR(scalars[0].name, "id");
        CHECK_STR(scalars[1].name, "label");
        CHECK_STR(scalars[7].name, "plant_spill_to");
    }
    CHECK_OK(quiver_database_free_scalar_metadata_array(scalars, n));

    CHECK_OK(quiver_database_list_set_groups(db, "Plant", &groups, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(groups[0].group_name, "links"); /* sorted by group name */
        CHECK_STR(groups[1].group_name, "tags");
    }
    CHECK_OK(quiver_database_free_group_metadata_array(groups, n));
    CHECK_OK(quiver_database_list_time_series_groups(db, "Plant", &groups, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(groups[0].group_name, "generation");
        CHECK_STR(groups[1].group_name, "load");
    }
    CHECK_OK(quiver_database_free_group_metadata_array(groups, n));

    /* No groups: count 0 and NULL. */
    groups = (quiver_group_metadata_t*)&n;
    CHECK_OK(quiver_database_list_vector_groups(db, "Bus", &groups, &n));
    CHECK_INT(n, 0);
    CHECK(groups == NULL);
    CHECK_ERROR(quiver_database_list_scalar_attributes(db, "Nope", &scalars, &n),
                "Cannot list_scalar_attributes: collection not found: Nope");
    CHECK_ERROR(quiver_database_free_scalar_metadata_array(NULL, 0), "Null argument: metadata");
    CHECK_ERROR(quiver_database_free_group_metadata_array(NULL, 0), "Null argument: metadata");
}

static void test_describe(void) {
    char* report = NULL;
    CHECK_OK(quiver_database_describe(db, &report));
    CHECK(report != NULL && strncmp(report, "Database: :memory:", 18) == 0);
    CHECK_OK(quiver_database_free_string(report));
    report = NULL;
    CHECK_OK(quiver_database_describe_collection(db, "Bus", &report));
    CHECK(report != NULL && strstr(report, "voltage") != NULL);
    CHECK_OK(quiver_database_free_string(report));
    CHECK_ERROR(quiver_database_describe_collection(db, "Nope", &report),
                "Cannot describe_collection: collection not found: Nope");
    CHECK_ERROR(quiver_database_describe(db, NULL), "Null argument: out_report");
}

int main(void) {
    setup();
    QT_RUN(test_scalar_metadata);
    QT_RUN(test_group_metadata);
    QT_RUN(test_listing);
    QT_RUN(test_describe);
    quiver_database_close(db);
    return qt_finish();
}
