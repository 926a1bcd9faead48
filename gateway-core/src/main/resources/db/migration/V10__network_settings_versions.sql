-- Issue 14: network settings changed at run time. billing_network_settings (V1) holds the operators' overrides of
-- run-time editable keys, one row per (network, setting); the configuration files stay the defaults. Each network's
-- overrides carry one version: a change names the version it read and fails when another change came first, and every
-- gateway process polls the versions to re-create a network's provider when its version moves.
CREATE TABLE billing_network_settings_version (
    network     VARCHAR(32)   PRIMARY KEY,
    version     BIGINT        NOT NULL,
    changed_by  VARCHAR(200)  NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per saved change: who, when, why, and the diff as JSON ({"key": {"from": ..., "to": ...}}; a secret
-- reference is written as "(secret)", a value absent from the overrides as null).
CREATE TABLE billing_network_settings_history (
    network     VARCHAR(32)   NOT NULL,
    version     BIGINT        NOT NULL,
    changed_by  VARCHAR(200)  NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    diff        VARCHAR(8000) NOT NULL,
    reason      VARCHAR(2000) NOT NULL,
    PRIMARY KEY (network, version)
);
