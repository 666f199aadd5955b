/*
 * libFuzzer target for the streaming CSV reader: any input must parse or fail cleanly, with no
 * crash, leak or undefined behaviour. The first byte chooses the separator and the row-size
 * limit; the rest is the file. Built and run by .ci/fuzz-csv.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "csv_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const char separators[] = {',', ';', '\t', '|', '"', '\n', '\r', '\0'};
    if (size == 0) return 0;
    char sep = separators[data[0] % sizeof separators];
    size_t limit = (data[0] & 0x80) ? 1 : 0; /* 1 means the smallest limit the reader allows */
    FILE* f = tmpfile();
    if (!f) return 0;
    if (size > 1) fwrite(data + 1, 1, size - 1, f);
    rewind(f);
    qv_csv_reader* r = qv_csv_reader_new(f, limit);
    if (r) {
        const char* line;
        size_t len;
        if (qv_csv_reader_peek_line(r, &line, &len) == QV_CSV_OK && line && len >= 4 && memcmp(line, "sep=", 4) == 0)
            qv_csv_reader_skip_line(r);
        qv_csv_reader_set_separator(r, sep);
        qv_csv_row row;
        size_t total = 0;
        while (qv_csv_reader_next(r, &row) == 1) {
            for (size_t i = 0; i < row.count; ++i)
                total += row.fields[i].len + (row.fields[i].text[row.fields[i].len] == '\0');
            if (row.line > row.end_line) __builtin_trap();
        }
        size_t el, ec;
        qv_csv_reader_error(r, &el, &ec);
        if (total > size * 2 + 1) __builtin_trap();
        qv_csv_reader_free(r);
    }
    fclose(f);
    return 0;
}
