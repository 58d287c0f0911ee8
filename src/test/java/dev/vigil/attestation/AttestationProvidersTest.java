package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Providers against prepared directory trees standing in for Gramine's and the kernel's pseudo-files. */
class AttestationProvidersTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {9, 9, 9};
  @TempDir Path root;

  private Path gramine(String type) throws IOException {
    Path dir = Files.createDirectories(root.resolve("dev/attestation"));
    Files.writeString(dir.resolve("attestation_type"), type);
    Files.write(dir.resolve("user_report_data"), new byte[64]);
    Files.write(dir.resolve("quote"), QuoteVectors.quote("Phala-Network-dcap-qvl/sample/sgx_quote"));
    return dir;
  }

  private Path tsm(String provider) throws IOException {
    Path entry = Files.createDirectories(root.resolve("sys/kernel/config/tsm/report/" + TsmProvider.ENTRY));
    Files.writeString(entry.resolve("provider"), provider + "\n");
    Files.writeString(entry.resolve("generation"), "3\n");
    Files.write(entry.resolve("inblob"), new byte[0]);
    Files.write(entry.resolve("outblob"), new byte[] {1, 2, 3});
    return entry;
  }

  @Test
  void unknownProviderIsRefusedByName() {
    assertThatThrownBy(() -> AttestationProviders.create("sgx", root)).hasMessageContaining("attestation: unknown provider 'sgx'");
  }

  @Test
  void gramineWritesUserReportDataAndReturnsTheQuote() throws IOException {
    Path dir = gramine("dcap");

    Evidence evidence = AttestationProviders.create("gramine-dcap", root).keyEvidence(KEY, NONCE);

    assertThat(Files.readAllBytes(dir.resolve("user_report_data"))).isEqualTo(ReportData.forKey(KEY, NONCE));
    assertThat(evidence.type()).isEqualTo(EvidenceType.SGX_DCAP);
    assertThat(evidence.quote()).hasValueSatisfying(q -> assertThat(q).isEqualTo(QuoteVectors.quote("Phala-Network-dcap-qvl/sample/sgx_quote")));
  }

  @Test
  void gramineOutsideAnEnclaveSaysSo() {
    assertThatThrownBy(() -> AttestationProviders.create("gramine-dcap", root).keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class).hasMessageContaining("not running inside Gramine-SGX");
  }

  @Test
  void gramineWithAnotherAttestationTypeSaysWhichAndHowToFix() throws IOException {
    gramine("none");

    assertThatThrownBy(() -> AttestationProviders.create("gramine-dcap", root).keyEvidence(KEY, NONCE))
        .hasMessageContaining("attestation_type is 'none', expected 'dcap'")
        .hasMessageContaining("sgx.remote_attestation");
  }

  @Test
  void permissionDeniedIsReportedAsEacces() throws IOException {
    Path dir = gramine("dcap");
    Files.delete(dir.resolve("user_report_data"));
    // sysfs refuses writes to a read-only attribute with EACCES even for root, unlike a chmod-ed file.
    Files.createSymbolicLink(dir.resolve("user_report_data"), Path.of("/sys/kernel/notes"));

    assertThatThrownBy(() -> AttestationProviders.create("gramine-dcap", root).keyEvidence(KEY, NONCE))
        .hasMessageContaining("permission denied (EACCES)");
    Files.delete(dir.resolve("user_report_data"));
  }

  @Test
  void tsmTdxWritesInblobAndReturnsOutblob() throws IOException {
    Path entry = tsm("tdx_guest");

    Evidence evidence = AttestationProviders.create("tsm", root).keyEvidence(KEY, NONCE);

    assertThat(Files.readAllBytes(entry.resolve("inblob"))).isEqualTo(ReportData.forKey(KEY, NONCE));
    assertThat(evidence.type()).isEqualTo(EvidenceType.TDX);
    assertThat(evidence.quote()).hasValueSatisfying(q -> assertThat(q).containsExactly(1, 2, 3));
    assertThat(evidence.certificates()).isEmpty();
  }

  @Test
  void tsmSevReadsTheCertificateTableFromAuxblob() throws IOException {
    Path entry = tsm("sev_guest");
    byte[] vcek = {0x30, 1, 7};
    byte[] ask = {0x30, 2, 8, 9};
    ByteBuffer table = ByteBuffer.allocate(3 * 24 + vcek.length + ask.length).order(ByteOrder.LITTLE_ENDIAN);
    table.put(new byte[16]).putInt(72).putInt(vcek.length);
    table.put(new byte[16]).putInt(72 + vcek.length).putInt(ask.length);
    table.put(new byte[24]).put(vcek).put(ask);
    Files.write(entry.resolve("auxblob"), table.array());

    Evidence evidence = AttestationProviders.create("tsm", root).keyEvidence(KEY, NONCE);

    assertThat(evidence.type()).isEqualTo(EvidenceType.SEV_SNP);
    assertThat(evidence.certificates()).containsExactly(vcek, ask);
  }

  @Test
  void tsmCreatesItsReportEntryWhenAbsent() throws IOException {
    Files.createDirectories(root.resolve("sys/kernel/config/tsm/report"));

    // A plain directory gets no attribute files, so reading the provider fails, but after mkdir.
    assertThatThrownBy(() -> AttestationProviders.create("tsm", root).keyEvidence(KEY, NONCE))
        .hasMessageContaining("provider").hasMessageContaining("does not exist");
    assertThat(root.resolve("sys/kernel/config/tsm/report/vigil")).isDirectory();
  }

  @Test
  void tsmWithoutConfigfsSaysWhatIsNeeded() {
    assertThatThrownBy(() -> AttestationProviders.create("tsm", root).keyEvidence(KEY, NONCE))
        .hasMessageContaining("configfs-tsm needs Linux 6.7");
  }

  @Test
  void tsmWithAnUnknownProviderSaysWhich() throws IOException {
    tsm("arm_cca_guest");

    assertThatThrownBy(() -> AttestationProviders.create("tsm", root).keyEvidence(KEY, NONCE))
        .hasMessageContaining("provider is 'arm_cca_guest', expected tdx_guest or sev_guest");
  }

  @Test
  void truncatedCertificateTableIsRefused() {
    byte[] table = new byte[24];
    table[0] = 1;
    ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 20).putInt(20, 100);

    assertThatThrownBy(() -> TsmProvider.certificateTable(table)).hasMessageContaining("outside the table");
  }

  @Test
  void reportDataMustBe64Bytes() {
    assertThatThrownBy(() -> AttestationProviders.create("none", root).attest(new byte[63]))
        .hasMessageStartingWith("report_data:");
  }
}
