/*
 * One translation unit per way of including the public headers, built by test_headers with
 * QT_VARIANT set (see CMakeLists.txt). Each variant includes its headers and nothing else, then
 * uses what those headers must declare, so a header that needs a sibling it does not include, a
 * repeated typedef, or a missing declaration breaks the build.
 */
#if QT_VARIANT == 1
#include <quiver/c/common.h>
#elif QT_VARIANT == 2
#include <quiver/c/options.h>
#elif QT_VARIANT == 3
#include <quiver/c/database.h>
#elif QT_VARIANT == 4
#include <quiver/c/element.h>
#elif QT_VARIANT == 5
#include <quiver/c/database.h>
#include <quiver/c/element.h>
#elif QT_VARIANT == 6
#include <quiver/c/element.h>
#include <quiver/c/database.h>
#elif QT_VARIANT == 7
#include <quiverdb.h>
#elif QT_VARIANT == 8
#include <quiverdb.h>
#include <quiver/c/common.h>
#include <quiver/c/database.h>
#include <quiver/c/element.h>
#include <quiver/c/options.h>
#else
#error "QT_VARIANT must be 1..8"
#endif

#define QT_CAT2(a, b) a##b
#define QT_CAT(a, b) QT_CAT2(a, b)

/* Returns a bit set of what was found usable; test_headers.c knows what to expect per variant. */
int QT_CAT(header_variant_, QT_VARIANT)(void);
int QT_CAT(header_variant_, QT_VARIANT)(void) {
    int found = 0;
    /* common.h: always reachable. */
    const char* (*version)(void) = quiver_version;
    const char* (*last_error)(void) = quiver_get_last_error;
    quiver_error_t ok = QUIVER_OK;
    size_t size = sizeof(int64_t); /* <stddef.h>, <stdint.h> */
    found |= (version != 0 && last_error != 0 && ok == 0 && size == 8) ? 1 : 0;
#if QT_VARIANT != 1 && QT_VARIANT != 4
    {
        /* options.h (brought by database.h too). */
        quiver_database_options_t options;
        quiver_csv_options_t csv;
        quiver_log_level_t level = QUIVER_LOG_OFF;
        quiver_database_options_t (*defaults)(void) = quiver_database_options_default;
        options.read_only = 0;
        options.console_level = level;
        csv.enum_group_count = 0;
        found |= (defaults != 0 && options.console_level == 4 && csv.enum_group_count == 0) ? 2 : 0;
    }
#endif
#if QT_VARIANT != 1 && QT_VARIANT != 2 && QT_VARIANT != 4
    {
        /* database.h, including <stdbool.h>. */
        bool yes = true;
        quiver_database_t* db = 0;
        quiver_element_t* element = 0;
        quiver_scalar_metadata_t scalar;
        quiver_group_metadata_t group;
        quiver_error_t (*open_fn)(const char*, const quiver_database_options_t*, quiver_database_t**) =
            quiver_database_open;
        scalar.data_type = QUIVER_DATA_TYPE_DATE_TIME;
        group.value_column_count = 0;
        found |=
            (yes && db == 0 && element == 0 && open_fn != 0 && scalar.data_type == 3 && group.value_column_count == 0)
                ? 4
                : 0;
    }
#endif
#if QT_VARIANT >= 4
    {
        /* element.h. */
        struct quiver_element* forward = 0;
        quiver_element_t* element = forward;
#ifdef QT_HAVE_ELEMENT_API
        /* Declared by element.h itself, whichever headers came before. */
        quiver_error_t (*create)(quiver_element_t**) = quiver_element_create;
        quiver_error_t (*set_array)(quiver_element_t*, const char*, const char* const*, int32_t, const uint8_t*) =
            quiver_element_set_array_string;
        found |= (element == 0 && create != 0 && set_array != 0) ? 8 : 0;
#else
        found |= element == 0 ? 8 : 0;
#endif
    }
#endif
    return found;
}
