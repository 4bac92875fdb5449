-- Extensions created in this database. Those with an oid below FirstNormalObjectId (16384), such as
-- plpgsql, come with initdb and exist in every new database.
SELECT e.oid,
       e.extname AS name,
       quote_ident(e.extname) AS ident,
       format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname) AS ddl
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.oid >= 16384
ORDER BY e.extname
