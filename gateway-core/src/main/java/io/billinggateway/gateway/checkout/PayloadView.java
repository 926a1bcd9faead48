package io.billinggateway.gateway.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.spi.CheckoutPayload;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A checkout payload as JSON: {@code type} is {@code wallet_transaction} (sign and send {@code to}, {@code data},
 * {@code value}, {@code gas} on {@code chainId} before {@code deadline}), {@code redirect} (send the payer to
 * {@code url}) or {@code payment_request} (hand {@code uri} to a wallet; {@code reference} identifies the payment).
 * Integers are strings.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PayloadView(String type, String chainId, String to, String data, String value, String gas, String deadline,
                          String url, String uri, String reference) {
    static PayloadView of(CheckoutPayload payload) {
        return switch (payload) {
            case CheckoutPayload.WalletTransaction transaction -> new PayloadView("wallet_transaction", transaction.chainId().toString(), transaction.to(),
                    transaction.data(), transaction.value().toString(), transaction.gasLimit().toString(), transaction.deadline().toString(), null, null, null);
            case CheckoutPayload.Redirect redirect -> new PayloadView("redirect", null, null, null, null, null, null, redirect.url().toString(), null, null);
            case CheckoutPayload.PaymentRequestUri request -> new PayloadView("payment_request", null, null, null, null, null, null, null,
                    request.uri().toString(), request.reference());
        };
    }
}
