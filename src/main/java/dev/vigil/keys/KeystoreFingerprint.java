package dev.vigil.keys;

import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identifies an EIP-2335 keystore file by the SHA-256 of its content, so a keystore already
 * imported is recognised at the next start without decrypting it again, wherever it has moved.
 */
public record KeystoreFingerprint(Bytes32 sha256) {

  public static KeystoreFingerprint of(byte[] keystoreContent) {
    try {
      return new KeystoreFingerprint(
          new Bytes32(MessageDigest.getInstance("SHA-256").digest(keystoreContent)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public static KeystoreFingerprint of(Path keystoreFile) {
    try {
      return of(Files.readAllBytes(keystoreFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keystore " + keystoreFile, e);
    }
  }
}
