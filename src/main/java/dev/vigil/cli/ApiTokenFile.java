package dev.vigil.cli;

import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keymanager API token file: read when present, otherwise created with a random token, mode 0600.
 * A token shorter than {@link #MIN_LENGTH} or a file that group or others may write is refused.
 */
final class ApiTokenFile {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokenFile.class);
  /** Shortest token accepted from an existing file (a created one has 64 hex digits). */
  static final int MIN_LENGTH = 16;

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
    checkPermissions(file);
    String token = PasswordFiles.read(file);
    if (token.isBlank()) {
      throw new IllegalArgumentException("API token file " + file + " is empty");
    }
    if (token.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("--key-manager-api-token-file: the token in " + file + " has " + token.length()
          + " character(s), at least " + MIN_LENGTH + " are needed; delete the file to have a random one created");
    }
    return token;
  }

  /** Refuses a token anyone but the owner may write (they would choose it); warns when others may read it. */
  private static void checkPermissions(Path file) throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    String mode = PosixFilePermissions.toString(permissions);
    if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IllegalArgumentException("--key-manager-api-token-file: " + file + " is " + mode
          + ": writable by group or others, who could choose the token; chmod 600 " + file);
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("API token file {} is {}: group or others can read the Keymanager API token; chmod 600 {}", file, mode, file);
    }
  }
}
