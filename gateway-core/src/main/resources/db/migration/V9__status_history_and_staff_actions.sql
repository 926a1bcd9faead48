-- Issue 14: one row per transition of a payment or a subscription, written by the billing domain in the same transaction
-- as the change and its outbox event. entity_version is the entity's row_version after the change, so the history of one
-- entity reads in order even when two transitions share a timestamp. from_status is NULL for the row's creation.
-- cause says who moved it: provider_event (event_id set), charge, checkout, refund, subscriber or staff (actor set).
CREATE TABLE billing_status_history (
    id              UUID          PRIMARY KEY,
    entity_kind     VARCHAR(16)   NOT NULL,           -- payment, subscription
    entity_id       UUID          NOT NULL,
    entity_version  BIGINT        NOT NULL,
    from_status     VARCHAR(16),
    to_status       VARCHAR(16)   NOT NULL,
    cause           VARCHAR(32)   NOT NULL,
    actor           VARCHAR(200),
    event_id        VARCHAR(200),
    reason          VARCHAR(2000),
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX billing_status_history_entity ON billing_status_history (entity_kind, entity_id, entity_version);

-- Staff actions (cancel, retry, correct) by Idempotency-Key: one row per (actor, key) with the request's fingerprint and,
-- once done, the response that a repeated request replays.
CREATE TABLE billing_staff_actions (
    actor            VARCHAR(200)  NOT NULL,
    idempotency_key  VARCHAR(255)  NOT NULL,
    action           VARCHAR(32)   NOT NULL,
    entity_id        UUID          NOT NULL,
    request_hash     VARCHAR(64)   NOT NULL,
    response_status  INTEGER,
    response_body    VARCHAR(8000),
    last_error       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (actor, idempotency_key)
);

-- A staff cancellation "at period end": from cancel_at on, the charge lanes claim no renewal and end the subscription
-- (asking the provider's operator cancel first). NULL when none is scheduled.
ALTER TABLE billing_subscription_state ADD COLUMN cancel_at TIMESTAMP WITH TIME ZONE;
