package io.billinggateway.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTest {
    private static final InetAddress PROXY = address("10.0.0.5");
    private static final InetAddress CLIENT = address("203.0.113.9");

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(List.of());

        assertThat(addresses.clientOf(CLIENT, List.of("198.51.100.1"))).as("a client cannot choose its own key").isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightmostUntrustedHop() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.10"));

        assertThat(addresses.clientOf(PROXY, List.of("198.51.100.1, 203.0.113.9"))).as("the spoofed left entry is ignored").isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf(PROXY, List.of("203.0.113.9, 192.0.2.10", "10.1.2.3"))).as("a chain of trusted proxies, header given twice")
                .isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf(PROXY, List.of())).as("no header: the proxy itself").isEqualTo("10.0.0.5");
        assertThat(addresses.clientOf(PROXY, List.of("not-an-address"))).as("garbage is not a client").isEqualTo("10.0.0.5");
        assertThat(addresses.clientOf(CLIENT, List.of("198.51.100.1"))).as("an untrusted peer's header is ignored").isEqualTo("203.0.113.9");
    }

    @Test
    void anIpv6ClientCountsPerSlash64() {
        ClientAddresses addresses = new ClientAddresses(List.of());

        assertThat(addresses.clientOf(address("2001:db8:1:2:aaaa::1"), List.of()))
                .isEqualTo(addresses.clientOf(address("2001:db8:1:2:bbbb::7"), List.of()))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(addresses.clientOf(address("2001:db8:1:3::1"), List.of())).isEqualTo("2001:db8:1:3:0:0:0:0/64");
    }

    @Test
    void aHostNameIsNeverLookedUp() {
        assertThat(ClientAddresses.literal("localhost")).isEmpty();
        assertThat(ClientAddresses.literal("example.com")).isEmpty();
    }

    @Test
    void aBadTrustedProxyIsAConfigurationErrorThatNamesIt() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .hasMessage("billing.rate-limits.trusted-proxies: 'proxy.internal' is not an IP address or CIDR range");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")))
                .hasMessage("billing.rate-limits.trusted-proxies: '10.0.0.0/33' needs a prefix length between 0 and 32");
    }

    private static InetAddress address(String literal) {
        return ClientAddresses.literal(literal).orElseThrow();
    }
}
