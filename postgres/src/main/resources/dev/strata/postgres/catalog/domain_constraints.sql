-- CHECK constraints of domains. NOT NULL (typnotnull; on PostgreSQL 17 also a pg_constraint row of
-- type 'n') is rendered from domains.sql.
SELECT c.oid,
       c.contypid AS domain_oid,
       c.conname AS name,
       quote_ident(c.conname) AS ident,
       pg_get_constraintdef(c.oid) AS def,
       c.convalidated AS validated
FROM pg_constraint c
JOIN pg_type t ON t.oid = c.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE c.contype = 'c'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY c.contypid, c.conname
