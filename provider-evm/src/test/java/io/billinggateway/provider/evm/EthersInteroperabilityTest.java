package io.billinggateway.provider.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.billinggateway.contracts.Eip712Domain;
import io.billinggateway.contracts.Listing;
import io.billinggateway.contracts.Plan;
import io.billinggateway.contracts.TypedData;
import io.billinggateway.provider.evm.state.ProviderState;
import io.billinggateway.provider.evm.state.StoredCheckout;
import io.billinggateway.provider.evm.state.StoredListing;
import io.billinggateway.provider.evm.state.StoredPlan;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider checked by an independent implementation (DESIGN §7): ethers.js recovers the author from the
 * EIP-712 plan and listing signatures and computes the same digests, and sends a subscription checkout payload
 * exactly as a browser wallet would; the provider then reports the subscription active.
 */
class EthersInteroperabilityTest {
    private static final long PRICE = 12_345;

    private static TestingEvmChain chain;
    private static EthersWallet ethers;

    @BeforeAll
    static void start() {
        ethers = EthersWallet.install();
        chain = TestingEvmChain.start(137);
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void ethersRecoversTheAuthorFromThePlanSignature() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String planId = "plan-" + UUID.randomUUID();
            PlanRegistration registration = provider.provider().registerPlan(new RegisterPlanRequest(
                    new PlanDefinition(planId, "Pro", Money.of(PRICE, "ETH"), Optional.of(Duration.ofDays(30)), 1)));
            StoredPlan signed = ProviderState.open(provider.dataDirectory()).plan(planId, 1).orElseThrow();
            Plan plan = new Plan(signed.author(), signed.merchant(), signed.token(), signed.price(), Duration.ofSeconds(signed.periodSeconds()),
                    signed.salt(), Instant.ofEpochSecond(signed.expiry()), signed.uri());

            JsonNode checked = ethers.verifyTypedData(TypedData.planJson(Eip712Domain.planManager(chain.chainId(), chain.suite().plans().address()), plan),
                    registration.authorSignature().orElseThrow());

            assertThat(checked.get("signer").asText()).isEqualTo(chain.suite().author().getAddress().toLowerCase());
            assertThat(checked.get("digest").asText()).as("ethers' EIP-712 digest is the plan hash").isEqualTo(registration.planHash().orElseThrow());
        }
    }

    @Test
    void ethersRecoversTheSellerFromAOneTimeListing() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            PlanRegistration item = provider.provider().registerPlan(new RegisterPlanRequest(
                    new PlanDefinition("report-" + UUID.randomUUID(), "Report", Money.of(PRICE, "ETH"), Optional.empty(), 1)));
            String checkoutId = "checkout-" + UUID.randomUUID();
            CheckoutResult checkout = provider.provider().checkout(new CheckoutRequest(checkoutId, CheckoutKind.ONE_TIME, "customer-1",
                    item.providerPlanRef(), Money.of(PRICE, "ETH"), Optional.of(chain.newPayer().getAddress()), Optional.empty(), Map.of()));
            StoredListing signed = ProviderState.open(provider.dataDirectory()).checkout(checkoutId).map(StoredCheckout::listing).orElseThrow();
            Listing listing = new Listing(signed.seller(), signed.token(), signed.price(), signed.itemId(), signed.salt(), Instant.ofEpochSecond(signed.expiry()));

            JsonNode checked = ethers.verifyTypedData(TypedData.listingJson(Eip712Domain.marketplace(chain.chainId(), chain.suite().marketplace().address()), listing),
                    signed.signature());

            assertThat(checked.get("signer").asText()).isEqualTo(chain.suite().author().getAddress().toLowerCase());
            assertThat(checked.get("digest").asText()).as("the listing hash is the checkout's reference").isEqualTo(checkout.providerReference());
        }
    }

    @Test
    void checkoutPayloadSentByAnEthersWalletActivatesTheSubscription() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            Credentials payer = chain.newPayer();
            CheckoutResult checkout = provider.checkout(plan, PRICE, payer);

            JsonNode sent = ethers.send(chain.anvil().rpcUrl(), TestingEvmChain.privateKey(payer), (CheckoutPayload.WalletTransaction) checkout.payload());
            assertThat(sent.get("status").asInt()).isEqualTo(1);
            assertThat(sent.get("from").asText()).isEqualTo(payer.getAddress().toLowerCase());
            chain.confirm();

            BillingEvent.SubscriptionActivated activated = provider.awaitEvent(BillingEvent.SubscriptionActivated.class,
                    event -> event.providerReference().equals(checkout.providerReference()));
            assertThat(activated.eventId()).startsWith(sent.get("hash").asText() + ":");
            assertThat(provider.awaitEvent(BillingEvent.PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference())).amount())
                    .isEqualTo(Money.of(PRICE, "ETH"));
        }
    }
}
