package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A network's YAML configuration file. The deploy command owns these keys under
 * {@code billing.networks.<network>}: {@code chain-id}, {@code instance-id} and the {@code *-address} keys of
 * {@link DeployedSuite}; every other key is kept as it is (comments are not preserved).
 */
final class NetworkConfigFile {
    static final String CHAIN_ID_KEY = "chain-id";
    static final String INSTANCE_KEY = "instance-id";

    private final Path path;
    private final Map<String, Object> root;

    private NetworkConfigFile(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    /** Reads {@code path}, or starts an empty configuration if it does not exist. */
    static NetworkConfigFile read(Path path) {
        requireNonNull(path, "path is null");
        if (!Files.exists(path)) {
            return new NetworkConfigFile(path, new LinkedHashMap<>());
        }
        try {
            Object loaded = yaml().load(Files.readString(path, StandardCharsets.UTF_8));
            if (loaded == null) {
                return new NetworkConfigFile(path, new LinkedHashMap<>());
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new DeploymentException(path + " is not a YAML mapping");
            }
            return new NetworkConfigFile(path, copy(map));
        } catch (IOException e) {
            throw new DeploymentException("cannot read " + path + " (" + e.getMessage() + ")");
        } catch (YAMLException e) {
            throw new DeploymentException(path + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The addresses recorded for {@code network}. */
    DeployedSuite suite(String network) {
        Map<String, String> values = new LinkedHashMap<>();
        section(network).ifPresent(section -> section.forEach((key, value) -> {
            if (value != null) {
                values.put(key, asText(key, value));
            }
        }));
        try {
            return DeployedSuite.fromConfig(values);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(path + ": " + e.getMessage());
        }
    }

    Optional<Long> chainId(String network) {
        return section(network).map(section -> section.get(CHAIN_ID_KEY)).map(value -> {
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException e) {
                throw new DeploymentException(path + ": billing.networks." + network + "." + CHAIN_ID_KEY + " is not a number");
            }
        });
    }

    /** Records the suite; writes the file only if something changed. @return whether the file was written */
    boolean update(String network, long chainId, String instanceLabel, DeployedSuite suite) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(CHAIN_ID_KEY, chainId);
        values.put(INSTANCE_KEY, instanceLabel);
        values.putAll(suite.toConfig());
        Map<String, Object> section = mutableSection(network);
        boolean changed = !Files.exists(path);
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object current = section.get(entry.getKey());
            // Compare as text: YAML gives back an Integer for a chain id written as a Long, and so on.
            if (current == null || !asText(entry.getKey(), current).equals(entry.getValue().toString())) {
                section.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        if (changed) {
            write();
        }
        return changed;
    }

    /**
     * Adds the keys the section does not have yet; a key already there (the operator's own value) is kept.
     * @return whether the file was written
     */
    boolean addMissing(String network, Map<String, Object> values) {
        Map<String, Object> section = mutableSection(network);
        boolean changed = false;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (!section.containsKey(entry.getKey())) {
                section.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        if (changed) {
            write();
        }
        return changed;
    }

    private void write() {
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
            Files.writeString(temporary, yaml().dump(root), StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private Optional<Map<String, Object>> section(String network) {
        Object billing = root.get("billing");
        Object networks = billing instanceof Map<?, ?> map ? map.get("networks") : null;
        Object section = networks instanceof Map<?, ?> map ? map.get(network) : null;
        return section instanceof Map<?, ?> map ? Optional.of(copy(map)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mutableSection(String network) {
        Map<String, Object> current = root;
        for (String key : new String[] {"billing", "networks", network}) {
            Object child = current.get(key);
            if (!(child instanceof Map<?, ?>)) {
                if (child != null) {
                    throw new DeploymentException(path + ": '" + key + "' is not a mapping");
                }
                child = new LinkedHashMap<String, Object>();
                current.put(key, child);
            }
            current = (Map<String, Object>) child;
        }
        return current;
    }

    /** YAML 1.1 reads an unquoted 0x… address as a hexadecimal number; turn it back into the address. */
    private static String asText(String key, Object value) {
        if (value instanceof Number number && key.endsWith("-address")) {
            return "0x" + String.format("%40s", new BigInteger(number.toString()).toString(16)).replace(' ', '0');
        }
        return value.toString();
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value instanceof Map<?, ?> nested ? copy(nested) : value));
        return copy;
    }

    private static Yaml yaml() {
        DumperOptions dumper = new DumperOptions();
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setIndent(2);
        dumper.setPrettyFlow(true);
        LoaderOptions loader = new LoaderOptions();
        return new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader);
    }
}
