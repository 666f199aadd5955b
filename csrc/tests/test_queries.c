/*
 * Queries, transactions and dry runs through the C API: parameter marshalling (the void* of a
 * STRING parameter is the characters), result kinds, read-only enforcement, transaction and
 * dry-run state and messages. Fixture: tests/schemas/study.sql.
 */
#include "qtest.h"

static quiver_database_t* db;

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
    CHECK_OK(quiver_element_set_string(e, "label", "north"));
    CHECK_OK(quiver_element_set_float(e, "voltage", 230.5));
    CHECK_OK(quiver_database_create_element(db, "Bus", e, &id));
    CHECK_OK(quiver_element_destroy(e));
}

static int64_t bus_count(void) {
    int64_t n = -1;
    CHECK_OK(quiver_database_number_of_elements(db, "Bus", &n));
    return n;
}

static void add_bus(const char* label) {
    quiver_element_t* e = NULL;
    int64_t id = 0;
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", label));
    CHECK_OK(quiver_database_create_element(db, "Bus", e, &id));
    CHECK_OK(quiver_element_destroy(e));
}

static void test_query_values(void) {
    int64_t i = 77;
    double f = 77.0;
    char* s = NULL;
    int has = 7;
    CHECK_OK(quiver_database_query_integer(db, "SELECT COUNT(*) FROM Bus", NULL, NULL, 0, &i, &has));
    CHECK_INT(has, 1);
    CHECK_INT(i, 1);
    CHECK_OK(quiver_database_query_float(db, "SELECT voltage FROM Bus", NULL, NULL, 0, &f, &has));
    CHECK_INT(has, 1);
    CHECK_DOUBLE(f, 230.5);
    CHECK_OK(quiver_database_query_float(db, "SELECT 3", NULL, NULL, 0, &f, &has));
    CHECK_DOUBLE(f, 3.0);
    CHECK_OK(quiver_database_query_string(db, "SELECT label FROM Bus", NULL, NULL, 0, &s, &has));
    CHECK_INT(has, 1);
    CHECK_STR(s, "north");
    CHECK_OK(quiver_database_free_string(s));
    /* No narrowing, no parsing, no stringifying: no value. Numbers stay untouched, strings NULL. */
    i = 77;
    CHECK_OK(quiver_database_query_integer(db, "SELECT 2.7", NULL, NULL, 0, &i, &has));
    CHECK_INT(has, 0);
    CHECK_INT(i, 77);
    CHECK_OK(quiver_database_query_integer(db, "SELECT '12'", NULL, NULL, 0, &i, &has));
    CHECK_INT(has, 0);
    s = (char*)"sentinel";
    CHECK_OK(quiver_database_query_string(db, "SELECT 3", NULL, NULL, 0, &s, &has));
    CHECK_INT(has, 0);
    CHECK(s == NULL);
    CHECK_OK(quiver_database_query_string(db, "SELECT label FROM Bus WHERE id = 99", NULL, NULL, 0, &s, &has));
    CHECK_INT(has, 0);
}

static void test_query_parameters(void) {
    int64_t eight = 8, i = 0;
    double half = 0.5, f = 0.0;
    int has = 0;
    {
        const int types[1] = {QUIVER_DATA_TYPE_INTEGER};
        const void* values[1];
        values[0] = &eight;
        CHECK_OK(quiver_database_query_integer(db, "SELECT ?1 + ?1", types, values, 1, &i, &has));
        CHECK_INT(i, 16);
    }
    {
        const int types[3] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_NULL};
        const void* values[3];
        values[0] = &half;
        values[1] = "north"; /* a STRING parameter's pointer is the characters themselves */
        values[2] = NULL;    /* ignored for type NULL */
        CHECK_OK(quiver_database_query_float(db, "SELECT voltage + ? FROM Bus WHERE label = ? AND ? IS NULL", types,
                                             values, 3, &f, &has));
        CHECK_INT(has, 1);
        CHECK_DOUBLE(f, 231.0);
        /* DATE_TIME is not a parameter type: date-times travel as STRING. */
        CHECK_ERROR(quiver_database_query_integer(db, "SELECT ?", (const int[]){QUIVER_DATA_TYPE_DATE_TIME}, values, 1,
                                                  &i, &has),
                    "Cannot query_integer: unknown parameter type 3");
        CHECK_ERROR(quiver_database_query_string(db, "SELECT ?", types, values, 1, NULL, &has),
                    "Null argument: out_value");
    }
    {
        char* s = NULL;
        CHECK_ERROR(quiver_database_query_string(db, "SELECT ?", (const int[]){QUIVER_DATA_TYPE_STRING},
                                                 (const void* const[]){NULL}, 1, &s, &has),
                    "Cannot query_string: parameter at index 0 has null string value");
        CHECK_ERROR(quiver_database_query_integer(db, "SELECT ?", NULL, NULL, 1, &i, &has),
                    "Null argument: param_types");
        CHECK_ERROR(quiver_database_query_integer(db, "SELECT ? + ?", (const int[]){QUIVER_DATA_TYPE_INTEGER},
                                                  (const void* const[]){&eight}, 1, &i, &has),
                    "Failed to execute statement: expected 2 bound parameter(s) but got 1");
    }
}

static void test_query_errors(void) {
    int64_t i = 0;
    int has = 0;
    CHECK_ERROR(quiver_database_query_integer(NULL, "SELECT 1", NULL, NULL, 0, &i, &has), "Null argument: db");
    CHECK_ERROR(quiver_database_query_integer(db, NULL, NULL, NULL, 0, &i, &has), "Null argument: sql");
    CHECK_ERROR(quiver_database_query_integer(db, "SELECT 1", NULL, NULL, 0, &i, NULL), "Null argument: out_has_value");
    CHECK_ERROR(quiver_database_query_integer(db, "SELEC 1", NULL, NULL, 0, &i, &has),
                "Failed to prepare statement: near \"SELEC\": syntax error");
    CHECK_ERROR(quiver_database_query_integer(db, "DELETE FROM Bus", NULL, NULL, 0, &i, &has),
                "Cannot query: SQL must be read-only; writes, PRAGMA, ATTACH, VACUUM and transaction control are "
                "not allowed");
    CHECK_INT(bus_count(), 1);
}

static void test_transactions(void) {
    int active = 7;
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_INT(active, 0);
    CHECK_ERROR(quiver_database_commit(db), "Cannot commit: no active transaction");
    CHECK_ERROR(quiver_database_rollback(db), "Cannot rollback: no active transaction");

    CHECK_OK(quiver_database_begin_transaction(db));
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_INT(active, 1);
    CHECK_ERROR(quiver_database_begin_transaction(db), "Cannot begin_transaction: transaction already active");
    add_bus("t1");
    CHECK_OK(quiver_database_rollback(db));
    CHECK_INT(bus_count(), 1);
    CHECK_OK(quiver_database_begin_transaction(db));
    add_bus("t2");
    CHECK_OK(quiver_database_commit(db));
    CHECK_INT(bus_count(), 2);
    CHECK_ERROR(quiver_database_begin_dry_run(NULL), "Null argument: db");
    CHECK_ERROR(quiver_database_in_transaction(db, NULL), "Null argument: out_active");
}

static void test_dry_run(void) {
    int active = 7;
    CHECK_ERROR(quiver_database_end_dry_run(db), "Cannot end_dry_run: no active dry run");
    CHECK_OK(quiver_database_begin_dry_run(db));
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_INT(active, 1);
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_INT(active, 1);
    CHECK_ERROR(quiver_database_begin_dry_run(db), "Cannot begin_dry_run: dry run already active");
    /* Transaction control is ignored inside a dry run. */
    CHECK_OK(quiver_database_begin_transaction(db));
    add_bus("dry");
    CHECK_OK(quiver_database_commit(db));
    CHECK_INT(bus_count(), 3);
    CHECK_OK(quiver_database_end_dry_run(db));
    CHECK_INT(bus_count(), 2);
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_INT(active, 0);

    CHECK_OK(quiver_database_begin_transaction(db));
    CHECK_ERROR(quiver_database_begin_dry_run(db), "Cannot begin_dry_run: transaction already active");
    CHECK_OK(quiver_database_rollback(db));
}

int main(void) {
    setup();
    QT_RUN(test_query_values);
    QT_RUN(test_query_parameters);
    QT_RUN(test_query_errors);
    QT_RUN(test_transactions);
    QT_RUN(test_dry_run);
    quiver_database_close(db);
    return qt_finish();
}
