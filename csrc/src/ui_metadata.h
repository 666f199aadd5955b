/*
 * UI metadata (python-api-core.md §2.3, §5.3.4): optional labels, tooltips and value vocabularies
 * read by from_migrations from the "ui" directory beside the migrations directory. They only
 * decorate the scalar lines of describe / describe_collection on that handle.
 */
#ifndef QV_UI_METADATA_H
#define QV_UI_METADATA_H

#include "internal.h"

typedef struct qv_ui_metadata qv_ui_metadata;

/* Reads every *.toml file of <parent of the canonical migrations_path>/ui. Problems are logged as
 * warnings on log and never fail. Returns NULL when there is no such directory or nothing in it
 * could be used; the result is owned by the caller and released with qv_ui_free. */
qv_ui_metadata* qv_ui_load(const char* migrations_path, const qv_logger* log);
void qv_ui_free(qv_ui_metadata* ui);

/* Appends the decorations of column `column` of table `table` to out ("; label \"...\"",
 * "; enum {...}", "; tooltip \"...\"", in that order, each only when it applies). ui may be NULL. */
void qv_ui_describe_column(const qv_ui_metadata* ui, const char* table, const char* column, qv_buf* out);

#endif /* QV_UI_METADATA_H */
