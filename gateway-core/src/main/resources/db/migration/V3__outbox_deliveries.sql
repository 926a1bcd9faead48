-- Delivery state of each outbox event to each configured endpoint (at least once, with backoff).
CREATE TABLE billing_outbox_deliveries (
    event_id         UUID          NOT NULL REFERENCES billing_outbox (id),
    endpoint         VARCHAR(64)   NOT NULL,
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(2000),
    PRIMARY KEY (event_id, endpoint)
);

-- When the relay tries an event again (the earliest retry among its undelivered endpoints).
ALTER TABLE billing_outbox ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
