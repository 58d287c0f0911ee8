package dev.vigil.api;

import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Client certificates allowed by their SHA-256 fingerprint. The file has one client per line:
 * {@code <name> <fingerprint>} (as Web3Signer) or just {@code <fingerprint>}; the fingerprint is hex,
 * with or without colons. Blank lines and lines starting with # are ignored.
 */
public final class KnownClients implements X509TrustManager {
  private final Set<String> fingerprints;

  KnownClients(Set<String> fingerprints) {
    this.fingerprints = Set.copyOf(fingerprints);
  }

  public static KnownClients load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    Set<String> fingerprints = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String hex = parts[parts.length - 1].replace(":", "").toLowerCase();
      if (parts.length > 2 || hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": expected '<name> <SHA-256 fingerprint>'");
      }
      fingerprints.add(hex);
    }
    return new KnownClients(fingerprints);
  }

  /** The SHA-256 fingerprint of a certificate, lower-case hex without separators. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Hex.encodeBare(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0 || !fingerprints.contains(fingerprint(chain[0]))) {
      throw new CertificateException("client certificate is not in the known-clients file");
    }
    chain[0].checkValidity();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("not a client trust manager");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
