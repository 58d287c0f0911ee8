package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir of a running signer is private: directories 0700, files 0600, loose ones fixed with a warning. */
class DataDirPermissionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Every entry under {@code root} (itself included) with its mode, e.g. {@code keys -> rwx------}. */
  private static Map<String, String> modes(Path root) throws Exception {
    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> entries = Files.walk(root)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        modes.put(root.relativize(entry).toString(),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS)));
      }
    }
    return modes;
  }

  private static void assertPrivate(Path root) throws Exception {
    Map<String, String> modes = modes(root);
    modes.forEach((entry, mode) -> assertThat(mode).as(entry)
        .isEqualTo(Files.isDirectory(root.resolve(entry)) ? "rwx------" : "rw-------"));
  }

  private static BLSPubkey keygen(SignerFixture signer) throws Exception {
    HttpResponse<String> response = signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/eth/v1/keygen/bls"))
        .header("Authorization", "Bearer " + signer.apiToken())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"count\":1}")).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return BLSPubkey.fromHex(JSON.readTree(response.body()).get("data").get(0).get("pubkey").asText());
  }

  @Test
  void everythingANewSignerWritesIsPrivateAndNothingIsWarnedAbout() throws Exception {
    Path data = dir.resolve("data");
    try (LogCapture log = LogCapture.capture()) {
      try (SignerFixture signer = SignerFixture.start(data)) {
        BLSPubkey key = keygen(signer);
        assertThat(signer.postJson("/api/v1/eth2/sign/" + key, Requests.attestation(1, 2, Requests.root(1)), null)
            .statusCode()).isEqualTo(200);
        Map<String, String> modes = modes(data);
        assertThat(modes).containsKeys("", "keys", "keys/" + key.toHexString().substring(2) + ".sealed", "api-token.txt",
            "vigil.lock", "sealing.key", "slashing-protection.sqlite", "slashing-protection.sqlite-wal",
            "slashing-protection.sqlite-shm");
        assertPrivate(data);
      }
      try (SignerFixture restarted = SignerFixture.start(data)) {
        assertPrivate(data);
      }
      assertThat(log.lines()).noneMatch(line -> line.contains("group or others"));
    }
  }

  @Test
  void looseModesOfAnExistingDataDirAreWarnedAboutAndFixedAtStart() throws Exception {
    Path data = dir.resolve("data");
    BLSPubkey key = SignerFixture.sealTestKeys(data, 1).get(0);
    Path sealed = data.resolve("keys").resolve(key.toHexString().substring(2) + ".sealed");
    assertThat(sealed).exists();
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(sealed, PosixFilePermissions.fromString("rw-r--r--"));
    try (LogCapture log = LogCapture.capture(); SignerFixture signer = SignerFixture.start(data)) {
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains(sealed.toString())
          && line.contains("rw-r--r--") && line.contains("set to rw-------"));
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains(data + " was rwxr-xr-x"));
      assertPrivate(data);
      assertThat(signer.get("/api/v1/eth2/publicKeys").body()).contains(key.toHexString());
    }
  }
}
