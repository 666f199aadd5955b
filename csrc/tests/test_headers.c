/*
 * The public headers compile on their own and in any order: every variant of header_variant.c
 * is built into this program (once as C11 with warnings as errors, once as C99 with
 * -pedantic-errors), and each reports which declarations it could use.
 */
#include "qtest.h"

int header_variant_1(void);
int header_variant_2(void);
int header_variant_3(void);
int header_variant_4(void);
int header_variant_5(void);
int header_variant_6(void);
int header_variant_7(void);
int header_variant_8(void);

enum { COMMON = 1, OPTIONS = 2, DATABASE = 4, ELEMENT = 8 };

static void test_each_header_alone(void) {
    CHECK_INT(header_variant_1(), COMMON);
    CHECK_INT(header_variant_2(), COMMON | OPTIONS);
    CHECK_INT(header_variant_3(), COMMON | OPTIONS | DATABASE);
    CHECK_INT(header_variant_4(), COMMON | ELEMENT);
}

static void test_database_and_element_in_both_orders(void) {
    CHECK_INT(header_variant_5(), COMMON | OPTIONS | DATABASE | ELEMENT);
    CHECK_INT(header_variant_6(), COMMON | OPTIONS | DATABASE | ELEMENT);
}

static void test_umbrella_header(void) {
    CHECK_INT(header_variant_7(), COMMON | OPTIONS | DATABASE | ELEMENT);
    CHECK_INT(header_variant_8(), COMMON | OPTIONS | DATABASE | ELEMENT);
}

int main(void) {
    QT_RUN(test_each_header_alone);
    QT_RUN(test_database_and_element_in_both_orders);
    QT_RUN(test_umbrella_header);
    return qt_finish();
}
