package io.billinggateway.spi;

import static java.util.Objects.requireNonNull;

/**
 * The version of this SPI, {@code MAJOR.MINOR}.
 *
 * <p>A minor release only adds (new operations arrive as default methods that throw
 * {@link ErrorCode#UNSUPPORTED}, new record components arrive with compatible constructors); a major
 * release may remove or change. The host loads a plugin built against the same major version and a
 * minor version no newer than its own.
 *
 * <p>A factory reports the version it was <em>built</em> against by returning {@link #CURRENT} from
 * {@link BillingProviderFactory#spiVersion()}. {@code CURRENT} is a compile-time constant, so the Java
 * compiler copies its value into the plugin's class file: the plugin keeps reporting the version it was
 * compiled with even when it runs inside a newer or older host.
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {
    /** The version of the SPI in this jar. A compile-time constant; see the class comment. */
    public static final String CURRENT = "1.4";

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version components must not be negative: " + major + "." + minor);
        }
    }

    /** The version of the SPI classes loaded in this process (the host's version). */
    public static SpiVersion host() {
        return parse(CURRENT);
    }

    /**
     * Parses {@code MAJOR.MINOR}.
     *
     * @throws IllegalArgumentException naming the text when it is not two non-negative integers
     */
    public static SpiVersion parse(String text) {
        requireNonNull(text, "text is null");
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("SPI version must look like MAJOR.MINOR, got '" + text + "'");
        }
        try {
            return new SpiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("SPI version must look like MAJOR.MINOR, got '" + text + "'", e);
        }
    }

    /** Whether a host of this version can load a plugin built against {@code pluginVersion}. */
    public boolean canLoad(SpiVersion pluginVersion) {
        return pluginVersion.major == major && pluginVersion.minor <= minor;
    }

    @Override
    public int compareTo(SpiVersion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
