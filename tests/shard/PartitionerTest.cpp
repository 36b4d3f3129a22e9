// Partitioners against what is derived here: modulo resharding moves N/(N+1) of the keys
// exactly, a hash ring ~1/(N+1) (all of it to the new shard), a range split only its half; a
// ring's shard shares have the coefficient of variation of Beta(V, (N-1)V), sqrt((N-1)/(NV+1)).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "ladder/shard/Partitioner.hpp"

using namespace ladder;

namespace {

struct MeanSe {
  double mean, se;
};
MeanSe mean_se(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()))};
}

}  // namespace

TEST(ModuloPartitioner, AddingAShardMovesNOverNPlusOneOfTheKeys) {
  for (int n : {2, 3, 16}) {
    // A key space that is a whole number of periods lcm(N, N+1) = N(N+1): exactly N/(N+1).
    const auto keys = static_cast<std::uint64_t>(n * (n + 1) * 1000);
    ModuloPartitioner a(n, keys);
    auto b = a.with_added_shard();
    EXPECT_EQ(b->shards(), n + 1);
    EXPECT_DOUBLE_EQ(a.moved_fraction(*b), static_cast<double>(n) / (n + 1)) << n;
    std::uint64_t moved = 0;  // the same by looking at every key
    for (std::uint64_t k = 0; k < keys; ++k) moved += a.shard_of(k) != b->shard_of(k) ? 1 : 0;
    EXPECT_EQ(moved, keys / static_cast<std::uint64_t>(n + 1) * static_cast<std::uint64_t>(n));
  }
  // The seed's figures: 67% at 2 -> 3, 94% at 16 -> 17.
  EXPECT_NEAR(ModuloPartitioner(2, 600).moved_fraction(ModuloPartitioner(3, 600)), 0.667, 5e-4);
  EXPECT_NEAR(ModuloPartitioner(16, 272000).moved_fraction(ModuloPartitioner(17, 272000)), 0.941, 5e-4);
}

TEST(ModuloPartitioner, PartialPeriodCountedExactly) {
  ModuloPartitioner a(4, 1003), b(5, 1003);
  std::uint64_t moved = 0;
  for (std::uint64_t k = 0; k < 1003; ++k) moved += a.shard_of(k) != b.shard_of(k) ? 1 : 0;
  EXPECT_DOUBLE_EQ(a.moved_fraction(b), static_cast<double>(moved) / 1003);
  double total = 0;
  for (int s = 0; s < 4; ++s) total += a.share(s);
  EXPECT_DOUBLE_EQ(total, 1.0);
  EXPECT_DOUBLE_EQ(a.share(0), 251.0 / 1003);  // keys 0, 4, …, 1000
  EXPECT_DOUBLE_EQ(a.share(3), 250.0 / 1003);
}

TEST(RingPartitioner, AddingAShardMovesAboutOneOverNPlusOneAllToTheNewShard) {
  // The new shard's share is Beta(V, N·V): mean 1/(N+1); the mean over independent rings must
  // sit within 3 standard errors of it.
  for (int n : {2, 4, 16}) {
    std::vector<double> moved;
    for (std::uint64_t salt = 1; salt <= 40; ++salt) {
      RingPartitioner a(n, 64, salt);
      auto b = a.with_added_shard();
      const double f = a.moved_fraction(*b);
      EXPECT_NEAR(f, b->share(n), 1e-12);  // what moves is exactly what the new shard owns
      moved.push_back(f);
    }
    MeanSe m = mean_se(moved);
    EXPECT_NEAR(m.mean, 1.0 / (n + 1), 3 * m.se) << n;
  }
  // Keys only ever move to the new shard, never between old ones.
  RingPartitioner a(5, 32, 7);
  auto b = a.with_added_shard();
  for (std::uint64_t k = 0; k < 200000; ++k) {
    const int from = a.shard_of(k), to = b->shard_of(k);
    if (from != to) {
      ASSERT_EQ(to, 5) << k;
    }
  }
}

TEST(RingPartitioner, ShareSpreadMatchesBetaForVirtualNodes) {
  // CV^2 of shard shares = (N-1)/(N·V+1) in expectation: (1/N) Σ (N·share - 1)^2 per ring,
  // averaged over rings, within 3 standard errors.
  const int n = 10;
  for (int v : {10, 100, 1000}) {
    std::vector<double> cv2;
    for (std::uint64_t salt = 100; salt < 130; ++salt) {
      RingPartitioner ring(n, v, salt);
      double sum = 0, ss = 0;
      for (int s = 0; s < n; ++s) {
        sum += ring.share(s);
        ss += (n * ring.share(s) - 1) * (n * ring.share(s) - 1);
      }
      EXPECT_NEAR(sum, 1.0, 1e-9);
      cv2.push_back(ss / n);
    }
    MeanSe m = mean_se(cv2);
    const double expected = (n - 1.0) / (n * v + 1.0);
    // (the rule of thumb behind "more virtual nodes, less imbalance": CV ≈ 1/√V for N ≫ 1)
    EXPECT_NEAR(m.mean, expected, 3 * m.se) << "V = " << v;
  }
}

TEST(RingPartitioner, KeysFollowTheShares) {
  // Uniform keys land on shards in proportion to their arcs (binomial error per shard).
  RingPartitioner ring(4, 8, 3);
  const int keys = 400000;
  std::vector<int> count(4);
  for (int k = 0; k < keys; ++k) ++count[static_cast<std::size_t>(ring.shard_of(static_cast<std::uint64_t>(k)))];
  for (int s = 0; s < 4; ++s) {
    const double p = ring.share(s);
    EXPECT_NEAR(count[static_cast<std::size_t>(s)] / static_cast<double>(keys), p, 4 * std::sqrt(p * (1 - p) / keys));
  }
  EXPECT_EQ(RingPartitioner(4, 8, 3).shard_of(12345), ring.shard_of(12345));  // deterministic
}

TEST(RangePartitioner, SplitMovesOnlyTheSplitHalf) {
  RangePartitioner a = RangePartitioner::even(4, 1000);  // [0,250) [250,500) [500,750) [750,1000)
  EXPECT_EQ(a.shard_of(0), 0);
  EXPECT_EQ(a.shard_of(249), 0);
  EXPECT_EQ(a.shard_of(250), 1);
  EXPECT_EQ(a.shard_of(999), 3);
  RangePartitioner b = a.split_at(600);  // [600, 750) goes to shard 4
  EXPECT_EQ(b.shards(), 5);
  EXPECT_DOUBLE_EQ(a.moved_fraction(b), 150.0 / 1000);
  for (std::uint64_t k = 0; k < 1000; ++k)
    EXPECT_EQ(b.shard_of(k), k >= 600 && k < 750 ? 4 : a.shard_of(k)) << k;
  auto c = a.with_added_shard();  // the widest range (the first of four equals) split in half
  EXPECT_DOUBLE_EQ(a.moved_fraction(*c), 125.0 / 1000);
  EXPECT_DOUBLE_EQ(c->share(4), 0.125);
  EXPECT_DOUBLE_EQ(c->share(0), 0.125);
}

TEST(DirectoryPartitioner, PinnedKeyGoesToItsShardOthersUnchanged) {
  auto base = std::make_shared<ModuloPartitioner>(4, 1000);
  DirectoryPartitioner d(base, {{42, 3}});
  EXPECT_EQ(d.shard_of(42), 3);  // 42 % 4 = 2 without the pin
  for (std::uint64_t k = 0; k < 1000; ++k)
    if (k != 42) {
      EXPECT_EQ(d.shard_of(k), base->shard_of(k));
    }
  auto grown = d.with_added_shard();
  EXPECT_EQ(grown->shard_of(42), 3);  // the pin survives a reshard
  EXPECT_EQ(grown->shards(), 5);
  EXPECT_THROW(DirectoryPartitioner(base, {{1, 4}}), std::invalid_argument);
}

TEST(Partitioner, BadArgumentsAreRefused) {
  EXPECT_THROW(ModuloPartitioner(0, 10), std::invalid_argument);
  EXPECT_THROW(RingPartitioner(2, 0, 1), std::invalid_argument);
  EXPECT_THROW(RangePartitioner({0, 5, 3}, {0, 1, 2}, 10), std::invalid_argument);
  EXPECT_THROW(RangePartitioner({1}, {0}, 10), std::invalid_argument);
  EXPECT_THROW(RangePartitioner::even(2, 10).split_at(5), std::invalid_argument);  // already a start
  EXPECT_THROW(ModuloPartitioner(2, 10).moved_fraction(RingPartitioner(2, 4, 1)), std::invalid_argument);
  EXPECT_THROW(ModuloPartitioner(2, 10).moved_fraction(ModuloPartitioner(3, 11)), std::invalid_argument);
}
