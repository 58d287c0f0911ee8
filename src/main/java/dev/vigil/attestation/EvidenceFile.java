package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What {@code --evidence FILE} may hold: an evidence JSON object, a JSON array of them, or a raw
 * quote/report/document, binary, hex (with or without 0x) or base64 (as Nitro attestation documents
 * are usually passed around), whitespace ignored.
 */
public final class EvidenceFile {
  private EvidenceFile() {}

  /** One item to verify: evidence JSON or a raw quote/report. */
  public sealed interface Item permits Json, Raw {}

  public record Json(Evidence evidence) implements Item {}

  public record Raw(byte[] quote) implements Item {}

  public static List<Item> parse(byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{") || text.startsWith("[")) {
      JsonNode node;
      try {
        node = BoundedJson.mapper().readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException("evidence: not valid JSON: " + e.getMessage());
      }
      List<Item> items = new ArrayList<>();
      if (node.isArray()) {
        int index = 0;
        for (JsonNode element : node) {
          try {
            items.add(new Json(Evidence.fromJsonNode(element)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("evidence[" + index + "]: " + e.getMessage());
          }
          index++;
        }
        if (items.isEmpty()) {
          throw new IllegalArgumentException("evidence: empty JSON array");
        }
      } else {
        items.add(new Json(Evidence.fromJsonNode(node)));
      }
      return items;
    }
    String digits = text.replaceAll("\\s", "");
    if (!digits.isEmpty() && digits.matches("(0[xX])?[0-9a-fA-F]+")) {
      return List.of(new Raw(Hex.decode(digits)));
    }
    if (!digits.isEmpty() && digits.matches("[A-Za-z0-9+/]+={0,2}") && digits.length() % 4 == 0) {
      return List.of(new Raw(Base64.getDecoder().decode(digits)));
    }
    if (content.length == 0) {
      throw new IllegalArgumentException("evidence: the file is empty");
    }
    return List.of(new Raw(content.clone()));
  }
}
