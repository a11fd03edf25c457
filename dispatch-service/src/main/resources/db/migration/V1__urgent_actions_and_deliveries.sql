-- Urgent actions, one delivery row per recipient, and the consent view replicated from Kafka.

CREATE TABLE urgent_action (
    id              uuid PRIMARY KEY,
    title           text        NOT NULL,
    body            text        NOT NULL,
    channel         text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('DRAFT', 'APPROVED', 'SENDING', 'COMPLETED', 'CANCELLED')),
    reply_window    interval    NOT NULL DEFAULT interval '72 hours',
    scheduled_at    timestamptz,
    created_by      text        NOT NULL,
    approved_by     text,
    triggered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE urgent_action_list (
    action_id  uuid NOT NULL REFERENCES urgent_action (id),
    list_id    uuid NOT NULL,
    PRIMARY KEY (action_id, list_id)
);

-- At most one message per (action, supporter): a replayed fan-out finds its row already there.
CREATE TABLE delivery (
    action_id            uuid        NOT NULL REFERENCES urgent_action (id),
    supporter_id         uuid        NOT NULL,
    message_id           text        NOT NULL UNIQUE,
    phone                text        NOT NULL,
    status               text        NOT NULL,
    provider_message_id  text,
    error_code           text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (action_id, supporter_id)
);

-- Who may be texted, per list: built by consuming the compacted ConsentChanged topic.
CREATE TABLE consent_view (
    supporter_id  uuid        NOT NULL,
    list_id       text        NOT NULL,
    phone         text        NOT NULL,
    first_name    text,
    language      text,
    state         text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (list_id, supporter_id)
);

CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    topic         text        NOT NULL,
    event_key     text        NOT NULL,
    event_type    text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
