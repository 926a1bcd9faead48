package com.example.billing.starter;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.RegisterPlanRequest;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One network of the provider. The gateway calls it from many threads at once; this one holds its lock for its
 * own small state and leaves the rest to the PSP client.
 *
 * <p>Contracts the conformance kit checks (see the kit's README): repeated ids never move money twice, an
 * undeclared capability fails with {@link BillingException#unsupported}, every failure is a
 * {@link BillingException} whose message never contains a secret, and {@link #describe()} answers from memory.
 */
final class StarterBillingProvider implements BillingProvider {
    private static final String CURSOR_PREFIX = "position:";

    private final NetworkDescription description;
    private final ProviderContext context;
    private final StarterPspClient client;
    private final String currency;
    private final Map<String, Plan> plansByVersion = new HashMap<>();
    private final Map<String, Plan> plansByRef = new HashMap<>();

    private static final class Plan {
        final String ref;
        final PlanDefinition definition;
        PlanStatus status = PlanStatus.ACTIVE;

        Plan(String ref, PlanDefinition definition) {
            this.ref = ref;
            this.definition = definition;
        }
    }

    StarterBillingProvider(NetworkConfig config, ProviderContext context, StarterPspClient client, String currency) {
        this.context = requireNonNull(context, "context is null");
        this.client = requireNonNull(client, "client is null");
        this.currency = requireNonNull(currency, "currency is null");
        // TODO(2): the capabilities this network offers (a subset of the factory's) and its assets.
        this.description = new NetworkDescription(config.network(), StarterBillingProviderFactory.PROVIDER_ID, config.chainId(),
                List.of(Asset.nativeAsset(currency, 2)), Set.of(Capability.ONE_TIME_PAYMENT, Capability.EVENT_POLLING), 0, 1);
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    // TODO(6): probe the PSP (a cheap authenticated GET) within a second or two; report DOWN, never throw.
    @Override
    public HealthReport health() {
        return HealthReport.up(Map.of("events", Integer.toString(client.eventCount())));
    }

    // TODO(5): create the plan at the PSP if it keeps prices or products; the registration must be idempotent per plan id and version.
    @Override
    public synchronized PlanRegistration registerPlan(RegisterPlanRequest request) {
        PlanDefinition plan = request.plan();
        if (plan.recurring()) {
            throw BillingException.unsupported(description.providerId(), "registerPlan of a recurring plan", Capability.RECURRING_CHARGE);
        }
        requireCurrency(plan.price());
        Plan registered = plansByVersion.computeIfAbsent(plan.planId() + "@" + plan.version(), key -> {
            Plan created = new Plan("plan_" + (plansByRef.size() + 1), plan);
            plansByRef.put(created.ref, created);
            return created;
        });
        return new PlanRegistration(registered.ref, registered.status, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public synchronized PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        Plan plan = plan(request.providerPlanRef());
        plan.status = request.target();
        return new PlanStatusChange(plan.ref, plan.status, Optional.empty());
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        if (request.kind() != CheckoutKind.ONE_TIME) {
            throw BillingException.unsupported(description.providerId(), "checkout(" + request.kind() + ")", Capability.RECURRING_CHARGE);
        }
        requireCurrency(request.amount());
        Plan plan;
        synchronized (this) {
            plan = plan(request.providerPlanRef());
            if (plan.status != PlanStatus.ACTIVE) {
                throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.ref + "' is " + plan.status + " and takes no new checkouts");
            }
        }
        // The checkoutId is the PSP's idempotency key: a repeated checkout returns the same session.
        StarterPspClient.PaymentSession session = client.createSession(request.checkoutId(), request.amount().minorUnits().longValueExact(), currency,
                plan.definition.name());
        return new CheckoutResult(session.id(), new CheckoutPayload.Redirect(URI.create(session.payUrl())), Optional.empty());
    }

    // TODO(7): or declare WEBHOOKS and implement parseWebhook, verifying the PSP's signature and timestamp.
    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        int from = request.cursor().map(StarterBillingProvider::position).orElse(0);
        int count = client.eventCount();
        if (from > count) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "cursor '" + request.cursor().orElseThrow() + "' is beyond the last event");
        }
        List<BillingEvent> events = new ArrayList<>();
        List<StarterPspClient.PspEvent> page = client.events(from, request.maxEvents());
        for (StarterPspClient.PspEvent event : page) {
            events.add(normalise(event));
        }
        int next = from + page.size();
        return new EventPage(events, CURSOR_PREFIX + next, next >= client.eventCount());
    }

    /** The in-memory sandbox, for the conformance test's payer; empty when the network talks to a real PSP. */
    Optional<SandboxPspClient> sandbox() {
        return client instanceof SandboxPspClient sandbox ? Optional.of(sandbox) : Optional.empty();
    }

    private BillingEvent normalise(StarterPspClient.PspEvent event) {
        return switch (event.type()) {
            case "payment.succeeded" -> new BillingEvent.PaymentConfirmed(event.id(), event.occurredAt(), event.sessionId(), event.paymentId(),
                    new Money(BigInteger.valueOf(event.amountMinor()), event.currency()));
            case "payment.declined" -> new BillingEvent.PaymentFailed(event.id(), event.occurredAt(), event.sessionId(), ErrorCode.PAYMENT_DECLINED,
                    "the payer declined");
            default -> throw new BillingException(ErrorCode.INTERNAL, "the PSP reported an unknown event type '" + event.type() + "'");
        };
    }

    private static int position(String cursor) {
        if (cursor.startsWith(CURSOR_PREFIX)) {
            try {
                int position = Integer.parseInt(cursor.substring(CURSOR_PREFIX.length()));
                if (position >= 0) {
                    return position;
                }
            }
            catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BillingException(ErrorCode.INVALID_REQUEST, "cursor '" + cursor + "' is not a cursor this provider returned");
    }

    private Plan plan(String ref) {
        Plan plan = plansByRef.get(ref);
        if (plan == null) {
            throw new BillingException(ErrorCode.NOT_FOUND, "no plan '" + ref + "' on network '" + description.network() + "'");
        }
        return plan;
    }

    private void requireCurrency(Money amount) {
        if (!amount.asset().equals(currency)) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "network '" + description.network() + "' takes " + currency + ", not " + amount.asset());
        }
    }

    // TODO(8): release HTTP clients and threads here.
    @Override
    public void close() {
    }
}
