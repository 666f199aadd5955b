-- Group columns sharing a name: two vector groups and a set group all hold parent_ref (a
-- relation, so the unique-attribute rule allows it). b_refs is declared before a_refs.
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Parent (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Child (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, note TEXT) STRICT;
CREATE TABLE Child_vector_b_refs (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    parent_ref INTEGER REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Child_vector_a_refs (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    parent_ref INTEGER REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    weight REAL,
    PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Child_set_refs (
    id INTEGER NOT NULL REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    parent_ref INTEGER REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, parent_ref)) STRICT;
