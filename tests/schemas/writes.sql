-- Schema for the element-write tests: relations in scalars and groups (one foreign-key column
-- shared by a vector and a set group), a self relation, DEFAULT values in groups, date-time
-- columns in groups, and two time-series groups sharing their date_time dimension.
PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Parent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Child (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    name TEXT,
    active INTEGER,
    score REAL,
    date_start TEXT,
    parent_id INTEGER,
    child_mentor INTEGER,
    FOREIGN KEY (parent_id) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    FOREIGN KEY (child_mentor) REFERENCES Child(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_vector_refs (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    parent_ref INTEGER,
    amount REAL,
    weight INTEGER DEFAULT 5,
    FOREIGN KEY (parent_ref) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Child_set_parents (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    parent_ref INTEGER,
    FOREIGN KEY (parent_ref) REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, parent_ref)
) STRICT;

CREATE TABLE Child_vector_notes (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    note TEXT,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Child_vector_events (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    date_event TEXT,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Child_vector_mentors (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    mentor_id INTEGER,
    FOREIGN KEY (mentor_id) REFERENCES Child(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Child_set_codes (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    code INTEGER NOT NULL,
    UNIQUE (id, code)
) STRICT;

CREATE TABLE Child_set_weights (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    ratio REAL,
    date_visit TEXT,
    UNIQUE (id, ratio, date_visit)
) STRICT;

CREATE TABLE Child_time_series_a (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    va REAL NOT NULL,
    PRIMARY KEY (id, date_time)
) STRICT;

CREATE TABLE Child_time_series_b (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    vb REAL,
    sponsor_id INTEGER,
    FOREIGN KEY (sponsor_id) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
) STRICT;
