package dev.vigil.crypto;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import java.util.List;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P2;

/** The Ethereum BLS operations (proof-of-possession ciphersuite, signatures in G2). */
public final class Bls {
  /** The domain separation tag of the Ethereum ciphersuite. */
  public static final String DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

  private Bls() {}

  /** Verify(PK, message, signature). */
  public static boolean verify(BlsPublicKey publicKey, byte[] message, BlsSignature signature) {
    return signature.point().core_verify(publicKey.point(), true, message, DST)
        == BLST_ERROR.BLST_SUCCESS;
  }

  /**
   * Verify on raw bytes as the consensus specs define it: false (not an exception) when the public
   * key fails KeyValidate or the signature does not deserialise.
   */
  public static boolean verify(BLSPubkey publicKey, byte[] message, BLSSignature signature) {
    try {
      return verify(BlsPublicKey.fromBytes(publicKey), message, BlsSignature.fromBytes(signature));
    } catch (InvalidPointException e) {
      return false;
    }
  }

  /** Aggregate(signatures); at least one is required. */
  public static BlsSignature aggregate(List<BlsSignature> signatures) {
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("signatures: cannot aggregate an empty list");
    }
    P2 sum = new P2(signatures.get(0).point());
    for (int i = 1; i < signatures.size(); i++) {
      sum.add(signatures.get(i).point());
    }
    return BlsSignature.fromPoint(sum.to_affine());
  }

  /** FastAggregateVerify(PKs, message, signature): false for an empty list of keys. */
  public static boolean fastAggregateVerify(
      List<BlsPublicKey> publicKeys, byte[] message, BlsSignature signature) {
    if (publicKeys.isEmpty()) {
      return false;
    }
    P1 sum = new P1(publicKeys.get(0).point());
    for (int i = 1; i < publicKeys.size(); i++) {
      sum.add(publicKeys.get(i).point());
    }
    return signature.point().core_verify(sum.to_affine(), true, message, DST)
        == BLST_ERROR.BLST_SUCCESS;
  }

  /** hash_to_curve onto G2 with the given tag (the tests also use the RFC 9380 suite tag). */
  static P2 hashToG2(byte[] message, String dst) {
    return new P2().hash_to(message, dst);
  }
}
