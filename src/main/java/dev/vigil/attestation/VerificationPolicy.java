package dev.vigil.attestation;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the verifier demands. Expected measurements, pubkey and nonce are checked only when given;
 * debug TEEs and insecure-none evidence are refused unless allowed. {@code extraCertificates}
 * completes evidence that lacks its chain (a PCK chain for a quote without one, the VCEK and ASK
 * for an SEV-SNP report). {@code now} is the time certificates and collateral must be valid at.
 */
public record VerificationPolicy(
    Optional<byte[]> expectedMrEnclave,
    Optional<byte[]> expectedMrSigner,
    Optional<byte[]> expectedMrTd,
    Optional<byte[]> expectedMeasurement,
    Optional<BLSPubkey> pubkey,
    Optional<Bytes32> nonce,
    boolean allowDebug,
    boolean allowInsecure,
    Optional<Collateral> collateral,
    TrustAnchors anchors,
    List<X509Certificate> extraCertificates,
    Instant now) {

  public VerificationPolicy {
    extraCertificates = List.copyOf(extraCertificates);
  }

  /** Nothing expected, nothing allowed, the pinned roots, the current time. */
  public static VerificationPolicy strict() {
    return new VerificationPolicy(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, false, Optional.empty(), TrustAnchors.pinned(), List.of(), Instant.now());
  }

  public VerificationPolicy withExpectedMrEnclave(byte[] value) {
    return new VerificationPolicy(Optional.of(value), expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withExpectedMrSigner(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, Optional.of(value), expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withExpectedMrTd(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, Optional.of(value), expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withExpectedMeasurement(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, Optional.of(value), pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withPubkey(BLSPubkey value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, Optional.of(value), nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withNonce(Bytes32 value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, Optional.of(value), allowDebug, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withAllowDebug(boolean value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, value, allowInsecure, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withAllowInsecure(boolean value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, value, collateral, anchors, extraCertificates, now);
  }

  public VerificationPolicy withCollateral(Collateral value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, Optional.of(value), anchors, extraCertificates, now);
  }

  public VerificationPolicy withAnchors(TrustAnchors value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, value, extraCertificates, now);
  }

  public VerificationPolicy withExtraCertificates(List<X509Certificate> value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, value, now);
  }

  public VerificationPolicy withNow(Instant value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkey, nonce, allowDebug, allowInsecure, collateral, anchors, extraCertificates, value);
  }
}
