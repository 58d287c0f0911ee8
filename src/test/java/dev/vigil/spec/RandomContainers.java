package dev.vigil.spec;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random values of the spec containers (by reflection over the records) and their one-field variants. */
public final class RandomContainers {
  /** Every signed container record. */
  public static final List<Class<? extends Record>> TYPES = List.of(
      Fork.class, ForkData.class, SigningData.class, Checkpoint.class, AttestationData.class,
      BeaconBlockHeader.class, SignedBeaconBlockHeader.class, Eth1Data.class, ProposerSlashing.class,
      IndexedAttestation.class, AttesterSlashing.class, Attestation.class, AttestationElectra.class,
      DepositMessage.class, DepositData.class, Deposit.class, VoluntaryExit.class, SignedVoluntaryExit.class,
      SyncAggregate.class, BeaconBlockBody.class, BeaconBlockBodyAltair.class, BeaconBlock.class,
      SignedBeaconBlock.class, AggregateAndProof.class, AggregateAndProofElectra.class,
      SignedAggregateAndProof.class, SyncAggregatorSelectionData.class, SyncCommitteeContribution.class,
      ContributionAndProof.class, ValidatorRegistration.class,
      PayloadAttestationData.class, ProposerPreferences.class, BuilderRequestAuth.class, ExecutionPayloadBid.class,
      AttestationGloas.class, AggregateAndProofGloas.class, Withdrawal.class, DepositRequest.class,
      WithdrawalRequest.class, ConsolidationRequest.class, BuilderDepositRequest.class, BuilderExitRequest.class,
      ExecutionRequestsGloas.class, ExecutionPayloadGloas.class, ExecutionPayloadEnvelope.class);

  private RandomContainers() {}

  /** A random value of {@code type}, sized for {@code preset}. */
  public static Object generate(Class<? extends Record> type, Preset preset, Random random) {
    return generate(type, type, null, preset, random);
  }

  /** Bitvector sizes by "Record.component" (they come from the preset, not the type). */
  private static int bitvectorBits(String field, Preset preset) {
    return Map.of(
            "AttestationElectra.committeeBits", preset.maxCommitteesPerSlot(),
            "AttestationGloas.committeeBits", preset.maxCommitteesPerSlot(),
            "SyncCommitteeContribution.aggregationBits", preset.syncSubcommitteeSize(),
            "SyncAggregate.syncCommitteeBits", preset.syncCommitteeSize())
        .get(field);
  }

  /** ByteList lengths by "Record.component": the logs bloom is a vector, extra data at most 32 bytes. */
  private static int byteListLength(String field, Random random) {
    return switch (field) {
      case "ExecutionPayloadGloas.logsBloom" -> ExecutionPayloadGloas.BYTES_PER_LOGS_BLOOM;
      case "ExecutionPayloadGloas.extraData" -> random.nextInt(ExecutionPayloadGloas.MAX_EXTRA_DATA_BYTES + 1);
      default -> random.nextInt(200);
    };
  }

  private static Object generate(Type type, Class<?> owner, String component, Preset preset, Random random) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == long.class || raw == Long.class) {
      return random.nextLong();
    }
    if (raw == boolean.class) {
      return random.nextBoolean();
    }
    if (raw == BigInteger.class) {
      return new BigInteger(256, random);
    }
    if (raw == ByteList.class) {
      byte[] bytes = new byte[byteListLength(owner.getSimpleName() + "." + component, random)];
      random.nextBytes(bytes);
      return new ByteList(bytes);
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
      byte[] bytes = new byte[(bitvectorBits(owner.getSimpleName() + "." + component, preset) + 7) / 8];
      random.nextBytes(bytes);
      return new Bitvector(bytes);
    }
    if (raw == List.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      int size = element == Bytes32.class ? Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1 : random.nextInt(3);
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        list.add(generate(element, owner, component, preset, random));
      }
      return list;
    }
    if (raw == BlockBody.class) {
      return generate(random.nextBoolean() ? BeaconBlockBody.class : BeaconBlockBodyAltair.class, raw, null, preset, random);
    }
    RecordComponent[] components = raw.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = generate(components[i].getGenericType(), raw, components[i].getName(), preset, random);
    }
    return construct(raw, args);
  }

  /** Every value that differs from {@code value} in exactly one place. */
  public static List<Object> mutations(Object value, Random random) {
    List<Object> result = new ArrayList<>();
    if (value instanceof Long l) {
      result.add(l ^ (1L << random.nextInt(64)));
    } else if (value instanceof Boolean b) {
      result.add(!b);
    } else if (value instanceof BigInteger uint256) {
      result.add(uint256.flipBit(random.nextInt(256)));
    } else if (value instanceof ByteList bytes) {
      byte[] changed = bytes.size() == 0 ? new byte[1] : bytes.toArray();
      if (bytes.size() > 0) {
        int bit = random.nextInt(changed.length * 8);
        changed[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      result.add(new ByteList(changed));
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
