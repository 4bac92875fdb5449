-- Table constraints: CHECK, PRIMARY KEY, UNIQUE, EXCLUDE and FOREIGN KEY (constraint triggers are
-- read with the triggers). pg_get_constraintdef already says NOT VALID and DEFERRABLE.
SELECT co.oid,
       co.conrelid AS relid,
       co.conname AS name,
       quote_ident(co.conname) AS ident,
       co.contype::text AS type,
       pg_get_constraintdef(co.oid) AS def,
       co.convalidated AS validated,
       co.conislocal AS local,
       co.conparentid <> 0 AS cloned,
       CASE WHEN co.contype IN ('p', 'u', 'x') THEN co.conindid END AS index_oid,
       CASE WHEN co.contype IN ('p', 'u', 'x') THEN format('%I.%I', n.nspname, ic.relname) END AS index_ident
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class ic ON ic.oid = co.conindid
WHERE co.contype IN ('c', 'p', 'u', 'x', 'f')
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, co.conname
