package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszPresetContainer;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  /** Bitvector sizes by "Record.component" (they come from the preset, not the type). */
  private static final Map<String, Integer> BITVECTOR_BITS = Map.of(
      "AttestationElectra.committeeBits", PRESET.maxCommitteesPerSlot(),
      "SyncCommitteeContribution.aggregationBits", PRESET.syncSubcommitteeSize(),
      "SyncAggregate.syncCommitteeBits", PRESET.syncCommitteeSize());

  @Provide
  Arbitrary<Class<? extends Record>> containers() {
    return Arbitraries.of(List.of(
        Fork.class, ForkData.class, SigningData.class, Checkpoint.class, AttestationData.class,
        BeaconBlockHeader.class, SignedBeaconBlockHeader.class, Eth1Data.class, ProposerSlashing.class,
        IndexedAttestation.class, AttesterSlashing.class, Attestation.class, AttestationElectra.class,
        DepositMessage.class, DepositData.class, Deposit.class, VoluntaryExit.class, SignedVoluntaryExit.class,
        SyncAggregate.class, BeaconBlockBody.class, BeaconBlockBodyAltair.class, BeaconBlock.class,
        SignedBeaconBlock.class, AggregateAndProof.class, AggregateAndProofElectra.class,
        SignedAggregateAndProof.class, SyncAggregatorSelectionData.class, SyncCommitteeContribution.class,
        ContributionAndProof.class, ValidatorRegistration.class));
  }

  @Property(tries = 300)
  void everyFieldChangeChangesTheRoot(@ForAll("containers") Class<? extends Record> type, @ForAll long seed) {
    Random random = new Random(seed);
    Object value = generate(type, type, null, random);
    Bytes32 root = root(value);

    assertThat(root(generate(type, type, null, new Random(seed)))).isEqualTo(root);
    List<Object> mutations = mutations(value, random);
    assertThat(mutations).isNotEmpty();
    for (Object mutated : mutations) {
      assertThat(root(mutated)).as("%s changed to %s", value, mutated).isNotEqualTo(root);
    }
  }

  private static Bytes32 root(Object value) {
    return value instanceof SszPresetContainer c ? c.hashTreeRoot(PRESET) : ((SszContainer) value).hashTreeRoot();
  }

  private static Object generate(Type type, Class<?> owner, String component, Random random) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == long.class || raw == Long.class) {
      return random.nextLong();
    }
    if (FixedBytes.class.isAssignableFrom(raw)) {
      return fixedBytes(raw, random);
    }
    if (raw == Bitlist.class) {
      boolean[] bits = new boolean[random.nextInt(300)];
      for (int i = 0; i < bits.length; i++) {
        bits[i] = random.nextBoolean();
      }
      return Bitlist.of(bits);
    }
    if (raw == Bitvector.class) {
      byte[] bytes = new byte[(BITVECTOR_BITS.get(owner.getSimpleName() + "." + component) + 7) / 8];
      random.nextBytes(bytes);
      return new Bitvector(bytes);
    }
    if (raw == List.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      int size = element == Bytes32.class ? Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1 : random.nextInt(3);
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        list.add(generate(element, owner, component, random));
      }
      return list;
    }
    if (raw == BlockBody.class) {
      return generate(random.nextBoolean() ? BeaconBlockBody.class : BeaconBlockBodyAltair.class, raw, null, random);
    }
    RecordComponent[] components = raw.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = generate(components[i].getGenericType(), raw, components[i].getName(), random);
    }
    return construct(raw, args);
  }

  /** Every value that differs from {@code value} in exactly one place. */
  private static List<Object> mutations(Object value, Random random) {
    List<Object> result = new ArrayList<>();
    if (value instanceof Long l) {
      result.add(l ^ (1L << random.nextInt(64)));
    } else if (value instanceof FixedBytes bytes) {
      byte[] changed = bytes.toArray();
      int bit = random.nextInt(changed.length * 8);
      changed[bit / 8] ^= (byte) (1 << (bit % 8));
      result.add(construct(value.getClass(), changed));
    } else if (value instanceof Bitlist bits) {
      boolean[] longer = new boolean[bits.size() + 1];
      for (int i = 0; i < bits.size(); i++) {
        longer[i] = bits.get(i);
      }
      result.add(Bitlist.of(longer)); // same bits, one more (unset) bit: only the length differs
      if (bits.size() > 0) {
        boolean[] flipped = Arrays.copyOf(longer, bits.size());
        int bit = random.nextInt(bits.size());
        flipped[bit] = !flipped[bit];
        result.add(Bitlist.of(flipped));
      }
    } else if (value instanceof Bitvector bits) {
      byte[] changed = bits.toArray();
      changed[random.nextInt(changed.length)] ^= 1;
      result.add(new Bitvector(changed));
    } else if (value instanceof List<?> list) {
      if (!list.isEmpty()) {
        for (Object mutatedFirst : mutations(list.get(0), random)) {
          List<Object> changed = new ArrayList<>(list);
          changed.set(0, mutatedFirst);
          result.add(changed);
        }
        if (!(list.get(0) instanceof Bytes32)) { // Deposit.proof is a vector: its length is fixed
          List<Object> shorter = new ArrayList<>(list.subList(1, list.size()));
          result.add(shorter);
        }
      }
    } else {
      RecordComponent[] components = value.getClass().getRecordComponents();
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] = get(components[i], value);
      }
      for (int i = 0; i < components.length; i++) {
        for (Object mutatedField : mutations(args[i], random)) {
          Object[] changed = args.clone();
          changed[i] = mutatedField;
          result.add(construct(value.getClass(), changed));
        }
      }
    }
    return result;
  }

  private static Object fixedBytes(Class<?> type, Random random) {
    try {
      byte[] bytes = new byte[type.getField("SIZE").getInt(null)];
      random.nextBytes(bytes);
      return construct(type, bytes);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object construct(Class<?> type, Object... args) {
    try {
      Constructor<?> constructor = type.isRecord()
          ? type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getType).toArray(Class<?>[]::new))
          : type.getConstructor(byte[].class);
      return constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
