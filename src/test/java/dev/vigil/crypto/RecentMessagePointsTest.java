package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecentMessagePointsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static BlsSecretKey alice;
  private static BlsSecretKey bob;

  @BeforeAll
  static void keys() {
    alice = BlsSecretKey.generate(RANDOM);
    bob = BlsSecretKey.generate(RANDOM);
  }

  @AfterAll
  static void wipe() {
    alice.close();
    bob.close();
  }

  @Test
  void reusesThePointOfTheSameMessageAndSignsExactlyAsWithout() {
    RecentMessagePoints points = new RecentMessagePoints(16);
    byte[] root = randomRoot();
    MessagePoint first = points.pointOf(root);
    MessagePoint second = points.pointOf(root.clone());
    assertThat(second).isSameAs(first);
    assertThat(points.hits()).isEqualTo(1);
    assertThat(points.misses()).isEqualTo(1);
    // Signing multiplies a copy: the shared point serves any number of keys, in any order.
    assertThat(alice.sign(first)).isEqualTo(alice.sign(root));
    assertThat(bob.sign(second)).isEqualTo(bob.sign(root));
    assertThat(alice.sign(first)).isEqualTo(alice.sign(root));
    assertThat(Bls.verify(bob.publicKey(), root, bob.sign(second))).isTrue();
  }

  @Test
  void messagesSharingASlotNeverGetEachOthersPoint() {
    RecentMessagePoints points = new RecentMessagePoints(1);
    byte[] one = randomRoot();
    byte[] other = randomRoot();
    for (int round = 0; round < 3; round++) {
      assertThat(alice.sign(points.pointOf(one))).isEqualTo(alice.sign(one));
      assertThat(alice.sign(points.pointOf(other))).isEqualTo(alice.sign(other));
    }
    assertThat(points.hits()).isZero();
    assertThat(points.misses()).isEqualTo(6);
  }

  @Test
  void aCallerChangingItsArrayAfterwardsDoesNotChangeTheCachedMessage() {
    RecentMessagePoints points = new RecentMessagePoints(16);
    byte[] root = randomRoot();
    byte[] original = root.clone();
    points.pointOf(root);
    root[31] ^= 1;
    assertThat(alice.sign(points.pointOf(root))).isEqualTo(alice.sign(root));
    assertThat(alice.sign(points.pointOf(original))).isEqualTo(alice.sign(original));
  }

  @Test
  void concurrentSignersOfFewMessagesAlwaysGetTheRightSignature() throws Exception {
    List<byte[]> messages = new ArrayList<>();
    List<BlsSignature> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] root = randomRoot();
      messages.add(root);
      expected.add(alice.sign(root));
    }
    RecentMessagePoints points = new RecentMessagePoints(4);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long seed = t;
        workers.add(pool.submit(() -> {
          Random pick = new Random(seed);
          int checked = 0;
          for (int i = 0; i < 60; i++) {
            int m = pick.nextInt(messages.size());
            assertThat(alice.sign(points.pointOf(messages.get(m)))).isEqualTo(expected.get(m));
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> worker : workers) {
        assertThat(worker.get()).isEqualTo(60);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(points.hits() + points.misses()).isEqualTo(480);
    assertThat(points.hits()).isPositive();
  }

  @Test
  void capacityMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new RecentMessagePoints(0)).hasMessageContaining("capacity");
    assertThatThrownBy(() -> new RecentMessagePoints(12)).hasMessageContaining("power of two");
  }

  private static byte[] randomRoot() {
    byte[] root = new byte[32];
    RANDOM.nextBytes(root);
    return root;
  }
}
