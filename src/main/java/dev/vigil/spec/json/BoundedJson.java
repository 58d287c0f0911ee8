package dev.vigil.spec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON reader for everything that comes from outside (request bodies, keystores, interchange
 * files, migration packages, evidence): nesting, number and name lengths bounded so that no
 * document costs more than a linear pass over its bytes. Every format Vigil reads nests less than
 * a dozen levels and carries uint64 values as strings.
 */
public final class BoundedJson {
  /** Deepest object/array nesting accepted. */
  public static final int MAX_NESTING_DEPTH = 64;
  /** Longest JSON number accepted, in characters (2^64−1 has 20 digits). */
  public static final int MAX_NUMBER_LENGTH = 64;
  /** Longest member name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;

  private BoundedJson() {}

  /** A new mapper whose parsers enforce these bounds (a malformed-JSON error names the one exceeded). */
  public static ObjectMapper mapper() {
    return mapper(StreamReadConstraints.DEFAULT_MAX_STRING_LEN);
  }

  /** As {@link #mapper()}, with strings of at most {@code maxStringLength} characters: refused as soon as one is longer. */
  public static ObjectMapper mapper(int maxStringLength) {
    return new ObjectMapper(JsonFactory.builder().streamReadConstraints(constraints(maxStringLength)).build());
  }

  /** These bounds for any Jackson format (CBOR too), with strings of at most {@code maxStringLength} characters. */
  public static StreamReadConstraints constraints(int maxStringLength) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxStringLength(maxStringLength)
        .build();
  }
}
