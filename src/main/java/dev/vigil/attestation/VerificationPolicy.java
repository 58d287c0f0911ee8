package dev.vigil.attestation;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the verifier demands. Expected measurements (and Nitro PCRs), pubkeys, nonce and report data
 * are checked only when given;
 * debug TEEs and insecure-none evidence are refused unless allowed. {@code extraCertificates}
 * completes evidence that lacks its chain (a PCK chain for a quote without one, the VCEK and ASK
 * for an SEV-SNP report). {@code now} is the time certificates and collateral must be valid at.
 */
public record VerificationPolicy(
    Optional<byte[]> expectedMrEnclave,
    Optional<byte[]> expectedMrSigner,
    Optional<byte[]> expectedMrTd,
    Optional<byte[]> expectedMeasurement,
    List<BLSPubkey> pubkeys,
    Optional<Bytes32> nonce,
    Optional<byte[]> expectedReportData,
    boolean allowDebug,
    boolean allowInsecure,
    Optional<CollateralBundle> collateral,
    TrustAnchors anchors,
    List<X509Certificate> extraCertificates,
    Instant now,
    Map<Integer, byte[]> expectedPcrs) {

  public VerificationPolicy {
    pubkeys = List.copyOf(pubkeys);
    extraCertificates = List.copyOf(extraCertificates);
    expectedPcrs = Collections.unmodifiableMap(new TreeMap<>(expectedPcrs));
  }

  /** Nothing expected, nothing allowed, the pinned roots, the current time. */
  public static VerificationPolicy strict() {
    return new VerificationPolicy(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false, false, Optional.empty(), TrustAnchors.pinned(), List.of(), Instant.now(), Map.of());
  }

  public VerificationPolicy withExpectedMrEnclave(byte[] value) {
    return new VerificationPolicy(Optional.of(value), expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withExpectedMrSigner(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, Optional.of(value), expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withExpectedMrTd(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, Optional.of(value), expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withExpectedMeasurement(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, Optional.of(value), pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  /** Adds a key the evidence must bind (key evidence: one of them; signer evidence: all of them). */
  public VerificationPolicy withPubkey(BLSPubkey value) {
    List<BLSPubkey> keys = new ArrayList<>(pubkeys);
    keys.add(value);
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, keys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withNonce(Bytes32 value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, Optional.of(value), expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  /** The exact 64 bytes of report data required, for evidence that binds something other than BLS keys. */
  public VerificationPolicy withExpectedReportData(byte[] value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, Optional.of(value.clone()), allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withAllowDebug(boolean value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, value, allowInsecure, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withAllowInsecure(boolean value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, value, collateral, anchors, extraCertificates, now, expectedPcrs);
  }

  /** One Intel collateral file, used for every quote. */
  public VerificationPolicy withCollateral(Collateral value) {
    return withCollateral(CollateralBundle.of(value));
  }

  /** A collateral bundle ({@code vigil attestation collateral fetch}): each quote or report takes what fits it. */
  public VerificationPolicy withCollateral(CollateralBundle value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, Optional.of(value), anchors, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withAnchors(TrustAnchors value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, value, extraCertificates, now, expectedPcrs);
  }

  public VerificationPolicy withExtraCertificates(List<X509Certificate> value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, value, now, expectedPcrs);
  }

  /** Nitro: the value PCR {@code index} must hold (PCR0 image, PCR1 kernel, PCR2 application, PCR8 signing certificate). */
  public VerificationPolicy withExpectedPcr(int index, byte[] value) {
    Map<Integer, byte[]> pcrs = new TreeMap<>(expectedPcrs);
    pcrs.put(index, value.clone());
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, now, pcrs);
  }

  public VerificationPolicy withNow(Instant value) {
    return new VerificationPolicy(expectedMrEnclave, expectedMrSigner, expectedMrTd, expectedMeasurement, pubkeys, nonce, expectedReportData, allowDebug, allowInsecure, collateral, anchors, extraCertificates, value, expectedPcrs);
  }
}
