-- Several prices of one plan on one network, one per asset (issue 18: BNB and a token on bsc). A plan's registration
-- on a network was keyed by (plan, network); it is now keyed by (plan, network, asset), here and for every terms
-- version. The tables are rebuilt rather than altered because the old primary keys have no portable name (H2 names
-- them itself); every existing row is kept as it is.

CREATE TABLE billing_plan_signatures_v12 (
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
    PRIMARY KEY (plan_id, network, asset)
);
INSERT INTO billing_plan_signatures_v12 (plan_id, network, chain_id, provider_id, asset, price, terms_version, provider_plan_ref, plan_hash,
       author_signature, tx_ref, status, last_error, registered_at, updated_at)
SELECT plan_id, network, chain_id, provider_id, asset, price, terms_version, provider_plan_ref, plan_hash,
       author_signature, tx_ref, status, last_error, registered_at, updated_at
FROM billing_plan_signatures;
DROP TABLE billing_plan_signatures;
ALTER TABLE billing_plan_signatures_v12 RENAME TO billing_plan_signatures;

CREATE TABLE billing_plan_terms_registrations_v12 (
    plan_id           UUID          NOT NULL REFERENCES billing_plans (id),
    network           VARCHAR(32)   NOT NULL,
    asset             VARCHAR(16)   NOT NULL,
    terms_version     BIGINT        NOT NULL,
    provider_plan_ref VARCHAR(200)  NOT NULL,
    price             NUMERIC(78,0) NOT NULL,
    status            VARCHAR(16)   NOT NULL,            -- the version's status at the provider: ACTIVE, INACTIVE, FROZEN
    last_error        VARCHAR(2000),
    registered_at     TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plan_id, network, asset, terms_version)
);
INSERT INTO billing_plan_terms_registrations_v12 (plan_id, network, asset, terms_version, provider_plan_ref, price, status, last_error,
       registered_at, updated_at)
SELECT plan_id, network, asset, terms_version, provider_plan_ref, price, status, last_error, registered_at, updated_at
FROM billing_plan_terms_registrations;
DROP TABLE billing_plan_terms_registrations;
ALTER TABLE billing_plan_terms_registrations_v12 RENAME TO billing_plan_terms_registrations;
CREATE INDEX billing_plan_terms_registrations_ref ON billing_plan_terms_registrations (network, provider_plan_ref);
