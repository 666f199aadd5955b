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

/* ---------------------------------------------------------------------------------------------
 * Whole-group reads and writes, relations
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Time series and time-series files
 * ------------------------------------------------------------------------------------------- */

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
QUIVER_C_API quiver_error_t quiver_database_read_time_series_row(quiver_database_t* db,
                                                                 const char* collection,
                                                                 const char* group,
                                                                 const char* attribute,
                                                                 const char* date_time,
                                                                 int* out_data_type,
                                                                 void** out_values,
                                                                 uint8_t** out_mask,
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
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t* db,
                                                                   const char* collection,
                                                                   const char* group,
                                                                   int64_t id,
                                                                   const char* const* column_names,
                                                                   const int* column_types,
                                                                   const void* const* column_data,
                                                                   size_t column_count);

/*
 * As quiver_database_upsert_time_series_row for the element labelled label (trimmed before the
 * lookup). Errors as above, plus "Cannot upsert_time_series_row_by_label: unknown column type
 * <n>", "Cannot upsert_time_series_row_by_label: collection not found: <collection>" and
 * "Element not found: label '<label>' in collection '<collection>'" (checked before the group).
 */
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row_by_label(quiver_database_t* db,
                                                                            const char* collection,
                                                                            const char* group,
                                                                            const char* label,
                                                                            const char* const* column_names,
                                                                            const int* column_types,
                                                                            const void* const* column_data,
                                                                            size_t column_count);

/*
 * *out_result = 1 when collection has a <collection>_time_series_files table, else 0.
 * Errors: "Cannot has_time_series_files: collection not found: <collection>".
 */
QUIVER_C_API quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db,
                                                                  const char* collection,
                                                                  int* out_result);

/*
 * The column names of <collection>_time_series_files in declaration order.
 *   out_columns  char*[count]; free with quiver_database_free_string_array(columns, count).
 * Errors: "Cannot list_time_series_files_columns: collection not found: <collection>",
 * "Time series files table not found: <collection>_time_series_files".
 */
QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db,
                                                                           const char* collection,
                                                                           char*** out_columns,
                                                                           size_t* out_count);

/*
 * Every column of <collection>_time_series_files with its path from the table's first row,
 * sorted by column name (byte order). paths[i] is NULL when unset or when the table has no row.
 *   out_columns, out_paths  char*[count]; free both with
 *                           quiver_database_free_time_series_files(columns, paths, count).
 * Errors: "Cannot read_time_series_files: collection not found: <collection>",
 * "Time series files table not found: <collection>_time_series_files".
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db,
                                                                   const char* collection,
                                                                   char*** out_columns,
                                                                   char*** out_paths,
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
QUIVER_C_API quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db,
                                                                     const char* collection,
                                                                     const char* const* columns,
                                                                     const char* const* paths,
                                                                     size_t count);

/*
 * Frees a quiver_database_read_time_series_files result: count names and paths (NULL paths
 * allowed) and both arrays. Unlike the other free functions, NULL arrays are rejected:
 * "Null argument: columns" / "Null argument: paths" (even with count 0).
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count);

/* ---------------------------------------------------------------------------------------------
 * Metadata, listing and describe
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Transactions and dry runs
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Freeing results
 * ------------------------------------------------------------------------------------------- */

/* TEMPORARY (branch "timeseries"; the reads branch owns these declarations): free an int64_t,
 * double or mask array (NULL is a no-op), and a string array with its count entries. */
QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values);
QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values);
QUIVER_C_API quiver_error_t quiver_database_free_mask(uint8_t* mask);
QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count);


#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_DATABASE_H */
