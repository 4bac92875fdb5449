-- ALTER DEFAULT PRIVILEGES: entries for all schemas change the built-in defaults (acldefault);
-- entries for one schema only add to them.
WITH entries AS (
    SELECT d.defaclrole AS role,
           d.defaclnamespace AS namespace,
           d.defaclobjtype::text AS objtype,
           d.defaclacl AS acl,
           CASE WHEN d.defaclnamespace = 0
                THEN acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole)
                ELSE '{}'::aclitem[] END AS base
    FROM pg_default_acl d
), granted AS (
    SELECT e.role, e.namespace, e.objtype, x.grantee, x.privilege_type, x.is_grantable
    FROM entries e, aclexplode(e.acl) x
), base AS (
    SELECT e.role, e.namespace, e.objtype, x.grantee, x.privilege_type, x.is_grantable
    FROM entries e, aclexplode(e.base) x
    WHERE cardinality(e.base) > 0 -- aclexplode refuses an empty (zero-dimensional) array
), changes AS (
    SELECT 'REVOKE' AS action, role, namespace, objtype, grantee, privilege_type, false AS is_grantable
    FROM (SELECT role, namespace, objtype, grantee, privilege_type FROM base
          EXCEPT
          SELECT role, namespace, objtype, grantee, privilege_type FROM granted) revoked
  UNION ALL
    SELECT 'GRANT', role, namespace, objtype, grantee, privilege_type, is_grantable
    FROM (SELECT * FROM granted EXCEPT SELECT * FROM base) added
)
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s %s %s ON %s %s %s%s',
              pg_get_userbyid(c.role),
              CASE WHEN c.namespace <> 0 THEN ' IN SCHEMA ' || quote_ident(n.nspname) ELSE '' END,
              c.action,
              string_agg(c.privilege_type, ', ' ORDER BY c.privilege_type),
              CASE c.objtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                             WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END,
              CASE WHEN c.action = 'GRANT' THEN 'TO' ELSE 'FROM' END,
              CASE WHEN c.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(c.grantee)) END,
              CASE WHEN c.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS ddl
FROM changes c
LEFT JOIN pg_namespace n ON n.oid = c.namespace
GROUP BY c.role, c.namespace, n.nspname, c.objtype, c.action, c.grantee, c.is_grantable
ORDER BY pg_get_userbyid(c.role), n.nspname NULLS FIRST, c.objtype, c.action DESC,
         CASE WHEN c.grantee = 0 THEN '' ELSE pg_get_userbyid(c.grantee) END, c.is_grantable
