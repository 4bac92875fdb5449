-- User triggers (including constraint triggers). Internal ones implement foreign keys; those with a
-- parent (tgparentid, PostgreSQL 13+) were cloned onto a partition from its partitioned table and
-- come back when the parent's trigger is created.
SELECT t.oid,
       t.tgrelid AS relid,
       n.nspname AS schema,
       c.relname AS table_name,
       t.tgname AS name,
       format('%I.%I', n.nspname, c.relname) AS table_ident,
       quote_ident(t.tgname) AS ident,
       pg_get_triggerdef(t.oid) AS def,
       t.tgenabled::text AS enabled
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, t.tgname
