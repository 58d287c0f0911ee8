package dev.vigil.attestation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** X.509 parsing and the chain checks the verifiers share; JDK only. */
final class Certificates {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

  /** Most certificates in one chain or bundle: real chains hold 2 to 4 (PCK, VCEK/VLEK, Nitro). */
  static final int MAX_CHAIN_CERTIFICATES = 16;
  /** Largest certificate (DER): real ones are 1 to 2 KiB. */
  static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

  private Certificates() {}

  /**
   * Certificates in PEM blocks, or else concatenated DER (as some quotes carry them); at most
   * {@link #MAX_CHAIN_CERTIFICATES} of at most {@link #MAX_CERTIFICATE_BYTES} each, counted and
   * measured before any is parsed.
   */
  static List<X509Certificate> parse(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    List<byte[]> ders = new ArrayList<>();
    Matcher pem = PEM.matcher(text);
    while (pem.find()) {
      requireRoomForAnother(ders.size());
      // Base64 holds 3 bytes in 4 characters, whitespace aside: a longer block decodes to too many.
      requireSize((long) (pem.end(1) - pem.start(1) - whitespace(pem.group(1))) * 3 / 4);
      ders.add(Base64.getMimeDecoder().decode(pem.group(1)));
    }
    if (ders.isEmpty()) {
      int at = 0;
      while (at < data.length && data[at] == 0x30) {
        requireRoomForAnother(ders.size());
        int length = derLength(data, at);
        requireSize(length);
        ders.add(Arrays.copyOfRange(data, at, at + length));
        at += length;
      }
    }
    if (ders.isEmpty()) {
      throw new IllegalArgumentException("certificates: neither PEM nor DER certificates found");
    }
    return ders.stream().map(Certificates::parseDer).toList();
  }

  /** Refuses a chain of {@code count} certificates plus one more beyond {@link #MAX_CHAIN_CERTIFICATES}. */
  static void requireRoomForAnother(int count) {
    if (count >= MAX_CHAIN_CERTIFICATES) {
      throw new IllegalArgumentException("certificates: more than " + MAX_CHAIN_CERTIFICATES + " certificates");
    }
  }

  /** Refuses a certificate of more than {@link #MAX_CERTIFICATE_BYTES}. */
  static void requireSize(long bytes) {
    if (bytes > MAX_CERTIFICATE_BYTES) {
      throw new IllegalArgumentException(
          "certificates: a certificate of " + bytes + " bytes, more than " + MAX_CERTIFICATE_BYTES);
    }
  }

  private static int whitespace(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      count += Character.isWhitespace(text.charAt(i)) ? 1 : 0;
    }
    return count;
  }

  static X509Certificate parseDer(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("certificates: not a valid X.509 certificate: " + e.getMessage());
    }
  }

  /** Total length (tag, length, contents) of the DER element starting at {@code at}. */
  private static int derLength(byte[] data, int at) {
    if (at + 2 > data.length) {
      throw new IllegalArgumentException("certificates: truncated DER");
    }
    int first = data[at + 1] & 0xff;
    if (first < 0x80) {
      return 2 + first;
    }
    int octets = first & 0x7f;
    if (octets == 0 || octets > 3 || at + 2 + octets > data.length) {
      throw new IllegalArgumentException("certificates: unsupported DER length");
    }
    int length = 0;
    for (int i = 0; i < octets; i++) {
      length = (length << 8) | (data[at + 2 + i] & 0xff);
    }
    int total = 2 + octets + length;
    if (at + total > data.length) {
      throw new IllegalArgumentException("certificates: truncated DER");
    }
    return total;
  }

  /**
   * The certificates leaf first, each followed by its issuer (quotes do not all use that order);
   * self-signed roots are dropped, since only the trust anchor may act as one.
   */
  static List<X509Certificate> leafFirst(List<X509Certificate> certificates) {
    List<X509Certificate> rest = new ArrayList<>(certificates.stream().filter(c -> !selfSigned(c)).toList());
    List<X509Certificate> ordered = new ArrayList<>();
    Optional<X509Certificate> next =
        rest.stream()
            .filter(candidate -> rest.stream().noneMatch(other -> other != candidate
                && other.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())))
            .findFirst();
    while (next.isPresent()) {
      X509Certificate current = next.get();
      ordered.add(current);
      rest.remove(current);
      next = rest.stream()
          .filter(c -> c.getSubjectX500Principal().equals(current.getIssuerX500Principal()))
          .findFirst();
    }
    ordered.addAll(rest);
    return ordered;
  }

  /**
   * Checks that {@code chain} (leaf first; a trailing self-signed root is ignored, the anchor decides)
   * is signed link by link up to {@code anchor}, every certificate valid at {@code now}, every issuer
   * a CA. Returns the reason when it is not.
   */
  static Optional<String> verifyChain(List<X509Certificate> chain, X509Certificate anchor, Instant now) {
    List<X509Certificate> links = new ArrayList<>(chain);
    while (!links.isEmpty() && selfSigned(links.get(links.size() - 1))) {
      links.remove(links.size() - 1);
    }
    if (links.isEmpty()) {
      return Optional.of("the chain holds no certificate below the root");
    }
    Date at = Date.from(now);
    for (int i = 0; i < links.size(); i++) {
      X509Certificate certificate = links.get(i);
      X509Certificate issuer = i + 1 < links.size() ? links.get(i + 1) : anchor;
      String name = describe(certificate);
      if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        return Optional.of(name + " is issued by " + certificate.getIssuerX500Principal().getName()
            + ", not by " + issuer.getSubjectX500Principal().getName());
      }
      try {
        certificate.verify(issuer.getPublicKey());
      } catch (GeneralSecurityException e) {
        return Optional.of("signature on " + name + " does not verify with the key of " + describe(issuer));
      }
      if (issuer.getBasicConstraints() < 0) {
        return Optional.of(describe(issuer) + " is not a CA");
      }
      Optional<String> validity = validAt(certificate, at);
      if (validity.isPresent()) {
        return validity;
      }
    }
    return validAt(anchor, at);
  }

  private static Optional<String> validAt(X509Certificate certificate, Date at) {
    try {
      certificate.checkValidity(at);
      return Optional.empty();
    } catch (CertificateException e) {
      return Optional.of(describe(certificate) + " is not valid at " + at.toInstant()
          + " (valid " + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + ")");
    }
  }

  static boolean selfSigned(X509Certificate certificate) {
    if (!certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The certificate's common name, or its whole subject. */
  static String describe(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    Matcher cn = Pattern.compile("CN=([^,]+)").matcher(subject);
    return "'" + (cn.find() ? cn.group(1) : subject) + "'";
  }
}
