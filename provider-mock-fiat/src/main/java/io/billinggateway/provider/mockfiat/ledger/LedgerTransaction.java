package io.billinggateway.provider.mockfiat.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The view a {@link Ledger#transact transaction} has: committed records overlaid with those it put itself.
 * Used only on the thread running the transaction, and only while it runs.
 */
public final class LedgerTransaction {
    private final Ledger ledger;
    private final Map<RecordType, Map<String, LedgerRecord>> staged = new LinkedHashMap<>();
    private final List<LedgerRecord> changes = new ArrayList<>();

    LedgerTransaction(Ledger ledger) {
        this.ledger = ledger;
    }

    public <R extends LedgerRecord> Optional<R> find(Class<R> recordClass, String id) {
        requireNonNull(recordClass, "recordClass is null");
        requireNonNull(id, "id is null");
        RecordType type = RecordType.of(recordClass);
        LedgerRecord record = staged.getOrDefault(type, Map.of()).get(id);
        if (record == null) {
            record = ledger.committed(type, id);
        }
        return Optional.ofNullable(record).map(recordClass::cast);
    }

    /** Finds a record by its {@link LedgerRecord#alternateKey()}. */
    public <R extends LedgerRecord> Optional<R> findByAlternateKey(Class<R> recordClass, String alternateKey) {
        requireNonNull(recordClass, "recordClass is null");
        requireNonNull(alternateKey, "alternateKey is null");
        RecordType type = RecordType.of(recordClass);
        for (LedgerRecord record : staged.getOrDefault(type, Map.of()).values()) {
            if (record.alternateKey().filter(alternateKey::equals).isPresent()) {
                return Optional.of(recordClass.cast(record));
            }
        }
        return Optional.ofNullable(ledger.committedIdByAlternateKey(type, alternateKey)).flatMap(id -> find(recordClass, id));
    }

    /** Every record of a type; delivered outbox messages are gone. */
    public <R extends LedgerRecord> List<R> all(Class<R> recordClass) {
        RecordType type = RecordType.of(recordClass);
        Map<String, LedgerRecord> merged = new LinkedHashMap<>();
        ledger.committed(type).forEach(record -> merged.put(record.id(), record));
        merged.putAll(staged.getOrDefault(type, Map.of()));
        return merged.values().stream()
                .filter(record -> !(record instanceof OutboxMessage message && message.delivered()))
                .map(recordClass::cast)
                .toList();
    }

    /** Creates or replaces a record; it becomes durable and visible to others when the transaction commits. */
    public void put(LedgerRecord record) {
        requireNonNull(record, "record is null");
        RecordType type = RecordType.of(record.getClass());
        record.alternateKey().ifPresent(key -> {
            Optional<? extends LedgerRecord> holder = findByAlternateKey(record.getClass(), key);
            if (holder.isPresent() && !holder.get().id().equals(record.id())) {
                throw new IllegalStateException(type.journalName() + " key '" + key + "' already belongs to " + holder.get().id());
            }
        });
        staged.computeIfAbsent(type, ignored -> new LinkedHashMap<>()).put(record.id(), record);
        changes.add(record);
    }

    List<LedgerRecord> changes() {
        // a record put twice in one transaction is journaled in its final form only
        Map<String, LedgerRecord> last = new LinkedHashMap<>();
        for (LedgerRecord record : changes) {
            last.put(RecordType.of(record.getClass()).journalName() + "/" + record.id(), record);
        }
        return List.copyOf(last.values());
    }

    /** The outbox messages this transaction queued, to be handed to the sender after it commits. */
    public List<OutboxMessage> queuedMessages() {
        return changes().stream()
                .filter(record -> record instanceof OutboxMessage message && !message.delivered())
                .map(OutboxMessage.class::cast)
                .toList();
    }
}
