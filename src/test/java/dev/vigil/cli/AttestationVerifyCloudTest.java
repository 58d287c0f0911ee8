package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import dev.vigil.testing.Vectors;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** {@code vigil attestation verify} on recorded cloud evidence: an AWS VLEK-signed SNP report and an Azure HCL report. */
class AttestationVerifyCloudTest {
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine command = Vigil.newCommandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(new StringWriter(), true));
    return command.execute(args);
  }

  private static String resource(String relative) {
    return resourcePath("/vectors/confidential-containers-trustee/" + relative);
  }

  private static String resourcePath(String name) {
    try {
      return Path.of(AttestationVerifyCloudTest.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void awsVlekReportVerifiesWithItsChainAndSaysMilan() {
    int code = run("attestation", "verify", "--evidence", resource("snp/test-vlek-report.bin"),
        "--cert-chain", resource("snp/milan_ask_ark_asvk.pem"), "--cert-chain", resource("snp/test-vlek.der"),
        "--at", "2025-06-01T00:00:00Z");

    assertThat(code).as(out.toString()).isEqualTo(0);
    assertThat(out.toString()).contains("vlek_chain", "signing_key", "VLEK", "Milan", "VCEK seed");
  }

  @Test
  void azureHclReportVerifiesAndSaysWhatIsMeasured() {
    int code = run("attestation", "verify", "--evidence", resource("az-snp-vtpm/hcl-report.bin"),
        "--cert-chain", resource("az-snp-vtpm/vcek.pem"), "--at", "2025-06-01T00:00:00Z", "--json");

    assertThat(code).as(out.toString()).isEqualTo(0);
    assertThat(out.toString()).contains("\"type\" : \"azure-vtpm\"", "runtime_claims", "Microsoft's paravisor");
  }

  @Test
  void gcpTdxQuoteWithItsEventLogAndRtmrExpectations() {
    String quote = Vectors.path("sgx-tdx-quotes/google-go-tdx-guest/testing/testdata/ccel/cos-113-tdx-quote.dat").toString();
    String log = resourcePath("/vectors/google-go-tdx-guest/ccel_data_events.dat");
    String rtmr2 = "4969684dc87381fc3b3134176c8d8806eaf0a901859f5f70cfae8d17714b46c10a8de219048c9fc09f11f381a6fbe7c1";

    int ok = run("attestation", "verify", "--evidence", quote, "--event-log", log, "--expected-rtmr2", rtmr2);
    int wrong = run("attestation", "verify", "--evidence", quote, "--event-log", log, "--expected-rtmr3", rtmr2);

    assertThat(ok).as(out.toString()).isEqualTo(0);
    assertThat(wrong).isEqualTo(1);
    assertThat(out.toString()).contains("43 events", "RTMR3 is 0000");
  }
}
