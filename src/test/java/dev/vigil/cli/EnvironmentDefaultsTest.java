package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EnvironmentDefaultsTest {
  private ServeCommand parse(Map<String, String> environment, String... args) {
    ServeCommand serve = new ServeCommand();
    CommandLine commandLine = new CommandLine(serve);
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
    commandLine.parseArgs(args);
    return serve;
  }

  @Test
  void environmentVariableSetsAnOption() {
    ServeCommand serve = parse(Map.of("VIGIL_HTTP_LISTEN_PORT", "9100", "VIGIL_METRICS_ENABLED", "true"));
    assertThat(serve.httpListenPort).isEqualTo(9100);
    assertThat(serve.metricsEnabled).isTrue();
  }

  @Test
  void commandLineWinsOverEnvironment() {
    ServeCommand serve = parse(Map.of("VIGIL_HTTP_LISTEN_PORT", "9100"), "--http-listen-port", "9200");
    assertThat(serve.httpListenPort).isEqualTo(9200);
  }

  @Test
  void builtInDefaultWithoutEnvironment() {
    ServeCommand serve = parse(Map.of());
    assertThat(serve.httpListenPort).isEqualTo(9000);
    assertThat(serve.httpHostAllowlist).containsExactly("localhost", "127.0.0.1");
  }

  @Test
  void listOptionFromEnvironmentIsSplit() {
    ServeCommand serve = parse(Map.of("VIGIL_HTTP_HOST_ALLOWLIST", "signer.lan,localhost"));
    assertThat(serve.httpHostAllowlist).containsExactly("signer.lan", "localhost");
  }
}
