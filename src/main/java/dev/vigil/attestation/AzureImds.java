package dev.vigil.attestation;

import java.net.URI;
import java.util.List;

/**
 * What an Azure confidential VM's instance metadata service (only reachable from inside the VM) adds to
 * the vTPM's HCL report: a quote of a TDX guest's TDREPORT, and the VCEK chain of an SNP host.
 */
interface AzureImds {
  URI ADDRESS = URI.create("http://169.254.169.254");

  /** {@code POST /acc/tdquote} with {@code {"report": base64url(TDREPORT)}}: the quote of that TDREPORT. */
  byte[] tdQuote(byte[] tdReport);

  /**
   * {@code GET /metadata/THIM/amd/certification}: {@code vcekCert} and {@code certificateChain}
   * (ASK, ARK), PEM, as DER certificates.
   */
  List<byte[]> vcekChain();
}
