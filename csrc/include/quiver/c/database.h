/*
 * quiverdb C API: databases.
 *
 * A quiver_database_t is a handle on one SQLite database whose tables follow the quiverdb schema
 * conventions (collections, vector/set/time-series groups, relations).
 *
 * Conventions shared by every function below:
 *  - Return QUIVER_OK on success, QUIVER_ERROR on failure with quiver_get_last_error() set.
 *  - Required pointer arguments are checked first, in parameter order; a NULL one fails with
 *    "Null argument: <name>".
 *  - Out-parameters are named out_* and come last. On failure they are left untouched.
 *  - Inputs are borrowed for the duration of the call. Results are allocated by the library and
 *    released with the quiver_database_free_* function named in each comment; never free() them.
 *  - Empty array results are NULL pointers with a zero count.
 *  - Masks are uint8_t arrays parallel to value arrays: 1 = value present, 0 = SQL NULL.
 *
 * Thread safety: a handle may be shared by threads; calls on one handle are serialised by a
 * lock that the handle owns. Closing a handle while another thread still uses it is undefined.
 */
#ifndef QUIVER_C_DATABASE_H
#define QUIVER_C_DATABASE_H

#include <stdbool.h>

#include "common.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Column data types. NULL is used only as a query parameter type. */
typedef enum {
    QUIVER_DATA_TYPE_INTEGER = 0,
    QUIVER_DATA_TYPE_FLOAT = 1,
    QUIVER_DATA_TYPE_STRING = 2,
    QUIVER_DATA_TYPE_DATE_TIME = 3,
    QUIVER_DATA_TYPE_NULL = 4
} quiver_data_type_t;

typedef struct quiver_database quiver_database_t;

#ifndef QUIVER_C_ELEMENT_T_DEFINED
#define QUIVER_C_ELEMENT_T_DEFINED
typedef struct quiver_element quiver_element_t;
#endif

/* Description of one column. Strings are library allocations (see the metadata free functions). */
typedef struct {
    const char* name;
    quiver_data_type_t data_type;
    int not_null;
    int primary_key;
    const char* default_value;
    int is_foreign_key;
    const char* references_collection;
    const char* references_column;
} quiver_scalar_metadata_t;

/* Description of one vector, set or time-series group. */
typedef struct {
    const char* group_name;
    const char* dimension_column;
    quiver_scalar_metadata_t* value_columns;
    size_t value_column_count;
} quiver_group_metadata_t;

/* ---------------------------------------------------------------------------------------------
 * Lifecycle
 * ------------------------------------------------------------------------------------------- */

/*
 * Opens (creating it when absent and not read-only) the database file at path, or an in-memory
 * database for ":memory:". The schema is loaded and validated lazily by the first call that
 * needs it.
 *   path     file path (UTF-8), borrowed.
 *   options  NULL for quiver_database_options_default().
 *   out_db   receives the new handle; release it with quiver_database_close.
 * Errors: "Failed to open database: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_open(const char* path,
                                                 const quiver_database_options_t* options,
                                                 quiver_database_t** out_db);

/*
 * Builds a new database at db_path from the SQL file schema_path and validates it.
 * The schema is applied to a temporary file beside db_path which replaces db_path only once it
 * is valid, so a failure leaves whatever was at db_path untouched. A directory or a file that is
 * not a SQLite database at db_path is refused.
 *   options  NULL for defaults; read_only must be 0.
 *   out_db   receives the new handle; release it with quiver_database_close.
 * Errors: "Cannot from_schema: read_only mode (...)", "Schema file not found: <path>",
 * "Cannot from_schema: schema file is empty: <path>", "Failed to execute SQL: <msg>",
 * "Failed to validate schema: <reason>", "Cannot from_schema: <db_path> is a directory",
 * "Cannot from_schema: <db_path> exists and is not a SQLite database".
 */
QUIVER_C_API quiver_error_t quiver_database_from_schema(const char* db_path,
                                                        const char* schema_path,
                                                        const quiver_database_options_t* options,
                                                        quiver_database_t** out_db);

/*
 * Opens (creating it when absent) db_path and applies every migration of migrations_path whose
 * version is above the database's user_version, each in its own transaction, then validates the
 * schema. A failing migration is rolled back alone; earlier ones stay committed.
 *   out_db   receives the new handle; release it with quiver_database_close.
 * Errors: "Migrations path not found: <path>", "Cannot from_migrations: path is not a directory:
 * <path>", "Cannot from_migrations: migration <N> has no up.sql file",
 * "Failed to from_migrations: up migration <N>: <reason>", "Failed to validate schema: <reason>".
 */
QUIVER_C_API quiver_error_t quiver_database_from_migrations(const char* db_path,
                                                            const char* migrations_path,
                                                            const quiver_database_options_t* options,
                                                            quiver_database_t** out_db);

/*
 * Applies every up.sql of migrations_path to an in-memory database, validates the schema, applies
 * every down.sql in reverse order and checks that no table is left. Writes no file.
 * Errors: "Cannot validate_migrations: ..." and "Failed to validate_migrations: ..." messages.
 */
QUIVER_C_API quiver_error_t quiver_database_validate_migrations(const char* migrations_path);

/*
 * Closes the handle and frees everything it owns; an open transaction or dry run is rolled back.
 * NULL is a no-op. Always returns QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_close(quiver_database_t* db);

/* *out_healthy = 1 while the handle is open. */
QUIVER_C_API quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy);

/* *out_path = the path given when the handle was opened; owned by the handle until close. */
QUIVER_C_API quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path);

/* *out_version = PRAGMA user_version. Errors: "Failed to execute statement: <msg>". */
QUIVER_C_API quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version);

/* ---------------------------------------------------------------------------------------------
 * Elements: create, update, delete, relations
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Scalar, vector and set reads
 * ------------------------------------------------------------------------------------------- */

/*
 * Reads one scalar column of every element, in element order (ascending id; group tables named
 * as collections are read in storage order).
 *   collection  any table of the schema (collections, and group tables as the reference allows).
 *   attribute   a column of that table, including id and label.
 *   out_values  receives int64_t[*out_count] (0 where absent); free with
 *               quiver_database_free_integer_array.
 *   out_mask    receives uint8_t[*out_count], 1 = present, 0 = SQL NULL or a value that is not
 *               an INTEGER; free with quiver_database_free_mask.
 *   out_count   number of elements. 0 means both arrays are NULL.
 * Errors: "Cannot read_scalar_integers: collection not found: <C>",
 * "Cannot read_scalar_integers: column '<a>' not found in table '<C>'",
 * "Failed to prepare statement: <msg>", "Failed to execute statement: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db,
                                                                 const char* collection,
                                                                 const char* attribute,
                                                                 int64_t** out_values,
                                                                 uint8_t** out_mask,
                                                                 size_t* out_count);

/*
 * As quiver_database_read_scalar_integers for doubles: INTEGER values are widened, REAL values
 * read as they are, anything else is absent (mask 0, value 0.0).
 *   out_values  free with quiver_database_free_float_array; out_mask with quiver_database_free_mask.
 * Errors: as read_scalar_integers with the operation name read_scalar_floats.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db,
                                                               const char* collection,
                                                               const char* attribute,
                                                               double** out_values,
                                                               uint8_t** out_mask,
                                                               size_t* out_count);

/*
 * As quiver_database_read_scalar_integers for TEXT values (DATE_TIME columns read as stored).
 * There is no mask: a NULL or non-TEXT cell is a NULL entry.
 *   out_values  receives char*[*out_count]; free with
 *               quiver_database_free_string_array(values, count).
 * Errors: as read_scalar_integers with the operation name read_scalar_strings.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db,
                                                                const char* collection,
                                                                const char* attribute,
                                                                char*** out_values,
                                                                size_t* out_count);

/*
 * Reads one scalar of the element with the given id. A missing element, SQL NULL or a value
 * that is not an INTEGER gives *out_has_value = 0 and leaves *out_value untouched; none of these
 * is an error.
 * Errors: "Cannot read_scalar_integer_by_id: collection not found: <C>",
 * "Cannot read_scalar_integer_by_id: column '<a>' not found in table '<C>'",
 * "Failed to prepare statement: <msg>" (e.g. a table without an id column),
 * "Failed to execute statement: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db,
                                                                      const char* collection,
                                                                      const char* attribute,
                                                                      int64_t id,
                                                                      int64_t* out_value,
                                                                      int* out_has_value);

/* As read_scalar_integer_by_id for doubles (INTEGER values widened). Operation name
 * read_scalar_float_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db,
                                                                    const char* collection,
                                                                    const char* attribute,
                                                                    int64_t id,
                                                                    double* out_value,
                                                                    int* out_has_value);

/*
 * As read_scalar_integer_by_id for TEXT values. With *out_has_value = 1, *out_value is a new
 * string owned by the caller (free with quiver_database_free_string); with 0 it is set to NULL.
 * Operation name read_scalar_string_by_id.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db,
                                                                     const char* collection,
                                                                     const char* attribute,
                                                                     int64_t id,
                                                                     char** out_value,
                                                                     int* out_has_value);

/*
 * The ids of every element, ascending.
 *   out_ids    receives int64_t[*out_count] (NULL when 0); free with
 *              quiver_database_free_integer_array.
 * Errors: "Cannot read_element_ids: collection not found: <C>",
 * "Failed to prepare statement: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db,
                                                             const char* collection,
                                                             int64_t** out_ids,
                                                             size_t* out_count);

/*
 * *out_count = number of rows of the collection.
 * Errors: "Cannot number_of_elements: collection not found: <C>".
 */
QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db,
                                                               const char* collection,
                                                               int64_t* out_count);

/*
 * Reads one vector column of every element. attribute is a column of one of the collection's
 * vector tables (the first group, in group-name order, that has it).
 *   out_vectors  receives int64_t*[E]: element e's cells in vector_index order, NULL when the
 *                element has none.
 *   out_masks    receives uint8_t*[E], parallel to out_vectors (1 = present; NULL where the
 *                element has no cells).
 *   out_sizes    receives size_t[E], the number of cells of each element.
 *   out_count    E, the number of elements (ascending id). 0 means all three arrays are NULL.
 * Free with quiver_database_free_integer_vectors(vectors, sizes, count) (which also frees sizes)
 * and quiver_database_free_masks(masks, count).
 * Errors: "Cannot read_vector_integers: collection not found: <C>",
 * "Vector attribute not found: '<a>' in collection '<C>'", "Failed to execute statement: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db,
                                                                 const char* collection,
                                                                 const char* attribute,
                                                                 int64_t*** out_vectors,
                                                                 uint8_t*** out_masks,
                                                                 size_t** out_sizes,
                                                                 size_t* out_count);

/* As read_vector_integers for doubles (INTEGER widened). Free with
 * quiver_database_free_float_vectors and quiver_database_free_masks. Operation name
 * read_vector_floats. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db,
                                                               const char* collection,
                                                               const char* attribute,
                                                               double*** out_vectors,
                                                               uint8_t*** out_masks,
                                                               size_t** out_sizes,
                                                               size_t* out_count);

/* As read_vector_integers for TEXT, without masks (a NULL cell is a NULL entry). Free with
 * quiver_database_free_string_vectors(vectors, sizes, count). Operation name
 * read_vector_strings. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db,
                                                                const char* collection,
                                                                const char* attribute,
                                                                char**** out_vectors,
                                                                size_t** out_sizes,
                                                                size_t* out_count);

/*
 * Reads one vector column of one element, in vector_index order. A missing element or one
 * without rows gives count 0 and NULL arrays.
 *   out_values  int64_t[*out_count]; free with quiver_database_free_integer_array.
 *   out_mask    uint8_t[*out_count]; free with quiver_database_free_mask.
 * Errors: "Cannot read_vector_integers_by_id: collection not found: <C>",
 * "Vector attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db,
                                                                       const char* collection,
                                                                       const char* attribute,
                                                                       int64_t id,
                                                                       int64_t** out_values,
                                                                       uint8_t** out_mask,
                                                                       size_t* out_count);

/* As read_vector_integers_by_id for doubles; free with quiver_database_free_float_array and
 * quiver_database_free_mask. Operation name read_vector_floats_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db,
                                                                     const char* collection,
                                                                     const char* attribute,
                                                                     int64_t id,
                                                                     double** out_values,
                                                                     uint8_t** out_mask,
                                                                     size_t* out_count);

/* As read_vector_integers_by_id for TEXT, without mask; free with
 * quiver_database_free_string_array(values, count). Operation name read_vector_strings_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db,
                                                                      const char* collection,
                                                                      const char* attribute,
                                                                      int64_t id,
                                                                      char*** out_values,
                                                                      size_t* out_count);

/*
 * Set reads: the same shapes, ownership and free functions as the vector reads above; cells
 * come in storage (insertion) order. attribute is a column of one of the collection's set tables.
 * Errors: "Cannot read_set_<type>[_by_id]: collection not found: <C>",
 * "Set attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db,
                                                              const char* collection,
                                                              const char* attribute,
                                                              int64_t*** out_sets,
                                                              uint8_t*** out_masks,
                                                              size_t** out_sizes,
                                                              size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db,
                                                            const char* collection,
                                                            const char* attribute,
                                                            double*** out_sets,
                                                            uint8_t*** out_masks,
                                                            size_t** out_sizes,
                                                            size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db,
                                                             const char* collection,
                                                             const char* attribute,
                                                             char**** out_sets,
                                                             size_t** out_sizes,
                                                             size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db,
                                                                    const char* collection,
                                                                    const char* attribute,
                                                                    int64_t id,
                                                                    int64_t** out_values,
                                                                    uint8_t** out_mask,
                                                                    size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db,
                                                                  const char* collection,
                                                                  const char* attribute,
                                                                  int64_t id,
                                                                  double** out_values,
                                                                  uint8_t** out_mask,
                                                                  size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db,
                                                                   const char* collection,
                                                                   const char* attribute,
                                                                   int64_t id,
                                                                   char*** out_values,
                                                                   size_t* out_count);

/*
 * Release functions for the results of the readers above. Each accepts NULL for every pointer
 * (and then releases what it can) and returns QUIVER_OK.
 *   free_integer_array, free_float_array, free_mask: one flat array.
 *   free_masks(masks, count): every masks[i] (NULL entries allowed) and the outer array; needs
 *     no sizes, so it may be called after the vectors were freed.
 *   free_string_array(values, count): the count strings (NULL entries allowed) and the array.
 *   free_{integer,float}_vectors(vectors, sizes, count): every vectors[i], the outer array and
 *     the sizes array.
 *   free_string_vectors(vectors, sizes, count): the sizes[i] strings of every vectors[i], the
 *     arrays and sizes.
 */
QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values);
QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values);
QUIVER_C_API quiver_error_t quiver_database_free_mask(uint8_t* mask);
QUIVER_C_API quiver_error_t quiver_database_free_masks(uint8_t** masks, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count);

/* ---------------------------------------------------------------------------------------------
 * Whole-group reads and writes, relations
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Time series and time-series files
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Metadata, listing and describe
 * ------------------------------------------------------------------------------------------- */

/*
 * Describes one column of a collection table (group tables are accepted as collections).
 * Fills the caller's struct; its strings are library allocations released by
 * quiver_database_free_scalar_metadata (which does not free the struct). not_null is 1 for
 * declared NOT NULL and primary-key columns; references_column is "" for an implicit target.
 * Errors: "Cannot get_scalar_metadata: collection not found: <C>",
 * "Scalar attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db,
                                                                const char* collection,
                                                                const char* attribute,
                                                                quiver_scalar_metadata_t* out_metadata);

/*
 * Describes one vector group (by group name, e.g. "costs"): its value columns exclude id and
 * vector_index; dimension_column is NULL. Fills the caller's struct; release its members with
 * quiver_database_free_group_metadata.
 * Errors: "Cannot get_vector_metadata: collection not found: <C>",
 * "Vector group not found: '<g>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db,
                                                                const char* collection,
                                                                const char* group_name,
                                                                quiver_group_metadata_t* out_metadata);

/* As get_vector_metadata for a set group (value columns exclude id only). Errors:
 * "Cannot get_set_metadata: collection not found: <C>", "Set group not found: '<g>' in
 * collection '<C>'". */
QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db,
                                                             const char* collection,
                                                             const char* group_name,
                                                             quiver_group_metadata_t* out_metadata);

/*
 * As get_vector_metadata for a time-series group: dimension_column is the primary-key column
 * whose name starts with date_; value columns exclude id and it (extra dimensions appear with
 * primary_key = 1).
 * Errors: "Cannot get_time_series_metadata: collection not found: <C>",
 * "Time series group not found: '<g>' in collection '<C>'",
 * "Dimension column not found: time series table '<t>'".
 */
QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db,
                                                                     const char* collection,
                                                                     const char* group_name,
                                                                     quiver_group_metadata_t* out_metadata);

/*
 * Describes every column of the collection table, in declaration order.
 *   out_metadata  receives quiver_scalar_metadata_t[*out_count] (NULL when 0); free with
 *                 quiver_database_free_scalar_metadata_array(metadata, count).
 * Errors: "Cannot list_scalar_attributes: collection not found: <C>".
 */
QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db,
                                                                   const char* collection,
                                                                   quiver_scalar_metadata_t** out_metadata,
                                                                   size_t* out_count);

/*
 * Describes every vector (set, time-series) group of the collection, sorted by group name.
 *   out_metadata  receives quiver_group_metadata_t[*out_count] (NULL when the collection has
 *                 none); free with quiver_database_free_group_metadata_array(metadata, count).
 * Errors: "Cannot list_vector_groups: collection not found: <C>" (list_set_groups,
 * list_time_series_groups likewise); time series also "Dimension column not found: ...".
 */
QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db,
                                                               const char* collection,
                                                               quiver_group_metadata_t** out_metadata,
                                                               size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db,
                                                            const char* collection,
                                                            quiver_group_metadata_t** out_metadata,
                                                            size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db,
                                                                    const char* collection,
                                                                    quiver_group_metadata_t** out_metadata,
                                                                    size_t* out_count);

/*
 * Release the members of metadata structs. The single-struct forms free the strings (and value
 * columns) only, leave the struct to its owner and set its pointers to NULL (and the count to
 * 0), so freeing twice is harmless. The array forms free every entry's members and the array.
 * Errors: "Null argument: metadata" for a NULL pointer (also with count 0).
 */
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata);
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata);
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata,
                                                                       size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata,
                                                                      size_t count);

/* ---------------------------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Transactions and dry runs
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Freeing results
 * ------------------------------------------------------------------------------------------- */

/* TEMPORARY (branch "reads"; the elements branch owns this declaration): frees a string
 * result. NULL is a no-op. */
QUIVER_C_API quiver_error_t quiver_database_free_string(char* str);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_DATABASE_H */
