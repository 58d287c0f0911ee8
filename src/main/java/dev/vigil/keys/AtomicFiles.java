package dev.vigil.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Crash-safe file writes: a private temporary file in the same directory, fsync, rename, fsync of
 * the directory, so a crash leaves the old content or the new one, never half of it.
 */
final class AtomicFiles {
  /** Temporary files end with this; {@link #removeTemporaryFiles} deletes leftovers from a crash. */
  static final String TEMP_SUFFIX = ".vigil-tmp";

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private AtomicFiles() {}

  /** Replaces (or creates) {@code target} with {@code content}, mode 0600. */
  static void write(Path target, byte[] content) {
    Path temp = writeTemporary(target, content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(target.getParent());
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Creates {@code target} with {@code content} unless it exists; returns false when it existed.
   * A hard link publishes the complete file under its name atomically and fails if the name is taken.
   */
  static boolean createIfAbsent(Path target, byte[] content) {
    Path temp = writeTemporary(target, content);
    try {
      publishWithoutReplacing(temp, target);
      syncDirectory(target.getParent());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + target, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void publishWithoutReplacing(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      // Some file systems (Gramine's encrypted mounts among them) have no hard links; a move that
      // refuses an existing target is the next best, the data dir being held by one process.
      Files.move(temp, target);
    }
  }

  /** Deletes {@code file} durably; returns false when it did not exist. */
  static boolean delete(Path file) {
    try {
      boolean deleted = Files.deleteIfExists(file);
      if (deleted) {
        syncDirectory(file.getParent());
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** Creates {@code dir} (and parents) with mode 0700 if absent. */
  static void createPrivateDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, OWNER_ONLY_DIR);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }

  /** Deletes temporary files a crash may have left in {@code dir}; returns how many. */
  static int removeTemporaryFiles(Path dir) {
    int removed = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
        removed++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean temporary files in " + dir, e);
    }
    return removed;
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static Path writeTemporary(Path target, byte[] content) {
    // Leading dot and a unique middle keep concurrent writers apart and out of directory listings.
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try (FileChannel channel =
        FileChannel.open(
            temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
      return temp;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Best effort: a leftover temporary file is removed at the next start.
    }
  }
}
