CREATE TABLE supporter (
    id         BIGSERIAL PRIMARY KEY,
    phone      TEXT        NOT NULL UNIQUE,
    joined_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
