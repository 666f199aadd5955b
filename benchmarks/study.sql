-- The benchmark study: a small but realistic quiverdb schema.
--
-- Plant has a scalar of every type (REAL, INTEGER, TEXT, DATE_TIME via the date_ prefix, an
-- INTEGER used as a boolean), a relation to Bus, a vector group (costs), a set group (tags), a
-- time-series group on date_time (generation) and one on date_time + block (load).
-- Group column names are unique within Plant, so create_element/update_element route each list
-- to exactly one group table.
PRAGMA foreign_keys = ON;

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
    units INTEGER,
    name TEXT,
    date_commission TEXT,
    is_active INTEGER,
    bus_id INTEGER,
    FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Plant_vector_costs (
    id INTEGER NOT NULL,
    vector_index INTEGER NOT NULL,
    cost REAL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Plant_set_tags (
    id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, tag)
) STRICT;

CREATE TABLE Plant_time_series_generation (
    id INTEGER NOT NULL,
    date_time TEXT NOT NULL,
    generation REAL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
) STRICT;

CREATE TABLE Plant_time_series_load (
    id INTEGER NOT NULL,
    date_time TEXT NOT NULL,
    block INTEGER NOT NULL,
    load REAL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time, block)
) STRICT;
