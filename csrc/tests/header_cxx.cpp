// The public headers from C++: everything is declared with C linkage (extern "C") and the
// umbrella header plus the per-area headers compile together without warnings.
#include <quiverdb.h>
#include <quiver/c/database.h>
#include <quiver/c/element.h>

#include <cstdio>
#include <cstring>

int main() {
    quiver_database_t* db = nullptr;
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    int failed = 0;
    if (quiver_database_open(":memory:", &options, &db) != QUIVER_OK) failed++;
    const char* path = nullptr;
    if (quiver_database_path(db, &path) != QUIVER_OK || std::strcmp(path, ":memory:") != 0) failed++;
    if (quiver_database_close(db) != QUIVER_OK) failed++;
    if (std::strcmp(quiver_version(), QUIVERDB_EXPECTED_VERSION) != 0) failed++;
    std::printf("%d passed, %d failed\n", 4 - failed, failed);
    return failed == 0 ? 0 : 1;
}
