CREATE TABLE notes (id bigserial PRIMARY KEY);
INSERT INTO notes (missing_column) VALUES (1);
