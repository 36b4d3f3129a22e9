// Partitioners: which shard owns a key (a user id or a key id), for a sharded store (rung 8).
// Pure code, no Engine: each answers `shard_of(key)`, the exact share of the key space each shard
// owns, and — against the partitioner it would become by adding a shard — the exact fraction of
// keys that change owner, which is the data a reshard must move.
//
//   modulo           key % N. Adding a shard moves N/(N+1) of uniform keys (67% at 2→3, 94% at
//                    16→17): a key stays only when k mod N = k mod (N+1).
//   consistent_hash  a ring of 2^64 positions; each shard puts V virtual nodes on it and owns the
//                    arcs ending at its nodes; a key goes to the first node at or after hash(key).
//                    A new shard's nodes take arcs only, so only ~1/(N+1) of keys move, all to it.
//                    With N·V nodes placed at random, shard shares are Beta(V, (N−1)V): their
//                    coefficient of variation is √((N−1)/(N·V+1)) ≈ 1/√V.
//   range            split points over [0, key_space); a new shard takes the upper half of one
//                    range, so only that half moves.
// A directory override (a hot key pinned to a dedicated shard) wraps any of them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ladder {

enum class PartitionScheme { modulo, consistent_hash, range };
const char* to_string(PartitionScheme s);

class Partitioner {
 public:
  virtual ~Partitioner() = default;
  virtual PartitionScheme scheme() const = 0;
  virtual int shards() const = 0;
  /// The owner of a key in [0, key_space) (consistent hashing takes any 64-bit key).
  virtual int shard_of(std::uint64_t key) const = 0;
  /// The fraction of the key space shard `s` owns (the shares sum to 1).
  virtual double share(int s) const = 0;
  /// The same scheme with one more shard (id shards()), placed the way the scheme adds one.
  virtual std::unique_ptr<Partitioner> with_added_shard() const = 0;
  /// The exact fraction of the key space whose owner differs in `other`, a partitioner of the
  /// same scheme and key space; throws std::invalid_argument otherwise.
  virtual double moved_fraction(const Partitioner& other) const = 0;
};

/// key % shards over [0, key_space).
class ModuloPartitioner final : public Partitioner {
 public:
  ModuloPartitioner(int shards, std::uint64_t key_space);
  PartitionScheme scheme() const override { return PartitionScheme::modulo; }
  int shards() const override { return n_; }
  int shard_of(std::uint64_t key) const override { return static_cast<int>(key % static_cast<std::uint64_t>(n_)); }
  double share(int s) const override;
  std::unique_ptr<Partitioner> with_added_shard() const override;
  /// Counted over one period lcm(N, M) of the two assignments (at most 10^7 keys).
  double moved_fraction(const Partitioner& other) const override;

 private:
  int n_;
  std::uint64_t key_space_;
};

/// A hash ring with `vnodes` virtual nodes per shard; node v of shard s sits at
/// mix64(mix64(salt) ^ (s << 32 | v)) (a bijection: no two nodes collide), so a shard's nodes do not
/// depend on how many shards there are, and a key sits at mix64(key ^ key_salt).
class RingPartitioner final : public Partitioner {
 public:
  RingPartitioner(int shards, int vnodes, std::uint64_t salt);
  PartitionScheme scheme() const override { return PartitionScheme::consistent_hash; }
  int shards() const override { return n_; }
  int shard_of(std::uint64_t key) const override;
  double share(int s) const override;
  std::unique_ptr<Partitioner> with_added_shard() const override;
  /// Exact over the ring: the arcs between the two rings' merged node positions.
  double moved_fraction(const Partitioner& other) const override;
  int vnodes() const { return vnodes_; }

 private:
  struct Node {
    std::uint64_t pos;
    int shard;
  };
  int owner_at(std::uint64_t pos) const;  ///< the first node at or after pos, wrapping
  int n_, vnodes_;
  std::uint64_t salt_;
  std::vector<Node> ring_;  ///< sorted by position
};

/// Ranges [start_i, start_{i+1}) of [0, key_space), each owned by one shard.
class RangePartitioner final : public Partitioner {
 public:
  /// `starts` ascending with starts[0] == 0; owners[i] owns [starts[i], starts[i+1]).
  RangePartitioner(std::vector<std::uint64_t> starts, std::vector<int> owners, std::uint64_t key_space);
  /// N equal ranges, shard i owning the i-th.
  static RangePartitioner even(int shards, std::uint64_t key_space);
  PartitionScheme scheme() const override { return PartitionScheme::range; }
  int shards() const override { return n_; }
  int shard_of(std::uint64_t key) const override;
  double share(int s) const override;
  /// Splits the widest range (the first of equals) in half; the new shard takes the upper half.
  std::unique_ptr<Partitioner> with_added_shard() const override;
  /// Exact: the overlap of the two range lists.
  double moved_fraction(const Partitioner& other) const override;
  /// This partitioner with the range containing `at` split there, [at, end) to a new shard.
  RangePartitioner split_at(std::uint64_t at) const;

 private:
  std::vector<std::uint64_t> starts_;
  std::vector<int> owners_;
  std::uint64_t key_space_;
  int n_;
};

/// Any partitioner with some keys pinned to given shards (a celebrity user on its own shard).
class DirectoryPartitioner final : public Partitioner {
 public:
  DirectoryPartitioner(std::shared_ptr<const Partitioner> base, std::map<std::uint64_t, int> pinned);
  PartitionScheme scheme() const override { return base_->scheme(); }
  int shards() const override { return base_->shards(); }
  int shard_of(std::uint64_t key) const override;
  /// The base's shares: a pinned key is one key of the key space (its traffic share is the
  /// workload's business, not the key space's).
  double share(int s) const override { return base_->share(s); }
  std::unique_ptr<Partitioner> with_added_shard() const override;
  double moved_fraction(const Partitioner& other) const override;

 private:
  std::shared_ptr<const Partitioner> base_;
  std::map<std::uint64_t, int> pinned_;
};

}  // namespace ladder
