package io.billinggateway.gateway.ratelimit;

import io.netty.util.NetUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The client address a per-address limit counts against. It is the remote address of the connection, unless that
 * is one of the configured trusted proxies ({@code billing.rate-limits.trusted-proxies}: addresses or CIDR ranges):
 * then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first address that is not
 * one is the client. Entries left of it were written by the client and are ignored, so a client cannot choose its
 * own key. IPv6 clients count per /64, the block one subscriber usually gets.
 */
final class ClientAddresses {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final int IPV6_SUBSCRIBER_PREFIX = 64;

    private final List<AddressRange> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter(entry -> !entry.isEmpty()).map(AddressRange::parse).toList();
    }

    /** The key of the client behind {@code remote}, given the {@code X-Forwarded-For} header values in order. */
    String clientOf(InetAddress remote, List<String> forwardedFor) {
        InetAddress client = remote;
        if (isTrusted(client)) {
            List<String> hops = new ArrayList<>();
            forwardedFor.forEach(value -> hops.addAll(Arrays.asList(value.split(","))));
            for (int index = hops.size() - 1; index >= 0 && isTrusted(client); index--) {
                Optional<InetAddress> hop = literal(hops.get(index).strip());
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return new AddressRange(address, IPV6_SUBSCRIBER_PREFIX).toString();
        }
        return address.getHostAddress();
    }

    /** An IP address literal; never a host name (no DNS lookup for what a client wrote). */
    static Optional<InetAddress> literal(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        }
        catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address and the number of leading bits that matter ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). */
    record AddressRange(InetAddress address, int prefixLength) {
        static AddressRange parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    RateLimit.PREFIX + "trusted-proxies: '" + text + "' is not an IP address or CIDR range"));
            int bits = parsed.getAddress().length * 8;
            int prefixLength;
            try {
                prefixLength = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            }
            catch (NumberFormatException e) {
                prefixLength = -1;
            }
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException(RateLimit.PREFIX + "trusted-proxies: '" + text + "' needs a prefix length between 0 and " + bits);
            }
            return new AddressRange(parsed, prefixLength);
        }

        boolean contains(InetAddress candidate) {
            byte[] range = address.getAddress();
            byte[] other = candidate.getAddress();
            if (range.length != other.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((range[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The range in CIDR notation, with the bits after the prefix cleared. */
        @Override
        public String toString() {
            byte[] masked = address.getAddress().clone();
            for (int bit = prefixLength; bit < masked.length * 8; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            try {
                return InetAddress.getByAddress(masked).getHostAddress() + "/" + prefixLength;
            }
            catch (UnknownHostException e) {
                throw new IllegalStateException("a masked address has the length of its address", e);
            }
        }
    }
}
