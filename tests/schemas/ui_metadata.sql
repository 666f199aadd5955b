-- Schema for the UI metadata tests (describe decorations, python-api-core.md §5.3.4).
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
);

CREATE TABLE Zone (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    area REAL,
    kind INTEGER,
    mode INTEGER,
    note TEXT,
    date_opened TEXT
);

CREATE TABLE Zone_vector_levels (
    id INTEGER NOT NULL REFERENCES Zone(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    level REAL,
    PRIMARY KEY (id, vector_index)
);

CREATE TABLE Zone_time_series_load (
    id INTEGER NOT NULL REFERENCES Zone(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    load REAL,
    PRIMARY KEY (id, date_time)
);
