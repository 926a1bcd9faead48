package io.billinggateway.gateway.http;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that trickles its request is answered 408 and disconnected; one that sends it whole is served as usual. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestDeadlineTest {
    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.h2();
        gateway = TestingGateway.start(database, Files.createTempDirectory("request-deadline"), Map.of("billing.http.request-deadline", "1s"));
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void aRequestWhoseHeadersTrickleIsClosedWith408() throws Exception {
        assertThat(trickle("GET /v1/billing/plans HTTP/1.1\r\nHost: gateway\r\n", "X-Slow: 1\r\n")).startsWith("HTTP/1.1 408").contains("\"code\":\"REQUEST_TIMEOUT\"");
    }

    @Test
    void aRequestWhoseBodyTricklesIsClosedWith408() throws Exception {
        assertThat(trickle("POST /v1/billing/networks/fiat/webhook HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", "{"))
                .startsWith("HTTP/1.1 408");
    }

    @Test
    void aCompleteRequestIsServedEvenOnAConnectionThatWaitedLongerThanTheDeadline() throws Exception {
        try (Socket socket = connect()) {
            Thread.sleep(1500);
            socket.getOutputStream().write("GET /v1/billing/networks HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
        }
    }

    /** Sends {@code start}, then {@code drip} every 300 ms until the server answers or closes; returns what it answered. */
    private String trickle(String start, String drip) throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            Thread dripping = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(300);
                        out.write(drip.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
                catch (IOException | InterruptedException closed) {
                    // the server closed the connection, or the test is over
                }
            });
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            finally {
                dripping.interrupt();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(gateway.url("/").getHost(), gateway.url("/").getPort());
        // a guard against hanging the build if the deadline never fires, far above the 1 s deadline under test
        socket.setSoTimeout(30_000);
        return socket;
    }
}
