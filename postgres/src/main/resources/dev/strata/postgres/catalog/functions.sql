-- Functions and procedures (aggregates come from aggregates.sql). Functions that are an internal
-- part of another object, such as the constructors of a range type, are created with it.
SELECT p.oid,
       n.nspname AS schema,
       p.proname AS name,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS signature,
       quote_ident(pg_get_userbyid(p.proowner)) AS owner,
       p.prokind::text AS kind,
       pg_get_functiondef(p.oid) AS def
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'w')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
