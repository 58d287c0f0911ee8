package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * Turns an Azure TDX guest's TDREPORT into a quote: the instance metadata service's
 * {@code POST /acc/tdquote} with {@code {"report": base64url(TDREPORT)}} answers
 * {@code {"quote": base64url(quote)}}. Only reachable from inside the VM.
 */
interface TdQuoteService {
  URI AZURE_IMDS = URI.create("http://169.254.169.254/acc/tdquote");

  byte[] quote(byte[] tdReport);

  /** The HTTP client of the metadata endpoint at {@code uri} (tests point it at a local server). */
  static TdQuoteService imds(URI uri) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ObjectMapper json = new ObjectMapper();
    return tdReport -> {
      String body = json.createObjectNode().put("report", Base64.getUrlEncoder().withoutPadding().encodeToString(tdReport)).toString();
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").header("Metadata", "true")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new AttestationException("azure-vtpm: the TD quote service " + uri + " is unreachable: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AttestationException("azure-vtpm: interrupted waiting for " + uri, e);
      }
      if (response.statusCode() != 200) {
        throw new AttestationException("azure-vtpm: the TD quote service " + uri + " answered HTTP " + response.statusCode());
      }
      try {
        JsonNode quote = json.readTree(response.body()).get("quote");
        if (quote == null || !quote.isTextual()) {
          throw new AttestationException("azure-vtpm: the TD quote service's answer has no \"quote\" string");
        }
        return Base64.getUrlDecoder().decode(quote.asText());
      } catch (IOException | IllegalArgumentException e) {
        throw new AttestationException("azure-vtpm: the TD quote service's answer is not {\"quote\": base64url}: " + e.getMessage(), e);
      }
    };
  }
}
