package dev.vigil.spec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A consensus network: preset, genesis fork version, genesis validators root when known, the
 * forks scheduled after genesis (ALTAIR on, in fork order; forks not scheduled are absent), and its
 * slot clock when its genesis time is known.
 */
public record Network(
    String name,
    Preset preset,
    Bytes4 genesisForkVersion,
    Optional<Bytes32> genesisValidatorsRoot,
    List<ForkSchedule> forks,
    Optional<GenesisClock> genesisClock) {

  public Network {
    if (name == null || preset == null || genesisForkVersion == null || genesisValidatorsRoot == null
        || genesisClock == null) {
      throw new IllegalArgumentException("network needs a name, a preset and a genesis fork version");
    }
    forks = forks.stream().sorted(Comparator.comparing(ForkSchedule::fork)).toList();
    checkSchedule(name, forks);
  }

  /** The same network with its genesis validators root set (Ephemery changes it every iteration). */
  public Network withGenesisValidatorsRoot(Bytes32 root) {
    return new Network(name, preset, genesisForkVersion, Optional.of(root), forks, genesisClock);
  }

  /** The genesis validators root, or an exception naming the network when it is not known. */
  public Bytes32 requireGenesisValidatorsRoot() {
    return genesisValidatorsRoot.orElseThrow(() -> new IllegalStateException(
        "the genesis validators root of network '" + name + "' is not known; give it explicitly"));
  }

  /** The fork in force at {@code epoch} (unsigned). */
  public ForkName forkNameAt(long epoch) {
    ForkName current = ForkName.PHASE0;
    for (ForkSchedule fork : forks) {
      if (Long.compareUnsigned(epoch, fork.epoch()) >= 0) {
        current = fork.fork();
      }
    }
    return current;
  }

  /** The fork version in force at {@code epoch} (unsigned). */
  public Bytes4 forkVersionAt(long epoch) {
    return versionOf(forkNameAt(epoch)).orElseThrow();
  }

  /** The Fork object a beacon state at {@code epoch} carries (previous, current version, fork epoch). */
  public Fork forkAt(long epoch) {
    ForkName current = forkNameAt(epoch);
    if (current == ForkName.PHASE0) {
      return new Fork(genesisForkVersion, genesisForkVersion, 0);
    }
    ForkSchedule entry = schedule(current).orElseThrow();
    ForkName previous = ForkName.values()[current.ordinal() - 1];
    return new Fork(versionOf(previous).orElseThrow(), entry.version(), entry.epoch());
  }

  /** The schedule entry of {@code fork}, empty for PHASE0 or a fork not scheduled. */
  public Optional<ForkSchedule> schedule(ForkName fork) {
    return forks.stream().filter(f -> f.fork() == fork).findFirst();
  }

  /** The version of {@code fork}: the genesis version for PHASE0, empty when not scheduled. */
  public Optional<Bytes4> versionOf(ForkName fork) {
    return fork == ForkName.PHASE0
        ? Optional.of(genesisForkVersion)
        : schedule(fork).map(ForkSchedule::version);
  }

  /** Whether Deneb is scheduled on this network at all. */
  public boolean hasDeneb() {
    return schedule(ForkName.DENEB).isPresent();
  }

  /** Whether Deneb is in force at {@code epoch}. */
  public boolean isDenebActiveAt(long epoch) {
    return forkNameAt(epoch).compareTo(ForkName.DENEB) >= 0;
  }

  /** The fork whose version this is on this network (genesis = PHASE0), empty when none has it. */
  public Optional<ForkName> forkOfVersion(Bytes4 version) {
    if (genesisForkVersion.equals(version)) {
      return Optional.of(ForkName.PHASE0);
    }
    return forks.stream().filter(f -> f.version().equals(version)).map(ForkSchedule::fork).findFirst();
  }

  /**
   * Whether an exit sent with {@code sent} as its fork is signed over CAPELLA_FORK_VERSION
   * (EIP-7044): Deneb is scheduled and the exit's epoch is at or after it, or {@code sent} names a
   * Deneb-or-later version of this network (clients send the current fork, Capella's, or epoch 0).
   */
  public boolean signsExitOverCapella(long exitEpoch, Fork sent) {
    Optional<ForkSchedule> deneb = schedule(ForkName.DENEB);
    if (deneb.isEmpty()) {
      return false;
    }
    return Long.compareUnsigned(exitEpoch, deneb.get().epoch()) >= 0
        || isDenebOrLater(sent.currentVersion()) || isDenebOrLater(sent.previousVersion());
  }

  private boolean isDenebOrLater(Bytes4 version) {
    return forkOfVersion(version).filter(f -> f.compareTo(ForkName.DENEB) >= 0).isPresent();
  }

  /**
   * The domain of a voluntary exit: on a network with Deneb scheduled, the Capella fork version for
   * every exit (EIP-7044 makes exits valid forever); before that, the version in force at the exit epoch.
   */
  public Bytes32 voluntaryExitDomain(long exitEpoch) {
    return Domains.computeDomain(DomainType.VOLUNTARY_EXIT, voluntaryExitForkVersion(exitEpoch), requireGenesisValidatorsRoot());
  }

  /** The fork version of {@link #voluntaryExitDomain}: Capella's once Deneb is scheduled (EIP-7044). */
  public Bytes4 voluntaryExitForkVersion(long exitEpoch) {
    return hasDeneb() ? versionOf(ForkName.CAPELLA).orElseThrow() : forkVersionAt(exitEpoch);
  }

  /** The deposit domain of this network (genesis fork version, zero root). */
  public Bytes32 depositDomain() {
    return Domains.computeDepositDomain(genesisForkVersion);
  }

  /** The builder domain of this network (genesis fork version, zero root). */
  public Bytes32 builderDomain() {
    return Domains.computeBuilderDomain(genesisForkVersion);
  }

  private static void checkSchedule(String name, List<ForkSchedule> forks) {
    for (int i = 0; i < forks.size(); i++) {
      ForkSchedule fork = forks.get(i);
      if (fork.fork() == ForkName.PHASE0) {
        throw new IllegalArgumentException(name + ": PHASE0 is the genesis fork, not a scheduled one");
      }
      if (fork.fork().ordinal() != i + 1) {
        throw new IllegalArgumentException(
            name + ": " + fork.fork() + " is scheduled but " + ForkName.values()[i + 1] + " is not");
      }
      if (i > 0 && Long.compareUnsigned(fork.epoch(), forks.get(i - 1).epoch()) < 0) {
        throw new IllegalArgumentException(
            name + ": " + fork.fork() + " is scheduled before " + forks.get(i - 1).fork());
      }
    }
  }
}
