package io.billinggateway.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * Tokens as an identity provider, a careless client or an attacker would make them: any header algorithm, any
 * claims JSON (wrong types included), signed with any key. Nimbus refuses to sign some of these (an HS384 token
 * with a 360-bit secret, a token whose {@code exp} is a string), so HMAC tokens are assembled by hand.
 */
final class TestingTokens {
    private TestingTokens() {
    }

    /** Claims JSON of a plain user token valid for an hour from {@code now}, with {@code extra} members appended. */
    static String claims(String subject, Instant now, String extra) {
        return "{\"sub\":" + quoted(subject) + ",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plusSeconds(3600).getEpochSecond()
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** A compact JWS of {@code claimsJson} signed with HMAC {@code algorithm} (HS256, HS384, HS512) and {@code secret}. */
    static String hmac(JWSAlgorithm algorithm, String secret, String claimsJson) {
        String signingInput = part("{\"alg\":\"" + algorithm.getName() + "\",\"typ\":\"JWT\"}") + "." + part(claimsJson);
        try {
            Mac mac = Mac.getInstance("Hmac" + algorithm.getName().replace("HS", "SHA"));
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
            return signingInput + "." + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT ({@code "alg":"none"}, empty signature). */
    static String unsigned(String claimsJson) {
        return part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(claimsJson) + ".";
    }

    /** A compact JWS signed with an RSA key under {@code algorithm} (RS256, RS384, PS256, ...), naming the key's id. */
    static String rsa(JWSAlgorithm algorithm, RSAKey key, String claimsJson) {
        JWSObject token = new JWSObject(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), new Payload(claimsJson));
        try {
            token.sign(new RSASSASigner(key));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(character -> {
            if (character == '"' || character == '\\') {
                json.append('\\').append((char) character);
            }
            else if (character < 0x20) {
                json.append(String.format("\\u%04x", character));
            }
            else {
                json.append((char) character);
            }
        });
        return json.append('"').toString();
    }

    private static String part(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
