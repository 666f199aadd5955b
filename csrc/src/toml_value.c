/*
 * TOML reader, part 2: values. Strings, arrays and inline tables are recognised by their first
 * character; numbers, dates and times by scanning ahead over the value and classifying the
 * characters seen, as the reference's TOML library does (its messages depend on that
 * classification, e.g. "could not determine value type").
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "toml_internal.h"

/* What the scan over a number-like value saw. */
enum {
    QV_HAS_DIGITS = 1,
    QV_HAS_B = 1 << 1,
    QV_HAS_E = 1 << 2,
    QV_HAS_O = 1 << 3,
    QV_HAS_P = 1 << 4,
    QV_HAS_T = 1 << 5,
    QV_HAS_X = 1 << 6,
    QV_HAS_Z = 1 << 7,
    QV_HAS_COLON = 1 << 8,
    QV_HAS_PLUS = 1 << 9,
    QV_HAS_MINUS = 1 << 10,
    QV_HAS_DOT = 1 << 11,
    QV_BEGINS_SIGN = 1 << 12,
    QV_BEGINS_DIGIT = 1 << 13,
    QV_BEGINS_ZERO = 1 << 14,
    QV_SIGNS = QV_HAS_PLUS | QV_HAS_MINUS,
    QV_BDIGIT = QV_HAS_DIGITS | QV_BEGINS_DIGIT,
    QV_BZERO = QV_BDIGIT | QV_BEGINS_ZERO
};

typedef struct {
    uint32_t chars[QV_T_HISTORY + 8];
    size_t char_count;
    size_t advance_count;
    int eof;
    unsigned traits;
} qv_t_scan;

static int qv_t_is_letter(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static void qv_t_scan_char(qv_t_scan* s, uint32_t c) {
    s->chars[s->char_count++] = c;
    unsigned t = s->traits;
    if (qv_t_is_digit(c)) {
        s->traits |= QV_HAS_DIGITS;
    } else if (qv_t_is_letter(c)) {
        switch (c | 32u) {
            case 'b':
                if (s->char_count == 2 && (t & QV_BEGINS_ZERO)) s->traits |= QV_HAS_B;
                break;
            case 'e':
                if (s->char_count > 1 &&
                    !(t & (QV_HAS_B | QV_HAS_O | QV_HAS_P | QV_HAS_T | QV_HAS_X | QV_HAS_Z | QV_HAS_COLON)) &&
                    (!(t & QV_SIGNS) || (t & QV_BEGINS_SIGN)))
                    s->traits |= QV_HAS_E;
                break;
            case 'o':
                if (s->char_count == 2 && (t & QV_BEGINS_ZERO)) s->traits |= QV_HAS_O;
                break;
            case 'p':
                if (t & QV_HAS_X) s->traits |= QV_HAS_P;
                break;
            case 'x':
                if ((s->char_count == 2 && (t & QV_BEGINS_ZERO)) ||
                    (s->char_count == 3 && (t & QV_BEGINS_SIGN) && s->chars[1] == '0'))
                    s->traits |= QV_HAS_X;
                break;
            case 't': s->traits |= QV_HAS_T; break;
            case 'z': s->traits |= QV_HAS_Z; break;
            default: break;
        }
    } else if (c == '+') {
        s->traits |= QV_HAS_PLUS;
    } else if (c == '-') {
        s->traits |= QV_HAS_MINUS;
    } else if (c == '.') {
        s->traits |= QV_HAS_DOT;
    } else if (c == ':') {
        s->traits |= QV_HAS_COLON;
    }
}

/* Reads ahead (at least one character when not at the end) until a value terminator. */
static void qv_t_scan_run(qv_t_parser* p, qv_t_scan* s) {
    if (QV_T_EOF(p)) return;
    do {
        if (QV_T_CUR(p) != '_') qv_t_scan_char(s, QV_T_CUR(p));
        qv_t_advance(p);
        s->advance_count++;
        s->eof = QV_T_EOF(p);
    } while (s->advance_count < QV_T_HISTORY - 1 && !QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)));
}

/* ---- numbers -------------------------------------------------------------------------------------- */

static int qv_t_digit_in(uint32_t c, int base) {
    if (base == 2) return c == '0' || c == '1';
    if (base == 8) return c >= '0' && c <= '7';
    if (base == 10) return qv_t_is_digit(c);
    return qv_t_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned qv_t_digit_value(char c) { return c >= 'A' ? 10u + ((unsigned)c | 0x20u) - 'a' : (unsigned)(c - '0'); }

static int64_t qv_t_integer(qv_t_parser* p, int base) {
    const char* outer = p->scope;
    const char* prefix = base == 2 ? "b" : base == 8 ? "o" : "x";
    size_t max_digits = base == 2 ? 63 : base == 8 ? 21 : base == 10 ? 19 : 16;
    p->scope = base == 2    ? "binary integer"
               : base == 8  ? "octal integer"
               : base == 10 ? "decimal integer"
                            : "hexadecimal integer";
    int negative = 0;
    if (base == 10) {
        negative = QV_T_CUR(p) == '-';
        if (QV_T_CUR(p) == '+' || QV_T_CUR(p) == '-') qv_t_advance_or_eof(p);
        if (!qv_t_is_digit(QV_T_CUR(p))) qv_t_fail(p, "expected expected digit or sign, saw '%s'", qv_t_sv(p));
    } else {
        if (QV_T_CUR(p) != '0') qv_t_fail(p, "expected '0', saw '%s'", qv_t_sv(p));
        qv_t_advance_or_eof(p);
        if (QV_T_CUR(p) != (uint32_t)prefix[0]) qv_t_fail(p, "expected '%s', saw '%s'", prefix, qv_t_sv(p));
        qv_t_advance_or_eof(p);
        if (!qv_t_digit_in(QV_T_CUR(p), base)) qv_t_fail(p, "expected digit, saw '%s'", qv_t_sv(p));
    }
    char digits[QV_T_HISTORY];
    size_t length = 0;
    uint32_t prev = 0;
    int have_prev = 0;
    while (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p))) {
        uint32_t c = QV_T_CUR(p);
        if (c == '_') {
            if (!have_prev || !qv_t_digit_in(prev, base)) qv_t_fail(p, "underscores may only follow digits");
            prev = c;
            have_prev = 1;
            qv_t_advance_or_eof(p);
            continue;
        }
        if (have_prev && prev == '_' && !qv_t_digit_in(c, base)) qv_t_fail(p, "underscores must be followed by digits");
        if (!qv_t_digit_in(c, base)) qv_t_fail(p, "expected digit, saw '%s'", qv_t_sv(p));
        if (length == sizeof digits) qv_t_fail(p, "exceeds length limit of %zu digits", sizeof digits);
        digits[length++] = (char)c;
        prev = c;
        have_prev = 1;
        qv_t_advance(p);
    }
    if (have_prev && prev == '_') {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        qv_t_fail(p, "underscores must be followed by digits");
    }
    uint64_t value = 0;
    if (length == 1) {
        value = qv_t_digit_value(digits[0]);
    } else {
        size_t first = 0;
        if (base != 10) {
            while (first < length && digits[first] == '0')
                first++;
        } else if (digits[0] == '0') {
            qv_t_fail(p, "leading zeroes are prohibited");
        }
        const char* full_prefix = base == 2 ? "0b" : base == 8 ? "0o" : base == 10 ? "" : "0x";
        uint64_t power = 1;
        if (length - first <= max_digits) {
            for (size_t i = length; i-- > first;) {
                value += power * qv_t_digit_value(digits[i]);
                power *= (uint64_t)base;
            }
        }
        if (length - first > max_digits || value > (uint64_t)INT64_MAX + (negative ? 1u : 0u))
            qv_t_fail(p, "'%s%.*s' is not representable in 64 bits", full_prefix, (int)length, digits);
    }
    p->scope = outer;
    if (negative) return value == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)value;
    return (int64_t)value;
}

/* Converts the collected characters of a float (no sign) like a C++ stream in the C locale. */
static double qv_t_convert_float(qv_t_parser* p, char* chars, size_t length) {
    char text[QV_T_HISTORY + 1];
    memcpy(text, chars, length);
    text[length] = '\0';
    const char* point = localeconv()->decimal_point;
    if (point && point[0] && point[0] != '.' && !point[1]) {
        for (size_t i = 0; i < length; ++i)
            if (text[i] == '.') text[i] = point[0];
    }
    char* end = NULL;
    double v = strtod(text, &end);
    if (end != text + length || isinf(v))
        qv_t_fail(p, "'%.*s' could not be interpreted as a value", (int)length, chars);
    return v;
}

static double qv_t_float(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "floating-point";
    double sign = QV_T_CUR(p) == '-' ? -1.0 : 1.0;
    if (QV_T_CUR(p) == '+' || QV_T_CUR(p) == '-') qv_t_advance_or_eof(p);
    char chars[QV_T_HISTORY];
    size_t length = 0;
    uint32_t prev = 0;
    int have_prev = 0, seen_decimal = 0, seen_exponent = 0;
    char first_integer_part = '\0';
    while (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p))) {
        uint32_t c = QV_T_CUR(p);
        if (c == '_') {
            if (!have_prev || !qv_t_is_digit(prev)) qv_t_fail(p, "underscores may only follow digits");
            prev = c;
            have_prev = 1;
            qv_t_advance_or_eof(p);
            continue;
        }
        if (have_prev && prev == '_' && !qv_t_is_digit(c)) qv_t_fail(p, "underscores must be followed by digits");
        if (length == sizeof chars)
            qv_t_fail(p, "exceeds length limit of %zu digits%s", sizeof chars,
                      seen_exponent ? "" : " (consider using exponent notation)");
        if (c == '.') {
            if (!first_integer_part) qv_t_fail(p, "expected decimal digit, saw '.'");
            if (seen_exponent) qv_t_fail(p, "expected exponent decimal digit or sign, saw '.'");
            if (seen_decimal) qv_t_fail(p, "expected decimal digit or exponent, saw '.'");
            seen_decimal = 1;
        } else if (c == 'e' || c == 'E') {
            if ((have_prev && !qv_t_is_digit(prev)) || seen_exponent)
                qv_t_fail(p, "expected decimal digit, saw '%s'", qv_t_sv(p));
            seen_decimal = seen_exponent = 1;
        } else if (c == '+' || c == '-') {
            if (!seen_exponent) qv_t_fail(p, "expected decimal digit or '.', saw '%s'", qv_t_sv(p));
            if (prev != 'e' && prev != 'E') qv_t_fail(p, "expected exponent digit, saw '%s'", qv_t_sv(p));
        } else if (qv_t_is_digit(c)) {
            if (!seen_decimal) {
                if (!first_integer_part)
                    first_integer_part = (char)c;
                else if (first_integer_part == '0')
                    qv_t_fail(p, "leading zeroes are prohibited");
            }
        } else {
            qv_t_fail(p, "expected decimal digit, saw '%s'", qv_t_sv(p));
        }
        chars[length++] = (char)c;
        prev = c;
        have_prev = 1;
        qv_t_advance(p);
    }
    if (have_prev && prev == '_') {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        qv_t_fail(p, "underscores must be followed by digits");
    }
    if (have_prev && (prev == 'e' || prev == 'E' || prev == '+' || prev == '-' || prev == '.')) {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        qv_t_fail(p, "expected decimal digit, saw '%s'", qv_t_sv(p));
    }
    double v = qv_t_convert_float(p, chars, length) * sign;
    p->scope = outer;
    return v;
}

/* Consumes one exact word; 0 at the first character that differs. */
static int qv_t_expect(qv_t_parser* p, const char* word) {
    for (; *word; ++word) {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        if (QV_T_CUR(p) != (uint32_t)(unsigned char)*word) return 0;
        qv_t_advance(p);
    }
    return 1;
}

static const char* qv_t_rec_text(qv_t_parser* p) { return p->rec.data ? p->rec.data : ""; }

static int qv_t_boolean(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "boolean";
    qv_t_start_recording(p);
    int value = QV_T_CUR(p) == 't' || QV_T_CUR(p) == 'T';
    if (!qv_t_expect(p, value ? "true" : "false"))
        qv_t_fail(p, "expected '%s', saw '%s'", value ? "true" : "false", qv_t_rec_text(p));
    qv_t_stop_recording(p, 0);
    if (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)))
        qv_t_fail(p, "expected value-terminator, saw '%s'", qv_t_sv(p));
    p->scope = outer;
    return value;
}

static double qv_t_inf_or_nan(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "floating-point";
    qv_t_start_recording(p);
    int negative = QV_T_CUR(p) == '-';
    if (negative || QV_T_CUR(p) == '+') qv_t_advance_or_eof(p);
    int inf = QV_T_CUR(p) == 'i' || QV_T_CUR(p) == 'I';
    if (!qv_t_expect(p, inf ? "inf" : "nan"))
        qv_t_fail(p, "expected '%s', saw '%s'", inf ? "inf" : "nan", qv_t_rec_text(p));
    qv_t_stop_recording(p, 0);
    if (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)))
        qv_t_fail(p, "expected value-terminator, saw '%s'", qv_t_sv(p));
    p->scope = outer;
    return inf ? (negative ? -HUGE_VAL : HUGE_VAL) : NAN;
}

/* ---- dates and times ------------------------------------------------------------------------------ */

/* Reads exactly n decimal digits into *out; 0 at the first non-digit. */
static int qv_t_digits(qv_t_parser* p, unsigned n, unsigned* out) {
    unsigned v = 0;
    for (unsigned i = 0; i < n; ++i) {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        if (!qv_t_is_digit(QV_T_CUR(p))) return 0;
        v = v * 10u + (QV_T_CUR(p) - '0');
        qv_t_advance(p);
    }
    *out = v;
    return 1;
}

static void qv_t_expect_char(qv_t_parser* p, uint32_t c) {
    if (QV_T_CUR(p) != c) qv_t_fail(p, "expected '%c', saw '%s'", (char)c, qv_t_sv(p));
    qv_t_advance_or_eof(p);
}

static void qv_t_date(qv_t_parser* p, int part_of_datetime) {
    const char* outer = p->scope;
    p->scope = "date";
    unsigned year = 0, month = 0, day = 0;
    if (!qv_t_digits(p, 4, &year)) qv_t_fail(p, "expected 4-digit year, saw '%s'", qv_t_sv(p));
    int leap = year % 4u == 0u && (year % 100u != 0u || year % 400u == 0u);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    qv_t_expect_char(p, '-');
    if (!qv_t_digits(p, 2, &month)) qv_t_fail(p, "expected 2-digit month, saw '%s'", qv_t_sv(p));
    if (month == 0u || month > 12u) qv_t_fail(p, "expected month between 1 and 12 (inclusive), saw %u", month);
    unsigned max_day = month == 2u                                                   ? (leap ? 29u : 28u)
                       : (month == 4u || month == 6u || month == 9u || month == 11u) ? 30u
                                                                                     : 31u;
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    qv_t_expect_char(p, '-');
    if (!qv_t_digits(p, 2, &day)) qv_t_fail(p, "expected 2-digit day, saw '%s'", qv_t_sv(p));
    if (day == 0u || day > max_day) qv_t_fail(p, "expected day between 1 and %u (inclusive), saw %u", max_day, day);
    if (!part_of_datetime && !QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)))
        qv_t_fail(p, "expected value-terminator, saw '%s'", qv_t_sv(p));
    p->scope = outer;
}

static int qv_t_offset_start(uint32_t c) { return c == '+' || c == '-' || c == 'Z' || c == 'z'; }

static void qv_t_time(qv_t_parser* p, int part_of_datetime) {
    const char* outer = p->scope;
    p->scope = "time";
    unsigned hour = 0, minute = 0, second = 0;
    if (!qv_t_digits(p, 2, &hour)) qv_t_fail(p, "expected 2-digit hour, saw '%s'", qv_t_sv(p));
    if (hour > 23u) qv_t_fail(p, "expected hour between 0 to 59 (inclusive), saw %u", hour);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    qv_t_expect_char(p, ':');
    if (!qv_t_digits(p, 2, &minute)) qv_t_fail(p, "expected 2-digit minute, saw '%s'", qv_t_sv(p));
    if (minute > 59u) qv_t_fail(p, "expected minute between 0 and 59 (inclusive), saw %u", minute);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    qv_t_expect_char(p, ':');
    if (!qv_t_digits(p, 2, &second)) qv_t_fail(p, "expected 2-digit second, saw '%s'", qv_t_sv(p));
    if (second > 59u) qv_t_fail(p, "expected second between 0 and 59 (inclusive), saw %u", second);
    if (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)) && !(part_of_datetime && qv_t_offset_start(QV_T_CUR(p)))) {
        qv_t_expect_char(p, '.');
        size_t count = 0;
        while (count < 64 && !QV_T_EOF(p) && qv_t_is_digit(QV_T_CUR(p))) {
            count++;
            qv_t_advance(p);
        }
        if (count == 0) {
            if (QV_T_EOF(p)) qv_t_fail_eof(p);
            qv_t_fail(p, "expected fractional digits, saw '%s'", qv_t_sv(p));
        }
        if (!QV_T_EOF(p)) {
            if (count == 64 && qv_t_is_digit(QV_T_CUR(p)))
                qv_t_fail(p, "fractional component exceeds maximum precision of 64");
            if (!part_of_datetime && !qv_t_is_terminator(QV_T_CUR(p)))
                qv_t_fail(p, "expected value-terminator, saw '%s'", qv_t_sv(p));
        }
    }
    p->scope = outer;
}

static void qv_t_date_time(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "date-time";
    qv_t_date(p, 1);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    uint32_t c = QV_T_CUR(p);
    if (c != ' ' && c != 'T' && c != 't') qv_t_fail(p, "expected space, 'T' or 't', saw '%s'", qv_t_sv(p));
    qv_t_advance_or_eof(p);
    qv_t_time(p, 1);
    if (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p))) {
        c = QV_T_CUR(p);
        if (c == 'Z' || c == 'z') {
            qv_t_advance(p);
        } else if (c == '+' || c == '-') {
            p->scope = "date-time offset";
            qv_t_advance_or_eof(p);
            unsigned hour = 0, minute = 0;
            if (!qv_t_digits(p, 2, &hour)) qv_t_fail(p, "expected 2-digit hour, saw '%s'", qv_t_sv(p));
            if (hour > 23u) qv_t_fail(p, "expected hour between 0 and 23 (inclusive), saw %u", hour);
            if (QV_T_EOF(p)) qv_t_fail_eof(p);
            qv_t_expect_char(p, ':');
            if (!qv_t_digits(p, 2, &minute)) qv_t_fail(p, "expected 2-digit minute, saw '%s'", qv_t_sv(p));
            if (minute > 59u) qv_t_fail(p, "expected minute between 0 and 59 (inclusive), saw %u", minute);
            p->scope = "date-time";
        }
        if (!QV_T_EOF(p) && !qv_t_is_terminator(QV_T_CUR(p)))
            qv_t_fail(p, "expected value-terminator, saw '%s'", qv_t_sv(p));
    }
    p->scope = outer;
}

/* ---- value dispatch ---------------------------------------------------------------------------------- */

static int qv_t_traits_in(unsigned traits, const unsigned* set, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (traits == set[i]) return 1;
    return 0;
}

static const unsigned qv_t_float_traits[] = {QV_BZERO | QV_HAS_E,
                                             QV_BZERO | QV_HAS_E | QV_HAS_MINUS,
                                             QV_BZERO | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BZERO | QV_HAS_DOT,
                                             QV_BZERO | QV_HAS_DOT | QV_HAS_E,
                                             QV_BZERO | QV_HAS_DOT | QV_HAS_E | QV_HAS_MINUS,
                                             QV_BZERO | QV_HAS_DOT | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BDIGIT | QV_HAS_E,
                                             QV_BDIGIT | QV_HAS_E | QV_HAS_MINUS,
                                             QV_BDIGIT | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BDIGIT | QV_HAS_DOT,
                                             QV_BDIGIT | QV_HAS_DOT | QV_HAS_E,
                                             QV_BDIGIT | QV_HAS_DOT | QV_HAS_E | QV_HAS_MINUS,
                                             QV_BDIGIT | QV_HAS_DOT | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_DOT | QV_HAS_PLUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_DOT | QV_HAS_E | QV_HAS_PLUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_DOT | QV_HAS_E | QV_SIGNS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_E | QV_HAS_MINUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_E | QV_SIGNS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_DOT | QV_HAS_MINUS,
                                             QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_DOT | QV_HAS_E | QV_HAS_MINUS};

static const unsigned qv_t_datetime_traits[] = {
    QV_BZERO | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_T,
    QV_BZERO | QV_SIGNS | QV_HAS_COLON | QV_HAS_T,
    QV_BDIGIT | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_T,
    QV_BDIGIT | QV_SIGNS | QV_HAS_COLON | QV_HAS_T,
    QV_BZERO | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_T,
    QV_BZERO | QV_SIGNS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_T,
    QV_BDIGIT | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_T,
    QV_BDIGIT | QV_SIGNS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_T,
    QV_BZERO | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_Z | QV_HAS_T,
    QV_BZERO | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_Z | QV_HAS_T,
    QV_BDIGIT | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_Z | QV_HAS_T,
    QV_BDIGIT | QV_HAS_MINUS | QV_HAS_COLON | QV_HAS_DOT | QV_HAS_Z | QV_HAS_T};

#define QV_T_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static qv_toml* qv_t_number_node(qv_t_parser* p, qv_toml_kind kind, int64_t i, double f) {
    qv_toml* n = qv_t_node(p, kind);
    n->integer = i;
    n->number = f;
    return n;
}

/* Scans ahead over a number, date or time, rewinds, and parses it by what the scan saw. */
static qv_toml* qv_t_scanned_value(qv_t_parser* p) {
    qv_t_scan s;
    memset(&s, 0, sizeof s);
    uint32_t c = QV_T_CUR(p);
    if (qv_t_is_digit(c))
        s.traits = QV_BEGINS_DIGIT | (c == '0' ? QV_BEGINS_ZERO : 0u);
    else if (c == '+' || c == '-')
        s.traits = QV_BEGINS_SIGN;
    else
        return NULL;
    qv_t_scan_run(p, &s);
    /* "YYYY-MM-DD HH..." uses a space where a date-time would use T: look further. */
    if (s.char_count == 10 && (s.traits | QV_BEGINS_ZERO) == (QV_BZERO | QV_HAS_MINUS) && s.chars[4] == '-' &&
        s.chars[7] == '-' && !QV_T_EOF(p) && QV_T_CUR(p) == ' ') {
        size_t pre_advance = s.advance_count;
        unsigned pre_traits = s.traits;
        s.chars[s.char_count++] = ' ';
        s.traits |= QV_HAS_T;
        qv_t_advance(p);
        s.advance_count++;
        int back = QV_T_EOF(p) || !qv_t_is_digit(QV_T_CUR(p));
        if (!back) {
            s.chars[s.char_count++] = QV_T_CUR(p);
            qv_t_advance(p);
            s.advance_count++;
            qv_t_scan_run(p, &s);
            back = s.char_count == 12;
        }
        if (back) {
            p->pos -= s.advance_count - pre_advance;
            s.advance_count = pre_advance;
            s.traits = pre_traits;
            s.char_count = 10;
        }
    }
    p->pos -= s.advance_count;
    unsigned t = s.traits;
    if (s.char_count == 1) {
        if (!(t & QV_BEGINS_DIGIT)) qv_t_fail(p, s.eof ? "encountered end-of-file" : "could not determine value type");
        qv_t_advance(p);
        return qv_t_number_node(p, QV_TOML_INTEGER, (int64_t)(s.chars[0] - '0'), 0.0);
    }
    if (t & QV_HAS_P) {
        p->scope = "hexadecimal floating-point";
        qv_t_fail(p, "hexadecimal floating-point values are not supported in TOML 1.0.0 and earlier");
    }
    if (t & (QV_HAS_X | QV_HAS_O | QV_HAS_B)) {
        int base = (t & QV_HAS_X) ? 16 : (t & QV_HAS_O) ? 8 : 2;
        return qv_t_number_node(p, QV_TOML_INTEGER, qv_t_integer(p, base), 0.0);
    }
    if ((t & QV_HAS_E) || ((t & QV_BEGINS_DIGIT) && s.chars[1] == '.'))
        return qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_float(p));
    if (t & QV_BEGINS_SIGN) {
        if (s.char_count == 2 && (t & QV_HAS_DIGITS)) {
            int64_t v = (int64_t)(s.chars[1] - '0') * (s.chars[0] == '-' ? -1 : 1);
            qv_t_advance(p);
            qv_t_advance(p);
            return qv_t_number_node(p, QV_TOML_INTEGER, v, 0.0);
        }
        if (qv_t_is_digit(s.chars[1]) && s.chars[2] == '.') return qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_float(p));
        uint32_t c1 = s.chars[1];
        if (c1 == 'i' || c1 == 'n' || c1 == 'I' || c1 == 'N')
            return qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_inf_or_nan(p));
    }
    if (t == QV_BZERO || t == QV_BDIGIT || t == (QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_MINUS) ||
        t == (QV_BEGINS_SIGN | QV_HAS_DIGITS | QV_HAS_PLUS)) {
        if (!s.eof && s.advance_count > QV_T_HISTORY - 2)
            qv_t_fail(p, "numeric value too long to identify type - cannot exceed %d characters", QV_T_HISTORY - 2);
        return qv_t_number_node(p, QV_TOML_INTEGER, qv_t_integer(p, 10), 0.0);
    }
    if (qv_t_traits_in(t, qv_t_float_traits, QV_T_COUNT(qv_t_float_traits)))
        return qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_float(p));
    if (t == (QV_BZERO | QV_HAS_COLON) || t == (QV_BZERO | QV_HAS_COLON | QV_HAS_DOT) ||
        t == (QV_BDIGIT | QV_HAS_COLON) || t == (QV_BDIGIT | QV_HAS_COLON | QV_HAS_DOT)) {
        qv_t_time(p, 0);
        return qv_t_node(p, QV_TOML_TIME);
    }
    if (t == (QV_BZERO | QV_HAS_MINUS) || t == (QV_BDIGIT | QV_HAS_MINUS)) {
        qv_t_date(p, 0);
        return qv_t_node(p, QV_TOML_DATE);
    }
    if (qv_t_traits_in(t, qv_t_datetime_traits, QV_T_COUNT(qv_t_datetime_traits))) {
        qv_t_date_time(p);
        return qv_t_node(p, QV_TOML_DATE_TIME);
    }
    return NULL;
}

qv_toml* qv_t_value(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "value";
    p->nested++;
    if (p->nested > QV_T_MAX_NESTING)
        qv_t_fail(p, "exceeded maximum nested value depth of %d (TOML_MAX_NESTED_VALUES)", QV_T_MAX_NESTING);
    uint32_t c = QV_T_CUR(p);
    if (c <= 0x1F || c == 0x7F) qv_t_fail(p, "unexpected control character");
    if (c == '_') qv_t_fail(p, "values may not begin with underscores");
    qv_toml* v = NULL;
    uint32_t upper = c & ~0x20u;
    if (c == '[') {
        v = qv_t_array(p);
    } else if (c == '{') {
        v = qv_t_inline_table(p);
    } else if (c == '.') {
        v = qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_float(p));
    } else if (c == '"' || c == '\'') {
        qv_t_string(p);
        v = qv_t_node(p, QV_TOML_STRING);
        char* text = (char*)qv_t_alloc(p, p->str.len + 1);
        if (p->str.len) memcpy(text, p->str.data, p->str.len);
        v->text = text;
        v->text_len = p->str.len;
    } else if (upper == 'F' || upper == 'T') {
        v = qv_t_node(p, QV_TOML_BOOLEAN);
        v->boolean = qv_t_boolean(p);
    } else if (upper == 'I' || upper == 'N') {
        v = qv_t_number_node(p, QV_TOML_FLOAT, 0, qv_t_inf_or_nan(p));
    } else {
        v = qv_t_scanned_value(p);
    }
    if (!v) qv_t_fail(p, "could not determine value type");
    p->nested--;
    p->scope = outer;
    return v;
}
