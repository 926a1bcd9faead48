package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.problem.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Where a page of a staff listing ended, as an opaque token: the listing's fingerprint (its filters, sort and order),
 * the last entry's sort value and its id. A cursor is accepted only by the listing that issued it, so changing a filter
 * between pages is a 400 rather than a page of another listing.
 *
 * @param listing the fingerprint of the listing ({@link #fingerprint})
 * @param value the last entry's sort value as text
 */
record PageCursor(String listing, String value, UUID id) {
    private static final String VERSION = "c1";

    PageCursor {
        requireNonNull(listing, "listing is null");
        requireNonNull(value, "value is null");
        requireNonNull(id, "id is null");
    }

    /** A short hash of the listing's canonical description (filters, sort, order; not the limit). */
    static String fingerprint(String canonicalListing) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalListing.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    String encode() {
        String text = String.join("\n", VERSION, listing, value, id.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code text} holds for the listing {@code listing}, or null when {@code text} is absent.
     *
     * @throws InvalidRequestException naming {@code cursor} when it is not a cursor, or one of another listing
     */
    static PageCursor decode(String text, String listing) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts;
        try {
            if (text.length() > 512) {
                throw new IllegalArgumentException("too long");
            }
            parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION) || parts[3].length() != 36) {
                throw new IllegalArgumentException("not a cursor");
            }
            PageCursor cursor = new PageCursor(parts[1], parts[2], UUID.fromString(parts[3]));
            if (!cursor.listing().equals(listing)) {
                throw new InvalidRequestException(List.of("cursor: was issued for other filters, sort or order; "
                        + "send the same parameters as the first page, or start again without cursor"));
            }
            return cursor;
        }
        catch (IllegalArgumentException e) {
            throw new InvalidRequestException(List.of("cursor: is not a cursor this listing issued (pass nextCursor of the previous page unchanged)"));
        }
    }
}
