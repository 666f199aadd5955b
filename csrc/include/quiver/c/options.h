/*
 * quiverdb C API: options and logging.
 *
 * Thread safety: the option structs are plain values. quiver_set_log_callback changes
 * process-wide state and may be called from any thread at any time: a record is always delivered
 * to a callback together with that callback's own user pointer, but records being logged while it
 * is replaced may still reach the previous callback (keep its user data alive until no call runs).
 */
#ifndef QUIVER_C_OPTIONS_H
#define QUIVER_C_OPTIONS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Console log threshold of a database handle. */
typedef enum {
    QUIVER_LOG_DEBUG = 0,
    QUIVER_LOG_INFO = 1,
    QUIVER_LOG_WARN = 2,
    QUIVER_LOG_ERROR = 3,
    QUIVER_LOG_OFF = 4,
} quiver_log_level_t;

/*
 * Options for opening a database.
 *   read_only      non-zero opens the SQLite connection read-only.
 *   console_level  minimum level of records printed to stderr by the handle.
 */
typedef struct {
    int read_only;
    quiver_log_level_t console_level;
} quiver_database_options_t;

/*
 * Options for CSV import and export. Every pointer is borrowed for the duration of the call.
 * The enum mapping attribute -> locale -> label -> value is flattened into enum_group_count
 * (attribute, locale) groups whose labels and values follow each other in enum_labels and
 * enum_values.
 */
typedef struct {
    const char* date_time_format;
    const char* const* enum_attribute_names;
    const char* const* enum_locale_names;
    const size_t* enum_entry_counts;
    const char* const* enum_labels;
    const int64_t* enum_values;
    size_t enum_group_count;
} quiver_csv_options_t;

/* Default database options: read-write, console level QUIVER_LOG_INFO. Returned by value. */
QUIVER_C_API quiver_database_options_t quiver_database_options_default(void);

/* Default CSV options: empty date_time_format, no enum mapping. Returned by value. */
QUIVER_C_API quiver_csv_options_t quiver_csv_options_default(void);

/*
 * Extension: receives every log record of every handle whose level is at least min_level, in
 * addition to the console output governed by console_level.
 *   level    the record's level (QUIVER_LOG_DEBUG .. QUIVER_LOG_ERROR)
 *   logger   the handle's logger name, e.g. "quiver_database_3" (borrowed for the call)
 *   message  the text (borrowed for the call)
 *   user     the pointer given to quiver_set_log_callback
 * Pass NULL as callback to remove it. The callback may be called from any thread that uses a
 * handle, while that handle's lock is held: it must not call back into the same handle.
 */
typedef void (*quiver_log_callback_t)(int level, const char* logger, const char* message, void* user);
QUIVER_C_API void quiver_set_log_callback(quiver_log_callback_t callback, int min_level, void* user);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_OPTIONS_H */
