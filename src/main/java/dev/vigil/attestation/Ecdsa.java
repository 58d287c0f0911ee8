package dev.vigil.attestation;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** ECDSA checks over the raw encodings TEEs use (big-endian x‖y keys, r‖s signatures). */
final class Ecdsa {
  private Ecdsa() {}

  /** A P-256 public key from its 64-byte x‖y encoding (the DCAP attestation key). */
  static PublicKey p256Key(byte[] xy) {
    if (xy.length != 64) {
      throw new IllegalArgumentException("attestation_key: expected 64 bytes, got " + xy.length);
    }
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      ECPoint point =
          new ECPoint(
              new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)),
              new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("attestation_key: not a P-256 point: " + e.getMessage());
    }
  }

  /** Verifies a big-endian r‖s signature with SHA-256 (P-256) or SHA-384 (P-384). */
  static boolean verify(PublicKey key, String hash, byte[] data, byte[] rs) {
    try {
      Signature verifier = Signature.getInstance(hash + "withECDSAinP1363Format");
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(rs);
    } catch (GeneralSecurityException e) {
      // An invalid point or encoding is a failed signature, not an error of ours.
      return false;
    }
  }
}
