package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Output files of the operator's commands. {@code --output} names a file, or an existing directory
 * in which the conventional name is used. Files are written under a temporary name beside the
 * target and renamed at the end, so a failure leaves no partial file; an existing file is never
 * overwritten (it may be the only copy of a slashing-protection history).
 */
final class OutputFiles {
  private OutputFiles() {}

  /** The file to write: {@code output} itself, or the conventional name inside it (or in "." when absent). */
  static Path resolve(Path output, String conventionalName) {
    if (output == null) {
      return Path.of(conventionalName);
    }
    return Files.isDirectory(output) ? output.resolve(conventionalName) : output;
  }

  /** Writes one file atomically. */
  static void write(Path target, String text) {
    Map<Path, String> one = new LinkedHashMap<>();
    one.put(target, text);
    writeAll(one);
  }

  /** Writes every file under a temporary name first; only when all are written are they renamed. */
  static void writeAll(Map<Path, String> files) {
    writeAll(files, false);
  }

  /** As {@link #writeAll}, but replacing existing files (refreshed data such as collateral, never a history). */
  static void replaceAll(Map<Path, String> files) {
    writeAll(files, true);
  }

  private static void writeAll(Map<Path, String> files, boolean replace) {
    for (Path target : files.keySet()) {
      if (!replace && Files.exists(target)) {
        throw new IllegalArgumentException("--output: " + target + " already exists; not overwritten");
      }
      Path parent = target.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        throw new IllegalArgumentException("--output: directory " + parent + " does not exist");
      }
    }
    Map<Path, Path> temporaries = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, String> file : files.entrySet()) {
        Path target = file.getKey().toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        temporaries.put(target, temporary);
        Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
      }
      for (Map.Entry<Path, Path> entry : temporaries.entrySet()) {
        move(entry.getValue(), entry.getKey());
      }
      temporaries.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
    } finally {
      for (Path temporary : temporaries.values()) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // best effort: the write already failed and that error is what the operator needs
        }
      }
    }
  }

  private static void move(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
