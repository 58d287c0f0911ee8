package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil attestation verify} on the real recorded Nitro document (base64 file), at its timestamp. */
class NitroVerifyCommandTest {
  private static final String AT = "2024-09-07T14:37:39.545Z";
  @TempDir Path dir;
  private Path document;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void writeDocument() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/vectors/blocky-nitrite/nitro_attestation.b64")) {
      document = Files.write(dir.resolve("document.b64"), in.readAllBytes());
    }
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private String claim(String name) throws IOException {
    run("attestation", "verify", "--evidence", document.toString(), "--at", AT, "--json");
    JsonNode verdict = new ObjectMapper().readTree(out.toString()).path("verdicts").get(0);
    return verdict.path("claims").path(name).asText();
  }

  @Test
  void realDocumentPassesItsHardwareChecksAndPcrExpectations() throws IOException {
    String pcr0 = claim("pcr0");
    String pcr1 = claim("pcr1");
    String pcr2 = claim("pcr2");

    int code = run("attestation", "verify", "--evidence", document.toString(), "--at", AT,
        "--expected-pcr0", pcr0, "--expected-pcr1", pcr1, "--expected-pcr2", pcr2);

    assertThat(out.toString()).startsWith("NOT VERIFIED (nitro)")
        .contains("pinned AWS Nitro Enclaves root", "PCR0 is as expected", "PCR1 is as expected", "PCR2 is as expected")
        .containsPattern("PASS +signature")
        // The one failure: a document not made by Vigil carries no Vigil report data.
        .containsPattern("FAIL +report_data +user_data is");
    assertThat(code).isEqualTo(1);
  }

  @Test
  void wrongPcrIsNamed() {
    run("attestation", "verify", "--evidence", document.toString(), "--at", AT, "--expected-pcr1", "00".repeat(48));

    assertThat(out.toString()).containsPattern("FAIL +pcr1 +PCR1 is [0-9a-f]{96}, expected 0{96}");
  }

  @Test
  void malformedPcrNamesTheFlag() {
    int code = run("attestation", "verify", "--evidence", document.toString(), "--expected-pcr2", "abcd");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--expected-pcr2");
  }
}
