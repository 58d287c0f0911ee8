package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data dir private to the signer's user: directories 0700, files 0600 (sealed keys, the
 * KEK file, the SQLite database with its -wal and -shm, locks, the API token). SQLite creates its
 * -wal and -shm files with the mode of the database file, so once that is 0600 they follow. On a
 * file system without POSIX permissions nothing is checked.
 */
final class DataDirPermissions {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirPermissions.class);
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** Tightened entries logged by name; beyond, one line counts the rest. */
  private static final int LOGGED_ONE_BY_ONE = 20;

  private DataDirPermissions() {}

  /** Creates {@code dataDir} (and missing parents) mode 0700 when absent. */
  static void createPrivate(Path dataDir) {
    if (Files.isDirectory(dataDir)) {
      return;
    }
    try {
      Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (FileAlreadyExistsException raced) {
      // created meanwhile; checked by tighten
    } catch (UnsupportedOperationException e) {
      createPlain(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
  }

  private static void createPlain(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
  }

  /**
   * Sets every directory under {@code dataDir} (itself included) to 0700 and every file to 0600
   * where group or others had any access; symbolic links are neither followed nor changed. With
   * {@code warn}, each one is logged: files the signer did not create this way were exposed.
   *
   * @return the paths that were tightened
   */
  static List<Path> tighten(Path dataDir, boolean warn) {
    List<Path> tightened = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (Stream<Path> entries = Files.walk(dataDir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        PosixFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
          return tightened;
        }
        if (attributes.isSymbolicLink() || attributes.permissions().stream().noneMatch(GROUP_OR_OTHERS::contains)) {
          continue;
        }
        Set<PosixFilePermission> wanted = attributes.isDirectory() ? DIRECTORY : FILE;
        String was = PosixFilePermissions.toString(attributes.permissions());
        try {
          Files.setPosixFilePermissions(entry, wanted);
          tightened.add(entry);
          if (warn && tightened.size() <= LOGGED_ONE_BY_ONE) {
            LOG.warn("{} was {}: group or others could access the signer's data; set to {}",
                entry, was, PosixFilePermissions.toString(wanted));
          }
        } catch (IOException e) {
          failed.add(entry + " (" + was + "): " + e.getMessage());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot check the permissions in data dir {}: {}", dataDir, e.getMessage());
    }
    if (warn && tightened.size() > LOGGED_ONE_BY_ONE) {
      LOG.warn("{} more entries of data dir {} were open to group or others; set to 0700/0600",
          tightened.size() - LOGGED_ONE_BY_ONE, dataDir);
    }
    if (!failed.isEmpty()) {
      LOG.warn("{} entries of data dir {} are open to group or others and could not be set to 0700/0600, e.g. {}",
          failed.size(), dataDir, failed.get(0));
    }
    return tightened;
  }
}
