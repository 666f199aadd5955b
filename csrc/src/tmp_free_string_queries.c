/*
 * TEMPORARY (branch "queries"): stand-in for quiver_database_free_string, which the elements
 * branch defines in element.c. Revert this commit (this file, its sources.txt line and the
 * declaration under "Freeing results" in database.h) when merging.
 */
#include "internal.h"

quiver_error_t quiver_database_free_string(char* str) {
    free(str);
    return QUIVER_OK;
}
