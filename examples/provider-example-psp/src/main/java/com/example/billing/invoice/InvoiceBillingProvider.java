package com.example.billing.invoice;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.RegisterPlanRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One network of the invoice PSP. The PSP itself is simulated in memory (a sandbox that starts empty with every
 * gateway start): plans become prices, a checkout issues an invoice that the payer pays or declines on the hosted
 * page, payments can be refunded in part, and every change is reported to the gateway by a signed webhook.
 *
 * <p>Thread-safe: the gateway, the hosted page and the webhook sender call in concurrently; state changes hold the
 * provider's lock, deliveries happen outside it.
 */
final class InvoiceBillingProvider implements BillingProvider {
    private final NetworkDescription description;
    private final String currency;
    private final Duration invoiceLifetime;
    private final WebhookSigner signer;
    private final ProviderContext context;
    private final WebhookSender webhooks;
    private final HostedInvoicePage page;

    private final Map<String, Price> pricesByPlanVersion = new HashMap<>();
    private final Map<String, Price> pricesByRef = new HashMap<>();
    private final Map<String, Invoice> invoicesByCheckoutId = new HashMap<>();
    private final Map<String, Invoice> invoicesById = new HashMap<>();
    private final Map<String, Payment> payments = new HashMap<>();
    private final Map<String, Refund> refundsById = new HashMap<>();
    private long sequence;

    private static final class Price {
        final String ref;
        final PlanDefinition plan;
        PlanStatus status = PlanStatus.ACTIVE;

        Price(String ref, PlanDefinition plan) {
            this.ref = ref;
            this.plan = plan;
        }
    }

    enum InvoiceState { OPEN, PAID, DECLINED }

    private static final class Invoice {
        final String id;
        final Money amount;
        final Instant expiresAt;
        final CheckoutResult checkout;
        InvoiceState state = InvoiceState.OPEN;

        Invoice(String id, Money amount, Instant expiresAt, CheckoutResult checkout) {
            this.id = id;
            this.amount = amount;
            this.expiresAt = expiresAt;
            this.checkout = checkout;
        }
    }

    private static final class Payment {
        final Money amount;
        Money refunded;

        Payment(Money amount) {
            this.amount = amount;
            this.refunded = Money.of(0, amount.asset());
        }
    }

    private InvoiceBillingProvider(NetworkDescription description, String currency, Duration invoiceLifetime, WebhookSigner signer,
                                   ProviderContext context, WebhookSender.Transport transport, int pagePort, Optional<String> pageUrl) {
        this.description = description;
        this.currency = currency;
        this.invoiceLifetime = invoiceLifetime;
        this.signer = signer;
        this.context = context;
        this.webhooks = new WebhookSender(context.webhookUrl(), signer, context, transport);
        this.page = HostedInvoicePage.start(this, pagePort, pageUrl);
    }

    static InvoiceBillingProvider start(String network, ChainId chainId, String currency, int pagePort, Optional<String> pageUrl, Duration invoiceLifetime,
                                        WebhookSigner signer, ProviderContext context) {
        return start(network, chainId, currency, pagePort, pageUrl, invoiceLifetime, signer, context, WebhookSender.http());
    }

    /** As the factory does, with another webhook transport (tests make it fail). */
    static InvoiceBillingProvider start(String network, ChainId chainId, String currency, int pagePort, Optional<String> pageUrl, Duration invoiceLifetime,
                                        WebhookSigner signer, ProviderContext context, WebhookSender.Transport transport) {
        NetworkDescription description = new NetworkDescription(network, InvoiceBillingProviderFactory.PROVIDER_ID, chainId,
                List.of(Asset.nativeAsset(currency, 2)), Set.of(Capability.ONE_TIME_PAYMENT, Capability.REFUND, Capability.PARTIAL_REFUND, Capability.WEBHOOKS), 0, 1);
        return new InvoiceBillingProvider(description, currency, invoiceLifetime, signer, requireNonNull(context, "context is null"), transport, pagePort, pageUrl);
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    @Override
    public synchronized HealthReport health() {
        return new HealthReport(HealthReport.Status.UP, Optional.empty(), Optional.of(page.baseUrl().toString()),
                Map.of("invoices", Integer.toString(invoicesById.size()), "pending-webhooks", Integer.toString(webhooks.pending())));
    }

    @Override
    public synchronized PlanRegistration registerPlan(RegisterPlanRequest request) {
        PlanDefinition plan = request.plan();
        if (plan.recurring()) {
            throw BillingException.unsupported(description.providerId(), "registerPlan of a recurring plan", Capability.RECURRING_CHARGE);
        }
        requireCurrency(plan.price());
        Price price = pricesByPlanVersion.computeIfAbsent(plan.planId() + "@" + plan.version(), key -> {
            Price created = new Price(nextId("price"), plan);
            pricesByRef.put(created.ref, created);
            return created;
        });
        return new PlanRegistration(price.ref, price.status, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public synchronized PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        Price price = price(request.providerPlanRef());
        price.status = request.target();
        return new PlanStatusChange(price.ref, price.status, Optional.empty());
    }

    @Override
    public synchronized CheckoutResult checkout(CheckoutRequest request) {
        if (request.kind() != CheckoutKind.ONE_TIME) {
            throw BillingException.unsupported(description.providerId(), "checkout(" + request.kind() + ")", Capability.RECURRING_CHARGE);
        }
        Invoice existing = invoicesByCheckoutId.get(request.checkoutId());
        if (existing != null) {
            return existing.checkout;
        }
        requireCurrency(request.amount());
        Price price = price(request.providerPlanRef());
        if (price.status != PlanStatus.ACTIVE) {
            throw new BillingException(ErrorCode.CONFLICT, "price '" + price.ref + "' is " + price.status + " and takes no new checkouts");
        }
        String id = nextId("inv");
        Instant expiresAt = now().plus(invoiceLifetime);
        CheckoutResult result = new CheckoutResult(id, new CheckoutPayload.Redirect(page.invoiceUrl(id)), Optional.of(expiresAt));
        Invoice invoice = new Invoice(id, request.amount(), expiresAt, result);
        invoicesByCheckoutId.put(request.checkoutId(), invoice);
        invoicesById.put(id, invoice);
        return result;
    }

    @Override
    public Refund refund(RefundRequest request) {
        Refund refund;
        synchronized (this) {
            Refund earlier = refundsById.get(request.refundId());
            if (earlier != null) {
                return earlier;
            }
            Payment payment = payments.get(request.paymentRef());
            if (payment == null) {
                throw new BillingException(ErrorCode.NOT_FOUND, "no payment '" + request.paymentRef() + "' on network '" + description.network() + "'");
            }
            Money left = payment.amount.minus(payment.refunded);
            Money amount = request.amount().orElse(left);
            requireCurrency(amount);
            if (left.isZero() || amount.compareAmount(left) > 0) {
                throw new BillingException(ErrorCode.CONFLICT, "payment '" + request.paymentRef() + "' has " + left + " left to refund, not " + amount);
            }
            payment.refunded = payment.refunded.plus(amount);
            refund = new Refund(nextId("re"), request.paymentRef(), amount, Refund.Status.SUCCEEDED);
            refundsById.put(request.refundId(), refund);
        }
        send(new BillingEvent.PaymentRefunded(nextId("evt"), now(), refund.paymentRef(), refund.refundRef(), refund.amount()));
        return refund;
    }

    @Override
    public List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        signer.verify(webhook, now());
        return List.of(EventJson.decode(webhook.body()));
    }

    /** What the hosted page shows about an invoice; empty when there is no such invoice. */
    synchronized Optional<String> summary(String invoiceId) {
        Invoice invoice = invoicesById.get(invoiceId);
        if (invoice == null) {
            return Optional.empty();
        }
        return Optional.of("Invoice " + invoice.id + ": " + invoice.amount.toDecimal(2).toPlainString() + " " + currency + ", " + state(invoice));
    }

    /** The payer pays the invoice on the hosted page. */
    PageAnswer pay(String invoiceId) {
        BillingEvent event;
        synchronized (this) {
            Invoice invoice = invoicesById.get(invoiceId);
            PageAnswer refusal = refusal(invoice);
            if (refusal != null) {
                return refusal;
            }
            invoice.state = InvoiceState.PAID;
            String paymentRef = nextId("pay");
            payments.put(paymentRef, new Payment(invoice.amount));
            event = new BillingEvent.PaymentConfirmed(nextId("evt"), now(), invoice.id, paymentRef, invoice.amount);
        }
        send(event);
        return PageAnswer.DONE;
    }

    /** The payer declines the invoice on the hosted page. */
    PageAnswer decline(String invoiceId) {
        BillingEvent event;
        synchronized (this) {
            Invoice invoice = invoicesById.get(invoiceId);
            PageAnswer refusal = refusal(invoice);
            if (refusal != null) {
                return refusal;
            }
            invoice.state = InvoiceState.DECLINED;
            event = new BillingEvent.PaymentFailed(nextId("evt"), now(), invoice.id, ErrorCode.PAYMENT_DECLINED, "the payer declined the invoice");
        }
        send(event);
        return PageAnswer.DONE;
    }

    /** How the hosted page answers a payer's action. */
    enum PageAnswer { DONE, NOT_FOUND, ALREADY_SETTLED, EXPIRED }

    private PageAnswer refusal(Invoice invoice) {
        if (invoice == null) {
            return PageAnswer.NOT_FOUND;
        }
        if (invoice.state != InvoiceState.OPEN) {
            return PageAnswer.ALREADY_SETTLED;
        }
        return now().isAfter(invoice.expiresAt) ? PageAnswer.EXPIRED : null;
    }

    private String state(Invoice invoice) {
        if (invoice.state == InvoiceState.OPEN && now().isAfter(invoice.expiresAt)) {
            return "expired";
        }
        return invoice.state.name().toLowerCase(Locale.ROOT);
    }

    private void send(BillingEvent event) {
        webhooks.deliver("msg_" + event.eventId(), EventJson.encode(event));
    }

    private Price price(String ref) {
        Price price = pricesByRef.get(ref);
        if (price == null) {
            throw new BillingException(ErrorCode.NOT_FOUND, "no price '" + ref + "' on network '" + description.network() + "'");
        }
        return price;
    }

    private void requireCurrency(Money amount) {
        if (!amount.asset().equals(currency)) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "network '" + description.network() + "' invoices in " + currency + ", not " + amount.asset());
        }
    }

    private synchronized String nextId(String kind) {
        return kind + "_" + ++sequence;
    }

    private Instant now() {
        return context.clock().instant();
    }

    URI pageUrl() {
        return page.baseUrl();
    }

    @Override
    public void close() {
        page.close();
        webhooks.close();
    }
}
