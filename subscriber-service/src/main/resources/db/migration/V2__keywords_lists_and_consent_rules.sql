-- Keywords are data; lists carry their own joining keyword; the ledger refuses to be rewritten.

-- A list's campaign keyword (normalised: upper case, no accents, no punctuation). Texting it joins the list.
ALTER TABLE supporter_list ADD COLUMN keyword text UNIQUE;

-- Set when a supporter leaves every list (STOP, or the provider reports an opt-out), cleared when they
-- join again. The Redis suppression set mirrors it.
ALTER TABLE supporter ADD COLUMN opted_out_at timestamptz;

-- What the supporter did: OPT_IN, OPT_OUT, CONFIRM (YES to a double opt-in), PROVIDER_OPT_OUT.
ALTER TABLE consent_ledger ADD COLUMN cause text;

-- A redelivered inbound message can never record the same list twice (null list = every list).
CREATE UNIQUE INDEX consent_ledger_once_per_message ON consent_ledger (provider_message_id, list_id)
    NULLS NOT DISTINCT WHERE provider_message_id IS NOT NULL;

-- Append-only is enforced, not just promised: evidence of consent must never be rewritten.
CREATE FUNCTION consent_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent_ledger is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER consent_ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON consent_ledger
    FOR EACH ROW EXECUTE FUNCTION consent_ledger_refuse_change();
CREATE TRIGGER consent_ledger_no_truncate BEFORE TRUNCATE ON consent_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION consent_ledger_refuse_change();

-- Inbound messages (and provider opt-outs) already handled: a Kafka redelivery is recognised and skipped.
CREATE TABLE processed_message (
    message_id    text PRIMARY KEY,         -- provider message id, or a provider opt-out's own id
    outcome       text,
    processed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE keyword (
    word        text PRIMARY KEY,           -- normalised: upper case, no accents, no surrounding punctuation
    language    text,                       -- ISO 639-1; null for words shared by several languages (STOP, INFO, NO)
    action      text        NOT NULL CHECK (action IN ('OPT_OUT', 'OPT_IN', 'HELP', 'CONFIRM', 'DECLINE')),
    list_id     uuid        REFERENCES supporter_list (id),  -- opt-in: the list it joins; opt-out: null = every list
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (action <> 'OPT_IN' OR list_id IS NOT NULL),
    CHECK (action IN ('OPT_IN', 'OPT_OUT') OR list_id IS NULL)
);

-- The list everyone joins with JOIN, so that the network works out of the box.
INSERT INTO supporter_list (id, name, double_opt_in, keyword)
VALUES ('00000000-0000-4000-8000-000000000001', 'Urgent actions', false, 'JOIN');

INSERT INTO keyword (word, language, action, list_id) VALUES
    -- opt-out: every list
    ('STOP', NULL, 'OPT_OUT', NULL),
    ('STOPALL', 'en', 'OPT_OUT', NULL),
    ('UNSUBSCRIBE', 'en', 'OPT_OUT', NULL),
    ('CANCEL', 'en', 'OPT_OUT', NULL),
    ('END', 'en', 'OPT_OUT', NULL),
    ('QUIT', 'en', 'OPT_OUT', NULL),
    ('REVOKE', 'en', 'OPT_OUT', NULL),
    ('OPTOUT', 'en', 'OPT_OUT', NULL),
    ('СТОП', 'ru', 'OPT_OUT', NULL),
    ('ОТПИСАТЬСЯ', 'ru', 'OPT_OUT', NULL),
    ('ОТПИСКА', 'ru', 'OPT_OUT', NULL),
    ('ALTO', 'es', 'OPT_OUT', NULL),
    ('BAJA', 'es', 'OPT_OUT', NULL),
    ('PARAR', 'es', 'OPT_OUT', NULL),
    ('CANCELAR', 'es', 'OPT_OUT', NULL),
    ('ARRET', 'fr', 'OPT_OUT', NULL),
    ('DESABONNER', 'fr', 'OPT_OUT', NULL),
    ('DESINSCRIRE', 'fr', 'OPT_OUT', NULL),
    ('ANNULER', 'fr', 'OPT_OUT', NULL),
    -- opt-in: the default list
    ('JOIN', 'en', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('START', 'en', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('UNSTOP', 'en', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('СТАРТ', 'ru', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('ПОДПИСАТЬСЯ', 'ru', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('ВСТУПИТЬ', 'ru', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('UNIRSE', 'es', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('ALTA', 'es', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('SUSCRIBIR', 'es', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('REJOINDRE', 'fr', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('INSCRIRE', 'fr', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    ('ABONNER', 'fr', 'OPT_IN', '00000000-0000-4000-8000-000000000001'),
    -- help
    ('HELP', 'en', 'HELP', NULL),
    ('INFO', NULL, 'HELP', NULL),
    ('ПОМОЩЬ', 'ru', 'HELP', NULL),
    ('СПРАВКА', 'ru', 'HELP', NULL),
    ('AYUDA', 'es', 'HELP', NULL),
    ('AIDE', 'fr', 'HELP', NULL),
    -- yes: confirms a double opt-in, or answers an urgent action
    ('YES', 'en', 'CONFIRM', NULL),
    ('ДА', 'ru', 'CONFIRM', NULL),
    ('SI', 'es', 'CONFIRM', NULL),
    ('OUI', 'fr', 'CONFIRM', NULL),
    -- no: answers an urgent action
    ('NO', NULL, 'DECLINE', NULL),
    ('НЕТ', 'ru', 'DECLINE', NULL),
    ('NON', 'fr', 'DECLINE', NULL);
