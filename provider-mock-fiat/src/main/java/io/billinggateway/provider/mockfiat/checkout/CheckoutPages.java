package io.billinggateway.provider.mockfiat.checkout;

import io.billinggateway.provider.mockfiat.card.TestCard;
import io.billinggateway.provider.mockfiat.ledger.CheckoutSession;
import io.billinggateway.provider.mockfiat.ledger.Price;
import io.billinggateway.provider.mockfiat.ledger.SessionOutcome;
import io.billinggateway.provider.mockfiat.processor.PaymentProcessor;
import io.billinggateway.spi.CheckoutKind;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** The HTML of the hosted pages: small, dependency-free, and everything shown escaped. */
final class CheckoutPages {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem}
            main{max-width:26rem;margin:auto;background:#fff;border-radius:.5rem;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
            h1{font-size:1.1rem;margin:0 0 .25rem}.amount{font-size:1.8rem;margin:.5rem 0}.muted{color:#666;font-size:.85rem}
            label{display:block;margin:1rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
            button{margin-top:1rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:.3rem;cursor:pointer}
            .pay{background:#635bff;color:#fff}.decline{background:#eee}.paid{color:#0a7d32}.failed{color:#b3261e}
            table{font-size:.8rem;margin-top:1rem;border-collapse:collapse}td{padding:.1rem .5rem .1rem 0}""";

    /** For a person at the page: {@code 2 January 2030, 00:15 UTC}, not the ledger's {@code 2030-01-02T00:15:00.123456789Z}. */
    private static final DateTimeFormatter READABLE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final int decimals;

    CheckoutPages(int decimals) {
        this.decimals = decimals;
    }

    String checkout(CheckoutSession session, Optional<Price> price) {
        String name = price.map(Price::name).orElse(session.priceId());
        StringBuilder body = new StringBuilder()
                .append("<h1>").append(escape(name)).append("</h1>")
                .append("<p class=\"amount\">").append(escape(amount(session))).append("</p>")
                .append("<p class=\"muted\">").append(session.kind() == CheckoutKind.SUBSCRIPTION
                        ? "Subscription, renews " + escape(price.flatMap(Price::interval).map(CheckoutPages::every).orElse("periodically"))
                        + ". Your card is saved for renewals."
                        : "One-time payment.").append("</p>");
        if (!session.open()) {
            return page("Checkout " + session.id(), body.append(outcome(session)).toString());
        }
        if (session.outcome() instanceof SessionOutcome.Open open && open.lastDecline().isPresent()) {
            SessionOutcome.Failed decline = open.lastDecline().get();
            int left = PaymentProcessor.MAX_DECLINED_ATTEMPTS - open.declinedAttempts();
            body.append("<p class=\"failed\">Your card was declined: ").append(escape(decline.reason())).append(" (")
                    .append(escape(decline.declineCode())).append("). Try again with another card (").append(left)
                    .append(left == 1 ? " attempt" : " attempts").append(" left), or decline.</p>");
        }
        body.append("<form method=\"post\" action=\"").append(escape(session.id())).append("/pay\">")
                .append("<label for=\"card\">Card number</label>")
                .append("<input id=\"card\" name=\"card\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"")
                .append(grouped(TestCard.VISA.number())).append("\">")
                .append("<button class=\"pay\" type=\"submit\">").append(session.outcome() instanceof SessionOutcome.Open open && open.declinedAttempts() > 0
                        ? "Try again: pay " : "Pay ").append(escape(amount(session))).append("</button></form>")
                .append("<form method=\"post\" action=\"").append(escape(session.id())).append("/decline\">")
                .append("<button class=\"decline\" type=\"submit\">Decline</button></form>")
                .append("<p class=\"muted\">Mock PSP: no real card is charged. An empty field pays with ")
                .append(grouped(TestCard.VISA.number())).append(". Test cards:</p><table>");
        for (TestCard card : TestCard.values()) {
            body.append("<tr><td>").append(grouped(card.number())).append("</td><td>").append(escape(card.token())).append("</td></tr>");
        }
        body.append("</table><p class=\"muted\">Expires ").append(escape(readable(session.expiresAt()))).append("</p>");
        return page("Checkout " + session.id(), body.toString());
    }

    static String readable(Instant time) {
        return READABLE_TIME.format(time);
    }

    String result(CheckoutSession session) {
        StringBuilder body = new StringBuilder()
                .append("<h1>Checkout ").append(escape(session.id())).append("</h1>")
                .append("<p class=\"amount\">").append(escape(amount(session))).append("</p>")
                .append(outcome(session));
        session.returnUrl().ifPresent(url -> body.append("<p><a href=\"").append(escape(url.toString())).append("\">Return to the merchant</a></p>"));
        return page("Checkout " + session.id(), body.toString());
    }

    String message(String title, String message) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(message) + "</p>");
    }

    private String outcome(CheckoutSession session) {
        return switch (session.outcome()) {
            case SessionOutcome.Open ignored -> "<p>Waiting for payment.</p>";
            case SessionOutcome.Paid paid -> "<p class=\"paid\">Paid with the card ending in " + escape(paid.cardLastFourDigits())
                    + ". Payment " + escape(paid.paymentId()) + paid.subscriptionId().map(id -> ", subscription " + escape(id)).orElse("") + ".</p>";
            case SessionOutcome.Failed failed -> "<p class=\"failed\">Payment failed: " + escape(failed.reason())
                    + " (" + escape(failed.declineCode()) + ").</p>";
            case SessionOutcome.Expired expired -> "<p class=\"failed\">This checkout expired at " + escape(readable(expired.expiredAt()))
                    + ". Start a new checkout at the merchant.</p>";
        };
    }

    private String amount(CheckoutSession session) {
        return session.total().toDecimal(decimals).toPlainString() + " " + session.currency();
    }

    private static String every(Duration period) {
        if (period.toDays() > 0 && period.equals(Duration.ofDays(period.toDays()))) {
            return period.toDays() == 1 ? "every day" : "every " + period.toDays() + " days";
        }
        if (period.toHours() > 0 && period.equals(Duration.ofHours(period.toHours()))) {
            return period.toHours() == 1 ? "every hour" : "every " + period.toHours() + " hours";
        }
        return "every " + period.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String grouped(String number) {
        return number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>" + body + "</main></body></html>";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }
}
