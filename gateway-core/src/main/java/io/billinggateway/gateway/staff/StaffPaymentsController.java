package io.billinggateway.gateway.staff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.billing.HistoryEntry;
import io.billinggateway.gateway.billing.StatusHistory;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.ledger.PaymentSearch;
import io.billinggateway.gateway.network.ExplorerLinks;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Staff search over the ledger: {@code support} and {@code billing_admin} read every user's payments. Reads are not
 * audited: the audit log records changes (plans, refunds), as everywhere else in the gateway.
 */
@Controller("/v1/billing/admin/payments")
@Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
@ExecuteOn(TaskExecutors.BLOCKING)
final class StaffPaymentsController {
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> SORTS = List.of("created", "confirmed", "amount");
    private static final List<String> ORDERS = List.of("desc", "asc");
    private static final List<String> FORMATS = List.of("json", "csv");
    private static final List<String> CSV_HEADER = List.of("id", "userId", "status", "network", "chainId", "providerId", "productType", "productId",
            "planId", "subscriptionId", "token", "amount", "refundedAmount", "providerReference", "txHash", "failureReason", "confirmedAt", "createdAt");

    private final Database database;
    private final LedgerRepository ledger;
    private final StaffReads reads;
    private final StatusHistory history;
    private final ExplorerLinks explorerLinks;

    StaffPaymentsController(Database database, LedgerRepository ledger, StaffReads reads, StatusHistory history, ExplorerLinks explorerLinks) {
        this.history = requireNonNull(history, "history is null");
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.reads = requireNonNull(reads, "reads is null");
        this.explorerLinks = requireNonNull(explorerLinks, "explorerLinks is null");
    }

    /** One payment as staff see it; amounts are integer minor units of {@code token} as strings. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StaffPaymentView(UUID id, String userId, String status, String network, String chainId, String providerId, String productType,
                            String productId, UUID planId, UUID subscriptionId, String token, String amount, String refundedAmount,
                            String providerReference, String txHash, String failureReason, Instant confirmedAt, Instant createdAt) {
        static StaffPaymentView of(LedgerEntry entry) {
            return new StaffPaymentView(entry.id(), entry.userId(), entry.status().value(), entry.network(), entry.chainId(), entry.providerId(),
                    entry.productType(), entry.productId(), entry.planId(), entry.subscriptionId(), entry.token(), entry.amount().toString(),
                    entry.refundedAmount().toString(), entry.providerReference(), entry.txHash(), entry.failureReason(), entry.confirmedAt(),
                    entry.createdAt());
        }

        List<Object> cells() {
            return Arrays.asList(id, userId, status, network, chainId, providerId, productType, productId, planId, subscriptionId, token, amount,
                    refundedAmount, providerReference, txHash, failureReason, confirmedAt, createdAt);
        }
    }

    /** One page; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PaymentPage(List<StaffPaymentView> items, @Nullable String nextCursor) {
    }

    /** A refund of the payment; {@code requestedBy} is absent for a refund the provider reported by webhook. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RefundView(String refundRef, String amount, String reason, String requestedBy, Instant createdAt) {
    }

    /** What the payer paid ({@code gross}), what the network kept ({@code fee}) and what arrived ({@code net}). */
    @Serdeable
    record FeeSplit(String gross, String fee, String net) {
    }

    /**
     * One payment with what staff need to trace it.
     *
     * @param explorerUrl the transaction on the network's block explorer; absent without a tx hash or an {@code explorer-url}
     * @param providerSubscriptionRef the provider's reference of the subscription the payment belongs to
     * @param fee absent unless the network reported the fee of the charge that made this payment
 * @param history every transition of the payment, oldest first: from, to, cause, actor or provider event, reason
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PaymentDetail(StaffPaymentView payment, String explorerUrl, String providerSubscriptionRef, FeeSplit fee, List<RefundView> refunds,
                         List<HistoryEntry> history) {
    }

    /** One payment with its provider references, explorer link, fee split and refunds. */
    @Get("/{id}")
    PaymentDetail payment(@PathVariable UUID id) {
        return database.inTransaction(connection -> {
            LedgerEntry entry = ledger.find(id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no payment " + id));
            FeeSplit fee = reads.renewalFee(entry.subscriptionId(), entry.txHash())
                    .map(charged -> new FeeSplit(entry.amount().toString(), charged.toString(), entry.amount().subtract(charged).toString()))
                    .orElse(null);
            List<RefundView> refunds = reads.refunds(id).stream()
                    .map(refund -> new RefundView(refund.refundRef(), refund.amount().toString(), refund.reason(), refund.requestedBy(), refund.createdAt()))
                    .toList();
            return new PaymentDetail(StaffPaymentView.of(entry), explorerLinks.transaction(entry.network(), entry.txHash()).orElse(null),
                    reads.providerSubscriptionRef(entry.subscriptionId()).orElse(null), fee, refunds, history.of(StatusHistory.PAYMENT, id));
        });
    }

    /** Searches every user's payments: filters, sorting and cursor pages, as JSON or ({@code format=csv}) CSV. */
    @Get
    @SuppressWarnings("java:S107") // one parameter per documented query parameter
    HttpResponse<?> search(@Nullable @QueryValue String status, @Nullable @QueryValue String network, @Nullable @QueryValue String provider,
                           @Nullable @QueryValue String token, @Nullable @QueryValue String plan, @Nullable @QueryValue String user,
                           @Nullable @QueryValue String createdFrom, @Nullable @QueryValue String createdTo,
                           @Nullable @QueryValue String confirmedFrom, @Nullable @QueryValue String confirmedTo,
                           @Nullable @QueryValue String amountMin, @Nullable @QueryValue String amountMax,
                           @Nullable @QueryValue String sort, @Nullable @QueryValue String order, @Nullable @QueryValue String limit,
                           @Nullable @QueryValue String cursor, @Nullable @QueryValue String format) {
        Set<LedgerStatus> statuses = statuses(status);
        String networkName = QueryValues.text("network", network);
        String providerId = QueryValues.text("provider", provider);
        String asset = QueryValues.text("token", token);
        UUID planId = QueryValues.uuid("plan", plan);
        String userId = QueryValues.text("user", user);
        Instant createdFromTime = QueryValues.instant("createdFrom", createdFrom);
        Instant createdToTime = QueryValues.instant("createdTo", createdTo);
        Instant confirmedFromTime = QueryValues.instant("confirmedFrom", confirmedFrom);
        Instant confirmedToTime = QueryValues.instant("confirmedTo", confirmedTo);
        BigInteger minimum = QueryValues.amount("amountMin", amountMin);
        BigInteger maximum = QueryValues.amount("amountMax", amountMax);
        PaymentSearch.Sort sortBy = PaymentSearch.Sort.valueOf(QueryValues.oneOf("sort", sort, SORTS, "created").toUpperCase(Locale.ROOT));
        boolean descending = QueryValues.oneOf("order", order, ORDERS, "desc").equals("desc");
        int pageSize = QueryValues.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        boolean csv = QueryValues.oneOf("format", format, FORMATS, "json").equals("csv");

        String listing = PageCursor.fingerprint(String.join("\n", statuses.stream().map(LedgerStatus::value).sorted().toList().toString(),
                String.valueOf(networkName), String.valueOf(providerId), String.valueOf(asset), String.valueOf(planId), String.valueOf(userId),
                String.valueOf(createdFromTime), String.valueOf(createdToTime), String.valueOf(confirmedFromTime), String.valueOf(confirmedToTime),
                String.valueOf(minimum), String.valueOf(maximum), sortBy.name(), String.valueOf(descending)));
        PaymentSearch.Position after = position(PageCursor.decode(cursor, listing), sortBy);

        // one more than a page tells whether another page follows
        List<LedgerEntry> found = database.inTransaction(connection -> ledger.search(new PaymentSearch(statuses, networkName, providerId, asset, planId,
                userId, createdFromTime, createdToTime, confirmedFromTime, confirmedToTime, minimum, maximum, sortBy, descending, after, pageSize + 1)));
        List<LedgerEntry> page = found.subList(0, Math.min(pageSize, found.size()));
        String nextCursor = null;
        if (found.size() > pageSize) {
            LedgerEntry last = page.getLast();
            nextCursor = new PageCursor(listing, sortBy.valueOf(last).toString(), last.id()).encode();
        }
        List<StaffPaymentView> views = page.stream().map(StaffPaymentView::of).toList();
        if (!csv) {
            return HttpResponse.ok(new PaymentPage(views, nextCursor));
        }
        Csv text = new Csv().row(CSV_HEADER);
        views.forEach(view -> text.row(view.cells()));
        MutableHttpResponse<String> response = HttpResponse.ok(text.toString()).contentType(new MediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"payments.csv\"");
        return nextCursor == null ? response : response.header("Next-Cursor", nextCursor);
    }

    private static Set<LedgerStatus> statuses(String text) {
        Set<LedgerStatus> statuses = EnumSet.noneOf(LedgerStatus.class);
        if (text == null || text.isEmpty()) {
            return statuses;
        }
        List<String> allowed = Arrays.stream(LedgerStatus.values()).map(LedgerStatus::value).toList();
        for (String value : text.split(",", -1)) {
            statuses.add(LedgerStatus.of(QueryValues.oneOf("status", value.isEmpty() ? "," : value.strip(), allowed, null)));
        }
        return statuses;
    }

    private static PaymentSearch.Position position(PageCursor cursor, PaymentSearch.Sort sort) {
        if (cursor == null) {
            return null;
        }
        try {
            Object value = sort == PaymentSearch.Sort.AMOUNT ? new BigInteger(cursor.value()) : Instant.parse(cursor.value());
            return new PaymentSearch.Position(value, cursor.id());
        }
        catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidRequestException(List.of("cursor: is not a cursor this listing issued (pass nextCursor of the previous page unchanged)"));
        }
    }
}
