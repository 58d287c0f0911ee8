package dev.vigil.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public test vectors in ../shared/vectors (relative to the project root), read in place and
 * never copied into the repository. Override with -Dvigil.vectors=DIR.
 */
public final class Vectors {
  private Vectors() {}

  /** The vectors folder; fails the calling test with a clear message when it is absent. */
  public static Path root() {
    Path root = Path.of(System.getProperty("vigil.vectors", "../shared/vectors")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      fail("public test vectors not found at " + root
          + " (expected ../shared/vectors beside the checkout, or -Dvigil.vectors=DIR)");
    }
    return root;
  }

  /** A file or folder inside the vectors folder, which must exist. */
  public static Path path(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      fail("test vector missing: " + path);
    }
    return path;
  }
}
