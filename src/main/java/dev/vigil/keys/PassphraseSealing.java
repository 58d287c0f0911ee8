package dev.vigil.keys;

import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;

/** KEK = scrypt(passphrase from a file, random salt stored in the data dir). */
public final class PassphraseSealing implements SealingProvider {
  public static final String NAME = "passphrase";
  /** scrypt cost 2^17 with r=8 (128 MiB, about a second): paid once per start, not per key. */
  public static final int DEFAULT_N = 1 << 17;
  static final int R = 8;
  static final int P = 1;

  private final Path passphraseFile;
  private final int n;
  private final SecureRandom random = new SecureRandom();

  public PassphraseSealing(Path passphraseFile) {
    this(passphraseFile, DEFAULT_N);
  }

  /** With another scrypt cost for new data dirs (tests); an existing data dir keeps its stored cost. */
  public PassphraseSealing(Path passphraseFile, int n) {
    this.passphraseFile = passphraseFile;
    this.n = n;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> policy() {
    return Optional.empty();
  }

  @Override
  public Optional<String> warning() {
    return Optional.empty();
  }

  @Override
  public SealingParameters initialize(Path dataDir) {
    Arrays.fill(readPassphrase(), (byte) 0); // fail early, before anything is written
    byte[] salt = new byte[Bytes32.SIZE];
    random.nextBytes(salt);
    return new SealingParameters(
        NAME, Optional.empty(), Optional.of(new SealingParameters.Scrypt(new Bytes32(salt), n, R, P)));
  }

  @Override
  public byte[] deriveKey(Path dataDir, SealingParameters parameters) {
    if (!(parameters.kdf().orElse(null) instanceof SealingParameters.Scrypt scrypt)) {
      throw new SealingException(
          SealingException.Reason.DAMAGED_RECORD,
          "the sealing record of " + dataDir + " has no scrypt parameters");
    }
    byte[] passphrase = readPassphrase();
    try {
      return SCrypt.generate(
          passphrase, scrypt.salt().toArray(), scrypt.n(), scrypt.r(), scrypt.p(), Aes256Gcm.KEY_SIZE);
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  @Override
  public String wrongKeyHint(Path dataDir) {
    return "wrong passphrase: the passphrase in " + passphraseFile
        + " is not the one the keys in " + dataDir + " were sealed with";
  }

  /** The file's bytes with one trailing LF or CRLF removed, nothing else. */
  private byte[] readPassphrase() {
    byte[] content;
    try {
      content = Files.readAllBytes(passphraseFile);
    } catch (IOException e) {
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE,
          "cannot read --sealing-passphrase-file " + passphraseFile + ": " + e.getMessage(), e);
    }
    int length = content.length;
    if (length > 0 && content[length - 1] == '\n') {
      length--;
      if (length > 0 && content[length - 1] == '\r') {
        length--;
      }
    }
    byte[] passphrase = Arrays.copyOf(content, length);
    Arrays.fill(content, (byte) 0);
    if (passphrase.length == 0) {
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE, "--sealing-passphrase-file " + passphraseFile + " is empty");
    }
    return passphrase;
  }
}
