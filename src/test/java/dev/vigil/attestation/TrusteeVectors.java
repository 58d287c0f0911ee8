package dev.vigil.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

/** The recorded confidential-containers/trustee data in src/test/resources/vectors (see its SOURCES.md). */
final class TrusteeVectors {
  private TrusteeVectors() {}

  static byte[] file(String relative) {
    String name = "/vectors/confidential-containers-trustee/" + relative;
    try (InputStream in = TrusteeVectors.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<X509Certificate> certificates(String relative) {
    return Certificates.parse(file(relative));
  }
}
