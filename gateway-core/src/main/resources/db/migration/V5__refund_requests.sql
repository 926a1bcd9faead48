-- Admin refund requests, one per (payment, Idempotency-Key), written and committed before the provider is asked to
-- refund. status: requested (the provider may have been asked; outcome not recorded), succeeded, pending (the
-- provider's webhook settles it), failed (the provider refused; nothing moved) or unknown (the provider failed or
-- the gateway could not record its answer). requested and unknown are completed by the next request with the same
-- key: the provider's refund id is derived from (payment, key), so asking again never refunds twice.
CREATE TABLE billing_refund_requests (
    ledger_id         UUID          NOT NULL REFERENCES payment_transactions (id),
    idempotency_key   VARCHAR(255)  NOT NULL,
    request_hash      VARCHAR(64)   NOT NULL,
    refund_id         VARCHAR(64)   NOT NULL,
    requested_amount  NUMERIC(78,0),
    reason            VARCHAR(2000) NOT NULL,
    actor             VARCHAR(200)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    refund_ref        VARCHAR(200),
    refunded_amount   NUMERIC(78,0),
    error             VARCHAR(2000),
    response_status   INTEGER,
    response_body     VARCHAR(8000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (ledger_id, idempotency_key)
);
CREATE INDEX billing_refund_requests_status ON billing_refund_requests (status, updated_at);

-- Why a started checkout has no response yet: the provider failed, or it answered and recording the answer failed.
ALTER TABLE billing_idempotency_keys ADD COLUMN last_error VARCHAR(2000);
