package io.billinggateway.gateway;

import io.billinggateway.gateway.charge.ChargeLanes;
import io.billinggateway.gateway.network.ExplorerLinks;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RouterConfigurationException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Starts the networks' providers and the charge lanes, and tells whoever started the gateway where it listens.
 *
 * <p>A provider's default webhook URL, {@code http://localhost:<port>/...}, carries the port. With a configured port the
 * providers start with the application context, before the server binds, so a configuration problem stops the gateway
 * before it accepts a connection. With {@code BILLING_PORT=0} they start once the server has bound and the system has
 * assigned the port. Then, with the providers running, the gateway logs {@code listening on <url>} and, when
 * {@code billing.port-file} names a file, writes the port there: into a temporary file of the same directory, moved into
 * place atomically, so a reader never sees a partial number.
 */
@Singleton
final class GatewayStartup {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayStartup.class);

    private final ListeningPort listeningPort;
    private final BeanProvider<ProviderRouter> router;
    private final BeanProvider<ChargeLanes> lanes;
    private final BeanProvider<ExplorerLinks> explorerLinks;
    private final Optional<Path> portFile;

    GatewayStartup(ListeningPort listeningPort, BeanProvider<ProviderRouter> router, BeanProvider<ChargeLanes> lanes,
                   BeanProvider<ExplorerLinks> explorerLinks, @Value("${billing.port-file:}") String portFile) {
        this.listeningPort = requireNonNull(listeningPort, "listeningPort is null");
        this.router = requireNonNull(router, "router is null");
        this.lanes = requireNonNull(lanes, "lanes is null");
        this.explorerLinks = requireNonNull(explorerLinks, "explorerLinks is null");
        this.portFile = portFile.isBlank() ? Optional.empty() : Optional.of(Path.of(portFile.strip()));
    }

    @EventListener
    void contextStarted(StartupEvent event) {
        if (!listeningPort.systemAssigned()) {
            startNetworks();
        }
    }

    @EventListener
    void serverListening(ServerStartupEvent event) {
        EmbeddedServer server = event.getSource();
        int port = server.getPort();
        listeningPort.listening(port);
        startNetworks();
        LOG.info("listening on {}", server.getURI());
        portFile.ifPresent(file -> write(file, port));
    }

    private void startNetworks() {
        router.get();
        explorerLinks.get();
        lanes.get();
    }

    private static void write(Path file, int port) {
        Path absolute = file.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, port + "\n", StandardCharsets.US_ASCII);
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            finally {
                Files.deleteIfExists(temporary);
            }
        }
        catch (IOException e) {
            throw new RouterConfigurationException(List.of("billing.port-file (BILLING_PORT_FILE) " + absolute
                    + ": cannot write the listening port " + port + " there (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
    }
}
