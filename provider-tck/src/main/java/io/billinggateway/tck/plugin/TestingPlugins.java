package io.billinggateway.tck.plugin;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Ready-made fixture plugins, each a {@link TestingPluginJar} of a tiny provider: one that works, and the
 * classic ways of packaging one wrongly (Kafka Connect's {@code test-plugins/bad-packaging}). The loader must
 * load the first and reject each of the others with one clear line.
 *
 * <p>The working provider offers no optional capability; it describes its network with one asset
 * ({@code XTS}, 2 decimals) and reports in its health details which class loaders were in charge:
 * {@code create-context-class-loader} and {@code call-context-class-loader} (the thread's context class loader
 * while {@code create} and {@code health} ran) and {@code class-loader} (the provider's own), by name.
 * A {@code greeting} key (default {@code hello}) shows that configuration arrives.
 */
public final class TestingPlugins {
    /** The health detail naming the context class loader while {@code create} ran. */
    public static final String CREATE_CONTEXT_CLASS_LOADER = "create-context-class-loader";
    /** The health detail naming the context class loader while {@code health} ran. */
    public static final String CALL_CONTEXT_CLASS_LOADER = "call-context-class-loader";
    /** The health detail naming the provider class's own loader. */
    public static final String CLASS_LOADER = "class-loader";

    /** A factory of a superclass that {@link #withMissingSuperclass} leaves out of the jar. */
    private static final String FACTORY_WITH_SUPERCLASS = """
            package %1$s;

            import io.billinggateway.spi.*;
            import java.util.List;
            import java.util.Set;

            public final class FixtureBillingProviderFactory extends FixtureBaseFactory {
                @Override
                public String providerId() {
                    return "%2$s";
                }

                @Override
                public String spiVersion() {
                    return SpiVersion.CURRENT;
                }

                @Override
                public Set<Capability> capabilities() {
                    return Set.of();
                }

                @Override
                public List<ConfigKey> configKeys() {
                    return List.of();
                }

                @Override
                public BillingProvider create(NetworkConfig config, ProviderContext context) {
                    return new FixtureBillingProvider(config, String.valueOf(Thread.currentThread().getContextClassLoader().getName()));
                }
            }
            """;

    private TestingPlugins() {
    }

    /** The fully qualified name of the factory class of the fixture plugin for {@code providerId}. */
    public static String factoryClass(String providerId) {
        return packageOf(providerId) + ".FixtureBillingProviderFactory";
    }

    /** A plugin that loads and works, in {@code <providerId>.jar}. */
    public static TestingPluginJar working(String providerId) {
        return plugin(providerId, "", "SpiVersion.CURRENT", "");
    }

    /** A factory whose only constructor takes an argument, so ServiceLoader cannot instantiate it. */
    public static TestingPluginJar withoutNoArgConstructor(String providerId) {
        return plugin(providerId, "", "SpiVersion.CURRENT", """
                    public FixtureBillingProviderFactory(String unused) {
                    }
                """);
    }

    /** A factory whose static initialiser throws {@code IllegalStateException: fixture static initialiser fails on purpose}. */
    public static TestingPluginJar withThrowingStaticInitialiser(String providerId) {
        return plugin(providerId, "", "SpiVersion.CURRENT", """
                    private static final int BROKEN = fail();

                    private static int fail() {
                        throw new IllegalStateException("fixture static initialiser fails on purpose");
                    }
                """);
    }

    /** A factory that reports being built for another SPI version, such as {@code "2.0"} or {@code "1.99"}. */
    public static TestingPluginJar builtForSpi(String providerId, String spiVersion) {
        requireNonNull(spiVersion, "spiVersion is null");
        return plugin(providerId, "", "\"" + spiVersion.replace("\"", "") + "\"", "");
    }

    /** A working plugin whose jar lacks its {@code META-INF/services} file. */
    public static TestingPluginJar withoutServicesFile(String providerId) {
        return working(providerId).withoutServicesFile();
    }

    /**
     * A factory that uses a class ({@code <package>.FixtureDependency}) the jar does not contain, as a plugin
     * that forgot to bundle a library would.
     */
    public static TestingPluginJar withMissingDependency(String providerId) {
        String dependency = packageOf(providerId) + ".FixtureDependency";
        return plugin(providerId, "", "SpiVersion.CURRENT", """
                    private final FixtureDependency dependency = new FixtureDependency();
                """)
                .source(dependency, """
                        package %s;

                        public final class FixtureDependency {
                        }
                        """.formatted(packageOf(providerId)))
                .leaveOut(dependency);
    }

    /**
     * A factory whose superclass ({@code <package>.FixtureBaseFactory}) the jar does not contain, so that the
     * factory class itself cannot be defined.
     */
    public static TestingPluginJar withMissingSuperclass(String providerId) {
        String packageName = packageOf(providerId);
        String base = packageName + ".FixtureBaseFactory";
        TestingPluginJar jar = working(providerId);
        return jar
                .source(packageName + ".FixtureBillingProviderFactory", FACTORY_WITH_SUPERCLASS.formatted(packageName, providerId))
                .source(base, """
                        package %s;

                        public abstract class FixtureBaseFactory implements io.billinggateway.spi.BillingProviderFactory {
                        }
                        """.formatted(packageName))
                .leaveOut(base);
    }

    private static TestingPluginJar plugin(String providerId, String providerMembers, String spiVersionExpression, String factoryMembers) {
        requireNonNull(providerId, "providerId is null");
        String packageName = packageOf(providerId);
        return TestingPluginJar.named(providerId)
                .source(packageName + ".FixtureBillingProviderFactory", """
                        package %1$s;

                        import io.billinggateway.spi.*;
                        import java.util.List;
                        import java.util.Set;

                        public final class FixtureBillingProviderFactory implements BillingProviderFactory {
                        %4$s
                            @Override
                            public String providerId() {
                                return "%2$s";
                            }

                            @Override
                            public String spiVersion() {
                                return %3$s;
                            }

                            @Override
                            public Set<Capability> capabilities() {
                                return Set.of();
                            }

                            @Override
                            public List<ConfigKey> configKeys() {
                                return List.of(ConfigKey.optional("greeting", "hello", "a value the provider reports in its health details"));
                            }

                            @Override
                            public BillingProvider create(NetworkConfig config, ProviderContext context) {
                                return new FixtureBillingProvider(config, String.valueOf(Thread.currentThread().getContextClassLoader().getName()));
                            }
                        }
                        """.formatted(packageName, providerId, spiVersionExpression, factoryMembers))
                .source(packageName + ".FixtureBillingProvider", """
                        package %1$s;

                        import io.billinggateway.spi.*;
                        import java.util.List;
                        import java.util.Map;
                        import java.util.Set;

                        final class FixtureBillingProvider implements BillingProvider {
                            private final NetworkConfig config;
                            private final String createContextClassLoader;
                        %3$s
                            FixtureBillingProvider(NetworkConfig config, String createContextClassLoader) {
                                this.config = config;
                                this.createContextClassLoader = createContextClassLoader;
                            }

                            @Override
                            public NetworkDescription describe() {
                                return new NetworkDescription(config.network(), "%2$s", config.chainId(), List.of(Asset.nativeAsset("XTS", 2)), Set.of(), 0, 1);
                            }

                            @Override
                            public HealthReport health() {
                                return HealthReport.up(Map.of(
                                        "%4$s", createContextClassLoader,
                                        "%5$s", String.valueOf(Thread.currentThread().getContextClassLoader().getName()),
                                        "%6$s", String.valueOf(getClass().getClassLoader().getName()),
                                        "greeting", config.get("greeting").orElse("")));
                            }

                            @Override
                            public PlanRegistration registerPlan(RegisterPlanRequest request) {
                                throw new BillingException(ErrorCode.INVALID_REQUEST, "the fixture plugin sells nothing");
                            }

                            @Override
                            public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
                                throw new BillingException(ErrorCode.NOT_FOUND, "the fixture plugin has no plan '" + request.providerPlanRef() + "'");
                            }

                            @Override
                            public CheckoutResult checkout(CheckoutRequest request) {
                                throw BillingException.unsupported("%2$s", "checkout(" + request.kind() + ")",
                                        request.kind() == CheckoutKind.ONE_TIME ? Capability.ONE_TIME_PAYMENT : Capability.RECURRING_CHARGE);
                            }
                        }
                        """.formatted(packageName, providerId, providerMembers, CREATE_CONTEXT_CLASS_LOADER, CALL_CONTEXT_CLASS_LOADER, CLASS_LOADER))
                .registerFactory(packageName + ".FixtureBillingProviderFactory");
    }

    private static String packageOf(String providerId) {
        if (!providerId.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("a fixture plugin's providerId is lower-case letters, digits and dashes, starting with a letter; got '" + providerId + "'");
        }
        return "fixture.plugin." + providerId.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
