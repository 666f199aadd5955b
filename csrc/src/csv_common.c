/*
 * Shared parts of CSV export and import: target resolution, the enum mapping and custom
 * date-time formats (see csv_common.h).
 */
#include "csv_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- target ------------------------------------------------------------------------------------ */

static const qv_table* qv_find_group(qv_table* const* tables, size_t count, const char* group) {
    for (size_t i = 0; i < count; ++i) {
        if (strcmp(tables[i]->group, group) == 0) return tables[i];
    }
    return NULL;
}

quiver_error_t qv_csv_resolve(quiver_database_t* db, const char* op, const char* collection, const char* group,
                              qv_csv_target* out) {
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const qv_collection* coll = qv_schema_collection(schema, collection);
    if (!coll) return qv_fail("Cannot %s: collection not found: %s", op, collection);
    out->coll = coll;
    out->scalar = group[0] == '\0';
    if (out->scalar) {
        out->table = coll->table;
        return QUIVER_OK;
    }
    const qv_table* t = qv_find_group(coll->vectors, coll->vector_count, group);
    if (!t) t = qv_find_group(coll->sets, coll->set_count, group);
    if (!t) t = qv_find_group(coll->time_series, coll->time_series_count, group);
    if (!t && coll->files && strcmp(group, "files") == 0) t = coll->files;
    if (!t) return qv_fail("Cannot %s: group not found: '%s' in collection '%s'", op, group, collection);
    out->table = t;
    return QUIVER_OK;
}

quiver_error_t qv_csv_check_dimension(const qv_csv_target* target) {
    if (target->table->kind == QV_TABLE_TIME_SERIES_FILES)
        return qv_fail("Dimension column not found: time series table '%s'", target->table->name);
    return QUIVER_OK;
}

/* ---- enums -------------------------------------------------------------------------------------- */

quiver_error_t qv_csv_check_options(const quiver_csv_options_t* options) {
    if (!options || options->enum_group_count == 0) return QUIVER_OK;
    if (!options->enum_attribute_names) return qv_fail("Null argument: enum_attribute_names");
    if (!options->enum_locale_names) return qv_fail("Null argument: enum_locale_names");
    if (!options->enum_entry_counts) return qv_fail("Null argument: enum_entry_counts");
    size_t total = 0;
    for (size_t g = 0; g < options->enum_group_count; ++g) {
        if (!options->enum_attribute_names[g]) return qv_fail("Null argument: enum_attribute_names");
        total += options->enum_entry_counts[g];
    }
    if (total && !options->enum_labels) return qv_fail("Null argument: enum_labels");
    if (total && !options->enum_values) return qv_fail("Null argument: enum_values");
    for (size_t i = 0; i < total; ++i) {
        if (!options->enum_labels[i]) return qv_fail("Null argument: enum_labels");
    }
    return QUIVER_OK;
}

int qv_csv_enum_applies(const quiver_csv_options_t* options, const char* column) {
    if (!options) return 0;
    for (size_t g = 0; g < options->enum_group_count; ++g) {
        if (strcmp(options->enum_attribute_names[g], column) == 0) return 1;
    }
    return 0;
}

const char* qv_csv_enum_label(const quiver_csv_options_t* options, const char* column, int64_t value) {
    const char* found = NULL;
    size_t base = 0;
    for (size_t g = 0; g < options->enum_group_count; ++g) {
        size_t n = options->enum_entry_counts[g];
        if (strcmp(options->enum_attribute_names[g], column) == 0) {
            for (size_t i = 0; i < n; ++i) {
                if (options->enum_values[base + i] == value) found = options->enum_labels[base + i];
            }
        }
        base += n;
    }
    return found;
}

static int qv_ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

static int qv_equal_nocase(const char* a, const char* b, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        if (b[i] == '\0' || qv_ascii_lower((unsigned char)a[i]) != qv_ascii_lower((unsigned char)b[i])) return 0;
    }
    return b[len] == '\0';
}

int qv_csv_enum_value(const quiver_csv_options_t* options, const char* column, const char* text, size_t len,
                      int64_t* out) {
    size_t base = 0;
    for (size_t g = 0; g < options->enum_group_count; ++g) {
        size_t n = options->enum_entry_counts[g];
        if (strcmp(options->enum_attribute_names[g], column) == 0) {
            for (size_t i = 0; i < n; ++i) {
                if (qv_equal_nocase(text, options->enum_labels[base + i], len)) {
                    *out = options->enum_values[base + i];
                    return 1;
                }
            }
        }
        base += n;
    }
    return 0;
}

const char* qv_csv_date_format(const quiver_csv_options_t* options) {
    return (options && options->date_time_format) ? options->date_time_format : "";
}

/* ---- date-time formats ------------------------------------------------------------------------ */

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static long long qv_days_from_civil(long long y, int m, int d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void qv_csv_format_datetime(qv_buf* out, const char* text, const char* format) {
    qv_datetime d;
    if (!qv_datetime_parse(text, strlen(text), &d)) {
        qv_buf_append(out, text);
        return;
    }
    long long days = qv_days_from_civil(d.year, d.month, d.day);
    long long seconds = days * 86400 + d.hour * 3600 + d.minute * 60 + d.second;
    /* %Z, %z and %s describe UTC whatever the process time zone: substitute them first. */
    qv_buf pattern;
    qv_buf_init(&pattern);
    for (const char* p = format; *p; ++p) {
        if (*p != '%' || p[1] == '\0') {
            qv_buf_append_n(&pattern, p, 1);
        } else if (p[1] == 'Z') {
            qv_buf_append(&pattern, "UTC");
            ++p;
        } else if (p[1] == 'z') {
            qv_buf_append(&pattern, "+0000");
            ++p;
        } else if (p[1] == 's') {
            qv_buf_appendf(&pattern, "%lld", seconds);
            ++p;
        } else {
            qv_buf_append_n(&pattern, p, 2);
            ++p;
        }
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = d.hour;
    tm.tm_min = d.minute;
    tm.tm_sec = d.second;
    tm.tm_wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
    tm.tm_yday = (int)(days - qv_days_from_civil(d.year, 1, 1));
    tm.tm_isdst = 0;
    size_t cap = 128;
    for (;;) {
        char* buf = (char*)malloc(cap);
        if (!buf) break;
        size_t n = pattern.oom ? 0 : strftime(buf, cap, qv_buf_str(&pattern), &tm);
        if (n > 0 || cap > 65536) {
            qv_buf_append_n(out, buf, n);
            free(buf);
            break;
        }
        free(buf);
        cap *= 8;
    }
    qv_buf_free(&pattern);
}

static const char* const qv_months[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
static const char* const qv_weekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

/* Matches a full or three-letter name of names[count] at s (case-insensitive). */
static int qv_match_name(const char** s, const char* const* names, int count, int* out) {
    for (int i = 0; i < count; ++i) {
        size_t full = strlen(names[i]);
        for (size_t n = full;; n = 3) {
            size_t k = 0;
            while (k < n && (*s)[k] && qv_ascii_lower((unsigned char)(*s)[k]) == names[i][k])
                ++k;
            if (k == n) {
                *s += n;
                *out = i;
                return 1;
            }
            if (n == 3) break;
        }
    }
    return 0;
}

/* Reads min..max digits at s. */
static int qv_digits(const char** s, int min, int max, int* out) {
    int v = 0, n = 0;
    while (n < max && (*s)[n] >= '0' && (*s)[n] <= '9')
        v = v * 10 + ((*s)[n++] - '0');
    if (n < min) return 0;
    *s += n;
    *out = v;
    return 1;
}

static int qv_is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

typedef struct {
    int year, month, day, hour, minute, second, yday, pm, hour12;
} qv_parsed_time;

static int qv_parse_with(const char** s, const char* format, qv_parsed_time* t, int depth) {
    for (const char* f = format; *f; ++f) {
        if (qv_is_blank(*f)) {
            while (qv_is_blank(**s))
                ++*s;
            continue;
        }
        if (*f != '%') {
            if (**s != *f) return 0;
            ++*s;
            continue;
        }
        char c = *++f;
        if (c == 'E' || c == 'O') c = *++f;
        int v = 0;
        switch (c) {
            case '%':
                if (**s != '%') return 0;
                ++*s;
                break;
            case 'Y':
                if (!qv_digits(s, 4, 4, &t->year)) return 0;
                break;
            case 'y':
                if (!qv_digits(s, 1, 2, &v)) return 0;
                t->year = v < 69 ? 2000 + v : 1900 + v;
                break;
            case 'C':
                if (!qv_digits(s, 1, 2, &v)) return 0;
                t->year = v * 100 + t->year % 100;
                break;
            case 'm':
                if (!qv_digits(s, 1, 2, &t->month) || t->month < 1 || t->month > 12) return 0;
                break;
            case 'd':
            case 'e':
                while (c == 'e' && **s == ' ')
                    ++*s;
                if (!qv_digits(s, 1, 2, &t->day) || t->day < 1 || t->day > 31) return 0;
                break;
            case 'H':
                if (!qv_digits(s, 1, 2, &t->hour) || t->hour > 23) return 0;
                t->hour12 = 0;
                break;
            case 'I':
                if (!qv_digits(s, 1, 2, &t->hour) || t->hour < 1 || t->hour > 12) return 0;
                t->hour12 = 1;
                break;
            case 'M':
                if (!qv_digits(s, 1, 2, &t->minute) || t->minute > 59) return 0;
                break;
            case 'S':
                if (!qv_digits(s, 1, 2, &t->second) || t->second > 59) return 0;
                break;
            case 'j':
                if (!qv_digits(s, 1, 3, &t->yday) || t->yday < 1 || t->yday > 366) return 0;
                break;
            case 'p':
                if ((**s == 'A' || **s == 'a' || **s == 'P' || **s == 'p') && ((*s)[1] == 'M' || (*s)[1] == 'm')) {
                    t->pm = (**s == 'P' || **s == 'p') ? 2 : 1;
                    *s += 2;
                } else {
                    return 0;
                }
                break;
            case 'b':
            case 'B':
            case 'h':
                if (!qv_match_name(s, qv_months, 12, &v)) return 0;
                t->month = v + 1;
                break;
            case 'a':
            case 'A':
                if (!qv_match_name(s, qv_weekdays, 7, &v)) return 0;
                break;
            case 'n':
            case 't':
                while (qv_is_blank(**s))
                    ++*s;
                break;
            case 'T':
            case 'D':
            case 'F':
            case 'R': {
                const char* sub = c == 'T' ? "%H:%M:%S" : c == 'D' ? "%m/%d/%y" : c == 'F' ? "%Y-%m-%d" : "%H:%M";
                if (depth > 0 || !qv_parse_with(s, sub, t, depth + 1)) return 0;
                break;
            }
            default: return 0; /* unsupported directive, or a lone '%' at the end */
        }
    }
    return 1;
}

int qv_csv_parse_datetime(const char* text, size_t len, const char* format, char out[QV_DATETIME_TEXT_SIZE]) {
    char* copy = qv_strndup(text, len);
    if (!copy) return 0;
    qv_parsed_time t = {1900, 1, 0, 0, 0, 0, 0, 0, 0};
    const char* s = copy;
    int ok = qv_parse_with(&s, format, &t, 0);
    free(copy);
    if (!ok) return 0;
    if (t.hour12 && t.pm) t.hour = (t.hour % 12) + (t.pm == 2 ? 12 : 0);
    if (t.yday && t.day == 0) {
        /* A day of the year fixes month and day. */
        long long days = qv_days_from_civil(t.year, 1, 1) + t.yday - 1;
        long long next = qv_days_from_civil(t.year + 1, 1, 1);
        if (days >= next) return 0;
        int m = 1;
        while (m < 12 && qv_days_from_civil(t.year, m + 1, 1) <= days)
            ++m;
        t.month = m;
        t.day = (int)(days - qv_days_from_civil(t.year, m, 1)) + 1;
    }
    if (t.year < 1 || t.year > 9999) return 0;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return qv_datetime_canonical(tmp, strlen(tmp), out);
}
