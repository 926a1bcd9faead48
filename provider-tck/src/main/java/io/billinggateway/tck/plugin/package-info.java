/**
 * Plugin jars built at test time, for tests of plugin loading: {@link io.billinggateway.tck.plugin.TestingPluginJar}
 * compiles and packs a plugin, {@link io.billinggateway.tck.plugin.TestingPlugins} has a working fixture plugin
 * and the classic broken ones, and {@link io.billinggateway.tck.plugin.SpiOnlyClassLoader} is a host class
 * loader that sees only the SPI, as a packaged gateway does.
 */
package io.billinggateway.tck.plugin;
