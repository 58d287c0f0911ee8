package dev.vigil.attestation;

import dev.vigil.spec.BLSPubkey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A source of evidence: asks the TEE (or nothing, for {@code none}) to sign 64 bytes of report data.
 * Chosen by {@code --attestation none|gramine-dcap|tsm|nitro|azure-vtpm}; see {@link AttestationProviders}.
 */
public interface AttestationProvider {
  /** The name given to {@code --attestation}. */
  String name();

  /** Whether evidence from this provider is backed by hardware (the server warns at start if not). */
  default boolean hardwareBacked() {
    return true;
  }

  /**
   * Evidence over exactly these 64 bytes of report data.
   *
   * @throws AttestationException when the TEE interface is missing, of the wrong kind or refuses
   */
  RawEvidence attest(byte[] reportData);

  /** Evidence that {@code pubkey} was generated here: report data {@link ReportData#forKey}. */
  default Evidence keyEvidence(BLSPubkey pubkey, byte[] nonce) {
    byte[] reportData = ReportData.forKey(pubkey, nonce);
    RawEvidence raw = attest(reportData);
    return new Evidence(
        raw.type(), reportData, raw.quote(), ReportData.nonce(nonce), Optional.of(pubkey), List.of(),
        raw.certificates());
  }

  /** Evidence about a running signer holding {@code keys}: report data {@link ReportData#forSigner}. */
  default Evidence signerEvidence(Collection<BLSPubkey> keys, byte[] nonce) {
    byte[] reportData = ReportData.forSigner(keys, nonce);
    RawEvidence raw = attest(reportData);
    return new Evidence(
        raw.type(), reportData, raw.quote(), ReportData.nonce(nonce), Optional.empty(),
        keys.stream().distinct().sorted().toList(), raw.certificates());
  }

  /** What the TEE returned: its evidence type, the quote or report, and any certificates it supplied. */
  record RawEvidence(EvidenceType type, Optional<byte[]> quote, List<byte[]> certificates) {}
}
