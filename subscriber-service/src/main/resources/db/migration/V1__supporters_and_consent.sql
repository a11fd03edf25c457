-- Supporters, their lists and the consent ledger. Phone numbers are E.164.

CREATE TABLE supporter (
    id          uuid PRIMARY KEY,
    phone       text        NOT NULL UNIQUE,
    first_name  text,
    language    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE supporter_list (
    id             uuid PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    double_opt_in  boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Append-only: every consent change with its evidence. Never updated, never deleted.
CREATE TABLE consent_ledger (
    id                   bigserial PRIMARY KEY,
    supporter_id         uuid        NOT NULL REFERENCES supporter (id),
    list_id              uuid        REFERENCES supporter_list (id), -- null: every list
    state                text        NOT NULL CHECK (state IN ('PENDING', 'SUBSCRIBED', 'UNSUBSCRIBED')),
    evidence             text        NOT NULL,  -- the exact inbound text, or the API call
    provider_message_id  text,
    channel              text        NOT NULL,
    occurred_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_ledger_supporter ON consent_ledger (supporter_id, occurred_at);

-- Current state, kept in step with the ledger in the same transaction.
CREATE TABLE subscription (
    supporter_id  uuid        NOT NULL REFERENCES supporter (id),
    list_id       uuid        NOT NULL REFERENCES supporter_list (id),
    state         text        NOT NULL CHECK (state IN ('PENDING', 'SUBSCRIBED', 'UNSUBSCRIBED')),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (supporter_id, list_id)
);

-- Transactional outbox: events written with the change they announce, relayed to Kafka after commit.
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
