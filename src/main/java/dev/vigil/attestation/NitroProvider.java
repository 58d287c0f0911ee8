package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code --attestation nitro}: an AWS Nitro Enclaves attestation document from the Nitro Secure
 * Module. The request is the NSM's CBOR {@code {"Attestation": {"user_data", "nonce", "public_key"}}}
 * with {@code user_data} = Vigil's 64 bytes of report data and {@code nonce} = its nonce half (so the
 * document's own nonce field carries the caller's nonce too); the answer is
 * {@code {"Attestation": {"document": COSE_Sign1}}} or {@code {"Error": code}}.
 */
final class NitroProvider implements AttestationProvider {
  private static final ObjectMapper CBOR = NitroDocument.CBOR;
  private final NsmDevice device;

  NitroProvider(NsmDevice device) {
    this.device = device;
  }

  @Override
  public String name() {
    return "nitro";
  }

  @Override
  public synchronized RawEvidence attest(byte[] reportData) {
    NoAttestationProvider.checkReportData(reportData);
    byte[] nonce = Arrays.copyOfRange(reportData, 32, 64);
    ObjectNode request = CBOR.createObjectNode();
    ObjectNode attestation = request.putObject("Attestation");
    attestation.put("user_data", reportData);
    attestation.put("nonce", nonce);
    attestation.putNull("public_key");
    byte[] document = document(device.call(encode(request)));
    NitroDocument parsed;
    try {
      parsed = NitroDocument.parse(document);
    } catch (IllegalArgumentException e) {
      throw new AttestationException("nitro: the NSM returned an unreadable attestation document: " + e.getMessage(), e);
    }
    if (!parsed.userData().map(data -> Arrays.equals(data, reportData)).orElse(false)) {
      throw new AttestationException("nitro: the NSM's attestation document does not carry the report data asked for in user_data");
    }
    return new RawEvidence(EvidenceType.NITRO, Optional.of(document), List.of());
  }

  private static byte[] encode(ObjectNode request) {
    try {
      return CBOR.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException("CBOR encoding of the NSM request failed", e);
    }
  }

  private static byte[] document(byte[] response) {
    JsonNode node;
    try {
      node = CBOR.readTree(response);
    } catch (IOException e) {
      throw new AttestationException("nitro: the NSM's response is not CBOR: " + e.getMessage(), e);
    }
    if (node != null && node.has("Error")) {
      throw new AttestationException("nitro: the NSM refused the attestation request: " + node.get("Error").asText());
    }
    JsonNode document = node == null ? null : node.path("Attestation").get("document");
    if (document == null || !document.isBinary()) {
      throw new AttestationException("nitro: the NSM's response has no Attestation.document");
    }
    try {
      return document.binaryValue();
    } catch (IOException e) {
      throw new AttestationException("nitro: Attestation.document: " + e.getMessage(), e);
    }
  }
}
