-- Metadata edge cases: SQL-text defaults, implicit and non-id foreign-key targets, an empty
-- vector group, a set with a column named vector_index, a time series whose dimension is not
-- declared first (plus an extra dimension), and one without a date_ primary-key column.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    note TEXT DEFAULT 'abc',
    neg REAL DEFAULT -1.5,
    ts TEXT DEFAULT CURRENT_TIMESTAMP,
    e TEXT DEFAULT ''
) STRICT;
CREATE TABLE Zone (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Item (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL DEFAULT 'x',
    zone_id INTEGER REFERENCES Zone ON DELETE SET NULL ON UPDATE CASCADE,
    zone_ref INTEGER REFERENCES Zone(label) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;
CREATE TABLE Item_vector_v (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    a INTEGER,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;
CREATE TABLE Item_vector_empty (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;
CREATE TABLE Item_set_s (
    id INTEGER,
    vector_index INTEGER,
    s TEXT,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, s, vector_index)
) STRICT;
CREATE TABLE Item_time_series_t (
    id INTEGER,
    block INTEGER,
    date_b TEXT,
    vi2 INTEGER,
    date_other TEXT,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, block, date_b)
) STRICT;
CREATE TABLE Item_time_series_nodim (
    id INTEGER,
    stage INTEGER,
    x REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, stage)
) STRICT;
