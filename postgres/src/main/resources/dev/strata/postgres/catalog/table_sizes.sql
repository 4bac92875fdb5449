-- The size of each table's main fork, to schedule the copies of a backup. Apart from tables.sql:
-- pg_relation_size opens (and locks) every table, which reading the schema alone does not need.
SELECT c.oid,
       pg_relation_size(c.oid) AS bytes
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
