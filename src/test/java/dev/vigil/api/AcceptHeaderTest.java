package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptHeaderTest {
  @ParameterizedTest(name = "{0} -> json {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | true",
        "*/* | true",
        "text/plain, application/json;q=0.5 | true",
        "application/* | true",
        "text/plain | false",
        "text/html, text/plain | false",
      })
  void jsonWhenAcceptAllowsIt(String accept, boolean json) {
    assertThat(SigningRoutes.acceptsJson(accept)).isEqualTo(json);
  }

  @Test
  void missingAcceptGetsPlainText() {
    assertThat(SigningRoutes.acceptsJson(null)).isFalse();
  }
}
