-- Tables without STRICT: any storage class can sit in any column (written here with sqlite3).
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);
CREATE TABLE Thing (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, i INTEGER, r REAL, t TEXT);
CREATE TABLE Thing_vector_v (id INTEGER, vector_index INTEGER NOT NULL, x TEXT, y TEXT, FOREIGN KEY (id) REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY (id, vector_index));
