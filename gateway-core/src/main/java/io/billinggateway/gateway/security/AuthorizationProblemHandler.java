package io.billinggateway.gateway.security;

import io.billinggateway.gateway.problem.Problem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Answers a request the security rules refused with a problem document: 401 {@code unauthenticated} says whether
 * the credentials were missing or which defect the bearer token had (recorded by {@link BearerTokenValidator}),
 * 403 {@code forbidden} names the roles the endpoint accepts. Replaces Micronaut's handler, which answers with
 * the bare reason phrase and could redirect browsers to a login page the gateway does not have.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    static final String FORBIDDEN = "FORBIDDEN";
    private static final String INTERNAL_PATHS = "/internal/";
    private static final String CHALLENGE = "Bearer realm=\"billing-gateway\"";
    private static final Set<String> RULES_THAT_ARE_NOT_ROLES = Set.of(SecurityRule.IS_ANONYMOUS, SecurityRule.IS_AUTHENTICATED, SecurityRule.DENY_ALL);

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        return exception.isForbidden() ? forbidden(request) : unauthenticated(request);
    }

    private static MutableHttpResponse<Problem> unauthenticated(HttpRequest<?> request) {
        TokenRejection rejection = request.getAttribute(TokenRejection.ATTRIBUTE, TokenRejection.class)
                .orElseGet(() -> TokenRejection.Reason.MISSING.because("send the header Authorization: Bearer <token>"));
        String detail = request.getPath().startsWith(INTERNAL_PATHS)
                ? "the service token is missing or wrong: internal endpoints accept only the X-Service-Token header"
                : rejection.detail();
        String challenge = rejection.reason() == TokenRejection.Reason.MISSING ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"";
        return problem(request, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Authentication required", detail)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }

    private static MutableHttpResponse<Problem> forbidden(HttpRequest<?> request) {
        List<String> allowed = RouteAttributes.getRouteMatch(request)
                .map(route -> Arrays.asList(route.getAnnotationMetadata().stringValues(Secured.class)))
                .orElse(List.of()).stream()
                .filter(rule -> !RULES_THAT_ARE_NOT_ROLES.contains(rule))
                .toList();
        String detail;
        if (allowed.equals(List.of(Roles.SERVICE))) {
            detail = "this endpoint accepts only the service token (X-Service-Token header), not a bearer token";
        }
        else if (allowed.isEmpty()) {
            detail = "this endpoint is not open to the caller";
        }
        else if (allowed.size() == 1) {
            detail = "this endpoint needs the role " + allowed.getFirst() + " in the token's roles claim";
        }
        else {
            detail = "this endpoint needs one of the roles " + String.join(", ", allowed) + " in the token's roles claim";
        }
        return problem(request, HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed", detail);
    }

    private static MutableHttpResponse<Problem> problem(HttpRequest<?> request, HttpStatus status, String code, String title, String detail) {
        Problem problem = new Problem(Problem.typeOf(code), title, status.getCode(), detail, request.getPath(), code, false, null, null);
        return HttpResponse.<Problem>status(status).contentType(MediaType.of(Problem.MEDIA_TYPE)).body(problem);
    }
}
