package dev.vigil.spec.json;

/** Bad JSON input, carrying the path of the offending field (e.g. {@code block.body.attestations[2].data.slot}). */
public final class SpecJsonException extends IllegalArgumentException {
  private final String path;
  private final String problem;

  public SpecJsonException(String path, String problem) {
    super((path.isEmpty() ? "(root)" : path) + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** The JSON path of the field, empty for the document root. */
  public String path() {
    return path;
  }

  /** What is wrong with it, without the path. */
  public String problem() {
    return problem;
  }
}
