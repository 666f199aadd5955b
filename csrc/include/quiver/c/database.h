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
QUIVER_C_API quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options,
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
 * "Failed to validate schema: <reason>", "Failed to open database: <msg>",
 * "Cannot from_schema: database path is a directory: <db_path>",
 * "Cannot from_schema: refusing to replace a file that is not a SQLite database: <db_path>".
 * The last two (ours, not the reference's) come after the read_only and schema-exists checks.
 */
QUIVER_C_API quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                                        const quiver_database_options_t* options,
                                                        quiver_database_t** out_db);

/*
 * Opens (creating it when absent) db_path and applies every migration of migrations_path whose
 * version is above the database's user_version, each in its own transaction, then validates the
 * schema. A failing migration is rolled back alone; earlier ones stay committed.
 *   out_db   receives the new handle; release it with quiver_database_close.
 * A version directory's whole name parses as a positive int64 (leading white space and '+'
 * allowed, as strtoll); directories naming the same version all run, in name order.
 * UI metadata: the *.toml files of the directory "ui" beside migrations_path decorate the
 * describe output of this handle; problems in them are logged as warnings, never errors.
 * Errors: "Cannot from_migrations: read_only mode (...)", "Migrations path not found: <path>",
 * "Cannot from_migrations: path is not a directory: <path>", "Failed to open database: <msg>",
 * "Cannot from_migrations: migration <N> has no up.sql file",
 * "Failed to from_migrations: up migration <N>: <reason>", "Failed to validate schema: <reason>".
 */
QUIVER_C_API quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                                            const quiver_database_options_t* options,
                                                            quiver_database_t** out_db);

/*
 * Applies every up.sql of migrations_path to an in-memory database, validates the schema, applies
 * every down.sql in reverse order and checks that no table is left (tables are listed through
 * the schema loader, so its load-time rules apply to them). Writes no file.
 * Errors: "Cannot validate_migrations: migrations path not found: <path>" / "path is not a
 * directory: <path>" / "no migrations found in <path>" / "migration <N> has no up.sql file" /
 * "migration <N> has no down.sql file"; "Failed to validate_migrations: up migration <N>: <reason>"
 * / "down migration <N>: <reason>" / "down migrations left tables behind: <T1>, <T2>";
 * "Failed to validate schema: <reason>".
 */
QUIVER_C_API quiver_error_t quiver_database_validate_migrations(const char* migrations_path);

/*
 * Closes the handle and frees everything it owns; an open transaction or dry run is rolled back.
 * NULL is a no-op. Always returns QUIVER_OK.
 * Threads: a call already running on the handle in another thread is waited for, but the caller
 * must make sure no other thread starts or is about to start a call on the handle, and that close
 * is not called from inside one of the handle's own calls (e.g. from the log callback): both would
 * use the freed handle. (The Python layer guarantees this with its own lock.)
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

/*
 * Element writes. Which table each value of the element goes to, type checks, trimming of text,
 * date-time validation and foreign keys given as labels: python-api-core.md section 3. Every
 * call is atomic: a failure leaves the database as it was, also inside a transaction or dry run.
 * The element is read, never modified or taken over; it may be reused.
 * Date-time values are stored in the canonical form YYYY-MM-DDTHH:MM:SS.
 */

/*
 * Inserts a new element of collection: its scalars into the collection table, its arrays as
 * rows of the vector, set and time-series tables that have columns of those names.
 *   element  at least one scalar; empty arrays write nothing.
 *   out_id   receives the new element's id (untouched on failure).
 * Errors (examples): "Cannot create_element: collection not found: <C>",
 * "Cannot create_element: element must have at least one scalar attribute",
 * "Cannot create_element: column '<a>' not found in table '<C>'",
 * "Cannot create_element: type mismatch for column '<a>': expected <T>, got <U>",
 * "Cannot create_element: array '<a>' does not match any vector, set, or time series table in
 * collection '<C>'", "Failed to resolve label '<l>' to ID in table '<T>'",
 * "Failed to execute statement: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection,
                                                           quiver_element_t* element, int64_t* out_id);

/*
 * Updates the element's scalars (only those named) and replaces, for every array, all rows of
 * the group tables it addresses (an empty array clears them).
 * Errors: as create_element with the prefix "Cannot update_element:", plus
 * "Cannot update_element: element must have at least one attribute to update",
 * "Element not found: <id> in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id,
                                                           const quiver_element_t* element);

/*
 * update_element for the element whose label is label (trimmed before the lookup).
 * Errors: "Cannot update_element_by_label: collection not found: <C>",
 * "Element not found: label '<label>' in collection '<C>'", then those of update_element.
 */
QUIVER_C_API quiver_error_t quiver_database_update_element_by_label(quiver_database_t* db, const char* collection,
                                                                    const char* label, const quiver_element_t* element);

/*
 * Deletes one element; its group rows cascade, referencing rows follow their ON DELETE action.
 * Errors: "Cannot delete_element: collection not found: <C>",
 * "Element not found: <id> in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id);

/*
 * Deletes the element whose label is label (trimmed before the lookup).
 * Errors: "Cannot delete_element_by_label: collection not found: <C>",
 * "Element not found: label '<label>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_delete_element_by_label(quiver_database_t* db, const char* collection,
                                                                    const char* label);

/*
 * Sets the relation column lower(collection_to) + "_" + relation_type of element id of
 * collection_from to the id of the collection_to element labelled target_label (trimmed), or to
 * NULL when target_label is NULL. Only columns of the collection table are reachable.
 * Errors: "Cannot update_relation: collection not found: <C>",
 * "Cannot update_relation: relation column '<col>' not found in collection '<C>'",
 * "Cannot update_relation: relation column '<col>' in collection '<C>' is not a foreign key",
 * "Cannot update_relation: relation column '<col>' in collection '<C>' is a foreign key to
 * collection '<T>', not to '<collection_to>'", "Element not found: <id> in collection '<C>'",
 * "Failed to resolve label '<target_label>' to ID in table '<T>'".
 */
QUIVER_C_API quiver_error_t quiver_database_update_relation(quiver_database_t* db, const char* collection_from,
                                                            const char* collection_to, const char* relation_type,
                                                            int64_t id, const char* target_label);

/*
 * update_relation for the element of collection_from whose label is label (trimmed).
 * Errors: "Cannot update_relation_by_label: collection not found: <C>",
 * "Element not found: label '<label>' in collection '<C>'", then those of update_relation.
 */
QUIVER_C_API quiver_error_t quiver_database_update_relation_by_label(quiver_database_t* db, const char* collection_from,
                                                                     const char* collection_to,
                                                                     const char* relation_type, const char* label,
                                                                     const char* target_label);

/*
 * Releases a string returned by the library (quiver_element_to_string, string reads, queries,
 * describe). NULL is a no-op. Always returns QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_free_string(char* str);

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
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t** out_values,
                                                                 uint8_t** out_mask, size_t* out_count);

/*
 * As quiver_database_read_scalar_integers for doubles: INTEGER values are widened, REAL values
 * read as they are, anything else is absent (mask 0, value 0.0).
 *   out_values  free with quiver_database_free_float_array; out_mask with quiver_database_free_mask.
 * Errors: as read_scalar_integers with the operation name read_scalar_floats.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double** out_values,
                                                               uint8_t** out_mask, size_t* out_count);

/*
 * As quiver_database_read_scalar_integers for TEXT values (DATE_TIME columns read as stored).
 * There is no mask: a NULL or non-TEXT cell is a NULL entry.
 *   out_values  receives char*[*out_count]; free with
 *               quiver_database_free_string_array(values, count).
 * Errors: as read_scalar_integers with the operation name read_scalar_strings.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char*** out_values,
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
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      int64_t* out_value, int* out_has_value);

/* As read_scalar_integer_by_id for doubles (INTEGER values widened). Operation name
 * read_scalar_float_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    double* out_value, int* out_has_value);

/*
 * As read_scalar_integer_by_id for TEXT values. With *out_has_value = 1, *out_value is a new
 * string owned by the caller (free with quiver_database_free_string); with 0 it is set to NULL.
 * Operation name read_scalar_string_by_id.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     char** out_value, int* out_has_value);

/*
 * The ids of every element, ascending.
 *   out_ids    receives int64_t[*out_count] (NULL when 0); free with
 *              quiver_database_free_integer_array.
 * Errors: "Cannot read_element_ids: collection not found: <C>",
 * "Failed to prepare statement: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection,
                                                             int64_t** out_ids, size_t* out_count);

/*
 * *out_count = number of rows of the collection.
 * Errors: "Cannot number_of_elements: collection not found: <C>".
 */
QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection,
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
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t*** out_vectors,
                                                                 uint8_t*** out_masks, size_t** out_sizes,
                                                                 size_t* out_count);

/* As read_vector_integers for doubles (INTEGER widened). Free with
 * quiver_database_free_float_vectors and quiver_database_free_masks. Operation name
 * read_vector_floats. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double*** out_vectors,
                                                               uint8_t*** out_masks, size_t** out_sizes,
                                                               size_t* out_count);

/* As read_vector_integers for TEXT, without masks (a NULL cell is a NULL entry). Free with
 * quiver_database_free_string_vectors(vectors, sizes, count). Operation name
 * read_vector_strings. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char**** out_vectors,
                                                                size_t** out_sizes, size_t* out_count);

/*
 * Reads one vector column of one element, in vector_index order. A missing element or one
 * without rows gives count 0 and NULL arrays.
 *   out_values  int64_t[*out_count]; free with quiver_database_free_integer_array.
 *   out_mask    uint8_t[*out_count]; free with quiver_database_free_mask.
 * Errors: "Cannot read_vector_integers_by_id: collection not found: <C>",
 * "Vector attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, int64_t id,
                                                                       int64_t** out_values, uint8_t** out_mask,
                                                                       size_t* out_count);

/* As read_vector_integers_by_id for doubles; free with quiver_database_free_float_array and
 * quiver_database_free_mask. Operation name read_vector_floats_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     double** out_values, uint8_t** out_mask,
                                                                     size_t* out_count);

/* As read_vector_integers_by_id for TEXT, without mask; free with
 * quiver_database_free_string_array(values, count). Operation name read_vector_strings_by_id. */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      char*** out_values, size_t* out_count);

/*
 * Set reads: the same shapes, ownership and free functions as the vector reads above; cells
 * come in storage (insertion) order. attribute is a column of one of the collection's set tables.
 * Errors: "Cannot read_set_<type>[_by_id]: collection not found: <C>",
 * "Set attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection,
                                                              const char* attribute, int64_t*** out_sets,
                                                              uint8_t*** out_masks, size_t** out_sizes,
                                                              size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection,
                                                            const char* attribute, double*** out_sets,
                                                            uint8_t*** out_masks, size_t** out_sizes,
                                                            size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection,
                                                             const char* attribute, char**** out_sets,
                                                             size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    int64_t** out_values, uint8_t** out_mask,
                                                                    size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection,
                                                                  const char* attribute, int64_t id,
                                                                  double** out_values, uint8_t** out_mask,
                                                                  size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection,
                                                                   const char* attribute, int64_t id,
                                                                   char*** out_values, size_t* out_count);

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

/*
 * Columnar group results (read_vector_group_by_id, read_set_group_by_id and
 * read_time_series_group): C columns of R rows.
 *   (*out_column_names)[c]      column name.
 *   (*out_column_types)[c]      quiver_data_type_t code: INTEGER, FLOAT, STRING or DATE_TIME.
 *   (*out_column_data)[c]       int64_t[R] (INTEGER), double[R] (FLOAT) or char*[R]
 *                               (STRING, DATE_TIME; NULL for a NULL cell).
 *   (*out_column_has_value)[c]  uint8_t[R]: 1 = value present, 0 = SQL NULL (slot holds 0,
 *                               0.0 or NULL). Present for every column.
 *   *out_column_count, *out_row_count   C and R.
 * No rows (also an element id that does not exist) is not an error: both counts are 0 and the
 * four arrays NULL. The whole result belongs to the caller and is released with one call to
 * quiver_database_free_time_series_data(names, types, data, has_value, C, R).
 */

/*
 * Reads the rows of one element in the vector group `group` of `collection`, in vector_index
 * order. Columns: the group's value columns in declaration order (id and vector_index are not
 * returned); relation columns hold ids; DATE_TIME columns have type DATE_TIME.
 *   id   element id.
 * Errors: "Cannot get_vector_metadata: collection not found: <collection>",
 * "Vector group not found: '<group>' in collection '<collection>'", SQLite failures.
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* group, int64_t id,
                                                                    char*** out_column_names, int** out_column_types,
                                                                    void*** out_column_data,
                                                                    uint8_t*** out_column_has_value,
                                                                    size_t* out_column_count, size_t* out_row_count);

/*
 * Reads the rows of one element in the set group `group` of `collection`, in the order they
 * were written. Columns: every column except id, in declaration order.
 * Errors: "Cannot get_set_metadata: collection not found: <collection>",
 * "Set group not found: '<group>' in collection '<collection>'", SQLite failures.
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t* db, const char* collection,
                                                                 const char* group, int64_t id,
                                                                 char*** out_column_names, int** out_column_types,
                                                                 void*** out_column_data,
                                                                 uint8_t*** out_column_has_value,
                                                                 size_t* out_column_count, size_t* out_row_count);

/*
 * Column-data input of the group writers (update_{vector,set,time_series}_group[_by_label]),
 * borrowed for the call:
 *   column_names[c]      column name.
 *   column_types[c]      INTEGER (0), FLOAT (1), STRING (2) or DATE_TIME (3; same as STRING).
 *   column_data[c]       int64_t[row_count], double[row_count] or const char*[row_count];
 *                        NULL makes the whole column SQL NULL; a NULL char* cell is SQL NULL.
 *   column_has_value     NULL (every cell present) or column_count masks; a NULL mask makes
 *                        its column dense; mask byte 0 stores SQL NULL (the slot is not read).
 *   column_count         0 clears the group for the element (the arrays may then be NULL).
 *   row_count            number of rows; must be > 0 when column_count > 0.
 * A write replaces every row of the element in the group, atomically (inside the call's
 * savepoint: on any error nothing changes). Columns of the table that are not named receive
 * their SQL DEFAULT. INTEGER data is accepted for REAL columns. A column whose cells are all
 * NULL is not type-checked. Text cells are stored without leading/trailing spaces, tabs, CR and
 * LF; DATE_TIME cells must be YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS and are
 * stored as YYYY-MM-DDTHH:MM:SS. When a column name repeats, the last one is used.
 * Errors common to all six writers (<op> is the function name without quiver_database_):
 * "Cannot <op>: columns [<names>] contain no rows; pass no columns to clear the group",
 * "Cannot <op>: unknown column type <n>", "Cannot <op>: collection not found: <collection>",
 * "Element not found: label '<label>' in collection '<collection>'" (_by_label),
 * "Failed to execute statement: <SQLite message>" (constraints).
 */

/*
 * Replaces the rows of element `id` in the vector group `group`: row i gets vector_index i+1.
 * String cells of an INTEGER relation column are labels of the target collection.
 * Errors (besides the common ones): "Vector group not found: '<group>' in collection '<c>'",
 * "Element not found: <id> in collection '<c>'" (also when clearing),
 * "Cannot update_vector_group: column '<col>' is managed by the group table, not a value column"
 * (id, vector_index), "Cannot update_vector_group: column '<col>' not found in group '<group>'
 * for collection '<c>'", "Failed to resolve label '<label>' to ID in table '<target>'",
 * "Cannot update_vector_group: type mismatch for column '<col>': expected INTEGER, got TEXT",
 * "Cannot update_vector_group: type mismatch for array '<col>' index <i>: expected <T>, got <T>",
 * "Cannot update_vector_group: invalid DATE_TIME value for array '<col>' index <i>: '<value>'
 * (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)". Names are checked first, then the cells,
 * column by column in ascending name order.
 */
QUIVER_C_API quiver_error_t quiver_database_update_vector_group(quiver_database_t* db, const char* collection,
                                                                const char* group, int64_t id,
                                                                const char* const* column_names,
                                                                const int* column_types, const void* const* column_data,
                                                                const uint8_t* const* column_has_value,
                                                                size_t column_count, size_t row_count);

/* update_vector_group for the element with the given label (trimmed before the lookup). */
QUIVER_C_API quiver_error_t quiver_database_update_vector_group_by_label(
    quiver_database_t* db, const char* collection, const char* group, const char* label,
    const char* const* column_names, const int* column_types, const void* const* column_data,
    const uint8_t* const* column_has_value, size_t column_count, size_t row_count);

/*
 * Replaces the rows of element `id` in the set group `group`, inserted in array order.
 * Rules and errors as update_vector_group, with "update_set_group" and
 * "Set group not found: ..."; only id is managed (vector_index is an unknown column here).
 * Duplicate rows fail the table's UNIQUE constraint.
 */
QUIVER_C_API quiver_error_t quiver_database_update_set_group(quiver_database_t* db, const char* collection,
                                                             const char* group, int64_t id,
                                                             const char* const* column_names, const int* column_types,
                                                             const void* const* column_data,
                                                             const uint8_t* const* column_has_value,
                                                             size_t column_count, size_t row_count);

/* update_set_group for the element with the given label (trimmed before the lookup). */
QUIVER_C_API quiver_error_t quiver_database_update_set_group_by_label(
    quiver_database_t* db, const char* collection, const char* group, const char* label,
    const char* const* column_names, const int* column_types, const void* const* column_data,
    const uint8_t* const* column_has_value, size_t column_count, size_t row_count);

/* ---------------------------------------------------------------------------------------------
 * Time series and time-series files
 * ------------------------------------------------------------------------------------------- */

/* whole-group reads and writes */

/*
 * Reads the rows of one element in the time-series group `group` in the columnar layout above.
 * Columns: the date-time dimension column first, typed STRING; then every other column except
 * id in declaration order (extra dimensions included; DATE_TIME value columns typed DATE_TIME).
 * Rows are sorted by time (texts written as YYYY-MM-DD or with a space separator by older
 * writers are ordered by the instant they name), then by the extra dimensions. Cells are
 * returned as stored. Free with quiver_database_free_time_series_data.
 * Errors: "Cannot get_time_series_metadata: collection not found: <collection>",
 * "Time series group not found: '<group>' in collection '<collection>'",
 * "Dimension column not found: time series table '<table>'", SQLite failures.
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection,
                                                                   const char* group, int64_t id,
                                                                   char*** out_column_names, int** out_column_types,
                                                                   void*** out_column_data,
                                                                   uint8_t*** out_column_has_value,
                                                                   size_t* out_column_count, size_t* out_row_count);

/*
 * Replaces the rows of element `id` in the time-series group `group` (column-data input as for
 * the group writers above; one prepared INSERT, one savepoint). Every key column (primary-key
 * column other than id) must be named. Relation columns take integer ids only. Clearing
 * (column_count 0) an id that does not exist does nothing; writing rows for it fails SQLite's
 * foreign-key check.
 * Errors (besides the common ones): "Time series group not found: '<group>' in collection '<c>'",
 * "Cannot update_time_series_group: row missing required '<col>' column",
 * "Cannot update_time_series_group: column '<col>' not found in group '<group>' for collection
 * '<c>'" (also for id), "Cannot update_time_series_group: column '<col>' has type <T> but
 * received <T>", "Cannot update_time_series_group: invalid DATE_TIME value for column '<col>':
 * '<value>' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
 * "Failed to execute statement: FOREIGN KEY constraint failed" (unknown id),
 * "Failed to execute statement: UNIQUE constraint failed: ..." (repeated key).
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count, size_t row_count);

/* update_time_series_group for the element with the given label (trimmed before the lookup);
 * an unknown label fails with "Element not found: label '<label>' in collection '<c>'". */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_by_label(
    quiver_database_t* db, const char* collection, const char* group, const char* label,
    const char* const* column_names, const int* column_types, const void* const* column_data,
    const uint8_t* const* column_has_value, size_t column_count, size_t row_count);

/*
 * Releases a columnar result of read_vector_group_by_id, read_set_group_by_id or
 * read_time_series_group: every name, mask and data column (string columns: row_count cells,
 * NULL cells allowed), then the four arrays. NULL arrays and NULL data slots are skipped (an
 * empty result is a no-op). Pass the counts the read returned.
 * Errors: "Cannot free_time_series_data: unknown data type <n>" when types holds a code other
 * than 0..3 (everything is still released except the cells of that column).
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types,
                                                                  void** column_data, uint8_t** column_has_value,
                                                                  size_t column_count, size_t row_count);

/* row lookup, upserts and files */

/*
 * For every element of collection, in ascending id order (as quiver_database_read_element_ids),
 * the value of the value column attribute of time-series group group taken from the element's
 * latest row at or before date_time among the rows where attribute is not NULL.
 * Dates are compared in time: date_time is read with the DATE_TIME grammar (YYYY-MM-DD,
 * YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS) and stored keys in any of those forms are ranked
 * chronologically; a date_time outside the grammar is compared with the stored text.
 *   collection, group, attribute, date_time   borrowed UTF-8 strings.
 *   out_data_type  the column's quiver_data_type_t: INTEGER, FLOAT, STRING or DATE_TIME.
 *   out_values     int64_t[count] (INTEGER), double[count] (FLOAT) or char*[count] (STRING,
 *                  DATE_TIME); free with quiver_database_free_integer_array,
 *                  quiver_database_free_float_array or quiver_database_free_string_array(values,
 *                  count). A cell without value holds 0, 0.0 or NULL.
 *   out_mask       uint8_t[count], 1 = value present, for every type; free with
 *                  quiver_database_free_mask.
 *   out_count      number of elements. A collection without elements gives count 0 and NULL
 *                  arrays (out_data_type is still set).
 * Errors: "Cannot read_time_series_row: collection not found: <collection>",
 * "Time series group not found: '<group>' in collection '<collection>'",
 * "Dimension column not found: time series table '<table>'",
 * "Cannot read_time_series_row: group '<group>' of collection '<collection>' has more than one
 * dimension column", "Time series attribute not found: '<attribute>' in group '<group>' of
 * collection '<collection>'" (also for id and the dimension column).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_row(quiver_database_t* db, const char* collection,
                                                                 const char* group, const char* attribute,
                                                                 const char* date_time, int* out_data_type,
                                                                 void** out_values, uint8_t** out_mask,
                                                                 size_t* out_count);

/*
 * Writes one row of time-series group group for element id: INSERT OR REPLACE, so an existing
 * row with the same key (id and every dimension column) is replaced as a whole and the value
 * columns not named take their default (NULL when none). Atomic.
 *   column_names[c]  column name; a repeated name counts with its last occurrence.
 *   column_types[c]  INTEGER(0), FLOAT(1), STRING(2) or DATE_TIME(3) (2 and 3 are alike).
 *   column_data[c]   pointer to ONE cell: int64_t[1], double[1] or const char*[1]; NULL (or a
 *                    NULL char*) writes SQL NULL and is not type-checked.
 *   column_count     may be 0 (the arrays may then be NULL); the dimension is then missing.
 * Text is trimmed of spaces, tabs, CR and LF. DATE_TIME columns are validated and stored as
 * YYYY-MM-DDTHH:MM:SS. INTEGER data is accepted for FLOAT columns.
 * Errors: "Cannot upsert_time_series_row: unknown column type <n>",
 * "Cannot upsert_time_series_row: collection not found: <collection>",
 * "Time series group not found: '<group>' in collection '<collection>'",
 * "Dimension column not found: time series table '<table>'" (no key column besides id),
 * "Cannot upsert_time_series_row: row missing required '<column>' column",
 * "Cannot upsert_time_series_row: column '<column>' not found in group '<group>' for collection
 * '<collection>'", "Cannot upsert_time_series_row: column '<column>' has type <T> but received
 * <U>", "Cannot upsert_time_series_row: invalid DATE_TIME value for column '<column>': '<value>'
 * (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)", "Failed to execute statement: <sqlite message>"
 * (e.g. FOREIGN KEY constraint failed for an unknown id, NOT NULL constraint failed).
 * Columns are checked in name order, after the dimension columns are found present.
 */
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t* db, const char* collection,
                                                                   const char* group, int64_t id,
                                                                   const char* const* column_names,
                                                                   const int* column_types,
                                                                   const void* const* column_data, size_t column_count);

/*
 * As quiver_database_upsert_time_series_row for the element labelled label (trimmed before the
 * lookup). Errors as above, plus "Cannot upsert_time_series_row_by_label: unknown column type
 * <n>", "Cannot upsert_time_series_row_by_label: collection not found: <collection>" and
 * "Element not found: label '<label>' in collection '<collection>'" (checked before the group).
 */
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row_by_label(
    quiver_database_t* db, const char* collection, const char* group, const char* label,
    const char* const* column_names, const int* column_types, const void* const* column_data, size_t column_count);

/*
 * *out_result = 1 when collection has a <collection>_time_series_files table, else 0.
 * Errors: "Cannot has_time_series_files: collection not found: <collection>".
 */
QUIVER_C_API quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection,
                                                                  int* out_result);

/*
 * The column names of <collection>_time_series_files in declaration order.
 *   out_columns  char*[count]; free with quiver_database_free_string_array(columns, count).
 * Errors: "Cannot list_time_series_files_columns: collection not found: <collection>",
 * "Time series files table not found: <collection>_time_series_files".
 */
QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db,
                                                                           const char* collection, char*** out_columns,
                                                                           size_t* out_count);

/*
 * Every column of <collection>_time_series_files with its path from the table's first row,
 * sorted by column name (byte order). paths[i] is NULL when unset or when the table has no row.
 *   out_columns, out_paths  char*[count]; free both with
 *                           quiver_database_free_time_series_files(columns, paths, count).
 * Errors: "Cannot read_time_series_files: collection not found: <collection>",
 * "Time series files table not found: <collection>_time_series_files".
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection,
                                                                   char*** out_columns, char*** out_paths,
                                                                   size_t* out_count);

/*
 * Sets the named columns of <collection>_time_series_files (every row of it) to paths[i]
 * (trimmed; NULL clears it); other columns keep their values. A row is created first when the
 * table has none. count == 0 (arrays may be NULL) changes nothing. Atomic.
 * Errors: "Cannot update_time_series_files: collection not found: <collection>",
 * "Time series files table not found: <collection>_time_series_files",
 * "Cannot update_time_series_files: column '<column>' not found in table '<table>'",
 * "Failed to execute statement: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection,
                                                                     const char* const* columns,
                                                                     const char* const* paths, size_t count);

/*
 * Frees a quiver_database_read_time_series_files result: count names and paths (NULL paths
 * allowed) and both arrays. Unlike the other free functions, NULL arrays are rejected:
 * "Null argument: columns" / "Null argument: paths" (even with count 0).
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count);

/* ---------------------------------------------------------------------------------------------
 * Metadata, listing and describe
 * ------------------------------------------------------------------------------------------- */

/* describe */

/*
 * Writes a plain-text report of the whole database: a "Database: <path>" and "Version: <n>"
 * header, then one section per collection in name order, each with its scalar columns
 * (type, constraint, non-NULL/NULL counts, value histogram of small INTEGER domains) and its
 * vector, set and time-series groups (columns and how many elements have rows).
 * Format: python-api-core.md section 5.3.
 *   out_report  receives a new NUL-terminated string, never NULL on success; release it with
 *               quiver_database_free_string.
 * Errors: schema validation messages ("Failed to validate schema: <reason>"),
 * "Failed to execute statement: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_describe(quiver_database_t* db, char** out_report);

/*
 * Writes the report section of one collection (the "Collection: <name> ..." block of
 * quiver_database_describe, without header or leading blank line). The name of a group table
 * is accepted too and reports that table's columns as scalars.
 *   collection  collection name (UTF-8), borrowed.
 *   out_report  receives a new string; release it with quiver_database_free_string.
 * Errors: "Cannot describe_collection: collection not found: <collection>", schema validation
 * messages, "Failed to execute statement: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection,
                                                                char** out_report);

/*
 * Describes one column of a collection table (group tables are accepted as collections).
 * Fills the caller's struct; its strings are library allocations released by
 * quiver_database_free_scalar_metadata (which does not free the struct). not_null is 1 for
 * declared NOT NULL and primary-key columns; references_column is "" for an implicit target.
 * Errors: "Cannot get_scalar_metadata: collection not found: <C>",
 * "Scalar attribute not found: '<a>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection,
                                                                const char* attribute,
                                                                quiver_scalar_metadata_t* out_metadata);

/*
 * Describes one vector group (by group name, e.g. "costs"): its value columns exclude id and
 * vector_index; dimension_column is NULL. Fills the caller's struct; release its members with
 * quiver_database_free_group_metadata.
 * Errors: "Cannot get_vector_metadata: collection not found: <C>",
 * "Vector group not found: '<g>' in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection,
                                                                const char* group_name,
                                                                quiver_group_metadata_t* out_metadata);

/* As get_vector_metadata for a set group (value columns exclude id only). Errors:
 * "Cannot get_set_metadata: collection not found: <C>", "Set group not found: '<g>' in
 * collection '<C>'". */
QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection,
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
QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection,
                                                                     const char* group_name,
                                                                     quiver_group_metadata_t* out_metadata);

/*
 * Describes every column of the collection table, in declaration order.
 *   out_metadata  receives quiver_scalar_metadata_t[*out_count] (NULL when 0); free with
 *                 quiver_database_free_scalar_metadata_array(metadata, count).
 * Errors: "Cannot list_scalar_attributes: collection not found: <C>".
 */
QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                                   quiver_scalar_metadata_t** out_metadata,
                                                                   size_t* out_count);

/*
 * Describes every vector (set, time-series) group of the collection, sorted by group name.
 *   out_metadata  receives quiver_group_metadata_t[*out_count] (NULL when the collection has
 *                 none); free with quiver_database_free_group_metadata_array(metadata, count).
 * Errors: "Cannot list_vector_groups: collection not found: <C>" (list_set_groups,
 * list_time_series_groups likewise); time series also "Dimension column not found: ...".
 */
QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection,
                                                               quiver_group_metadata_t** out_metadata,
                                                               size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection,
                                                            quiver_group_metadata_t** out_metadata, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection,
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
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count);

/* ---------------------------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------------------------- */

/*
 * Runs a read-only SQL query and returns the first column of its first row. Only the first
 * statement of sql is compiled; statements that could write, PRAGMA, ATTACH/DETACH, VACUUM,
 * ANALYZE/REINDEX, DDL and transaction control (also behind EXPLAIN) are refused before they
 * run. Every row is stepped through, so a BLOB cell or a run-time error in any row fails.
 *   sql           SQL text (UTF-8), borrowed.
 *   param_types   param_count codes, one per parameter: QUIVER_DATA_TYPE_INTEGER (0),
 *                 FLOAT (1), STRING (2) or NULL (4). DATE_TIME (3) is refused: pass date-times
 *                 as STRING. May be NULL when param_count is 0.
 *   param_values  param_count pointers: to an int64_t (0), to a double (1), the NUL-terminated
 *                 text itself (2; leading/trailing space, tab, CR and LF are trimmed), ignored
 *                 for NULL (4). May be NULL when param_count is 0. Borrowed.
 *   param_count   must equal the number of parameter slots of the statement (SQLite numbering:
 *                 ?, ?NNN, :name, @name, $name).
 *   out_has_value set to 1 when there is a first row whose first cell has the requested kind,
 *                 else 0 (no row, NULL, or another storage class).
 * query_string: *out_value receives a new string (release with quiver_database_free_string),
 * or NULL when *out_has_value is 0; numbers are not converted to text.
 * query_integer: *out_value is written only for INTEGER cells (REAL and TEXT are not converted).
 * query_float: *out_value is written for REAL and INTEGER cells (integers are widened).
 * Numeric outputs are left untouched when *out_has_value is 0.
 * Errors: "Cannot query_<kind>: unknown parameter type <n>",
 * "Cannot query_<kind>: parameter at index <i> has null string value" (also "null integer
 * value" / "null float value", an extension), "Failed to prepare statement: <sqlite message>",
 * "Cannot query: SQL must be read-only; writes, PRAGMA, ATTACH, VACUUM and transaction control
 * are not allowed", "Failed to execute statement: expected <n> bound parameter(s) but got <m>",
 * "Failed to execute statement: BLOB type not supported", "Failed to execute statement: <sqlite
 * message>" (also "not an error" for empty SQL or only comments).
 */
QUIVER_C_API quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, const int* param_types,
                                                         const void* const* param_values, size_t param_count,
                                                         char** out_value, int* out_has_value);

/* As quiver_database_query_string, for an INTEGER result. */
QUIVER_C_API quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql,
                                                          const int* param_types, const void* const* param_values,
                                                          size_t param_count, int64_t* out_value, int* out_has_value);

/* As quiver_database_query_string, for a REAL (or widened INTEGER) result. */
QUIVER_C_API quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, const int* param_types,
                                                        const void* const* param_values, size_t param_count,
                                                        double* out_value, int* out_has_value);

/* ---------------------------------------------------------------------------------------------
 * Transactions and dry runs
 * ------------------------------------------------------------------------------------------- */

/*
 * Starts an explicit transaction (BEGIN). Write calls inside it stay atomic each (they run in
 * their own savepoints). Inside a dry run this succeeds without effect. Works on read-only
 * handles.
 * Errors: "Cannot begin_transaction: transaction already active".
 */
QUIVER_C_API quiver_error_t quiver_database_begin_transaction(quiver_database_t* db);

/*
 * Commits the open transaction. Inside a dry run this succeeds without effect. A failing
 * COMMIT (e.g. a deferred foreign key) leaves the transaction open.
 * Errors: "Cannot commit: no active transaction", "Failed to commit transaction: <sqlite message>".
 */
QUIVER_C_API quiver_error_t quiver_database_commit(quiver_database_t* db);

/*
 * Rolls the open transaction back. Inside a dry run this succeeds without effect (nothing is
 * undone before quiver_database_end_dry_run).
 * Errors: "Cannot rollback: no active transaction", "Failed to rollback transaction: <msg>".
 */
QUIVER_C_API quiver_error_t quiver_database_rollback(quiver_database_t* db);

/* *out_active = 1 while a transaction is open, a dry run's included, else 0. */
QUIVER_C_API quiver_error_t quiver_database_in_transaction(quiver_database_t* db, int* out_active);

/*
 * Opens a transaction and enters dry-run mode: everything written until
 * quiver_database_end_dry_run is rolled back then. Meanwhile begin_transaction, commit and
 * rollback are absorbed (succeed without effect).
 * Errors: "Cannot begin_dry_run: dry run already active", "Cannot begin_dry_run: transaction
 * already active".
 */
QUIVER_C_API quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db);

/*
 * Rolls back everything since quiver_database_begin_dry_run and leaves dry-run mode.
 * Errors: "Cannot end_dry_run: no active dry run", "Failed to rollback transaction: <msg>",
 * "Failed to end_dry_run: rollback left the transaction open".
 */
QUIVER_C_API quiver_error_t quiver_database_end_dry_run(quiver_database_t* db);

/* *out_active = 1 between begin_dry_run and end_dry_run, else 0. */
QUIVER_C_API quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active);

/* ---------------------------------------------------------------------------------------------
 * CSV import and export
 * ------------------------------------------------------------------------------------------- */

/*
 * Writes the collection's scalar attributes (group "") or one vector, set or time-series group
 * (by group name) to the CSV file at path, row by row: a "sep=," line, the header, one line per
 * row, LF line endings, fields quoted only when they hold ',', '"', CR or LF. Relation columns
 * and a group's id are written as labels; DATE_TIME cells are reformatted with
 * options->date_time_format when it is not empty; INTEGER columns with an enum mapping are
 * written as labels. Missing parent directories are created; an existing file is replaced. Only
 * reads the database (works inside transactions and dry runs).
 *   db          the handle.
 *   collection  collection name, borrowed.
 *   group       "" or a group name, borrowed.
 *   path        file path (UTF-8), borrowed.
 *   options     NULL for quiver_csv_options_default(); borrowed for the call.
 * Errors: "Cannot export_csv: collection not found: <c>", "Cannot export_csv: group not found:
 * '<g>' in collection '<c>'", "Dimension column not found: time series table '<t>'" (group
 * "files"), "Failed to export_csv: could not open file: <path>", "Failed to export_csv: could not
 * write file: <path>" (the partial file is removed), "Null argument: enum_..." for an enum
 * mapping with NULL arrays.
 */
QUIVER_C_API quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options);

/*
 * Replaces the collection's scalar rows (group "") or one group's rows with the rows of the CSV
 * file at path (python-api-data.md 4.3). Scalar import synchronises the collection by label:
 * listed elements are updated in place (ids kept) or created, the others are deleted (refused
 * when an ON DELETE CASCADE chain would delete a listed element); self relations may name
 * elements defined later in the file. Group import replaces the group of every element. The
 * file is read row by row; the whole import is one savepoint: any failure, whatever the row,
 * leaves the database as it was, also inside a transaction or dry run.
 *   db, collection, group, path, options  as for quiver_database_export_csv.
 * Errors: the reference's messages of python-api-data.md 4.3 ("Cannot import_csv: ..."); those
 * about a place in the file end with " (file '<path>', line <n>, column <c>)" (line only for
 * whole-row problems).
 */
QUIVER_C_API quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options);

/* ---------------------------------------------------------------------------------------------
 * Packed results (extension, not in the reference)
 *
 * The readers below return the same values as the reference readers they are named after, with
 * every text of a result in ONE buffer instead of one allocation per value, so that a caller
 * (the Python layer) can move a whole result across in one step. The reference functions above
 * are unchanged. Each reader fills a caller-owned struct; the library owns what the struct
 * points to until it is released with the matching free function below, which also resets the
 * struct to zeros. On failure the struct is left untouched.
 *
 * Texts. Every text is stored as returned by SQLite up to its first NUL (the reference C API
 * returns C strings, so a NUL inside a TEXT value ends it there too), followed by one NUL. An
 * absent value (mask 0) is stored as the empty text. Texts are returned as stored: they are not
 * checked to be valid UTF-8.
 * ------------------------------------------------------------------------------------------- */

/*
 * One column of values.
 *   type          QUIVER_DATA_TYPE_INTEGER, _FLOAT or _STRING; in the columns of a group read
 *                 and in a row read, the type the matching reference reader reports
 *                 (_DATE_TIME for DATE_TIME columns, whose values are texts).
 *   count         number of values.
 *   integers      INTEGER: int64_t[count], 0 where absent; NULL for the other types.
 *   floats        FLOAT: double[count], 0.0 where absent; NULL for the other types.
 *   text          STRING and DATE_TIME: the count texts in order, each followed by one NUL;
 *                 NULL for the other types and when count is 0.
 *   text_size     bytes of text, the count NULs included (0 when text is NULL).
 *   mask          uint8_t[count], 1 = present, 0 = absent (SQL NULL or a value the reader does
 *                 not take); NULL when count is 0.
 *   absent_count  number of 0 bytes in mask.
 *   sizes         grouped results (vectors and sets of every element): size_t[group_count],
 *                 the number of values of each element; the values of element e follow those
 *                 of element e-1. NULL for the other results.
 *   group_count   number of elements of a grouped result, otherwise 0.
 */
typedef struct {
    int type;
    size_t count;
    int64_t* integers;
    double* floats;
    char* text;
    size_t text_size;
    uint8_t* mask;
    size_t absent_count;
    size_t* sizes;
    size_t group_count;
} quiver_packed_values_t;

/*
 * A columnar group result: column_count columns of row_count rows each.
 *   names       the column names in column order, each followed by one NUL; NULL when
 *               column_count is 0.
 *   names_size  bytes of names, the NULs included.
 *   columns     quiver_packed_values_t[column_count], each with count = row_count.
 * As for quiver_database_free_time_series_data results, a result without rows has no columns
 * (column_count 0); row_count is then 0, except for a vector or set group without value columns,
 * where it still gives the number of rows.
 */
typedef struct {
    size_t column_count;
    size_t row_count;
    char* names;
    size_t names_size;
    quiver_packed_values_t* columns;
} quiver_packed_columns_t;

/*
 * read_scalar_integers, read_scalar_floats or read_scalar_strings in packed form, chosen by
 * type (QUIVER_DATA_TYPE_INTEGER, _FLOAT or _STRING): one value per element in element order.
 *   db, collection, attribute  as for quiver_database_read_scalar_integers.
 *   type  the reader.
 *   out   receives the values (sizes NULL); release with quiver_database_free_packed_values.
 * Errors: those of the reader chosen, with its operation name ("Cannot read_scalar_strings:
 * collection not found: <C>", ...); "Cannot read_scalar_packed: unsupported data type <n>" for
 * any other type.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_packed(quiver_database_t* db, const char* collection,
                                                               const char* attribute, int type,
                                                               quiver_packed_values_t* out);

/*
 * read_vector_<type>s (vector) or read_set_<type>s (set) in packed form: the values of every
 * element, element after element (ascending id), each element's values in vector_index order
 * (vectors) or insertion order (sets); out->sizes[e] is the number of values of element e and
 * out->group_count the number of elements. type: QUIVER_DATA_TYPE_INTEGER, _FLOAT or _STRING.
 * Release with quiver_database_free_packed_values.
 * Errors: those of the reader chosen ("Cannot read_vector_strings: collection not found: <C>",
 * "Vector attribute not found: '<a>' in collection '<C>'", ...); "Cannot read_vector_packed:
 * unsupported data type <n>" (read_set_packed likewise).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_packed(quiver_database_t* db, const char* collection,
                                                               const char* attribute, int type,
                                                               quiver_packed_values_t* out);
QUIVER_C_API quiver_error_t quiver_database_read_set_packed(quiver_database_t* db, const char* collection,
                                                            const char* attribute, int type,
                                                            quiver_packed_values_t* out);

/*
 * read_vector_<type>s_by_id / read_set_<type>s_by_id in packed form: the values of element id
 * (count 0 when it has none or does not exist); sizes NULL. Release with
 * quiver_database_free_packed_values.
 * Errors: those of the reader chosen ("Cannot read_set_strings_by_id: collection not found:
 * <C>", ...); "Cannot read_vector_by_id_packed: unsupported data type <n>" (set likewise).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_by_id_packed(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id, int type,
                                                                     quiver_packed_values_t* out);
QUIVER_C_API quiver_error_t quiver_database_read_set_by_id_packed(quiver_database_t* db, const char* collection,
                                                                  const char* attribute, int64_t id, int type,
                                                                  quiver_packed_values_t* out);

/*
 * read_vector_group_by_id, read_set_group_by_id and read_time_series_group in packed form: the
 * same columns, types, rows and order, with the names and each text column packed. Release with
 * quiver_database_free_packed_columns.
 * Errors: those of the reference readers.
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_group_by_id_packed(quiver_database_t* db,
                                                                           const char* collection, const char* group,
                                                                           int64_t id, quiver_packed_columns_t* out);
QUIVER_C_API quiver_error_t quiver_database_read_set_group_by_id_packed(quiver_database_t* db, const char* collection,
                                                                        const char* group, int64_t id,
                                                                        quiver_packed_columns_t* out);
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group_packed(quiver_database_t* db, const char* collection,
                                                                          const char* group, int64_t id,
                                                                          quiver_packed_columns_t* out);

/*
 * read_time_series_row in packed form: one value per element (ascending id), typed by the
 * attribute's column (INTEGER, FLOAT, STRING or DATE_TIME; texts packed); sizes NULL. Release
 * with quiver_database_free_packed_values.
 * Errors: those of quiver_database_read_time_series_row.
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_row_packed(quiver_database_t* db, const char* collection,
                                                                        const char* group, const char* attribute,
                                                                        const char* date_time,
                                                                        quiver_packed_values_t* out);

/*
 * Releases everything a packed result points to and resets the struct to zeros; the struct
 * itself stays the caller's. NULL and an all-zero struct are no-ops. Always returns QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_free_packed_values(quiver_packed_values_t* values);
QUIVER_C_API quiver_error_t quiver_database_free_packed_columns(quiver_packed_columns_t* columns);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_DATABASE_H */
