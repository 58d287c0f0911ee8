package dev.vigil.attestation;

import java.util.Arrays;

/**
 * An AMD SEV-SNP attestation report (SEV-SNP ABI, versions 2 to 5: 1184 bytes), signed with ECDSA
 * P-384 / SHA-384 over bytes 0x000–0x29F by the key FLAGS.SIGNING_KEY names: the chip's VCEK or a
 * cloud provider's VLEK. r and s are stored little-endian in 72-byte fields. From version 3 the
 * report also names the CPU (CPUID family, model and stepping at 0x188–0x18A); in version 2 those
 * bytes are reserved and read here as absent (-1).
 */
public record SnpReport(
    int version,
    int guestSvn,
    long policy,
    int vmpl,
    int signatureAlgorithm,
    long currentTcb,
    long platformInfo,
    int flags,
    byte[] reportData,
    byte[] measurement,
    byte[] hostData,
    byte[] idKeyDigest,
    byte[] authorKeyDigest,
    byte[] reportId,
    long reportedTcb,
    int cpuidFamily,
    int cpuidModel,
    int cpuidStepping,
    byte[] chipId,
    byte[] signedBytes,
    byte[] signatureR,
    byte[] signatureS) {
  public static final int SIZE = 0x4A0;
  public static final int SIGNED_SIZE = 0x2A0;
  public static final int ECDSA_P384_SHA384 = 1;
  private static final long DEBUG_POLICY_BIT = 1L << 19;

  public static SnpReport parse(byte[] report) {
    if (report.length < SIZE) {
      throw new IllegalArgumentException(
          "SEV-SNP report: " + report.length + " bytes, expected " + SIZE);
    }
    QuoteReader in = new QuoteReader(report);
    int version = in.u32("version");
    if (version < 2 || version > 5) {
      throw new IllegalArgumentException("version: unsupported SEV-SNP report version " + version);
    }
    int guestSvn = in.u32("guest_svn");
    long policy = in.u64("policy");
    in.skip(32); // family_id, image_id
    int vmpl = in.u32("vmpl");
    int signatureAlgorithm = in.u32("signature_algo");
    long currentTcb = in.u64("current_tcb");
    long platformInfo = in.u64("platform_info");
    int flags = in.u32("flags");
    SnpSigningKey.fromField((flags >>> 2) & 0x7);
    in.skip(4); // reserved
    byte[] reportData = in.bytes(64, "report_data");
    byte[] measurement = in.bytes(48, "measurement");
    byte[] hostData = in.bytes(32, "host_data");
    byte[] idKeyDigest = in.bytes(48, "id_key_digest");
    byte[] authorKeyDigest = in.bytes(48, "author_key_digest");
    byte[] reportId = in.bytes(32, "report_id");
    in.skip(32); // report_id_ma
    long reportedTcb = in.u64("reported_tcb");
    byte[] cpuid = in.bytes(3, "cpuid_fam_id, cpuid_mod_id, cpuid_step");
    boolean hasCpuid = version >= 3;
    in.skip(0x1A0 - 0x18B);
    byte[] chipId = in.bytes(64, "chip_id");
    byte[] signedBytes = Arrays.copyOf(report, SIGNED_SIZE);
    byte[] r = Arrays.copyOfRange(report, SIGNED_SIZE, SIGNED_SIZE + 72);
    byte[] s = Arrays.copyOfRange(report, SIGNED_SIZE + 72, SIGNED_SIZE + 144);
    return new SnpReport(
        version, guestSvn, policy, vmpl, signatureAlgorithm, currentTcb, platformInfo, flags, reportData,
        measurement, hostData, idKeyDigest, authorKeyDigest, reportId, reportedTcb,
        hasCpuid ? cpuid[0] & 0xff : -1, hasCpuid ? cpuid[1] & 0xff : -1, hasCpuid ? cpuid[2] & 0xff : -1,
        chipId, signedBytes, r, s);
  }

  /** POLICY.DEBUG (bit 19): the hypervisor may debug the guest, so it keeps no secret. */
  public boolean debug() {
    return (policy & DEBUG_POLICY_BIT) != 0;
  }

  /** FLAGS.SIGNING_KEY (bits 4:2): which key signed the report. */
  public SnpSigningKey signingKey() {
    return SnpSigningKey.fromField((flags >>> 2) & 0x7);
  }

  /** The signature as big-endian r‖s over P-384 (48 bytes each), as the JDK verifies it. */
  byte[] signatureP1363() {
    byte[] out = new byte[96];
    for (int i = 0; i < 48; i++) {
      out[47 - i] = signatureR[i];
      out[95 - i] = signatureS[i];
    }
    return out;
  }
}
