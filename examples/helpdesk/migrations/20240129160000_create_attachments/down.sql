SET lock_timeout = '5s';

-- Metadata only: the stored objects are reclaimed by the storage lifecycle policy.
DROP TABLE IF EXISTS attachments;
