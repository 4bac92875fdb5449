-- Ordinary and partitioned tables (foreign tables are not dumped). A partition's bound comes from
-- relpartbound; inheritance parents other than a partition's are listed for INHERITS.
SELECT c.oid,
       c.reltype AS row_type,
       rt.typarray AS row_array_type,
       n.nspname AS schema,
       c.relname AS name,
       format('%I.%I', n.nspname, c.relname) AS ident,
       quote_ident(pg_get_userbyid(c.relowner)) AS owner,
       c.relkind::text AS kind,
       c.relpersistence = 'u' AS unlogged,
       c.relispartition AS partition,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition) AS parent,
       (SELECT string_agg(format('%I.%I', pn.nspname, p.relname), ', ' ORDER BY i.inhseqno)
        FROM pg_inherits i
        JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE i.inhrelid = c.oid AND NOT c.relispartition) AS inherits,
       (SELECT string_agg(format('%s=%L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
        FROM unnest(c.reloptions) o) AS options,
       CASE WHEN am.amname <> 'heap' THEN quote_ident(am.amname) END AS access_method,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       c.relreplident::text AS replica_identity
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type rt ON rt.oid = c.reltype
LEFT JOIN pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
