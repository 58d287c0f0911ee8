package dev.vigil.keys;

import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * KEK = HKDF-SHA256(Gramine's SGX sealing key, salt, "vigil/sealing/v1"). Gramine exposes the
 * 16-byte sealing keys as {@code /dev/attestation/keys/_sgx_mrsigner} (same for every enclave
 * signed by the same key on this CPU, so an upgraded build keeps its keys) and
 * {@code _sgx_mrenclave} (this exact enclave build only).
 */
public final class GramineSealing implements SealingProvider {
  public static final String NAME = "gramine";
  static final String INFO = "vigil/sealing/v1";
  static final int SGX_KEY_SIZE = 16;

  /** Which SGX sealing key the KEK is derived from. */
  public enum Policy {
    MRSIGNER("_sgx_mrsigner"),
    MRENCLAVE("_sgx_mrenclave");

    private final String keyName;

    Policy(String keyName) {
      this.keyName = keyName;
    }

    /** The policy's name as given to {@code --sealing-policy}. */
    public String flagValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Policy parse(String value) {
      for (Policy policy : values()) {
        if (policy.flagValue().equalsIgnoreCase(value)) {
          return policy;
        }
      }
      throw new IllegalArgumentException(
          "--sealing-policy must be mrsigner or mrenclave, got '" + value + "'");
    }
  }

  private final Path root;
  private final Policy policy;
  private final SecureRandom random = new SecureRandom();

  /** {@code root} is "/" in an enclave; tests give a prepared directory tree. */
  public GramineSealing(Path root, Policy policy) {
    this.root = root;
    this.policy = policy;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> policy() {
    return Optional.of(policy.flagValue());
  }

  @Override
  public Optional<String> warning() {
    return Optional.empty();
  }

  @Override
  public SealingParameters initialize(Path dataDir) {
    Arrays.fill(readSgxKey(), (byte) 0); // fail early, before anything is written
    byte[] salt = new byte[Bytes32.SIZE];
    random.nextBytes(salt);
    return new SealingParameters(
        NAME, policy(), Optional.of(new SealingParameters.Hkdf(new Bytes32(salt), INFO)));
  }

  @Override
  public byte[] deriveKey(Path dataDir, SealingParameters parameters) {
    if (!(parameters.kdf().orElse(null) instanceof SealingParameters.Hkdf hkdf)) {
      throw new SealingException(
          SealingException.Reason.DAMAGED_RECORD,
          "the sealing record of " + dataDir + " has no HKDF parameters");
    }
    byte[] sgxKey = readSgxKey();
    try {
      HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
      generator.init(
          new HKDFParameters(sgxKey, hkdf.salt().toArray(), hkdf.info().getBytes(StandardCharsets.UTF_8)));
      byte[] kek = new byte[Aes256Gcm.KEY_SIZE];
      generator.generateBytes(kek, 0, kek.length);
      return kek;
    } finally {
      Arrays.fill(sgxKey, (byte) 0);
    }
  }

  @Override
  public String wrongKeyHint(Path dataDir) {
    return "the SGX sealing key (" + policy.keyName + ") differs from the one the keys in " + dataDir
        + " were sealed with: another CPU, or an enclave "
        + (policy == Policy.MRSIGNER ? "signed with another key" : "build with another MRENCLAVE");
  }

  private byte[] readSgxKey() {
    Path keyFile = root.resolve("dev/attestation/keys").resolve(policy.keyName);
    byte[] key;
    try {
      key = Files.readAllBytes(keyFile);
    } catch (NoSuchFileException e) {
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE,
          keyFile + " does not exist: not running under Gramine SGX? (--sealing gramine needs Gramine's "
              + "/dev/attestation; use --sealing file or passphrase outside an enclave)");
    } catch (IOException e) {
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE, "cannot read " + keyFile + ": " + e.getMessage(), e);
    }
    if (key.length != SGX_KEY_SIZE) {
      int length = key.length;
      Arrays.fill(key, (byte) 0);
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE,
          keyFile + " must hold a 16-byte key, it holds " + length + " bytes");
    }
    return key;
  }
}
