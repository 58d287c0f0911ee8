package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.OTHER_GVR;
import static dev.vigil.protection.Requests.interchange;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.protection.Refusal.Reason;
import dev.vigil.spec.BLSPubkey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and interchange clause, run against each store by a subclass ({@link
 * SqliteStoreTest}, {@link PostgresStoreTest}).
 */
abstract class StoreContractTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final BLSPubkey K = key(1);

  SlashingProtection store;

  /** A new, empty store. */
  abstract SlashingProtection openEmpty() throws Exception;

  /** The same store again, as after a restart, with a pruning policy (applied at open). */
  abstract SlashingProtection reopen(PruningPolicy pruning) throws Exception;

  SlashingProtection reopen() throws Exception {
    return reopen(PruningPolicy.OFF);
  }

  @BeforeEach
  void openStore() throws Exception {
    store = openEmpty();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  Decision block(long slot, int root) {
    return store.checkAndRecordBlock(K, slot, root(root), GVR);
  }

  Decision attestation(long source, long target, int root) {
    return store.checkAndRecordAttestation(K, source, target, root(root), GVR);
  }

  static Reason reason(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Refused.class);
    return ((Decision.Refused) decision).refusal().reason();
  }

  static String message(Decision decision) {
    return ((Decision.Refused) decision).refusal().message();
  }

  @Test
  void blockAcceptedOnceAndIdenticalRepeatAllowed() {
    assertThat(block(10, 1).accepted()).isTrue();
    assertThat(block(10, 1).accepted()).isTrue();
  }

  @Test
  void secondRootForASlotIsADoubleProposalNamingTheRecordedRoot() {
    block(10, 1);
    Decision second = block(10, 2);
    assertThat(reason(second)).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(message(second)).isEqualTo("double proposal: slot 10 already signed with root " + root(1));
  }

  @Test
  void blockAtOrBelowLowestSlotIsRefusedButGapsAboveItAreAllowed() {
    block(10, 1);
    block(20, 1);
    assertThat(((Decision.Refused) block(9, 1)).refusal()).isEqualTo(new Refusal.BlockSlotBelowWatermark(9, 10));
    assertThat(block(15, 1).accepted()).isTrue();
    assertThat(block(21, 1).accepted()).isTrue();
  }

  @Test
  void attestationAcceptedOnceAndIdenticalRepeatAllowed() {
    assertThat(attestation(1, 2, 1).accepted()).isTrue();
    assertThat(attestation(1, 2, 1).accepted()).isTrue();
  }

  @Test
  void doubleVoteNamesTargetAndRecordedRoot() {
    attestation(6, 7, 1);
    Decision vote = attestation(6, 7, 2);
    assertThat(reason(vote)).isEqualTo(Reason.DOUBLE_VOTE);
    assertThat(message(vote)).startsWith("double vote: target epoch 7 already signed with root " + root(1));
    assertThat(reason(attestation(5, 7, 1))).isEqualTo(Reason.DOUBLE_VOTE);
  }

  @Test
  void surroundingAPreviousVoteIsRefused() {
    attestation(1, 2, 1);
    attestation(5, 6, 1);
    Decision surrounding = attestation(4, 7, 1);
    assertThat(reason(surrounding)).isEqualTo(Reason.SURROUNDS_PREVIOUS);
    assertThat(message(surrounding)).contains("source 5 target 6");
  }

  @Test
  void beingSurroundedByAPreviousVoteIsRefused() {
    attestation(2, 3, 1);
    attestation(3, 10, 1);
    Decision surrounded = attestation(4, 9, 1);
    assertThat(reason(surrounded)).isEqualTo(Reason.SURROUNDED_BY_PREVIOUS);
    assertThat(message(surrounded)).contains("source 3 target 10");
  }

  @Test
  void sourceAfterTargetIsRefused() {
    assertThat(reason(attestation(5, 4, 1))).isEqualTo(Reason.SOURCE_AFTER_TARGET);
  }

  @Test
  void attestationsBelowTheLowWatermarksAreRefused() {
    attestation(10, 20, 1);
    assertThat(((Decision.Refused) attestation(9, 25, 1)).refusal())
        .isEqualTo(new Refusal.SourceBelowWatermark(9, 10));
    Decision target = attestation(10, 19, 1);
    assertThat(((Decision.Refused) target).refusal()).isEqualTo(new Refusal.TargetBelowWatermark(19, 20));
    assertThat(reason(target)).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(message(target)).isEqualTo("target epoch 19 is at or below the low watermark target epoch 20");
    assertThat(attestation(10, 21, 1).accepted()).isTrue();
  }

  @Test
  void uint64ValuesAboveTwoToTheSixtyThreeKeepTheirUnsignedOrder() {
    long high = Long.MIN_VALUE + 5; // 2^63 + 5
    assertThat(block(high, 1).accepted()).isTrue();
    assertThat(reason(block(Long.MAX_VALUE, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(block(-1L, 1).accepted()).isTrue(); // 2^64 - 1
    assertThat(attestation(high, high, 1).accepted()).isTrue();
    assertThat(reason(attestation(5, Long.MAX_VALUE, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(attestation(high, -1L, 1).accepted()).isTrue();
  }

  @Test
  void firstRequestPinsTheChainAndAnotherChainIsRefused() {
    assertThat(store.genesisValidatorsRoot()).isEmpty();
    block(1, 1);
    assertThat(store.genesisValidatorsRoot()).contains(GVR);
    Decision other = store.checkAndRecordBlock(K, 2, root(1), OTHER_GVR);
    assertThat(reason(other)).isEqualTo(Reason.WRONG_CHAIN);
    assertThat(reason(store.checkAndRecordAttestation(K, 1, 2, root(1), OTHER_GVR))).isEqualTo(Reason.WRONG_CHAIN);
    assertThat(block(2, 1).accepted()).as("nothing was recorded for the other chain").isTrue();
  }

  @Test
  void pinningRefusesADifferentRoot() {
    store.pinGenesisValidatorsRoot(GVR);
    store.pinGenesisValidatorsRoot(GVR);
    assertThatThrownBy(() -> store.pinGenesisValidatorsRoot(OTHER_GVR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis validators root");
  }

  @Test
  void acceptedRecordsSurviveARestart() throws Exception {
    block(10, 1);
    attestation(3, 4, 1);
    store.close();
    store = reopen();
    assertThat(store.genesisValidatorsRoot()).contains(GVR);
    assertThat(reason(block(10, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(attestation(3, 4, 2))).isEqualTo(Reason.DOUBLE_VOTE);
    assertThat(block(10, 1).accepted()).isTrue();
  }

  @Test
  void importOfAnotherChainIsRefusedAndImportsNothing() {
    store.pinGenesisValidatorsRoot(GVR);
    byte[] file = interchange(OTHER_GVR,
        "[{\"pubkey\":\"" + K + "\",\"signed_blocks\":[{\"slot\":\"5\"}],\"signed_attestations\":[]}]");
    assertThatThrownBy(() -> store.importInterchange(new ByteArrayInputStream(file)))
        .isInstanceOf(InterchangeException.class)
        .hasMessageContaining("metadata.genesis_validators_root")
        .hasMessageContaining(OTHER_GVR.toString());
    assertThat(block(5, 1).accepted()).isTrue();
  }

  @Test
  void importIntoAnEmptyStorePinsTheFilesChain() {
    store.importInterchange(new ByteArrayInputStream(interchange(GVR, "[]")));
    assertThat(store.genesisValidatorsRoot()).contains(GVR);
  }

  @Test
  void malformedRecordRefusesTheWholeFileNamingTheField() {
    byte[] file = interchange(GVR, "[{\"pubkey\":\"" + K + "\",\"signed_blocks\":[{\"slot\":\"5\"}],"
        + "\"signed_attestations\":[]},{\"pubkey\":\"" + key(2) + "\",\"signed_blocks\":[{\"slot\":\"x\"}],"
        + "\"signed_attestations\":[]}]");
    assertThatThrownBy(() -> store.importInterchange(new ByteArrayInputStream(file)))
        .isInstanceOf(InterchangeException.class)
        .hasMessageContaining("data[1].signed_blocks[0].slot");
    assertThat(block(5, 1).accepted()).as("the valid first validator was not imported either").isTrue();
  }

  @Test
  void importMergesAndNeverLowersProtection() {
    block(100, 1);
    attestation(50, 60, 1);
    store.importInterchange(new ByteArrayInputStream(interchange(GVR, "[{\"pubkey\":\"" + K
        + "\",\"signed_blocks\":[{\"slot\":\"10\"}],\"signed_attestations\":[{\"source_epoch\":\"1\","
        + "\"target_epoch\":\"2\"}]}]")));
    assertThat(reason(block(100, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(attestation(50, 60, 2))).isEqualTo(Reason.DOUBLE_VOTE);
    assertThat(reason(attestation(49, 61, 1))).isEqualTo(Reason.SURROUNDS_PREVIOUS);
    assertThat(reason(block(10, 1))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(block(9, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(block(101, 1).accepted()).isTrue();
  }

  /** A minimal file (one record per kind, as several clients export) for key K. */
  static byte[] minimalFile(long slot, long source, long target) {
    return interchange(GVR, "[{\"pubkey\":\"" + K + "\",\"signed_blocks\":[{\"slot\":\"" + slot
        + "\"}],\"signed_attestations\":[{\"source_epoch\":\"" + source + "\",\"target_epoch\":\""
        + target + "\"}]}]");
  }

  @Test
  void importRaisesTheFloorsToTheFilesMinimaWhateverTheStoreHeldBefore() throws Exception {
    attestation(10, 11, 1);
    attestation(11, 12, 1);
    block(5, 1);
    store.importInterchange(new ByteArrayInputStream(minimalFile(10000, 1000, 1001)));
    assertThat(reason(attestation(600, 700, 2))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(block(9000, 2))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(block(10000, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(attestation(999, 1500, 2))).as("source below the file's minimum").isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(attestation(1000, 1001, 2))).isEqualTo(Reason.DOUBLE_VOTE);
    store.close();
    store = reopen();
    assertThat(reason(attestation(600, 700, 3))).as("floors are persisted").isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(block(9000, 3))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(block(10001, 3).accepted()).isTrue();
    assertThat(attestation(1000, 1002, 3).accepted()).isTrue();
  }

  @Test
  void importFloorsOnlyRise() {
    store.importInterchange(new ByteArrayInputStream(minimalFile(10000, 1000, 1001)));
    store.importInterchange(new ByteArrayInputStream(minimalFile(20, 2, 3)));
    assertThat(reason(block(9000, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(attestation(600, 700, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(block(10, 1))).isEqualTo(Reason.BELOW_WATERMARK);
  }

  @Test
  void aKeyListedTwiceInAFileGetsTheMinimaOverBothEntries() {
    store.importInterchange(new ByteArrayInputStream(interchange(GVR, "[{\"pubkey\":\"" + K
        + "\",\"signed_blocks\":[{\"slot\":\"500\"}],\"signed_attestations\":[{\"source_epoch\":\"50\","
        + "\"target_epoch\":\"60\"}]},{\"pubkey\":\"" + K + "\",\"signed_blocks\":[{\"slot\":\"100\"}],"
        + "\"signed_attestations\":[{\"source_epoch\":\"10\",\"target_epoch\":\"20\"}]}]")));
    assertThat(reason(block(100, 1))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(block(99, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(block(300, 1).accepted()).as("between the two entries' blocks: not below the file's minimum").isTrue();
    assertThat(attestation(10, 21, 1).accepted()).isTrue();
  }

  @Test
  void exportCarriesTheFloorsAboveOlderRecordsToAnotherStore() throws Exception {
    assertThat(attestation(5, 2000, 1).accepted()).isTrue();
    block(5, 1);
    store.importInterchange(new ByteArrayInputStream(minimalFile(10000, 1000, 1001)));
    assertThat(reason(attestation(1000, 1500, 2))).isEqualTo(Reason.SURROUNDED_BY_PREVIOUS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.exportInterchange(out, Set.of());
    store.close();
    store = openEmpty();
    store.importInterchange(new ByteArrayInputStream(out.toByteArray()));
    assertThat(reason(block(9000, 2))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(attestation(600, 700, 2))).isEqualTo(Reason.BELOW_WATERMARK);
    // (1000, 1500) is surrounded by (5, 2000), which lies below the source floor in the first store.
    assertThat(attestation(1000, 1500, 2).accepted()).isFalse();
    assertThat(block(10001, 2).accepted()).isTrue();
    assertThat(attestation(1000, 2001, 2).accepted()).isTrue();
  }

  @Test
  void importingTwoRootsForOneSlotKeepsTheSlotRefusedForEveryRoot() {
    store.importInterchange(new ByteArrayInputStream(interchange(GVR, "[{\"pubkey\":\"" + K
        + "\",\"signed_blocks\":[{\"slot\":\"7\",\"signing_root\":\"" + root(1) + "\"},{\"slot\":\"7\","
        + "\"signing_root\":\"" + root(2) + "\"}],\"signed_attestations\":[]}]")));
    assertThat(reason(block(7, 1))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(block(7, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
  }

  @Test
  void exportHasTheCompleteHistoryAndReimportsToTheSameDecisions() throws Exception {
    block(10, 1);
    block(12, 2);
    attestation(1, 2, 3);
    attestation(2, 3, 4);
    store.checkAndRecordBlock(key(2), 99, root(9), GVR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.exportInterchange(out, Set.of());
    JsonNode json = MAPPER.readTree(out.toByteArray());
    assertThat(json.at("/metadata/interchange_format_version").asText()).isEqualTo("5");
    assertThat(json.at("/metadata/genesis_validators_root").asText()).isEqualTo(GVR.toString());
    assertThat(json.get("data")).hasSize(2);
    JsonNode first = json.get("data").get(0);
    assertThat(first.get("pubkey").asText()).isEqualTo(K.toString());
    assertThat(first.get("signed_blocks")).hasSize(2);
    assertThat(first.at("/signed_blocks/1/signing_root").asText()).isEqualTo(root(2).toString());
    assertThat(first.get("signed_attestations")).hasSize(2);
    assertThat(first.at("/signed_attestations/1/source_epoch").asText()).isEqualTo("2");

    store.close();
    store = openEmpty();
    store.importInterchange(new ByteArrayInputStream(out.toByteArray()));
    assertThat(reason(block(12, 1))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(block(12, 2).accepted()).isTrue();
    assertThat(reason(attestation(2, 3, 1))).isEqualTo(Reason.DOUBLE_VOTE);
    assertThat(reason(store.checkAndRecordBlock(key(2), 99, root(1), GVR))).isEqualTo(Reason.DOUBLE_PROPOSAL);
  }

  @Test
  void exportOfChosenKeysHasOnlyThem() throws IOException {
    block(10, 1);
    store.checkAndRecordBlock(key(2), 11, root(1), GVR);
    store.checkAndRecordBlock(key(3), 12, root(1), GVR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.exportInterchange(out, Set.of(key(2), key(3)));
    JsonNode data = MAPPER.readTree(out.toByteArray()).get("data");
    assertThat(data).hasSize(2);
    assertThat(data.findValuesAsText("pubkey")).containsExactlyInAnyOrder(key(2).toString(), key(3).toString());
  }

  @Test
  void pruningIsOffByDefault() {
    block(1, 1);
    assertThat(store.prune()).isEqualTo(new PruneSummary(0, 0));
  }

  @Test
  void pruningRaisesTheWatermarksAndKeepsEveryRule() throws Exception {
    for (int i = 1; i <= 30; i++) {
      block(i, 1);
      attestation(i - 1, i, 1);
    }
    store.close();
    store = reopen(new PruningPolicy(10, 5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.exportInterchange(out, Set.of());
    JsonNode validator = MAPPER.readTree(out.toByteArray()).get("data").get(0);
    // Watermark 19 below the lowest kept block 20: the kept blocks alone give an importer floor 20.
    assertThat(validator.get("signed_blocks")).hasSize(11);
    assertThat(validator.at("/signed_blocks/0/slot").asText()).isEqualTo("20");
    assertThat(validator.get("signed_attestations")).hasSize(6); // targets 25..30 (watermark 23→24 below them)
    assertThat(reason(block(15, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(block(25, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(block(25, 1).accepted()).isTrue();
    assertThat(block(31, 1).accepted()).isTrue();
    assertThat(reason(attestation(22, 31, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(attestation(24, 24, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(reason(attestation(25, 26, 2))).isEqualTo(Reason.DOUBLE_VOTE);
    assertThat(attestation(30, 31, 1).accepted()).isTrue();
    assertThat(store.prune()).as("slot 31 and target 31 moved the window by one").isEqualTo(new PruneSummary(1, 1));
  }

  @Test
  void pruningKeepsProtectionAgainstAPrunedVoteWithAHighSource() throws Exception {
    store.importInterchange(new ByteArrayInputStream(interchange(GVR, "[{\"pubkey\":\"" + K
        + "\",\"signed_blocks\":[],\"signed_attestations\":[{\"source_epoch\":\"1\",\"target_epoch\":\"100\"},"
        + "{\"source_epoch\":\"50\",\"target_epoch\":\"60\"}]}]")));
    store.close();
    store = reopen(new PruningPolicy(0, 5));
    assertThat(store.prune()).isEqualTo(new PruneSummary(0, 0));
    // (10, 101) surrounds the pruned (50, 60): the source watermark 50 must refuse it.
    assertThat(reason(attestation(10, 101, 1))).isEqualTo(Reason.BELOW_WATERMARK);
    assertThat(attestation(50, 101, 1).accepted()).isTrue();
  }

  @Test
  void asyncDecisionsAreTheSameAndDurableOnceComplete() throws Exception {
    CompletableFuture<Decision> first = store.checkAndRecordBlockAsync(K, 10, root(1), GVR);
    CompletableFuture<Decision> second = store.checkAndRecordBlockAsync(K, 10, root(2), GVR);
    CompletableFuture<Decision> vote = store.checkAndRecordAttestationAsync(K, 1, 2, root(1), GVR);
    assertThat(first.join().accepted()).isTrue();
    assertThat(reason(second.join())).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(vote.join().accepted()).isTrue();
    store.close();
    store = reopen();
    assertThat(reason(block(10, 2))).isEqualTo(Reason.DOUBLE_PROPOSAL);
    assertThat(reason(attestation(1, 2, 2))).isEqualTo(Reason.DOUBLE_VOTE);
  }

  @Test
  void storeIsReachable() {
    assertThat(store.isReachable()).isTrue();
  }
}
