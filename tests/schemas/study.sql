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
    capacity REAL,
    status INTEGER,
    is_active INTEGER,                 -- boolean convention (0/1)
    date_commission TEXT,              -- DATE_TIME because of the date_ prefix
    bus_id INTEGER,                    -- relation Plant -> Bus, relation type "id"
    plant_spill_to INTEGER,            -- self relation, relation type "spill_to"
    FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE,
    FOREIGN KEY (plant_spill_to) REFERENCES Plant(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Plant_vector_segments (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    segment_cost REAL,
    segment_size INTEGER,
    segment_name TEXT,
    date_segment TEXT,
    bus_segment INTEGER,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (bus_segment) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Plant_set_tags (
    id INTEGER,
    tag TEXT NOT NULL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, tag)
) STRICT;

CREATE TABLE Plant_set_links (
    id INTEGER,
    bus_link INTEGER,
    weight REAL,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (bus_link) REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, bus_link, weight)
) STRICT;

CREATE TABLE Plant_time_series_generation (
    id INTEGER,
    date_time TEXT NOT NULL,
    generation REAL,
    units INTEGER,
    note TEXT,
    date_checked TEXT,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
) STRICT;

CREATE TABLE Plant_time_series_load (
    id INTEGER,
    date_time TEXT NOT NULL,
    block INTEGER NOT NULL,
    load REAL,
    flag INTEGER DEFAULT 7,
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time, block)
) STRICT;

CREATE TABLE Plant_time_series_files (
    generation_file TEXT,
    cost_file TEXT
) STRICT;
