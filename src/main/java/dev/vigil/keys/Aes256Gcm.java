package dev.vigil.keys;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 96-bit nonce; output is nonce ‖ ciphertext ‖ 128-bit tag. */
public final class Aes256Gcm {
  public static final int KEY_SIZE = 32;
  public static final int NONCE_SIZE = 12;
  public static final int TAG_SIZE = 16;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private Aes256Gcm() {}

  public static SecretKeySpec key(byte[] kek) {
    if (kek.length != KEY_SIZE) {
      throw new IllegalArgumentException("key-encryption key must be 32 bytes, got " + kek.length);
    }
    return new SecretKeySpec(kek, "AES");
  }

  /** Encrypts {@code plaintext}, binding {@code associatedData}; returns nonce ‖ ciphertext ‖ tag. */
  public static byte[] seal(SecretKeySpec key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = new byte[NONCE_SIZE + plaintext.length + TAG_SIZE];
      System.arraycopy(nonce, 0, sealed, 0, NONCE_SIZE);
      cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_SIZE);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable", e);
    }
  }

  /**
   * Decrypts {@code sealed[offset..]} (nonce ‖ ciphertext ‖ tag) with {@code associatedData}.
   *
   * @throws AEADBadTagException when the data, the associated data or the key differ from sealing
   */
  public static byte[] open(SecretKeySpec key, byte[] sealed, int offset, byte[] associatedData)
      throws AEADBadTagException {
    int length = sealed.length - offset;
    if (length < NONCE_SIZE + TAG_SIZE) {
      throw new AEADBadTagException("sealed data too short: " + length + " bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, sealed, offset, NONCE_SIZE));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, offset + NONCE_SIZE, length - NONCE_SIZE);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable", e);
    }
  }
}
