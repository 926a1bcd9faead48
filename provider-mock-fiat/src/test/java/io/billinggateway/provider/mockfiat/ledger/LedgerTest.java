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
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

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
        return new Price(id, planId, 1, "Pro", BigInteger.valueOf(1999), "USD", Optional.empty(), PlanStatus.ACTIVE, CLOCK.instant());
    }
}
