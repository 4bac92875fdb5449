-- Views and materialized views. pg_get_viewdef ends the query with a semicolon.
SELECT c.oid,
       c.reltype AS row_type,
       rt.typarray AS row_array_type,
       n.nspname AS schema,
       c.relname AS name,
       format('%I.%I', n.nspname, c.relname) AS ident,
       quote_ident(pg_get_userbyid(c.relowner)) AS owner,
       c.relkind::text AS kind,
       pg_get_viewdef(c.oid) AS def,
       (SELECT string_agg(format('%s=%L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
        FROM unnest(c.reloptions) o) AS options,
       CASE WHEN c.relkind = 'm' AND am.amname <> 'heap' THEN quote_ident(am.amname) END AS access_method,
       c.relispopulated AS populated
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type rt ON rt.oid = c.reltype
LEFT JOIN pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
