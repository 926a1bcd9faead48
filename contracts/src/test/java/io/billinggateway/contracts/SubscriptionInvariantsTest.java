package io.billinggateway.contracts;

import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Issue 13, point 4: invariants that search. Each sequence deploys a fresh suite on one Anvil chain and drives a random
 * sequence of actions (subscribe, charge batches with repeated and unknown ids, time travel, freeze, a change of terms,
 * a registry change scheduled and executed after its delay, token hooks, cancellation, markFailedCharge, deposits, a
 * subscriber moving its tokens away), and after every step checks against its own model of the money:
 * <ul>
 *   <li>no subscription is charged twice in one period (each charge falls in its own period since subscribe);</li>
 *   <li>what a subscription was charged is at most the elapsed periods (the first included) times the agreed price,
 *       each charge at most the price;</li>
 *   <li>deposits are conserved: each native subscription's deposit is what was put in less what was charged, and the
 *       SubscriptionManager holds exactly the deposits plus the refunds owed; each ERC-20 subscriber holds what it was
 *       given less what it moved away and was charged;</li>
 *   <li>a batch never reverts because of one item, and reports exactly one outcome per id in order;</li>
 *   <li>markFailedCharge never counts a healthy subscription, nor a frozen or unknown plan, as a failure.</li>
 * </ul>
 *
 * <p>The generator is a seeded {@link RandomGenerator}; the build runs {@value #DEFAULT_SEQUENCES} sequences of
 * {@value #DEFAULT_STEPS} steps. A longer run: {@code -Dinvariants.sequences=N -Dinvariants.steps=M -Dinvariants.seed=S}.
 * A failure prints the failing sequence's seed and its steps; {@code -Dinvariants.seed=<that seed> -Dinvariants.sequences=1}
 * replays it: blocks are one second apart and time travel sets the next block's timestamp, so outcomes do not depend
 * on the wall clock. {@code -Dinvariants.verbose=true} prints each step as it runs.
 */
class SubscriptionInvariantsTest {
    private static final int DEFAULT_SEQUENCES = 5;
    private static final int DEFAULT_STEPS = 60;
    private static final BigInteger TOKEN_PRICE = ONE_TOKEN.multiply(BigInteger.TEN);
    private static final BigInteger NATIVE_PRICE = ONE_TOKEN.divide(BigInteger.valueOf(100));
    private static final BigInteger BATCH_GAS = BigInteger.valueOf(15_000_000);
    private static final List<Duration> TIME_STEPS = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(10));
    private static final Set<String> MARK_FAILED_REFUSALS =
            Set.of("ChargeNotDue", "SubscriptionChargeable", "NotAPaymentFailure", "SubscriptionNotActive");

    @Test
    void randomActionSequencesKeepTheMoneyInvariants() {
        long seed = Long.getLong("invariants.seed", System.nanoTime());
        int sequences = Integer.getInteger("invariants.sequences", DEFAULT_SEQUENCES);
        int steps = Integer.getInteger("invariants.steps", DEFAULT_STEPS);
        System.out.printf("invariants: seed %d, %d sequences of %d steps%n", seed, sequences, steps);
        long started = System.nanoTime();
        Map<String, Integer> totals = new LinkedHashMap<>();
        try (TestingAnvil anvil = TestingAnvil.start(31_337)) {
            // Each block one second after the previous one (plus any time travel), whatever the wall clock does, so
            // that a seed replays the same outcomes on a slower or faster machine.
            anvil.rpc("anvil_setBlockTimestampInterval", 1);
            for (int index = 0; index < sequences; index++) {
                Sequence sequence = new Sequence(anvil, seed + index);
                try {
                    sequence.run(steps);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(sequence.report(index, e), e);
                }
                sequence.counts.forEach((action, count) -> totals.merge(action, count, Integer::sum));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("invariants: %d sequences, %d steps in %s; %s%n", sequences, sequences * steps, elapsed, totals);
        assertThat(totals.getOrDefault("charged", 0)).as("the sequences charged renewals at all").isPositive();
    }

    private enum PlanKind {
        TOKEN,
        NATIVE,
        HOOK
    }

    /** A plan and what the model knows of it. */
    private static final class PlanModel {
        final String hash;
        final PlanKind kind;
        final String merchant;
        final BigInteger price;
        final Duration period;
        PlanStatus status = PlanStatus.ACTIVE;

        PlanModel(String hash, PlanKind kind, String merchant, BigInteger price, Duration period) {
            this.hash = hash;
            this.kind = kind;
            this.merchant = merchant;
            this.price = price;
            this.period = period;
        }
    }

    /** A subscription as the model expects it. */
    private static final class SubscriptionModel {
        final BigInteger id;
        final Credentials subscriber;
        final PlanModel plan;
        final Instant subscribedAt;
        final List<Instant> charges = new ArrayList<>();
        BigInteger charged = BigInteger.ZERO;
        /** Native: the deposit; ERC-20: the subscriber's token balance. */
        BigInteger expectedHolding;
        boolean active = true;
        TestingContracts.HookToken.Hook hook = TestingContracts.HookToken.Hook.NONE;

        SubscriptionModel(BigInteger id, Credentials subscriber, PlanModel plan, Instant subscribedAt, BigInteger expectedHolding) {
            this.id = id;
            this.subscriber = subscriber;
            this.plan = plan;
            this.subscribedAt = subscribedAt;
            this.expectedHolding = expectedHolding;
        }

        boolean healthy() {
            return hook == TestingContracts.HookToken.Hook.NONE;
        }
    }

    /** One random sequence of actions on a suite of its own, with the model it checks the chain against. */
    private static final class Sequence {
        final long seed;
        final RandomGenerator random;
        final TestingAnvil anvil;
        final TestingBillingSuite suite;
        final SubscriptionManager subscriptions;
        final TestingContracts.HookToken hookToken;
        final String realGateway;
        final String overquotingGateway;
        final String instance = CoreSystem.instanceId("default");
        final List<PlanModel> plans = new ArrayList<>();
        final Map<BigInteger, SubscriptionModel> models = new LinkedHashMap<>();
        final List<String> steps = new ArrayList<>();
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final Map<BigInteger, Instant> blockTimes = new HashMap<>();
        String currentGateway;
        /** The step being run, from 1; actions that find nothing to do log nothing. */
        int step;
        Optional<CoreSystem.ScheduledServiceChange> pendingChange = Optional.empty();

        Sequence(TestingAnvil anvil, long seed) {
            this.seed = seed;
            this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
            this.anvil = anvil;
            this.suite = TestingBillingSuite.deploy(anvil);
            this.subscriptions = suite.subscriptions();
            this.hookToken = TestingContracts.deployHookToken(anvil, suite.admin());
            this.realGateway = suite.gateway().address();
            this.currentGateway = realGateway;
            this.overquotingGateway = Hex.address(TestingContracts.deployOverquotingGateway(anvil, suite.admin(), suite.core().address(),
                    instance, 90));
            suite.send(suite.governor(), suite.gateway().setTokenSupported(hookToken.address(), true));
            publish(PlanKind.TOKEN, TOKEN_PRICE, Duration.ofDays(1));
            publish(PlanKind.TOKEN, TOKEN_PRICE, Duration.ofHours(1));
            publish(PlanKind.NATIVE, NATIVE_PRICE, Duration.ofDays(1));
            publish(PlanKind.NATIVE, NATIVE_PRICE, Duration.ofDays(30));
            publish(PlanKind.HOOK, TOKEN_PRICE, Duration.ofDays(1));
        }

        void run(int stepCount) {
            for (step = 1; step <= stepCount; step++) {
                int roll = random.nextInt(100);
                if (roll < 18 || models.isEmpty()) {
                    subscribe();
                } else if (roll < 42) {
                    chargeBatch();
                } else if (roll < 60) {
                    travel();
                } else if (roll < 64) {
                    toggleFreeze();
                } else if (roll < 67) {
                    changeTerms();
                } else if (roll < 71) {
                    changeRegistry();
                } else if (roll < 76) {
                    setHook();
                } else if (roll < 80) {
                    cancel();
                } else if (roll < 90) {
                    markFailed();
                } else if (roll < 95) {
                    deposit();
                } else {
                    moveTokensAway();
                }
                checkInvariants();
            }
        }

        // ------------------------------------------------------------------------------------------------ actions

        void subscribe() {
            PlanModel plan = plans.get(random.nextInt(plans.size()));
            Credentials subscriber = anvil.newAccount();
            // A third of the subscribers hold far more than they mean to pay (a wallet with a large balance and an
            // unlimited approval, a native deposit prepaid for a hundred periods): only the contract's bounds protect them.
            int periods = random.nextInt(3) == 0 ? 100 + random.nextInt(1_000) : 1 + random.nextInt(4);
            BigInteger funds = plan.price.multiply(BigInteger.valueOf(periods));
            log("subscribe " + describe(plan) + " with " + periods + " periods of funds");
            TransactionReceipt receipt;
            BigInteger holding;
            try {
                if (plan.kind == PlanKind.NATIVE) {
                    receipt = suite.send(subscriber, subscriptions.subscribe(plan.hash, funds));
                    holding = funds;
                } else {
                    fundTokens(plan.kind, subscriber, funds);
                    receipt = suite.send(subscriber, subscriptions.subscribe(plan.hash));
                    holding = funds;
                }
            } catch (ContractRevertException e) {
                assertThat(plan.status).as("subscribing to an active plan reverted with %s", e.errorName()).isNotEqualTo(PlanStatus.ACTIVE);
                assertThat(e.errorName()).isEqualTo("PlanNotActive");
                count("subscribe refused");
                return;
            }
            assertThat(plan.status).as("subscribed to a plan that is not active").isEqualTo(PlanStatus.ACTIVE);
            BigInteger id = subscriptions.activatedSubscriptionId(receipt);
            models.put(id, new SubscriptionModel(id, subscriber, plan, blockTime(receipt), holding));
            assertThat(subscriptions.getTerms(id)).contains(new SubscriptionTerms(plan.merchant, tokenOf(plan.kind), plan.price, plan.period));
            record(receipt);
            count("subscribe");
        }

        void chargeBatch() {
            List<BigInteger> ids = new ArrayList<>();
            List<BigInteger> known = new ArrayList<>(models.keySet());
            int size = 1 + random.nextInt(8);
            for (int i = 0; i < size; i++) {
                ids.add(random.nextInt(10) == 0
                        ? subscriptions.lastSubscriptionId().add(BigInteger.valueOf(1 + random.nextInt(100)))
                        : known.get(random.nextInt(known.size())));
            }
            log("chargeBatch " + ids);
            Web3jTransactionSender automation = anvil.sender(suite.automation());
            TransactionReceipt receipt = automation.awaitReceipt(automation.submit(subscriptions.chargeBatch(ids), BATCH_GAS));
            List<ChargeOutcome> outcomes = subscriptions.chargeOutcomes(receipt);
            assertThat(outcomes).as("one outcome per id, in order").extracting(ChargeOutcome::subscriptionId).containsExactlyElementsOf(ids);
            record(receipt);
            count("chargeBatch");
        }

        void travel() {
            Duration duration = TIME_STEPS.get(random.nextInt(TIME_STEPS.size()));
            log("travel " + duration);
            anvil.setNextBlockTimestamp(anvil.now().plus(duration));
            anvil.mine();
        }

        void toggleFreeze() {
            PlanModel plan = plans.get(random.nextInt(plans.size()));
            PlanStatus next = plan.status == PlanStatus.FROZEN ? PlanStatus.ACTIVE : PlanStatus.FROZEN;
            log("set " + describe(plan) + " " + next);
            suite.send(suite.operator(), suite.plans().setPlanStatus(plan.hash, next));
            plan.status = next;
        }

        /** New terms are a new plan: the author publishes a dearer one and retires the old. */
        void changeTerms() {
            PlanModel old = plans.get(random.nextInt(plans.size()));
            if (old.status != PlanStatus.ACTIVE) {
                return;
            }
            BigInteger price = old.price.multiply(BigInteger.valueOf(2 + random.nextInt(4)));
            log("change terms of " + describe(old) + " to a price of " + price);
            PlanModel dearer = publish(old.kind, price, old.period);
            suite.send(suite.author(), suite.plans().setPlanStatus(old.hash, PlanStatus.INACTIVE));
            old.status = PlanStatus.INACTIVE;
            count("term change");
            assertThat(dearer.status).isEqualTo(PlanStatus.ACTIVE);
        }

        /**
         * A FEATURE_OWNER repoints the gateway to one that quotes 90 times the price (or back): scheduled, refused while
         * the delay runs, executed after it. Some subscribers then approve the new gateway as a phished wallet would.
         */
        void changeRegistry() {
            CoreSystem core = suite.core();
            if (pendingChange.isEmpty()) {
                String target = currentGateway.equals(realGateway) ? overquotingGateway : realGateway;
                log("schedule PaymentGateway = " + target);
                suite.send(suite.admin(), core.scheduleServiceChange(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE, target));
                pendingChange = core.scheduledServiceChange(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE);
                assertThat(pendingChange).map(CoreSystem.ScheduledServiceChange::executableAt)
                        .contains(anvil.now().plus(CoreSystem.SERVICE_CHANGE_DELAY));
                return;
            }
            CoreSystem.ScheduledServiceChange change = pendingChange.get();
            Instant now = anvil.now();
            log("execute PaymentGateway = " + change.service() + " (executable from " + change.executableAt() + ", now " + now + ")");
            try {
                suite.send(suite.admin(), core.executeServiceChange(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE));
            } catch (ContractRevertException e) {
                assertThat(e.errorName()).isEqualTo("ServiceChangeNotReady");
                assertThat(now).as("refused although the delay had passed").isBefore(change.executableAt());
                count("registry change refused");
                return;
            }
            assertThat(now.plusSeconds(60)).as("executed before the delay had passed").isAfterOrEqualTo(change.executableAt());
            currentGateway = change.service();
            pendingChange = Optional.empty();
            for (SubscriptionModel model : models.values()) {
                if (model.plan.kind != PlanKind.NATIVE && random.nextBoolean()) {
                    suite.send(model.subscriber, approve(model.plan.kind, currentGateway, ONE_TOKEN.multiply(BigInteger.valueOf(1_000_000))));
                }
            }
            count("registry change");
        }

        void setHook() {
            List<SubscriptionModel> hooked = models.values().stream().filter(model -> model.plan.kind == PlanKind.HOOK).toList();
            if (hooked.isEmpty()) {
                return;
            }
            SubscriptionModel model = hooked.get(random.nextInt(hooked.size()));
            TestingContracts.HookToken.Hook hook = TestingContracts.HookToken.Hook.values()[random.nextInt(3)];
            log("hook of " + model.id + " = " + hook);
            suite.send(model.subscriber, hookToken.setHook(hook, 100_000));
            model.hook = hook;
        }

        void cancel() {
            Optional<SubscriptionModel> picked = pickActive();
            if (picked.isEmpty()) {
                return;
            }
            SubscriptionModel model = picked.get();
            boolean byOperator = random.nextBoolean();
            log((byOperator ? "forceCancel " : "unsubscribe ") + model.id);
            record(byOperator
                    ? suite.send(suite.operator(), subscriptions.forceCancel(model.id, "invariants"))
                    : suite.send(model.subscriber, subscriptions.unsubscribe(model.id)));
            assertThat(model.active).isFalse();
            count("cancel");
        }

        void markFailed() {
            Optional<SubscriptionModel> picked = pickActive();
            if (picked.isEmpty()) {
                return;
            }
            SubscriptionModel model = picked.get();
            ChargePreview preview = subscriptions.previewCharge(model.id);
            log("markFailedCharge " + model.id + " (preview " + preview.skipReason().map(Enum::name).orElse("chargeable")
                    + ", hook " + model.hook + ")");
            TransactionReceipt receipt;
            try {
                receipt = suite.send(suite.automation(), subscriptions.markFailedCharge(model.id));
            } catch (ContractRevertException e) {
                assertThat(e.errorName()).isIn(MARK_FAILED_REFUSALS);
                count("markFailedCharge refused");
                return;
            }
            Optional<SkipReason> reason = preview.skipReason();
            boolean paymentFailure = reason.map(skip -> skip == SkipReason.INSUFFICIENT_BALANCE || skip == SkipReason.PAYMENT_FAILED)
                    .orElse(!model.healthy());
            assertThat(paymentFailure).as("markFailedCharge counted a failure of a subscription whose preview was %s", preview).isTrue();
            record(receipt);
            count("markFailedCharge");
        }

        void deposit() {
            Optional<SubscriptionModel> picked = pickActive().filter(model -> model.plan.kind == PlanKind.NATIVE);
            if (picked.isEmpty()) {
                return;
            }
            SubscriptionModel model = picked.get();
            BigInteger amount = NATIVE_PRICE.multiply(BigInteger.valueOf(1 + random.nextInt(3)));
            log("deposit " + amount + " into " + model.id);
            suite.send(anvil.newAccount(), subscriptions.deposit(model.id, amount));
            model.expectedHolding = model.expectedHolding.add(amount);
        }

        void moveTokensAway() {
            Optional<SubscriptionModel> picked = pickActive().filter(model -> model.plan.kind != PlanKind.NATIVE);
            if (picked.isEmpty()) {
                return;
            }
            SubscriptionModel model = picked.get();
            BigInteger amount = model.expectedHolding.divide(BigInteger.TWO);
            log("subscriber of " + model.id + " moves " + amount + " away");
            Erc20Token token = Erc20Token.at(tokenOf(model.plan.kind), anvil.web3j());
            if (model.plan.kind == PlanKind.HOOK && !model.healthy()) {
                suite.send(model.subscriber, hookToken.setHook(TestingContracts.HookToken.Hook.NONE, 0));
                suite.send(model.subscriber, token.transfer(anvil.newAccount().getAddress(), amount));
                suite.send(model.subscriber, hookToken.setHook(model.hook, 100_000));
            } else {
                suite.send(model.subscriber, token.transfer(anvil.newAccount().getAddress(), amount));
            }
            model.expectedHolding = model.expectedHolding.subtract(amount);
        }

        // ------------------------------------------------------------------------------------------------ checks

        void checkInvariants() {
            Instant now = anvil.now();
            BigInteger deposits = BigInteger.ZERO;
            for (SubscriptionModel model : models.values()) {
                String what = "subscription " + model.id;
                Subscription onChain = subscriptions.getSubscription(model.id).orElseThrow();
                assertThat(onChain.status() == SubscriptionStatus.ACTIVE).as("%s active", what).isEqualTo(model.active);

                long period = model.plan.period.getSeconds();
                List<Long> windows = model.charges.stream()
                        .map(charge -> Duration.between(model.subscribedAt, charge).getSeconds() / period)
                        .toList();
                assertThat(windows).as("%s: the period of each charge since subscribe (no period charged twice)", what)
                        .doesNotHaveDuplicates();
                long elapsedPeriods = Duration.between(model.subscribedAt, now).getSeconds() / period + 1;
                assertThat(model.charged).as("%s: charged at most %d elapsed periods times the agreed price", what, elapsedPeriods)
                        .isLessThanOrEqualTo(model.plan.price.multiply(BigInteger.valueOf(elapsedPeriods)));

                if (model.plan.kind == PlanKind.NATIVE) {
                    BigInteger expected = model.active ? model.expectedHolding : BigInteger.ZERO;
                    assertThat(onChain.deposit()).as("%s: deposit put in less charges", what).isEqualTo(expected);
                    deposits = deposits.add(onChain.deposit());
                } else {
                    assertThat(Erc20Token.at(tokenOf(model.plan.kind), anvil.web3j()).balanceOf(model.subscriber.getAddress()))
                            .as("%s: tokens given, less moved away, less charged", what).isEqualTo(model.expectedHolding);
                    assertThat(onChain.deposit()).isZero();
                }
                deposits = deposits.add(subscriptions.refundOwed(model.subscriber.getAddress()));
            }
            assertThat(anvil.balance(subscriptions.address())).as("the SubscriptionManager holds the deposits and owed refunds")
                    .isEqualTo(deposits);
        }

        // ------------------------------------------------------------------------------------------------ model

        /** Applies the money-moving events of {@code receipt} to the model. */
        void record(TransactionReceipt receipt) {
            Instant at = blockTime(receipt);
            for (SubscriptionEvent event : subscriptions.events(receipt)) {
                switch (event) {
                    case SubscriptionEvent.Charged charged -> {
                        SubscriptionModel model = models.get(charged.subscriptionId());
                        assertThat(charged.amount()).as("charge of %s at most the agreed price", charged.subscriptionId())
                                .isLessThanOrEqualTo(model.plan.price);
                        model.charges.add(at);
                        model.charged = model.charged.add(charged.amount());
                        model.expectedHolding = model.expectedHolding.subtract(charged.amount());
                        count("charged");
                    }
                    case SubscriptionEvent.ChargeSkipped skipped -> count("skipped " + skipped.reason());
                    case SubscriptionEvent.Cancelled cancelled -> ended(cancelled.subscriptionId(), cancelled.refunded());
                    case SubscriptionEvent.FailedFinal failed -> ended(failed.subscriptionId(), failed.refunded());
                    default -> {}
                }
            }
        }

        void ended(BigInteger id, BigInteger refunded) {
            SubscriptionModel model = models.get(id);
            if (model.plan.kind == PlanKind.NATIVE) {
                assertThat(refunded).as("refund of %s is its whole deposit", id).isEqualTo(model.expectedHolding);
                model.expectedHolding = BigInteger.ZERO;
            }
            model.active = false;
        }

        PlanModel publish(PlanKind kind, BigInteger price, Duration period) {
            String merchant = anvil.newAccount().getAddress();
            String hash = suite.publish(suite.plan(merchant, tokenOf(kind), price, period));
            PlanModel plan = new PlanModel(hash, kind, Hex.address(merchant), price, period);
            plans.add(plan);
            return plan;
        }

        void fundTokens(PlanKind kind, Credentials subscriber, BigInteger funds) {
            suite.send(subscriber, kind == PlanKind.HOOK
                    ? hookToken.mint(subscriber.getAddress(), funds)
                    : suite.token().mint(subscriber.getAddress(), funds));
            suite.send(subscriber, approve(kind, currentGateway, funds));
        }

        ContractCall approve(PlanKind kind, String spender, BigInteger amount) {
            return kind == PlanKind.HOOK ? hookToken.approve(spender, amount) : suite.erc20().approve(spender, amount);
        }

        String tokenOf(PlanKind kind) {
            return switch (kind) {
                case TOKEN -> suite.token().address();
                case NATIVE -> PaymentGateway.NATIVE_COIN;
                case HOOK -> hookToken.address();
            };
        }

        Optional<SubscriptionModel> pickActive() {
            List<SubscriptionModel> active = models.values().stream().filter(model -> model.active).toList();
            return active.isEmpty() ? Optional.empty() : Optional.of(active.get(random.nextInt(active.size())));
        }

        Instant blockTime(TransactionReceipt receipt) {
            return blockTimes.computeIfAbsent(receipt.getBlockNumber(), number -> {
                try {
                    return Instant.ofEpochSecond(anvil.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(number), false).send()
                            .getBlock().getTimestamp().longValueExact());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        static String describe(PlanModel plan) {
            return plan.kind + " plan " + plan.hash.substring(0, 10) + " (" + plan.price + " per " + plan.period + ", " + plan.status + ")";
        }

        void log(String action) {
            String line = step + ". " + action;
            steps.add(line);
            if (Boolean.getBoolean("invariants.verbose")) {
                System.out.println("  " + line);
            }
        }

        void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        String report(int index, Throwable failure) {
            StringBuilder report = new StringBuilder("invariant broken in sequence ").append(index).append(" at step ")
                    .append(step).append(": ").append(failure.getMessage())
                    .append("\nreplay with -Dinvariants.seed=").append(seed).append(" -Dinvariants.sequences=1 -Dinvariants.steps=")
                    .append(step).append(" (-Dinvariants.verbose=true prints each step as it runs)\nsteps:");
            for (String line : steps) {
                report.append("\n  ").append(line);
            }
            System.out.println(report);
            return report.toString();
        }
    }
}
