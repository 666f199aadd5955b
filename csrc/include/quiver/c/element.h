/*
 * quiverdb C API: the element builder.
 *
 * An element is a mutable bag of named scalars and named arrays that create_element and
 * update_element read (they never take it over). Every string given to a setter is copied.
 *
 * Thread safety: an element has no lock; do not use one element from two threads at once.
 */
#ifndef QUIVER_C_ELEMENT_H
#define QUIVER_C_ELEMENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef QUIVER_C_ELEMENT_T_DEFINED
#define QUIVER_C_ELEMENT_T_DEFINED
typedef struct quiver_element quiver_element_t;
#endif

/*
 * Creates a new, empty element.
 *   out_element  receives the element; release it with quiver_element_destroy.
 * Errors: "Null argument: out_element", "Out of memory".
 */
QUIVER_C_API quiver_error_t quiver_element_create(quiver_element_t** out_element);

/*
 * Releases an element and everything it holds. Unlike the other release functions it rejects
 * NULL ("Null argument: element").
 */
QUIVER_C_API quiver_error_t quiver_element_destroy(quiver_element_t* element);

/*
 * Removes every scalar and array from the element, which stays usable.
 * Errors: "Null argument: element".
 */
QUIVER_C_API quiver_error_t quiver_element_clear(quiver_element_t* element);

/*
 * Scalar setters: store value under name, replacing an earlier scalar of that name (scalars and
 * arrays are separate maps: a name may hold one of each). name and value are copied; a string
 * ends at its first NUL. quiver_element_set_null stores an explicit SQL NULL.
 * The element does not look at the schema: where the value goes, type checks, trimming of text
 * and foreign-key labels are handled by create_element / update_element.
 * Errors: "Null argument: element", "Null argument: name", "Null argument: value"
 * (set_string), "Out of memory".
 */
QUIVER_C_API quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value);
QUIVER_C_API quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value);
QUIVER_C_API quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value);
QUIVER_C_API quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name);

/*
 * Array setters: store count values under name, replacing an earlier array of that name.
 *   values     count values, copied (strings are copied one by one; a NULL string is SQL NULL).
 *              May be NULL only when count is 0, which stores an empty array.
 *   count      number of values; negative, or positive with values == NULL, fails with
 *              "Invalid values/count combination".
 *   has_value  optional presence mask of count bytes: 0 stores SQL NULL (that slot of values is
 *              not read); NULL means every value is present.
 * On create_element / update_element an array goes to every vector, set and time-series table
 * of the collection that has a column of that name (python-api-core.md 3.2).
 * Errors: "Null argument: element", "Null argument: name", "Invalid values/count combination",
 * "Out of memory".
 */
QUIVER_C_API quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name,
                                                             const int64_t* values, int32_t count,
                                                             const uint8_t* has_value);
QUIVER_C_API quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name,
                                                           const double* values, int32_t count,
                                                           const uint8_t* has_value);
QUIVER_C_API quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name,
                                                            const char* const* values, int32_t count,
                                                            const uint8_t* has_value);

/*
 * Extension (not in the reference C API): stores count values in one call, as if each were
 * passed, in order, to the matching setter above (without presence masks). Meant for bindings,
 * where every call costs more than the work it does; the Python layer builds its elements with it.
 *   count          number of values.
 *   kinds          count kind codes, one byte each: 'n' NULL, 'i' integer, 'f' float, 's' string
 *                  (scalars); 'I', 'F', 'S' integer, float and string arrays.
 *   names          the count names, each NUL-terminated, back to back; names_size bytes in all.
 *   integers       integer_count int64_t values, in value order: one per 'i'; for every array
 *                  its item count, then for an 'I' array its items.
 *   floats         float_count double values, in value order: one per 'f', then the items of
 *                  every 'F' array.
 *   texts          NUL-terminated texts back to back, in value order, texts_size bytes in all:
 *                  one per 's', then the items of every 'S' array.
 * Buffers are read as bytes (no alignment needed) and may be NULL when their size is 0; every
 * value is copied. The input is checked as a whole before anything is stored: each part must be
 * used up exactly.
 * Errors: "Null argument: element", "Null argument: kinds", "Null argument: names" (when there is
 * something to store), "Invalid values/count combination" (negative count, an unknown kind code,
 * an item count outside 0..INT32_MAX, parts too short or too long), "Out of memory" (which may
 * leave part of the values stored).
 */
QUIVER_C_API quiver_error_t quiver_element_set_values(quiver_element_t* element, int32_t count, const char* kinds,
                                                      const char* names, size_t names_size, const void* integers,
                                                      size_t integer_count, const void* floats, size_t float_count,
                                                      const char* texts, size_t texts_size);

/*
 * A human-readable dump of the element:
 *   Element {
 *     scalars:
 *       name: value
 *     arrays:
 *       name: [v1, v2]
 *   }
 * names sorted, sections left out when empty, integers plain, floats with six decimals, strings
 * in double quotes, NULL as null; an empty element gives "Element {\n}". No trailing newline.
 *   out_string  receives the text; the caller frees it with quiver_database_free_string
 *               (declared in database.h).
 * Errors: "Null argument: element", "Null argument: out_string", "Out of memory".
 */
QUIVER_C_API quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_ELEMENT_H */
