package dev.vigil.cli;

import dev.vigil.attestation.AmdCollateral;
import dev.vigil.attestation.BoundedBodyHandler;
import dev.vigil.attestation.Collateral;
import dev.vigil.attestation.CollateralBundle;
import dev.vigil.attestation.EvidenceFile;
import dev.vigil.attestation.SnpReport;
import dev.vigil.attestation.TrustAnchors;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil attestation collateral}: the Intel and AMD collateral that verification needs, for offline use. */
@Command(
    name = "collateral",
    mixinStandardHelpOptions = true,
    description = "Fetch Intel and AMD verification collateral into a bundle for `vigil attestation verify --collateral DIR`.",
    subcommands = {CollateralCommand.Fetch.class})
public final class CollateralCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil attestation collateral fetch}: downloads each requested item, checks it parses, writes the bundle. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Download verification collateral into DIR, for offline verification with `vigil attestation verify --collateral DIR`.",
        "",
        "Intel PCS v4, per --fmspc, --tee and --pck-ca: TCB info, QE identity, PCK CRL, and the Intel SGX Root CA CRL. "
            + "AMD KDS, per --amd-product and --amd-signing-key: the cert_chain (ASK or ASVK, ARK) and the CRL; per --snp-report, the chip's VCEK.",
        "Existing bundle files are replaced. Each item is later judged by its own validity period (nextUpdate), nothing stricter: refetch before the earliest nextUpdate."
      })
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bundle directory (created if missing).")
    Path out;

    @Option(names = "--fmspc", paramLabel = "HEX", description = "Intel: a platform's FMSPC (6 bytes hex, from its PCK certificate; `vigil attestation verify --collateral DIR` names it when the bundle lacks it). Repeatable.")
    List<String> fmspcs = new ArrayList<>();

    @Option(names = "--tee", paramLabel = "sgx|tdx", split = ",", description = "Intel: TCB info and QE identity for SGX and/or TDX. Default: ${DEFAULT-VALUE}.", defaultValue = "sgx")
    List<String> tees = new ArrayList<>();

    @Option(names = "--pck-ca", paramLabel = "processor|platform", split = ",", description = "Intel: the PCK CA(s) whose CRL to fetch. Default: ${DEFAULT-VALUE}.", defaultValue = "processor,platform")
    List<String> pckCas = new ArrayList<>();

    @Option(names = "--amd-product", paramLabel = "Milan|Genoa|Turin", split = ",", description = "AMD: the EPYC product(s) to fetch KDS chains and CRLs for.")
    List<String> amdProducts = new ArrayList<>();

    @Option(names = "--amd-signing-key", paramLabel = "vcek|vlek", split = ",", description = "AMD: VCEK (per chip) and/or VLEK (cloud provider, e.g. AWS) chains. Default: ${DEFAULT-VALUE}.", defaultValue = "vcek,vlek")
    List<String> amdSigningKeys = new ArrayList<>();

    @Option(names = "--snp-report", paramLabel = "FILE", description = "AMD: a raw SEV-SNP report (binary or hex) whose chip's VCEK to fetch, at the report's REPORTED_TCB; needs exactly one --amd-product. Repeatable.")
    List<Path> snpReports = new ArrayList<>();

    @Option(names = "--intel-pcs-url", paramLabel = "URL", description = "Intel PCS base URL (a PCCS or a recorded server for tests). Default: ${DEFAULT-VALUE}.", defaultValue = "https://api.trustedservices.intel.com")
    String intelPcsUrl;

    @Option(names = "--intel-root-ca-crl-url", paramLabel = "URL", description = "Where the Intel SGX Root CA CRL is published. Default: ${DEFAULT-VALUE}.", defaultValue = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der")
    String intelRootCaCrlUrl;

    @Option(names = "--amd-kds-url", paramLabel = "URL", description = "AMD KDS base URL. Default: ${DEFAULT-VALUE}.", defaultValue = "https://kdsintf.amd.com")
    String amdKdsUrl;

    /**
     * Longest answer read from Intel PCS or AMD KDS: their certificates, TCB info, QE identity and
     * CRLs are a few KiB to a few hundred KiB.
     */
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();

    @Override
    public Integer call() {
      check();
      PrintWriter err = spec.commandLine().getErr();
      Map<String, String> files = new LinkedHashMap<>();
      if (!fmspcs.isEmpty()) {
        byte[] rootCaCrl = get(intelRootCaCrlUrl, "Intel SGX Root CA CRL", err).body();
        for (String pckCa : pckCas) {
          Answer pckCrl = get(intelPcsUrl + "/sgx/certification/v4/pckcrl?ca=" + pckCa + "&encoding=der", "PCK CRL (" + pckCa + ")", err);
          for (String tee : tees) {
            Answer qeIdentity = get(intelPcsUrl + "/" + tee + "/certification/v4/qe/identity", "QE identity (" + tee + ")", err);
            for (String fmspc : fmspcs) {
              String what = "TCB info (" + tee + ", FMSPC " + fmspc + ")";
              Answer tcbInfo = get(intelPcsUrl + "/" + tee + "/certification/v4/tcb?fmspc=" + fmspc, what, err);
              Collateral collateral;
              try {
                collateral = Collateral.fromPcs(tcbInfo.text(), tcbInfo.header("TCB-Info-Issuer-Chain"),
                    qeIdentity.text(), qeIdentity.header("SGX-Enclave-Identity-Issuer-Chain"),
                    rootCaCrl, pckCrl.body(), pckCrl.header("SGX-PCK-CRL-Issuer-Chain"));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("collateral: " + what + " with " + pckCa + " PCK CRL: " + e.getMessage());
              }
              files.put(CollateralBundle.intelFileName(tee, fmspc, pckCa), new String(collateral.toJson(), StandardCharsets.UTF_8));
            }
          }
        }
      }
      for (String product : amdProducts) {
        for (String key : amdSigningKeys) {
          String base = amdKdsUrl + "/" + key + "/v1/" + product;
          String chainWhat = "AMD " + product + " " + key.toUpperCase(Locale.ROOT) + " cert_chain";
          Answer chain = get(base + "/cert_chain", chainWhat, err);
          try {
            TrustAnchors.certificates(chain.body());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("collateral: " + chainWhat + ": " + e.getMessage());
          }
          files.put(CollateralBundle.amdChainFileName(product, key), chain.text());
          String crlWhat = "AMD " + product + " " + key.toUpperCase(Locale.ROOT) + " CRL";
          files.put(CollateralBundle.amdCrlFileName(product, key), crlPem(get(base + "/crl", crlWhat, err).body(), crlWhat));
        }
      }
      for (Path file : snpReports) {
        SnpReport report = snpReport(file);
        String what = "AMD VCEK for the chip of " + file;
        String route;
        try {
          route = AmdCollateral.vcekRoute(report, amdProducts.get(0));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--snp-report " + file + ": " + e.getMessage());
        }
        byte[] der = get(amdKdsUrl + route, what, err).body();
        try {
          files.put(AmdCollateral.vcekFileName(report), pem("CERTIFICATE", TrustAnchors.certificate(der).getEncoded()));
        } catch (IllegalArgumentException | CertificateEncodingException e) {
          throw new IllegalArgumentException("collateral: " + what + ": " + e.getMessage());
        }
      }
      write(files);
      // Read back as verify will, so that a bundle that would be refused there is refused here.
      CollateralBundle.load(out);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println("wrote " + files.size() + " collateral files to " + out);
      files.keySet().forEach(name -> stdout.println("  " + name));
      stdout.flush();
      return 0;
    }

    private void check() {
      if (fmspcs.isEmpty() && amdProducts.isEmpty()) {
        throw new IllegalArgumentException("--fmspc, --amd-product: nothing to fetch; give at least one");
      }
      if (!snpReports.isEmpty() && amdProducts.size() != 1) {
        throw new IllegalArgumentException("--snp-report: needs exactly one --amd-product, the reports' chip generation");
      }
      for (String fmspc : fmspcs) {
        try {
          Hex.decode(fmspc, 6);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--fmspc: " + e.getMessage());
        }
      }
      fmspcs = fmspcs.stream().map(f -> f.replaceFirst("^0[xX]", "").toUpperCase(Locale.ROOT)).toList();
      choice("--tee", tees, List.of("sgx", "tdx"));
      choice("--pck-ca", pckCas, List.of("processor", "platform"));
      choice("--amd-product", amdProducts, AmdCollateral.PRODUCTS);
      choice("--amd-signing-key", amdSigningKeys, AmdCollateral.SIGNING_KEYS);
    }

    private static void choice(String option, List<String> values, List<String> allowed) {
      for (String value : values) {
        if (!allowed.contains(value)) {
          throw new IllegalArgumentException(option + ": '" + value + "' is not one of " + String.join(", ", allowed));
        }
      }
    }

    /** One HTTP answer: body and headers. */
    private record Answer(String what, byte[] body, HttpResponse<byte[]> response) {
      String text() {
        return new String(body, StandardCharsets.UTF_8);
      }

      String header(String name) {
        return response.headers().firstValue(name)
            .orElseThrow(() -> new IllegalArgumentException("collateral: " + what + ": the answer lacks the " + name + " header"));
      }
    }

    private Answer get(String url, String what, PrintWriter err) {
      err.print("fetching " + what + " from " + url + " … ");
      err.flush();
      HttpResponse<byte[]> response;
      try {
        response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
            BoundedBodyHandler.ofAtMost(MAX_ANSWER_BYTES));
      } catch (IOException e) {
        err.println("failed");
        throw new RemoteCallException("collateral: " + what + ": cannot reach " + url + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteCallException("collateral: " + what + ": interrupted");
      } catch (IllegalArgumentException e) {
        err.println("failed");
        throw new IllegalArgumentException("collateral: " + what + ": bad URL " + url + ": " + e.getMessage());
      }
      if (response.statusCode() != 200) {
        err.println("HTTP " + response.statusCode());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        throw new RemoteCallException("collateral: " + what + ": " + url + " answered HTTP " + response.statusCode()
            + (body.isBlank() ? "" : ": " + JsonHttp.abbreviate(body)));
      }
      err.println("ok (" + response.body().length + " bytes)");
      err.flush();
      return new Answer(what, response.body(), response);
    }

    private static SnpReport snpReport(Path file) {
      try {
        EvidenceFile.Item item = EvidenceFile.parse(Files.readAllBytes(file)).get(0);
        if (!(item instanceof EvidenceFile.Raw raw)) {
          throw new IllegalArgumentException("expected a raw SEV-SNP report, not evidence JSON");
        }
        return SnpReport.parse(raw.quote());
      } catch (IOException e) {
        throw new IllegalArgumentException("--snp-report: cannot read " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--snp-report " + file + ": " + e.getMessage());
      }
    }

    private static String pem(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
          + "\n-----END " + type + "-----\n";
    }

    private static String crlPem(byte[] derOrPem, String what) {
      try {
        return pem("X509 CRL", Collateral.parseCrl(derOrPem, what).getEncoded());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("collateral: " + e.getMessage());
      } catch (CRLException e) {
        throw new IllegalStateException("a parsed CRL cannot be re-encoded", e);
      }
    }

    /** Writes the bundle: every file under a temporary name first, then each renamed over its predecessor. */
    private void write(Map<String, String> files) {
      try {
        Files.createDirectories(out);
      } catch (IOException e) {
        throw new UncheckedIOException("--out: cannot create " + out + ": " + e.getMessage(), e);
      }
      Map<Path, String> targets = new LinkedHashMap<>();
      files.forEach((name, text) -> targets.put(out.resolve(name), text));
      OutputFiles.replaceAll(targets);
    }
  }
}
