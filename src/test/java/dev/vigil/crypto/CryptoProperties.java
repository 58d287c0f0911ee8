package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class CryptoProperties {
  private static final KeystoreKdf CHEAP = new KeystoreKdf.Pbkdf2(1);

  @Property(tries = 50)
  void signaturesVerifyOnlyForTheirMessage(@ForAll byte[] message, @ForAll @Size(min = 1) byte[] other) {
    try (BlsSecretKey key = BlsSecretKey.generate(new SecureRandom())) {
      BlsSignature signature = key.sign(message);
      assertThat(Bls.verify(key.publicKey(), message, signature)).isTrue();
      assertThat(BlsSignature.fromBytes(signature.toBytes())).isEqualTo(signature);
      byte[] longer = new byte[message.length + other.length];
      System.arraycopy(message, 0, longer, 0, message.length);
      System.arraycopy(other, 0, longer, message.length, other.length);
      assertThat(Bls.verify(key.publicKey(), longer, signature)).isFalse();
    }
  }

  @Property(tries = 200)
  void processedPasswordsHaveNoControlCodes(@ForAll String password) {
    String processed = new String(Eip2335Keystore.processPassword(password), StandardCharsets.UTF_8);
    assertThat(processed.codePoints()).noneMatch(c -> c <= 0x1F || (c >= 0x7F && c <= 0x9F));
  }

  @Property(tries = 30)
  void keystoresRoundTripAnyPassword(@ForAll String password) {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random)) {
      String json = Eip2335Keystore.encrypt(key, password, CHEAP, "", "", random).toJson();
      try (BlsSecretKey decrypted = Eip2335Keystore.parse(json).decrypt(password)) {
        assertThat(decrypted.toBytes()).isEqualTo(key.toBytes());
      }
    }
  }

  @Property(tries = 200)
  void validatorPathsParseBack(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long index) {
    assertThat(Eip2334.parsePath(Eip2334.signingKeyPath(index))).containsExactly(12381, 3600, index, 0, 0);
    assertThat(Eip2334.parsePath(Eip2334.withdrawalKeyPath(index))).containsExactly(12381, 3600, index, 0);
  }
}
