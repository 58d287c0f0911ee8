package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;
import java.util.List;

/** ExecutionRequests of Gloas: a ProgressiveContainer of five progressive lists (EIP-7688, EIP-8282). */
public record ExecutionRequestsGloas(
    List<DepositRequest> deposits,
    List<WithdrawalRequest> withdrawals,
    List<ConsolidationRequest> consolidations,
    List<BuilderDepositRequest> builderDeposits,
    List<BuilderExitRequest> builderExits) implements SszContainer {
  public ExecutionRequestsGloas {
    deposits = List.copyOf(deposits);
    withdrawals = List.copyOf(withdrawals);
    consolidations = List.copyOf(consolidations);
    builderDeposits = List.copyOf(builderDeposits);
    builderExits = List.copyOf(builderExits);
  }

  @Override
  public byte[] root(Merkleizer m) {
    return m.progressiveContainer(
        m.progressiveList(deposits.stream().map(r -> r.root(m)).toList()),
        m.progressiveList(withdrawals.stream().map(r -> r.root(m)).toList()),
        m.progressiveList(consolidations.stream().map(r -> r.root(m)).toList()),
        m.progressiveList(builderDeposits.stream().map(r -> r.root(m)).toList()),
        m.progressiveList(builderExits.stream().map(r -> r.root(m)).toList()));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder()
        .fixedList(deposits, SszContainer::toSszBytes)
        .fixedList(withdrawals, SszContainer::toSszBytes)
        .fixedList(consolidations, SszContainer::toSszBytes)
        .fixedList(builderDeposits, SszContainer::toSszBytes)
        .fixedList(builderExits, SszContainer::toSszBytes)
        .finish();
  }
}
