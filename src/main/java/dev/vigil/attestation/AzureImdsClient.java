package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The instance metadata service over HTTP, at {@link AzureImds#ADDRESS} (tests point it at a local server). */
final class AzureImdsClient implements AzureImds {
  private final URI base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** A metadata-service answer (a TD quote, a VCEK chain: a few KiB) is read up to this many bytes. */
  static final long MAX_ANSWER_BYTES = 1L << 20;
  private final ObjectMapper json = BoundedJson.mapper();

  AzureImdsClient(URI base) {
    this.base = base;
  }

  @Override
  public byte[] tdQuote(byte[] tdReport) {
    String body = json.createObjectNode().put("report", Base64.getUrlEncoder().withoutPadding().encodeToString(tdReport)).toString();
    JsonNode answer = call(HttpRequest.newBuilder(base.resolve("/acc/tdquote")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), "TD quote");
    try {
      return Base64.getUrlDecoder().decode(text(answer, "quote", "TD quote"));
    } catch (IllegalArgumentException e) {
      throw new AttestationException("azure-vtpm: the metadata service's TD quote is not base64url: " + e.getMessage(), e);
    }
  }

  @Override
  public List<byte[]> vcekChain() {
    JsonNode answer = call(HttpRequest.newBuilder(base.resolve("/metadata/THIM/amd/certification")).GET(), "VCEK chain");
    List<byte[]> chain = new ArrayList<>();
    try {
      for (String field : List.of("vcekCert", "certificateChain")) {
        for (X509Certificate certificate : Certificates.parse(text(answer, field, "VCEK chain").getBytes(StandardCharsets.US_ASCII))) {
          chain.add(certificate.getEncoded());
        }
      }
    } catch (IllegalArgumentException | CertificateEncodingException e) {
      throw new AttestationException("azure-vtpm: the metadata service's VCEK chain is not PEM certificates: " + e.getMessage(), e);
    }
    return chain;
  }

  private JsonNode call(HttpRequest.Builder request, String what) {
    HttpResponse<byte[]> response;
    URI uri = request.build().uri();
    try {
      response = client.send(request.header("Metadata", "true").timeout(Duration.ofSeconds(30)).build(), BoundedBodyHandler.ofAtMost(MAX_ANSWER_BYTES));
    } catch (IOException e) {
      throw new AttestationException("azure-vtpm: the metadata service " + uri + " (" + what + ") is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AttestationException("azure-vtpm: interrupted waiting for " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new AttestationException("azure-vtpm: the metadata service " + uri + " (" + what + ") answered HTTP " + response.statusCode());
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new AttestationException("azure-vtpm: the metadata service's " + what + " answer is not JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode answer, String field, String what) {
    JsonNode value = answer == null ? null : answer.get(field);
    if (value == null || !value.isTextual()) {
      throw new AttestationException("azure-vtpm: the metadata service's " + what + " answer has no \"" + field + "\" string");
    }
    return value.asText();
  }
}
