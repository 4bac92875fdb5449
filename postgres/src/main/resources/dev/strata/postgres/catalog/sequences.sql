-- Sequences with their options, and the column that owns them: deptype 'a' for OWNED BY (serial),
-- 'i' for identity columns.
SELECT c.oid,
       n.nspname AS schema,
       c.relname AS name,
       format('%I.%I', n.nspname, c.relname) AS ident,
       quote_ident(pg_get_userbyid(c.relowner)) AS owner,
       format_type(s.seqtypid, NULL) AS type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min,
       s.seqmax AS max,
       s.seqcache AS cache,
       s.seqcycle AS cycle,
       c.relpersistence = 'u' AS unlogged,
       o.deptype AS owned_kind,
       o.refobjid AS owner_table,
       o.refobjsubid AS owner_column,
       CASE WHEN o.refobjid IS NOT NULL
            THEN format('%I.%I.%I', tn.nspname, tc.relname, a.attname) END AS owned_by
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend o ON o.classid = 'pg_class'::regclass AND o.objid = c.oid
                     AND o.refclassid = 'pg_class'::regclass AND o.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = o.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid
WHERE c.relkind = 'S'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
