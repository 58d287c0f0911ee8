package dev.vigil.api;

import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /upcheck} and {@code GET /healthcheck}. */
public final class HealthRoutes implements Routes {
  /** One named check: its status and details for the operator. */
  public record Check(String id, boolean up, Map<String, Object> data) {}

  private final JsonBodies json;
  private final Supplier<List<Check>> checks;

  public HealthRoutes(JsonBodies json, Supplier<List<Check>> checks) {
    this.json = json;
    this.checks = checks;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/upcheck", ctx -> ctx.contentType("text/plain").result("OK"));
    routes.get(
        "/healthcheck",
        ctx -> {
          List<Check> results = checks.get();
          boolean up = results.stream().allMatch(Check::up);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", up ? "UP" : "DOWN");
          body.put("checks", results.stream().map(HealthRoutes::toJson).toList());
          json.write(ctx, up ? 200 : 503, body);
        });
  }

  private static Map<String, Object> toJson(Check check) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", check.id());
    map.put("status", check.up() ? "UP" : "DOWN");
    map.put("data", check.data());
    return map;
  }
}
