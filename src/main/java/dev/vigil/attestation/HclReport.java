package dev.vigil.attestation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The report an Azure confidential VM's paravisor (HCL) writes to vTPM NV index 0x01400001:
 * a 32-byte header ("HCLA", version, report_size, request_type, status, reserved), the hardware
 * report (an SEV-SNP report, or a TDX TDREPORT padded to the same 1184 bytes), then the IGVM request
 * data: data_size, version, report_type (2 SNP, 4 TDX), report_data_hash_type (1 SHA-256, 2 SHA-384,
 * 3 SHA-512), variable_data_size and the runtime claims JSON. The hardware report's report data
 * starts with the hash of those claims. Only the hardware report is signed; everything else is bound
 * through that hash. The NV index is larger than the report: {@code report_size} ends it.
 */
record HclReport(int version, HardwareType hardwareType, byte[] hardwareReport, String hashAlgorithm, byte[] runtimeClaims, byte[] bytes) {
  static final byte[] MAGIC = "HCLA".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_SIZE = 32;
  static final int HARDWARE_REPORT_SIZE = 1184;
  static final int TD_REPORT_SIZE = 1024;
  private static final int REQUEST_DATA_HEADER_SIZE = 20;

  enum HardwareType {
    SNP(2),
    TDX(4);

    final int code;

    HardwareType(int code) {
      this.code = code;
    }
  }

  static boolean looksLikeOne(byte[] data) {
    return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Parses the report at the start of {@code data}; {@link #bytes()} is exactly the report. */
  static HclReport parse(byte[] data) {
    if (!looksLikeOne(data)) {
      throw new IllegalArgumentException("HCL report: does not start with \"HCLA\"");
    }
    QuoteReader in = new QuoteReader(data);
    in.skip(4);
    int version = in.u32("HCL report version");
    long reportSize = Integer.toUnsignedLong(in.u32("HCL report_size"));
    in.skip(20); // request_type, status, reserved
    byte[] hardwareReport = in.bytes(HARDWARE_REPORT_SIZE, "HCL hardware report");
    long dataSize = Integer.toUnsignedLong(in.u32("HCL request data_size"));
    in.skip(4); // version
    int reportType = in.u32("HCL report_type");
    int hashType = in.u32("HCL report_data_hash_type");
    long claimsSize = Integer.toUnsignedLong(in.u32("HCL variable_data_size"));
    long end = HEADER_SIZE + HARDWARE_REPORT_SIZE + REQUEST_DATA_HEADER_SIZE + claimsSize;
    if (dataSize != REQUEST_DATA_HEADER_SIZE + claimsSize || reportSize != end || end > data.length) {
      throw new IllegalArgumentException("HCL report: report_size " + reportSize + ", data_size " + dataSize
          + " and variable_data_size " + claimsSize + " do not describe one report within " + data.length + " bytes");
    }
    HardwareType type = Arrays.stream(HardwareType.values()).filter(t -> t.code == reportType).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("HCL report_type: " + reportType + " is neither 2 (SEV-SNP) nor 4 (TDX)"));
    String hash = switch (hashType) {
      case 1 -> "SHA-256";
      case 2 -> "SHA-384";
      case 3 -> "SHA-512";
      default -> throw new IllegalArgumentException("HCL report_data_hash_type: unknown value " + hashType);
    };
    byte[] claims = in.bytes((int) claimsSize, "HCL runtime claims");
    return new HclReport(version, type, hardwareReport, hash, claims, Arrays.copyOf(data, (int) end));
  }

  /** The TDREPORT of a TDX report (its first 1024 bytes). */
  byte[] tdReport() {
    return Arrays.copyOf(hardwareReport, TD_REPORT_SIZE);
  }
}
