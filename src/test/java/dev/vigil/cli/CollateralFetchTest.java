package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.attestation.TestCrls;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil attestation collateral fetch} against a local server answering as Intel PCS v4 and
 * AMD KDS do. The Intel answers are rebuilt from dcap-qvl's recorded collateral (the signed
 * {@code tcbInfo} / {@code enclaveIdentity} texts verbatim inside PCS bodies, the issuer chains in
 * URL-encoded issuer-chain headers as Intel sends them); the AMD chains are the real KDS cert_chain
 * answers go-sev-guest recorded; the AMD CRL is self-made (no real one is published in a repository).
 */
class CollateralFetchTest {
  private static final String SAMPLE = "sgx-tdx-quotes/Phala-Network-dcap-qvl/sample/";
  private static final String FMSPC = "B0C06F000000";
  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, Answer> answers = new LinkedHashMap<>();
  private final List<String> requested = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private record Answer(int status, Map<String, String> headers, byte[] body) {}

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String target = exchange.getRequestURI().toString();
      requested.add(target);
      Answer answer = answers.getOrDefault(target, new Answer(404, Map.of(), "no such item".getBytes(StandardCharsets.UTF_8)));
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), answer.body().length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(answer.body());
      }
    });
    server.start();
    recordIntel();
    recordAmd();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Intel PCS answers for the dcap-qvl TDX sample's platform, rebuilt from its recorded collateral. */
  private void recordIntel() throws IOException {
    JsonNode recorded = new ObjectMapper().readTree(Vectors.path(SAMPLE + "tdx_quote_collateral.json").toFile());
    answers.put("/tdx/certification/v4/tcb?fmspc=" + FMSPC, new Answer(200,
        Map.of("TCB-Info-Issuer-Chain", intelHeader(recorded.get("tcb_info_issuer_chain").asText()), "Content-Type", "application/json"),
        ("{\"tcbInfo\":" + recorded.get("tcb_info").asText() + ",\"signature\":\"" + recorded.get("tcb_info_signature").asText() + "\"}")
            .getBytes(StandardCharsets.UTF_8)));
    answers.put("/tdx/certification/v4/qe/identity", new Answer(200,
        Map.of("SGX-Enclave-Identity-Issuer-Chain", intelHeader(recorded.get("qe_identity_issuer_chain").asText())),
        ("{\"enclaveIdentity\":" + recorded.get("qe_identity").asText() + ",\"signature\":\"" + recorded.get("qe_identity_signature").asText() + "\"}")
            .getBytes(StandardCharsets.UTF_8)));
    answers.put("/sgx/certification/v4/pckcrl?ca=platform&encoding=der", new Answer(200,
        Map.of("SGX-PCK-CRL-Issuer-Chain", intelHeader(recorded.get("pck_crl_issuer_chain").asText())),
        Hex.decode(recorded.get("pck_crl").asText())));
    answers.put("/IntelSGXRootCA.der", new Answer(200, Map.of(), Hex.decode(recorded.get("root_ca_crl").asText())));
  }

  /** PEM percent-encoded as Intel's issuer-chain headers carry it (%20, %0A, %2B …). */
  private static String intelHeader(String pem) {
    return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void recordAmd() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    byte[] crl = TestCrls.crl("ARK-Milan", generator.generateKeyPair().getPrivate(),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z")).getEncoded();
    answers.put("/vcek/v1/Milan/cert_chain", new Answer(200, Map.of(), resource("ask_ark_milan.pem")));
    answers.put("/vlek/v1/Milan/cert_chain", new Answer(200, Map.of(), resource("ask_ark_milan_vlek.pem")));
    answers.put("/vcek/v1/Milan/crl", new Answer(200, Map.of(), crl));
    answers.put("/vlek/v1/Milan/crl", new Answer(200, Map.of(), crl));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CollateralFetchTest.class.getResourceAsStream("/vectors/go-sev-guest-kds/" + name)) {
      return in.readAllBytes();
    }
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private int fetch(String... extra) {
    List<String> args = new ArrayList<>(List.of("attestation", "collateral", "fetch", "--out", dir.resolve("bundle").toString(),
        "--intel-pcs-url", base(), "--intel-root-ca-crl-url", base() + "/IntelSGXRootCA.der", "--amd-kds-url", base()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private int verify(String at) {
    return run("attestation", "verify", "--evidence", Vectors.path(SAMPLE + "tdx_quote").toString(),
        "--collateral", dir.resolve("bundle").toString(), "--at", at);
  }

  @Test
  void fetchedBundleVerifiesTheQuoteOffline() {
    int fetched = fetch("--fmspc", FMSPC, "--tee", "tdx", "--pck-ca", "platform", "--amd-product", "Milan");

    assertThat(fetched).as(err.toString()).isEqualTo(0);
    assertThat(dir.resolve("bundle")).isDirectoryContaining("glob:**/intel-tdx-B0C06F000000-platform.json")
        .isDirectoryContaining("glob:**/amd-Milan-vcek-cert_chain.pem").isDirectoryContaining("glob:**/amd-Milan-vlek.crl");
    assertThat(err.toString()).contains("fetching TCB info (tdx, FMSPC B0C06F000000) from " + base(), "ok (");
    assertThat(requested).contains("/sgx/certification/v4/pckcrl?ca=platform&encoding=der", "/vlek/v1/Milan/cert_chain");

    assertThat(verify("2025-07-01T00:00:00Z")).as(out.toString()).isEqualTo(0);
    assertThat(out.toString()).startsWith("VERIFIED (tdx)").containsPattern("tcb_status +UpToDate");
  }

  @Test
  void collateralCountsUntilItsOwnNextUpdateAndNoLonger() {
    fetch("--fmspc", FMSPC, "--tee", "tdx", "--pck-ca", "platform");

    // Issued 2025-06-19, next update 2025-07-19: 26 days old is still current.
    assertThat(verify("2025-07-15T00:00:00Z")).as(out.toString()).isEqualTo(0);
    assertThat(verify("2025-07-20T00:00:00Z")).isEqualTo(1);
    assertThat(out.toString()).containsPattern("FAIL +collateral +TCB info is valid 2025-06-19T10:16:03Z to 2025-07-19T10:16:03Z");
  }

  @Test
  void aMissingItemIsNamedWithItsUrlAndStatus() {
    int code = fetch("--fmspc", "00906ED50000", "--tee", "tdx", "--pck-ca", "platform");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("TCB info (tdx, FMSPC 00906ED50000)", "answered HTTP 404");
    assertThat(dir.resolve("bundle")).doesNotExist();
  }

  @Test
  void aMissingIssuerChainHeaderIsNamed() {
    Answer tcb = answers.get("/tdx/certification/v4/tcb?fmspc=" + FMSPC);
    answers.put("/tdx/certification/v4/tcb?fmspc=" + FMSPC, new Answer(200, Map.of(), tcb.body()));

    int code = fetch("--fmspc", FMSPC, "--tee", "tdx", "--pck-ca", "platform");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("TCB info (tdx, FMSPC B0C06F000000)", "TCB-Info-Issuer-Chain header");
  }

  @Test
  void nothingToFetchAndBadFmspcAreRefused() {
    assertThat(fetch()).isEqualTo(1);
    assertThat(err.toString()).contains("nothing to fetch");
    assertThat(fetch("--fmspc", "abc")).isEqualTo(1);
    assertThat(err.toString()).contains("--fmspc");
    assertThat(fetch("--amd-product", "Naples")).isEqualTo(1);
    assertThat(err.toString()).contains("--amd-product: 'Naples'");
  }

  /** A bare SEV-SNP report (version 3) of a chip whose ID is 64 × {@code chipByte}, at a Milan REPORTED_TCB: enough for the VCEK lookup. */
  private Path snpReport(byte chipByte) throws IOException {
    java.nio.ByteBuffer report = java.nio.ByteBuffer.allocate(0x4A0).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    report.putInt(0, 3).putInt(0x34, 1).putLong(0x180, 0x7308000000000204L);
    for (int i = 0; i < 64; i++) {
      report.put(0x1A0 + i, chipByte);
    }
    return Files.write(dir.resolve("report-" + chipByte + ".bin"), report.array());
  }

  @Test
  void theVcekOfAReportsChipIsFetchedAtItsReportedTcb() throws Exception {
    String route = "/vcek/v1/Milan/" + "22".repeat(64) + "?blSPL=4&teeSPL=2&snpSPL=8&ucodeSPL=115";
    // KDS answers with the VCEK's DER; the recorded ASK stands in for it (fetch checks only that it is a certificate).
    byte[] standIn = java.util.Base64.getMimeDecoder().decode(new String(resource("ask_ark_milan.pem"), StandardCharsets.US_ASCII)
        .split("-----")[2]);
    answers.put(route, new Answer(200, Map.of(), standIn));

    int code = fetch("--amd-product", "Milan", "--amd-signing-key", "vcek", "--snp-report", snpReport((byte) 0x22).toString());

    assertThat(code).as(err.toString()).isEqualTo(0);
    assertThat(requested).contains(route);
    assertThat(dir.resolve("bundle/amd-vcek-" + "22".repeat(8) + "-7308000000000204.pem")).exists();
  }

  @Test
  void aReportWithAMaskedChipIdIsRefusedByName() throws Exception {
    Path masked = snpReport((byte) 0);

    int code = fetch("--amd-product", "Milan", "--snp-report", masked.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--snp-report " + masked, "masks its chip ID");
  }

  @Test
  void aRefetchReplacesTheBundleFiles() throws IOException {
    fetch("--amd-product", "Milan", "--amd-signing-key", "vlek");
    Path chain = dir.resolve("bundle/amd-Milan-vlek-cert_chain.pem");
    Files.writeString(chain, "stale");

    assertThat(fetch("--amd-product", "Milan", "--amd-signing-key", "vlek")).isEqualTo(0);
    assertThat(Files.readString(chain)).contains("BEGIN CERTIFICATE");
  }

  @Test
  void anAnswerBeyond16MiBIsNotReadAndTheErrorSaysSo() {
    answers.put("/IntelSGXRootCA.der", new Answer(200, Map.of(), new byte[(int) CollateralCommand.Fetch.MAX_ANSWER_BYTES + 1]));

    int code = fetch("--fmspc", FMSPC, "--tee", "tdx", "--pck-ca", "platform");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("Intel SGX Root CA CRL", "longer than " + CollateralCommand.Fetch.MAX_ANSWER_BYTES + " bytes");
  }

  @Test
  void anErrorQuotesAtMost120CharactersOfTheAnswer() {
    answers.put("/IntelSGXRootCA.der", new Answer(500, Map.of(), "y".repeat(100_000).getBytes(StandardCharsets.US_ASCII)));

    int code = fetch("--fmspc", FMSPC, "--tee", "tdx", "--pck-ca", "platform");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("answered HTTP 500: " + "y".repeat(120) + "…").doesNotContain("y".repeat(121));
  }
}
