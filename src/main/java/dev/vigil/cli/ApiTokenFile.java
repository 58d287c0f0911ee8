package dev.vigil.cli;

import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The Keymanager API token file: read when present, otherwise created with a random token, mode 0600. */
final class ApiTokenFile {
  private ApiTokenFile() {}

  static String loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String token = Hex.encodeBare(bytes);
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".api-token", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        // another process created it first; use theirs
      } finally {
        Files.delete(temp);
      }
    }
    String token = PasswordFiles.read(file);
    if (token.isBlank()) {
      throw new IllegalArgumentException("API token file " + file + " is empty");
    }
    return token;
  }
}
