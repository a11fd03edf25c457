-- What subscriber-service needs to know about urgent actions to recognise a reply as a response.

-- Learnt from UrgentActionTriggered / UrgentActionCancelled (dispatch-service owns the actions).
CREATE TABLE urgent_action (
    id            text PRIMARY KEY,
    reply_until   timestamptz,              -- null: the action takes no replies
    thanks_text   text,
    triggered_at  timestamptz,
    cancelled_at  timestamptz               -- a cancelled action takes no more replies
);

-- Who got which action when, learnt from MessageStatusChanged (SENT, or DELIVERED if that came first).
-- No foreign keys: status events may arrive before the action's trigger event.
CREATE TABLE action_recipient (
    supporter_id  uuid        NOT NULL,
    action_id     text        NOT NULL,
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (supporter_id, action_id)
);
CREATE INDEX action_recipient_latest ON action_recipient (supporter_id, sent_at DESC);

-- One response per (action, supporter): a later reply updates it but never counts twice.
CREATE TABLE action_response (
    action_id            text        NOT NULL,
    supporter_id         uuid        NOT NULL REFERENCES supporter (id),
    kind                 text        NOT NULL CHECK (kind IN ('YES', 'NO', 'OTHER')),
    text                 text        NOT NULL,   -- the latest reply, exactly as written
    provider_message_id  text        NOT NULL,   -- of the latest reply
    responded_at         timestamptz NOT NULL,   -- the first reply: what time-to-reply is measured by
    updated_at           timestamptz NOT NULL,   -- the latest reply
    replies              integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (action_id, supporter_id)
);
CREATE INDEX action_response_by_time ON action_response (action_id, responded_at);
