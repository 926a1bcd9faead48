package io.billinggateway.gateway.openapi;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Rewrites the OpenAPI document micronaut-openapi generated so that every operation carries its area's tag, security
 * requirement and problem responses ({@link ApiArea}, {@link ProblemResponses}), short summaries, and schema names
 * without the Java classes that nest them; then merges {@code conventions.yml} (servers, tags, security schemes,
 * the problem schema and responses). What the code declares itself ({@code @Tag}, {@code @SecurityRequirement},
 * {@code @ApiResponse}, {@code @Schema(name)}) wins. Idempotent: the build may run it on a document it already rewrote.
 *
 * <p>The build runs {@link #main} at {@code process-classes}; {@code OpenApiLintTest} checks the result with
 * {@code redocly lint} and names every operation that still misses something.
 */
public final class ApiConventions {
    private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.+?[.;])(\\s|$)", Pattern.DOTALL);
    private static final int SUMMARY_LENGTH = 100;
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Written into a document this step completed (an extension, which OpenAPI tools ignore). */
    private static final String COMPLETED_MARK = "x-completed-by";
    private static final java.util.Set<String> GENERIC_OPERATIONS = java.util.Set.of("list", "get", "search", "create", "update", "delete", "find", "all");
    private static final java.util.Set<String> COLLECTION_OPERATIONS = java.util.Set.of("list", "search", "find", "all");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private ApiConventions() {
    }

    /**
     * {@code ApiConventions <generated document> <conventions.yml> <copy of the generated document>}: rewrites the
     * document in place. javac does not run again when only {@code conventions.yml} changed, so the document it wrote
     * is kept as the copy and a document this step already completed is completed again from that copy.
     */
    public static void main(String[] arguments) throws IOException {
        if (arguments.length != 3) {
            throw new IllegalArgumentException("usage: ApiConventions <openapi document> <conventions.yml> <copy of the generated document>");
        }
        Path documentFile = Path.of(arguments[0]);
        Path generatedCopy = Path.of(arguments[2]);
        Map<String, Object> document = load(documentFile);
        if (!document.containsKey(COMPLETED_MARK)) {
            Files.createDirectories(generatedCopy.toAbsolutePath().getParent());
            Files.copy(documentFile, generatedCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        else if (Files.isRegularFile(generatedCopy)) {
            document = load(generatedCopy);
        }
        apply(document, load(Path.of(arguments[1])));
        document.put(COMPLETED_MARK, ApiConventions.class.getName());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setSplitLines(false);
        Files.writeString(documentFile, new Yaml(options).dump(document), StandardCharsets.UTF_8);
    }

    /** Applies the conventions to a parsed document (maps and lists as SnakeYAML reads them). */
    public static void apply(Map<String, Object> document, Map<String, Object> conventions) {
        requireNonNull(document, "document is null");
        requireNonNull(conventions, "conventions is null");
        if (document.get("servers") instanceof List<?> servers && servers.isEmpty()) {
            document.remove("servers");
        }
        renameNestedSchemas(document);
        mergeMissing(document, conventions);
        map(document, "paths").forEach((path, item) -> operations(item).forEach((method, operation) -> applyArea(path, method, operation)));
        nameGenericOperations(document);
    }

    private static void applyArea(String path, String method, Map<String, Object> operation) {
        shortenSummary(operation);
        requireIdempotencyKey(operation);
        Optional<ApiArea> area = ApiArea.of(path);
        if (area.isEmpty()) {
            return;
        }
        ApiArea.Access access = area.get().access();
        operation.putIfAbsent("tags", new ArrayList<>(List.of(area.get().tag())));
        operation.putIfAbsent("security", switch (access) {
            case PUBLIC -> new ArrayList<>();
            case USER, STAFF -> requirement("bearer");
            case SERVICE -> requirement("serviceToken");
            case WEBHOOK -> requirement("webhookSignature");
        });
        Map<String, Object> responses = map(operation, "responses");
        ProblemResponses.of(method, path, operation, access)
                .forEach((status, component) -> responses.putIfAbsent(status, new LinkedHashMap<>(Map.of("$ref", "#/components/responses/" + component))));
    }

    /** A fresh list each time: SnakeYAML writes an object it meets twice as an anchor and alias, which readers handle badly. */
    private static List<Map<String, List<String>>> requirement(String scheme) {
        Map<String, List<String>> requirement = new LinkedHashMap<>();
        requirement.put(scheme, new ArrayList<>());
        return new ArrayList<>(List.of(requirement));
    }

    /**
     * Controllers bind {@code Idempotency-Key} as optional so that its absence is answered with a problem naming it;
     * for a client it is required, and a generated client should refuse to send a request without it.
     */
    @SuppressWarnings("unchecked")
    private static void requireIdempotencyKey(Map<String, Object> operation) {
        if (operation.get("parameters") instanceof List<?> parameters) {
            parameters.stream().filter(parameter -> parameter instanceof Map<?, ?> map && "header".equals(map.get("in"))
                            && IDEMPOTENCY_KEY.equalsIgnoreCase(String.valueOf(map.get("name"))))
                    .map(parameter -> (Map<String, Object>) parameter)
                    .forEach(parameter -> {
                        parameter.put("required", true);
                        parameter.putIfAbsent("description", "A key unique to this request (1-255 printable ASCII characters, e.g. a random UUID):"
                                + " sending the request again with the same key returns the first answer instead of acting twice;"
                                + " another request under the same key is a 422 idempotency-key-reused (docs/api.md, Idempotency).");
                        if (parameter.get("schema") instanceof Map<?, ?> schema) {
                            ((Map<String, Object>) schema).remove("nullable");
                        }
                    });
        }
    }

    /**
     * Operation ids are the controller methods' names, which a generated client turns into its method names: a generic
     * one ({@code list}, {@code get}, {@code search}) or one made unique by a number ({@code search_1}) gets its
     * resource, the last literal segment of its path: {@code searchSubscriptions}, {@code getPlan}.
     */
    private static void nameGenericOperations(Map<String, Object> document) {
        List<String> taken = new ArrayList<>();
        map(document, "paths").values().forEach(item -> operations(item).values().forEach(operation -> taken.add(String.valueOf(operation.get("operationId")))));
        map(document, "paths").forEach((path, item) -> operations(item).values().forEach(operation -> {
            if (!(operation.get("operationId") instanceof String operationId)) {
                return;
            }
            String base = operationId.replaceFirst("_[0-9]+$", "");
            if (base.equals(operationId) && !GENERIC_OPERATIONS.contains(base)) {
                return;
            }
            List<String> literals = List.of(path.split("/")).stream().filter(segment -> !segment.isEmpty() && !segment.startsWith("{")).toList();
            if (literals.isEmpty()) {
                return;
            }
            String resource = literals.getLast().replaceAll("[^A-Za-z0-9]", "");
            if (!COLLECTION_OPERATIONS.contains(base) && resource.endsWith("s")) {
                resource = resource.substring(0, resource.length() - 1);
            }
            String named = base.replaceFirst("^call", "").toLowerCase(java.util.Locale.ROOT).substring(0, 1)
                    + base.replaceFirst("^call", "").substring(1) + Character.toUpperCase(resource.charAt(0)) + resource.substring(1);
            if (!taken.contains(named)) {
                taken.add(named);
                operation.put("operationId", named);
            }
        }));
    }

    /** micronaut-openapi copies the whole Javadoc into the summary; a summary is one line, the description keeps the rest. */
    private static void shortenSummary(Map<String, Object> operation) {
        Object summary = operation.get("summary");
        Object description = operation.get("description");
        String text = summary instanceof String written ? written : description instanceof String described ? described : null;
        if (text == null) {
            return;
        }
        Matcher sentence = FIRST_SENTENCE.matcher(text.strip());
        String first = sentence.find() ? sentence.group(1) : text.strip();
        first = first.replaceAll("\\s+", " ").replaceFirst("[.;]$", "");
        if (first.length() > SUMMARY_LENGTH) {
            first = first.substring(0, first.lastIndexOf(' ', SUMMARY_LENGTH)) + " …";
        }
        operation.put("summary", first);
        if (description == null) {
            operation.put("description", text);
        }
    }

    /**
     * {@code StaffPaymentsController.PaymentDetail} becomes {@code PaymentDetail}; where two nested types share a
     * name, the outer type's name without {@code Controller}, {@code Views} or {@code Requests} prefixes it.
     */
    private static void renameNestedSchemas(Map<String, Object> document) {
        Map<String, Object> schemas = map(map(document, "components"), "schemas");
        Map<String, String> renamed = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>(schemas.keySet().stream().filter(name -> !name.contains(".")).toList());
        for (String name : schemas.keySet()) {
            if (!name.contains(".")) {
                continue;
            }
            String simple = name.substring(name.lastIndexOf('.') + 1);
            String outer = name.substring(0, name.lastIndexOf('.')).replaceAll("^.*\\.", "").replaceFirst("(Controller|Views|Requests)$", "");
            String chosen = taken.contains(simple) || schemas.keySet().stream().filter(other -> other.endsWith("." + simple)).count() > 1 ? outer + simple : simple;
            taken.add(chosen);
            renamed.put(name, chosen);
        }
        if (renamed.isEmpty()) {
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> result.put(renamed.getOrDefault(name, name), schema));
        schemas.clear();
        schemas.putAll(result);
        rewriteReferences(document, renamed);
    }

    @SuppressWarnings("unchecked")
    private static void rewriteReferences(Object node, Map<String, String> renamed) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (object.get("$ref") instanceof String reference && reference.startsWith(SCHEMAS)) {
                String target = reference.substring(SCHEMAS.length());
                object.put("$ref", SCHEMAS + renamed.getOrDefault(target, target));
            }
            object.values().forEach(value -> rewriteReferences(value, renamed));
        }
        else if (node instanceof List<?> list) {
            list.forEach(value -> rewriteReferences(value, renamed));
        }
    }

    /**
     * Adds what {@code source} has and {@code target} lacks, recursively for maps. Tags a controller declared itself
     * ({@code @Tag} with a description) are kept and ours added after them; other lists (servers) are taken whole when absent.
     */
    @SuppressWarnings("unchecked")
    private static void mergeMissing(Map<String, Object> target, Map<String, Object> source) {
        source.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing == null) {
                target.put(key, value);
            }
            else if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                mergeMissing((Map<String, Object>) existingMap, (Map<String, Object>) valueMap);
            }
            else if ("tags".equals(key) && existing instanceof List<?> existingTags && value instanceof List<?> tags) {
                List<Object> merged = new ArrayList<>(existingTags);
                tags.stream().filter(tag -> existingTags.stream().noneMatch(declared -> nameOf(declared).equals(nameOf(tag)))).forEach(merged::add);
                target.put(key, merged);
            }
        });
    }

    private static String nameOf(Object tag) {
        return tag instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : String.valueOf(tag);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> operations(Object pathItem) {
        Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
        if (pathItem instanceof Map<?, ?> item) {
            METHODS.forEach(method -> {
                if (item.get(method) instanceof Map<?, ?> operation) {
                    operations.put(method, (Map<String, Object>) operation);
                }
            });
        }
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, missing -> new LinkedHashMap<String, Object>());
    }

    private static Map<String, Object> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Map<String, Object> loaded = new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
        if (loaded == null) {
            throw new IOException(file + " is empty");
        }
        return loaded;
    }
}
