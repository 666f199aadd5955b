/* quiverdb: umbrella header including the whole public C API. */
#ifndef QUIVERDB_H
#define QUIVERDB_H

#include "quiver/c/common.h"
#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/c/options.h"

#endif /* QUIVERDB_H */
