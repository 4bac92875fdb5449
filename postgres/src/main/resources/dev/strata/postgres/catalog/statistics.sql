-- Extended statistics objects (CREATE STATISTICS).
SELECT s.oid,
       s.stxrelid AS relid,
       n.nspname AS schema,
       s.stxname AS name,
       format('%I.%I', n.nspname, s.stxname) AS ident,
       quote_ident(pg_get_userbyid(s.stxowner)) AS owner,
       pg_get_statisticsobjdef(s.oid) AS def
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class c ON c.oid = s.stxrelid
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, s.stxname
