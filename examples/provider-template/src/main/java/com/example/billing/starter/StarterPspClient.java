package com.example.billing.starter;

import java.util.List;
import java.util.Optional;

/**
 * What the provider needs from the PSP's API. {@link SandboxPspClient} answers in memory so that the project
 * passes the conformance kit out of the box.
 *
 * <p>TODO(4): implement it over the PSP's real HTTP API (the JDK's {@code java.net.http.HttpClient} needs no
 * dependency). Map transport failures to {@code BillingException} with {@code NETWORK_UNAVAILABLE} or
 * {@code TIMEOUT}, and never put the API key into a message.
 */
interface StarterPspClient {
    /** A payment the payer completes on the PSP's page. */
    record PaymentSession(String id, String payUrl, long amountMinor, String currency, String status) {
    }

    /** Something that happened at the PSP, in order; {@code id} never changes. */
    record PspEvent(String id, String type, String sessionId, String paymentId, long amountMinor, String currency, java.time.Instant occurredAt) {
    }

    /** Creates a payment session; the same {@code idempotencyKey} returns the same session. */
    PaymentSession createSession(String idempotencyKey, long amountMinor, String currency, String description);

    /** Events after position {@code from} (0 = from the start), at most {@code limit}. */
    List<PspEvent> events(int from, int limit);

    /** How many events there are so far. */
    int eventCount();

    Optional<PaymentSession> session(String id);
}
