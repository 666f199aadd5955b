/*
 * The element builder and element writes through the C API: quiver_element_*, create, update,
 * delete (by id and by label), relations; NULL arguments in parameter order, messages, ids,
 * out-parameters left untouched on failure. Fixture: tests/schemas/study.sql.
 */
#include "qtest.h"

static quiver_database_t* open_study(void) {
    quiver_database_t* db = NULL;
    quiver_database_options_t quiet = qt_quiet();
    char schema[QT_PATH_MAX];
    if (quiver_database_from_schema(":memory:", qt_schema(schema, "study.sql"), &quiet, &db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        exit(2);
    }
    return db;
}

/* Creates an element of `collection` with a label (and an optional float scalar); returns its id. */
static int64_t create_labelled(quiver_database_t* db, const char* collection, const char* label) {
    quiver_element_t* e = NULL;
    int64_t id = -1;
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", label));
    CHECK_OK(quiver_database_create_element(db, collection, e, &id));
    CHECK_OK(quiver_element_destroy(e));
    return id;
}

static int64_t count_of(quiver_database_t* db, const char* collection) {
    int64_t n = -1;
    CHECK_OK(quiver_database_number_of_elements(db, collection, &n));
    return n;
}

/* ---- the builder ----------------------------------------------------------------------------------- */

static void test_builder_null_arguments(void) {
    quiver_element_t* e = NULL;
    const int64_t ints[2] = {1, 2};
    CHECK_ERROR(quiver_element_create(NULL), "Null argument: out_element");
    CHECK_ERROR(quiver_element_destroy(NULL), "Null argument: element");
    CHECK_ERROR(quiver_element_clear(NULL), "Null argument: element");
    CHECK_ERROR(quiver_element_set_integer(NULL, "x", 1), "Null argument: element");
    CHECK_ERROR(quiver_element_set_float(NULL, "x", 1.0), "Null argument: element");
    CHECK_ERROR(quiver_element_set_string(NULL, "x", "v"), "Null argument: element");
    CHECK_ERROR(quiver_element_set_null(NULL, "x"), "Null argument: element");
    CHECK_ERROR(quiver_element_set_array_integer(NULL, "x", ints, 2, NULL), "Null argument: element");
    CHECK_ERROR(quiver_element_to_string(NULL, NULL), "Null argument: element");

    CHECK_OK(quiver_element_create(&e));
    CHECK_ERROR(quiver_element_set_integer(e, NULL, 1), "Null argument: name");
    CHECK_ERROR(quiver_element_set_float(e, NULL, 1.0), "Null argument: name");
    CHECK_ERROR(quiver_element_set_string(e, NULL, "v"), "Null argument: name");
    CHECK_ERROR(quiver_element_set_string(e, "x", NULL), "Null argument: value");
    CHECK_ERROR(quiver_element_set_null(e, NULL), "Null argument: name");
    CHECK_ERROR(quiver_element_set_array_integer(e, NULL, ints, 2, NULL), "Null argument: name");
    CHECK_ERROR(quiver_element_set_array_float(e, NULL, NULL, 0, NULL), "Null argument: name");
    CHECK_ERROR(quiver_element_set_array_string(e, NULL, NULL, 0, NULL), "Null argument: name");
    CHECK_ERROR(quiver_element_to_string(e, NULL), "Null argument: out_string");
    CHECK_OK(quiver_element_destroy(e));
}

static void test_builder_array_counts(void) {
    quiver_element_t* e = NULL;
    const int64_t ints[2] = {1, 2};
    const double floats[1] = {1.5};
    const char* const strings[1] = {"a"};
    CHECK_OK(quiver_element_create(&e));
    /* NULL values with count 0 is an empty array; NULL with a count, or a negative count, is not. */
    CHECK_OK(quiver_element_set_array_integer(e, "a", NULL, 0, NULL));
    CHECK_OK(quiver_element_set_array_float(e, "b", NULL, 0, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "c", NULL, 0, NULL));
    CHECK_ERROR(quiver_element_set_array_integer(e, "a", NULL, 2, NULL), "Invalid values/count combination");
    CHECK_ERROR(quiver_element_set_array_float(e, "b", NULL, 1, NULL), "Invalid values/count combination");
    CHECK_ERROR(quiver_element_set_array_string(e, "c", NULL, 1, NULL), "Invalid values/count combination");
    CHECK_ERROR(quiver_element_set_array_integer(e, "a", ints, -1, NULL), "Invalid values/count combination");
    CHECK_ERROR(quiver_element_set_array_float(e, "b", floats, -1, NULL), "Invalid values/count combination");
    CHECK_ERROR(quiver_element_set_array_string(e, "c", strings, -1, NULL), "Invalid values/count combination");
    CHECK_OK(quiver_element_destroy(e));
}

static void test_builder_to_string(void) {
    quiver_element_t* e = NULL;
    char* text = NULL;
    const int64_t ints[2] = {1, 2};
    const uint8_t second_missing[2] = {1, 0};
    const char* const tags[2] = {"a", "b"};
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_STR(text, "Element {\n}");
    CHECK_OK(quiver_database_free_string(text));

    CHECK_OK(quiver_element_set_string(e, "label", "x"));
    CHECK_OK(quiver_element_set_null(e, "parent_id"));
    CHECK_OK(quiver_element_set_float(e, "some_float", 2.5));
    CHECK_OK(quiver_element_set_array_string(e, "tag", tags, 2, NULL));
    CHECK_OK(quiver_element_set_array_integer(e, "value_int", ints, 2, NULL));
    text = NULL;
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_STR(text,
              "Element {\n"
              "  scalars:\n"
              "    label: \"x\"\n"
              "    parent_id: null\n"
              "    some_float: 2.500000\n"
              "  arrays:\n"
              "    tag: [\"a\", \"b\"]\n"
              "    value_int: [1, 2]\n"
              "}");
    CHECK_OK(quiver_database_free_string(text));

    /* A later value replaces an earlier one of the same name; masks print null. */
    CHECK_OK(quiver_element_set_integer(e, "some_float", 7));
    CHECK_OK(quiver_element_set_array_integer(e, "value_int", ints, 2, second_missing));
    CHECK_OK(quiver_element_clear(e));
    text = NULL;
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_STR(text, "Element {\n}");
    CHECK_OK(quiver_database_free_string(text));

    CHECK_OK(quiver_element_set_integer(e, "n", 7));
    CHECK_OK(quiver_element_set_array_integer(e, "value_int", ints, 2, second_missing));
    text = NULL;
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_STR(text, "Element {\n  scalars:\n    n: 7\n  arrays:\n    value_int: [1, null]\n}");
    CHECK_OK(quiver_database_free_string(text));
    CHECK_OK(quiver_element_destroy(e));
}

static void test_builder_copies_strings(void) {
    quiver_element_t* e = NULL;
    char* text = NULL;
    char name[8] = "label";
    char value[8] = "abc";
    char cell[8] = "t1";
    const char* cells[1];
    cells[0] = cell;
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, name, value));
    CHECK_OK(quiver_element_set_array_string(e, "tag", cells, 1, NULL));
    memcpy(name, "xxxxx", 6);
    memcpy(value, "zzz", 4);
    memcpy(cell, "qq", 3);
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_STR(text, "Element {\n  scalars:\n    label: \"abc\"\n  arrays:\n    tag: [\"t1\"]\n}");
    CHECK_OK(quiver_database_free_string(text));
    CHECK_OK(quiver_element_destroy(e));
}

/* Dumps e into buf (for comparisons of whole elements). */
static const char* dump(quiver_element_t* e, char* buf, size_t size) {
    char* text = NULL;
    CHECK_OK(quiver_element_to_string(e, &text));
    snprintf(buf, size, "%s", text ? text : "");
    quiver_database_free_string(text);
    return buf;
}

/* The extension quiver_element_set_values stores what the setters store, one call for all. */
static void test_builder_set_values(void) {
    quiver_element_t* packed = NULL;
    quiver_element_t* single = NULL;
    char a[512], b[512];
    /* label "x", n NULL, f 2.5, i 7, v [1, 2] (integers), w [0.5] (floats), t ["p", "q"], e [] */
    const char kinds[] = "snfiIFSI";
    const char names[] = "label\0n\0f\0i\0v\0w\0t\0e";
    const int64_t ints[] = {7, 2, 1, 2, 1, 2, 0};
    const double reals[] = {2.5, 0.5};
    const char texts[] = "x\0p\0q";
    CHECK_OK(quiver_element_create(&packed));
    CHECK_OK(quiver_element_create(&single));
    CHECK_OK(quiver_element_set_values(packed, 8, kinds, names, sizeof names, ints, 7, reals, 2, texts, sizeof texts));
    const int64_t v[2] = {1, 2};
    const double w[1] = {0.5};
    const char* const t[2] = {"p", "q"};
    CHECK_OK(quiver_element_set_string(single, "label", "x"));
    CHECK_OK(quiver_element_set_null(single, "n"));
    CHECK_OK(quiver_element_set_float(single, "f", 2.5));
    CHECK_OK(quiver_element_set_integer(single, "i", 7));
    CHECK_OK(quiver_element_set_array_integer(single, "v", v, 2, NULL));
    CHECK_OK(quiver_element_set_array_float(single, "w", w, 1, NULL));
    CHECK_OK(quiver_element_set_array_string(single, "t", t, 2, NULL));
    CHECK_OK(quiver_element_set_array_integer(single, "e", NULL, 0, NULL));
    CHECK_STR(dump(packed, a, sizeof a), dump(single, b, sizeof b));

    /* Nothing to store: no buffers needed. An empty float array needs no float buffer. */
    CHECK_OK(quiver_element_set_values(packed, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0));
    const int64_t zero[1] = {0};
    CHECK_OK(quiver_element_set_values(packed, 1, "F", "w", 2, zero, 1, NULL, 0, NULL, 0));
    CHECK_STR(dump(packed, a, sizeof a),
              "Element {\n  scalars:\n    f: 2.500000\n    i: 7\n    label: \"x\"\n    n: null\n"
              "  arrays:\n    e: []\n    t: [\"p\", \"q\"]\n    v: [1, 2]\n    w: []\n}");

    /* Parts that do not match the kinds are refused before anything is stored. */
    const char* bad = "Invalid values/count combination";
    CHECK_OK(quiver_element_clear(packed));
    CHECK_ERROR(quiver_element_set_values(NULL, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0), "Null argument: element");
    CHECK_ERROR(quiver_element_set_values(packed, 1, NULL, "a", 2, ints, 1, NULL, 0, NULL, 0), "Null argument: kinds");
    CHECK_ERROR(quiver_element_set_values(packed, 1, "i", NULL, 0, ints, 1, NULL, 0, NULL, 0), "Null argument: names");
    CHECK_ERROR(quiver_element_set_values(packed, -1, "i", "a", 2, ints, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 0, "", "", 0, ints, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "x", "a", 2, NULL, 0, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "i", "a", 2, NULL, 0, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "i", "a", 2, NULL, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "i", "ab", 2, ints, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 2, "ii", "a\0b", 4, ints, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "i", "a", 2, ints, 2, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "f", "a", 2, NULL, 0, reals, 2, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "s", "a", 2, NULL, 0, NULL, 0, "xy", 2), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "s", "a", 2, NULL, 0, NULL, 0, "x\0y", 4), bad);
    const int64_t too_many[2] = {3, 1};
    const int64_t negative[1] = {-1};
    const int64_t huge[1] = {(int64_t)INT32_MAX + 1};
    CHECK_ERROR(quiver_element_set_values(packed, 1, "I", "a", 2, too_many, 2, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "F", "a", 2, too_many, 1, reals, 2, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "S", "a", 2, too_many, 1, NULL, 0, "x", 2), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "I", "a", 2, negative, 1, NULL, 0, NULL, 0), bad);
    CHECK_ERROR(quiver_element_set_values(packed, 1, "S", "a", 2, huge, 1, NULL, 0, NULL, 0), bad);
    /* A valid value before a bad one is not stored either. */
    CHECK_ERROR(quiver_element_set_values(packed, 2, "ix", "a\0b", 4, ints, 1, NULL, 0, NULL, 0), bad);
    CHECK_STR(dump(packed, a, sizeof a), "Element {\n}");
    CHECK_OK(quiver_element_destroy(packed));
    CHECK_OK(quiver_element_destroy(single));
}

/* ---- create ------------------------------------------------------------------------------------------ */

static void test_create_element(void) {
    quiver_database_t* db = open_study();
    quiver_element_t* e = NULL;
    int64_t id = -1;
    const double costs[2] = {10.0, 20.5};
    const char* const tags[2] = {"y", "x"};
    CHECK_INT(create_labelled(db, "Configuration", "base"), 1);
    CHECK_INT(create_labelled(db, "Bus", "north"), 1);
    CHECK_INT(create_labelled(db, "Bus", "south"), 2);

    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", "hydro"));
    CHECK_OK(quiver_element_set_float(e, "capacity", 100.5));
    CHECK_OK(quiver_element_set_integer(e, "status", 3));
    CHECK_OK(quiver_element_set_string(e, "date_commission", "2010-06-01T00:00:00"));
    CHECK_OK(quiver_element_set_string(e, "bus_id", "north")); /* a relation given by label */
    CHECK_OK(quiver_element_set_array_float(e, "segment_cost", costs, 2, NULL));
    CHECK_OK(quiver_element_set_array_string(e, "tag", tags, 2, NULL));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_INT(id, 1);
    /* The element is only read: the same one may be used again (with a new label). */
    CHECK_OK(quiver_element_set_string(e, "label", "hydro2"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    CHECK_INT(id, 2);
    CHECK_OK(quiver_element_destroy(e));
    CHECK_INT(count_of(db, "Plant"), 2);
    {
        int64_t bus = -1;
        int has = 0;
        CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "bus_id", 2, &bus, &has));
        CHECK_INT(has, 1);
        CHECK_INT(bus, 1);
    }
    CHECK_OK(quiver_database_close(db));
}

static void test_create_element_errors(void) {
    quiver_database_t* db = open_study();
    quiver_element_t* e = NULL;
    int64_t id = 77;
    const double costs[1] = {1.0};
    CHECK_OK(quiver_element_create(&e));
    CHECK_OK(quiver_element_set_string(e, "label", "p"));

    CHECK_ERROR(quiver_database_create_element(NULL, "Plant", e, &id), "Null argument: db");
    CHECK_ERROR(quiver_database_create_element(db, NULL, e, &id), "Null argument: collection");
    CHECK_ERROR(quiver_database_create_element(db, "Plant", NULL, &id), "Null argument: element");
    CHECK_ERROR(quiver_database_create_element(db, "Plant", e, NULL), "Null argument: out_id");
    /* A NULL check wins over a semantic error. */
    CHECK_ERROR(quiver_database_create_element(db, "Nope", e, NULL), "Null argument: out_id");

    CHECK_ERROR(quiver_database_create_element(db, "Nope", e, &id),
                "Cannot create_element: collection not found: Nope");
    CHECK_OK(quiver_element_set_string(e, "bus_id", "nowhere"));
    CHECK_ERROR(quiver_database_create_element(db, "Plant", e, &id),
                "Failed to resolve label 'nowhere' to ID in table 'Bus'");
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "p"));
    CHECK_OK(quiver_element_set_string(e, "status", "high"));
    CHECK_ERROR(quiver_database_create_element(db, "Plant", e, &id),
                "Cannot create_element: type mismatch for column 'status': expected INTEGER, got TEXT");
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_array_float(e, "segment_cost", costs, 1, NULL));
    CHECK_ERROR(quiver_database_create_element(db, "Plant", e, &id),
                "Cannot create_element: element must have at least one scalar attribute");
    CHECK_INT(id, 77);

    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "p"));
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    id = 77;
    CHECK_ERROR(quiver_database_create_element(db, "Plant", e, &id),
                "Failed to execute statement: UNIQUE constraint failed: Plant.label");
    CHECK_INT(id, 77);
    /* Failed calls leave nothing behind. */
    CHECK_INT(count_of(db, "Plant"), 1);
    CHECK_OK(quiver_element_destroy(e));
    CHECK_OK(quiver_database_close(db));
}

/* ---- update and delete --------------------------------------------------------------------------------- */

static void test_update_element(void) {
    quiver_database_t* db = open_study();
    quiver_element_t* e = NULL;
    double value = 0.0;
    int has = 0;
    create_labelled(db, "Configuration", "base");
    CHECK_INT(create_labelled(db, "Plant", "a"), 1);
    CHECK_INT(create_labelled(db, "Plant", "b"), 2);

    CHECK_OK(quiver_element_create(&e));
    CHECK_ERROR(quiver_database_update_element(NULL, "Plant", 1, e), "Null argument: db");
    CHECK_ERROR(quiver_database_update_element(db, NULL, 1, e), "Null argument: collection");
    CHECK_ERROR(quiver_database_update_element(db, "Plant", 1, NULL), "Null argument: element");
    CHECK_ERROR(quiver_database_update_element_by_label(NULL, "Plant", "a", e), "Null argument: db");
    CHECK_ERROR(quiver_database_update_element_by_label(db, NULL, "a", e), "Null argument: collection");
    CHECK_ERROR(quiver_database_update_element_by_label(db, "Plant", NULL, e), "Null argument: label");
    CHECK_ERROR(quiver_database_update_element_by_label(db, "Plant", "a", NULL), "Null argument: element");
    CHECK_ERROR(quiver_database_update_element(db, "Plant", 1, e),
                "Cannot update_element: element must have at least one attribute to update");

    CHECK_OK(quiver_element_set_float(e, "capacity", 7.25));
    CHECK_OK(quiver_database_update_element(db, "Plant", 1, e));
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", 1, &value, &has));
    CHECK_INT(has, 1);
    CHECK_DOUBLE(value, 7.25);
    CHECK_OK(quiver_element_set_float(e, "capacity", 8.5));
    CHECK_OK(quiver_database_update_element_by_label(db, "Plant", "b", e));
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", 2, &value, &has));
    CHECK_DOUBLE(value, 8.5);

    CHECK_ERROR(quiver_database_update_element(db, "Plant", 99, e), "Element not found: 99 in collection 'Plant'");
    CHECK_ERROR(quiver_database_update_element_by_label(db, "Plant", "zz", e),
                "Element not found: label 'zz' in collection 'Plant'");
    CHECK_OK(quiver_element_destroy(e));
    CHECK_OK(quiver_database_close(db));
}

static void test_delete_element(void) {
    quiver_database_t* db = open_study();
    create_labelled(db, "Configuration", "base");
    create_labelled(db, "Plant", "a");
    create_labelled(db, "Plant", "b");
    create_labelled(db, "Plant", "c");
    CHECK_ERROR(quiver_database_delete_element(NULL, "Plant", 1), "Null argument: db");
    CHECK_ERROR(quiver_database_delete_element(db, NULL, 1), "Null argument: collection");
    CHECK_ERROR(quiver_database_delete_element_by_label(NULL, "Plant", "a"), "Null argument: db");
    CHECK_ERROR(quiver_database_delete_element_by_label(db, NULL, "a"), "Null argument: collection");
    CHECK_ERROR(quiver_database_delete_element_by_label(db, "Plant", NULL), "Null argument: label");

    CHECK_OK(quiver_database_delete_element(db, "Plant", 2));
    CHECK_OK(quiver_database_delete_element_by_label(db, "Plant", "c"));
    CHECK_INT(count_of(db, "Plant"), 1);
    CHECK_ERROR(quiver_database_delete_element(db, "Plant", 2), "Element not found: 2 in collection 'Plant'");
    CHECK_ERROR(quiver_database_delete_element_by_label(db, "Plant", "c"),
                "Element not found: label 'c' in collection 'Plant'");
    {
        int64_t* ids = NULL;
        size_t n = 0;
        CHECK_OK(quiver_database_read_element_ids(db, "Plant", &ids, &n));
        CHECK_INT(n, 1);
        if (n == 1) CHECK_INT(ids[0], 1);
        CHECK_OK(quiver_database_free_integer_array(ids));
    }
    /* AUTOINCREMENT: ids of deleted elements are not reused. */
    CHECK_INT(create_labelled(db, "Plant", "d"), 4);
    CHECK_OK(quiver_database_close(db));
}

static void test_update_relation(void) {
    quiver_database_t* db = open_study();
    int64_t value = 0;
    int has = 7;
    create_labelled(db, "Configuration", "base");
    create_labelled(db, "Bus", "north");
    create_labelled(db, "Bus", "south");
    create_labelled(db, "Plant", "a");
    create_labelled(db, "Plant", "b");

    CHECK_ERROR(quiver_database_update_relation(NULL, "Plant", "Bus", "id", 1, "north"), "Null argument: db");
    CHECK_ERROR(quiver_database_update_relation(db, NULL, "Bus", "id", 1, "north"), "Null argument: collection_from");
    CHECK_ERROR(quiver_database_update_relation(db, "Plant", NULL, "id", 1, "north"), "Null argument: collection_to");
    CHECK_ERROR(quiver_database_update_relation(db, "Plant", "Bus", NULL, 1, "north"), "Null argument: relation_type");
    CHECK_ERROR(quiver_database_update_relation_by_label(db, "Plant", "Bus", "id", NULL, "north"),
                "Null argument: label");

    CHECK_OK(quiver_database_update_relation(db, "Plant", "Bus", "id", 1, "south"));
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "bus_id", 1, &value, &has));
    CHECK_INT(has, 1);
    CHECK_INT(value, 2);
    CHECK_OK(quiver_database_update_relation_by_label(db, "Plant", "Plant", "spill_to", "b", "a"));
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "plant_spill_to", 2, &value, &has));
    CHECK_INT(has, 1);
    CHECK_INT(value, 1);
    /* A NULL target clears the relation. */
    CHECK_OK(quiver_database_update_relation(db, "Plant", "Bus", "id", 1, NULL));
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Plant", "bus_id", 1, &value, &has));
    CHECK_INT(has, 0);

    CHECK_ERROR(quiver_database_update_relation(db, "Plant", "Bus", "id", 1, ""),
                "Failed to resolve label '' to ID in table 'Bus'");
    CHECK_ERROR(quiver_database_update_relation(db, "Plant", "Bus", "nope", 1, "north"),
                "Cannot update_relation: relation column 'bus_nope' not found in collection 'Plant'");
    CHECK_OK(quiver_database_close(db));
}

int main(void) {
    QT_RUN(test_builder_null_arguments);
    QT_RUN(test_builder_array_counts);
    QT_RUN(test_builder_to_string);
    QT_RUN(test_builder_copies_strings);
    QT_RUN(test_builder_set_values);
    QT_RUN(test_create_element);
    QT_RUN(test_create_element_errors);
    QT_RUN(test_update_element);
    QT_RUN(test_delete_element);
    QT_RUN(test_update_relation);
    return qt_finish();
}
