/*
 * Fault injection for the core (test builds only). Force-included into every core source by
 * csrc/tests/fault/run.sh (gcc -include), it routes the core's malloc/calloc/realloc/free through
 * the driver (fault_driver.c), which counts live blocks and can make the Nth allocation fail.
 * Nothing in the core's own sources refers to this file.
 */
#ifndef QV_FAULT_INJECT_H
#define QV_FAULT_INJECT_H

#include <stddef.h>

void* qv_fi_malloc(size_t n);
void* qv_fi_calloc(size_t n, size_t size);
void* qv_fi_realloc(void* p, size_t n);
void qv_fi_free(void* p);

#define malloc(n) qv_fi_malloc(n)
#define calloc(n, size) qv_fi_calloc(n, size)
#define realloc(p, n) qv_fi_realloc(p, n)
#define free(p) qv_fi_free(p)

#endif /* QV_FAULT_INJECT_H */
