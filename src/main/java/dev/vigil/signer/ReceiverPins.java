package dev.vigil.signer;

import dev.vigil.attestation.EvidenceType;
import dev.vigil.attestation.VerificationPolicy;

/**
 * What an export request must pin before any evidence is verified (docs/tee.md §6): at least one
 * expected measurement, and for each kind of receiver the ones that identify the Vigil build rather
 * than only the platform under it. A value that would let any enclave or VM of the platform match
 * is no pin.
 */
final class ReceiverPins {
  private ReceiverPins() {}

  /**
   * @throws IllegalArgumentException naming the fields to give when {@code policy} does not pin a
   *     receiver whose evidence is of type {@code receiver}
   */
  static void require(EvidenceType receiver, VerificationPolicy policy) {
    if (!policy.allowInsecure() && policy.expectedMrEnclave().isEmpty() && policy.expectedMrSigner().isEmpty()
        && policy.expectedMrTd().isEmpty() && policy.expectedMeasurement().isEmpty() && policy.expectedPcrs().isEmpty()) {
      throw new IllegalArgumentException("expected measurement: give at least one of expected_mrenclave, "
          + "expected_mrsigner, expected_mrtd, expected_measurement, expected_pcr0, expected_pcr1, expected_pcr2, "
          + "expected_pcr8; otherwise any enclave could receive the keys");
    }
    if (receiver == EvidenceType.NITRO && !policy.expectedPcrs().containsKey(0) && !policy.expectedPcrs().containsKey(8)) {
      throw new IllegalArgumentException("expected_pcr0, expected_pcr8: the receiver is a Nitro enclave; pin its image "
          + "by PCR0 (the exact enclave image file) or PCR8 (the certificate the image is signed with); PCR1 (AWS's "
          + "kernel) and PCR2 (the application file system) alone do not identify the Vigil image; see docs/tee.md §6");
    }
  }
}
