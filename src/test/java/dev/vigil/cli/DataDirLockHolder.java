package dev.vigil.cli;

import java.nio.file.Path;

/** The child JVM of {@link DataDirLockTest}: takes the lock, says so, and waits to be killed. */
public final class DataDirLockHolder {
  private DataDirLockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    DataDirLock lock = DataDirLock.acquire(Path.of(args[0]));
    System.out.println("locked");
    System.out.flush();
    synchronized (lock) {
      lock.wait();
    }
  }
}
