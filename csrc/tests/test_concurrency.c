/*
 * Threads through the C API: the process-wide log callback replaced while other threads log (each
 * record reaches a callback with that callback's own user pointer), and one handle shared by
 * several threads writing and reading (the handle's lock serialises them; counts stay exact).
 * Fixture: tests/schemas/plants.sql. Also meant for ThreadSanitizer builds.
 */
#include "qtest.h"

#include <pthread.h>

/* ---- the log callback ---------------------------------------------------------------------- */

static int tag_a, tag_b;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static long seen = 0, mismatched = 0;

static void count(void* user, void* expected) {
    pthread_mutex_lock(&seen_lock);
    seen++;
    if (user != expected) mismatched++;
    pthread_mutex_unlock(&seen_lock);
}

static void callback_a(int level, const char* name, const char* message, void* user) {
    (void)level;
    (void)name;
    (void)message;
    count(user, &tag_a);
}

static void callback_b(int level, const char* name, const char* message, void* user) {
    (void)level;
    (void)name;
    (void)message;
    count(user, &tag_b);
}

static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static int stop_flipping = 0;

static int flipping(void) {
    pthread_mutex_lock(&stop_lock);
    int go = !stop_flipping;
    pthread_mutex_unlock(&stop_lock);
    return go;
}

static void* flipper(void* arg) {
    (void)arg;
    while (flipping()) {
        quiver_set_log_callback(callback_a, QUIVER_LOG_DEBUG, &tag_a);
        quiver_set_log_callback(callback_b, QUIVER_LOG_DEBUG, &tag_b);
    }
    return NULL;
}

static void test_log_callback_replaced_while_logging(void) {
    quiver_database_options_t quiet = quiver_database_options_default();
    quiet.console_level = QUIVER_LOG_OFF;
    pthread_t thread;
    CHECK_INT(pthread_create(&thread, NULL, flipper, NULL), 0);
    for (int i = 0; i < 3000; ++i) {
        quiver_database_t* db = NULL;
        CHECK_OK(quiver_database_open(":memory:", &quiet, &db));
        CHECK_OK(quiver_database_close(db));
    }
    pthread_mutex_lock(&stop_lock);
    stop_flipping = 1;
    pthread_mutex_unlock(&stop_lock);
    CHECK_INT(pthread_join(thread, NULL), 0);
    quiver_set_log_callback(NULL, QUIVER_LOG_OFF, NULL);
    CHECK(seen > 0);
    CHECK_INT(mismatched, 0);
}

/* ---- one handle, several threads ----------------------------------------------------------- */

#define WORKERS 4
#define ROUNDS 60

static quiver_database_t* shared;

typedef struct {
    int worker;
    int failures;
    char error[256];
} work_report;

static void* hammer(void* arg) {
    work_report* report = (work_report*)arg;
    for (int k = 0; k < ROUNDS; ++k) {
        char label[32];
        snprintf(label, sizeof label, "w%d-%d", report->worker, k);
        quiver_element_t* e = NULL;
        int64_t id = 0;
        const double costs[2] = {(double)k, (double)report->worker};
        int ok = quiver_element_create(&e) == QUIVER_OK && quiver_element_set_string(e, "label", label) == QUIVER_OK &&
                 quiver_element_set_array_float(e, "cost", costs, 2, NULL) == QUIVER_OK &&
                 quiver_database_create_element(shared, "Plant", e, &id) == QUIVER_OK;
        if (e) quiver_element_destroy(e);
        double* values = NULL;
        uint8_t* mask = NULL;
        size_t n = 0;
        if (ok)
            ok = quiver_database_read_vector_floats_by_id(shared, "Plant", "cost", id, &values, &mask, &n) == QUIVER_OK;
        if (ok) {
            ok = n == 2 && values[0] == (double)k && values[1] == (double)report->worker;
            quiver_database_free_float_array(values);
            quiver_database_free_mask(mask);
        }
        int64_t total = 0;
        if (ok) ok = quiver_database_number_of_elements(shared, "Plant", &total) == QUIVER_OK && total >= 1;
        if (ok && k % 2 == 1) ok = quiver_database_delete_element(shared, "Plant", id) == QUIVER_OK;
        if (!ok) {
            if (!report->failures)
                snprintf(report->error, sizeof report->error, "%s: %s", label, quiver_get_last_error());
            report->failures++;
        }
    }
    return NULL;
}

static void test_one_handle_many_threads(void) {
    quiver_database_options_t quiet = quiver_database_options_default();
    quiet.console_level = QUIVER_LOG_OFF;
    char schema[QT_PATH_MAX];
    CHECK_OK(quiver_database_from_schema(":memory:", qt_schema(schema, "plants.sql"), &quiet, &shared));
    if (!shared) return;
    pthread_t threads[WORKERS];
    work_report reports[WORKERS];
    for (int i = 0; i < WORKERS; ++i) {
        memset(&reports[i], 0, sizeof reports[i]);
        reports[i].worker = i;
        CHECK_INT(pthread_create(&threads[i], NULL, hammer, &reports[i]), 0);
    }
    for (int i = 0; i < WORKERS; ++i) {
        CHECK_INT(pthread_join(threads[i], NULL), 0);
        CHECK_INT(reports[i].failures, 0);
        if (reports[i].failures) fprintf(stderr, "  worker %d: %s\n", i, reports[i].error);
    }
    int64_t total = 0;
    CHECK_OK(quiver_database_number_of_elements(shared, "Plant", &total));
    CHECK_INT(total, WORKERS * ROUNDS / 2);
    int64_t rows = 0;
    int has = 0;
    CHECK_OK(
        quiver_database_query_integer(shared, "SELECT count(*) FROM Plant_vector_costs", NULL, NULL, 0, &rows, &has));
    CHECK_INT(rows, WORKERS * ROUNDS);
    CHECK_OK(quiver_database_close(shared));
}

int main(void) {
    QT_RUN(test_log_callback_replaced_while_logging);
    QT_RUN(test_one_handle_many_threads);
    return qt_finish();
}
