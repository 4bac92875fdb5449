INSERT INTO notes (body) VALUES ('hello'), ('from a packaged jar');
CREATE INDEX CONCURRENTLY notes_body ON notes (body);
