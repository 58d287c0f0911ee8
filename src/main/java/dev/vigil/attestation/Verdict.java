package dev.vigil.attestation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying one piece of evidence: every check in order, and the claims read from
 * it (measurements, TCB status …) for display. {@link #ok()} holds when no check failed.
 */
public record Verdict(String type, List<Check> checks, Map<String, String> claims) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Verdict {
    checks = List.copyOf(checks);
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  public boolean ok() {
    return checks.stream().noneMatch(check -> check.status() == Check.Status.FAIL);
  }

  /** The named check, if it ran. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(check -> check.name().equals(name)).findFirst();
  }

  /** The checks that failed. */
  public List<Check> failures() {
    return checks.stream().filter(check -> check.status() == Check.Status.FAIL).toList();
  }

  public ObjectNode toJsonNode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("ok", ok());
    node.put("type", type);
    ArrayNode list = node.putArray("checks");
    for (Check check : checks) {
      list.addObject().put("name", check.name()).put("status", check.status().label()).put("reason", check.reason());
    }
    ObjectNode claimNode = node.putObject("claims");
    claims.forEach(claimNode::put);
    return node;
  }

  /** A readable report: one line per check, then the claims. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(ok() ? "VERIFIED" : "NOT VERIFIED").append(" (").append(type).append(")\n");
    for (Check check : checks) {
      out.append(String.format("  %-7s %-24s %s%n", check.status().label().toUpperCase(Locale.ROOT), check.name(), check.reason()));
    }
    if (!claims.isEmpty()) {
      out.append("  claims:\n");
      claims.forEach((key, value) -> out.append(String.format("    %-18s %s%n", key, value)));
    }
    return out.toString();
  }
}
