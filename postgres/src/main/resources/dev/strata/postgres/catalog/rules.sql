-- Rewrite rules other than the _RETURN rule that makes a view a view. pg_get_ruledef ends with a
-- semicolon.
SELECT r.oid,
       r.ev_class AS relid,
       n.nspname AS schema,
       c.relname AS table_name,
       r.rulename AS name,
       format('%I.%I', n.nspname, c.relname) AS table_ident,
       quote_ident(r.rulename) AS ident,
       pg_get_ruledef(r.oid) AS def,
       r.ev_enabled::text AS enabled
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, r.rulename
