package dev.vigil.keys;

import dev.vigil.spec.BLSPubkey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The content of one sealed key file:
 * {@code "VGLK" ‖ format (1) ‖ sealing id length (1) ‖ sealing id ‖ pubkey (48) ‖ nonce (12) ‖
 * ciphertext (32) ‖ tag (16)}. Everything before the nonce is the associated data, so the public
 * key, the format and the sealing are bound to the secret.
 */
final class SealedKeyFile {
  static final int FORMAT = 1;
  static final int SECRET_SIZE = 32;
  private static final byte[] MAGIC = "VGLK".getBytes(StandardCharsets.US_ASCII);
  private static final int SEALED_SIZE = Aes256Gcm.NONCE_SIZE + SECRET_SIZE + Aes256Gcm.TAG_SIZE;

  /** The clear part of a sealed key file. */
  record Header(String sealingId, BLSPubkey pubkey, int length) {}

  /** The content is not a sealed key file of a format this version knows. */
  static final class UnknownFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownFormatException(String message) {
      super(message);
    }
  }

  private SealedKeyFile() {}

  static byte[] seal(
      String sealingId, BLSPubkey pubkey, byte[] secret, SecretKeySpec kek, SecureRandom random) {
    byte[] header = header(sealingId, pubkey);
    byte[] sealed = Aes256Gcm.seal(kek, secret, header, random);
    byte[] content = Arrays.copyOf(header, header.length + sealed.length);
    System.arraycopy(sealed, 0, content, header.length, sealed.length);
    return content;
  }

  static Header parseHeader(byte[] content) throws UnknownFormatException {
    if (content.length < MAGIC.length + 2
        || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new UnknownFormatException("not a Vigil sealed key file");
    }
    int format = content[MAGIC.length] & 0xff;
    if (format != FORMAT) {
      throw new UnknownFormatException("unknown sealed key format " + format + " (expected " + FORMAT + ")");
    }
    int idLength = content[MAGIC.length + 1] & 0xff;
    int pubkeyOffset = MAGIC.length + 2 + idLength;
    int expected = pubkeyOffset + BLSPubkey.SIZE + SEALED_SIZE;
    if (content.length != expected) {
      throw new UnknownFormatException(
          "sealed key file is " + content.length + " bytes, expected " + expected + " (truncated?)");
    }
    String sealingId = new String(content, MAGIC.length + 2, idLength, StandardCharsets.US_ASCII);
    BLSPubkey pubkey =
        new BLSPubkey(Arrays.copyOfRange(content, pubkeyOffset, pubkeyOffset + BLSPubkey.SIZE));
    return new Header(sealingId, pubkey, pubkeyOffset + BLSPubkey.SIZE);
  }

  /** The secret sealed in {@code content}, whose header is {@code header}. */
  static byte[] open(byte[] content, Header header, SecretKeySpec kek) throws AEADBadTagException {
    byte[] associatedData = Arrays.copyOf(content, header.length());
    return Aes256Gcm.open(kek, content, header.length(), associatedData);
  }

  private static byte[] header(String sealingId, BLSPubkey pubkey) {
    byte[] id = sealingId.getBytes(StandardCharsets.US_ASCII);
    if (id.length > 255) {
      throw new IllegalArgumentException("sealing id too long: " + sealingId);
    }
    byte[] header = new byte[MAGIC.length + 2 + id.length + BLSPubkey.SIZE];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    header[MAGIC.length] = (byte) FORMAT;
    header[MAGIC.length + 1] = (byte) id.length;
    System.arraycopy(id, 0, header, MAGIC.length + 2, id.length);
    pubkey.copyTo(header, MAGIC.length + 2 + id.length);
    return header;
  }
}
