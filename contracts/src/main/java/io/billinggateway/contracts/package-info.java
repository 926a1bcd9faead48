/**
 * Typed Java bindings for the on-chain billing suite, over web3j.
 *
 * <p>Each contract has a binding named after it ({@link io.billinggateway.contracts.CoreSystem},
 * {@link io.billinggateway.contracts.PaymentGateway}, {@link io.billinggateway.contracts.PlanManager},
 * {@link io.billinggateway.contracts.SubscriptionManager}, {@link io.billinggateway.contracts.Marketplace},
 * {@link io.billinggateway.contracts.TestToken}) with three kinds of methods:
 * <ul>
 *   <li>views, answered with {@code eth_call} through the binding's {@link org.web3j.protocol.Web3j};</li>
 *   <li>transaction builders returning a {@link io.billinggateway.contracts.ContractCall} (to, data, value) that
 *       any {@link io.billinggateway.contracts.TransactionSender} can send or a wallet can sign;</li>
 *   <li>decoders turning receipts and logs into typed events
 *       ({@link io.billinggateway.contracts.SubscriptionEvent}, {@link io.billinggateway.contracts.PlanEvent},
 *       {@link io.billinggateway.contracts.MarketplaceEvent}).</li>
 * </ul>
 * ABI and bytecode come from the committed compiler output ({@link io.billinggateway.contracts.ContractArtifact}),
 * and every encoded function is checked against that ABI, so a binding cannot silently drift from the source.
 * Addresses and 32-byte values are 0x-prefixed lowercase hex strings; amounts are {@link java.math.BigInteger}s
 * of the token's smallest unit; the native coin is the zero address.
 */
package io.billinggateway.contracts;
