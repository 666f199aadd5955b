/*
 * Fault-injection driver for the core (run by csrc/tests/fault/run.sh, built with ASan+UBSan).
 *
 * The core is compiled with fault_inject.h force-included, so its malloc/calloc/realloc/free
 * come here; SQLite's allocator is wrapped with SQLITE_CONFIG_MALLOC. For each scenario (one or a
 * few API calls on a seeded in-memory study database) the driver runs the scenario once without
 * faults, then again and again with allocation k failing (k = 1, 2, ... until no allocation is
 * left to fail), in two modes: only allocation k fails, or every allocation from k on fails.
 * After every run it checks:
 *   - no crash, no sanitizer report (ASan/UBSan abort the process);
 *   - the core holds no block after the database is closed and every result freed (leaks);
 *   - a write call that failed left the database exactly as before, one that succeeded left it
 *     exactly as the fault-free run did (atomic writes under OOM);
 *   - no transaction is left open behind the caller's back.
 * Prints "fault: N runs, M failures" and exits non-zero on any failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef QT_SCHEMAS_DIR
#error "QT_SCHEMAS_DIR must name tests/schemas"
#endif

/* ---- the allocator seen by the core and by SQLite ------------------------------------------- */

static long fi_live = 0;    /* core blocks alive */
static long fi_fail_at = 0; /* 0: no injection */
static long fi_count = 0;   /* allocations since arming */
static int fi_sticky = 0;   /* every allocation from fi_fail_at on fails */
static int fi_hit = 0;      /* an allocation was made to fail during this run */

static int fi_should_fail(void) {
    if (!fi_fail_at) return 0;
    ++fi_count;
    if (fi_count == fi_fail_at || (fi_sticky && fi_count > fi_fail_at)) {
        fi_hit = 1;
        return 1;
    }
    return 0;
}

void* qv_fi_malloc(size_t n) {
    if (fi_should_fail()) return NULL;
    void* p = malloc(n);
    if (p) fi_live++;
    return p;
}

void* qv_fi_calloc(size_t n, size_t size) {
    if (fi_should_fail()) return NULL;
    void* p = calloc(n, size);
    if (p) fi_live++;
    return p;
}

void* qv_fi_realloc(void* p, size_t n) {
    if (fi_should_fail()) return NULL;
    void* q = realloc(p, n);
    if (q && !p) fi_live++;
    return q;
}

void qv_fi_free(void* p) {
    if (p) fi_live--;
    free(p);
}

static sqlite3_mem_methods fi_sqlite_default;

static void* fi_sqlite_malloc(int n) { return fi_should_fail() ? NULL : fi_sqlite_default.xMalloc(n); }
static void* fi_sqlite_realloc(void* p, int n) { return fi_should_fail() ? NULL : fi_sqlite_default.xRealloc(p, n); }

static void fi_arm(long at, int sticky) {
    fi_fail_at = at;
    fi_sticky = sticky;
    fi_count = 0;
    fi_hit = 0;
}

static void fi_disarm(void) { fi_fail_at = 0; }

/* ---- checks --------------------------------------------------------------------------------- */

static long runs = 0;
static long failures = 0;
static long ended_by_sqlite = 0; /* runs where SQLite rolled the caller's transaction back itself */
static const char* current = "";

static void fail(long k, int sticky, const char* what, const char* detail) {
    failures++;
    fprintf(stderr, "FAIL [%s] k=%ld%s: %s%s%s (last error: \"%s\")\n", current, k, sticky ? " sticky" : "", what,
            detail ? ": " : "", detail ? detail : "", quiver_get_last_error());
}

/* Text dump of every table's rows, in rowid/primary-key order, read without injection. */
typedef struct {
    char* text;
    size_t len, cap;
} dump_buf;

static void dump_add(dump_buf* d, const char* s) {
    size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->text = (char*)realloc(d->text, d->cap);
        if (!d->text) abort();
    }
    memcpy(d->text + d->len, s, n + 1);
    d->len += n;
}

static int dump_row(void* user, int n, char** values, char** names) {
    (void)names;
    dump_buf* d = (dump_buf*)user;
    for (int i = 0; i < n; ++i) {
        dump_add(d, values[i] ? values[i] : "NULL");
        dump_add(d, "|");
    }
    dump_add(d, "\n");
    return 0;
}

static char* snapshot(quiver_database_t* db) {
    dump_buf d = {NULL, 0, 0};
    dump_add(&d, "");
    sqlite3_stmt* st = NULL;
    if (sqlite3_prepare_v2(db->db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &st, NULL) !=
        SQLITE_OK)
        abort();
    while (sqlite3_step(st) == SQLITE_ROW) {
        char sql[256];
        const char* name = (const char*)sqlite3_column_text(st, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2", name);
        dump_add(&d, name);
        dump_add(&d, ":\n");
        if (sqlite3_exec(db->db, sql, dump_row, &d, NULL) != SQLITE_OK) {
            /* tables with one column */
            snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
            if (sqlite3_exec(db->db, sql, dump_row, &d, NULL) != SQLITE_OK) abort();
        }
    }
    sqlite3_finalize(st);
    return d.text;
}

/* ---- fixtures ------------------------------------------------------------------------------- */

static quiver_error_t open_study(quiver_database_t** out) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    return quiver_database_from_schema(":memory:", QT_SCHEMAS_DIR "/study.sql", &options, out);
}

static int64_t create_simple(quiver_database_t* db, const char* collection, const char* label) {
    quiver_element_t* e = NULL;
    int64_t id = 0;
    if (quiver_element_create(&e) != QUIVER_OK || quiver_element_set_string(e, "label", label) != QUIVER_OK ||
        quiver_database_create_element(db, collection, e, &id) != QUIVER_OK) {
        fprintf(stderr, "seed failed: %s\n", quiver_get_last_error());
        abort();
    }
    quiver_element_destroy(e);
    return id;
}

static void seed(quiver_database_t* db) {
    create_simple(db, "Configuration", "base");
    create_simple(db, "Bus", "b1");
    create_simple(db, "Bus", "b2");
    quiver_element_t* e = NULL;
    int64_t id = 0;
    const double costs[2] = {1.5, 2.5};
    const char* const tags[2] = {"x", "y"};
    const char* const dates[2] = {"2024-01-01", "2024-01-02T10:00:00"};
    const double gen[2] = {10, 20};
    quiver_element_create(&e);
    quiver_element_set_string(e, "label", "p1");
    quiver_element_set_float(e, "capacity", 5);
    quiver_element_set_string(e, "bus_id", "b1");
    quiver_element_set_array_float(e, "segment_cost", costs, 2, NULL);
    quiver_element_set_array_string(e, "tag", tags, 2, NULL);
    quiver_element_set_array_string(e, "date_time", dates, 2, NULL);
    quiver_element_set_array_float(e, "generation", gen, 2, NULL);
    const int64_t blocks[2] = {1, 1};
    quiver_element_set_array_integer(e, "block", blocks, 2, NULL);
    if (quiver_database_create_element(db, "Plant", e, &id) != QUIVER_OK) {
        fprintf(stderr, "seed failed: %s\n", quiver_get_last_error());
        abort();
    }
    quiver_element_destroy(e);
    create_simple(db, "Plant", "p2");
    const char* const names[1] = {"cost_file"};
    const char* const paths[1] = {"c.csv"};
    quiver_database_update_time_series_files(db, "Plant", names, paths, 1);
}

/* ---- scenarios: each returns the result of its (last) write call, QUIVER_OK for reads -------- */

static quiver_error_t s_create(quiver_database_t* db) {
    quiver_element_t* e = NULL;
    if (quiver_element_create(&e) != QUIVER_OK) return QUIVER_ERROR;
    const double costs[3] = {1, 2, 3};
    const uint8_t mask[3] = {1, 0, 1};
    const int64_t sizes[3] = {4, 5, 6};
    const char* const seg_names[3] = {"a", NULL, " c "};
    const char* const seg_dates[3] = {"2024-01-01", "2024-01-02 03:04:05", NULL};
    const char* const buses[3] = {"b1", "b2", " b1"};
    const char* const tags[2] = {"t1", "t2"};
    const char* const dates[2] = {"2024-01-01", "2024-02-01"};
    const double gen[2] = {1, 2};
    quiver_error_t rc = QUIVER_OK;
    if (rc == QUIVER_OK) rc = quiver_element_set_string(e, "label", "p3");
    if (rc == QUIVER_OK) rc = quiver_element_set_float(e, "capacity", 7.5);
    if (rc == QUIVER_OK) rc = quiver_element_set_integer(e, "status", 2);
    if (rc == QUIVER_OK) rc = quiver_element_set_string(e, "date_commission", "2020-05-06");
    if (rc == QUIVER_OK) rc = quiver_element_set_string(e, "bus_id", "b2");
    if (rc == QUIVER_OK) rc = quiver_element_set_null(e, "plant_spill_to");
    if (rc == QUIVER_OK) rc = quiver_element_set_array_float(e, "segment_cost", costs, 3, mask);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_integer(e, "segment_size", sizes, 3, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "segment_name", seg_names, 3, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "date_segment", seg_dates, 3, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "bus_segment", buses, 3, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "tag", tags, 2, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "date_time", dates, 2, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_float(e, "generation", gen, 2, NULL);
    const int64_t blocks[2] = {1, 2};
    if (rc == QUIVER_OK) rc = quiver_element_set_array_integer(e, "block", blocks, 2, NULL);
    char* text = NULL;
    if (rc == QUIVER_OK && quiver_element_to_string(e, &text) == QUIVER_OK) quiver_database_free_string(text);
    int64_t id = 0;
    if (rc == QUIVER_OK) rc = quiver_database_create_element(db, "Plant", e, &id);
    quiver_element_destroy(e);
    return rc;
}

static quiver_error_t s_update(quiver_database_t* db) {
    quiver_element_t* e = NULL;
    if (quiver_element_create(&e) != QUIVER_OK) return QUIVER_ERROR;
    const char* const tags[3] = {"u", "v", "w"};
    const double costs[1] = {9};
    quiver_error_t rc = quiver_element_set_string(e, "label", "p1-renamed");
    if (rc == QUIVER_OK) rc = quiver_element_set_string(e, "bus_id", "b2");
    if (rc == QUIVER_OK) rc = quiver_element_set_array_string(e, "tag", tags, 3, NULL);
    if (rc == QUIVER_OK) rc = quiver_element_set_array_float(e, "segment_cost", costs, 1, NULL);
    if (rc == QUIVER_OK) rc = quiver_database_update_element_by_label(db, "Plant", "p1", e);
    quiver_element_destroy(e);
    return rc;
}

static quiver_error_t s_delete(quiver_database_t* db) {
    return quiver_database_delete_element_by_label(db, "Plant", "p1");
}

static quiver_error_t s_delete_bus(quiver_database_t* db) { return quiver_database_delete_element(db, "Bus", 1); }

static quiver_error_t s_vector_group(quiver_database_t* db) {
    const char* const names[5] = {"segment_cost", "segment_name", "date_segment", "bus_segment", "segment_cost"};
    const int types[5] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_DATE_TIME,
                          QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_INTEGER};
    const double cost[2] = {1, 2};
    const int64_t cost2[2] = {3, 4};
    const char* const seg[2] = {"n1", NULL};
    const char* const dates[2] = {"2024-01-01", "2024-01-01T01:02:03"};
    const char* const buses[2] = {"b2", "b1"};
    const void* data[5] = {cost, seg, dates, buses, cost2};
    const uint8_t m[2] = {0, 1};
    const uint8_t* masks[5] = {NULL, NULL, NULL, NULL, m};
    return quiver_database_update_vector_group_by_label(db, "Plant", "segments", "p1", names, types, data, masks, 5, 2);
}

static quiver_error_t s_set_group(quiver_database_t* db) {
    const char* const names[2] = {"bus_link", "weight"};
    const int types[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* const buses[3] = {"b1", "b2", "b1"};
    const double w[3] = {1, 2, 3};
    const void* data[2] = {buses, w};
    return quiver_database_update_set_group(db, "Plant", "links", 1, names, types, data, NULL, 2, 3);
}

static quiver_error_t s_clear_set(quiver_database_t* db) {
    return quiver_database_update_set_group(db, "Plant", "tags", 1, NULL, NULL, NULL, NULL, 0, 0);
}

static quiver_error_t s_time_series_group(quiver_database_t* db) {
    const char* const names[4] = {"date_time", "generation", "note", "date_checked"};
    const int types[4] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_STRING,
                          QUIVER_DATA_TYPE_DATE_TIME};
    const char* const dates[3] = {"2025-01-01", "2025-01-02", "2025-01-03 04:00:00"};
    const double gen[3] = {1, 2, 3};
    const char* const notes[3] = {"a", NULL, "c"};
    const char* const checked[3] = {"2025-01-01", NULL, "2025-02-01"};
    const void* data[4] = {dates, gen, notes, checked};
    return quiver_database_update_time_series_group_by_label(db, "Plant", "generation", "p2", names, types, data, NULL,
                                                             4, 3);
}

static quiver_error_t s_upsert(quiver_database_t* db) {
    const char* const names[4] = {"date_time", "block", "load", "flag"};
    const int types[4] = {QUIVER_DATA_TYPE_DATE_TIME, QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_FLOAT,
                          QUIVER_DATA_TYPE_INTEGER};
    const char* const date[1] = {"2024-03-04 05:06:07"};
    const int64_t block[1] = {2};
    const double load[1] = {0.5};
    const void* data[4] = {date, block, load, NULL};
    return quiver_database_upsert_time_series_row_by_label(db, "Plant", "load", "p2", names, types, data, 4);
}

static quiver_error_t s_files(quiver_database_t* db) {
    const char* const names[3] = {"generation_file", "cost_file", "generation_file"};
    const char* const paths[3] = {"g.csv", NULL, " g2.csv "};
    return quiver_database_update_time_series_files(db, "Plant", names, paths, 3);
}

static quiver_error_t s_relation(quiver_database_t* db) {
    return quiver_database_update_relation_by_label(db, "Plant", "Plant", "spill_to", "p1", "p2");
}

static quiver_error_t s_transaction(quiver_database_t* db) {
    if (quiver_database_begin_transaction(db) != QUIVER_OK) return QUIVER_ERROR;
    quiver_error_t rc = s_create(db);
    if (rc == QUIVER_OK) rc = s_relation(db);
    if (rc == QUIVER_OK) rc = quiver_database_commit(db);
    /* Several writes: on failure the caller rolls back everything (checked as "unchanged"). */
    if (rc != QUIVER_OK) {
        int open = 0;
        quiver_database_in_transaction(db, &open);
        /* A failed commit leaves the transaction open; the caller rolls back. */
        if (open && quiver_database_rollback(db) != QUIVER_OK) {
            /* Rolling back may itself fail under OOM; retried once faults are off. */
        }
    }
    return rc;
}

static quiver_error_t s_dry_run(quiver_database_t* db) {
    if (quiver_database_begin_dry_run(db) != QUIVER_OK) return QUIVER_ERROR;
    s_create(db);
    s_delete(db);
    quiver_database_end_dry_run(db);
    return QUIVER_ERROR; /* nothing may remain either way */
}

static void read_columnar(quiver_error_t (*fn)(quiver_database_t*, const char*, const char*, int64_t, char***, int**,
                                               void***, uint8_t***, size_t*, size_t*),
                          quiver_database_t* db, const char* group, int64_t id) {
    char** names = NULL;
    int* types = NULL;
    void** data = NULL;
    uint8_t** masks = NULL;
    size_t cols = 0, rows = 0;
    if (fn(db, "Plant", group, id, &names, &types, &data, &masks, &cols, &rows) == QUIVER_OK)
        quiver_database_free_time_series_data(names, types, data, masks, cols, rows);
}

static quiver_error_t s_reads(quiver_database_t* db) {
    int64_t* ints = NULL;
    double* floats = NULL;
    char** strings = NULL;
    uint8_t* mask = NULL;
    size_t n = 0;
    if (quiver_database_read_scalar_integers(db, "Plant", "bus_id", &ints, &mask, &n) == QUIVER_OK) {
        quiver_database_free_integer_array(ints);
        quiver_database_free_mask(mask);
    }
    if (quiver_database_read_scalar_floats(db, "Plant", "capacity", &floats, &mask, &n) == QUIVER_OK) {
        quiver_database_free_float_array(floats);
        quiver_database_free_mask(mask);
    }
    if (quiver_database_read_scalar_strings(db, "Plant", "label", &strings, &n) == QUIVER_OK)
        quiver_database_free_string_array(strings, n);
    int64_t i = 0;
    double f = 0;
    char* s = NULL;
    int has = 0;
    quiver_database_read_scalar_integer_by_id(db, "Plant", "bus_id", 1, &i, &has);
    quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", 1, &f, &has);
    if (quiver_database_read_scalar_string_by_id(db, "Plant", "label", 1, &s, &has) == QUIVER_OK)
        quiver_database_free_string(s);
    if (quiver_database_read_element_ids(db, "Plant", &ints, &n) == QUIVER_OK) quiver_database_free_integer_array(ints);
    quiver_database_number_of_elements(db, "Plant", &i);
    double** fv = NULL;
    int64_t** iv = NULL;
    char*** sv = NULL;
    uint8_t** masks = NULL;
    size_t* sizes = NULL;
    if (quiver_database_read_vector_floats(db, "Plant", "segment_cost", &fv, &masks, &sizes, &n) == QUIVER_OK) {
        quiver_database_free_masks(masks, n);
        quiver_database_free_float_vectors(fv, sizes, n);
    }
    if (quiver_database_read_vector_integers(db, "Plant", "segment_size", &iv, &masks, &sizes, &n) == QUIVER_OK) {
        quiver_database_free_masks(masks, n);
        quiver_database_free_integer_vectors(iv, sizes, n);
    }
    if (quiver_database_read_set_strings(db, "Plant", "tag", &sv, &sizes, &n) == QUIVER_OK)
        quiver_database_free_string_vectors(sv, sizes, n);
    if (quiver_database_read_set_strings_by_id(db, "Plant", "tag", 1, &strings, &n) == QUIVER_OK)
        quiver_database_free_string_array(strings, n);
    if (quiver_database_read_vector_floats_by_id(db, "Plant", "segment_cost", 1, &floats, &mask, &n) == QUIVER_OK) {
        quiver_database_free_float_array(floats);
        quiver_database_free_mask(mask);
    }
    read_columnar(quiver_database_read_vector_group_by_id, db, "segments", 1);
    read_columnar(quiver_database_read_set_group_by_id, db, "tags", 1);
    read_columnar(quiver_database_read_time_series_group, db, "generation", 1);
    int type = 0;
    void* values = NULL;
    if (quiver_database_read_time_series_row(db, "Plant", "generation", "generation", "2024-01-02", &type, &values,
                                             &mask, &n) == QUIVER_OK) {
        quiver_database_free_float_array((double*)values);
        quiver_database_free_mask(mask);
    }
    char** cols = NULL;
    char** paths = NULL;
    if (quiver_database_read_time_series_files(db, "Plant", &cols, &paths, &n) == QUIVER_OK)
        quiver_database_free_time_series_files(cols, paths, n);
    if (quiver_database_list_time_series_files_columns(db, "Plant", &cols, &n) == QUIVER_OK)
        quiver_database_free_string_array(cols, n);
    return QUIVER_OK;
}

static quiver_error_t s_metadata(quiver_database_t* db) {
    quiver_scalar_metadata_t sm;
    quiver_group_metadata_t gm;
    quiver_scalar_metadata_t* sl = NULL;
    quiver_group_metadata_t* gl = NULL;
    size_t n = 0;
    if (quiver_database_get_scalar_metadata(db, "Plant", "bus_id", &sm) == QUIVER_OK)
        quiver_database_free_scalar_metadata(&sm);
    if (quiver_database_get_time_series_metadata(db, "Plant", "load", &gm) == QUIVER_OK)
        quiver_database_free_group_metadata(&gm);
    if (quiver_database_list_scalar_attributes(db, "Plant", &sl, &n) == QUIVER_OK && sl)
        quiver_database_free_scalar_metadata_array(sl, n);
    if (quiver_database_list_vector_groups(db, "Plant", &gl, &n) == QUIVER_OK && gl)
        quiver_database_free_group_metadata_array(gl, n);
    if (quiver_database_list_set_groups(db, "Plant", &gl, &n) == QUIVER_OK && gl)
        quiver_database_free_group_metadata_array(gl, n);
    char* report = NULL;
    if (quiver_database_describe(db, &report) == QUIVER_OK) quiver_database_free_string(report);
    if (quiver_database_describe_collection(db, "Plant", &report) == QUIVER_OK) quiver_database_free_string(report);
    return QUIVER_OK;
}

static quiver_error_t s_queries(quiver_database_t* db) {
    const int types[3] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_NULL};
    const int64_t one = 1;
    const void* values[3] = {" p1 ", &one, NULL};
    char* s = NULL;
    int64_t i = 0;
    double f = 0;
    int has = 0;
    if (quiver_database_query_string(db, "SELECT label || ?3 FROM Plant WHERE label = ?1 OR id = ?2", types, values, 3,
                                     &s, &has) == QUIVER_OK &&
        has)
        quiver_database_free_string(s);
    if (quiver_database_query_string(db, "SELECT label FROM Plant ORDER BY id", NULL, NULL, 0, &s, &has) == QUIVER_OK &&
        has)
        quiver_database_free_string(s);
    quiver_database_query_integer(db, "SELECT count(*) FROM Plant_vector_segments", NULL, NULL, 0, &i, &has);
    quiver_database_query_float(db, "SELECT sum(generation) FROM Plant_time_series_generation", NULL, NULL, 0, &f,
                                &has);
    quiver_database_query_integer(db, "DELETE FROM Plant", NULL, NULL, 0, &i, &has);
    return QUIVER_OK;
}

typedef struct {
    const char* name;
    quiver_error_t (*run)(quiver_database_t*);
} scenario;

static const scenario scenarios[] = {
    {"create_element", s_create},
    {"update_element_by_label", s_update},
    {"delete_element", s_delete},
    {"delete_element_bus", s_delete_bus},
    {"update_vector_group", s_vector_group},
    {"update_set_group", s_set_group},
    {"clear_set_group", s_clear_set},
    {"update_time_series_group", s_time_series_group},
    {"upsert_time_series_row", s_upsert},
    {"update_time_series_files", s_files},
    {"update_relation", s_relation},
    {"transaction", s_transaction},
    {"dry_run", s_dry_run},
    {"reads", s_reads},
    {"metadata", s_metadata},
    {"queries", s_queries},
};

/* One run of a scenario with allocation k failing. Returns 1 when a fault was injected (so a
 * larger k is worth trying). */
static int run_once(const scenario* sc, long k, int sticky, const char* expected) {
    quiver_database_t* db = NULL;
    if (open_study(&db) != QUIVER_OK) {
        fprintf(stderr, "cannot open study.sql: %s\n", quiver_get_last_error());
        abort();
    }
    seed(db);
    char* before = snapshot(db);
    runs++;
    fi_arm(k, sticky);
    quiver_error_t rc = sc->run(db);
    int hit = fi_hit;
    fi_disarm();
    /* SQLite may have ended the caller's transaction or dry run on its own after an error: writes
     * are then refused until the caller ends it, which succeeds. */
    if ((db->in_transaction || db->in_dry_run) && sqlite3_get_autocommit(db->db)) {
        ended_by_sqlite++;
        const char* expected_error = db->in_dry_run
                                         ? "Cannot write: the dry run's transaction was rolled back after an "
                                           "earlier error; call end_dry_run"
                                         : "Cannot write: the transaction was rolled back after an earlier "
                                           "error; call rollback";
        if (quiver_database_delete_element(db, "Plant", 1) == QUIVER_OK)
            fail(k, sticky, "a write ran in autocommit mode inside the caller's transaction", NULL);
        else if (strcmp(quiver_get_last_error(), expected_error) != 0)
            fail(k, sticky, "unexpected refusal", quiver_get_last_error());
        if (db->in_dry_run ? quiver_database_end_dry_run(db) != QUIVER_OK : quiver_database_rollback(db) != QUIVER_OK)
            fail(k, sticky, "ending the transaction SQLite rolled back fails", NULL);
    }
    /* The caller recovers what it opened itself (a failed commit or end_dry_run under OOM is
     * retried); anything still open after that was left behind by the core. */
    int open = 0, dry = 0;
    quiver_database_in_dry_run(db, &dry);
    if (dry && quiver_database_end_dry_run(db) != QUIVER_OK) fail(k, sticky, "end_dry_run fails after OOM", NULL);
    quiver_database_in_transaction(db, &open);
    if (open && sc->run == s_transaction && quiver_database_rollback(db) != QUIVER_OK)
        fail(k, sticky, "rollback fails after OOM", NULL);
    quiver_database_in_transaction(db, &open);
    if (open) {
        fail(k, sticky, "a transaction is left open after the call", NULL);
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    }
    char* after = snapshot(db);
    if (rc == QUIVER_OK) {
        if (expected && strcmp(after, expected) != 0) fail(k, sticky, "succeeded but wrote something else", NULL);
    } else if (strcmp(after, before) != 0) {
        fail(k, sticky, "failed but changed the database", NULL);
    }
    free(before);
    quiver_database_close(db);
    if (fi_live != 0) {
        char detail[64];
        snprintf(detail, sizeof detail, "%ld core blocks still allocated", fi_live);
        fail(k, sticky, "leak", detail);
        fi_live = 0;
    }
    free(after);
    return hit;
}

static char* expected_after(const scenario* sc) {
    quiver_database_t* db = NULL;
    if (open_study(&db) != QUIVER_OK) abort();
    seed(db);
    quiver_error_t rc = sc->run(db);
    if (rc != QUIVER_OK && strcmp(sc->name, "dry_run") != 0) {
        current = sc->name;
        fail(0, 0, "fault-free run failed", NULL);
    }
    char* after = snapshot(db);
    quiver_database_close(db);
    if (fi_live != 0) {
        current = sc->name;
        fail(0, 0, "leak in the fault-free run", NULL);
        fi_live = 0;
    }
    return after;
}

static void run_scenario(const scenario* sc) {
    current = sc->name;
    char* expected = expected_after(sc);
    long k_max[2] = {0, 0};
    for (int sticky = 0; sticky < 2; ++sticky) {
        long k = 1;
        while (run_once(sc, k, sticky, expected))
            ++k;
        k_max[sticky] = k;
    }
    printf("%-26s %5ld allocation points\n", sc->name, k_max[0] - 1);
    free(expected);
}

/* ---- lifecycle under faults ------------------------------------------------------------------ */

static void write_text(const char* path, const char* text) {
    FILE* f = fopen(path, "wb");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

/* A migrations folder: 1 creates Configuration, 2 adds Zone and Plant with a vector group. */
static void make_migrations(const char* root) {
    char path[512];
    static const char* const files[][2] = {
        {"1/up.sql", "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"},
        {"1/down.sql", "DROP TABLE Configuration;"},
        {"2/up.sql",
         "CREATE TABLE Zone (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;"
         "CREATE TABLE Zone_vector_v (id INTEGER NOT NULL REFERENCES Zone(id) ON DELETE CASCADE ON UPDATE "
         "CASCADE, vector_index INTEGER NOT NULL, v REAL, PRIMARY KEY (id, vector_index)) STRICT;"},
        {"2/down.sql", "DROP TABLE Zone_vector_v; DROP TABLE Zone;"},
    };
    snprintf(path, sizeof path, "mkdir -p '%s/1' '%s/2'", root, root);
    if (system(path) != 0) abort();
    for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
        snprintf(path, sizeof path, "%s/%s", root, files[i][0]);
        write_text(path, files[i][1]);
    }
}

static void run_migrations(void) {
    current = "from/validate_migrations";
    const char* root = QT_TMP_DIR "/migrations";
    const char* path = QT_TMP_DIR "/fault_migrations.db";
    make_migrations(root);
    for (int sticky = 0; sticky < 2; ++sticky) {
        for (long k = 1;; ++k) {
            remove(path);
            runs++;
            quiver_database_options_t options = quiver_database_options_default();
            options.console_level = QUIVER_LOG_OFF;
            quiver_database_t* db = NULL;
            fi_arm(k, sticky);
            quiver_error_t rc = quiver_database_from_migrations(path, root, &options, &db);
            if (rc == QUIVER_OK) quiver_database_close(db);
            quiver_database_validate_migrations(root);
            int hit = fi_hit;
            fi_disarm();
            if (fi_live != 0) {
                fail(k, sticky, "leak", NULL);
                fi_live = 0;
            }
            if (rc != QUIVER_OK) {
                /* A failed migration run leaves the database at a version whose tables all exist. */
                if (quiver_database_open(path, &options, &db) != QUIVER_OK) abort();
                int64_t version = -1, has = 0;
                int has_value = 0;
                quiver_database_current_version(db, &version);
                quiver_database_query_integer(db, "SELECT count(*) FROM sqlite_master WHERE name = 'Zone_vector_v'",
                                              NULL, NULL, 0, &has, &has_value);
                if ((version == 2) != (has == 1)) fail(k, sticky, "version and tables disagree", NULL);
                quiver_database_close(db);
                fi_live = 0;
            }
            if (!hit) {
                if (!sticky) printf("%-26s %5ld allocation points\n", current, k - 1);
                break;
            }
        }
    }
    remove(path);
}

static void run_lifecycle(void) {
    current = "from_schema/open/close";
    const char* path = QT_TMP_DIR "/fault_lifecycle.db";
    for (int sticky = 0; sticky < 2; ++sticky) {
        for (long k = 1;; ++k) {
            remove(path);
            runs++;
            quiver_database_options_t options = quiver_database_options_default();
            options.console_level = QUIVER_LOG_OFF;
            quiver_database_t* db = NULL;
            fi_arm(k, sticky);
            if (quiver_database_from_schema(path, QT_SCHEMAS_DIR "/study.sql", &options, &db) == QUIVER_OK) {
                int64_t v = 0;
                quiver_database_current_version(db, &v);
                quiver_database_close(db);
                db = NULL;
            }
            if (quiver_database_open(path, &options, &db) == QUIVER_OK) quiver_database_close(db);
            int hit = fi_hit;
            fi_disarm();
            if (fi_live != 0) {
                fail(k, sticky, "leak", NULL);
                fi_live = 0;
            }
            if (!hit) {
                if (!sticky) printf("%-26s %5ld allocation points\n", current, k - 1);
                break;
            }
        }
    }
    remove(path);
}

/* ---- values SQLite refuses to bind ----------------------------------------------------------- */

/* A text longer than SQLITE_LIMIT_LENGTH cannot be bound (SQLITE_TOOBIG); the call must fail
 * rather than write NULL in its place. */
static void run_bind_limits(void) {
    current = "bind limits";
    static char big[201];
    memset(big, 'x', 200);
    big[200] = '\0';
    quiver_database_t* db = NULL;
    if (open_study(&db) != QUIVER_OK) abort();
    seed(db);
    sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, 100);
    char* before = snapshot(db);
    struct {
        const char* what;
        quiver_error_t rc;
    } calls[6];
    size_t n = 0;

    quiver_element_t* e = NULL;
    quiver_element_create(&e);
    quiver_element_set_string(e, "label", "p9");
    quiver_element_set_string(e, "date_commission", "2020-01-01");
    const char* const names[1] = {big};
    quiver_element_set_array_string(e, "segment_name", names, 1, NULL);
    int64_t id = 0;
    calls[n].what = "create_element with a too long vector text";
    calls[n++].rc = quiver_database_create_element(db, "Plant", e, &id);
    quiver_element_clear(e);
    quiver_element_set_string(e, "label", big);
    calls[n].what = "update_element with a too long scalar text";
    calls[n++].rc = quiver_database_update_element(db, "Plant", 2, e);
    quiver_element_destroy(e);

    const char* const cols[2] = {"date_time", "note"};
    const int types[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_STRING};
    const char* const date[1] = {"2024-01-01"};
    const char* const note[1] = {big};
    const void* data[2] = {date, note};
    calls[n].what = "upsert_time_series_row with a too long text";
    calls[n++].rc = quiver_database_upsert_time_series_row(db, "Plant", "generation", 1, cols, types, data, 2);
    calls[n].what = "update_time_series_group with a too long text";
    calls[n++].rc =
        quiver_database_update_time_series_group(db, "Plant", "generation", 1, cols, types, data, NULL, 2, 1);
    const char* const fcols[1] = {"cost_file"};
    const char* const fpaths[1] = {big};
    calls[n].what = "update_time_series_files with a too long path";
    calls[n++].rc = quiver_database_update_time_series_files(db, "Plant", fcols, fpaths, 1);

    for (size_t i = 0; i < n; ++i) {
        runs++;
        if (calls[i].rc == QUIVER_OK) fail(0, 0, calls[i].what, "succeeded (the text was dropped)");
    }
    char* after = snapshot(db);
    if (strcmp(before, after) != 0) fail(0, 0, "calls that cannot bind changed the database", NULL);
    free(before);
    free(after);
    quiver_database_close(db);
    fi_live = 0;
}

/* Opt-in ("huge", needs about 5 GB of memory): a text of 2^32 + 8 bytes must not be bound as its
 * length modulo 2^32 (8 bytes) but refused as too long. */
static void run_huge_text(void) {
    current = "huge text";
    size_t n = ((size_t)1 << 32) + 8;
    char* big = (char*)malloc(n + 1);
    if (!big) {
        printf("huge text: skipped (cannot allocate %zu bytes)\n", n + 1);
        return;
    }
    memset(big, 'x', n);
    big[n] = '\0';
    quiver_database_t* db = NULL;
    if (open_study(&db) != QUIVER_OK) abort();
    seed(db);
    const char* const cols[2] = {"date_time", "note"};
    const int types[2] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_STRING};
    const char* const date[1] = {"2024-01-01"};
    const char* const note[1] = {big};
    const void* data[2] = {date, note};
    runs++;
    if (quiver_database_upsert_time_series_row(db, "Plant", "generation", 1, cols, types, data, 2) == QUIVER_OK)
        fail(0, 0, "upsert_time_series_row with a 4 GiB text", "succeeded (the text was truncated)");
    quiver_database_close(db);
    free(big);
    fi_live = 0;
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fi_sqlite_default);
    sqlite3_mem_methods wrapped = fi_sqlite_default;
    wrapped.xMalloc = fi_sqlite_malloc;
    wrapped.xRealloc = fi_sqlite_realloc;
    sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped);
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0); /* every SQLite allocation reaches the wrapper */
    sqlite3_initialize();
    const char* only = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; ++i) {
        if (!only || strcmp(only, scenarios[i].name) == 0) run_scenario(&scenarios[i]);
    }
    if (!only || strcmp(only, "lifecycle") == 0) run_lifecycle();
    if (!only || strcmp(only, "migrations") == 0) run_migrations();
    if (!only || strcmp(only, "bind") == 0) run_bind_limits();
    if (only && strcmp(only, "huge") == 0) run_huge_text();
    printf("fault: %ld runs, %ld failures (%ld transactions ended by SQLite)\n", runs, failures, ended_by_sqlite);
    return failures ? 1 : 0;
}
