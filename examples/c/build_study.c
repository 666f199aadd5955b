/*
 * build_study: creates a small hydro-thermal study from a schema file with the quiverdb C API,
 * writes buses and plants (scalars, a vector, a set, a relation given by label and an hourly
 * time series), then reads everything back and prints it.
 *
 * Build against an installed libquiverdb (no Makefile needed):
 *
 *     cc -std=c11 -Wall -Wextra build_study.c $(pkg-config --cflags --libs quiverdb) -o build_study
 *     ./build_study ../study.sql study.db
 *
 * (add -Wl,-rpath,"$(pkg-config --variable=libdir quiverdb)" when the library is not installed in
 * a folder the dynamic loader searches). With CMake: find_package(quiverdb) and link
 * quiverdb::quiverdb; see CMakeLists.txt beside this file.
 *
 * Every call returns QUIVER_OK or QUIVER_ERROR; on error quiver_get_last_error() says why. Every
 * result the library allocates is released with the quiver_database_free_* function named in
 * its header comment.
 */
#include <quiver/c/database.h>
#include <quiver/c/element.h>

#include <stdio.h>
#include <stdlib.h>

#define HOURS 24

/* Runs a call; on failure prints the library's message and jumps to the function's cleanup. */
#define TRY(call)                                                               \
    do {                                                                        \
        if ((call) != QUIVER_OK) {                                              \
            fprintf(stderr, "%s failed: %s\n", #call, quiver_get_last_error()); \
            goto done;                                                          \
        }                                                                       \
    } while (0)

static int add_bus(quiver_database_t* db, const char* label, double voltage) {
    quiver_element_t* bus = NULL;
    int64_t id = 0;
    int ok = 0;
    TRY(quiver_element_create(&bus));
    TRY(quiver_element_set_string(bus, "label", label));
    TRY(quiver_element_set_float(bus, "voltage", voltage));
    TRY(quiver_database_create_element(db, "Bus", bus, &id));
    ok = 1;
done:
    if (bus) quiver_element_destroy(bus);
    return ok;
}

/* A plant with two cost segments, two tags and one day of hourly generation. */
static int add_plant(quiver_database_t* db, int n, const char* label, const char* bus_label) {
    quiver_element_t* plant = NULL;
    int64_t id = 0;
    int ok = 0;
    const double costs[2] = {10.0 + n, 20.0 + n};
    const double sizes[2] = {50.0, 50.0};
    const char* const tags[2] = {"renewable", label};
    char commission[32];
    char dates[HOURS][20];
    const char* date_cells[HOURS];
    double generation[HOURS];
    const char* const column_names[2] = {"date_time", "generation"};
    const int column_types[2] = {QUIVER_DATA_TYPE_DATE_TIME, QUIVER_DATA_TYPE_FLOAT};
    const void* column_data[2];
    int h;

    snprintf(commission, sizeof commission, "%d-06-01T00:00:00", 2010 + n);
    TRY(quiver_element_create(&plant));
    TRY(quiver_element_set_string(plant, "label", label));
    TRY(quiver_element_set_float(plant, "capacity", 100.0 * (n + 1)));
    TRY(quiver_element_set_integer(plant, "is_renewable", 1));
    TRY(quiver_element_set_string(plant, "date_commission", commission));
    /* A relation may be given by the label of the element it points to. */
    TRY(quiver_element_set_string(plant, "bus_id", bus_label));
    /* Arrays go to the vector or set table that has a column of that name. */
    TRY(quiver_element_set_array_float(plant, "segment_cost", costs, 2, NULL));
    TRY(quiver_element_set_array_float(plant, "segment_size", sizes, 2, NULL));
    TRY(quiver_element_set_array_string(plant, "tag", tags, 2, NULL));
    TRY(quiver_database_create_element(db, "Plant", plant, &id));

    /* The time series travels column by column: one date column, one value column. */
    for (h = 0; h < HOURS; ++h) {
        snprintf(dates[h], sizeof dates[h], "2025-01-01T%02d:00:00", h);
        date_cells[h] = dates[h];
        generation[h] = (double)(h % 12) * (n + 1);
    }
    column_data[0] = date_cells;
    column_data[1] = generation;
    TRY(quiver_database_update_time_series_group(db, "Plant", "generation", id, column_names, column_types, column_data,
                                                 NULL, 2, HOURS));
    ok = 1;
done:
    if (plant) quiver_element_destroy(plant);
    return ok;
}

/* Prints one plant: scalars read by id, its vector and set, and its time series. */
static int print_plant(quiver_database_t* db, int64_t id, const char* label) {
    char* commission = NULL;
    int has_value = 0;
    int64_t bus_id = 0;
    double* costs = NULL;
    uint8_t* cost_mask = NULL;
    size_t cost_count = 0;
    char** tags = NULL;
    size_t tag_count = 0;
    char** names = NULL;
    int* types = NULL;
    void** data = NULL;
    uint8_t** present = NULL;
    size_t columns = 0, rows = 0, i, c;
    int ok = 0;

    TRY(quiver_database_read_scalar_string_by_id(db, "Plant", "date_commission", id, &commission, &has_value));
    printf("  %s (id %lld): commissioned %s", label, (long long)id, has_value ? commission : "(unknown)");
    TRY(quiver_database_read_scalar_integer_by_id(db, "Plant", "bus_id", id, &bus_id, &has_value));
    if (has_value) printf(", bus id %lld", (long long)bus_id);
    printf("\n");

    TRY(quiver_database_read_vector_floats_by_id(db, "Plant", "segment_cost", id, &costs, &cost_mask, &cost_count));
    printf("    segment_cost:");
    for (i = 0; i < cost_count; ++i) {
        if (cost_mask[i])
            printf(" %.1f", costs[i]);
        else
            printf(" null");
    }
    printf("\n");

    TRY(quiver_database_read_set_strings_by_id(db, "Plant", "tag", id, &tags, &tag_count));
    printf("    tags:");
    for (i = 0; i < tag_count; ++i)
        printf(" %s", tags[i] ? tags[i] : "null");
    printf("\n");

    /* Columnar result: the date dimension first, then the value columns. */
    TRY(quiver_database_read_time_series_group(db, "Plant", "generation", id, &names, &types, &data, &present, &columns,
                                               &rows));
    printf("    generation: %zu rows of", rows);
    for (c = 0; c < columns; ++c)
        printf(" %s", names[c]);
    printf("\n");
    for (i = 0; i < rows && i < 4; ++i) {
        printf("     ");
        for (c = 0; c < columns; ++c) {
            if (!present[c][i]) {
                printf(" null");
            } else if (types[c] == QUIVER_DATA_TYPE_INTEGER) {
                printf(" %lld", (long long)((const int64_t*)data[c])[i]);
            } else if (types[c] == QUIVER_DATA_TYPE_FLOAT) {
                printf(" %8.2f", ((const double*)data[c])[i]);
            } else {
                printf(" %s", ((char* const*)data[c])[i]);
            }
        }
        printf("\n");
    }
    if (rows > 4) printf("      ... %zu more\n", rows - 4);
    ok = 1;
done:
    quiver_database_free_string(commission);
    quiver_database_free_float_array(costs);
    quiver_database_free_mask(cost_mask);
    quiver_database_free_string_array(tags, tag_count);
    if (columns > 0) quiver_database_free_time_series_data(names, types, data, present, columns, rows);
    return ok;
}

static int print_study(quiver_database_t* db) {
    int64_t* ids = NULL;
    size_t count = 0, label_count = 0, capacity_count = 0, i;
    char** labels = NULL;
    double* capacities = NULL;
    uint8_t* capacity_mask = NULL;
    int64_t version = 0;
    int ok = 0;

    TRY(quiver_database_current_version(db, &version));
    printf("study (schema version %lld), quiverdb %s on SQLite %s\n", (long long)version, quiver_version(),
           quiver_sqlite_version());
    /* Bulk reads return one entry per element, in the order of read_element_ids. */
    TRY(quiver_database_read_element_ids(db, "Plant", &ids, &count));
    TRY(quiver_database_read_scalar_strings(db, "Plant", "label", &labels, &label_count));
    TRY(quiver_database_read_scalar_floats(db, "Plant", "capacity", &capacities, &capacity_mask, &capacity_count));
    printf("%zu plants\n", count);
    for (i = 0; i < count; ++i) {
        printf("  %-6s capacity %6.1f MW\n", labels[i], capacity_mask[i] ? capacities[i] : 0.0);
    }
    for (i = 0; i < count; ++i) {
        if (!print_plant(db, ids[i], labels[i])) goto done;
    }
    ok = 1;
done:
    quiver_database_free_integer_array(ids);
    quiver_database_free_string_array(labels, label_count);
    quiver_database_free_float_array(capacities);
    quiver_database_free_mask(capacity_mask);
    return ok;
}

int main(int argc, char** argv) {
    quiver_database_t* db = NULL;
    quiver_database_options_t options = quiver_database_options_default();
    quiver_element_t* configuration = NULL;
    int64_t id = 0;
    int status = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: %s SCHEMA.sql OUTPUT.db\n", argv[0]);
        return 2;
    }
    options.console_level = QUIVER_LOG_WARN; /* the library logs to stderr from this level up */

    TRY(quiver_database_from_schema(argv[2], argv[1], &options, &db));
    TRY(quiver_element_create(&configuration));
    TRY(quiver_element_set_string(configuration, "label", "base"));
    TRY(quiver_element_set_integer(configuration, "base_year", 2025));
    TRY(quiver_database_create_element(db, "Configuration", configuration, &id));
    if (!add_bus(db, "north", 230.0) || !add_bus(db, "south", 138.0)) goto done;
    if (!add_plant(db, 0, "hydro", "north") || !add_plant(db, 1, "wind", "south")) goto done;
    if (!print_study(db)) goto done;
    status = 0;
done:
    if (configuration) quiver_element_destroy(configuration);
    quiver_database_close(db);
    return status;
}
