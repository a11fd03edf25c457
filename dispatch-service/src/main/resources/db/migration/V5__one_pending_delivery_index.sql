-- Every delivery row is written into each index of the table, a million times for a large action.
-- The completion check (pending rows of an action) and the sweeper (pending rows older than a
-- limit) now share one partial index: the sweeper asks action by action.
DROP INDEX delivery_pending_by_action;
DROP INDEX delivery_pending_by_age;
CREATE INDEX delivery_pending ON delivery (action_id, created_at) WHERE status IN ('QUEUED', 'SENT');
