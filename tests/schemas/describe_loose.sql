-- A collection without STRICT, so INTEGER columns can hold text, reals and blobs.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
);

CREATE TABLE Thing (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    n INTEGER,
    m INTEGER
);
