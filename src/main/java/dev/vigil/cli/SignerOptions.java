package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/** How the operator's commands reach a running signer: URL, API token and TLS client options. */
final class SignerOptions {
  @Option(names = "--url", defaultValue = "http://127.0.0.1:9000", description = "URL of the running signer. Default: ${DEFAULT-VALUE}")
  String url;

  @Option(names = "--api-token-file", description = "File holding the signer's Keymanager API token (the serve --key-manager-api-token-file).")
  Path apiTokenFile;

  @Option(names = "--tls-truststore-file", description = "With an https URL: certificates to trust, as PKCS#12 (with --tls-truststore-password-file) or PEM.")
  Path tlsTruststoreFile;

  @Option(names = "--tls-truststore-password-file", description = "Password file of a PKCS#12 --tls-truststore-file.")
  Path tlsTruststorePasswordFile;

  @Option(names = "--tls-client-keystore-file", description = "PKCS#12 keystore with this client's certificate, for a signer that checks client certificates.")
  Path tlsClientKeystoreFile;

  @Option(names = "--tls-client-keystore-password-file", description = "Password file of --tls-client-keystore-file.")
  Path tlsClientKeystorePasswordFile;

  @Option(names = "--parallel-requests", defaultValue = "8", description = "Signing requests in flight at once. Default: ${DEFAULT-VALUE}")
  int parallelRequests;

  /** A client for the signer; the token is read only when {@code --api-token-file} is given. */
  SignerClient connect() throws IOException {
    if (parallelRequests < 1) {
      throw new IllegalArgumentException("--parallel-requests: must be at least 1, got " + parallelRequests);
    }
    Optional<String> token = Optional.empty();
    if (apiTokenFile != null) {
      String text = PasswordFiles.read(apiTokenFile);
      if (text.isBlank()) {
        throw new IllegalArgumentException("--api-token-file: " + apiTokenFile + " is empty");
      }
      token = Optional.of(text.strip());
    }
    return new SignerClient(new JsonHttp(httpClient(), url, "the signer", token), parallelRequests);
  }

  /** An HTTP/1.1 client (kept-alive connections reused by parallel requests) with the TLS options. */
  HttpClient httpClient() {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10));
    if (tlsTruststoreFile != null || tlsClientKeystoreFile != null) {
      builder.sslContext(sslContext());
    } else if (tlsTruststorePasswordFile != null || tlsClientKeystorePasswordFile != null) {
      throw new IllegalArgumentException("a TLS password file was given without its keystore file");
    }
    return builder.build();
  }

  private SSLContext sslContext() {
    try {
      TrustManagerFactory trust = null;
      if (tlsTruststoreFile != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(truststore());
      }
      KeyManagerFactory identity = null;
      if (tlsClientKeystoreFile != null) {
        if (tlsClientKeystorePasswordFile == null) {
          throw new IllegalArgumentException("--tls-client-keystore-file needs --tls-client-keystore-password-file");
        }
        char[] password = PasswordFiles.read(tlsClientKeystorePasswordFile).toCharArray();
        identity = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        identity.init(pkcs12(tlsClientKeystoreFile, password, "--tls-client-keystore-file"), password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(identity == null ? null : identity.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS client options: " + e.getMessage());
    }
  }

  private KeyStore truststore() throws GeneralSecurityException, IOException {
    if (tlsTruststorePasswordFile != null) {
      return pkcs12(tlsTruststoreFile, PasswordFiles.read(tlsTruststorePasswordFile).toCharArray(), "--tls-truststore-file");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int index = 0;
    try (InputStream in = Files.newInputStream(existing(tlsTruststoreFile, "--tls-truststore-file"))) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("trusted-" + index++, certificate);
      }
    }
    if (index == 0) {
      throw new IllegalArgumentException("--tls-truststore-file: no PEM certificate in " + tlsTruststoreFile
          + " (a PKCS#12 truststore needs --tls-truststore-password-file)");
    }
    return store;
  }

  private static KeyStore pkcs12(Path file, char[] password, String flag) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(existing(file, flag))) {
      store.load(in, password);
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + ": cannot open " + file + " as PKCS#12: " + e.getMessage());
    }
    return store;
  }

  private static Path existing(Path file, String flag) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + ": no such file: " + file);
    }
    return file;
  }
}
