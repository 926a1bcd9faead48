package io.billinggateway.gateway.input;

import io.billinggateway.gateway.problem.InvalidRequestException;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose path or query carries control characters once decoded ({@code %00}, {@code %0A}, ...):
 * no path segment, slug, network name or query value of the API may contain one, and letting them through would
 * only carry them into lookups, logs and the database. Runs before authentication, so the answer is the same for
 * every caller.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestTargetFilter implements Ordered {
    /** Longer paths and query values are refused: no identifier of the API comes close. */
    static final int MAX_LENGTH = 2000;

    @RequestFilter
    void check(HttpRequest<?> request) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        TextRules.check(errors, "path", decodedPath(request), MAX_LENGTH, false);
        for (Map.Entry<String, List<String>> parameter : request.getParameters().asMap().entrySet()) {
            String name = parameter.getKey();
            if (TextRules.problem(name, 64, false).isPresent()) {
                errors.add("query", "parameter names must be at most 64 characters without control characters");
                continue;
            }
            parameter.getValue().forEach(value -> TextRules.check(errors, "query parameter " + name, value, MAX_LENGTH, false));
        }
        errors.throwIfAny();
    }

    private static String decodedPath(HttpRequest<?> request) {
        String path = request.getUri().getPath();
        return path == null ? request.getPath() : path;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
