package com.example.billing.invoice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The PSP's hosted invoice page, served by the plugin itself on the loopback interface:
 * {@code GET /invoices/<id>} shows the invoice with Pay and Decline buttons, {@code POST /invoices/<id>/pay} and
 * {@code POST /invoices/<id>/decline} settle it ({@code 200}; {@code 404} unknown, {@code 409} already settled,
 * {@code 410} expired). A real PSP hosts this page itself; the sandbox keeps it in the plugin so that the example
 * runs anywhere.
 */
final class HostedInvoicePage implements AutoCloseable {
    private static final String PREFIX = "/invoices/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final InvoiceBillingProvider provider;

    private HostedInvoicePage(HttpServer server, ExecutorService executor, URI baseUrl, InvoiceBillingProvider provider) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = baseUrl;
        this.provider = provider;
    }

    static HostedInvoicePage start(InvoiceBillingProvider provider, int port, Optional<String> publicUrl) {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            URI baseUrl = URI.create(publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                    .orElse("http://" + loopback.getHostAddress() + ":" + server.getAddress().getPort()));
            HostedInvoicePage page = new HostedInvoicePage(server, executor, baseUrl, provider);
            server.createContext(PREFIX, page::handle);
            server.setExecutor(executor);
            server.start();
            return page;
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the hosted invoice page cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    URI invoiceUrl(String invoiceId) {
        return URI.create(baseUrl + PREFIX + invoiceId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String[] path = exchange.getRequestURI().getPath().substring(PREFIX.length()).split("/");
            String invoiceId = path[0];
            if (exchange.getRequestMethod().equals("GET") && path.length == 1) {
                Optional<String> summary = provider.summary(invoiceId);
                if (summary.isEmpty()) {
                    respond(exchange, 404, "text/plain", "no invoice " + invoiceId);
                    return;
                }
                respond(exchange, 200, "text/html", """
                        <!doctype html><html><head><title>Invoice</title></head><body>
                        <p>%1$s</p>
                        <form method="post" action="%2$s/pay"><button>Pay</button></form>
                        <form method="post" action="%2$s/decline"><button>Decline</button></form>
                        </body></html>
                        """.formatted(escape(summary.get()), PREFIX + invoiceId));
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && path.length == 2 && (path[1].equals("pay") || path[1].equals("decline"))) {
                InvoiceBillingProvider.PageAnswer answer = path[1].equals("pay") ? provider.pay(invoiceId) : provider.decline(invoiceId);
                switch (answer) {
                    case DONE -> respond(exchange, 200, "text/plain", path[1].equals("pay") ? "paid" : "declined");
                    case NOT_FOUND -> respond(exchange, 404, "text/plain", "no invoice " + invoiceId);
                    case ALREADY_SETTLED -> respond(exchange, 409, "text/plain", "invoice " + invoiceId + " is already settled");
                    case EXPIRED -> respond(exchange, 410, "text/plain", "invoice " + invoiceId + " has expired");
                }
                return;
            }
            respond(exchange, 404, "text/plain", "not found");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
