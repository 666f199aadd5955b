/*
 * What CSV export (csv_export.c) and import (csv_import.c) share: resolving the (collection,
 * group) pair to a table, the enum mapping of quiver_csv_options_t, and the custom date-time
 * format in both directions. Not installed.
 */
#ifndef QV_CSV_COMMON_H
#define QV_CSV_COMMON_H

#include "internal.h"

/* The table a CSV call works on. */
typedef struct {
    const qv_collection* coll;
    const qv_table* table; /* the collection table (scalar CSV) or the group table */
    int scalar;            /* 1 for group "" */
} qv_csv_target;

/* Finds the table of (collection, group): "" is the collection's scalars; otherwise the vector
 * group of that name, else the set group, else the time-series group ("files" names the
 * time-series files table, as in the reference). op is "export_csv" or "import_csv".
 * Errors: "Cannot <op>: collection not found: <c>", "Cannot <op>: group not found: '<g>' in
 * collection '<c>'", schema errors. */
quiver_error_t qv_csv_resolve(quiver_database_t* db, const char* op, const char* collection, const char* group,
                              qv_csv_target* out);

/* "Dimension column not found: time series table '<t>'" for the files table (after the header
 * checks on import, before anything on export), else QUIVER_OK. */
quiver_error_t qv_csv_check_dimension(const qv_csv_target* target);

/* Checks the enum arrays of options (non-NULL when enum_group_count > 0). */
quiver_error_t qv_csv_check_options(const quiver_csv_options_t* options);

/* 1 when options map labels for the column name. */
int qv_csv_enum_applies(const quiver_csv_options_t* options, const char* column);
/* The label of value for column: the last one given (locales in order, labels in order); NULL
 * when none. */
const char* qv_csv_enum_label(const quiver_csv_options_t* options, const char* column, int64_t value);
/* The value of text (len bytes) as a label of column in any locale, compared ASCII
 * case-insensitively (first match); 1 when found. */
int qv_csv_enum_value(const quiver_csv_options_t* options, const char* column, const char* text, size_t len,
                      int64_t* out);

/* The date_time_format of options, "" when NULL. */
const char* qv_csv_date_format(const quiver_csv_options_t* options);

/* Formats a stored DATE_TIME text with the strftime pattern (C locale names; the time is UTC,
 * so %Z is "UTC", %z "+0000" and %s seconds since 1970). Appends to out; text that is not a
 * date-time is appended unchanged. */
void qv_csv_format_datetime(qv_buf* out, const char* text, const char* format);

/* Parses text (len bytes) with the strptime-style pattern from its start (trailing text is
 * ignored; missing time fields are 0) into the canonical stored form. 1 on success. */
int qv_csv_parse_datetime(const char* text, size_t len, const char* format, char out[QV_DATETIME_TEXT_SIZE]);

#endif /* QV_CSV_COMMON_H */
