-- Fan-out writes a delivery row per recipient, a million for a large action: every index and
-- per-row trigger on delivery is paid that many times, inside the fan-out's critical path.
--
-- Status reports find their row by the primary key (action, supporter), which every report of an
-- action's message carries; message_id is derived from the two, so its unique index only cost.
ALTER TABLE delivery DROP CONSTRAINT delivery_message_id_key;
-- The foreign key's check ran once per row. Rows are written only by fan-out, which holds the
-- action's row lock while it writes them, and actions are never deleted.
ALTER TABLE delivery DROP CONSTRAINT delivery_action_id_fkey;
