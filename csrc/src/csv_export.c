/*
 * quiver_database_export_csv (python-api-data.md 4.2): one SELECT whose rows are formatted and
 * written to the file one at a time, so memory does not grow with the table.
 *
 * File: "sep=," line, header, one line per row, LF endings, no BOM; fields quoted only when they
 * contain ',', '"', CR or LF. Relation columns (and a group's id) are written as the label of the
 * referenced element, fetched by the SELECT itself.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv_common.h"

/* How one selected column is written. */
typedef struct {
    const qv_column* column;
    int label;    /* selected as the label of the referenced element */
    int enums;    /* INTEGER column with an enum mapping */
    int datetime; /* DATE_TIME column */
} qv_export_column;

/* Shortest text that reads back as v, in plain or exponent notation, whichever is shorter
 * (plain on a tie), like C++ std::to_chars: 1e-07, 3, 0.1, 1e+16, 123456789012345680. */
static void qv_format_double(double v, char out[64]) {
    if (isnan(v)) {
        strcpy(out, "nan");
        return;
    }
    if (isinf(v)) {
        strcpy(out, v < 0 ? "-inf" : "inf");
        return;
    }
    if (v == 0.0) {
        strcpy(out, "0");
        return;
    }
    char sci[48];
    for (int precision = 1; precision <= 17; ++precision) {
        snprintf(sci, sizeof sci, "%.*e", precision - 1, v);
        if (strtod(sci, NULL) == v) break;
    }
    /* sci is [-]d[.ddd]e(+|-)XX: collect the digits and the exponent. */
    char digits[24];
    int n = 0, exponent = 0;
    const char* p = sci;
    int negative = *p == '-';
    if (negative) ++p;
    for (; *p && *p != 'e'; ++p) {
        if (*p >= '0' && *p <= '9' && n < 20) digits[n++] = *p;
    }
    if (*p == 'e') exponent = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0')
        --n;
    char fixed[420];
    int f = 0;
    if (negative) fixed[f++] = '-';
    if (exponent >= n - 1) {
        /* A whole number: its exact decimal value, as std::to_chars writes it (2^70 is
         * 1180591620717411303424, not ...300000). */
        f = snprintf(fixed, sizeof fixed, "%.0f", v);
        if (f < 0 || (size_t)f >= sizeof fixed) f = (int)sizeof fixed - 1;
    } else if (exponent >= 0) {
        memcpy(fixed + f, digits, (size_t)exponent + 1);
        f += exponent + 1;
        fixed[f++] = '.';
        memcpy(fixed + f, digits + exponent + 1, (size_t)(n - exponent - 1));
        f += n - exponent - 1;
    } else {
        fixed[f++] = '0';
        fixed[f++] = '.';
        for (int i = 0; i < -exponent - 1 && f < 390; ++i)
            fixed[f++] = '0';
        memcpy(fixed + f, digits, (size_t)n);
        f += n;
    }
    fixed[f] = '\0';
    char exp_form[48];
    int e = 0;
    if (negative) exp_form[e++] = '-';
    exp_form[e++] = digits[0];
    if (n > 1) {
        exp_form[e++] = '.';
        memcpy(exp_form + e, digits + 1, (size_t)n - 1);
        e += n - 1;
    }
    snprintf(exp_form + e, sizeof exp_form - (size_t)e, "e%c%02d", exponent < 0 ? '-' : '+', abs(exponent));
    if (strlen(exp_form) < (size_t)f) {
        strcpy(out, exp_form);
    } else if (f < 64) {
        strcpy(out, fixed);
    } else {
        strcpy(out, exp_form);
    }
}

/* Appends text as one CSV field, quoted when it holds ',', '"', CR or LF. */
static void qv_put_field(qv_buf* line, const char* text) {
    if (!strpbrk(text, ",\"\r\n")) {
        qv_buf_append(line, text);
        return;
    }
    qv_buf_append(line, "\"");
    for (const char* q; (q = strchr(text, '"')) != NULL; text = q + 1) {
        qv_buf_append_n(line, text, (size_t)(q - text) + 1);
        qv_buf_append(line, "\"");
    }
    qv_buf_append(line, text);
    qv_buf_append(line, "\"");
}

/* "(SELECT label FROM <target> WHERE <to> = t.<col>)" when col references a collection. */
static int qv_append_select(qv_buf* sql, const qv_schema* schema, const qv_table* table, const qv_column* col,
                            int as_parent_label, const char* parent) {
    const char* target = NULL;
    const char* to = "id";
    if (as_parent_label) {
        target = parent;
    } else if (col->fk >= 0) {
        const qv_foreign_key* fk = &table->fks[col->fk];
        const qv_table* ref = qv_schema_table(schema, fk->table);
        if (ref && ref->kind == QV_TABLE_COLLECTION && qv_table_column(ref, "label")) {
            target = ref->name;
            if (fk->to) to = fk->to;
        }
    }
    if (!target) {
        qv_buf_append(sql, "t.");
        qv_buf_append_ident(sql, col->name);
        return 0;
    }
    qv_buf_append(sql, "(SELECT r.\"label\" FROM ");
    qv_buf_append_ident(sql, target);
    qv_buf_append(sql, " AS r WHERE r.");
    qv_buf_append_ident(sql, to);
    qv_buf_append(sql, " = t.");
    qv_buf_append_ident(sql, col->name);
    qv_buf_append(sql, " LIMIT 1)");
    return 1;
}

/* Builds the SELECT and the column plan. Columns: the collection's except id (scalars), or every
 * column of the group table. */
static quiver_error_t qv_export_plan(const qv_schema* schema, const qv_csv_target* target,
                                     const quiver_csv_options_t* options, qv_buf* sql, qv_export_column* cols,
                                     size_t* out_count) {
    const qv_table* t = target->table;
    size_t n = 0;
    qv_buf_append(sql, "SELECT ");
    for (size_t i = 0; i < t->column_count; ++i) {
        const qv_column* col = &t->columns[i];
        int is_id = strcmp(col->name, "id") == 0;
        if (target->scalar && is_id) continue;
        qv_export_column* c = &cols[n];
        if (n++) qv_buf_append(sql, ", ");
        c->column = col;
        c->label = qv_append_select(sql, schema, t, col, !target->scalar && is_id, target->coll->table->name);
        c->enums = !c->label && col->type == QUIVER_DATA_TYPE_INTEGER && !is_id &&
                   strcmp(col->name, "vector_index") != 0 && qv_csv_enum_applies(options, col->name);
        c->datetime = col->type == QUIVER_DATA_TYPE_DATE_TIME;
    }
    qv_buf_append(sql, " FROM ");
    qv_buf_append_ident(sql, t->name);
    qv_buf_append(sql, " AS t ORDER BY ");
    if (target->scalar) {
        qv_buf_append(sql, "t.rowid");
    } else {
        qv_buf_append(sql, "t.\"id\"");
        if (t->kind == QV_TABLE_VECTOR) qv_buf_append(sql, ", t.\"vector_index\"");
        if (t->kind == QV_TABLE_TIME_SERIES && t->dimension >= 0) {
            qv_buf_append(sql, ", t.");
            qv_buf_append_ident(sql, t->columns[t->dimension].name);
            for (size_t i = 0; i < t->column_count; ++i) {
                const qv_column* col = &t->columns[i];
                if (col->pk && (int)i != t->dimension && strcmp(col->name, "id") != 0) {
                    qv_buf_append(sql, ", t.");
                    qv_buf_append_ident(sql, col->name);
                }
            }
        }
    }
    if (sql->oom) return qv_fail("Out of memory");
    *out_count = n;
    return QUIVER_OK;
}

/* Appends cell i of the current row. */
static void qv_export_cell(qv_buf* line, sqlite3_stmt* st, int i, const qv_export_column* c,
                           const quiver_csv_options_t* options, const char* format, qv_buf* scratch) {
    char number[64];
    switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL: return;
        case SQLITE_INTEGER: {
            int64_t v = sqlite3_column_int64(st, i);
            const char* label = c->enums ? qv_csv_enum_label(options, c->column->name, v) : NULL;
            if (label) {
                qv_put_field(line, label);
            } else {
                snprintf(number, sizeof number, "%lld", (long long)v);
                qv_buf_append(line, number);
            }
            return;
        }
        case SQLITE_FLOAT:
            qv_format_double(sqlite3_column_double(st, i), number);
            qv_buf_append(line, number);
            return;
        default: {
            const char* text = (const char*)sqlite3_column_text(st, i);
            if (!text) return;
            if (c->datetime && !c->label && format[0] != '\0') {
                scratch->len = 0;
                if (scratch->data) scratch->data[0] = '\0';
                qv_csv_format_datetime(scratch, text, format);
                qv_put_field(line, qv_buf_str(scratch));
            } else {
                qv_put_field(line, text);
            }
            return;
        }
    }
}

static quiver_error_t qv_export(quiver_database_t* db, const char* collection, const char* group, const char* path,
                                const quiver_csv_options_t* options) {
    qv_csv_target target;
    if (qv_csv_resolve(db, "export_csv", collection, group, &target) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_csv_check_dimension(&target) != QUIVER_OK) return QUIVER_ERROR;
    if (qv_csv_check_options(options) != QUIVER_OK) return QUIVER_ERROR;
    const qv_schema* schema = NULL;
    if (qv_db_schema(db, &schema) != QUIVER_OK) return QUIVER_ERROR;
    const char* format = qv_csv_date_format(options);

    qv_export_column* cols = (qv_export_column*)calloc(target.table->column_count + 1, sizeof *cols);
    if (!cols) return qv_fail("Out of memory");
    qv_buf sql;
    qv_buf_init(&sql);
    size_t count = 0;
    sqlite3_stmt* st = NULL;
    if (qv_export_plan(schema, &target, options, &sql, cols, &count) != QUIVER_OK) {
        qv_buf_free(&sql);
        free(cols);
        return QUIVER_ERROR;
    }
    int rc = qv_stmt_get(db, qv_buf_str(&sql), &st);
    qv_buf_free(&sql);
    if (rc != SQLITE_OK) {
        free(cols);
        return qv_fail_sqlite(db->db, "Failed to prepare statement");
    }

    qv_make_parent_dirs(path);
    FILE* f = fopen(path, "wb");
    if (!f) {
        qv_stmt_done(st);
        free(cols);
        return qv_fail("Failed to export_csv: could not open file: %s", path);
    }
    qv_buf line, scratch;
    qv_buf_init(&line);
    qv_buf_init(&scratch);
    quiver_error_t result = QUIVER_OK;
    qv_buf_append(&line, "sep=,\n");
    for (size_t i = 0; i < count; ++i) {
        if (i) qv_buf_append(&line, ",");
        qv_put_field(&line, cols[i].column->name);
    }
    qv_buf_append(&line, "\n");
    for (;;) {
        if (line.oom || scratch.oom) {
            result = qv_fail("Out of memory");
            break;
        }
        /* Flush the buffered lines in blocks of about 64 KiB. */
        if (line.len >= 65536 && fwrite(line.data, 1, line.len, f) != line.len) {
            result = qv_fail("Failed to export_csv: could not write file: %s", path);
            break;
        }
        if (line.len >= 65536) {
            line.len = 0;
            line.data[0] = '\0';
        }
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) {
            result = qv_fail_sqlite(db->db, "Failed to execute statement");
            break;
        }
        for (size_t i = 0; i < count; ++i) {
            if (i) qv_buf_append(&line, ",");
            qv_export_cell(&line, st, (int)i, &cols[i], options, format, &scratch);
        }
        qv_buf_append(&line, "\n");
    }
    if (result == QUIVER_OK && line.len && fwrite(line.data, 1, line.len, f) != line.len)
        result = qv_fail("Failed to export_csv: could not write file: %s", path);
    if (fclose(f) != 0 && result == QUIVER_OK) result = qv_fail("Failed to export_csv: could not write file: %s", path);
    if (result != QUIVER_OK) qv_remove_file(path);
    qv_stmt_done(st);
    qv_buf_free(&line);
    qv_buf_free(&scratch);
    free(cols);
    return result;
}

quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group,
                                          const char* path, const quiver_csv_options_t* options) {
    QV_REQUIRE(db);
    QV_REQUIRE(collection);
    QV_REQUIRE(group);
    QV_REQUIRE(path);
    QV_LOCK(db);
    quiver_error_t result = qv_export(db, collection, group, path, options);
    QV_UNLOCK(db);
    return result;
}
