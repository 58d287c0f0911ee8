package dev.vigil.attestation;

import java.util.Arrays;
import java.util.Optional;

/**
 * An Intel DCAP quote (ECDSA P-256 attestation key): SGX v3 and v4, TDX v4 and v5. {@code signedBytes}
 * is what the attestation key signs (header and body, for v5 with the body's type and size).
 * {@code qeReport} is the quoting enclave's report, signed by the PCK key, whose report data binds
 * the attestation key; {@code certificationData} is normally the PEM PCK chain (type 5).
 */
public record DcapQuote(
    int version,
    int attestationKeyType,
    int teeType,
    int qeSvn,
    int pceSvn,
    byte[] qeVendorId,
    Optional<SgxReportBody> sgxBody,
    Optional<TdxReportBody> tdxBody,
    byte[] signedBytes,
    byte[] signature,
    byte[] attestationKey,
    byte[] qeReportBytes,
    SgxReportBody qeReport,
    byte[] qeReportSignature,
    byte[] qeAuthData,
    int certificationDataType,
    byte[] certificationData,
    int trailingBytes) {
  public static final int TEE_SGX = 0x00000000;
  public static final int TEE_TDX = 0x00000081;
  public static final int ECDSA_P256 = 2;
  /** Certification data type 5: PCK leaf ‖ intermediate CA ‖ root CA. */
  public static final int PCK_CERT_CHAIN = 5;
  /** Certification data type 6 (v4, v5): QE report, its signature, QE auth data and inner data. */
  public static final int QE_REPORT_CERTIFICATION_DATA = 6;
  private static final int HEADER_SIZE = 48;

  /** Parses a quote; a malformed one gets an {@link IllegalArgumentException} naming the field. */
  public static DcapQuote parse(byte[] quote) {
    QuoteReader in = new QuoteReader(quote);
    int version = in.u16("version");
    int attestationKeyType = in.u16("attestation_key_type");
    int teeType = in.u32("tee_type");
    int qeSvn = in.u16("qe_svn");
    int pceSvn = in.u16("pce_svn");
    byte[] qeVendorId = in.bytes(16, "qe_vendor_id");
    in.bytes(20, "user_data");
    if (version < 3 || version > 5) {
      throw new IllegalArgumentException("version: unsupported quote version " + version + " (3, 4 or 5)");
    }
    if (attestationKeyType != ECDSA_P256) {
      throw new IllegalArgumentException(
          "attestation_key_type: " + attestationKeyType + " is not ECDSA P-256 (2)");
    }
    if (teeType != TEE_SGX && teeType != TEE_TDX) {
      throw new IllegalArgumentException("tee_type: unknown 0x" + Integer.toHexString(teeType));
    }
    if (version == 3 && teeType != TEE_SGX) {
      throw new IllegalArgumentException("tee_type: a version 3 quote is SGX only");
    }
    Optional<SgxReportBody> sgxBody = Optional.empty();
    Optional<TdxReportBody> tdxBody = Optional.empty();
    if (version == 5) {
      int bodyType = in.u16("body_type");
      int bodySize = in.u32("body_size");
      switch (bodyType) {
        case 1 -> sgxBody = Optional.of(sgxBody(in, bodySize));
        case 2 -> tdxBody = Optional.of(tdxBody(in, bodySize, TdxReportBody.SIZE_TD10, false));
        case 3 -> tdxBody = Optional.of(tdxBody(in, bodySize, TdxReportBody.SIZE_TD15, true));
        default -> throw new IllegalArgumentException("body_type: unknown " + bodyType);
      }
      if ((bodyType == 1) != (teeType == TEE_SGX)) {
        throw new IllegalArgumentException("body_type: " + bodyType + " does not match tee_type");
      }
    } else if (teeType == TEE_SGX) {
      sgxBody = Optional.of(SgxReportBody.parse(in));
    } else {
      tdxBody = Optional.of(TdxReportBody.parse(in, false));
    }
    byte[] signedBytes = Arrays.copyOf(quote, in.position());
    int signatureDataLength = in.length("signature_data_len");
    int signatureDataEnd = in.position() + signatureDataLength;
    byte[] signature = in.bytes(64, "signature");
    byte[] attestationKey = in.bytes(64, "attestation_key");
    if (version >= 4) {
      int outerType = in.u16("certification_data_type");
      if (outerType != QE_REPORT_CERTIFICATION_DATA) {
        throw new IllegalArgumentException(
            "certification_data_type: " + outerType + ", expected 6 (QE report certification data)");
      }
      in.length("certification_data_size");
    }
    byte[] qeReportBytes = in.bytes(SgxReportBody.SIZE, "qe_report");
    SgxReportBody qeReport = SgxReportBody.parse(new QuoteReader(qeReportBytes));
    byte[] qeReportSignature = in.bytes(64, "qe_report_signature");
    int qeAuthLength = in.u16("qe_auth_data_size");
    byte[] qeAuthData = in.bytes(qeAuthLength, "qe_auth_data");
    int certificationDataType = in.u16("certification_data_type");
    int certificationLength = in.length("certification_data_size");
    byte[] certificationData = in.bytes(certificationLength, "certification_data");
    if (in.position() > signatureDataEnd) {
      throw new IllegalArgumentException("signature_data_len: " + signatureDataLength + " is shorter than its contents");
    }
    return new DcapQuote(
        version, attestationKeyType, teeType, qeSvn, pceSvn, qeVendorId, sgxBody, tdxBody, signedBytes,
        signature, attestationKey, qeReportBytes, qeReport, qeReportSignature, qeAuthData,
        certificationDataType, certificationData, quote.length - in.position());
  }

  private static SgxReportBody sgxBody(QuoteReader in, int size) {
    expectSize(size, SgxReportBody.SIZE);
    return SgxReportBody.parse(in);
  }

  private static TdxReportBody tdxBody(QuoteReader in, int size, int expected, boolean td15) {
    expectSize(size, expected);
    return TdxReportBody.parse(in, td15);
  }

  private static void expectSize(int size, int expected) {
    if (size != expected) {
      throw new IllegalArgumentException("body_size: " + size + ", expected " + expected);
    }
  }

  public EvidenceType evidenceType() {
    return teeType == TEE_TDX ? EvidenceType.TDX : EvidenceType.SGX_DCAP;
  }

  /** The 64 bytes of report data the enclave or TD put in its report. */
  public byte[] reportData() {
    return sgxBody.map(SgxReportBody::reportData).orElseGet(() -> tdxBody.orElseThrow().reportData());
  }

  public boolean debug() {
    return sgxBody.map(SgxReportBody::debug).orElseGet(() -> tdxBody.orElseThrow().debug());
  }

  /** Where the body starts in the quote bytes, for tests and diagnostics. */
  public int bodyOffset() {
    return version == 5 ? HEADER_SIZE + 6 : HEADER_SIZE;
  }
}
