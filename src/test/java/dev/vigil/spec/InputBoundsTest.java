package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.spec.json.BoundedJson;
import dev.vigil.spec.json.JsonField;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 §2: attacker text is length-checked before it is parsed or decoded, and error messages
 * quote a bounded part of it. The messages asserted here come only from the length checks: without
 * them a million digits reach {@code BigInteger}/{@code parseUnsignedLong} and fail as "out of range".
 */
class InputBoundsTest {
  private static final String MILLION_DIGITS = "1".repeat(1_000_000);

  @Test
  void uint64TextLongerThanTwentyDigitsIsRefusedBeforeParsing() {
    assertThatThrownBy(() -> UInt64.parse("slot", MILLION_DIGITS))
        .hasMessageStartingWith("slot: more than 20 digits, out of range for uint64: 1111")
        .message().hasSizeLessThan(200);
    assertThat(UInt64.parse("slot", "18446744073709551615")).isEqualTo(-1L);
    assertThat(UInt64.parse("slot", "00000000000000000001")).isEqualTo(1L);
  }

  @Test
  void jsonUint64LongerThanTwentyDigitsIsRefusedBeforeParsing() {
    JsonField slot = JsonField.at(JsonNodeFactory.instance.textNode(MILLION_DIGITS), "slot");
    assertThatThrownBy(slot::uint64).hasMessage("slot: more than 20 digits, out of range for uint64");
    JsonField max = JsonField.at(JsonNodeFactory.instance.textNode("18446744073709551615"), "slot");
    assertThat(max.uint64()).isEqualTo(-1L);
  }

  @Test
  void fixedLengthHexIsRefusedByItsLengthBeforeDecoding() {
    // Not hex at all: only a length check before decoding can report the length.
    String notHex = "0x" + "zz".repeat(500_000);
    assertThatThrownBy(() -> Hex.decode(notHex, 32)).hasMessage("expected 32 bytes of hex, got 500000");
    assertThatThrownBy(() -> Hex.decodeAtMost(notHex, 257)).hasMessage("expected at most 257 bytes of hex, got 500000");
    JsonField root = JsonField.at(JsonNodeFactory.instance.textNode(notHex), "beacon_block_root");
    assertThatThrownBy(root::bytes32).hasMessage("beacon_block_root: expected 32 bytes of hex, got 500000");
    assertThatThrownBy(() -> root.bitlist(2048))
        .hasMessage("beacon_block_root: expected at most 257 bytes of hex, got 500000");
  }

  @Test
  void badHexAndUnknownNamesAreQuotedBounded() {
    String huge = "q".repeat(3 * 1024 * 1024);
    assertThatThrownBy(() -> Hex.decode(huge)).message().hasSizeLessThan(200);
    assertThatThrownBy(() -> ForkName.parse(huge)).message().hasSizeLessThan(300);
    assertThat(InputEcho.bounded(huge)).startsWith("q".repeat(InputEcho.MAX_CHARS) + "…")
        .endsWith("(3145728 characters)").hasSizeLessThan(InputEcho.MAX_CHARS + 30);
    assertThat(InputEcho.bounded("short")).isEqualTo("short");
  }

  @Test
  void boundedJsonRefusesDeepNestingAndLongNumbers() throws Exception {
    String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThatThrownBy(() -> BoundedJson.mapper().readTree(deep))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("nesting depth");
    String longNumber = "{\"slot\":" + "9".repeat(100) + "}";
    assertThatThrownBy(() -> BoundedJson.mapper().readTree(longNumber))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Number value length");
    String legitimate = "{\"a\":" + "[".repeat(60) + "18446744073709551615" + "]".repeat(60) + "}";
    assertThat(BoundedJson.mapper().readTree(legitimate).get("a")).isNotNull();
  }
}
