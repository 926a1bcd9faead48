package io.billinggateway.gateway.sandbox;

import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * The roles of the sandbox's chains, each one of Anvil's well-known development accounts (the same on every chain):
 * the deployer, the plan author, the automation and operator keys the gateway signs with, and the printed test wallet.
 * These keys are public knowledge; they are for local chains only.
 */
record DevelopmentKeys(List<String> keys) {
    static final int DEPLOYER = 0;
    static final int AUTHOR = 1;
    static final int AUTOMATION = 2;
    static final int OPERATOR = 3;
    static final int WALLET = 4;

    DevelopmentKeys {
        if (keys.size() <= WALLET) {
            throw new IllegalArgumentException("Anvil printed " + keys.size() + " development keys, expected at least " + (WALLET + 1));
        }
        keys = List.copyOf(keys);
    }

    String key(int account) {
        return keys.get(account);
    }

    String address(int account) {
        return Credentials.create(key(account).substring(2)).getAddress().toLowerCase(Locale.ROOT);
    }

    /** Writes the gateway's and the deployer's keys to owner-only files, referenced as {@code file:...} secrets. */
    void writeFiles(SandboxHome home) throws IOException {
        write(home.keyFile("deployer"), key(DEPLOYER));
        write(home.keyFile("author"), key(AUTHOR));
        write(home.keyFile("automation"), key(AUTOMATION));
        write(home.keyFile("operator"), key(OPERATOR));
    }

    private static void write(Path file, String key) throws IOException {
        Files.writeString(file, key, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
    }
}
