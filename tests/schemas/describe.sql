-- Schema for describe tests: names that sort differently by byte order and case, lowercase
-- declared types, several groups per kind, a multi-dimension time series declared in an
-- unusual column order, and a time-series files table.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    base_year INTEGER,
    note TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE apple (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    code integer,
    weight real,
    date_picked text
) STRICT;

CREATE TABLE Bus (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    kind INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Bus_vector_zeta (
    id INTEGER NOT NULL REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    date_event TEXT,
    z INTEGER NOT NULL,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Bus_vector_alpha (
    id INTEGER NOT NULL REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    a REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Bus_set_pairs (
    id INTEGER NOT NULL REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,
    p TEXT NOT NULL,
    q INTEGER,
    UNIQUE (id, p, q)
) STRICT;

CREATE TABLE Bus_time_series_load (
    id INTEGER NOT NULL REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,
    load REAL,
    date_time TEXT NOT NULL,
    flag INTEGER,
    block INTEGER NOT NULL,
    date_checked TEXT,
    PRIMARY KEY (id, date_time, block)
) STRICT;

CREATE TABLE Bus_time_series_files (
    load_file TEXT
) STRICT;
