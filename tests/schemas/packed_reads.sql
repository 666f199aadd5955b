-- Packed readers (C tests test_packed.c and tests/test_packed_reads.py). The rows are part of the
-- schema so that the C tests can hold values the API never writes: a text with an embedded NUL,
-- a text in an INTEGER column, legacy time-series keys.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
);

CREATE TABLE Item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    name TEXT,
    size INTEGER,
    weight REAL
);

CREATE TABLE Item_vector_parts (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    part TEXT,
    amount REAL,
    date_part TEXT,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
);

CREATE TABLE Item_set_tags (
    id INTEGER,
    tag TEXT NOT NULL,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, tag)
);

CREATE TABLE Item_time_series_readings (
    id INTEGER,
    date_time TEXT NOT NULL,
    value REAL,
    note TEXT,
    FOREIGN KEY (id) REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, date_time)
);

-- A collection without elements.
CREATE TABLE Other (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL
);

CREATE TABLE Other_vector_values (
    id INTEGER,
    vector_index INTEGER NOT NULL,
    value TEXT,
    FOREIGN KEY (id) REFERENCES Other(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
);

INSERT INTO Configuration (id, label) VALUES (1, 'base');
-- 1: plain values; 2: NULLs and an integer in the REAL column; 3: embedded NUL; 4: empty text
INSERT INTO Item (id, label, name, size, weight) VALUES
    (1, 'one', 'Ünïcödé €', 10, 1.5),
    (2, 'two', NULL, NULL, 7),
    (3, 'three', CAST(X'6100620063' AS TEXT), 30, NULL),
    (4, 'four', '', 'x', 2.5);
INSERT INTO Item_vector_parts (id, vector_index, part, amount, date_part) VALUES
    (1, 1, 'a', 1.0, '2024-01-01'),
    (1, 2, NULL, NULL, NULL),
    (1, 3, 'c', 3.0, '2024-01-03T00:00:00'),
    (3, 1, CAST(X'78007A' AS TEXT), 0.5, '2024-01-01 12:00:00');
INSERT INTO Item_set_tags (id, tag) VALUES (1, 'red'), (1, 'blue'), (2, 'green'), (4, '');
-- Element 1: canonical keys before and after a date-only key (text order is not time order
-- once the date-only key is met); element 2: canonical keys only.
INSERT INTO Item_time_series_readings (id, date_time, value, note) VALUES
    (1, '2024-01-01T00:00:00', 0.0, 'first'),
    (1, '2024-01-01T06:00:00', 6.0, NULL),
    (1, '2024-01-02', 24.0, 'date only'),
    (1, '2024-01-01 12:00:00', 12.0, 'space'),
    (1, '2024-01-03T00:00:00', 48.0, 'last'),
    (2, '2024-02-01T01:00:00', 1.0, 'b'),
    (2, '2024-02-01T00:00:00', 0.0, 'a');
