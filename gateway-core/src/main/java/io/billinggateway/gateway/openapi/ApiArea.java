package io.billinggateway.gateway.openapi;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A part of the API that one audience uses, recognised by its paths: it names the operations' tag and says who may
 * call them. The first area whose pattern matches a path wins, so narrower areas come first in {@link #ALL}.
 *
 * @param tag the OpenAPI tag of the area's operations (described in {@code src/main/openapi/conventions.yml})
 * @param paths the paths of the area (whole path, {@code {name}} segments as written in the document)
 * @param access who may call the area's operations
 */
public record ApiArea(String tag, Pattern paths, Access access) {
    /** Who may call an operation; decides its security requirement and its 401, 403 and 429 responses. */
    public enum Access {
        /** Anyone, without a token; rate limited per client address. */
        PUBLIC,
        /** A user with a bearer token, acting for the token's subject. */
        USER,
        /** Staff with a bearer token carrying one of the area's roles; others get 403. */
        STAFF,
        /** Another service presenting the service token ({@code X-Service-Token}). */
        SERVICE,
        /** A provider whose delivery carries a signature the network's provider checks; rate limited per address. */
        WEBHOOK
    }

    /** The areas of the gateway's API, narrowest first. */
    public static final List<ApiArea> ALL = List.of(
            new ApiArea("internal", Pattern.compile("/internal/.*"), Access.SERVICE),
            new ApiArea("webhooks", Pattern.compile("/v1/billing/(networks/[^/]+|contracts)/webhook"), Access.WEBHOOK),
            new ApiArea("admin", Pattern.compile("/v1/billing/admin(/.*)?"), Access.STAFF),
            new ApiArea("overview", Pattern.compile("/v1/billing/overview(/.*)?"), Access.STAFF),
            new ApiArea("me", Pattern.compile("/v1/billing/me(/.*)?"), Access.USER),
            new ApiArea("checkout", Pattern.compile("/v1/billing/(checkout|subscribe|unsubscribe)(/.*)?"), Access.USER),
            new ApiArea("catalog", Pattern.compile("/v1/billing/(plans|networks)(/.*)?"), Access.PUBLIC));

    public ApiArea {
        requireNonNull(tag, "tag is null");
        requireNonNull(paths, "paths is null");
        requireNonNull(access, "access is null");
    }

    /** The area of a path as the document writes it, or empty when no area claims it (the lint test names such paths). */
    public static Optional<ApiArea> of(String path) {
        return ALL.stream().filter(area -> area.paths().matcher(path).matches()).findFirst();
    }
}
