-- Every terms version of a plan registered on a network keeps its provider reference (issue 13). billing_plan_signatures
-- holds one row per (plan, network), the current terms; a price or period change registered new terms there and
-- overwrote the reference that existing subscribers still renew on, so freezing the plan no longer reached them.
-- Freezing, deactivating and reactivating a plan now changes every version listed here.
CREATE TABLE billing_plan_terms_registrations (
    plan_id           UUID          NOT NULL REFERENCES billing_plans (id),
    network           VARCHAR(32)   NOT NULL,
    terms_version     BIGINT        NOT NULL,
    provider_plan_ref VARCHAR(200)  NOT NULL,
    asset             VARCHAR(16)   NOT NULL,
    price             NUMERIC(78,0) NOT NULL,
    status            VARCHAR(16)   NOT NULL,            -- the version's status at the provider: ACTIVE, INACTIVE, FROZEN
    last_error        VARCHAR(2000),
    registered_at     TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plan_id, network, terms_version)
);
CREATE INDEX billing_plan_terms_registrations_ref ON billing_plan_terms_registrations (network, provider_plan_ref);

-- The current terms of every registered plan. References overwritten before this migration are not recoverable here;
-- see docs/charge-worker.md (Renewal policy) for finding their subscribers.
INSERT INTO billing_plan_terms_registrations (plan_id, network, terms_version, provider_plan_ref, asset, price, status, last_error, registered_at, updated_at)
SELECT plan_id, network, terms_version, provider_plan_ref, asset, price, status, NULL, registered_at, updated_at
FROM billing_plan_signatures
WHERE provider_plan_ref IS NOT NULL AND status IN ('ACTIVE', 'INACTIVE', 'FROZEN');
