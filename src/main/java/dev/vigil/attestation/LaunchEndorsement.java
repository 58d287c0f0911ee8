package dev.vigil.attestation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Google's signed launch endorsement of a GCE confidential-VM firmware build (gce-tcb-verifier's
 * {@code endorsement.proto}), as published at
 * {@code gs://gce_tcb_integrity/ovmf_x64_csm/tdx/<MRTD>.binarypb}: a {@code VMLaunchEndorsement}
 * (1: serialized_uefi_golden, 2: signature) whose signed bytes are a {@code VMGoldenMeasurement}
 * (1: timestamp, 4: cert (DER, the signing key), 5: digest (SHA-384 of the UEFI binary), 8: tdx with
 * 1: svn and 2: measurements {1: ram_gib, 2: early_accept, 3: mrtd}). The signature is RSASSA-PSS
 * with SHA-256 over the signed bytes, by the key of {@code cert}, which Google's
 * GCE-cc-tcb-root signs.
 */
record LaunchEndorsement(
    byte[] signedBytes, byte[] signature, Optional<Instant> timestamp, X509Certificate signingCertificate, byte[] uefiSha384,
    long tdxSvn, List<TdxMeasurement> tdxMeasurements) {

  /** One MRTD the firmware has, for a memory size and accept mode. */
  record TdxMeasurement(long ramGib, boolean earlyAccept, byte[] mrtd) {}

  static LaunchEndorsement parse(byte[] binarypb) {
    ProtobufReader endorsement = new ProtobufReader(binarypb, "launch endorsement");
    byte[] golden = endorsement.last(1).orElseThrow(() -> new IllegalArgumentException("launch endorsement: no serialized_uefi_golden (1)"));
    byte[] signature = endorsement.last(2).orElseThrow(() -> new IllegalArgumentException("launch endorsement: no signature (2)"));
    ProtobufReader measurement = new ProtobufReader(golden, "VMGoldenMeasurement");
    Optional<Instant> timestamp = measurement.last(1)
        .map(t -> new ProtobufReader(t, "VMGoldenMeasurement.timestamp"))
        .map(t -> Instant.ofEpochSecond(t.lastVarint(1).orElse(0L), t.lastVarint(2).orElse(0L)));
    X509Certificate certificate = Certificates.parseDer(measurement.last(4)
        .orElseThrow(() -> new IllegalArgumentException("VMGoldenMeasurement: no cert (4)")));
    byte[] digest = measurement.last(5).orElseThrow(() -> new IllegalArgumentException("VMGoldenMeasurement: no digest (5)"));
    if (digest.length != 48) {
      throw new IllegalArgumentException("VMGoldenMeasurement digest: " + digest.length + " bytes, expected a 48-byte SHA-384");
    }
    ProtobufReader tdx = new ProtobufReader(measurement.last(8).orElse(new byte[0]), "VMGoldenMeasurement.tdx");
    List<TdxMeasurement> measurements = tdx.all(2).stream().map(bytes -> {
      ProtobufReader m = new ProtobufReader(bytes, "VMTdx.Measurement");
      byte[] mrtd = m.last(3).orElseThrow(() -> new IllegalArgumentException("VMTdx.Measurement: no mrtd (3)"));
      if (mrtd.length != 48) {
        throw new IllegalArgumentException("VMTdx.Measurement mrtd: " + mrtd.length + " bytes, expected 48");
      }
      return new TdxMeasurement(m.lastVarint(1).orElse(0L), m.lastVarint(2).orElse(0L) != 0, mrtd);
    }).toList();
    return new LaunchEndorsement(golden, signature, timestamp, certificate, digest, tdx.lastVarint(1).orElse(0L), measurements);
  }
}
