package io.billinggateway.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import io.billinggateway.gateway.problem.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.RouteAttributes;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Applies the abuse limits of {@code billing.rate-limits} (defaults in application.yml) before any controller runs:
 * checkout and subscribe per user, webhooks per client address, and every endpoint open to anonymous callers
 * (catalog, networks, health, metrics, OpenAPI, unknown paths) per client address. Runs right after the security
 * filter, so the user of a checkout is known; a request that security refused never reaches it, and one it refuses
 * reaches nothing else.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
final class RateLimitFilter implements HttpServerFilter {
    static final String CODE = "RATE_LIMITED";
    private static final Set<String> CHECKOUT_PATHS = Set.of("/v1/billing/checkout", "/v1/billing/subscribe");
    private static final Pattern WEBHOOK_PATH = Pattern.compile("/v1/billing/networks/[^/]+/webhook|/v1/billing/contracts/webhook");

    private final RateLimitBuckets checkout;
    private final RateLimitBuckets webhooks;
    private final RateLimitBuckets anonymous;
    private final ClientAddresses clientAddresses;
    private final MeterRegistry metrics;

    RateLimitFilter(PropertyResolver configuration, MeterRegistry metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        int maximumTrackedClients = configuration.getRequiredProperty(RateLimit.PREFIX + "max-tracked-clients", Integer.class);
        this.checkout = buckets(RateLimit.configured(configuration, "checkout"), maximumTrackedClients);
        this.webhooks = buckets(RateLimit.configured(configuration, "webhooks"), maximumTrackedClients);
        this.anonymous = buckets(RateLimit.configured(configuration, "anonymous"), maximumTrackedClients);
        this.clientAddresses = new ClientAddresses(configuration.getProperty(RateLimit.PREFIX + "trusted-proxies", Argument.listOf(String.class)).orElse(List.of()));
    }

    /** Evictions run on the request thread, a few at a time, rather than on the shared fork-join pool. */
    private static RateLimitBuckets buckets(RateLimit limit, int maximumTrackedClients) {
        return new RateLimitBuckets(limit, maximumTrackedClients, Ticker.systemTicker(), Runnable::run);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<MutableHttpResponse<?>> refusal = check(request);
        return refusal.<Publisher<MutableHttpResponse<?>>>map(Publishers::just).orElseGet(() -> chain.proceed(request));
    }

    private Optional<MutableHttpResponse<?>> check(HttpRequest<?> request) {
        String path = request.getPath();
        if (request.getMethod() == HttpMethod.POST && CHECKOUT_PATHS.contains(path)) {
            Optional<Authentication> user = request.getUserPrincipal(Authentication.class);
            return user.flatMap(authentication -> refuse(request, checkout, authentication.getName(),
                    "checkout and subscribe requests per minute for this user"));
        }
        if (request.getMethod() == HttpMethod.POST && WEBHOOK_PATH.matcher(path).matches()) {
            return refuse(request, webhooks, clientOf(request), "webhook deliveries per minute from this address");
        }
        if (isOpenToAnonymousCallers(request)) {
            return refuse(request, anonymous, clientOf(request), "requests per minute from this address to endpoints open without a token");
        }
        return Optional.empty();
    }

    /** A route without {@code @Secured} (management endpoints, static files, unknown paths) or one that admits anonymous callers. */
    private static boolean isOpenToAnonymousCallers(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(route -> route.getAnnotationMetadata().stringValues(Secured.class))
                .map(rules -> rules.length == 0 || Arrays.asList(rules).contains(SecurityRule.IS_ANONYMOUS))
                .orElse(true);
    }

    private String clientOf(HttpRequest<?> request) {
        return clientAddresses.clientOf(request.getRemoteAddress().getAddress(), request.getHeaders().getAll(ClientAddresses.FORWARDED_FOR));
    }

    private Optional<MutableHttpResponse<?>> refuse(HttpRequest<?> request, RateLimitBuckets buckets, String key, String what) {
        return buckets.acquire(key).map(wait -> {
            metrics.counter("billing_rate_limited_total", "limit", buckets.limit().name()).increment();
            long retryAfterSeconds = retryAfterSeconds(wait);
            String detail = "more than " + buckets.limit().perMinute() + " " + what + "; retry after " + retryAfterSeconds + " s";
            Problem problem = new Problem(Problem.typeOf(CODE), "Too many requests", HttpStatus.TOO_MANY_REQUESTS.getCode(), detail, request.getPath(),
                    CODE, true, null, null);
            return HttpResponse.<Problem>status(HttpStatus.TOO_MANY_REQUESTS)
                    .contentType(MediaType.of(Problem.MEDIA_TYPE))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                    .body(problem);
        });
    }

    /** Whole seconds, rounded up: a client that waits exactly this long finds a token. */
    private static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
