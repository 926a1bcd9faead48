package io.billinggateway.gateway.openapi;

import io.billinggateway.gateway.testing.NodeTools;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the build generated (and {@link ApiConventions} completed) is one that tools accept: first our
 * own conventions, operation by operation with what to do about each gap, then {@code redocly lint} with its
 * recommended rules, which fails this test (and so the build) on any error.
 */
class OpenApiLintTest {
    /** Where micronaut-openapi writes the document and the server serves it from (/swagger/billing-gateway.yml). */
    static final Path DOCUMENT = Path.of("target/classes/META-INF/swagger/billing-gateway.yml").toAbsolutePath();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    @Test
    void everyOperationHasAnAreaSecurityASummaryAndProblemResponses() throws IOException {
        Map<String, Object> document = load();
        List<String> gaps = new ArrayList<>();
        child(document, "paths").forEach((path, item) -> METHODS.forEach(method -> {
            if (!(child(document, "paths").get(path) instanceof Map<?, ?> pathItem) || !(pathItem.get(method) instanceof Map<?, ?> operation)) {
                return;
            }
            String name = method.toUpperCase(java.util.Locale.ROOT) + " " + path + " (" + operation.get("operationId") + ")";
            if (operation.get("tags") == null || operation.get("security") == null) {
                gaps.add(name + ": no area: add a path pattern to ApiArea.ALL (a PUBLIC one for an endpoint open to anyone),"
                        + " or put @Tag and @SecurityRequirement on the controller");
            }
            if (!(operation.get("summary") instanceof String summary) || summary.isBlank()) {
                gaps.add(name + ": no summary: give the controller method a Javadoc comment whose first sentence says what it does");
            }
            if (!(operation.get("responses") instanceof Map<?, ?> responses) || responses.keySet().stream().noneMatch(status -> String.valueOf(status).startsWith("4"))) {
                gaps.add(name + ": no 4xx response: it has no input, no path variable and no security; document its errors with @ApiResponse");
            }
        }));
        assertThat(gaps).as("operations that miss an OpenAPI convention (docs/api.md, \"OpenAPI\")").isEmpty();
    }

    @Test
    void schemaNamesAreNotJavaClassNames() throws IOException {
        Map<String, Object> components = child(load(), "components");
        assertThat(child(components, "schemas").keySet()).as("schema names").allSatisfy(name -> assertThat(name)
                .as("a schema name without its Java nesting; @Schema(name = ...) names it explicitly")
                .doesNotContain(".").doesNotEndWith("Controller"));
    }

    @Test
    void redoclyLintWithTheRecommendedRulesFindsNoError() {
        NodeTools.Run lint = NodeTools.run("node_modules/@redocly/cli/bin/cli.js", "lint", DOCUMENT.toString(), "--extends=recommended", "--format=stylish");
        assertThat(lint.exitCode()).as("redocly lint " + DOCUMENT + ":\n" + String.join("\n", lint.lines())).isZero();
        assertThat(lint.lines()).as("redocly's verdict").anySatisfy(line -> assertThat(line).contains("Woohoo! Your API description is valid."));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        assertThat(parent).as("the document's " + key).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    private static Map<String, Object> load() throws IOException {
        assertThat(DOCUMENT).as("the OpenAPI document written at compile time and completed at process-classes").exists();
        return new Yaml(new LoaderOptions()).load(Files.readString(DOCUMENT));
    }
}
