-- API users that ADMINs manage; replicated to every service through the compacted ApiUserChanged topic.
CREATE TABLE api_user (
    name           text PRIMARY KEY,
    password_hash  text        NOT NULL,
    roles          text[]      NOT NULL,
    enabled        boolean     NOT NULL DEFAULT true,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
