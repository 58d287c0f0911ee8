package dev.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.bench.DutySchedule.Moment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DutyScheduleTest {
  private static final long FIRST_SLOT = 320;

  @Test
  void everyValidatorAttestsOncePerEpochAndOneInSixteenAggregates() {
    DutySchedule schedule = new DutySchedule(10_000, 1);
    Map<Integer, Integer> attestations = new HashMap<>();
    int aggregates = 0;
    int selections = 0;
    for (long slot = FIRST_SLOT; slot < FIRST_SLOT + DutySchedule.SLOTS_PER_EPOCH; slot++) {
      for (Duty duty : schedule.duties(slot, Moment.ATTESTATION_DEADLINE)) {
        if (duty.type().equals("ATTESTATION")) {
          attestations.merge(duty.validator(), 1, Integer::sum);
        }
      }
      aggregates += count(schedule.duties(slot, Moment.AGGREGATION_DEADLINE), "AGGREGATE_AND_PROOF_V2");
      selections += count(schedule.duties(slot, Moment.START), "AGGREGATION_SLOT");
    }

    assertThat(attestations).hasSize(10_000);
    assertThat(attestations.values()).containsOnly(1);
    assertThat(aggregates).isEqualTo(selections).isBetween(10_000 / 16, 10_000 / 16 + 32);
  }

  @Test
  void theAttestersAndTheSyncCommitteeOfASlotEachSignOneMessage() {
    DutySchedule schedule = new DutySchedule(10_000, 1);
    Map<String, Set<String>> bodies = schedule.duties(FIRST_SLOT, Moment.ATTESTATION_DEADLINE).stream()
        .collect(Collectors.groupingBy(Duty::type, Collectors.mapping(Duty::body, Collectors.toSet())));
    assertThat(bodies.get("ATTESTATION")).hasSize(1);
    assertThat(bodies.get("SYNC_COMMITTEE_MESSAGE")).hasSize(1);
    // Aggregates differ by aggregator: every one is a message of its own.
    List<Duty> aggregates = schedule.duties(FIRST_SLOT, Moment.AGGREGATION_DEADLINE);
    assertThat(aggregates.stream().map(Duty::body).distinct().count()).isEqualTo(aggregates.size());
  }

  @Test
  void eachSlotHasOneProposalAndTheSyncCommitteesDuties() {
    DutySchedule schedule = new DutySchedule(10_000, 1);

    Map<String, Long> start = types(schedule.duties(FIRST_SLOT, Moment.START));
    Map<String, Long> deadline = types(schedule.duties(FIRST_SLOT, Moment.ATTESTATION_DEADLINE));
    Map<String, Long> aggregation = types(schedule.duties(FIRST_SLOT, Moment.AGGREGATION_DEADLINE));

    assertThat(start).containsEntry("BLOCK_V2", 1L).containsEntry("RANDAO_REVEAL", 1L)
        .containsEntry("SYNC_COMMITTEE_SELECTION_PROOF", 512L);
    assertThat(deadline).containsEntry("SYNC_COMMITTEE_MESSAGE", 512L).containsEntry("ATTESTATION", 313L);
    assertThat(aggregation).containsEntry("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", 64L);
  }

  @Test
  void slashableMessagesOfAValidatorNeverRepeatAnEpochOrSlot() {
    DutySchedule schedule = new DutySchedule(3, 1);
    List<String> attestationsOfValidator0 = LongStream.range(FIRST_SLOT, FIRST_SLOT + 4 * DutySchedule.SLOTS_PER_EPOCH)
        .boxed()
        .flatMap(slot -> schedule.duties(slot, Moment.ATTESTATION_DEADLINE).stream())
        .filter(duty -> duty.type().equals("ATTESTATION") && duty.validator() == 0)
        .map(Duty::body)
        .toList();

    assertThat(attestationsOfValidator0).hasSize(4).doesNotHaveDuplicates();
  }

  private static int count(List<Duty> duties, String type) {
    return (int) duties.stream().filter(duty -> duty.type().equals(type)).count();
  }

  private static Map<String, Long> types(List<Duty> duties) {
    return duties.stream().collect(Collectors.groupingBy(Duty::type, Collectors.counting()));
  }
}
