package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs against a prepared tree standing in for Gramine's {@code /dev/attestation}. */
class GramineSealingTest {
  private static final byte[] MRSIGNER_KEY = sgxKey(0x51);
  private static final byte[] MRENCLAVE_KEY = sgxKey(0xe7);

  @TempDir Path root;
  @TempDir Path dataDir;

  @BeforeEach
  void prepareGramineTree() throws IOException {
    Path keys = Files.createDirectories(root.resolve("dev/attestation/keys"));
    Files.write(keys.resolve("_sgx_mrsigner"), MRSIGNER_KEY);
    Files.write(keys.resolve("_sgx_mrenclave"), MRENCLAVE_KEY);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GramineSealing.Policy.class)
  void keysRoundTripUnderEitherPolicy(GramineSealing.Policy policy) {
    BLSPubkey pubkey = new BLSPubkey(new byte[48]);
    byte[] secret = new byte[32];
    secret[0] = 9;
    SealedKeyStore.open(dataDir, new GramineSealing(root, policy)).put(pubkey, secret);
    try (LoadResult loaded = SealedKeyStore.open(dataDir, new GramineSealing(root, policy)).loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).singleElement().satisfies(key -> assertThat(key.secret()).isEqualTo(secret));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GramineSealing.Policy.class)
  void theKeyIsHkdfSha256OfThePolicysSgxKey(GramineSealing.Policy policy) throws GeneralSecurityException {
    GramineSealing sealing = new GramineSealing(root, policy);
    SealingParameters parameters = sealing.initialize(dataDir);
    SealingParameters.Hkdf hkdf = (SealingParameters.Hkdf) parameters.kdf().orElseThrow();
    assertThat(hkdf.info()).isEqualTo("vigil/sealing/v1");
    assertThat(parameters.policy()).contains(policy.flagValue());

    byte[] sgxKey = policy == GramineSealing.Policy.MRSIGNER ? MRSIGNER_KEY : MRENCLAVE_KEY;
    assertThat(sealing.deriveKey(dataDir, parameters)).isEqualTo(rfc5869(sgxKey, hkdf.salt(), hkdf.info()));
  }

  @Test
  void mrsignerAndMrenclaveGiveDifferentKeys() {
    SealingParameters parameters =
        new SealingParameters("gramine", Optional.empty(),
            Optional.of(new SealingParameters.Hkdf(Bytes32.ZERO, "vigil/sealing/v1")));
    assertThat(new GramineSealing(root, GramineSealing.Policy.MRSIGNER).deriveKey(dataDir, parameters))
        .isNotEqualTo(new GramineSealing(root, GramineSealing.Policy.MRENCLAVE).deriveKey(dataDir, parameters));
  }

  @Test
  void startingWithTheOtherPolicyIsRefusedWithTheMigrationHint() {
    SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRSIGNER));
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRENCLAVE)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.PROVIDER_MISMATCH))
        .hasMessageContaining("sealed with `--sealing gramine --sealing-policy mrsigner`")
        .hasMessageContaining("this start uses `--sealing gramine --sealing-policy mrenclave`")
        .hasMessageContaining("vigil keys migrate");
  }

  @Test
  void theStoredRecordNamesPolicyAndKdfButHoldsNoKey() throws IOException {
    SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRENCLAVE));
    String record = Files.readString(dataDir.resolve("sealing.json"));
    assertThat(record).contains("\"policy\" : \"mrenclave\"", "hkdf-sha256", "vigil/sealing/v1")
        .doesNotContain(dev.vigil.spec.Hex.encodeBare(MRENCLAVE_KEY));
  }

  @Test
  void anotherSgxSealingKeyIsRefusedAsTheWrongKey() throws IOException {
    SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRSIGNER));
    Files.write(root.resolve("dev/attestation/keys/_sgx_mrsigner"), sgxKey(0x52));
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRSIGNER)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.WRONG_KEY))
        .hasMessageContaining("_sgx_mrsigner")
        .hasMessageContaining("signed with another key");
  }

  @Test
  void outsideGramineTheMissingKeyFileIsExplainedAndNothingIsWritten(@TempDir Path notGramine) {
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new GramineSealing(notGramine, GramineSealing.Policy.MRSIGNER)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.UNAVAILABLE))
        .hasMessageContaining("_sgx_mrsigner does not exist: not running under Gramine SGX?");
    assertThat(dataDir.resolve("sealing.json")).doesNotExist();
  }

  @Test
  void aKeyFileThatIsNot16BytesIsRefused() throws IOException {
    Files.write(root.resolve("dev/attestation/keys/_sgx_mrenclave"), new byte[32]);
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new GramineSealing(root, GramineSealing.Policy.MRENCLAVE)))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("must hold a 16-byte key, it holds 32 bytes");
  }

  /** HKDF-SHA256 written out from RFC 5869 with the JDK's HMAC, independent of BouncyCastle. */
  private static byte[] rfc5869(byte[] ikm, Bytes32 salt, String info) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt.toArray(), "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 1);
    return mac.doFinal(); // T(1) is 32 bytes: the whole output
  }

  private static byte[] sgxKey(int fill) {
    byte[] key = new byte[16];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }
}
