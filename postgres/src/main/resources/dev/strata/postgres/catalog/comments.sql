-- Comments on user objects (oid >= FirstNormalObjectId), and on the public schema when it is not
-- the one every new database has. Which of them belong to dumped objects is decided by the caller.
SELECT d.classoid::regclass::text AS catalog,
       d.objoid AS oid,
       d.objsubid AS sub_id,
       quote_literal(d.description) AS text
FROM pg_description d
WHERE d.objoid >= 16384
   OR (d.classoid = 'pg_namespace'::regclass AND d.description <> 'standard public schema')
