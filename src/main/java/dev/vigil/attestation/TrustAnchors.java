package dev.vigil.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The roots evidence must chain to: the Intel SGX Root CA (SGX and TDX), AMD's ARKs for Milan,
 * Genoa and Turin (SEV-SNP) and the AWS Nitro Enclaves root G1 (Nitro), pinned as resources. Tests replace them with their own roots; the
 * {@code pinned} flags let the verdict say so.
 */
public record TrustAnchors(
    X509Certificate intelRoot, boolean intelRootPinned, List<X509Certificate> amdArks, boolean amdArksPinned,
    X509Certificate nitroRoot, boolean nitroRootPinned) {
  static final List<String> AMD_ARK_RESOURCES =
      List.of("amd-ark-milan.pem", "amd-ark-genoa.pem", "amd-ark-turin.pem");
  /** AWS's "aws.nitro-enclaves" root G1, SHA-256 fingerprint 641a0321…8f79bb5b over its DER. */
  static final String NITRO_ROOT_RESOURCE = "aws-nitro-root-g1.der";

  public TrustAnchors {
    amdArks = List.copyOf(amdArks);
  }

  /** The pinned production roots shipped in {@code src/main/resources/attestation}. */
  public static TrustAnchors pinned() {
    X509Certificate intel = Certificates.parse(resource("intel-sgx-root-ca.der")).get(0);
    List<X509Certificate> arks =
        AMD_ARK_RESOURCES.stream().map(name -> Certificates.parse(resource(name)).get(0)).toList();
    X509Certificate nitro = Certificates.parse(resource(NITRO_ROOT_RESOURCE)).get(0);
    return new TrustAnchors(intel, true, arks, true, nitro, true);
  }

  /** These anchors with a test Intel root instead of the pinned one. */
  public TrustAnchors withIntelRoot(X509Certificate root) {
    return new TrustAnchors(root, false, amdArks, amdArksPinned, nitroRoot, nitroRootPinned);
  }

  /** These anchors with a test AMD root instead of the pinned ARKs. */
  public TrustAnchors withAmdArk(X509Certificate ark) {
    return new TrustAnchors(intelRoot, intelRootPinned, List.of(ark), false, nitroRoot, nitroRootPinned);
  }

  /** These anchors with a test AWS Nitro root instead of the pinned one. */
  public TrustAnchors withNitroRoot(X509Certificate root) {
    return new TrustAnchors(intelRoot, intelRootPinned, amdArks, amdArksPinned, root, false);
  }

  /** Parses one certificate (PEM or DER) given on the command line. */
  public static X509Certificate certificate(byte[] pemOrDer) {
    return Certificates.parse(pemOrDer).get(0);
  }

  /** Parses every certificate (PEM blocks or concatenated DER) in a file. */
  public static List<X509Certificate> certificates(byte[] pemOrDer) {
    return Certificates.parse(pemOrDer);
  }

  private static byte[] resource(String name) {
    try (InputStream in = TrustAnchors.class.getResourceAsStream("/attestation/" + name)) {
      if (in == null) {
        throw new IllegalStateException("pinned root missing from the build: /attestation/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
