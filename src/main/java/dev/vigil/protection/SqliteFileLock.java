package dev.vigil.protection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on {@code <database>.lock} that keeps a SQLite file to one store at a
 * time, across processes: the SQLite store decides from an in-memory copy of the newest records,
 * which is only safe while nobody else writes the file. The kernel drops it when the process dies.
 */
final class SqliteFileLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SqliteFileLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static SqliteFileLock acquire(Path database) throws IOException {
    Path file = database.resolveSibling(database.getFileName() + ".lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another store in this process
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "slashing protection database " + database + " is in use by another Vigil process or store");
    }
    return new SqliteFileLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
