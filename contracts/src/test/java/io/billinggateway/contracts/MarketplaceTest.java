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
    void buyersMayPayInAnotherTokenAtTheGatewaysRateWithinTheirMaximum() {
        PaymentGateway gateway = suite.gateway();
        TestToken stable = TestToken.deploy(ethereum.sender(suite.admin()), ethereum.web3j(), "Stable", "STB");
        Credentials seller = ethereum.newAccount();
        // Priced in the native coin, paid in the stable token at 2000 per coin.
        Listing listing = listing(seller, PaymentGateway.NATIVE_COIN, ONE_TOKEN);
        String signature = sign(suite, seller, listing);
        Credentials buyer = ethereum.newAccount();
        BigInteger converted = ONE_TOKEN.multiply(BigInteger.valueOf(2000));
        suite.send(buyer, stable.mint(buyer.getAddress(), converted));
        suite.send(buyer, stable.erc20().approve(gateway.address(), converted));

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

    private static Listing listing(Credentials seller, String token, BigInteger price) {
        return new Listing(seller.getAddress(), token, price, Hex.bytes32(Hash.sha3(("item-" + RANDOM.nextLong()).getBytes())),
                new BigInteger(64, RANDOM), ethereum.now().plus(Duration.ofHours(1)));
    }

    private static String sign(TestingBillingSuite on, Credentials seller, Listing listing) {
        Eip712Domain domain = Eip712Domain.marketplace(on.anvil().chainId(), on.marketplace().address());
        return TypedData.sign(TypedData.hashListing(domain, listing), seller.getEcKeyPair());
    }
}
