package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszPresetContainer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random values of every signed container: changing any single field (at any depth, including
 * list lengths and single bits) changes hash_tree_root, and equal values have equal roots.
 */
class HashTreeRootProperties {
  private static final Preset PRESET = Preset.MAINNET;

  @Provide
  Arbitrary<Class<? extends Record>> containers() {
    return Arbitraries.of(RandomContainers.TYPES);
  }

  @Property(tries = 300)
  void everyFieldChangeChangesTheRoot(@ForAll("containers") Class<? extends Record> type, @ForAll long seed) {
    Random random = new Random(seed);
    Object value = RandomContainers.generate(type, PRESET, random);
    Bytes32 root = root(value);

    assertThat(root(RandomContainers.generate(type, PRESET, new Random(seed)))).isEqualTo(root);
    List<Object> mutations = RandomContainers.mutations(value, random);
    assertThat(mutations).isNotEmpty();
    for (Object mutated : mutations) {
      assertThat(root(mutated)).as("%s changed to %s", value, mutated).isNotEqualTo(root);
    }
  }

  private static Bytes32 root(Object value) {
    return value instanceof SszPresetContainer c ? c.hashTreeRoot(PRESET) : ((SszContainer) value).hashTreeRoot();
  }
}
