package io.billinggateway.gateway.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Builds fuzz cases from choices: an endpoint, then up to three changes to its valid request, each to one
 * aspect (caller, path parameter, query parameter, body field, whole body, header). Every list of options
 * starts with the simplest, and zero changes is the valid request, so a shrunk case changes as little as
 * still fails.
 */
final class RequestGenerator {
    enum Aspect { CALLER, PATH, QUERY, FIELD, BODY, HEADER }

    private final Credentials credentials;
    private final Set<Aspect> aspects;
    private final AtomicLong unique = new AtomicLong();

    RequestGenerator(Credentials credentials, Set<Aspect> aspects) {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.aspects = EnumSet.copyOf(aspects);
    }

    FuzzCase draw(List<Endpoint> endpoints, Choices choices) {
        Endpoint endpoint = endpoints.get(choices.below(endpoints.size()));
        List<Aspect> applicable = aspects.stream().filter(aspect -> applies(aspect, endpoint)).toList();
        Draft draft = new Draft(endpoint);
        int count = applicable.isEmpty() ? 0 : applicable.size() == 1 ? choices.weighted(1, 9) : choices.weighted(1, 6, 2, 1);
        for (int change = 0; change < count; change++) {
            switch (applicable.get(choices.below(applicable.size()))) {
                case CALLER -> {
                    List<Credentials.Caller> callers = credentials.callers(endpoint.access());
                    draft.callerIndex = 1 + choices.below(callers.size() - 1);
                }
                case PATH -> {
                    Endpoint.PathParameter parameter = endpoint.pathParameters().get(choices.below(endpoint.pathParameters().size()));
                    draft.change("path {" + parameter.name() + "}", draft.path, parameter.name(), pick(PathMutations.pathParameter(parameter), choices));
                }
                case QUERY -> {
                    Endpoint.QueryParameter parameter = endpoint.queryParameters().get(choices.below(endpoint.queryParameters().size()));
                    draft.change("query " + parameter.name(), draft.query, parameter.name(), pick(PathMutations.queryParameter(parameter), choices));
                }
                case FIELD -> {
                    FieldRule rule = endpoint.body().fields().get(choices.below(endpoint.body().fields().size()));
                    Object valid = JsonPaths.get(draft.validBody, rule.path());
                    Mutation mutation = pick(FieldMutations.of(rule, valid), choices);
                    if (endpoint.webhook() != null) {
                        // Signed anew with the PSP's secret: an authentic event, which the gateway may also accept.
                        mutation = Mutation.valid(mutation.label() + ", signed by the PSP", mutation.value());
                    }
                    draft.change("body field " + rule.path(), draft.fields, rule.path(), mutation);
                }
                case BODY -> {
                    List<Mutation> options = endpoint.webhook() != null ? WebhookMutations.of(endpoint.webhook())
                            : BodyMutations.of(endpoint.body(), JsonText.write(draft.validBody));
                    draft.change("body", draft.whole, "body", pick(options, choices));
                }
                case HEADER -> {
                    List<String> names = new ArrayList<>();
                    if (endpoint.body() != null) {
                        names.add(HeaderMutations.CONTENT_TYPE);
                    }
                    if (endpoint.idempotencyKey()) {
                        names.add(HeaderMutations.IDEMPOTENCY_KEY);
                    }
                    names.add(HeaderMutations.EXTRA);
                    String name = names.get(choices.below(names.size()));
                    List<Mutation> options = switch (name) {
                        case HeaderMutations.CONTENT_TYPE -> HeaderMutations.contentType(endpoint.webhook() != null);
                        case HeaderMutations.IDEMPOTENCY_KEY -> HeaderMutations.idempotencyKey();
                        default -> HeaderMutations.extra();
                    };
                    draft.change("header " + name, draft.headers, name, pick(options, choices));
                }
            }
        }
        return draft.build();
    }

    private static Mutation pick(List<Mutation> options, Choices choices) {
        return options.get(choices.below(options.size()));
    }

    private static boolean applies(Aspect aspect, Endpoint endpoint) {
        return switch (aspect) {
            case CALLER, HEADER -> true;
            case PATH -> !endpoint.pathParameters().isEmpty();
            case QUERY -> !endpoint.queryParameters().isEmpty();
            case FIELD -> endpoint.body() != null && !endpoint.body().fields().isEmpty();
            case BODY -> endpoint.body() != null;
        };
    }

    /** The valid request of an endpoint and the changes drawn so far. */
    private final class Draft {
        private final Endpoint endpoint;
        private final Object validBody;
        private int callerIndex;
        private final Map<String, Mutation> path = new LinkedHashMap<>();
        private final Map<String, Mutation> query = new LinkedHashMap<>();
        private final Map<String, Mutation> fields = new LinkedHashMap<>();
        private final Map<String, Mutation> whole = new LinkedHashMap<>();
        private final Map<String, Mutation> headers = new LinkedHashMap<>();
        private final List<String> changes = new ArrayList<>();
        private final List<String> invalidBecause = new ArrayList<>();

        Draft(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.validBody = endpoint.body() == null ? null : JsonPaths.mutableCopy(endpoint.body().valid().get());
        }

        /** Records a change; a later change of the same thing replaces the earlier one, label and all. */
        void change(String what, Map<String, Mutation> target, String key, Mutation mutation) {
            Mutation earlier = target.put(key, mutation);
            if (earlier != null) {
                forget(what + " = " + earlier.label());
            }
            String label = what + " = " + mutation.label();
            changes.add(label);
            if (mutation.invalid()) {
                invalidBecause.add(label);
            }
        }

        private void forget(String label) {
            changes.remove(label);
            invalidBecause.remove(label);
        }

        FuzzCase build() {
            if (whole.containsKey("body")) {
                // A replaced body no longer carries the field changes.
                fields.forEach((path, mutation) -> forget("body field " + path + " = " + mutation.label()));
                fields.clear();
            }
            List<Credentials.Caller> callers = credentials.callers(endpoint.access());
            Credentials.Caller caller = callers.get(callerIndex);
            if (callerIndex > 0) {
                String label = "caller = " + caller.label();
                changes.add(0, label);
                if (!caller.admitted()) {
                    invalidBecause.add(0, label);
                }
            }
            List<FuzzRequest.Header> requestHeaders = new ArrayList<>(caller.headers());
            byte[] body = null;
            if (endpoint.webhook() != null) {
                WebhookMutations.Variant variant = whole.containsKey("body") ? (WebhookMutations.Variant) whole.get("body").value()
                        : fields.isEmpty() ? WebhookMutations.genuine(endpoint.webhook()) : resigned(endpoint.webhook());
                requestHeaders.add(new FuzzRequest.Header(HeaderMutations.CONTENT_TYPE, "application/json"));
                requestHeaders.add(new FuzzRequest.Header("webhook-id", variant.id()));
                requestHeaders.add(new FuzzRequest.Header("webhook-timestamp", variant.timestamp()));
                if (variant.signature() != null) {
                    requestHeaders.add(new FuzzRequest.Header("webhook-signature", variant.signature()));
                }
                body = variant.body();
            }
            else if (endpoint.body() != null) {
                Object json = validBody;
                for (Map.Entry<String, Mutation> field : fields.entrySet()) {
                    json = JsonPaths.set(json, field.getKey(), field.getValue().value());
                }
                body = JsonText.write(json).getBytes(StandardCharsets.UTF_8);
                if (whole.containsKey("body")) {
                    Object replacement = whole.get("body").value();
                    body = replacement == Mutation.ABSENT ? null : (byte[]) replacement;
                }
                requestHeaders.add(new FuzzRequest.Header(HeaderMutations.CONTENT_TYPE, "application/json"));
            }
            if (endpoint.idempotencyKey()) {
                requestHeaders.add(new FuzzRequest.Header(HeaderMutations.IDEMPOTENCY_KEY, "fuzz-" + System.nanoTime() + "-" + unique.incrementAndGet()));
            }
            FuzzRequest request = new FuzzRequest(endpoint.method(), target(), requestHeaders, body);
            for (Map.Entry<String, Mutation> header : headers.entrySet()) {
                request = applyHeader(request, header.getKey(), header.getValue().value());
            }
            return new FuzzCase(endpoint, request, changes, invalidBecause);
        }

        /** The genuine event with the field changes, under a fresh message id and a valid signature. */
        private WebhookMutations.Variant resigned(SignedDelivery delivery) {
            Object json = validBody;
            for (Map.Entry<String, Mutation> field : fields.entrySet()) {
                json = JsonPaths.set(json, field.getKey(), field.getValue().value());
            }
            byte[] content = JsonText.write(json).getBytes(StandardCharsets.UTF_8);
            String id = "msg_fuzz_" + System.nanoTime() + "_" + unique.incrementAndGet();
            long timestamp = System.currentTimeMillis() / 1000;
            return new WebhookMutations.Variant(content, id, Long.toString(timestamp), delivery.sign(id, timestamp, content));
        }

        private String target() {
            String target = endpoint.path();
            for (Endpoint.PathParameter parameter : endpoint.pathParameters()) {
                Mutation change = path.get(parameter.name());
                target = target.replace("{" + parameter.name() + "}", change == null ? parameter.valid().get() : String.valueOf(change.value()));
            }
            List<String> pairs = new ArrayList<>();
            for (Endpoint.QueryParameter parameter : endpoint.queryParameters()) {
                Object value = query.containsKey(parameter.name()) ? query.get(parameter.name()).value() : parameter.valid();
                if (value instanceof List<?> values) {
                    values.forEach(each -> pairs.add(parameter.name() + "=" + each));
                }
                else if (value != null && value != Mutation.ABSENT) {
                    pairs.add(parameter.name() + "=" + value);
                }
            }
            return pairs.isEmpty() ? target : target + "?" + String.join("&", pairs);
        }
    }

    private static FuzzRequest applyHeader(FuzzRequest request, String name, Object value) {
        if (name.equals(HeaderMutations.EXTRA)) {
            FuzzRequest changed = request;
            for (Map.Entry<?, ?> extra : ((Map<?, ?>) value).entrySet()) {
                changed = changed.plusHeader(new FuzzRequest.Header(String.valueOf(extra.getKey()), String.valueOf(extra.getValue())));
            }
            return changed;
        }
        if (value == Mutation.ABSENT) {
            return request.withHeader(name, null);
        }
        if (value instanceof List<?> values) {
            FuzzRequest changed = request.withHeader(name, null);
            for (Object each : values) {
                changed = changed.plusHeader(new FuzzRequest.Header(name, String.valueOf(each)));
            }
            return changed;
        }
        return request.withHeader(name, new FuzzRequest.Header(name, String.valueOf(value)));
    }
}
