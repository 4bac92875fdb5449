-- Dependencies among user objects: both ends at or above FirstNormalObjectId (16384), since what
-- initdb created needs no ordering. 'n' normal, 'a' auto, 'i' internal (a part of the referenced
-- object), 'e' member of an extension. Partition links ('P', 'S') are ordered by ATTACH statements.
-- A trigger that is an internal part of a constraint (those behind foreign keys and deferrable
-- unique keys; several per foreign key) is left out: it is not dumped, and nothing else refers to
-- it, so its row would only make it part of the constraint's object.
SELECT d.classid::regclass::text AS catalog,
       d.objid AS oid,
       d.refclassid::regclass::text AS ref_catalog,
       d.refobjid AS ref_oid,
       d.deptype::text AS type
FROM pg_depend d
WHERE d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a', 'i', 'e')
  AND NOT (d.classid = 'pg_trigger'::regclass AND d.refclassid = 'pg_constraint'::regclass
           AND d.deptype = 'i')
