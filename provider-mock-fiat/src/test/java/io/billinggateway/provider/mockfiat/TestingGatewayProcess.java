package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.ledger.Ledger;
import io.billinggateway.provider.mockfiat.webhook.WebhookSecret;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.NetworkConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Another gateway process on the same machine: a child JVM, started with this JVM's {@code java} and class path,
 * that runs {@link #main} in one {@link Role}. Parent and child talk in lines: the child prints {@code ready} once
 * set up and waits for {@code go} on its standard input, then works, prints its results and {@code done}. The
 * child's log goes to a file that failures quote.
 *
 * <p>The parent's side is the instance: {@link #start}, {@link #awaitLine}, {@link #send}, {@link #awaitSuccess},
 * {@link #kill}.
 */
final class TestingGatewayProcess implements AutoCloseable {
    /** Long enough for a JVM to start and work on a loaded machine; reaching it means the child hangs. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    static final String READY = "ready";
    static final String GO = "go";
    static final String DONE = "done";
    static final String CHARGED = "charged";
    static final String HOLDING = "holding";
    static final String SECRET = "secret";

    /** What the child does. */
    enum Role {
        /**
         * Arguments: data directory, webhook URL, clock instant, items file, threads. Starts a provider, and on
         * {@code go} charges every item of the file (lines {@code <subscriptionRef> <periodStart>}) from several
         * threads in small shuffled batches, printing {@code charged <subscriptionRef> <periodStart> <transactionRef>}
         * for each; any other outcome fails the child.
         */
        CHARGE,
        /** Argument: data directory. Opens the ledger and keeps it open until {@code go}. */
        HOLD_OPEN,
        /**
         * Arguments: data directory, partial line. Opens the ledger; on {@code go} starts a transaction, appends the
         * partial line to the journal as a write cut short would, prints {@code holding} and waits to be killed.
         */
        DIE_WHILE_APPENDING,
        /** Argument: secret file. On {@code go}, loads or generates the webhook secret and prints {@code secret <whsec_...>}. */
        GENERATE_SECRET
    }

    private final Process process;
    private final Path log;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Writer input;

    private TestingGatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.input = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a child in {@code role}; its log is written to {@code logDirectory}. */
    static TestingGatewayProcess start(Path logDirectory, Role role, String... arguments) throws IOException {
        requireNonNull(role, "role is null");
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("the java command of this JVM is unknown"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                TestingGatewayProcess.class.getName(), role.name()));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(logDirectory, "child-" + role.name().toLowerCase(Locale.ROOT) + "-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .start();
        return new TestingGatewayProcess(process, log);
    }

    /** Waits for the next line the child prints and checks that it is {@code expected}. */
    void awaitLine(String expected) {
        assertThat(nextLine()).as("the child's next line").isEqualTo(expected);
    }

    /** Tells the child something, for instance {@link #GO}. */
    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException("the child " + process.pid() + " no longer reads its input; its log: " + logText(), e);
        }
    }

    /** Waits for the child to exit with status 0, then returns every line it printed. */
    List<String> awaitSuccess() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the child " + process.pid() + " did not exit within " + PATIENCE + "; printed " + lines + "; its log: " + logText());
        }
        assertThat(process.exitValue()).as("exit status of the child; printed " + lines + "; its log: " + logText()).isZero();
        // the reader thread may still be draining the last lines
        Eventually.await("the child's output to end", () -> Optional.of(lines).filter(printed -> !printed.isEmpty() && printed.getLast().equals(DONE)),
                () -> "printed " + lines);
        return List.copyOf(lines);
    }

    /** Kills the child the way {@code kill -9} does, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the child " + process.pid() + " survived being killed for " + PATIENCE);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private String nextLine() {
        try {
            String line = unread.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                return fail("the child " + process.pid() + " printed nothing more within " + PATIENCE + " (alive: " + process.isAlive()
                        + "); printed " + lines + "; its log: " + logText());
            }
            return line;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for the child's output");
        }
    }

    private void readOutput() {
        try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                unread.add(line);
            }
        }
        catch (IOException e) {
            // the child is gone; what it printed is kept
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        }
        catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The child's side. Exits 0 after printing {@link #DONE}; any failure ends the JVM with status 1. */
    public static void main(String[] arguments) throws Exception {
        PrintStream output = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            switch (Role.valueOf(arguments[0])) {
                case CHARGE -> charge(output, commands, Path.of(arguments[1]), URI.create(arguments[2]), Instant.parse(arguments[3]),
                        Path.of(arguments[4]), Integer.parseInt(arguments[5]));
                case HOLD_OPEN -> holdOpen(output, commands, Path.of(arguments[1]));
                case DIE_WHILE_APPENDING -> dieWhileAppending(output, commands, Path.of(arguments[1]), arguments[2]);
                case GENERATE_SECRET -> generateSecret(output, commands, Path.of(arguments[1]));
            }
            output.println(DONE);
        }
        catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void charge(PrintStream output, BufferedReader commands, Path dataDirectory, URI webhookUrl, Instant now, Path itemsFile,
            int threads) throws Exception {
        List<ChargeItem> items = new ArrayList<>();
        for (String line : Files.readAllLines(itemsFile)) {
            String[] fields = line.split(" ");
            items.add(new ChargeItem(fields[0], Instant.parse(fields[1]), TestingMockFiat.PRICE));
        }
        Collections.shuffle(items, new SecureRandom());
        ConcurrentLinkedQueue<ChargeItem> queue = new ConcurrentLinkedQueue<>(items);
        NetworkConfig config = new NetworkConfig(TestingMockFiat.NETWORK, TestingMockFiat.CHAIN, Map.of(), Map.of());
        try (BillingProvider provider = new MockFiatBillingProviderFactory().create(config,
                new TestingProviderContext(Clock.fixed(now, ZoneOffset.UTC), webhookUrl, dataDirectory))) {
            output.println(READY);
            awaitGo(commands);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    workers.add(executor.submit(() -> chargeFromQueue(provider, queue, output::println)));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

    /**
     * Charges items taken from {@code queue} in batches of up to three (a batch names a subscription once) until it is
     * empty, reporting each result as a {@code charged} line.
     */
    static void chargeFromQueue(BillingProvider provider, ConcurrentLinkedQueue<ChargeItem> queue, Consumer<String> report) {
        ChargeItem carried = null;
        while (true) {
            List<ChargeItem> batch = new ArrayList<>();
            if (carried != null) {
                batch.add(carried);
                carried = null;
            }
            ChargeItem item;
            while (batch.size() < 3 && (item = queue.poll()) != null) {
                String subscriptionRef = item.subscriptionRef();
                if (batch.stream().anyMatch(taken -> taken.subscriptionRef().equals(subscriptionRef))) {
                    carried = item;
                    break;
                }
                batch.add(item);
            }
            if (batch.isEmpty()) {
                return;
            }
            List<ChargeOutcome> outcomes = provider.chargeBatch(new ChargeBatchRequest(batch)).outcomes();
            for (int index = 0; index < batch.size(); index++) {
                if (!(outcomes.get(index) instanceof ChargeOutcome.Charged charged)) {
                    throw new IllegalStateException("charging " + batch.get(index) + " ended with " + outcomes.get(index));
                }
                report.accept(CHARGED + " " + pair(batch.get(index)) + " " + charged.transactionRef());
            }
        }
    }

    private static void holdOpen(PrintStream output, BufferedReader commands, Path dataDirectory) throws IOException {
        try (Ledger ignored = Ledger.open(dataDirectory, Clock.systemUTC(), System.getLogger(TestingGatewayProcess.class.getName()))) {
            output.println(READY);
            awaitGo(commands);
        }
    }

    private static void dieWhileAppending(PrintStream output, BufferedReader commands, Path dataDirectory, String partialLine) throws IOException {
        Ledger ledger = Ledger.open(dataDirectory, Clock.systemUTC(), System.getLogger(TestingGatewayProcess.class.getName()));
        output.println(READY);
        awaitGo(commands);
        ledger.transact(transaction -> {
            try {
                Files.writeString(dataDirectory.resolve("ledger.jsonl"), partialLine, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                output.println(HOLDING);
                Thread.sleep(PATIENCE.multipliedBy(5).toMillis());
            }
            catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the parent did not kill this child within " + PATIENCE.multipliedBy(5));
        });
    }

    private static void generateSecret(PrintStream output, BufferedReader commands, Path file) throws IOException {
        output.println(READY);
        awaitGo(commands);
        output.println(SECRET + " " + WebhookSecret.loadOrGenerate(file, new SecureRandom()).encoded());
    }

    private static void awaitGo(BufferedReader commands) throws IOException {
        String command = commands.readLine();
        if (!GO.equals(command)) {
            throw new IllegalStateException("expected '" + GO + "' from the parent, got " + command);
        }
    }

    /**
     * The transaction refs in the {@code charged} lines of a child, or of the parent's own {@link #chargeFromQueue}
     * workers, by {@code "<subscriptionRef> <periodStart>"}; fails when a pair was reported twice.
     */
    static Map<String, String> chargedByPair(List<String> printed) {
        Map<String, String> charged = new HashMap<>();
        for (String line : printed) {
            if (line.startsWith(CHARGED + " ")) {
                String[] fields = line.split(" ");
                String pair = fields[1] + " " + fields[2];
                assertThat(charged.put(pair, fields[3])).as("a second result for " + pair).isNull();
            }
        }
        return charged;
    }

    /** How {@link #chargedByPair} and the items file name a (subscription, period). */
    static String pair(ChargeItem item) {
        return item.subscriptionRef() + " " + item.periodStart();
    }
}
