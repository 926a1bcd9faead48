package io.billinggateway.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlgorithmPinningJwkValidatorTest {
    @Test
    void aDeclaredAlgorithmIsTheOnlyOneAccepted() throws Exception {
        JWK key = new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES256).generate();

        assertThat(AlgorithmPinningJwkValidator.accepts(key, JWSAlgorithm.ES256)).isTrue();
        assertThat(AlgorithmPinningJwkValidator.accepts(key, JWSAlgorithm.ES384)).isFalse();
        assertThat(AlgorithmPinningJwkValidator.accepts(key, JWSAlgorithm.HS256)).isFalse();
    }

    @Test
    void anUndeclaredKeyAcceptsTheSignatureAlgorithmsOfItsTypeButNeverHmac() throws Exception {
        JWK rsa = new RSAKeyGenerator(2048).generate();
        JWK ec = new ECKeyGenerator(Curve.P_256).generate();

        assertThat(AlgorithmPinningJwkValidator.accepts(rsa, JWSAlgorithm.RS256)).isTrue();
        assertThat(AlgorithmPinningJwkValidator.accepts(rsa, JWSAlgorithm.PS512)).isTrue();
        assertThat(AlgorithmPinningJwkValidator.accepts(rsa, JWSAlgorithm.HS256)).isFalse();
        assertThat(AlgorithmPinningJwkValidator.accepts(rsa, JWSAlgorithm.ES256)).isFalse();
        assertThat(AlgorithmPinningJwkValidator.accepts(ec, JWSAlgorithm.ES256)).isTrue();
        assertThat(AlgorithmPinningJwkValidator.accepts(ec, JWSAlgorithm.RS256)).isFalse();
    }

    @Test
    void aSharedSecretInAJwksIsNeverUsed() throws Exception {
        JWK secret = new OctetSequenceKeyGenerator(256).generate();

        assertThat(AlgorithmPinningJwkValidator.accepts(secret, JWSAlgorithm.HS256)).isFalse();
    }
}
