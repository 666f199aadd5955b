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
QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db,
                                                           const char* collection,
                                                           quiver_element_t* element,
                                                           int64_t* out_id);

/*
 * Updates the element's scalars (only those named) and replaces, for every array, all rows of
 * the group tables it addresses (an empty array clears them).
 * Errors: as create_element with the prefix "Cannot update_element:", plus
 * "Cannot update_element: element must have at least one attribute to update",
 * "Element not found: <id> in collection '<C>'".
 */
QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db,
                                                           const char* collection,
                                                           int64_t id,
                                                           const quiver_element_t* element);

/*
 * update_element for the element whose label is label (trimmed before the lookup).
 * Errors: "Cannot update_element_by_label: collection not found: <C>",
 * "Element not found: label '<label>' in collection '<C>'", then those of update_element.
 */
QUIVER_C_API quiver_error_t quiver_database_update_element_by_label(quiver_database_t* db,
                                                                    const char* collection,
                                                                    const char* label,
                                                                    const quiver_element_t* element);

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
QUIVER_C_API quiver_error_t quiver_database_delete_element_by_label(quiver_database_t* db,
                                                                    const char* collection,
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
QUIVER_C_API quiver_error_t quiver_database_update_relation(quiver_database_t* db,
                                                            const char* collection_from,
                                                            const char* collection_to,
                                                            const char* relation_type,
                                                            int64_t id,
                                                            const char* target_label);

/*
 * update_relation for the element of collection_from whose label is label (trimmed).
 * Errors: "Cannot update_relation_by_label: collection not found: <C>",
 * "Element not found: label '<label>' in collection '<C>'", then those of update_relation.
 */
QUIVER_C_API quiver_error_t quiver_database_update_relation_by_label(quiver_database_t* db,
                                                                     const char* collection_from,
                                                                     const char* collection_to,
                                                                     const char* relation_type,
                                                                     const char* label,
                                                                     const char* target_label);

/*
 * Releases a string returned by the library (quiver_element_to_string, string reads, queries,
 * describe). NULL is a no-op. Always returns QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_free_string(char* str);

/* ---------------------------------------------------------------------------------------------
 * Scalar, vector and set reads
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Whole-group reads and writes, relations
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * Time series and time-series files
 * ------------------------------------------------------------------------------------------- */

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

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_DATABASE_H */
