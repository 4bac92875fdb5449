-- User-defined collations. Where the locale is kept moved across versions (collcollate before 15
-- for ICU, colliculocale in 15 and 16, colllocale from 17; collicurules from 16): to_jsonb reads
-- whichever column exists.
SELECT co.oid,
       n.nspname AS schema,
       co.collname AS name,
       format('%I.%I', n.nspname, co.collname) AS ident,
       quote_ident(pg_get_userbyid(co.collowner)) AS owner,
       co.collprovider::text AS provider,
       co.collisdeterministic AS deterministic,
       co.collcollate AS lc_collate,
       co.collctype AS lc_ctype,
       coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale') AS locale,
       to_jsonb(co) ->> 'collicurules' AS rules
FROM pg_collation co
JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_collation'::regclass AND e.objid = co.oid AND e.deptype = 'e')
ORDER BY n.nspname, co.collname
