SET lock_timeout = '5s';

-- "on_hold": waiting on a third party (vendor, engineering), as opposed to
-- "pending", which waits on the requester. SLA clocks pause in both.
-- Adding an enum value is catalog-only. It is alone in this migration because
-- a value added inside a transaction cannot be used until that transaction
-- commits.
ALTER TYPE ticket_status ADD VALUE IF NOT EXISTS 'on_hold' AFTER 'pending';
