package dev.vigil.attestation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File access to a TEE's pseudo-files with errors an operator can act on: a missing file means the
 * device is absent, EACCES means the process lacks the permission.
 */
final class TeeFiles {
  private TeeFiles() {}

  static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new AttestationException(what + ": " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new AttestationException(what + ": permission denied (EACCES) reading " + file, e);
    } catch (IOException e) {
      throw new AttestationException(what + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String readText(Path file, String what) {
    return new String(read(file, what), StandardCharsets.US_ASCII).trim();
  }

  /**
   * Writes to an existing pseudo-file without creating or truncating it: configfs and Gramine's
   * /dev/attestation files exist already, and truncation is not an operation they support.
   */
  static void write(Path file, byte[] bytes, String what) {
    try {
      Files.write(file, bytes, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new AttestationException(what + ": " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new AttestationException(what + ": permission denied (EACCES) writing " + file, e);
    } catch (IOException e) {
      throw new AttestationException(what + ": cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
