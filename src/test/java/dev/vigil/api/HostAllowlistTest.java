package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAllowlistTest {
  private final HostAllowlist defaults = new HostAllowlist(List.of("localhost", "127.0.0.1"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "localhost:9000, true",
    "LOCALHOST, true",
    "127.0.0.1:9000, true",
    "127.0.0.2:9000, false",
    "evil.example:9000, false",
    "'', false",
    "[::1]:9000, false",
  })
  void defaultAllowlistAdmitsOnlyLocalNames(String host, boolean allowed) {
    assertThat(defaults.allows(host)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"signer.internal:9000", "[::1]:9000", "10.0.0.5"})
  void wildcardAdmitsAnyHost(String host) {
    assertThat(new HostAllowlist(List.of("*")).allows(host)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"[::1]:9000", "[::1]"})
  void ipv6LiteralsAreMatchedWithoutBrackets(String host) {
    assertThat(new HostAllowlist(List.of("::1")).allows(host)).isTrue();
  }
}
