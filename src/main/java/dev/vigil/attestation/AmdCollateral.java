package dev.vigil.attestation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * AMD KDS collateral for one product and one kind of signing key: {@code cert_chain} (the ASK for
 * VCEKs or the ASVK for VLEKs, then the ARK) and the ARK-signed CRL of revoked intermediates and
 * keys, as served at {@code /vcek/v1/{product}/…} and {@code /vlek/v1/{product}/…}.
 */
public record AmdCollateral(String product, String signingKey, List<X509Certificate> chain, Optional<X509CRL> crl) {
  /** The products KDS serves and the two kinds of report-signing key. */
  public static final List<String> PRODUCTS = List.of("Milan", "Genoa", "Turin");
  public static final List<String> SIGNING_KEYS = List.of("vcek", "vlek");

  public AmdCollateral {
    chain = List.copyOf(chain);
  }

  /** The intermediates (ASK or ASVK) of this chain; the ARK is left to the trust anchors. */
  List<X509Certificate> intermediates() {
    return chain.stream().filter(certificate -> !Certificates.selfSigned(certificate)).toList();
  }
}
