package io.billinggateway.gateway.problem;

import io.billinggateway.gateway.persistence.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The safety net under the input validation: a value the database refuses is the request's fault, and never shows the SQL. */
class DataAccessExceptionHandlerTest {
    private final DataAccessExceptionHandler handler = new DataAccessExceptionHandler();

    @Test
    void aDataExceptionIsABadRequestThatNamesTheKindOfValue() {
        HttpResponse<Problem> response = handle("22021", "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");

        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(response.body().detail()).startsWith("a value in the request cannot be stored: a text contains a character that cannot be stored (such as NUL)")
                .doesNotContain("INSERT", "UTF8");
    }

    @Test
    void anOverlongTextIsABadRequest() {
        assertThat(handle("22001", "value too long for type character varying(200)").body().detail()).contains("a text is longer than its field allows");
    }

    @Test
    void aLostUniqueRaceIsAConflict() {
        assertThat(handle("23505", "duplicate key value violates unique constraint").getStatus().getCode()).isEqualTo(409);
    }

    @Test
    void anythingElseIsAServerErrorWithOnlyACorrelationId() {
        HttpResponse<Problem> response = handle("42P01", "relation \"billing_plans\" does not exist");

        assertThat(response.getStatus().getCode()).isEqualTo(500);
        assertThat(response.body().correlationId()).isNotBlank();
        assertThat(response.body().detail()).contains(response.body().correlationId()).doesNotContain("billing_plans", "SELECT");
        assertThat(response.body().retryable()).isFalse();
    }

    private HttpResponse<Problem> handle(String sqlState, String message) {
        return handler.handle(HttpRequest.POST("/v1/billing/admin/plans", ""),
                new DataAccessException("INSERT INTO billing_plans (name) VALUES (?)", new SQLException(message, sqlState)));
    }
}
