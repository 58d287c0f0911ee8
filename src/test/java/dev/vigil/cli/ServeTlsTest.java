package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.KnownClients;
import dev.vigil.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS#12 keystore, with client certificates checked against known fingerprints. */
class ServeTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path certs;
  @TempDir Path dataDir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    keytool("client", "CN=validator-client", "SAN=dns:client");
    keytool("stranger", "CN=stranger", "SAN=dns:stranger");
    Files.writeString(certs.resolve("password.txt"), PASSWORD + "\n");
    Files.writeString(certs.resolve("known-clients.txt"),
        "# name fingerprint\nvalidator-client " + colonFingerprint(certificate("client")) + "\n");
  }

  private static void keytool(String name, String dname, String san) throws Exception {
    TestCertificates.generate(certs, name, dname, san, PASSWORD);
  }

  private static KeyStore keyStore(String name) throws Exception {
    return TestCertificates.keyStore(certs, name, PASSWORD);
  }

  private static X509Certificate certificate(String name) throws Exception {
    return (X509Certificate) keyStore(name).getCertificate(name);
  }

  private static String colonFingerprint(X509Certificate certificate) {
    return KnownClients.fingerprint(certificate).replaceAll("(..)(?!$)", "$1:").toUpperCase();
  }

  /** An HTTPS client that trusts the server's certificate and presents {@code identity} (or none). */
  private static HttpClient client(String identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", certificate("server"));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(identity == null ? null : keyStore(identity), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(identity == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }

  private static int upcheck(HttpClient client, SignerFixture signer) throws IOException, InterruptedException {
    URI uri = URI.create("https://127.0.0.1:" + signer.service.httpPort() + "/upcheck");
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private SignerFixture start(String... clientAuth) throws Exception {
    String[] tls = {"--tls-keystore-file", certs.resolve("server.p12").toString(),
        "--tls-keystore-password-file", certs.resolve("password.txt").toString()};
    String[] args = new String[tls.length + clientAuth.length];
    System.arraycopy(tls, 0, args, 0, tls.length);
    System.arraycopy(clientAuth, 0, args, tls.length, clientAuth.length);
    return SignerFixture.start(dataDir, args);
  }

  @Test
  void knownClientIsServedAndOthersAreNot() throws Exception {
    try (SignerFixture signer = start("--tls-known-clients-file", certs.resolve("known-clients.txt").toString())) {
      assertThat(upcheck(client("client"), signer)).isEqualTo(200);
      assertThatThrownBy(() -> upcheck(client("stranger"), signer)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> upcheck(client(null), signer)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anyClientWhenAllowed() throws Exception {
    try (SignerFixture signer = start("--tls-allow-any-client")) {
      assertThat(upcheck(client(null), signer)).isEqualTo(200);
    }
  }

  @Test
  void plainHttpIsNotServedOnTheTlsPort() throws Exception {
    try (SignerFixture signer = start("--tls-allow-any-client")) {
      int status;
      try {
        status = signer.get("/upcheck").statusCode();
      } catch (IOException refused) {
        status = -1;
      }
      assertThat(status).isNotEqualTo(200);
    }
  }

  @Test
  void tlsNeedsAClientPolicy() {
    assertThatThrownBy(this::start).hasMessageContaining("--tls-known-clients-file");
  }

  @Test
  void wrongKeystorePasswordIsAClearError() throws Exception {
    Path wrong = certs.resolve("wrong.txt");
    Files.writeString(wrong, "nope");
    assertThatThrownBy(() -> SignerFixture.start(dataDir, "--tls-keystore-file", certs.resolve("server.p12").toString(),
            "--tls-keystore-password-file", wrong.toString(), "--tls-allow-any-client"))
        .hasMessageContaining("server.p12");
  }
}
