package dev.vigil.attestation;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which AMD EPYC generation (Milan, Genoa, Turin) produced an SEV-SNP report, from every source that
 * names it: the ARK, ASK/ASVK and VCEK/VLEK names AMD gives them, and from report version 3 the
 * CPUID family and model the firmware writes into the signed report. The sources must agree. Milan
 * is reported with a warning: a software extraction of Milan's VCEK seed was published in 2026.
 */
final class SnpProduct {
  static final String MILAN = "Milan";
  private static final List<String> KNOWN = List.of(MILAN, "Genoa", "Turin");
  static final String MILAN_WARNING = "AMD Milan: a software extraction of Milan's VCEK seed was published in 2026; "
      + "whoever ran it on a chip can sign reports that verify here as that chip (a VLEK is loaded into the same firmware), "
      + "so this evidence is only as strong as that chip's history; prefer Genoa or Turin";

  private SnpProduct() {}

  /** The generation each source names, keyed by source; sources that name none are left out. */
  static Map<String, String> sources(SnpReport report, List<X509Certificate> chain, Optional<String> leafProductName) {
    Map<String, String> sources = new LinkedHashMap<>();
    fromCpuid(report.cpuidFamily(), report.cpuidModel())
        .ifPresent(product -> sources.put("report CPUID family 0x" + Integer.toHexString(report.cpuidFamily())
            + " model 0x" + Integer.toHexString(report.cpuidModel()), product));
    leafProductName.flatMap(name -> known(name.split("-")[0]))
        .ifPresent(product -> sources.put("certificate productName '" + leafProductName.get() + "'", product));
    for (X509Certificate certificate : chain) {
      String name = Certificates.describe(certificate).replace("'", "");
      known(name.substring(name.lastIndexOf('-') + 1)).ifPresent(product -> sources.put("certificate " + name, product));
    }
    return sources;
  }

  /** The check over the sources; the claim {@code chip} is the generation, or "unknown". */
  static Check check(Map<String, String> sources, Map<String, String> claims) {
    Set<String> products = new LinkedHashSet<>(sources.values());
    claims.put("chip", products.size() == 1 ? products.iterator().next() : "unknown");
    if (products.isEmpty()) {
      return Check.unknown("chip", "no certificate or CPUID field names the AMD generation");
    }
    if (products.size() > 1) {
      return Check.fail("chip", "the sources disagree on the AMD generation: " + sources);
    }
    String product = products.iterator().next();
    String from = "(from " + String.join(", ", sources.keySet()) + ")";
    return product.equals(MILAN) ? Check.unknown("chip", MILAN_WARNING + " " + from) : Check.pass("chip", "AMD " + product + " " + from);
  }

  /**
   * CPUID family 19h models 00h–0Fh are Milan, 10h–1Fh and A0h–AFh Genoa (and its Bergamo and Siena
   * parts, which AMD certifies under Genoa), family 1Ah Turin.
   */
  static Optional<String> fromCpuid(int family, int model) {
    if (family == 0x19 && model <= 0x0F) {
      return Optional.of(MILAN);
    }
    if (family == 0x19 && (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
      return Optional.of("Genoa");
    }
    return family == 0x1A ? Optional.of("Turin") : Optional.empty();
  }

  private static Optional<String> known(String name) {
    return KNOWN.stream().filter(name::equals).findFirst();
  }
}
