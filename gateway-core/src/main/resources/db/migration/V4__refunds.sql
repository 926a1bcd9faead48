-- Refunds, one row per provider refund: the webhook and the admin API both record a refund, and the ledger
-- moves only for the one that inserts the row.
CREATE TABLE billing_refunds (
    network       VARCHAR(32)   NOT NULL,
    refund_ref    VARCHAR(200)  NOT NULL,
    ledger_id     UUID          NOT NULL REFERENCES payment_transactions (id),
    amount        NUMERIC(78,0) NOT NULL,
    reason        VARCHAR(2000),
    requested_by  VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (network, refund_ref)
);
