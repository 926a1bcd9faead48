package io.billinggateway.contracts;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class MarketplaceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestingAnvil ethereum;
    private static TestingAnvil bsc;
    private static TestingBillingSuite suite;
    private static TestingBillingSuite bscSuite;

    @BeforeAll
    static void startChains() {
        ethereum = TestingAnvil.start(1);
        bsc = TestingAnvil.start(56);
        suite = TestingBillingSuite.deploy(ethereum);
        bscSuite = TestingBillingSuite.deploy(bsc);
    }

    @AfterAll
    static void stopChains() {
        ethereum.close();
        bsc.close();
    }

    @Test
    void javaListingHashEqualsTheContracts() {
        Marketplace marketplace = suite.marketplace();
        Listing listing = listing(ethereum.newAccount(), suite.token().address(), ONE_TOKEN);
        assertThat(marketplace.domain()).isEqualTo(Eip712Domain.marketplace(1, marketplace.address()));
        assertThat(TypedData.hashListing(marketplace.domain(), listing)).isEqualTo(marketplace.hashListing(listing));
    }

    @Test
    void aSignedListingIsBoughtOnceThroughTheGateway() {
        Marketplace marketplace = suite.marketplace();
        Credentials seller = ethereum.newAccount();
        Listing listing = listing(seller, suite.token().address(), ONE_TOKEN);
        String signature = sign(suite, seller, listing);
        Credentials buyer = suite.subscriberWithTokens(ONE_TOKEN.multiply(BigInteger.TWO));

        TransactionReceipt receipt = suite.send(buyer, marketplace.buy(listing, signature, suite.token().address(), ONE_TOKEN, BigInteger.ZERO));

        String listingHash = marketplace.hashListing(listing);
        BigInteger fee = ONE_TOKEN.divide(BigInteger.valueOf(100));
        assertThat(marketplace.events(receipt)).singleElement().isEqualTo(new MarketplaceEvent.Purchased(
                marketplace.events(receipt).getFirst().location(), listingHash, Hex.address(seller.getAddress()),
                Hex.address(buyer.getAddress()), listing.itemId(), suite.token().address(), ONE_TOKEN, fee));
        assertThat(suite.erc20().balanceOf(seller.getAddress())).isEqualTo(ONE_TOKEN.subtract(fee));
        assertThat(marketplace.isConsumed(listingHash)).isTrue();

        assertReverts("ListingAlreadyConsumed",
                () -> suite.send(buyer, marketplace.buy(listing, signature, suite.token().address(), ONE_TOKEN, BigInteger.ZERO)));
        assertReverts("ListingAlreadyConsumed", () -> suite.send(seller, marketplace.revokeListing(listing)));
    }

    @Test
    void aRevokedListingCannotBeBought() {
        Marketplace marketplace = suite.marketplace();
        Credentials seller = ethereum.newAccount();
        Listing listing = listing(seller, suite.token().address(), ONE_TOKEN);
        String signature = sign(suite, seller, listing);

        assertReverts("NotSeller", () -> suite.send(ethereum.newAccount(), marketplace.revokeListing(listing)));
        TransactionReceipt revoked = suite.send(seller, marketplace.revokeListing(listing));
        String listingHash = marketplace.hashListing(listing);
        assertThat(marketplace.events(revoked)).singleElement().isEqualTo(new MarketplaceEvent.Revoked(
                marketplace.events(revoked).getFirst().location(), listingHash, Hex.address(seller.getAddress())));
        assertThat(marketplace.isRevoked(listingHash)).isTrue();

        Credentials buyer = suite.subscriberWithTokens(ONE_TOKEN);
        assertReverts("ListingIsRevoked",
                () -> suite.send(buyer, marketplace.buy(listing, signature, suite.token().address(), ONE_TOKEN, BigInteger.ZERO)));
    }

    @Test
    void rejectsExpiredForgedAndOtherChainsListings() {
        Credentials seller = ethereum.newAccount();
        Credentials buyer = suite.subscriberWithTokens(ONE_TOKEN.multiply(BigInteger.TEN));
        Listing listing = listing(seller, suite.token().address(), ONE_TOKEN);

        String forged = TypedData.sign(suite.marketplace().hashListing(listing), ethereum.newAccount().getEcKeyPair());
        assertReverts("InvalidListingSignature",
                () -> suite.send(buyer, suite.marketplace().buy(listing, forged, suite.token().address(), ONE_TOKEN, BigInteger.ZERO)));

        // Signed for chain 56's marketplace, submitted on chain 1.
        String forBsc = sign(bscSuite, seller, listing);
        assertReverts("InvalidListingSignature",
                () -> suite.send(buyer, suite.marketplace().buy(listing, forBsc, suite.token().address(), ONE_TOKEN, BigInteger.ZERO)));

        String signature = sign(suite, seller, listing);
        ethereum.increaseTime(Duration.ofHours(2));
        ethereum.mine();
        assertReverts("ListingExpired",
                () -> suite.send(buyer, suite.marketplace().buy(listing, signature, suite.token().address(), ONE_TOKEN, BigInteger.ZERO)));
    }

    @Test
    void nativeListingsArePaidWithExactlyTheAmountDue() {
        Credentials seller = ethereum.newAccount();
        Listing listing = listing(seller, PaymentGateway.NATIVE_COIN, ONE_TOKEN);
        String signature = sign(suite, seller, listing);
        Credentials buyer = ethereum.newAccount();
        Marketplace marketplace = suite.marketplace();

        assertReverts("IncorrectPayment", () -> suite.send(buyer,
                marketplace.buy(listing, signature, PaymentGateway.NATIVE_COIN, ONE_TOKEN, ONE_TOKEN.subtract(BigInteger.ONE))));
        suite.send(buyer, marketplace.buy(listing, signature, PaymentGateway.NATIVE_COIN, ONE_TOKEN, ONE_TOKEN));
        assertThat(ethereum.balance(seller.getAddress()))
                .isEqualTo(TestingAnvil.FUNDING.add(ONE_TOKEN.multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100))));
    }

    @Test
    void buyersMayPayInTheTokenTheSellerAcceptedAtTheGatewaysRateWithinTheirMaximum() {
        PaymentGateway gateway = suite.gateway();
        TestToken stable = TestToken.deploy(ethereum.sender(suite.admin()), ethereum.web3j(), "Stable", "STB");
        Credentials seller = ethereum.newAccount();
        // Priced in the native coin, paid in the stable token at 2000 per coin; the seller accepts no less than 1500.
        Listing listing = listing(seller, PaymentGateway.NATIVE_COIN, ONE_TOKEN, stable.address(), ONE_TOKEN.multiply(BigInteger.valueOf(1500)));
        String signature = sign(suite, seller, listing);
        Credentials buyer = ethereum.newAccount();
        BigInteger converted = ONE_TOKEN.multiply(BigInteger.valueOf(2000));
        suite.send(buyer, stable.mint(buyer.getAddress(), converted));
        suite.send(buyer, stable.erc20().approve(gateway.address(), converted));

        assertReverts("PaymentTokenNotAccepted", () -> suite.send(buyer,
                suite.marketplace().buy(listing, signature, suite.token().address(), converted, BigInteger.ZERO)));
        assertReverts("PaymentPairNotSupported", () -> suite.send(buyer,
                suite.marketplace().buy(listing, signature, stable.address(), converted, BigInteger.ZERO)));
        suite.send(suite.governor(), gateway.setTokenSupported(stable.address(), true));
        suite.send(suite.governor(), gateway.setConversionRate(PaymentGateway.NATIVE_COIN, stable.address(),
                BigInteger.valueOf(2000), BigInteger.ONE));

        assertReverts("PriceAboveMaximum", () -> suite.send(buyer,
                suite.marketplace().buy(listing, signature, stable.address(), converted.subtract(BigInteger.ONE), BigInteger.ZERO)));
        TransactionReceipt receipt = suite.send(buyer, suite.marketplace().buy(listing, signature, stable.address(), converted, BigInteger.ZERO));
        assertThat(suite.marketplace().events(receipt)).singleElement().isInstanceOfSatisfying(MarketplaceEvent.Purchased.class,
                purchase -> {
                    assertThat(purchase.paymentToken()).isEqualTo(stable.address());
                    assertThat(purchase.amount()).isEqualTo(converted);
                });
        assertThat(stable.erc20().balanceOf(seller.getAddress())).isEqualTo(converted.multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100)));
    }

    /**
     * Issue 13: under the 1:1 LocalPaymentGateway a listing priced 100 USDT was bought with 100 units of a token the
     * buyer minted. A listing now names the one other token its seller accepts, and the least amount of it.
     */
    @Test
    void aBuyerCannotPayInATokenTheSellerDidNotSignNorBelowTheSignedMinimum() {
        String instance = CoreSystem.instanceId("local-marketplace");
        Web3jTransactionSender admin = ethereum.sender(suite.admin());
        PaymentGateway local = PaymentGateway.deployLocal(admin, ethereum.web3j(), suite.core().address(), instance);
        Marketplace marketplace = Marketplace.deploy(admin, ethereum.web3j(), suite.core().address(), instance);
        suite.send(suite.admin(), suite.core().setService(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE, local.address()));
        suite.send(suite.admin(), suite.core().setService(instance, CoreSystem.MARKETPLACE_SERVICE, marketplace.address()));
        suite.send(suite.admin(), suite.core().grantRole(Role.PAYMENT_MODULE, marketplace.address()));

        Credentials seller = ethereum.newAccount();
        BigInteger hundred = ONE_TOKEN.multiply(BigInteger.valueOf(100));
        Listing usdtOnly = listing(seller, suite.token().address(), hundred);
        Credentials buyer = ethereum.newAccount();
        TestToken minted = TestToken.deploy(ethereum.sender(buyer), ethereum.web3j(), "Worthless", "WTH");
        suite.send(buyer, minted.mint(buyer.getAddress(), hundred.multiply(BigInteger.TEN)));
        suite.send(buyer, minted.erc20().approve(local.address(), hundred.multiply(BigInteger.TEN)));
        assertThat(local.convertAmount(suite.token().address(), minted.address(), hundred)).as("the local gateway converts 1:1").isEqualTo(hundred);

        assertReverts("PaymentTokenNotAccepted", () -> suite.send(buyer,
                marketplace.buy(usdtOnly, sign(marketplace, seller, usdtOnly), minted.address(), hundred, BigInteger.ZERO)));

        // A seller who accepts the other token at no less than 250 of it gets 250, not the 1:1 conversion.
        BigInteger minimum = ONE_TOKEN.multiply(BigInteger.valueOf(250));
        Listing accepting = listing(seller, suite.token().address(), hundred, minted.address(), minimum);
        String signature = sign(marketplace, seller, accepting);
        assertReverts("PriceAboveMaximum", () -> suite.send(buyer, marketplace.buy(accepting, signature, minted.address(), hundred, BigInteger.ZERO)));
        suite.send(buyer, marketplace.buy(accepting, signature, minted.address(), minimum, BigInteger.ZERO));
        assertThat(minted.erc20().balanceOf(seller.getAddress())).isEqualTo(minimum);
    }

    private static Listing listing(Credentials seller, String token, BigInteger price) {
        return listing(seller, token, price, Hex.ZERO_ADDRESS, BigInteger.ZERO);
    }

    private static Listing listing(Credentials seller, String token, BigInteger price, String acceptedToken, BigInteger minAcceptedAmount) {
        return new Listing(seller.getAddress(), token, price, Hex.bytes32(Hash.sha3(("item-" + RANDOM.nextLong()).getBytes())),
                new BigInteger(64, RANDOM), ethereum.now().plus(Duration.ofHours(1)), acceptedToken, minAcceptedAmount);
    }

    private static String sign(Marketplace marketplace, Credentials seller, Listing listing) {
        return TypedData.sign(TypedData.hashListing(Eip712Domain.marketplace(ethereum.chainId(), marketplace.address()), listing),
                seller.getEcKeyPair());
    }

    private static String sign(TestingBillingSuite on, Credentials seller, Listing listing) {
        Eip712Domain domain = Eip712Domain.marketplace(on.anvil().chainId(), on.marketplace().address());
        return TypedData.sign(TypedData.hashListing(domain, listing), seller.getEcKeyPair());
    }
}
