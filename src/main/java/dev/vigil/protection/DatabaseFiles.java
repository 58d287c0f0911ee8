package dev.vigil.protection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity (file key: device and inode on Unix) of a SQLite database file and of its WAL, to
 * tell later whether the paths still name the files a connection writes. One stat per file, a few
 * microseconds beside the fsync of a commit. The WAL is SQLite's to delete when the last connection
 * closes, so its identity is taken anew whenever the writer reconnects.
 */
final class DatabaseFiles {
  private final Path database;
  private final Path wal;
  private final Object databaseKey;
  private Object walKey;

  DatabaseFiles(Path database) throws IOException {
    this.database = database;
    this.wal = database.resolveSibling(database.getFileName() + "-wal");
    this.databaseKey = keyOf(database);
  }

  /** Takes the identity of the WAL a newly opened connection writes. */
  void walOpened() throws IOException {
    walKey = keyOf(wal);
  }

  /**
   * What happened to the files ("… was deleted"), if anything; the WAL only while {@code walOpen}
   * (a connection holds it).
   */
  Optional<String> change(boolean walOpen) {
    Optional<String> databaseChange = change(database, databaseKey);
    return databaseChange.isPresent() || !walOpen ? databaseChange : change(wal, walKey);
  }

  private static Optional<String> change(Path path, Object expected) {
    try {
      return Objects.equals(keyOf(path), expected)
          ? Optional.empty()
          : Optional.of(path + " was replaced by another file");
    } catch (NoSuchFileException e) {
      return Optional.of(path + " was deleted");
    } catch (IOException e) {
      return Optional.of(path + " cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The file key, or null where the file system has none (then only deletion is detected). */
  private static Object keyOf(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }
}
