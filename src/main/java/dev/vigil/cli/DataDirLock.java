package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Holds a data dir for the life of a process with an operating-system lock on
 * {@code <data-dir>/vigil.lock}. The lock, not the file, is what counts: the kernel drops it when
 * the process dies, so a signer killed with SIGKILL restarts without clean-up.
 */
public final class DataDirLock implements AutoCloseable {
  public static final String FILE_NAME = "vigil.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir} (creating it if needed).
   *
   * @throws IllegalStateException "data dir D is in use by another Vigil process" when held
   */
  private static FileChannel openLockFile(Path file) throws IOException {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(DataDirPermissions.FILE));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(file, options);
    }
  }

  public static DataDirLock acquire(Path dataDir) {
    FileChannel channel = null;
    try {
      DataDirPermissions.createPrivate(dataDir);
      channel = openLockFile(dataDir.resolve(FILE_NAME));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this same process
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("data dir " + dataDir + " is in use by another Vigil process");
      }
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock data dir " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Already failing with the more useful error.
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the data dir lock: " + e.getMessage(), e);
    }
  }
}
