package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.KeystoreException.Reason;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Eip2335KeystoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EIP_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";
  private static final String EIP_SECRET = "0x000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
  private static final String WEB3SIGNER = "web3signer/bls-keystore/src/test/resources/tech/pegasys/web3signer/bls/keystore/";
  private static final String DEPOSIT_CLI = "deposit-data/staking-deposit-cli/tests/test_key_handling/keystore_test_vectors/";
  // Small work factors keep round trips fast; the vectors above cover the real ones.
  private static final KeystoreKdf FAST_SCRYPT = new KeystoreKdf.Scrypt(1024, 8, 1);
  private static final KeystoreKdf FAST_PBKDF2 = new KeystoreKdf.Pbkdf2(1000);

  @ParameterizedTest(name = "{0}")
  @MethodSource("eipVectors")
  void eipKeystoresDecrypt(String file, JsonNode vector) throws IOException {
    Eip2335Keystore keystore = read("eip2333-2334-2335-keys/" + file);
    assertThat(Hex.encode(Eip2335Keystore.processPassword(vector.get("password").asText())))
        .isEqualTo(vector.get("password_processed_hex").asText());
    assertThat(keystore.path()).isEqualTo(vector.get("path").asText());
    assertThat(keystore.kdf().function()).isEqualTo(vector.get("kdf").asText());
    try (BlsSecretKey key = keystore.decrypt(vector.get("password").asText())) {
      assertThat(Hex.encode(key.toBytes())).isEqualTo(vector.get("expected_secret").asText());
      assertThat(Hex.encodeBare(key.publicKey().toBytes().toArray())).isEqualTo(vector.get("expected_pubkey").asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("positiveFiles")
  void otherPublicKeystoresDecrypt(String file, String password, String secret) throws IOException {
    Eip2335Keystore keystore = read(file);
    try (BlsSecretKey key = keystore.decrypt(password)) {
      // decrypt() already refused a mismatch; this shows the keystore does declare the key.
      assertThat(keystore.pubkey()).contains(key.publicKey().toBytes());
      if (secret != null) {
        assertThat(Hex.encode(key.toBytes())).isEqualTo(secret);
      }
    }
  }

  @Test
  void web3signerPasswordNormalisation() {
    assertThat(new String(Eip2335Keystore.processPassword("\u0000\u001F\u0080\u009Ftest \n\f\tpass\u007Fword\n"),
        StandardCharsets.UTF_8)).isEqualTo("test password");
    assertThat(Hex.encode(Eip2335Keystore.processPassword(EIP_PASSWORD))).isEqualTo("0x7465737470617373776f7264f09f9491");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeFiles")
  void web3signerNegativeVectors(String file, Reason reason, String field) throws IOException {
    String json = Files.readString(Vectors.path(WEB3SIGNER + file));
    assertThatThrownBy(() -> Eip2335Keystore.parse(json))
        .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ": ");
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastKdfs")
  void encryptThenDecrypt(String name, KeystoreKdf kdf) {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random)) {
      Eip2335Keystore keystore = Eip2335Keystore.encrypt(key, "pass wörd\u0007", kdf, "m/12381/3600/3/0/0", "test key", random);
      String json = keystore.toJson();
      Eip2335Keystore parsed = Eip2335Keystore.parse(json);
      assertThat(parsed.kdf()).isEqualTo(kdf);
      assertThat(parsed.pubkey()).contains(key.publicKey().toBytes());
      assertThat(parsed.path()).isEqualTo("m/12381/3600/3/0/0");
      assertThat(parsed.description()).isEqualTo("test key");
      assertThat(parsed.uuid()).isEqualTo(keystore.uuid());
      assertThat(parsed.uuid().version()).isEqualTo(4);
      // The control character is stripped by password processing, so the password without it works too.
      try (BlsSecretKey decrypted = parsed.decrypt("pass wörd")) {
        assertThat(decrypted.toBytes()).isEqualTo(key.toBytes());
      }
      assertThatThrownBy(() -> parsed.decrypt("password"))
          .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
          .satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD);
            assertThat(e.getMessage()).contains("wrong password");
          });
    }
  }

  @Test
  void freshSaltIvAndUuidEachTime() throws IOException {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random)) {
      JsonNode a = JSON.readTree(Eip2335Keystore.encrypt(key, "p", FAST_PBKDF2, "", "", random).toJson());
      JsonNode b = JSON.readTree(Eip2335Keystore.encrypt(key, "p", FAST_PBKDF2, "", "", random).toJson());
      assertThat(a.get("version").asInt()).isEqualTo(4);
      assertThat(a.at("/crypto/kdf/params/salt")).isNotEqualTo(b.at("/crypto/kdf/params/salt"));
      assertThat(a.at("/crypto/cipher/params/iv")).isNotEqualTo(b.at("/crypto/cipher/params/iv"));
      assertThat(a.get("uuid")).isNotEqualTo(b.get("uuid"));
      assertThat(a.at("/crypto/cipher/message")).isNotEqualTo(b.at("/crypto/cipher/message"));
    }
  }

  @Test
  void refusesSecretOfAnotherPublicKey() throws IOException {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random); BlsSecretKey other = BlsSecretKey.generate(random)) {
      ObjectNode json = (ObjectNode) JSON.readTree(Eip2335Keystore.encrypt(key, "p", FAST_PBKDF2, "", "", random).toJson());
      json.put("pubkey", Hex.encodeBare(other.publicKey().toBytes().toArray()));
      Eip2335Keystore keystore = Eip2335Keystore.parse(json.toString());
      assertThatThrownBy(() -> keystore.decrypt("p"))
          .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
          .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PUBKEY_MISMATCH));
      json.put("pubkey", "");
      try (BlsSecretKey decrypted = Eip2335Keystore.parse(json.toString()).decrypt("p")) {
        assertThat(decrypted.publicKey()).isEqualTo(key.publicKey());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedKeystores")
  void refusesDamagedFields(String pointer, String replacement, Reason reason, String field) throws IOException {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random)) {
      ObjectNode json = (ObjectNode) JSON.readTree(Eip2335Keystore.encrypt(key, "p", FAST_SCRYPT, "", "", random).toJson());
      int slash = pointer.lastIndexOf('/');
      ObjectNode parent = (ObjectNode) json.at(pointer.substring(0, slash));
      String name = pointer.substring(slash + 1);
      if (replacement == null) {
        parent.remove(name);
      } else {
        parent.set(name, JSON.readTree(replacement));
      }
      assertThatThrownBy(() -> Eip2335Keystore.parse(json.toString()))
          .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
          .satisfies(e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
          });
    }
  }

  @Test
  void pathIsOptionalWhenReadButCheckedWhenWritten() throws IOException {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey key = BlsSecretKey.generate(random)) {
      ObjectNode json = (ObjectNode) JSON.readTree(Eip2335Keystore.encrypt(key, "p", FAST_PBKDF2, "", "", random).toJson());
      json.remove("path"); // as Prysm writes them
      json.remove("description");
      Eip2335Keystore keystore = Eip2335Keystore.parse(json.toString());
      assertThat(keystore.path()).isEmpty();
      assertThat(keystore.description()).isEmpty();
      assertThatThrownBy(() -> Eip2335Keystore.encrypt(key, "p", FAST_PBKDF2, "m/x", "", random))
          .hasMessageStartingWith("path:");
    }
  }

  @Test
  void refusesMalformedJson() {
    assertThatThrownBy(() -> Eip2335Keystore.parse("{\"crypto\":"))
        .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
    assertThatThrownBy(() -> Eip2335Keystore.parse("[]"))
        .asInstanceOf(InstanceOfAssertFactories.type(KeystoreException.class))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
  }

  @Test
  void decryptsInParallel() throws Exception {
    SecureRandom random = new SecureRandom();
    List<BlsSecretKey> keys = new ArrayList<>();
    List<Eip2335Keystore> keystores = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add(BlsSecretKey.generate(random));
      keystores.add(Eip2335Keystore.encrypt(keys.get(i), "password " + i, FAST_SCRYPT, "", "", random));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BlsSecretKey>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(pool.submit(() -> keystores.get(n).decrypt("password " + n)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(results.get(i).get().publicKey()).isEqualTo(keys.get(i).publicKey());
      }
    } finally {
      pool.shutdown();
    }
  }

  static Stream<Arguments> eipVectors() throws IOException {
    JsonNode vectors = JSON.readTree(Vectors.path("eip2333-2334-2335-keys/eip2335_test_vectors.json").toFile());
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode v : vectors.get("vectors")) {
      cases.add(Arguments.of(v.get("keystore_file").asText(), v));
    }
    return cases.stream();
  }

  static Stream<Arguments> positiveFiles() {
    return Stream.of(
        Arguments.of(WEB3SIGNER + "scryptTestVector.json", EIP_PASSWORD, EIP_SECRET),
        Arguments.of(WEB3SIGNER + "pbkdf2TestVector.json", EIP_PASSWORD, EIP_SECRET),
        Arguments.of(DEPOSIT_CLI + "test0.json", EIP_PASSWORD, EIP_SECRET),
        Arguments.of(DEPOSIT_CLI + "test1.json", EIP_PASSWORD, EIP_SECRET),
        Arguments.of("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore.json", "somepassword", null),
        Arguments.of("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore_2.json", "otherpassword", null));
  }

  static Stream<Arguments> negativeFiles() {
    return Stream.of(
        Arguments.of("missingCrypto.json", Reason.MISSING_FIELD, "crypto"),
        Arguments.of("missingKdfSectionTestVector.json", Reason.MISSING_FIELD, "crypto.kdf.params"),
        Arguments.of("missingVersion.json", Reason.MISSING_FIELD, "version"),
        Arguments.of("v3TestVector.json", Reason.UNSUPPORTED_VERSION, "version"),
        Arguments.of("unsupportedChecksumFunction.json", Reason.UNSUPPORTED_FUNCTION, "crypto.checksum.function"),
        Arguments.of("unsupportedCipherFunction.json", Reason.UNSUPPORTED_FUNCTION, "crypto.cipher.function"),
        Arguments.of("unsupportedKdfFunction.json", Reason.UNSUPPORTED_FUNCTION, "crypto.kdf.function"),
        Arguments.of("unsupportedPBKDF2Prf.json", Reason.UNSUPPORTED_FUNCTION, "crypto.kdf.params.prf"),
        Arguments.of("unsupportedDkLen.json", Reason.INVALID_VALUE, "crypto.kdf.params.dklen"),
        Arguments.of("scryptExtraFieldTestVector.json", Reason.UNKNOWN_FIELD, "name"));
  }

  static Stream<Arguments> fastKdfs() {
    return Stream.of(Arguments.of("scrypt", FAST_SCRYPT), Arguments.of("pbkdf2", FAST_PBKDF2));
  }

  static Stream<Arguments> damagedKeystores() {
    return Stream.of(
        Arguments.of("/uuid", null, Reason.MISSING_FIELD, "uuid"),
        Arguments.of("/uuid", "\"not-a-uuid\"", Reason.INVALID_VALUE, "uuid"),
        Arguments.of("/version", "\"4\"", Reason.INVALID_VALUE, "version"),
        Arguments.of("/path", "4", Reason.INVALID_VALUE, "path"),
        Arguments.of("/pubkey", "\"abcd\"", Reason.INVALID_VALUE, "pubkey"),
        Arguments.of("/crypto/extra", "{}", Reason.UNKNOWN_FIELD, "crypto.extra"),
        Arguments.of("/crypto/cipher", null, Reason.MISSING_FIELD, "crypto.cipher"),
        Arguments.of("/crypto/checksum/message", "\"00\"", Reason.INVALID_VALUE, "crypto.checksum.message"),
        Arguments.of("/crypto/cipher/params/iv", "\"0011\"", Reason.INVALID_VALUE, "crypto.cipher.params.iv"),
        Arguments.of("/crypto/cipher/message", "\"zz\"", Reason.INVALID_VALUE, "crypto.cipher.message"),
        Arguments.of("/crypto/kdf/params/n", "1000", Reason.INVALID_VALUE, "crypto.kdf.params"),
        Arguments.of("/crypto/kdf/params/n", "1073741824", Reason.INVALID_VALUE, "crypto.kdf.params"),
        Arguments.of("/crypto/kdf/params/n", "\"1024\"", Reason.INVALID_VALUE, "crypto.kdf.params.n"),
        Arguments.of("/crypto/kdf/params/r", null, Reason.MISSING_FIELD, "crypto.kdf.params.r"),
        Arguments.of("/crypto/kdf/params/salt", null, Reason.MISSING_FIELD, "crypto.kdf.params.salt"),
        Arguments.of("/crypto/kdf/params/prf", "\"hmac-sha256\"", Reason.UNKNOWN_FIELD, "crypto.kdf.params.prf"),
        Arguments.of("/crypto/kdf/message", "\"x\"", Reason.INVALID_VALUE, "crypto.kdf.message"),
        Arguments.of("/crypto/checksum/params/x", "1", Reason.UNKNOWN_FIELD, "crypto.checksum.params.x"));
  }

  private static Eip2335Keystore read(String relative) throws IOException {
    return Eip2335Keystore.parse(Files.readString(Vectors.path(relative)));
  }
}
