-- A small hydro-thermal study: buses, plants with cost segments, tags and hourly generation.
PRAGMA user_version = 1;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    base_year INTEGER
) STRICT;

CREATE TABLE Bus (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    voltage REAL
) STRICT;

CREATE TABLE Plant (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    capacity REAL NOT NULL DEFAULT 0.0,
    is_renewable INTEGER,
    date_commission TEXT,
    bus_id INTEGER,
    FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Plant_vector_segments (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    segment_cost REAL,
    segment_size REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Plant_set_tags (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag TEXT NOT NULL,
    UNIQUE (id, tag)
) STRICT;

CREATE TABLE Plant_time_series_generation (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    generation REAL,
    PRIMARY KEY (id, date_time)
) STRICT;
