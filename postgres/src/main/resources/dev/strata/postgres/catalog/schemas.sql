-- Schemas of user objects. User schemas cannot be named pg_*, so that pattern excludes pg_catalog,
-- pg_toast* and pg_temp*; schemas an extension created belong to the extension.
SELECT n.oid,
       n.nspname AS name,
       quote_ident(n.nspname) AS ident,
       quote_ident(pg_get_userbyid(n.nspowner)) AS owner,
       (n.nspowner = 10 OR pg_get_userbyid(n.nspowner) = 'pg_database_owner') AS default_owner
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname
