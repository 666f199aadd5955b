/*
 * Unit tests of the streaming CSV reader (csrc/src/csv_reader.c). Standalone, and not named
 * test_*.c so that the CMake suite (which links the library through its public headers only)
 * does not pick it up. Build with
 *   cc -std=c11 -Icsrc/src csrc/tests/unit_csv_reader.c csrc/src/csv_reader.c -o unit_csv_reader
 * and run it; it prints "N passed, N failed" and exits non-zero when a check failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                                                    \
    do {                                                                                               \
        if (cond) {                                                                                    \
            passed++;                                                                                  \
        } else {                                                                                       \
            failed++;                                                                                  \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, current_test, #cond); \
        }                                                                                              \
    } while (0)

static const char* current_test = "";

/* A FILE* holding len bytes of text, positioned at the start. */
static FILE* input(const char* text, size_t len) {
    FILE* f = tmpfile();
    if (!f) {
        perror("tmpfile");
        exit(2);
    }
    if (len && fwrite(text, 1, len, f) != len) exit(2);
    rewind(f);
    return f;
}

/* Reads all rows of text into a printable form: fields joined by '|', rows by '/', blank rows as
 * '~', quoted fields in brackets. Returns the reader's result of the last read (0 or -1). */
static int dump(const char* text, size_t len, char sep, char* out, size_t out_size, qv_csv_status* status, size_t* line,
                size_t* column) {
    FILE* f = input(text, len);
    qv_csv_reader* r = qv_csv_reader_new(f, 0);
    qv_csv_reader_set_separator(r, sep);
    qv_csv_row row;
    int rc;
    out[0] = '\0';
    while ((rc = qv_csv_reader_next(r, &row)) == 1) {
        if (out[0]) strncat(out, "/", out_size - strlen(out) - 1);
        if (row.blank) {
            strncat(out, "~", out_size - strlen(out) - 1);
            continue;
        }
        for (size_t i = 0; i < row.count; ++i) {
            if (i) strncat(out, "|", out_size - strlen(out) - 1);
            if (row.fields[i].quoted) strncat(out, "[", out_size - strlen(out) - 1);
            strncat(out, row.fields[i].text, out_size - strlen(out) - 1);
            if (row.fields[i].quoted) strncat(out, "]", out_size - strlen(out) - 1);
        }
    }
    *status = qv_csv_reader_error(r, line, column);
    qv_csv_reader_free(r);
    fclose(f);
    return rc;
}

static void expect_rows(const char* name, const char* text, char sep, const char* expected) {
    char out[4096];
    qv_csv_status status;
    size_t line, column;
    current_test = name;
    int rc = dump(text, strlen(text), sep, out, sizeof out, &status, &line, &column);
    CHECK(rc == 0);
    CHECK(status == QV_CSV_OK);
    if (strcmp(out, expected) != 0) fprintf(stderr, "%s: got '%s', expected '%s'\n", name, out, expected);
    CHECK(strcmp(out, expected) == 0);
}

static void expect_error(const char* name, const char* text, qv_csv_status expected, size_t exp_line,
                         size_t exp_column) {
    char out[4096];
    qv_csv_status status;
    size_t line = 0, column = 0;
    current_test = name;
    int rc = dump(text, strlen(text), ',', out, sizeof out, &status, &line, &column);
    CHECK(rc == -1);
    CHECK(status == expected);
    if (line != exp_line || column != exp_column)
        fprintf(stderr, "%s: error at %zu:%zu, expected %zu:%zu\n", name, line, column, exp_line, exp_column);
    CHECK(line == exp_line);
    CHECK(column == exp_column);
}

static void test_positions(void) {
    current_test = "positions";
    const char* text = "a,b\r\n\"x\ny\",\"z\"\rlast,\"q\"\"\"";
    FILE* f = input(text, strlen(text));
    qv_csv_reader* r = qv_csv_reader_new(f, 0);
    qv_csv_row row;
    CHECK(qv_csv_reader_next(r, &row) == 1);
    CHECK(row.line == 1 && row.end_line == 1 && row.count == 2);
    CHECK(row.fields[1].line == 1 && row.fields[1].column == 3);
    CHECK(qv_csv_reader_next(r, &row) == 1);
    CHECK(row.line == 2 && row.end_line == 3 && row.count == 2);
    CHECK(strcmp(row.fields[0].text, "x\ny") == 0 && row.fields[0].len == 3);
    CHECK(row.fields[1].line == 3 && row.fields[1].column == 4);
    CHECK(qv_csv_reader_line(r) == 4);
    CHECK(qv_csv_reader_next(r, &row) == 1);
    CHECK(row.line == 4 && row.count == 2 && strcmp(row.fields[1].text, "q\"") == 0);
    CHECK(qv_csv_reader_next(r, &row) == 0);
    CHECK(qv_csv_reader_next(r, &row) == 0);
    qv_csv_reader_free(r);
    fclose(f);
}

static void test_peek_and_skip(void) {
    current_test = "peek and skip";
    const char* text = "\xEF\xBB\xBFsep=;\r\nlabel;value\nx;\"1;2\"\n";
    FILE* f = input(text, strlen(text));
    qv_csv_reader* r = qv_csv_reader_new(f, 0);
    const char* line;
    size_t len;
    CHECK(qv_csv_reader_peek_line(r, &line, &len) == QV_CSV_OK);
    CHECK(len == 5 && memcmp(line, "sep=;", 5) == 0);
    CHECK(qv_csv_reader_skip_line(r) == QV_CSV_OK);
    CHECK(qv_csv_reader_line(r) == 2);
    CHECK(qv_csv_reader_peek_line(r, &line, &len) == QV_CSV_OK);
    CHECK(len == 11 && memcmp(line, "label;value", 11) == 0);
    qv_csv_reader_set_separator(r, ';');
    qv_csv_row row;
    CHECK(qv_csv_reader_next(r, &row) == 1 && row.count == 2 && row.line == 2);
    CHECK(qv_csv_reader_next(r, &row) == 1 && row.count == 2 && strcmp(row.fields[1].text, "1;2") == 0);
    CHECK(qv_csv_reader_peek_line(r, &line, &len) == QV_CSV_OK && line == NULL);
    CHECK(qv_csv_reader_next(r, &row) == 0);
    qv_csv_reader_free(r);
    fclose(f);
}

/* Rows and lines longer than the input window, and the size limit. */
static void test_long_rows(void) {
    current_test = "long rows";
    size_t big = 300000;
    char* text = (char*)malloc(big * 2 + 16);
    size_t n = 0;
    text[n++] = '"';
    for (size_t i = 0; i < big; ++i)
        text[n++] = (i % 1000 == 999) ? '\n' : (char)('a' + i % 26);
    memcpy(text + n, "\",x\n", 4);
    n += 4;
    for (size_t i = 0; i < big; ++i)
        text[n++] = 'b';
    text[n++] = '\n';
    FILE* f = input(text, n);
    qv_csv_reader* r = qv_csv_reader_new(f, 0);
    qv_csv_row row;
    CHECK(qv_csv_reader_next(r, &row) == 1);
    CHECK(row.count == 2 && row.fields[0].len == big && row.fields[1].len == 1);
    CHECK(row.end_line == 1 + big / 1000);
    const char* line;
    size_t len;
    CHECK(qv_csv_reader_peek_line(r, &line, &len) == QV_CSV_OK && len == big && line[big - 1] == 'b');
    CHECK(qv_csv_reader_next(r, &row) == 1 && row.count == 1 && row.fields[0].len == big);
    CHECK(qv_csv_reader_next(r, &row) == 0);
    qv_csv_reader_free(r);
    fclose(f);

    f = input(text, n);
    r = qv_csv_reader_new(f, 100000);
    CHECK(qv_csv_reader_next(r, &row) == -1);
    CHECK(qv_csv_reader_error(r, NULL, NULL) == QV_CSV_TOO_LONG);
    qv_csv_reader_free(r);
    fclose(f);
    free(text);
}

static void test_embedded_nul(void) {
    current_test = "embedded NUL";
    const char text[] = "a\0b,\"c\0d\"\n";
    FILE* f = input(text, sizeof text - 1);
    qv_csv_reader* r = qv_csv_reader_new(f, 0);
    qv_csv_row row;
    CHECK(qv_csv_reader_next(r, &row) == 1);
    CHECK(row.count == 2 && row.fields[0].len == 3 && row.fields[1].len == 3);
    CHECK(memcmp(row.fields[1].text, "c\0d", 4) == 0);
    qv_csv_reader_free(r);
    fclose(f);
}

int main(void) {
    expect_rows("empty input", "", ',', "");
    expect_rows("only a BOM", "\xEF\xBB\xBF", ',', "");
    expect_rows("simple", "a,b\nc,d\n", ',', "a|b/c|d");
    expect_rows("no final terminator", "a,b\nc,d", ',', "a|b/c|d");
    expect_rows("CRLF", "a,b\r\nc,d\r\n", ',', "a|b/c|d");
    expect_rows("lone CR", "a,b\rc,d\r", ',', "a|b/c|d");
    expect_rows("BOM",
                "\xEF\xBB\xBF"
                "a,b\n",
                ',', "a|b");
    expect_rows("partial BOM is data",
                "\xEF\xBB"
                "a\n",
                ',',
                "\xEF\xBB"
                "a");
    expect_rows("empty fields", ",,\na,,b\n,\n", ',', "||/a||b/|");
    expect_rows("blank lines", "a\n\n\r\n\rb\n", ',', "a/~/~/~/b");
    expect_rows("whitespace line is not blank", "a\n \n", ',', "a/ ");
    expect_rows("quoted separator", "\"a,b\",c\n", ',', "[a,b]|c");
    expect_rows("quoted newline", "\"a\nb\",\"c\r\nd\"\n", ',', "[a\nb]|[c\r\nd]");
    expect_rows("doubled quote", "\"a\"\"b\",\"\"\"\"\n", ',', "[a\"b]|[\"]");
    expect_rows("empty quoted", "\"\",x\n", ',', "[]|x");
    expect_rows("quote inside plain field", "a\"b,c\"\n", ',', "a\"b|c\"");
    expect_rows("quoted at end of input", "a,\"b\"", ',', "a|[b]");
    expect_rows("semicolon", "a;b,c\n\"x;y\";z\n", ';', "a|b,c/[x;y]|z");
    expect_rows("tab", "a\tb;c\n", '\t', "a|b;c");
    expect_rows("spaces kept", " a , b \n", ',', " a | b ");
    expect_error("unterminated", "a,b\n\"x\ny,z\n", QV_CSV_UNTERMINATED, 2, 1);
    expect_error("unterminated later field", "a,b\nc,\"d", QV_CSV_UNTERMINATED, 2, 3);
    expect_error("malformed", "a,b\n\"x\"y,z\n", QV_CSV_MALFORMED, 2, 4);
    expect_error("malformed after newline", "a\n\"x\ny\" ,z\n", QV_CSV_MALFORMED, 3, 3);
    expect_error("malformed after CRLF rows", "a\r\nb\r\n\"c\"\"\"d\r\n", QV_CSV_MALFORMED, 3, 6);
    test_positions();
    test_peek_and_skip();
    test_long_rows();
    test_embedded_nul();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
