-- The billing schema. Written once for PostgreSQL (production) and H2 in PostgreSQL mode (embedded default).
-- Amounts are integer minor units of the asset: NUMERIC(78,0) holds any uint256.

CREATE TABLE billing_plans (
    id                     UUID          PRIMARY KEY,
    slug                   VARCHAR(64)   NOT NULL UNIQUE,
    name                   VARCHAR(200)  NOT NULL,
    description            VARCHAR(2000),
    billing_period_seconds BIGINT,                       -- NULL: a one-time product
    status                 VARCHAR(16)   NOT NULL,       -- ACTIVE, INACTIVE, FROZEN
    terms_version          BIGINT        NOT NULL,       -- increases whenever price or period changes
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version            BIGINT        NOT NULL
);

-- A plan registered on one network (seed B1: plan signatures): the provider's reference, EIP-712 hash and signature.
CREATE TABLE billing_plan_signatures (
    plan_id           UUID          NOT NULL REFERENCES billing_plans (id),
    network           VARCHAR(32)   NOT NULL,
    chain_id          VARCHAR(80)   NOT NULL,
    provider_id       VARCHAR(32)   NOT NULL,
    asset             VARCHAR(16)   NOT NULL,
    price             NUMERIC(78,0) NOT NULL,
    terms_version     BIGINT        NOT NULL,
    provider_plan_ref VARCHAR(200),
    plan_hash         VARCHAR(132),
    author_signature  VARCHAR(200),
    tx_ref            VARCHAR(132),
    status            VARCHAR(16)   NOT NULL,            -- PENDING (not yet registered), ACTIVE, INACTIVE, FROZEN, FAILED
    last_error        VARCHAR(2000),
    registered_at     TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plan_id, network)
);

-- The payment ledger (seed 002: payment_transactions): pending -> confirmed / failed; confirmed -> refunded.
CREATE TABLE payment_transactions (
    id                  UUID          PRIMARY KEY,        -- also the checkoutId given to the provider
    user_id             VARCHAR(200)  NOT NULL,
    network             VARCHAR(32)   NOT NULL,
    chain_id            VARCHAR(80)   NOT NULL,
    provider_id         VARCHAR(32)   NOT NULL,
    product_type        VARCHAR(32)   NOT NULL,           -- plan_purchase, plan_subscription, subscription_renewal
    product_id          VARCHAR(200)  NOT NULL,
    plan_id             UUID,
    subscription_id     UUID,
    token               VARCHAR(16)   NOT NULL,
    amount              NUMERIC(78,0) NOT NULL,
    refunded_amount     NUMERIC(78,0) NOT NULL DEFAULT 0,
    status              VARCHAR(16)   NOT NULL,           -- pending, confirmed, failed, refunded
    provider_reference  VARCHAR(200),
    tx_hash             VARCHAR(200),
    payload             VARCHAR(8000),                    -- the checkout payload (JSON) the client acts on
    failure_reason      VARCHAR(2000),
    confirmed_at        TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version         BIGINT        NOT NULL
);
CREATE INDEX payment_transactions_user ON payment_transactions (user_id, created_at);
CREATE UNIQUE INDEX payment_transactions_reference ON payment_transactions (network, provider_reference);
CREATE INDEX payment_transactions_tx ON payment_transactions (network, tx_hash);

-- Subscriptions (seed B1: billing_subscription_state).
CREATE TABLE billing_subscription_state (
    id                        UUID          PRIMARY KEY,
    user_id                   VARCHAR(200)  NOT NULL,
    plan_id                   UUID          NOT NULL REFERENCES billing_plans (id),
    terms_version             BIGINT        NOT NULL,
    network                   VARCHAR(32)   NOT NULL,
    chain_id                  VARCHAR(80)   NOT NULL,
    provider_id               VARCHAR(32)   NOT NULL,
    provider_subscription_ref VARCHAR(200),
    checkout_ledger_id        UUID          NOT NULL REFERENCES payment_transactions (id),
    token                     VARCHAR(16)   NOT NULL,
    amount                    NUMERIC(78,0) NOT NULL,
    billing_period_seconds    BIGINT        NOT NULL,
    status                    VARCHAR(16)   NOT NULL,     -- pending, active, past_due, cancelled, failed
    current_period_start      TIMESTAMP WITH TIME ZONE,
    next_charge_at            TIMESTAMP WITH TIME ZONE,
    retry_at                  TIMESTAMP WITH TIME ZONE,
    failure_count             INTEGER       NOT NULL DEFAULT 0,
    last_error                VARCHAR(2000),
    claimed_by                VARCHAR(200),
    lease_expires_at          TIMESTAMP WITH TIME ZONE,
    cancel_requested_at       TIMESTAMP WITH TIME ZONE,
    cancelled_at              TIMESTAMP WITH TIME ZONE,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version               BIGINT        NOT NULL
);
CREATE INDEX billing_subscription_state_user ON billing_subscription_state (user_id);
CREATE UNIQUE INDEX billing_subscription_state_ref ON billing_subscription_state (network, provider_subscription_ref);
CREATE INDEX billing_subscription_state_due ON billing_subscription_state (network, status, next_charge_at);

-- One row per attempt to charge a subscription period (seed B1: billing_charge_attempt).
CREATE TABLE billing_charge_attempt (
    id               UUID          PRIMARY KEY,
    subscription_id  UUID          NOT NULL REFERENCES billing_subscription_state (id),
    network          VARCHAR(32)   NOT NULL,
    chain_id         VARCHAR(80)   NOT NULL,
    period_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome          VARCHAR(16)   NOT NULL,             -- charged, skipped, failed, pending
    outcome_code     VARCHAR(40),
    tx_hash          VARCHAR(200),
    gas_used         NUMERIC(78,0),
    payment_token    VARCHAR(16)   NOT NULL,
    amount           NUMERIC(78,0) NOT NULL,
    fee              NUMERIC(78,0),
    message          VARCHAR(2000),
    worker_id        VARCHAR(200),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX billing_charge_attempt_subscription ON billing_charge_attempt (subscription_id, period_start);

-- Network settings editable at run time (seed 002: crypto_config): RPC endpoints, retries, gas cap, fees, tokens.
CREATE TABLE billing_network_settings (
    network     VARCHAR(32)   NOT NULL,
    setting     VARCHAR(64)   NOT NULL,
    setting_value VARCHAR(4000) NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (network, setting)
);

-- Inbound events (webhooks, polled logs): the idempotency inbox. applied_at is NULL while an event waits for
-- an earlier one it depends on (out-of-order delivery).
CREATE TABLE billing_webhook_events (
    network      VARCHAR(32)   NOT NULL,
    event_id     VARCHAR(200)  NOT NULL,
    event_type   VARCHAR(64)   NOT NULL,
    payload      VARCHAR(8000) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_at   TIMESTAMP WITH TIME ZONE,
    apply_error  VARCHAR(2000),
    PRIMARY KEY (network, event_id)
);
CREATE INDEX billing_webhook_events_unapplied ON billing_webhook_events (network, applied_at);

-- Idempotency-Key records of checkout and subscribe: the same key returns the same stored response.
CREATE TABLE billing_idempotency_keys (
    user_id          VARCHAR(200)  NOT NULL,
    idempotency_key  VARCHAR(255)  NOT NULL,
    operation        VARCHAR(32)   NOT NULL,
    request_hash     VARCHAR(64)   NOT NULL,
    ledger_id        UUID          NOT NULL,
    response_status  INTEGER,
    response_body    VARCHAR(8000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, idempotency_key)
);

-- Every admin change: who, what, before and after.
CREATE TABLE billing_audit_log (
    id           UUID          PRIMARY KEY,
    actor        VARCHAR(200)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    entity_type  VARCHAR(32)   NOT NULL,
    entity_id    VARCHAR(200)  NOT NULL,
    before_state VARCHAR(8000),
    after_state  VARCHAR(8000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX billing_audit_log_entity ON billing_audit_log (entity_type, entity_id, created_at);

-- Domain events written in the same transaction as the change that caused them; a relay publishes them.
CREATE TABLE billing_outbox (
    id            UUID          PRIMARY KEY,
    event_type    VARCHAR(64)   NOT NULL,
    aggregate_id  VARCHAR(200)  NOT NULL,
    payload       VARCHAR(8000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at  TIMESTAMP WITH TIME ZONE,
    attempts      INTEGER       NOT NULL DEFAULT 0
);
CREATE INDEX billing_outbox_unpublished ON billing_outbox (published_at, created_at);
