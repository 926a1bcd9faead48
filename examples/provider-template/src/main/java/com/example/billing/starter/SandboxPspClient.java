package com.example.billing.starter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory stand-in for the PSP: sessions, a payer who pays or declines, and an ordered event log. Used when
 * {@code api-url} is {@code sandbox:} and by the conformance test's payer. Thread-safe.
 */
final class SandboxPspClient implements StarterPspClient {
    private final Clock clock;
    private final Map<String, PaymentSession> sessionsByKey = new HashMap<>();
    private final Map<String, PaymentSession> sessionsById = new HashMap<>();
    private final List<PspEvent> events = new ArrayList<>();
    private long sequence;

    SandboxPspClient(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized PaymentSession createSession(String idempotencyKey, long amountMinor, String currency, String description) {
        return sessionsByKey.computeIfAbsent(idempotencyKey, key -> {
            String id = "ps_" + ++sequence;
            PaymentSession session = new PaymentSession(id, "https://sandbox.psp.invalid/pay/" + id, amountMinor, currency, "open");
            sessionsById.put(id, session);
            return session;
        });
    }

    /** The payer pays ({@code true}) or declines on the PSP's page. */
    synchronized void settle(String sessionId, boolean pay) {
        PaymentSession session = sessionsById.get(sessionId);
        if (session == null || !session.status().equals("open")) {
            throw new IllegalStateException("no open session " + sessionId);
        }
        PaymentSession settled = new PaymentSession(session.id(), session.payUrl(), session.amountMinor(), session.currency(), pay ? "paid" : "declined");
        sessionsById.put(session.id(), settled);
        String paymentId = pay ? "py_" + ++sequence : null;
        events.add(new PspEvent("ev_" + ++sequence, pay ? "payment.succeeded" : "payment.declined", session.id(), paymentId,
                session.amountMinor(), session.currency(), clock.instant()));
    }

    @Override
    public synchronized List<PspEvent> events(int from, int limit) {
        return List.copyOf(events.subList(Math.min(from, events.size()), (int) Math.min(events.size(), (long) from + limit)));
    }

    @Override
    public synchronized int eventCount() {
        return events.size();
    }

    @Override
    public synchronized Optional<PaymentSession> session(String id) {
        return Optional.ofNullable(sessionsById.get(id));
    }
}
