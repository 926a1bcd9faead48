package io.billinggateway.provider.mockfiat.webhook;

import io.billinggateway.provider.mockfiat.ledger.Ledger;
import io.billinggateway.provider.mockfiat.ledger.OutboxMessage;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ProviderMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Delivers the outbox to the merchant's webhook URL, at least once: each message is POSTed, signed anew with
 * the attempt's timestamp, until the receiver answers 2xx; failures (non-2xx, connection errors, timeouts)
 * are retried with exponential backoff per the {@link DeliveryPolicy}. A message is marked delivered in the
 * ledger only after a 2xx, so messages still undelivered when the provider stops are sent by the next
 * provider on the same data directory (with a fresh attempt budget).
 *
 * <p>Several processes may share the ledger. Each sender delivers what its own process queued, everything owed
 * when it {@linkplain #resumePending starts}, and, when {@linkplain #resumeOverdue swept}, whatever has been owed
 * for a while without being sent by this process, such as the messages of a process that died before delivering
 * them. A message may therefore be delivered by more than one process; receivers deduplicate by
 * {@code webhook-id}.
 *
 * <p>One daemon thread sends, one message at a time, in the order messages became due.
 */
public final class WebhookSender implements AutoCloseable {
    private static final String USER_AGENT = "billing-gateway-mock-fiat-psp";

    private final URI endpoint;
    private final WebhookSecret secret;
    private final Ledger ledger;
    private final Clock clock;
    private final DeliveryPolicy policy;
    private final ProviderMetrics metrics;
    private final System.Logger logger;
    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public WebhookSender(URI endpoint, WebhookSecret secret, Ledger ledger, Clock clock, DeliveryPolicy policy,
            ProviderMetrics metrics, System.Logger logger, String threadName) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.logger = requireNonNull(logger, "logger is null");
        requireNonNull(threadName, "threadName is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(policy.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Schedules every message the ledger still owes, for instance those left by a provider that stopped. */
    public void resumePending() {
        schedule(ledger.transact(transaction -> transaction.all(OutboxMessage.class)));
    }

    /**
     * Schedules every message that has been owed for at least {@code grace} and that this sender is not sending or
     * retrying: messages whose process stopped or died before delivering them. A message this sender gave up on
     * stays given up until the next start, as without other processes; one that another process delivered meanwhile
     * no longer counts as given up. Called periodically.
     *
     * @return the ids of the messages scheduled now
     */
    public List<String> resumeOverdue(Duration grace) {
        requireNonNull(grace, "grace is null");
        Instant cutoff = clock.instant().minus(grace);
        List<OutboxMessage> owed = ledger.transact(transaction -> transaction.all(OutboxMessage.class));
        Set<String> owedIds = owed.stream().map(OutboxMessage::id).collect(Collectors.toSet());
        for (String messageId : abandoned) {
            if (!owedIds.contains(messageId)) {
                abandoned.remove(messageId);
                scheduled.remove(messageId);
            }
        }
        return schedule(owed.stream().filter(message -> !message.createdAt().isAfter(cutoff)).toList());
    }

    /**
     * Schedules newly committed messages for immediate delivery, unless this sender already sends them.
     *
     * @return the ids of the messages scheduled now
     */
    public List<String> schedule(List<OutboxMessage> messages) {
        List<String> scheduledNow = new ArrayList<>();
        for (OutboxMessage message : messages) {
            if (!message.delivered() && scheduled.add(message.id())) {
                submit(message.id(), 1, Duration.ZERO);
                scheduledNow.add(message.id());
            }
        }
        return scheduledNow;
    }

    /** Messages the ledger still owes, queued by any process (queued, being retried, or given up on). */
    public int undeliveredCount() {
        return ledger.transact(transaction -> transaction.all(OutboxMessage.class).size());
    }

    /**
     * Messages whose attempts this sender spent in this run and that are still owed; they are retried when a provider
     * next starts on the data directory, or by the sweep of another running process.
     */
    public int abandonedCount() {
        return abandoned.size();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdownNow();
    }

    private void submit(String messageId, int attempt, Duration delay) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(() -> attempt(messageId, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException e) {
            // closing: the message stays in the outbox for the next provider
        }
    }

    private void attempt(String messageId, int attempt) {
        if (closed) {
            return;
        }
        Optional<OutboxMessage> pending;
        try {
            pending = ledger.transact(transaction -> transaction.find(OutboxMessage.class, messageId)).filter(message -> !message.delivered());
        }
        catch (BillingException e) {
            return;
        }
        if (pending.isEmpty()) {
            scheduled.remove(messageId);
            return;
        }
        OutboxMessage message = pending.get();
        String problem = send(message);
        if (problem == null) {
            markDelivered(messageId);
            metrics.increment("mock_fiat_webhook_deliveries_total", Map.of("result", "delivered"));
            return;
        }
        if (closed) {
            return;
        }
        metrics.increment("mock_fiat_webhook_deliveries_total", Map.of("result", "failed"));
        if (attempt >= policy.maxAttempts()) {
            abandoned.add(messageId);
            logger.log(Level.WARNING, "giving up on webhook {0} ({1}) after {2} attempts, the last failed with {3}; it is retried when a provider starts"
                    + " on the data directory, or by another running provider's sweep",
                    messageId, message.type(), attempt, problem);
            return;
        }
        Duration delay = policy.delayAfter(attempt);
        logger.log(Level.INFO, "webhook {0} ({1}) attempt {2} of {3} to {4} failed with {5}; retrying in {6}",
                messageId, message.type(), attempt, policy.maxAttempts(), endpoint, problem, delay);
        submit(messageId, attempt + 1, delay);
    }

    /** Sends one attempt; null when the receiver accepted it, else what went wrong. */
    private String send(OutboxMessage message) {
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookVerifier.ID_HEADER, message.id())
                .header(WebhookVerifier.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookVerifier.SIGNATURE_HEADER, WebhookSignature.sign(secret, message.id(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP status " + status;
        }
        catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void markDelivered(String messageId) {
        try {
            ledger.transact(transaction -> {
                transaction.find(OutboxMessage.class, messageId)
                        .filter(message -> !message.delivered())
                        .ifPresent(message -> transaction.put(message.markDelivered()));
                return null;
            });
            scheduled.remove(messageId);
        }
        catch (BillingException e) {
            // the ledger is closed or failing; the message stays owed and is delivered again later, which receivers tolerate
            logger.log(Level.WARNING, "could not record the delivery of webhook {0}: {1}", messageId, e.getMessage());
        }
    }
}
