package dev.vigil.signer;

import dev.vigil.attestation.Evidence;
import dev.vigil.attestation.SnpReport;
import dev.vigil.attestation.SnpSigningKey;
import dev.vigil.attestation.VerificationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an export request must pin before any evidence is verified (docs/tee.md §6): at least one
 * expected measurement, and for each kind of receiver the ones that identify the Vigil build rather
 * than only the platform under it. A value that any enclave or VM of the platform would match is no
 * pin: an attacker rents the same platform and receives the keys.
 */
final class ReceiverPins {
  private ReceiverPins() {}

  /**
   * @param expectedRtmrs RTMR0–3 the receiver's TD must have, where given
   * @throws IllegalArgumentException naming the fields to give when the request does not pin the
   *     receiver whose evidence is {@code receiver}
   * @throws MigrationException for an Azure confidential VM or a VLEK-signed SEV-SNP guest, whose
   *     evidence no request can pin
   */
  static void require(Evidence receiver, VerificationPolicy policy, List<Optional<byte[]>> expectedRtmrs) {
    boolean anyRtmr = expectedRtmrs.stream().anyMatch(Optional::isPresent);
    if (!policy.allowInsecure() && policy.expectedMrEnclave().isEmpty() && policy.expectedMrSigner().isEmpty()
        && policy.expectedMrTd().isEmpty() && policy.expectedMeasurement().isEmpty() && policy.expectedPcrs().isEmpty()
        && !anyRtmr) {
      throw new IllegalArgumentException("expected measurement: give at least one of expected_mrenclave, "
          + "expected_mrsigner, expected_mrtd, expected_rtmr0..3, expected_measurement, expected_pcr0, expected_pcr1, "
          + "expected_pcr2, expected_pcr8; otherwise any enclave could receive the keys");
    }
    switch (receiver.type()) {
      case NITRO -> {
        if (!policy.expectedPcrs().containsKey(0) && !policy.expectedPcrs().containsKey(8)) {
          throw new IllegalArgumentException("expected_pcr0, expected_pcr8: the receiver is a Nitro enclave; pin its image "
              + "by PCR0 (the exact enclave image file) or PCR8 (the certificate the image is signed with); PCR1 (AWS's "
              + "kernel) and PCR2 (the application file system) alone do not identify the Vigil image; see docs/tee.md §6");
        }
      }
      case TDX -> {
        List<String> missing = new ArrayList<>();
        if (policy.expectedMrTd().isEmpty()) {
          missing.add("expected_mrtd");
        }
        for (int index : List.of(1, 2)) {
          if (expectedRtmrs.get(index).isEmpty()) {
            missing.add("expected_rtmr" + index);
          }
        }
        if (!missing.isEmpty()) {
          throw new IllegalArgumentException(String.join(", ", missing) + ": the receiver is a TDX TD; pin expected_mrtd "
              + "(the TD firmware, which measures the boot), expected_rtmr1 (boot loader) and expected_rtmr2 (kernel, "
              + "command line, initrd: where the Vigil image is measured). MRTD alone measures only the firmware (on GCP, "
              + "Google's, the same in every VM), so any TD on it would receive the keys; see docs/tee.md §6");
        }
      }
      case AZURE_VTPM -> throw new MigrationException(MigrationException.Reason.UNMEASURED_RECEIVER,
          "the receiver is an Azure confidential VM (azure-vtpm): its hardware report measures Microsoft's paravisor and "
              + "firmware, not Vigil or the guest, so every pin a request can give (expected_measurement, expected_mrtd) "
              + "would also match any other VM on that paravisor, an attacker's included; this signer exports no key to "
              + "it (docs/tee.md §6 and §8.2); nothing exported");
      case SEV_SNP -> refuseCloudFirmware(receiver);
      default -> {
        // SGX pins the enclave itself.
      }
    }
  }

  /**
   * A VLEK-signed report comes from a cloud provider's firmware (AWS): its MEASUREMENT covers the
   * UEFI firmware the provider supplies, not the guest's kernel or Vigil, so any guest on that
   * firmware would match a pin. A VCEK-signed report of a guest launched with its own measured
   * kernel (docs/tee.md §4) is pinned by expected_measurement, as before. A report that does not
   * parse is left to the verifier, which refuses it.
   */
  private static void refuseCloudFirmware(Evidence receiver) {
    Optional<SnpSigningKey> key = receiver.quote().flatMap(ReceiverPins::signingKey);
    if (key.equals(Optional.of(SnpSigningKey.VLEK))) {
      throw new MigrationException(MigrationException.Reason.UNMEASURED_RECEIVER,
          "the receiver is an SEV-SNP guest whose report is signed by a VLEK (a cloud provider's key, as on AWS): its "
              + "MEASUREMENT covers the provider's UEFI firmware, not the guest's kernel or Vigil, so an expected_measurement "
              + "would also match any other guest on that firmware, an attacker's included; this signer exports no key to "
              + "it (docs/tee.md §6 and §8.1); nothing exported");
    }
  }

  private static Optional<SnpSigningKey> signingKey(byte[] report) {
    try {
      return Optional.of(SnpReport.parse(report).signingKey());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
