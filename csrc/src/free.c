/*
 * Release functions for the results of the scalar, vector and set readers. Every one accepts
 * NULL for each pointer and then releases what it can; all return QUIVER_OK.
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

quiver_error_t quiver_database_free_masks(uint8_t** masks, size_t count) {
    if (masks) {
        for (size_t i = 0; i < count; ++i)
            free(masks[i]);
    }
    free(masks);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string_array(char** values, size_t count) {
    if (values) {
        for (size_t i = 0; i < count; ++i)
            free(values[i]);
    }
    free(values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count) {
    if (vectors) {
        for (size_t i = 0; i < count; ++i)
            free(vectors[i]);
    }
    free(vectors);
    free(sizes);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count) {
    if (vectors) {
        for (size_t i = 0; i < count; ++i)
            free(vectors[i]);
    }
    free(vectors);
    free(sizes);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count) {
    if (vectors) {
        for (size_t i = 0; i < count; ++i) {
            /* Without sizes the strings cannot be counted; only the arrays are released. */
            if (vectors[i] && sizes) {
                for (size_t j = 0; j < sizes[i]; ++j)
                    free(vectors[i][j]);
            }
            free(vectors[i]);
        }
    }
    free(vectors);
    free(sizes);
    return QUIVER_OK;
}
