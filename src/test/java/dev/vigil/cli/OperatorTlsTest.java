package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.KnownClients;
import dev.vigil.testing.TestCertificates;
import dev.vigil.spec.BLSPubkey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands over HTTPS: the server trusted from PKCS#12 or PEM, a client certificate presented. */
class OperatorTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path certs;
  @TempDir Path dataDir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    keytool("client", "CN=operator", "SAN=dns:operator");
    Files.writeString(certs.resolve("password.txt"), PASSWORD + "\n");
    X509Certificate client = (X509Certificate) keyStore("client").getCertificate("client");
    Files.writeString(certs.resolve("known-clients.txt"), "operator " + KnownClients.fingerprint(client) + "\n");
    X509Certificate server = (X509Certificate) keyStore("server").getCertificate("server");
    Files.writeString(certs.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(server.getEncoded()) + "\n-----END CERTIFICATE-----\n");
  }

  private static void keytool(String name, String dname, String san) throws Exception {
    TestCertificates.generate(certs, name, dname, san, PASSWORD);
  }

  private static KeyStore keyStore(String name) throws Exception {
    return TestCertificates.keyStore(certs, name, PASSWORD);
  }

  private static String c(String name) {
    return certs.resolve(name).toString();
  }

  @Test
  void listAndDepositOverMutualTls() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dataDir, 1);
    try (SignerFixture signer = SignerFixture.start(dataDir, "--tls-keystore-file", c("server.p12"),
        "--tls-keystore-password-file", c("password.txt"), "--tls-known-clients-file", c("known-clients.txt"))) {
      String url = "https://127.0.0.1:" + signer.service.httpPort();
      String token = dataDir.resolve("api-token.txt").toString();
      OperatorCli.Run list = OperatorCli.run("keys", "list", "--url", url, "--api-token-file", token,
          "--tls-truststore-file", c("server.pem"),
          "--tls-client-keystore-file", c("client.p12"), "--tls-client-keystore-password-file", c("password.txt"));
      assertThat(list.succeeds().out().strip()).isEqualTo(keys.get(0).toHexString());

      OperatorCli.run("deposit", "--url", url, "--api-token-file", token, "--network", "mainnet", "--withdrawal-address", "0x" + "11".repeat(20), "--all",
          "--tls-truststore-file", c("server.p12"), "--tls-truststore-password-file", c("password.txt"),
          "--tls-client-keystore-file", c("client.p12"), "--tls-client-keystore-password-file", c("password.txt"),
          "--output", dataDir.resolve("deposit.json").toString()).succeeds();
      assertThat(dataDir.resolve("deposit.json")).exists();

      OperatorCli.run("keys", "list", "--url", url, "--api-token-file", token, "--tls-truststore-file", c("server.pem"))
          .failsWith("signer at " + url);
      OperatorCli.run("keys", "list", "--url", url, "--api-token-file", token).failsWith("TLS with the signer");
    }
  }
}
