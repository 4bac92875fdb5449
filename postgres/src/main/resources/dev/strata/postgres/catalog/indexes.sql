-- Indexes of tables and materialized views, including those that back a constraint (they are
-- created by the constraint, but may be clustered, the replica identity, commented or a partition
-- of a partitioned index). Invalid indexes (a failed CREATE INDEX CONCURRENTLY) are left out, as
-- pg_dump does, except partitioned ones, which stay invalid until every partition has its index.
-- The definition is deparsed only for indexes no constraint creates: the constraint's own definition
-- says the rest, and pg_get_indexdef is the most expensive part of the query.
SELECT c.oid,
       i.indrelid AS relid,
       n.nspname AS schema,
       c.relname AS name,
       format('%I.%I', n.nspname, c.relname) AS ident,
       quote_ident(c.relname) AS unqualified_ident,
       t.relname AS table_name,
       format('%I.%I', n.nspname, t.relname) AS table_ident,
       CASE WHEN NOT b.constraint_backed THEN pg_get_indexdef(c.oid) END AS def,
       b.constraint_backed,
       i.indisclustered AS clustered,
       i.indisreplident AS replica_identity,
       ih.inhparent AS parent_index,
       CASE WHEN ih.inhparent IS NOT NULL THEN format('%I.%I', pn.nspname, p.relname) END AS parent_index_ident
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL (SELECT EXISTS (SELECT FROM pg_constraint co
                                   WHERE co.conindid = c.oid AND co.conrelid = i.indrelid
                                     AND co.contype IN ('p', 'u', 'x')) AS constraint_backed) b
LEFT JOIN pg_inherits ih ON ih.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = ih.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE (i.indisvalid OR c.relkind = 'I') AND i.indislive
  AND t.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
