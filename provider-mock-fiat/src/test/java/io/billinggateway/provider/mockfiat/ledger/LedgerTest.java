package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.PlanStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final System.Logger LOGGER = System.getLogger(LedgerTest.class.getName());

    @TempDir
    Path directory;

    @Test
    void committedRecordsAreFoundAgainAfterReopening() {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                return null;
            });
        }

        try (Ledger reopened = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(find(reopened, "price_1")).contains(price("price_1", "plan-a"));
            assertThat(findByPlan(reopened, "plan-a")).contains(price("price_1", "plan-a"));
        }
    }

    @Test
    void transactionThatThrowsKeepsNothing() throws IOException {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            long journalBefore = Files.size(directory.resolve(Ledger.JOURNAL_FILE));

            assertThatThrownBy(() -> ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                throw new IllegalStateException("the rule refused");
            })).hasMessage("the rule refused");

            assertThat(find(ledger, "price_1")).isEmpty();
            assertThat(Files.size(directory.resolve(Ledger.JOURNAL_FILE))).isEqualTo(journalBefore);
        }
    }

    @Test
    void aTransactionSeesWhatItPutItself() {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            Optional<Price> seen = ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                return transaction.findByAlternateKey(Price.class, Price.keyOf("plan-a", 1));
            });

            assertThat(seen).contains(price("price_1", "plan-a"));
        }
    }

    @Test
    void alternateKeyBelongsToOneRecord() {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                return null;
            });

            assertThatThrownBy(() -> ledger.transact(transaction -> {
                transaction.put(price("price_2", "plan-a"));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("price_1");
        }
    }

    @Test
    void oneTransactionIsOneJournalLine() throws IOException {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                transaction.put(price("price_1", "plan-a").withStatus(PlanStatus.FROZEN));
                transaction.put(price("price_2", "plan-b"));
                return null;
            });
        }

        assertThat(Files.readAllLines(directory.resolve(Ledger.JOURNAL_FILE)))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.split("\"id\":\"price_1\"", -1)).as("a record put twice is written once, in its final form").hasSize(2);
                    assertThat(line).contains("FROZEN", "price_2");
                });
    }

    @Test
    void tornLastLineIsDroppedAndEarlierEntriesKept() throws IOException {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            ledger.transact(transaction -> {
                transaction.put(price("price_1", "plan-a"));
                return null;
            });
        }
        Files.writeString(directory.resolve(Ledger.JOURNAL_FILE), "{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[{\"type\":\"price\",\"record\":{\"id\":\"pri",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Ledger reopened = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(all(reopened, Price.class)).containsExactly(price("price_1", "plan-a"));
        }
    }

    @Test
    void damageBeforeTheLastLineRefusesToOpen() throws IOException {
        Files.writeString(directory.resolve(Ledger.JOURNAL_FILE), "garbage\n{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[]}\n");

        assertThatThrownBy(() -> Ledger.open(directory, CLOCK, LOGGER))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("line 1 of 2");
        try (Ledger afterRepair = openAfterRemovingJournal()) {
            assertThat(all(afterRepair, Price.class)).isEmpty();
        }
    }

    @Test
    void closedLedgerRefusesWork() {
        Ledger ledger = Ledger.open(directory, CLOCK, LOGGER);
        ledger.close();

        assertThatThrownBy(() -> ledger.transact(transaction -> null))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void deliveredOutboxMessagesAreForgotten() {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            OutboxMessage message = OutboxMessage.pending("msg_1", "payment.succeeded", "{}", CLOCK.instant());
            ledger.transact(transaction -> {
                transaction.put(message);
                return null;
            });
            assertThat(all(ledger, OutboxMessage.class)).containsExactly(message);

            ledger.transact(transaction -> {
                transaction.put(message.markDelivered());
                return null;
            });

            assertThat(all(ledger, OutboxMessage.class)).isEmpty();
        }
    }

    @Test
    void unreadableCompleteLastLineRefusesToOpen() throws IOException {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            put(ledger, price("price_1", "plan-a"));
        }
        // complete (it ends with a line end), so not a write cut short: perhaps written by a newer version, never to be dropped
        Files.writeString(directory.resolve(Ledger.JOURNAL_FILE), "{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[{\"type\":\"coupon\",\"record\":{}}]}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> Ledger.open(directory, CLOCK, LOGGER))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("line 2 of 2");
    }

    @Test
    void ledgersOnOneDirectorySeeEachOthersChanges() {
        try (Ledger first = Ledger.open(directory, CLOCK, LOGGER); Ledger second = Ledger.open(directory, CLOCK, LOGGER)) {
            put(first, price("price_1", "plan-a"));
            assertThat(find(second, "price_1")).contains(price("price_1", "plan-a"));

            put(second, price("price_1", "plan-a").withStatus(PlanStatus.FROZEN));
            put(second, price("price_2", "plan-b"));

            assertThat(find(first, "price_1")).contains(price("price_1", "plan-a").withStatus(PlanStatus.FROZEN));
            assertThat(findByPlan(first, "plan-b")).contains(price("price_2", "plan-b"));
            assertThatThrownBy(() -> put(first, price("price_3", "plan-b")))
                    .as("an alternate key taken by the other ledger is taken here too")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("price_2");
        }
    }

    @Test
    void ledgersOnOneDirectoryNeverLoseAnUpdate() throws Exception {
        int threadsPerLedger = 8;
        int incrementsPerThread = 50;
        try (Ledger first = Ledger.open(directory, CLOCK, LOGGER); Ledger second = Ledger.open(directory, CLOCK, LOGGER)) {
            put(first, counter(0));
            ExecutorService executor = Executors.newFixedThreadPool(2 * threadsPerLedger);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int thread = 0; thread < 2 * threadsPerLedger; thread++) {
                    Ledger ledger = thread % 2 == 0 ? first : second;
                    futures.add(executor.submit(() -> {
                        for (int increment = 0; increment < incrementsPerThread; increment++) {
                            ledger.transact(transaction -> {
                                Price current = transaction.find(Price.class, "price_counter").orElseThrow();
                                transaction.put(counter(current.unitAmount().longValueExact() + 1));
                                return null;
                            });
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(2, TimeUnit.MINUTES);
                }
            }
            finally {
                executor.shutdownNow();
            }

            long expected = 2L * threadsPerLedger * incrementsPerThread;
            assertThat(find(first, "price_counter").orElseThrow().unitAmount()).isEqualTo(BigInteger.valueOf(expected));
            assertThat(find(second, "price_counter").orElseThrow().unitAmount()).isEqualTo(BigInteger.valueOf(expected));
        }
        try (Ledger reopened = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(find(reopened, "price_counter").orElseThrow().unitAmount()).isEqualTo(BigInteger.valueOf(2L * threadsPerLedger * incrementsPerThread));
        }
    }

    @Test
    void journalIsCompactedOnlyByALedgerOpeningTheDirectoryAlone() throws IOException {
        Path journal = directory.resolve(Ledger.JOURNAL_FILE);
        OutboxMessage message = OutboxMessage.pending("msg_1", "payment.succeeded", "{}", CLOCK.instant());
        try (Ledger first = Ledger.open(directory, CLOCK, LOGGER)) {
            put(first, price("price_1", "plan-a"));
            put(first, message);
            put(first, message.markDelivered());

            try (Ledger second = Ledger.open(directory, CLOCK, LOGGER)) {
                assertThat(Files.readAllLines(journal)).as("not compacted while the first ledger has the journal open").hasSize(3);
                assertThat(find(second, "price_1")).isPresent();
            }
            put(first, price("price_2", "plan-b"));
            try (Ledger third = Ledger.open(directory, CLOCK, LOGGER)) {
                assertThat(Files.readAllLines(journal)).hasSize(4);
                assertThat(find(third, "price_2")).as("the first ledger still writes to the journal everyone reads").isPresent();
            }
        }

        try (Ledger alone = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(Files.readAllLines(journal)).as("compacted: one line per record, the delivered webhook gone").hasSize(2);
            assertThat(all(alone, Price.class)).containsExactly(price("price_1", "plan-a"), price("price_2", "plan-b"));
            assertThat(all(alone, OutboxMessage.class)).isEmpty();
        }
    }

    @Test
    void tornTailLeftByADeadWriterIsCutOffBeforeTheNextAppend() throws IOException {
        Path journal = directory.resolve(Ledger.JOURNAL_FILE);
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            put(ledger, price("price_1", "plan-a"));
            // what another process killed while appending leaves behind; longer than the next entry, so that writing
            // over it would not hide it
            Files.writeString(journal, "{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[{\"type\":\"price\",\"record\":{\"id\":\"price_"
                    + "x".repeat(2000) + "_torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            assertThat(find(ledger, "price_1")).isPresent();
            assertThat(Files.readString(journal)).as("cut off by the next transaction, even one that writes nothing").doesNotContain("_torn").endsWith("\n");

            put(ledger, price("price_2", "plan-b"));
            assertThat(Files.readAllLines(journal)).hasSize(2);
        }
        try (Ledger reopened = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(all(reopened, Price.class)).containsExactly(price("price_1", "plan-a"), price("price_2", "plan-b"));
        }
    }

    @Test
    void damageAppendedByAnotherWriterIsRefusedWhileRunning() throws IOException {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            put(ledger, price("price_1", "plan-a"));
            Files.writeString(directory.resolve(Ledger.JOURNAL_FILE), "garbage\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> find(ledger, "price_1"))
                        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                        .hasMessageContaining(Ledger.JOURNAL_FILE)
                        .hasMessageContaining("line 2 of 2");
            }
        }
    }

    @Test
    void replacedJournalIsRefusedRatherThanWrittenToNobody() throws IOException {
        Path journal = directory.resolve(Ledger.JOURNAL_FILE);
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            put(ledger, price("price_1", "plan-a"));
            Path copy = Files.copy(journal, directory.resolve("copy.jsonl"));
            Files.move(copy, journal, StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(() -> put(ledger, price("price_2", "plan-b")))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                    .hasMessageContaining("was replaced or removed");
        }
        try (Ledger reopened = Ledger.open(directory, CLOCK, LOGGER)) {
            assertThat(all(reopened, Price.class)).containsExactly(price("price_1", "plan-a"));
        }
    }

    @Test
    void interruptedCallerDoesNotBreakTheLedger() {
        try (Ledger ledger = Ledger.open(directory, CLOCK, LOGGER)) {
            Thread.currentThread().interrupt();
            try {
                put(ledger, price("price_1", "plan-a"));
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            }
            finally {
                Thread.interrupted();
            }

            put(ledger, price("price_2", "plan-b"));
            assertThat(all(ledger, Price.class)).hasSize(2);
        }
    }

    private static void put(Ledger ledger, LedgerRecord record) {
        ledger.transact(transaction -> {
            transaction.put(record);
            return null;
        });
    }

    private static Price counter(long value) {
        return new Price("price_counter", "plan-counter", 1, "Counter", BigInteger.valueOf(value), "USD", Optional.empty(), PlanStatus.ACTIVE, CLOCK.instant(), Optional.empty());
    }

    private static Optional<Price> find(Ledger ledger, String id) {
        return ledger.transact(transaction -> transaction.find(Price.class, id));
    }

    private static Optional<Price> findByPlan(Ledger ledger, String planId) {
        return ledger.transact(transaction -> transaction.findByAlternateKey(Price.class, Price.keyOf(planId, 1)));
    }

    private static <R extends LedgerRecord> List<R> all(Ledger ledger, Class<R> type) {
        return ledger.transact(transaction -> transaction.all(type));
    }

    private Ledger openAfterRemovingJournal() throws IOException {
        Files.delete(directory.resolve(Ledger.JOURNAL_FILE));
        return Ledger.open(directory, CLOCK, LOGGER);
    }

    private static Price price(String id, String planId) {
        return new Price(id, planId, 1, "Pro", BigInteger.valueOf(1999), "USD", Optional.empty(), PlanStatus.ACTIVE, CLOCK.instant(), Optional.empty());
    }
}
