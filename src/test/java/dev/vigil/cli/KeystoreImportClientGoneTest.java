package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.testing.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keymanager import whose client closes its connection stops decrypting keystores: the import lock
 * is free again for the next client, and no keystore after the one being decrypted is imported.
 */
class KeystoreImportClientGoneTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "import-password";
  private static final String TLS_PASSWORD = "changeit";
  private static final int CHEAP = 1 << 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  /** How the test reaches the signer: HTTP or HTTPS, for requests and for raw sockets. */
  private record Transport(String scheme, HttpClient client, SocketFactory sockets) {
    static final Transport PLAIN = new Transport("http", HttpClient.newHttpClient(), SocketFactory.getDefault());
  }

  private static String keystore(int keyIndex, int iterations) {
    return Eip2335Keystore.encrypt(SignerFixture.testKey(keyIndex), PASSWORD, new KeystoreKdf.Pbkdf2(iterations), "", "", RANDOM)
        .toJson();
  }

  private static String pubkey(int keyIndex) {
    return SignerFixture.testKey(keyIndex).publicKey().toBytes().toHexString();
  }

  private static String importBody(List<String> keystores) {
    ObjectNode body = JSON.createObjectNode();
    keystores.forEach(body.putArray("keystores")::add);
    keystores.forEach(k -> body.withArray("passwords").add(PASSWORD));
    return body.toString();
  }

  private static byte[] requestHead(SignerFixture signer, int contentLength) throws Exception {
    return ("POST /eth/v1/keystores HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + signer.apiToken()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static HttpResponse<String> keymanager(SignerFixture signer, Transport transport, String method, String body)
      throws Exception {
    URI uri = URI.create(transport.scheme() + "://127.0.0.1:" + signer.service.httpPort() + "/eth/v1/keystores");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + signer.apiToken())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return transport.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The status line and headers of the next response on {@code in}. */
  private static String responseHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      assertThat(b).as("response head so far: %s", head).isNotNegative();
      head.append((char) b);
    }
    return head.toString();
  }

  private static List<String> listed(SignerFixture signer, Transport transport) throws Exception {
    return JSON.readTree(keymanager(signer, transport, "GET", null).body()).get("data").findValuesAsText("validating_pubkey");
  }

  @Test
  void importStopsWhenItsClientHasGone() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir.resolve("data"))) {
      assertImportStopsWhenItsClientHasGone(signer, Transport.PLAIN);
    }
  }

  @Test
  void importOverTlsStopsWhenItsClientHasGone() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    TestCertificates.generate(certs, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", TLS_PASSWORD);
    Files.writeString(certs.resolve("password.txt"), TLS_PASSWORD + "\n");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server",
        TestCertificates.keyStore(certs, "server", TLS_PASSWORD).getCertificate("server"));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    Transport tls = new Transport("https", HttpClient.newBuilder().sslContext(context).build(), context.getSocketFactory());
    try (SignerFixture signer = SignerFixture.start(dir.resolve("data"),
        "--tls-keystore-file", certs.resolve("server.p12").toString(),
        "--tls-keystore-password-file", certs.resolve("password.txt").toString(), "--tls-allow-any-client")) {
      assertImportStopsWhenItsClientHasGone(signer, tls);
    }
  }

  private void assertImportStopsWhenItsClientHasGone(SignerFixture signer, Transport transport) throws Exception {
    // Key 0 is cheap, key 1 costs the most a keystore may (about a second), keys 2… are cheap again:
    // the client leaves while key 1 is being decrypted.
    int count = 40;
    List<String> keystores = new ArrayList<>();
    keystores.add(keystore(0, CHEAP));
    keystores.add(keystore(1, KeystoreKdf.Pbkdf2.MAX_C));
    for (int i = 2; i < count; i++) {
      keystores.add(keystore(i, CHEAP));
    }
    byte[] body = importBody(keystores).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = transport.sockets().createSocket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(requestHead(signer, body.length));
      out.write(body);
      out.flush();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!listed(signer, transport).contains(pubkey(0))) {
        assertThat(System.nanoTime()).as("key 0 imported within 10 s").isLessThan(deadline);
        Thread.sleep(5);
      }
    }

    // Waits for the import lock, so the abandoned import has stopped (or finished) when it answers.
    HttpResponse<String> next = keymanager(signer, transport, "POST", importBody(List.of(keystore(100, CHEAP))));
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(next.body()).get("data").findValuesAsText("status")).containsExactly("imported");

    List<String> keys = listed(signer, transport);
    assertThat(keys).contains(pubkey(0), pubkey(100));
    for (int i = 2; i < count; i++) {
      assertThat(keys).as("key %d, after the client left", i).doesNotContain(pubkey(i));
    }
  }

  @Test
  void aClientThatPipelinesItsNextRequestStaysAndGetsEveryKeyImported() throws Exception {
    // The first keystore takes long enough for the pipelined request to arrive while the import runs
    // (if it arrives with the body instead, Jetty holds it and the probe never sees it).
    List<String> keystores = new ArrayList<>();
    keystores.add(keystore(0, KeystoreKdf.Pbkdf2.MAX_C));
    for (int i = 1; i <= 3; i++) {
      keystores.add(keystore(i, CHEAP));
    }
    try (SignerFixture signer = SignerFixture.start(dir.resolve("data"))) {
      byte[] body = importBody(keystores).getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(requestHead(signer, body.length));
        out.write(body);
        out.flush();
        Thread.sleep(100);
        out.write("GET /eth/v1/keystores HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = responseHead(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        Matcher length = Pattern.compile("(?im)^Content-Length: *(\\d+)$").matcher(head);
        assertThat(length.find()).as(head).isTrue();
        byte[] data = in.readNBytes(Integer.parseInt(length.group(1)));
        assertThat(JSON.readTree(data).get("data").findValuesAsText("status")).containsExactly(
            "imported", "imported", "imported", "imported");
      }
      assertThat(listed(signer, Transport.PLAIN)).contains(pubkey(0), pubkey(1), pubkey(2), pubkey(3));
    }
  }
}
