package dev.vigil.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The default provider: a random KEK in {@code <data-dir>/sealing.key} (mode 0600). It keeps keys
 * off disk in clear so that {@code vigil serve} just runs, but anyone who can read the data dir —
 * root on this host in particular — can unseal every key.
 */
public final class FileSealing implements SealingProvider {
  public static final String NAME = "file";
  static final String KEY_FILE = "sealing.key";

  private final SecureRandom random = new SecureRandom();

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
    return Optional.of(
        "sealing provider 'file': the key-encryption key lies in the data dir next to the keys; "
            + "this protects NOTHING against root (or anyone who can read the data dir) on this host. "
            + "Use --sealing gramine inside an SGX enclave, or at least --sealing passphrase.");
  }

  @Override
  public SealingParameters initialize(Path dataDir) {
    byte[] kek = new byte[Aes256Gcm.KEY_SIZE];
    random.nextBytes(kek);
    try {
      // An existing key file (a crash before the sealing record was written) is kept, never replaced.
      AtomicFiles.createIfAbsent(dataDir.resolve(KEY_FILE), kek);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
    return new SealingParameters(NAME, Optional.empty(), Optional.empty());
  }

  @Override
  public byte[] deriveKey(Path dataDir, SealingParameters parameters) {
    Path keyFile = dataDir.resolve(KEY_FILE);
    byte[] kek;
    try {
      kek = Files.readAllBytes(keyFile);
    } catch (NoSuchFileException e) {
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE,
          keyFile + " is missing: the keys sealed in " + dataDir
              + " cannot be opened without it (restore it from a backup of the data dir)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + keyFile, e);
    }
    if (kek.length != Aes256Gcm.KEY_SIZE) {
      int length = kek.length;
      Arrays.fill(kek, (byte) 0);
      throw new SealingException(
          SealingException.Reason.UNAVAILABLE,
          keyFile + " must hold 32 bytes, it holds " + length + " (damaged?)");
    }
    return kek;
  }

  @Override
  public String wrongKeyHint(Path dataDir) {
    return dataDir.resolve(KEY_FILE) + " is not the key these keys were sealed with (replaced or damaged?)";
  }
}
