/*
 * TEMPORARY (branch "reads"): stand-in for quiver_database_free_string, which the elements
 * branch defines. Revert this commit (this file, its sources.txt line and the declaration under
 * "Freeing results" in database.h) when merging.
 */
#include "internal.h"

quiver_error_t quiver_database_free_string(char* str) {
    free(str);
    return QUIVER_OK;
}
