package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12 §2 / issue 16: KDF parameters far beyond EIP-2335's are refused when the keystore is
 * parsed, before any derivation, with the parameter named. Every real tool writes n=2^18 r=8 p=1
 * or c=2^18 (the vectors of Eip2335KeystoreTest), which stay accepted.
 */
class KeystoreKdfBoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String keystore(KeystoreKdf kdf, String param, long value) throws Exception {
    BlsSecretKey key = BlsSecretKey.fromInteger(BigInteger.valueOf(7));
    ObjectNode root = (ObjectNode) JSON.readTree(
        Eip2335Keystore.encrypt(key, "password", kdf, "", "", new SecureRandom()).toJson());
    ((ObjectNode) root.get("crypto").get("kdf").get("params")).put(param, value);
    return JSON.writeValueAsString(root);
  }

  @ParameterizedTest(name = "scrypt {0}={1}")
  @CsvSource({
      "n, 1048576, 'n: at most 262144'",
      "n, 1073741824, 'n: at most 262144'",
      "r, 16, 'r: must be 1 to 8'",
      "r, 2147483647, 'r: must be 1 to 8'",
      "p, 2, 'p: must be positive with n·r·p at most 2097152'",
      "p, 2147483647, 'p: must be positive with n·r·p at most 2097152'"})
  void scryptBeyondEip2335IsRefusedBeforeAnyWork(String param, long value, String message) throws Exception {
    // Encrypted cheaply, then given EIP-2335's n (parse never derives, so nothing checks the result).
    ObjectNode root = (ObjectNode) JSON.readTree(keystore(new KeystoreKdf.Scrypt(1024, 8, 1), "n", 262144));
    ((ObjectNode) root.get("crypto").get("kdf").get("params")).put(param, value);
    String json = JSON.writeValueAsString(root);

    assertThatThrownBy(() -> Eip2335Keystore.parse(json))
        .isInstanceOf(KeystoreException.class)
        .hasMessageContaining("crypto.kdf.params")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "pbkdf2 c={0}")
  @CsvSource({"2097152", "2147483647"})
  void pbkdf2BeyondFourTimesEip2335IsRefusedBeforeAnyWork(long c) throws Exception {
    String json = keystore(new KeystoreKdf.Pbkdf2(2), "c", c);

    assertThatThrownBy(() -> Eip2335Keystore.parse(json))
        .isInstanceOf(KeystoreException.class)
        .hasMessageContaining("crypto.kdf.params")
        .hasMessageContaining("c: must be 1 to 1048576");
  }

  @ParameterizedTest(name = "scrypt n={0} r={1} p={2}")
  @CsvSource({"262144, 8, 1", "131072, 8, 2", "1024, 1, 1"})
  void parametersWithinEip2335sWorkAreAccepted(int n, int r, int p) {
    assertThat(new KeystoreKdf.Scrypt(n, r, p).n()).isEqualTo(n);
    assertThat(new KeystoreKdf.Pbkdf2(1 << 20).c()).isEqualTo(1 << 20);
  }

  @ParameterizedTest(name = "salt of {0} bytes")
  @CsvSource({"1025", "1000000"})
  void overlongSaltIsRefusedBeforeDecoding(int bytes) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(keystore(new KeystoreKdf.Pbkdf2(2), "c", 2));
    ((ObjectNode) root.get("crypto").get("kdf").get("params")).put("salt", "ab".repeat(bytes));

    assertThatThrownBy(() -> Eip2335Keystore.parse(JSON.writeValueAsString(root)))
        .hasMessageContaining("crypto.kdf.params.salt")
        .hasMessageContaining("expected at most 1024 bytes of hex, got " + bytes);
  }
}
