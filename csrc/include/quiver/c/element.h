/*
 * quiverdb C API: the element builder.
 *
 * An element is a mutable bag of named scalars and named arrays that create_element and
 * update_element read (they never take it over). Every string given to a setter is copied.
 *
 * Thread safety: an element has no lock; do not use one element from two threads at once.
 */
#ifndef QUIVER_C_ELEMENT_H
#define QUIVER_C_ELEMENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef QUIVER_C_ELEMENT_T_DEFINED
#define QUIVER_C_ELEMENT_T_DEFINED
typedef struct quiver_element quiver_element_t;
#endif

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_ELEMENT_H */
