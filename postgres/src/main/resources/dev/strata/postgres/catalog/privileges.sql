-- Privileges that differ from those a new object has: the initial privileges recorded in
-- pg_init_privs (the public schema) or else acldefault for the object kind and owner. One row per
-- REVOKE or GRANT and grantee, privileges sorted by name. Grant options are kept; the grantor is
-- not (the restoring user grants).
WITH objects AS (
    SELECT 'pg_namespace' AS catalog, n.oid, 0 AS sub_id, n.nspacl AS acl, n.nspowner AS owner, 'n' AS kind
    FROM pg_namespace n WHERE n.nspacl IS NOT NULL
  UNION ALL
    SELECT 'pg_class', c.oid, 0, c.relacl, c.relowner, CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END
    FROM pg_class c WHERE c.relacl IS NOT NULL AND c.oid >= 16384
  UNION ALL
    SELECT 'pg_class', a.attrelid, a.attnum, a.attacl, c.relowner, 'c'
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attacl IS NOT NULL AND a.attrelid >= 16384 AND NOT a.attisdropped
  UNION ALL
    SELECT 'pg_proc', p.oid, 0, p.proacl, p.proowner, 'f'
    FROM pg_proc p WHERE p.proacl IS NOT NULL AND p.oid >= 16384
  UNION ALL
    SELECT 'pg_type', t.oid, 0, t.typacl, t.typowner, 'T'
    FROM pg_type t WHERE t.typacl IS NOT NULL AND t.oid >= 16384
), baselines AS (
    SELECT o.catalog, o.oid, o.sub_id, o.acl,
           coalesce(ip.initprivs,
                    CASE WHEN o.kind = 'c' THEN '{}'::aclitem[] ELSE acldefault(o.kind::"char", o.owner) END) AS base
    FROM objects o
    LEFT JOIN pg_init_privs ip
           ON ip.classoid = o.catalog::regclass AND ip.objoid = o.oid AND ip.objsubid = o.sub_id
), granted AS (
    SELECT b.catalog, b.oid, b.sub_id, x.grantee, x.privilege_type, x.is_grantable
    FROM baselines b, aclexplode(b.acl) x
), base AS (
    SELECT b.catalog, b.oid, b.sub_id, x.grantee, x.privilege_type, x.is_grantable
    FROM baselines b, aclexplode(b.base) x
    WHERE cardinality(b.base) > 0 -- aclexplode refuses an empty (zero-dimensional) array
), changes AS (
    SELECT 'REVOKE' AS action, catalog, oid, sub_id, grantee, privilege_type, false AS is_grantable
    FROM (SELECT catalog, oid, sub_id, grantee, privilege_type FROM base
          EXCEPT
          SELECT catalog, oid, sub_id, grantee, privilege_type FROM granted) revoked
  UNION ALL
    SELECT 'GRANT', catalog, oid, sub_id, grantee, privilege_type, is_grantable
    FROM (SELECT * FROM granted EXCEPT SELECT * FROM base) added
)
SELECT catalog,
       oid,
       sub_id,
       action,
       CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(grantee)) END AS grantee,
       string_agg(privilege_type, ', ' ORDER BY privilege_type) AS privileges,
       is_grantable AS grantable
FROM changes
GROUP BY catalog, oid, sub_id, action, grantee, is_grantable
ORDER BY catalog, oid, sub_id, action DESC, 5, is_grantable
