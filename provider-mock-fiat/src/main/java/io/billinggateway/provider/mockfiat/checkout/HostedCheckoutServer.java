package io.billinggateway.provider.mockfiat.checkout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.billinggateway.provider.mockfiat.card.PresentedCard;
import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.provider.mockfiat.ledger.CheckoutSession;
import io.billinggateway.provider.mockfiat.ledger.SessionOutcome;
import io.billinggateway.provider.mockfiat.processor.Balance;
import io.billinggateway.provider.mockfiat.processor.PaymentProcessor;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The PSP's own web server: the hosted checkout page payers are redirected to, and the same endpoints as a
 * machine "test API" (send {@code Accept: application/json}).
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /checkout/{session}}</td><td>the page: amount, plan, card field, Pay and Decline (410 when expired)</td></tr>
 *   <tr><td>{@code POST /checkout/{session}/pay}</td><td>form field {@code card=<number>} or {@code token=<tok_...>}; none pays with 4242424242424242</td></tr>
 *   <tr><td>{@code POST /checkout/{session}/decline}</td><td>the payer refuses</td></tr>
 *   <tr><td>{@code GET /v1/balance}</td><td>the account's totals (JSON)</td></tr>
 *   <tr><td>{@code GET /healthz}</td><td>{@code ok}</td></tr>
 * </table>
 *
 * <p>Pay and decline answer with the session's outcome: 200 paid, 402 failed, 410 expired, 404 unknown session,
 * 402 with status {@code open} for a declined card the payer may replace (the page offers to try again),
 * 400 unreadable card input. Answers are idempotent: a session that is no longer open answers with its final outcome.
 */
public final class HostedCheckoutServer implements AutoCloseable {
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int LARGEST_BODY_BYTES = 64 * 1024;
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PaymentProcessor processor;
    private final CheckoutPages pages;
    private final System.Logger logger;

    private HostedCheckoutServer(HttpServer server, ExecutorService executor, PaymentProcessor processor, CheckoutPages pages, System.Logger logger) {
        this.server = server;
        this.executor = executor;
        this.processor = processor;
        this.pages = pages;
        this.logger = logger;
    }

    /**
     * Binds and starts serving.
     *
     * @param decimals the currency's decimals, for showing amounts
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static HostedCheckoutServer start(InetSocketAddress address, PaymentProcessor processor, int decimals, System.Logger logger) throws IOException {
        requireNonNull(address, "address is null");
        requireNonNull(processor, "processor is null");
        requireNonNull(logger, "logger is null");
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HostedCheckoutServer hosted = new HostedCheckoutServer(server, executor, processor, new CheckoutPages(decimals), logger);
        server.createContext("/", hosted::handle);
        server.setExecutor(executor);
        server.start();
        return hosted;
    }

    /** The address actually bound (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        }
        catch (BillingException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                respondQuietly(exchange, 404, e.getMessage());
            }
            else {
                fail(exchange, e);
            }
        }
        catch (RuntimeException | IOException e) {
            fail(exchange, e);
        }
        finally {
            exchange.close();
        }
    }

    private void fail(HttpExchange exchange, Exception e) {
        logger.log(Level.WARNING, "hosted checkout request " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " failed", e);
        respondQuietly(exchange, 500, "the mock PSP failed to handle the request: " + e.getMessage());
    }

    private void respondQuietly(HttpExchange exchange, int status, String message) {
        try {
            respondError(exchange, status, message);
        }
        catch (IOException | RuntimeException ignored) {
            // the response was already started or the client went away
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (path.equals("/healthz")) {
            if (requireMethod(exchange, method, "GET")) {
                respond(exchange, 200, "text/plain; charset=utf-8", "ok");
            }
            return;
        }
        if (path.equals("/v1/balance")) {
            if (requireMethod(exchange, method, "GET")) {
                respond(exchange, 200, JSON, Json.write(balanceJson(processor.balance())));
            }
            return;
        }
        String[] segments = path.split("/");
        if (segments.length < 3 || segments.length > 4 || !segments[0].isEmpty() || !segments[1].equals("checkout") || !SESSION_ID.matcher(segments[2]).matches()) {
            respondError(exchange, 404, "no such page: " + path);
            return;
        }
        String sessionId = segments[2];
        String action = segments.length == 4 ? segments[3] : "";
        switch (action) {
            case "" -> {
                if (requireMethod(exchange, method, "GET")) {
                    showPage(exchange, sessionId);
                }
            }
            case "pay" -> {
                if (requireMethod(exchange, method, "POST")) {
                    pay(exchange, sessionId);
                }
            }
            case "decline" -> {
                if (requireMethod(exchange, method, "POST")) {
                    answer(exchange, processor.decline(sessionId));
                }
            }
            default -> respondError(exchange, 404, "no such page: " + path);
        }
    }

    private void showPage(HttpExchange exchange, String sessionId) throws IOException {
        Optional<CheckoutSession> found = processor.findSession(sessionId);
        if (found.isEmpty()) {
            respondError(exchange, 404, "no checkout session '" + sessionId + "'");
            return;
        }
        CheckoutSession session = found.get();
        int status = session.outcome() instanceof SessionOutcome.Expired ? 410 : 200;
        if (wantsJson(exchange)) {
            respond(exchange, status, JSON, Json.write(sessionJson(session)));
            return;
        }
        respond(exchange, status, HTML, pages.checkout(session, processor.findPrice(session.priceId())));
    }

    private void pay(HttpExchange exchange, String sessionId) throws IOException {
        if (processor.findSession(sessionId).isEmpty()) {
            respondError(exchange, 404, "no checkout session '" + sessionId + "'");
            return;
        }
        PresentedCard card;
        try {
            card = presentedCard(readForm(exchange));
        }
        catch (IllegalArgumentException e) {
            respondError(exchange, 400, e.getMessage());
            return;
        }
        answer(exchange, processor.pay(sessionId, card));
    }

    private static PresentedCard presentedCard(FormFields form) {
        Optional<String> token = form.get("token");
        Optional<String> number = form.get("card");
        if (token.isPresent() && number.isPresent()) {
            throw new IllegalArgumentException("send either a card number or a token, not both");
        }
        if (token.isPresent()) {
            return PresentedCard.ofToken(token.get());
        }
        return number.map(PresentedCard::ofNumber).orElseGet(() -> PresentedCard.of(PresentedCard.DEFAULT));
    }

    private void answer(HttpExchange exchange, CheckoutSession session) throws IOException {
        int status = switch (session.outcome()) {
            // a declined card on a session that stays open: 402 like a final decline, but the payer can try again
            case SessionOutcome.Open open -> open.lastDecline().isPresent() ? 402 : 200;
            case SessionOutcome.Paid ignored -> 200;
            case SessionOutcome.Failed ignored -> 402;
            case SessionOutcome.Expired ignored -> 410;
        };
        if (wantsJson(exchange)) {
            respond(exchange, status, JSON, Json.write(sessionJson(session)));
            return;
        }
        if (session.outcome() instanceof SessionOutcome.Paid && session.returnUrl().isPresent()) {
            // like a real PSP, a successful payment sends the payer's browser back to the merchant
            exchange.getResponseHeaders().set("Location", session.returnUrl().get().toString());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(303, -1);
            return;
        }
        if (session.open()) {
            // the same page again, telling why the card was declined, so the payer can try another
            respond(exchange, status, HTML, pages.checkout(session, processor.findPrice(session.priceId())));
            return;
        }
        respond(exchange, status, HTML, pages.result(session));
    }

    private static JsonObject sessionJson(CheckoutSession session) {
        JsonObject json = JsonObject.empty()
                .with("session", session.id())
                .with("checkoutId", session.checkoutId())
                .with("status", session.outcome().status())
                .with("kind", session.kind().name())
                .with("amount", session.amount().toString())
                .with("currency", session.currency())
                .with("expiresAt", session.expiresAt());
        return switch (session.outcome()) {
            case SessionOutcome.Open open -> open.lastDecline().map(decline -> json
                    .with("code", decline.code().name())
                    .with("declineCode", decline.declineCode())
                    .with("reason", decline.reason())
                    .with("declinedAttempts", open.declinedAttempts())
                    .with("attemptsLeft", PaymentProcessor.MAX_DECLINED_ATTEMPTS - open.declinedAttempts())).orElse(json);
            case SessionOutcome.Paid paid -> json
                    .with("paymentRef", paid.paymentId())
                    .with("subscriptionRef", paid.subscriptionId())
                    .with("cardLastFourDigits", paid.cardLastFourDigits());
            case SessionOutcome.Failed failed -> json
                    .with("code", failed.code().name())
                    .with("declineCode", failed.declineCode())
                    .with("reason", failed.reason());
            case SessionOutcome.Expired expired -> json.with("expiredAt", expired.expiredAt());
        };
    }

    private static JsonObject balanceJson(Balance balance) {
        return JsonObject.empty()
                .with("currency", balance.captured().asset())
                .with("captured", balance.captured().minorUnits().toString())
                .with("refunded", balance.refunded().minorUnits().toString())
                .with("available", balance.available().minorUnits().toString())
                .with("payments", balance.payments())
                .with("refunds", balance.refunds());
    }

    private static FormFields readForm(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream input = exchange.getRequestBody()) {
            body = input.readNBytes(LARGEST_BODY_BYTES + 1);
        }
        if (body.length > LARGEST_BODY_BYTES) {
            throw new IllegalArgumentException("the form is larger than " + LARGEST_BODY_BYTES + " bytes");
        }
        String query = exchange.getRequestURI().getRawQuery();
        // body fields first, so they win over query parameters of the same name
        return FormFields.parse(new String(body, StandardCharsets.UTF_8) + (query == null ? "" : "&" + query));
    }

    private static boolean wantsJson(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(JSON);
    }

    private boolean requireMethod(HttpExchange exchange, String method, String allowed) throws IOException {
        if (method.equals(allowed)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        respondError(exchange, 405, "use " + allowed + " here");
        return false;
    }

    private void respondError(HttpExchange exchange, int status, String message) throws IOException {
        if (wantsJson(exchange)) {
            respond(exchange, status, JSON, Json.write(JsonObject.empty().with("status", status).with("error", message)));
            return;
        }
        respond(exchange, status, HTML, pages.message(status == 404 ? "Not found" : "Request refused", message));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (contentType.equals(HTML)) {
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
