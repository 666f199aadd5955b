-- Groups with unusual shapes for the whole-group read/write tests.
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;

CREATE TABLE Sponsor (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;

CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;

-- A relation column inside a time series.
CREATE TABLE Item_time_series_funding (
    id INTEGER,
    date_time TEXT NOT NULL,
    sponsor_id INTEGER,
    amount REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (sponsor_id) REFERENCES Sponsor(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
) STRICT;

-- No date_ key column: writable, not readable.
CREATE TABLE Item_time_series_stages (
    id INTEGER,
    stage INTEGER NOT NULL,
    stage_value REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, stage)
) STRICT;

-- Three key columns; the date_ one is not declared first.
CREATE TABLE Item_time_series_multi (
    id INTEGER,
    block INTEGER NOT NULL,
    date_b TEXT NOT NULL,
    scenario TEXT NOT NULL,
    multi_value REAL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, block, date_b, scenario)
) STRICT;

-- Defaults and NOT NULL value columns.
CREATE TABLE Item_vector_vals (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    a REAL,
    b INTEGER DEFAULT 9,
    c TEXT NOT NULL DEFAULT 'q',
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

-- A set keyed by its primary key, stored without rowid.
CREATE TABLE Item_set_codes (
    id INTEGER,
    code TEXT NOT NULL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, code)
) STRICT, WITHOUT ROWID;
