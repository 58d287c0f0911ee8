package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/** Self-signed EC certificates in PKCS#12 files, made with the JDK's keytool, for TLS tests. */
public final class TestCertificates {
  private TestCertificates() {}

  /** Creates {@code <dir>/<name>.p12} holding a key pair and certificate under alias {@code name}. */
  public static void generate(Path dir, String name, String dname, String subjectAltName, String password) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", dname, "-ext", subjectAltName, "-validity", "30",
        "-keystore", dir.resolve(name + ".p12").toString(), "-storetype", "PKCS12",
        "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  /** Loads {@code <dir>/<name>.p12}. */
  public static KeyStore keyStore(Path dir, String name, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      store.load(in, password.toCharArray());
    }
    return store;
  }
}
