package dev.vigil.attestation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code vigil attestation collateral fetch} writes and {@code verify --collateral DIR} reads:
 * Intel collateral per TEE, FMSPC and PCK CA ({@code intel-<sgx|tdx>-<FMSPC>-<processor|platform>.json},
 * the {@link Collateral} JSON form) and AMD KDS chains and CRLs per product and signing key
 * ({@code amd-<Product>-<vcek|vlek>-cert_chain.pem}, {@code amd-<Product>-<vcek|vlek>.crl}) and the
 * VCEKs of given reports' chips ({@code amd-vcek-<chip>-<tcb>.pem}). Every
 * item is judged by its own validity (issueDate/nextUpdate, thisUpdate/nextUpdate, notBefore/notAfter)
 * at verification time, and by nothing stricter.
 */
public record CollateralBundle(List<Collateral> intel, List<AmdCollateral> amd, List<X509Certificate> vceks) {
  public CollateralBundle {
    intel = List.copyOf(intel);
    amd = List.copyOf(amd);
    vceks = List.copyOf(vceks);
  }

  /** One Intel collateral file, used for every quote (as {@code --collateral FILE}). */
  public static CollateralBundle of(Collateral collateral) {
    return new CollateralBundle(List.of(collateral), List.of(), List.of());
  }

  public static String intelFileName(String tee, String fmspc, String pckCa) {
    return "intel-" + tee + "-" + fmspc.toUpperCase(java.util.Locale.ROOT) + "-" + pckCa + ".json";
  }

  public static String amdChainFileName(String product, String signingKey) {
    return "amd-" + product + "-" + signingKey + "-cert_chain.pem";
  }

  public static String amdCrlFileName(String product, String signingKey) {
    return "amd-" + product + "-" + signingKey + ".crl";
  }

  /** Reads a bundle directory; a bad file gets an {@link IllegalArgumentException} naming it. */
  public static CollateralBundle load(Path dir) {
    List<Collateral> intel = new ArrayList<>();
    List<X509Certificate> vceks = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        try {
          if (name.startsWith("intel-") && name.endsWith(".json")) {
            intel.add(Collateral.fromJson(Files.readAllBytes(file)));
          } else if (name.startsWith("amd-vcek-") && name.endsWith(".pem")) {
            vceks.addAll(Certificates.parse(Files.readAllBytes(file)));
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("collateral: cannot read the directory " + dir + ": " + e.getMessage());
    }
    List<AmdCollateral> amd = new ArrayList<>();
    for (String product : AmdCollateral.PRODUCTS) {
      for (String key : AmdCollateral.SIGNING_KEYS) {
        Path chain = dir.resolve(amdChainFileName(product, key));
        if (!Files.exists(chain)) {
          continue;
        }
        Path crl = dir.resolve(amdCrlFileName(product, key));
        try {
          amd.add(new AmdCollateral(product, key, Certificates.parse(Files.readAllBytes(chain)),
              Files.exists(crl) ? Optional.of(Collateral.parseCrl(Files.readAllBytes(crl), crl.toString())) : Optional.empty()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(chain + ": " + e.getMessage());
        } catch (IOException e) {
          throw new IllegalArgumentException("collateral: cannot read " + chain + ": " + e.getMessage());
        }
      }
    }
    if (intel.isEmpty() && amd.isEmpty() && vceks.isEmpty()) {
      throw new IllegalArgumentException("collateral: " + dir + " holds no collateral (intel-*.json, amd-*-cert_chain.pem); "
          + "write it with vigil attestation collateral fetch --out " + dir);
    }
    return new CollateralBundle(intel, amd, vceks);
  }

  /**
   * The Intel collateral for a quote whose PCK chain is {@code pckChain} (leaf first): a lone item
   * is used as given (its mismatches are reported by the TCB evaluation); otherwise the one whose
   * TCB info is for this TEE and FMSPC and whose PCK CRL comes from the PCK certificate's issuer.
   */
  Optional<Collateral> intelFor(EvidenceType type, List<X509Certificate> pckChain) {
    if (intel.size() == 1) {
      return Optional.of(intel.get(0));
    }
    String tee = type == EvidenceType.TDX ? "TDX" : "SGX";
    String fmspc = HexFormat.of().withUpperCase().formatHex(PckExtension.of(pckChain.get(0)).fmspc());
    return intel.stream()
        .filter(c -> c.tee().equals(tee) && c.fmspc().equals(fmspc)
            && c.pckCrl().getIssuerX500Principal().equals(pckChain.get(0).getIssuerX500Principal()))
        .findFirst();
  }

  /**
   * Completes a report's certificates from the bundle: its chip's VCEK when none was supplied, then
   * the ASK or ASVK that issued them.
   */
  List<X509Certificate> amdCertificatesFor(SnpReport report, List<X509Certificate> certificates) {
    List<X509Certificate> completed = new ArrayList<>(certificates);
    if (completed.stream().allMatch(certificate -> certificate.getBasicConstraints() >= 0)) {
      vceks.stream().filter(vcek -> AmdCollateral.isVcekFor(vcek, report)).findFirst().ifPresent(completed::add);
    }
    completed.addAll(amdIssuersOf(completed));
    return completed.subList(certificates.size(), completed.size());
  }

  /**
   * The bundle's AMD intermediates (ASK, ASVK) that issued one of {@code certificates} and are not
   * among them already: what completes a report's chain when only the VCEK or VLEK was supplied.
   */
  private List<X509Certificate> amdIssuersOf(List<X509Certificate> certificates) {
    return amd.stream().flatMap(item -> item.intermediates().stream())
        .filter(issuer -> certificates.stream().noneMatch(issuer::equals)
            && certificates.stream().anyMatch(c -> c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())))
        .distinct().toList();
  }

  /**
   * Checks the AMD chain of a report ({@code chain}: the VCEK or VLEK and its ASK or ASVK) against
   * the bundle's CRL from the same ARK: signed by a trust anchor, current at {@code now} (its own
   * thisUpdate/nextUpdate), and revoking none of them.
   */
  Check amdRevocation(List<X509Certificate> chain, List<X509Certificate> arks, Instant now) {
    Date at = Date.from(now);
    List<String> used = new ArrayList<>();
    for (AmdCollateral item : amd) {
      if (item.crl().isEmpty()) {
        continue;
      }
      X509CRL crl = item.crl().get();
      String what = "AMD " + item.product() + " " + item.signingKey().toUpperCase(java.util.Locale.ROOT) + " CRL";
      boolean covers = chain.stream().anyMatch(c -> c.getIssuerX500Principal().equals(crl.getIssuerX500Principal()));
      if (!covers) {
        continue;
      }
      Optional<X509Certificate> ark = arks.stream().filter(a -> signedBy(crl, a)).findFirst();
      if (ark.isEmpty()) {
        return Check.fail("amd_crl", what + " is not signed by a trusted ARK");
      }
      if (crl.getThisUpdate().after(at) || (crl.getNextUpdate() != null && crl.getNextUpdate().before(at))) {
        return Check.fail("amd_crl", what + " is valid " + crl.getThisUpdate().toInstant() + " to "
            + (crl.getNextUpdate() == null ? "open end" : crl.getNextUpdate().toInstant()) + ", not at " + now);
      }
      for (X509Certificate certificate : chain) {
        if (crl.isRevoked(certificate)) {
          return Check.fail("amd_crl", Certificates.describe(certificate) + " is revoked by the " + what);
        }
      }
      used.add(what);
    }
    return used.isEmpty()
        ? Check.unknown("amd_crl", "the collateral holds no AMD CRL for this report's chain")
        : Check.pass("amd_crl", "no certificate of the chain is revoked by the " + String.join(", ", used) + " (current)");
  }

  private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
