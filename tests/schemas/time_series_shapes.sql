-- Time-series groups of unusual shapes, for the row lookup, upsert and files tests.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Empty (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL
) STRICT;

-- Dimension date_at, a NOT NULL value column without default.
CREATE TABLE Item_time_series_single (
    id INTEGER,
    date_at TEXT NOT NULL,
    val REAL,
    req INTEGER NOT NULL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_at)
) STRICT;

-- Extra dimension declared before the date_ dimension.
CREATE TABLE Item_time_series_alt (
    id INTEGER,
    block INTEGER NOT NULL,
    date_b TEXT NOT NULL,
    v2 REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, block, date_b)
) STRICT;

-- A key column but no date_ dimension.
CREATE TABLE Item_time_series_nodim (
    id INTEGER,
    stage INTEGER NOT NULL,
    v1 REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, stage)
) STRICT;

-- No primary key at all.
CREATE TABLE Item_time_series_nopk (
    id INTEGER,
    date_when TEXT NOT NULL,
    v5 REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Empty_time_series_values (
    id INTEGER,
    date_time TEXT NOT NULL,
    amount REAL,
    FOREIGN KEY (id) REFERENCES Empty(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
) STRICT;

CREATE TABLE Item_time_series_files (
    zeta TEXT,
    alpha TEXT,
    mid TEXT DEFAULT 'dflt'
) STRICT;
