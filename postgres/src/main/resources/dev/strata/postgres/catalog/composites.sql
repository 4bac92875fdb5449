-- Stand-alone composite types (CREATE TYPE ... AS (...)); their attributes come from columns.sql.
SELECT t.oid,
       t.typarray AS array_oid,
       t.typrelid AS relid,
       n.nspname AS schema,
       t.typname AS name,
       format('%I.%I', n.nspname, t.typname) AS ident,
       quote_ident(pg_get_userbyid(t.typowner)) AS owner
FROM pg_type t
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'c'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, t.typname
