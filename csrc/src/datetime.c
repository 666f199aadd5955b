/*
 * The DATE_TIME grammar (data spec §3.2) and the canonical stored form.
 *
 * Accepted: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS; zero-padded fields, a real
 * calendar date, year 0001-9999, hour 00-23, minute and second 00-59, upper-case T.
 * Stored: always YYYY-MM-DDTHH:MM:SS, so text order is time order.
 */
#include <string.h>

#include "internal.h"

static int qv_digits(const char* s, int n, int* out) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int qv_days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

int qv_datetime_parse(const char* text, size_t len, qv_datetime* out) {
    qv_datetime d = {0, 0, 0, 0, 0, 0};
    if (len != 10 && len != 19) return 0;
    if (!qv_digits(text, 4, &d.year) || text[4] != '-' || !qv_digits(text + 5, 2, &d.month) || text[7] != '-' ||
        !qv_digits(text + 8, 2, &d.day))
        return 0;
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > qv_days_in_month(d.year, d.month)) return 0;
    if (len == 19) {
        if (text[10] != 'T' && text[10] != ' ') return 0;
        if (!qv_digits(text + 11, 2, &d.hour) || text[13] != ':' || !qv_digits(text + 14, 2, &d.minute) ||
            text[16] != ':' || !qv_digits(text + 17, 2, &d.second))
            return 0;
        if (d.hour > 23 || d.minute > 59 || d.second > 59) return 0;
    }
    if (out) *out = d;
    return 1;
}

static void qv_put_digits(char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

void qv_datetime_format(const qv_datetime* d, char out[QV_DATETIME_TEXT_SIZE]) {
    memcpy(out, "0000-00-00T00:00:00", QV_DATETIME_TEXT_SIZE);
    qv_put_digits(out, d->year, 4);
    qv_put_digits(out + 5, d->month, 2);
    qv_put_digits(out + 8, d->day, 2);
    qv_put_digits(out + 11, d->hour, 2);
    qv_put_digits(out + 14, d->minute, 2);
    qv_put_digits(out + 17, d->second, 2);
}

int qv_datetime_canonical(const char* text, size_t len, char out[QV_DATETIME_TEXT_SIZE]) {
    qv_datetime d;
    if (!qv_datetime_parse(text, len, &d)) return 0;
    qv_datetime_format(&d, out);
    return 1;
}
