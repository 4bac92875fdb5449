-- Row-level security policies. Role 0 in polroles is PUBLIC.
SELECT p.oid,
       p.polrelid AS relid,
       n.nspname AS schema,
       c.relname AS table_name,
       p.polname AS name,
       format('%I.%I', n.nspname, c.relname) AS table_ident,
       quote_ident(p.polname) AS ident,
       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', p.polname, n.nspname, c.relname,
              CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
              CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                            WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
              (SELECT string_agg(CASE WHEN r.role = 0 THEN 'PUBLIC'
                                      ELSE quote_ident(pg_get_userbyid(r.role)) END, ', ' ORDER BY r.ord)
               FROM unnest(p.polroles) WITH ORDINALITY AS r(role, ord)))
         || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
         || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') AS def
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, p.polname
