/*
 * quiverdb_info: the smallest useful libquiverdb program. Prints the library and SQLite versions,
 * then opens a database (":memory:" by default) and prints its path and schema version.
 *
 *     cc -std=c11 quiverdb_info.c $(pkg-config --cflags --libs quiverdb) -o quiverdb_info
 *     ./quiverdb_info [DATABASE]
 */
#include <quiverdb.h>

#include <stdio.h>

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : ":memory:";
    quiver_database_options_t options = quiver_database_options_default();
    quiver_database_t* db = NULL;
    const char* db_path = NULL;
    int64_t version = 0;

    printf("quiverdb %s (SQLite %s)\n", quiver_version(), quiver_sqlite_version());
    options.console_level = QUIVER_LOG_OFF;
    if (quiver_database_open(path, &options, &db) != QUIVER_OK || quiver_database_path(db, &db_path) != QUIVER_OK ||
        quiver_database_current_version(db, &version) != QUIVER_OK) {
        fprintf(stderr, "quiverdb_info: %s\n", quiver_get_last_error());
        quiver_database_close(db);
        return 1;
    }
    printf("database %s: schema version %lld\n", db_path, (long long)version);
    quiver_database_close(db);
    return 0;
}
