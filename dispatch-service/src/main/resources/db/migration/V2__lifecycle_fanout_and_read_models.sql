-- The urgent-action lifecycle, resumable fan-out, delivery tracking and the read models for stats.

ALTER TABLE urgent_action
    ADD COLUMN thanks_text        text,
    ADD COLUMN approved_at        timestamptz,
    -- true when the action was triggered without a second coordinator (audience at or below the threshold)
    ADD COLUMN approval_waived    boolean     NOT NULL DEFAULT false,
    ADD COLUMN triggered_by       text,
    ADD COLUMN cancelled_by       text,
    ADD COLUMN cancelled_at       timestamptz,
    ADD COLUMN completed_at       timestamptz,
    -- fan-out progress: the last supporter id handed to Kafka; a restart resumes after it
    ADD COLUMN fanout_cursor      uuid,
    ADD COLUMN fanout_pages       integer     NOT NULL DEFAULT 0,
    ADD COLUMN fanout_handed_over bigint      NOT NULL DEFAULT 0,
    ADD COLUMN fanout_finished_at timestamptz,
    -- which instance runs the fan-out, until when (another takes over once the lease has run out)
    ADD COLUMN fanout_owner       text,
    ADD COLUMN fanout_lease_until timestamptz;

CREATE INDEX urgent_action_due ON urgent_action (scheduled_at) WHERE state = 'APPROVED' AND scheduled_at IS NOT NULL;
CREATE INDEX urgent_action_sending ON urgent_action (triggered_at) WHERE state = 'SENDING';
CREATE INDEX urgent_action_recent ON urgent_action (created_at DESC);

ALTER TABLE delivery
    -- when the provider took it (SENT, or the first later status if SENT came late): reply times start here
    ADD COLUMN sent_at        timestamptz,
    ADD COLUMN failure_reason text,
    -- true when dispatch set the status itself (CANCELLED on cancel, EXPIRED by the sweeper): a later
    -- report from the gateway about what really happened to the message replaces it
    ADD COLUMN assumed        boolean     NOT NULL DEFAULT false,
    ADD CONSTRAINT delivery_status_known CHECK (status IN ('QUEUED', 'SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED',
                                                           'SUPPRESSED', 'CANCELLED', 'EXPIRED'));
CREATE INDEX delivery_pending_by_action ON delivery (action_id) WHERE status IN ('QUEUED', 'SENT');
CREATE INDEX delivery_pending_by_age ON delivery (created_at) WHERE status IN ('QUEUED', 'SENT');

-- The fan-out walks each target list's subscribed supporters in id order (keyset pagination).
CREATE INDEX consent_view_subscribed ON consent_view (list_id, supporter_id) WHERE state = 'SUBSCRIBED';

-- Lists that exist, from the compacted ListChanged topic: an action may only target these.
CREATE TABLE known_list (
    id             uuid PRIMARY KEY,
    name           text        NOT NULL,
    double_opt_in  boolean     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Every opt-out seen (list id '*' for all lists), so "opted out since the action" survives a later re-join.
CREATE TABLE consent_opt_out (
    supporter_id  uuid        NOT NULL,
    list_id       text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    PRIMARY KEY (supporter_id, list_id, occurred_at)
);

-- A supporter's answer to an action: one per (action, supporter), the earliest wins.
CREATE TABLE response (
    action_id            uuid        NOT NULL,
    supporter_id         uuid        NOT NULL,
    kind                 text        NOT NULL,
    text                 text,
    provider_message_id  text,
    responded_at         timestamptz NOT NULL,
    PRIMARY KEY (action_id, supporter_id)
);

-- Idempotency-Key of a trigger request and the response it got, replayed for a repeated key.
CREATE TABLE idempotency_key (
    key          text PRIMARY KEY,
    operation    text        NOT NULL,
    action_id    uuid        NOT NULL,
    username     text        NOT NULL,
    status       integer     NOT NULL,
    response     jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_key_age ON idempotency_key (created_at);
