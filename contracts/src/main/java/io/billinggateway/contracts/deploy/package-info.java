/**
 * Deploying the billing suite to one network, idempotently: {@link io.billinggateway.contracts.deploy.DeployCommand}
 * is the command line, {@link io.billinggateway.contracts.deploy.SuiteDeployer} the logic, and the network's YAML
 * configuration file ({@code billing.networks.<network>.*}) the record of what is deployed where.
 */
package io.billinggateway.contracts.deploy;
