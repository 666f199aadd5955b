/*
 * TEMPORARY (branch "timeseries"): stand-ins for the generic free functions that the reads
 * branch defines in free.c. Revert this commit (this file, its sources.txt line and the
 * declarations under "Freeing results" in database.h) when merging.
 */
#include "internal.h"

quiver_error_t quiver_database_free_integer_array(int64_t* values) {
    free(values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_float_array(double* values) {
    free(values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_mask(uint8_t* mask) {
    free(mask);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string_array(char** values, size_t count) {
    if (values) {
        for (size_t i = 0; i < count; ++i) free(values[i]);
    }
    free(values);
    return QUIVER_OK;
}
