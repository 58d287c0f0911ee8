package dev.vigil.attestation;

import java.util.Arrays;

/** What produced a piece of evidence; the wire name is the evidence JSON's {@code type}. */
public enum EvidenceType {
  SGX_DCAP("sgx-dcap"),
  TDX("tdx"),
  SEV_SNP("sev-snp"),
  NITRO("nitro"),
  /** Azure confidential VM: the vTPM's HCL report, followed for TDX by the TD quote. */
  AZURE_VTPM("azure-vtpm"),
  INSECURE_NONE("insecure-none");

  private final String wireName;

  EvidenceType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; the message names the field and the accepted values. */
  public static EvidenceType fromWireName(String name) {
    return Arrays.stream(values())
        .filter(type -> type.wireName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "type: unknown evidence type '" + name
                        + "' (expected sgx-dcap, tdx, sev-snp, nitro, azure-vtpm or insecure-none)"));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
