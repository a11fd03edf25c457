-- A STOP from everything marks every one of the supporter's rows, whatever the list:
-- UPDATE ... WHERE supporter_id = ? AND list_id <> '*'. The primary key leads with list_id, so
-- without this index each such opt-out read the whole table (a million rows for a large network).
CREATE INDEX consent_view_by_supporter ON consent_view (supporter_id);
