/*
 * TOML reader, part 1: input decoding, the document structure (keys, table headers, key-value
 * pairs, arrays, inline tables) and strings. Scalar values are in toml_value.c.
 *
 * The reader accepts TOML 1.0 and reports failures with the wording of the TOML library the
 * reference uses, including its quirks: UTF-8 is validated in 32-byte blocks, so an invalid
 * sequence is reported when the parser reaches its block; a key named in a message is the
 * source text the reader recorded while reading it (a quoted key shows its first characters
 * twice, because the reader steps back after telling a string from a multi-line one).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "toml_internal.h"

/* ---- arena ------------------------------------------------------------------------------------ */

typedef union {
    long double ld;
    double d;
    int64_t i;
    void* p;
} qv_t_align;

struct qv_t_block {
    qv_t_block* next;
    qv_t_align data[];
};

void* qv_t_alloc(qv_t_parser* p, size_t size) {
    qv_t_block* b = (qv_t_block*)malloc(sizeof(qv_t_block) + size);
    if (!b) {
        snprintf(p->msg, sizeof p->msg, "Out of memory");
        longjmp(p->jump, 1);
    }
    b->next = p->doc->blocks;
    p->doc->blocks = b;
    memset(b->data, 0, size);
    return b->data;
}

qv_toml* qv_t_node(qv_t_parser* p, qv_toml_kind kind) {
    qv_toml* n = (qv_toml*)qv_t_alloc(p, sizeof *n);
    n->kind = kind;
    n->text = "";
    return n;
}

static char* qv_t_copy(qv_t_parser* p, const char* s, size_t n) {
    char* c = (char*)qv_t_alloc(p, n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static void qv_t_add(qv_t_parser* p, qv_toml* parent, const char* key, size_t key_len, qv_toml* value) {
    qv_toml_entry* e = (qv_toml_entry*)qv_t_alloc(p, sizeof *e);
    e->key = key;
    e->key_len = key_len;
    e->value = value;
    if (parent->last)
        parent->last->next = e;
    else
        parent->first = e;
    parent->last = e;
    parent->count++;
}

static qv_toml* qv_t_find(const qv_toml* t, const char* key, size_t key_len) {
    for (const qv_toml_entry* e = t->first; e; e = e->next)
        if (e->key_len == key_len && memcmp(e->key, key, key_len) == 0) return e->value;
    return NULL;
}

/* ---- character classes ------------------------------------------------------------------------ */

static int qv_t_is_hws(uint32_t c) {
    return c == '\t' || c == ' ' || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200B) ||
           c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}
static int qv_t_is_ascii_vws(uint32_t c) { return c >= '\n' && c <= '\r'; }
int qv_t_is_ws(uint32_t c) { return qv_t_is_hws(c) || qv_t_is_ascii_vws(c) || c == 0x85 || c == 0x2028 || c == 0x2029; }
int qv_t_is_terminator(uint32_t c) { return qv_t_is_ws(c) || c == ']' || c == '}' || c == ',' || c == '#'; }
int qv_t_is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static int qv_t_is_bare(uint32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || qv_t_is_digit(c) || c == '_' || c == '-';
}
static int qv_t_is_quote(uint32_t c) { return c == '"' || c == '\''; }
static int qv_t_is_nontab_control(uint32_t c) { return c <= 8 || (c >= 10 && c <= 0x1F) || c == 0x7F; }
static int qv_t_is_hex(uint32_t c) { return qv_t_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* ---- input ---------------------------------------------------------------------------------------- */

/* Decodes strict UTF-8 the way the reference's reader does: 32-byte blocks, each decoded whole
 * before any of its code points is used. A block holding an invalid sequence (or the last block
 * ending inside one) makes reading its first code point fail. */
static int qv_t_decode(qv_t_parser* p, const unsigned char* s, size_t len) {
    p->cps = (uint32_t*)malloc((len + 1) * sizeof *p->cps);
    p->offs = (size_t*)malloc((len + 1) * sizeof *p->offs);
    if (!p->cps || !p->offs) return -1;
    p->fail_at = SIZE_MAX;
    size_t n = 0, start = 0;
    int need = 0;
    uint32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    for (size_t block = 0; block < len && p->fail_at == SIZE_MAX; block += 32) {
        size_t block_first = n, end = block + 32 < len ? block + 32 : len;
        for (size_t i = block; i < end; ++i) {
            unsigned char b = s[i];
            int bad = 0;
            if (need == 0) {
                start = i;
                lo = 0x80;
                hi = 0xBF;
                if (b < 0x80)
                    cp = b;
                else if (b >= 0xC2 && b <= 0xDF)
                    need = 1, cp = b & 0x1Fu;
                else if (b >= 0xE0 && b <= 0xEF)
                    need = 2, cp = b & 0x0Fu, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
                else if (b >= 0xF0 && b <= 0xF4)
                    need = 3, cp = b & 0x07u, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
                else
                    bad = 1;
            } else if (b < lo || b > hi) {
                bad = 1;
            } else {
                cp = (cp << 6) | (b & 0x3Fu);
                need--;
                lo = 0x80;
                hi = 0xBF;
            }
            if (bad) {
                p->fail_at = block_first;
                p->fail_msg = "Encountered invalid utf-8 sequence";
                break;
            }
            if (need == 0) {
                p->cps[n] = cp;
                p->offs[n++] = start;
            }
        }
        if (p->fail_at == SIZE_MAX && end == len && need > 0) {
            p->fail_at = block_first;
            p->fail_msg = "Encountered EOF during incomplete utf-8 code point sequence";
        }
    }
    p->count = p->fail_at == SIZE_MAX ? n : p->fail_at;
    return 0;
}

/* Bytes of the current code point (its UTF-8 length follows from its value). */
static size_t qv_t_cur_len(const qv_t_parser* p) {
    uint32_t c = QV_T_CUR(p);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

void qv_t_append_cur(qv_t_parser* p, qv_buf* b) { qv_buf_append_n(b, p->data + p->offs[p->pos], qv_t_cur_len(p)); }

void qv_t_advance(qv_t_parser* p) {
    p->pos++;
    if (p->pos == p->fail_at) {
        snprintf(p->msg, sizeof p->msg, "%s", p->fail_msg);
        longjmp(p->jump, 1);
    }
    if (p->recording && !QV_T_EOF(p) && (p->rec_ws || !qv_t_is_ws(QV_T_CUR(p)))) qv_t_append_cur(p, &p->rec);
}

void qv_t_advance_or_eof(qv_t_parser* p) {
    qv_t_advance(p);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
}

void qv_t_start_recording(qv_t_parser* p) {
    p->recording = 1;
    p->rec_ws = 1;
    p->rec.len = 0;
    if (!QV_T_EOF(p)) qv_t_append_cur(p, &p->rec);
}

void qv_t_stop_recording(qv_t_parser* p, size_t pop_bytes) {
    p->recording = 0;
    p->rec.len = pop_bytes >= p->rec.len ? 0 : p->rec.len - pop_bytes;
    if (p->rec.data) p->rec.data[p->rec.len] = '\0';
}

/* ---- messages ------------------------------------------------------------------------------------- */

_Noreturn void qv_t_fail(qv_t_parser* p, const char* fmt, ...) {
    int n = snprintf(p->msg, sizeof p->msg, "Error while parsing %s: ", p->scope);
    if (n >= 0 && (size_t)n < sizeof p->msg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->msg + n, sizeof p->msg - (size_t)n, fmt, ap);
        va_end(ap);
    }
    longjmp(p->jump, 1);
}

_Noreturn void qv_t_fail_eof(qv_t_parser* p) { qv_t_fail(p, "encountered end-of-file"); }

static const char* const qv_t_control_names[32] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\b",     "\\t",     "\\n",     "\\u000B", "\\f",     "\\r",     "\\u000E", "\\u000F",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001A", "\\u001B", "\\u001C", "\\u001D", "\\u001E", "\\u001F"};

const char* qv_t_sv(qv_t_parser* p) {
    if (QV_T_EOF(p)) return "";
    uint32_t c = QV_T_CUR(p);
    if (c < 32) return qv_t_control_names[c];
    if (c == 0x7F) return "\\u007F";
    size_t n = qv_t_cur_len(p);
    memcpy(p->sv, p->data + p->offs[p->pos], n);
    p->sv[n] = '\0';
    return p->sv;
}

/* Like qv_t_sv, but code points beyond ASCII as \uXXXX / \UXXXXXXXX. */
static const char* qv_t_escaped(qv_t_parser* p) {
    uint32_t c = QV_T_CUR(p);
    if (c <= 0x7F) return qv_t_sv(p);
    snprintf(p->sv, sizeof p->sv, c > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)c);
    return p->sv;
}

static const char* qv_t_type_name(const qv_toml* n) {
    static const char* const names[] = {"table",   "array", "string", "integer",  "floating-point",
                                        "boolean", "date",  "time",   "date-time"};
    return names[n->kind];
}

/* ---- whitespace, line breaks, comments ---------------------------------------------------------- */

static int qv_t_skip_ws(qv_t_parser* p) {
    int consumed = 0;
    while (!QV_T_EOF(p) && qv_t_is_hws(QV_T_CUR(p))) {
        if (QV_T_CUR(p) != ' ' && QV_T_CUR(p) != '\t') qv_t_fail(p, "expected space or tab, saw '%s'", qv_t_escaped(p));
        consumed = 1;
        qv_t_advance(p);
    }
    return consumed;
}

static int qv_t_line_break(qv_t_parser* p) {
    if (QV_T_EOF(p)) return 0;
    uint32_t c = QV_T_CUR(p);
    if (c == '\v' || c == '\f')
        qv_t_fail(p, "vertical tabs '\\v' and form-feeds '\\f' are not legal line breaks in TOML");
    if (c == '\r') {
        qv_t_advance(p);
        if (QV_T_EOF(p)) qv_t_fail(p, "expected '\\n' after '\\r', saw EOF");
        if (QV_T_CUR(p) != '\n') qv_t_fail(p, "expected '\\n' after '\\r', saw '%s'", qv_t_escaped(p));
    } else if (c != '\n') {
        return 0;
    }
    qv_t_advance(p);
    return 1;
}

static int qv_t_comment(qv_t_parser* p) {
    if (QV_T_EOF(p) || QV_T_CUR(p) != '#') return 0;
    const char* outer = p->scope;
    p->scope = "comment";
    qv_t_advance(p);
    while (!QV_T_EOF(p)) {
        if (qv_t_line_break(p)) break;
        if (qv_t_is_nontab_control(QV_T_CUR(p)))
            qv_t_fail(p, "control characters other than TAB (U+0009) are explicitly prohibited in comments");
        qv_t_advance(p);
    }
    p->scope = outer;
    return 1;
}

/* ---- strings -------------------------------------------------------------------------------------- */

static void qv_t_str_reset(qv_t_parser* p) {
    p->str.len = 0;
    if (p->str.data) p->str.data[0] = '\0';
}

static void qv_t_append_utf8(qv_buf* b, uint32_t v) {
    char u[4];
    size_t n;
    if (v < 0x80)
        u[0] = (char)v, n = 1;
    else if (v < 0x800)
        u[0] = (char)(0xC0 | (v >> 6)), u[1] = (char)(0x80 | (v & 0x3F)), n = 2;
    else if (v < 0x10000)
        u[0] = (char)(0xE0 | (v >> 12)), u[1] = (char)(0x80 | ((v >> 6) & 0x3F)), u[2] = (char)(0x80 | (v & 0x3F)),
        n = 3;
    else
        u[0] = (char)(0xF0 | (v >> 18)), u[1] = (char)(0x80 | ((v >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((v >> 6) & 0x3F)), u[3] = (char)(0x80 | (v & 0x3F)), n = 4;
    qv_buf_append_n(b, u, n);
}

/* At a closing delimiter of a multi-line string: counts the run of delimiters (up to five) and
 * leaves the position after the ones that belong to the string. Returns 1 when the string ended. */
static int qv_t_multi_line_close(qv_t_parser* p, uint32_t delim) {
    size_t lookaheads = 0, run = 1;
    do {
        qv_t_advance(p);
        lookaheads++;
        if (!QV_T_EOF(p) && QV_T_CUR(p) == delim)
            run++;
        else
            break;
    } while (lookaheads < 4);
    char quotes[2] = {(char)delim, (char)delim};
    switch (run) {
        case 1: qv_buf_append_n(&p->str, quotes, 1); return 0;
        case 2: qv_buf_append_n(&p->str, quotes, 2); return 0;
        case 3: return 1;
        case 4: qv_buf_append_n(&p->str, quotes, 1); return 1;
        default:
            qv_buf_append_n(&p->str, quotes, 2);
            qv_t_advance(p);
            return 1;
    }
}

/* An escape sequence after '\' (the position is at the character after the backslash). */
static void qv_t_escape(qv_t_parser* p) {
    uint32_t e = QV_T_CUR(p);
    const char* simple = NULL;
    switch (e) {
        case 'b': simple = "\b"; break;
        case 'f': simple = "\f"; break;
        case 'n': simple = "\n"; break;
        case 'r': simple = "\r"; break;
        case 't': simple = "\t"; break;
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        case 'e': qv_t_fail(p, "escape sequence '\\e' is not supported in TOML 1.0.0 and earlier"); break;
        case 'x': qv_t_fail(p, "escape sequence '\\x' is not supported in TOML 1.0.0 and earlier"); break;
        case 'u':
        case 'U': break;
        default: qv_t_fail(p, "unknown escape sequence '\\%s'", qv_t_sv(p));
    }
    if (simple) {
        qv_buf_append_n(&p->str, simple, 1);
        qv_t_advance_or_eof(p);
        return;
    }
    const char* outer = p->scope;
    p->scope = "unicode scalar sequence";
    qv_t_advance_or_eof(p);
    uint32_t place = e == 'U' ? 0x10000000u : 0x1000u, value = 0;
    while (place) {
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        uint32_t c = QV_T_CUR(p);
        if (!qv_t_is_hex(c)) qv_t_fail(p, "expected hex digit, saw '%s'", qv_t_sv(p));
        value += place * (c >= 'A' ? 10u + (c | 0x20u) - 'a' : c - '0');
        place /= 16u;
        qv_t_advance(p);
    }
    if (value >= 0xD800 && value <= 0xDFFF)
        qv_t_fail(p, "unicode surrogates (U+D800 - U+DFFF) are explicitly prohibited");
    if (value > 0x10FFFF) qv_t_fail(p, "values greater than U+10FFFF are invalid");
    qv_t_append_utf8(&p->str, value);
    p->scope = outer;
}

/* A basic string; the position is at its (last) opening quote. */
static void qv_t_basic_string(qv_t_parser* p, int multi) {
    const char* outer = p->scope;
    p->scope = "string";
    qv_t_advance_or_eof(p);
    if (multi) {
        qv_t_line_break(p);
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
    }
    qv_t_str_reset(p);
    int escaped = 0, skipping_ws = 0;
    do {
        uint32_t c = QV_T_CUR(p);
        if (escaped) {
            escaped = 0;
            if (multi && qv_t_is_ws(c)) { /* line-ending backslash */
                qv_t_skip_ws(p);
                if (!qv_t_line_break(p))
                    qv_t_fail(p, "line-ending backslashes must be the last non-whitespace character on the line");
                skipping_ws = 1;
                continue;
            }
            qv_t_escape(p);
            continue;
        }
        if (c == '"') {
            if (!multi) {
                qv_t_advance(p);
                p->scope = outer;
                return;
            }
            skipping_ws = 0;
            if (qv_t_multi_line_close(p, '"')) {
                p->scope = outer;
                return;
            }
            continue;
        }
        if (c == '\\') {
            qv_t_advance_or_eof(p);
            skipping_ws = 0;
            escaped = 1;
            continue;
        }
        if (multi && qv_t_is_ascii_vws(c)) {
            qv_t_line_break(p);
            if (!skipping_ws) qv_buf_append(&p->str, "\n");
            continue;
        }
        if (qv_t_is_nontab_control(c))
            qv_t_fail(p, "unescaped control characters other than TAB (U+0009) are explicitly prohibited");
        if (!multi || !skipping_ws || !qv_t_is_hws(c)) {
            skipping_ws = 0;
            qv_t_append_cur(p, &p->str);
        }
        qv_t_advance(p);
    } while (!QV_T_EOF(p));
    qv_t_fail_eof(p);
}

static void qv_t_literal_string(qv_t_parser* p, int multi) {
    const char* outer = p->scope;
    p->scope = "literal string";
    qv_t_advance_or_eof(p);
    if (multi) {
        qv_t_line_break(p);
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
    }
    qv_t_str_reset(p);
    do {
        uint32_t c = QV_T_CUR(p);
        if (c == '\'') {
            if (!multi) {
                qv_t_advance(p);
                p->scope = outer;
                return;
            }
            if (qv_t_multi_line_close(p, '\'')) {
                p->scope = outer;
                return;
            }
            continue;
        }
        if (multi && qv_t_is_ascii_vws(c)) {
            qv_t_line_break(p);
            qv_buf_append(&p->str, "\n");
            continue;
        }
        if (qv_t_is_nontab_control(c))
            qv_t_fail(p, "control characters other than TAB (U+0009) are explicitly prohibited");
        qv_t_append_cur(p, &p->str);
        qv_t_advance(p);
    } while (!QV_T_EOF(p));
    qv_t_fail_eof(p);
}

int qv_t_string(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "string";
    uint32_t first = QV_T_CUR(p);
    qv_t_advance_or_eof(p);
    uint32_t second = QV_T_CUR(p);
    qv_t_advance(p);
    int multi = 0;
    if (QV_T_EOF(p)) {
        if (second != first) qv_t_fail_eof(p);
        qv_t_str_reset(p);
    } else if (first == second && QV_T_CUR(p) == first) {
        multi = 1;
        if (first == '\'')
            qv_t_literal_string(p, 1);
        else
            qv_t_basic_string(p, 1);
    } else {
        p->pos -= 2;
        if (first == '\'')
            qv_t_literal_string(p, 0);
        else
            qv_t_basic_string(p, 0);
    }
    if (p->str.oom) qv_t_fail(p, "out of memory");
    p->scope = outer;
    return multi;
}

/* ---- keys ----------------------------------------------------------------------------------------- */

static void qv_t_push_key(qv_t_parser* p, const char* s, size_t n) {
    if (p->key_count == p->key_cap) {
        size_t cap = p->key_cap ? p->key_cap * 2 : 8;
        qv_t_seg* grown = (qv_t_seg*)realloc(p->keys, cap * sizeof *grown);
        if (!grown) qv_t_fail(p, "out of memory");
        p->keys = grown;
        p->key_cap = cap;
    }
    p->keys[p->key_count].s = qv_t_copy(p, s, n);
    p->keys[p->key_count++].n = n;
}

/* A (possibly dotted) key into p->keys. */
static void qv_t_key(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "key";
    p->key_count = 0;
    p->rec_ws = 0;
    for (;;) {
        uint32_t c = QV_T_CUR(p);
        if (qv_t_is_bare(c)) {
            qv_t_str_reset(p);
            while (!QV_T_EOF(p) && qv_t_is_bare(QV_T_CUR(p))) {
                qv_t_append_cur(p, &p->str);
                qv_t_advance(p);
            }
        } else if (qv_t_is_quote(c)) {
            p->rec_ws = 1;
            int multi = qv_t_string(p);
            p->rec_ws = 0;
            if (multi) qv_t_fail(p, "multi-line strings are prohibited in %skeys", p->key_count ? "dotted " : "");
        } else {
            qv_t_fail(p, "expected bare key starting character or string delimiter, saw '%s'", qv_t_sv(p));
        }
        if (p->str.oom) qv_t_fail(p, "out of memory");
        qv_t_skip_ws(p);
        qv_t_push_key(p, p->str.data ? p->str.data : "", p->str.len);
        if (QV_T_EOF(p) || QV_T_CUR(p) != '.') break;
        qv_t_advance_or_eof(p);
        qv_t_skip_ws(p);
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
    }
    p->scope = outer;
}

static const char* qv_t_recorded(qv_t_parser* p) { return p->rec.data ? p->rec.data : ""; }

/* ---- tables ----------------------------------------------------------------------------------------- */

static qv_toml* qv_t_new_child(qv_t_parser* p, qv_toml* parent, const qv_t_seg* key, qv_toml_kind kind,
                               unsigned flags) {
    qv_toml* n = qv_t_node(p, kind);
    n->flags = flags;
    qv_t_add(p, parent, key->s, key->n, n);
    return n;
}

/* [a.b.c] or [[a.b.c]]: returns the table that the following key-value pairs fill. */
static qv_toml* qv_t_table_header(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "table header";
    int is_arr = 0;
    qv_t_advance_or_eof(p);
    int leading_ws = qv_t_skip_ws(p);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    if (QV_T_CUR(p) == '[') {
        if (leading_ws)
            qv_t_fail(p, "[[array-of-table]] brackets must be contiguous (i.e. [ [ this ] ] is prohibited)");
        is_arr = 1;
        qv_t_advance_or_eof(p);
        qv_t_skip_ws(p);
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
    }
    if (QV_T_CUR(p) == ']') qv_t_fail(p, "tables with blank bare keys are explicitly prohibited");
    qv_t_start_recording(p);
    qv_t_key(p);
    qv_t_stop_recording(p, 1);
    qv_t_skip_ws(p);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    if (QV_T_CUR(p) != ']') qv_t_fail(p, "expected ']', saw '%s'", qv_t_sv(p));
    if (is_arr) {
        qv_t_advance_or_eof(p);
        if (QV_T_CUR(p) != ']') qv_t_fail(p, "expected ']', saw '%s'", qv_t_sv(p));
    }
    qv_t_advance(p);
    qv_t_skip_ws(p);
    if (!QV_T_EOF(p) && !qv_t_comment(p) && !qv_t_line_break(p))
        qv_t_fail(p, "expected a comment or whitespace, saw '%s'", qv_t_sv(p));

    const char* as = is_arr ? "array-of-tables" : "table";
    qv_toml* parent = p->doc->root;
    for (size_t i = 0; i + 1 < p->key_count; ++i) {
        qv_toml* found = qv_t_find(parent, p->keys[i].s, p->keys[i].n);
        if (!found) {
            parent = qv_t_new_child(p, parent, &p->keys[i], QV_TOML_TABLE, QV_T_IMPLICIT);
        } else if (found->kind == QV_TOML_TABLE) {
            if ((found->flags & QV_T_INLINE) && !(found->flags & QV_T_OPEN))
                qv_t_fail(p, "cannot insert '%s' into existing inline table", qv_t_recorded(p));
            parent = found;
        } else if (found->kind == QV_TOML_ARRAY && (found->flags & QV_T_TABLE_ARRAY)) {
            parent = found->last->value;
        } else {
            qv_t_fail(p, "cannot redefine existing %s '%s' as %s", qv_t_type_name(found), qv_t_recorded(p), as);
        }
    }
    const qv_t_seg* last = &p->keys[p->key_count - 1];
    qv_toml* found = qv_t_find(parent, last->s, last->n);
    qv_toml* result = NULL;
    if (!found && !is_arr) {
        result = qv_t_new_child(p, parent, last, QV_TOML_TABLE, 0);
    } else if (!found || (is_arr && found->kind == QV_TOML_ARRAY && (found->flags & QV_T_TABLE_ARRAY))) {
        qv_toml* arr = found ? found : qv_t_new_child(p, parent, last, QV_TOML_ARRAY, QV_T_TABLE_ARRAY);
        result = qv_t_node(p, QV_TOML_TABLE);
        qv_t_add(p, arr, NULL, 0, result);
    } else if (!is_arr && found->kind == QV_TOML_TABLE && (found->flags & QV_T_IMPLICIT)) {
        found->flags &= ~(unsigned)QV_T_IMPLICIT;
        result = found;
    } else if (!is_arr && found->kind == QV_TOML_TABLE) {
        qv_t_fail(p, "cannot redefine existing table '%s'", qv_t_recorded(p));
    } else {
        qv_t_fail(p, "cannot redefine existing %s '%s' as %s", qv_t_type_name(found), qv_t_recorded(p), as);
    }
    p->scope = outer;
    return result;
}

/* key = value, inserted into tbl (dotted keys create the intermediate tables). */
static void qv_t_key_value(qv_t_parser* p, qv_toml* tbl) {
    const char* outer = p->scope;
    p->scope = "key-value pair";
    qv_t_start_recording(p);
    qv_t_key(p);
    qv_t_stop_recording(p, 1);
    qv_t_skip_ws(p);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    if (QV_T_CUR(p) != '=') qv_t_fail(p, "expected '=', saw '%s'", qv_t_sv(p));
    qv_t_advance_or_eof(p);
    qv_t_skip_ws(p);
    if (QV_T_EOF(p)) qv_t_fail_eof(p);
    if (qv_t_is_terminator(QV_T_CUR(p))) qv_t_fail(p, "expected value, saw '%s'", qv_t_sv(p));
    for (size_t i = 0; i + 1 < p->key_count; ++i) {
        qv_toml* found = qv_t_find(tbl, p->keys[i].s, p->keys[i].n);
        if (!found) {
            tbl = qv_t_new_child(p, tbl, &p->keys[i], QV_TOML_TABLE, QV_T_DOTTED);
        } else if (found->kind != QV_TOML_TABLE || !(found->flags & (QV_T_DOTTED | QV_T_IMPLICIT))) {
            qv_t_fail(p, "cannot redefine existing %s as dotted key-value pair", qv_t_type_name(found));
        } else {
            tbl = found;
        }
    }
    qv_t_seg last = p->keys[p->key_count - 1]; /* the value's own keys reuse p->keys */
    qv_toml* found = qv_t_find(tbl, last.s, last.n);
    if (found) qv_t_fail(p, "cannot redefine existing %s '%s'", qv_t_type_name(found), qv_t_recorded(p));
    qv_toml* value = qv_t_value(p);
    qv_t_add(p, tbl, last.s, last.n, value);
    p->scope = outer;
}

qv_toml* qv_t_array(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "array";
    qv_t_advance_or_eof(p);
    qv_toml* arr = qv_t_node(p, QV_TOML_ARRAY);
    enum { NONE, COMMA, VALUE } prev = NONE;
    for (;;) {
        while (qv_t_skip_ws(p) || qv_t_line_break(p) || qv_t_comment(p)) {
        }
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        uint32_t c = QV_T_CUR(p);
        if (c == ',') {
            if (prev != VALUE) qv_t_fail(p, "expected value or closing ']', saw comma");
            prev = COMMA;
            qv_t_advance_or_eof(p);
        } else if (c == ']') {
            qv_t_advance(p);
            break;
        } else {
            if (prev == VALUE) qv_t_fail(p, "expected comma or closing ']', saw '%s'", qv_t_sv(p));
            prev = VALUE;
            qv_toml* value = qv_t_value(p);
            qv_t_add(p, arr, NULL, 0, value);
        }
    }
    p->scope = outer;
    return arr;
}

qv_toml* qv_t_inline_table(qv_t_parser* p) {
    const char* outer = p->scope;
    p->scope = "inline table";
    qv_t_advance_or_eof(p);
    qv_toml* tbl = qv_t_node(p, QV_TOML_TABLE);
    tbl->flags = QV_T_INLINE | QV_T_OPEN;
    enum { NONE, COMMA, PAIR } prev = NONE;
    for (;;) {
        while (qv_t_skip_ws(p)) {
        }
        if (QV_T_EOF(p)) qv_t_fail_eof(p);
        uint32_t c = QV_T_CUR(p);
        if (c == ',') {
            if (prev != PAIR) qv_t_fail(p, "expected key-value pair or closing '}', saw comma");
            prev = COMMA;
            qv_t_advance_or_eof(p);
        } else if (c == '}') {
            if (prev == COMMA) qv_t_fail(p, "expected key-value pair, saw closing '}' (dangling comma)");
            qv_t_advance(p);
            break;
        } else if (qv_t_is_quote(c) || qv_t_is_bare(c)) {
            if (prev == PAIR) qv_t_fail(p, "expected comma or closing '}', saw '%s'", qv_t_sv(p));
            prev = PAIR;
            qv_t_key_value(p, tbl);
        } else {
            qv_t_fail(p, "expected key or closing '}', saw '%s'", qv_t_sv(p));
        }
    }
    tbl->flags &= ~(unsigned)QV_T_OPEN;
    p->scope = outer;
    return tbl;
}

static void qv_t_document(qv_t_parser* p) {
    p->scope = "root table";
    qv_toml* current = p->doc->root;
    do {
        if (qv_t_skip_ws(p) || qv_t_line_break(p) || qv_t_comment(p)) continue;
        uint32_t c = QV_T_CUR(p);
        if (c == '[') {
            current = qv_t_table_header(p);
        } else if (qv_t_is_bare(c) || qv_t_is_quote(c)) {
            p->scope = "key-value pair";
            qv_t_key_value(p, current);
            qv_t_skip_ws(p);
            if (!QV_T_EOF(p) && !qv_t_comment(p) && !qv_t_line_break(p))
                qv_t_fail(p, "expected a comment or whitespace, saw '%s'", qv_t_sv(p));
            p->scope = "root table";
        } else {
            qv_t_fail(p, "expected keys, tables, whitespace or comments, saw '%s'", qv_t_sv(p));
        }
    } while (!QV_T_EOF(p));
}

/* ---- public ------------------------------------------------------------------------------------------ */

void qv_toml_free(qv_toml_doc* doc) {
    if (!doc) return;
    qv_t_block* b = doc->blocks;
    while (b) {
        qv_t_block* next = b->next;
        free(b);
        b = next;
    }
    free(doc);
}

/* Runs the parse of the decoded input; everything it allocates is owned by p or p->doc, so a
 * failure can unwind. */
static int qv_t_run(qv_t_parser* p) {
    if (setjmp(p->jump)) return -1;
    p->doc->root = qv_t_node(p, QV_TOML_TABLE);
    if (p->count == 0 && p->fail_at == SIZE_MAX) return 0; /* empty document */
    if (p->fail_at == 0) {
        snprintf(p->msg, sizeof p->msg, "%s", p->fail_msg);
        return -1;
    }
    qv_t_document(p);
    return 0;
}

qv_toml_doc* qv_toml_parse(const char* data, size_t len, char** out_error) {
    *out_error = NULL;
    qv_t_parser* p = (qv_t_parser*)calloc(1, sizeof *p);
    qv_toml_doc* doc = (qv_toml_doc*)calloc(1, sizeof *doc);
    if (!p || !doc) {
        free(p);
        free(doc);
        return NULL;
    }
    p->doc = doc;
    qv_buf_init(&p->rec);
    qv_buf_init(&p->str);
    static const char bom[] = "\xEF\xBB\xBF";
    if (len >= 3 && memcmp(data, bom, 3) == 0) data += 3, len -= 3;
    p->data = data;
    int rc = -1;
    if (qv_t_decode(p, (const unsigned char*)data, len) != 0)
        snprintf(p->msg, sizeof p->msg, "Out of memory");
    else
        rc = qv_t_run(p);
    if (rc != 0) {
        *out_error = qv_strdup(p->msg);
        qv_toml_free(doc);
        doc = NULL;
    }
    qv_buf_free(&p->rec);
    qv_buf_free(&p->str);
    free(p->keys);
    free(p->cps);
    free(p->offs);
    free(p);
    return doc;
}

const qv_toml* qv_toml_root(const qv_toml_doc* doc) { return doc->root; }

const qv_toml* qv_toml_get(const qv_toml* t, const char* key) {
    return t && t->kind == QV_TOML_TABLE ? qv_t_find(t, key, strlen(key)) : NULL;
}
