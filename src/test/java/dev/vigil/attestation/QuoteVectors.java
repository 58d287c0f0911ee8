package dev.vigil.attestation;

import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The DCAP quotes in ../shared/vectors/sgx-tdx-quotes, read in place. */
final class QuoteVectors {
  static final String DIR = "sgx-tdx-quotes/";
  static final String INTEL_SAMPLES = DIR + "intel-SGX-TDX-DCAP-QuoteVerificationLibrary/Src/AttestationApp/sampleData/";

  /** Every genuine quote (each ends in the real Intel SGX Root CA). */
  static final List<String> REAL =
      List.of(
          "Phala-Network-dcap-qvl/sample/sgx_quote",
          "automata-dcap-attestation/solana/automata-dcap-framework/tests/data/quote_sgx.bin",
          "automata-dcap-attestation/rust-crates/samples/quotev3.hex",
          "Phala-Network-dcap-qvl/sample/tdx_quote",
          "Phala-Network-dcap-qvl/sample/quote-from-tappd.hex",
          "google-go-tdx-guest/testing/testdata/tdx_prod_quote_SPR_E4.dat",
          "google-go-tdx-guest/testing/testdata/ccel/cos-113-tdx-quote.dat",
          "automata-dcap-attestation/rust-crates/samples/quotev4.hex",
          "google-go-tdx-guest/testing/testdata/quote_v5_sample.dat",
          "Phala-Network-dcap-qvl/sample/tdx_quote_outdated",
          "automata-dcap-attestation/rust-crates/samples/quotev5.dat",
          "automata-dcap-attestation/evm/forge-test/assets/quotes/tdx_quote_5.dat");

  /** The one real quote from a debug enclave (ATTRIBUTES = 07…). */
  static final String DEBUG_SGX = "automata-dcap-attestation/solana/automata-dcap-framework/tests/data/quote_sgx.bin";

  private QuoteVectors() {}

  static byte[] file(String relative) {
    try {
      return Files.readAllBytes(Vectors.path(DIR + relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The quote bytes, hex files decoded. */
  static byte[] quote(String relative) {
    EvidenceFile.Item item = EvidenceFile.parse(file(relative)).get(0);
    return ((EvidenceFile.Raw) item).quote();
  }
}
