// What concurrent writes in several regions do to one key (rung 10), as pure structures fed by
// the run's write and replication events; no Engine.
//
// Last-writer-wins: every write carries its timestamp and a replica keeps the newest it has
// seen, so all regions converge — on one of two concurrent writes. Write w1 (region A, time t1)
// is a *lost update* when a write w2 from another region B comes after it (t2 > t1) but before
// w1 has reached B (t2 < t1 + d(A, B)): w2's writer never saw w1, and w2's newer timestamp
// overwrites it everywhere. With Poisson writes of rate λ per region and one delay d between
// every pair, a write is lost unless no other region writes within d after it:
// P(lost) = 1 − e^{−(R−1)λd} ≈ (R−1)·λ·d for small λd.
//
// A grow-only counter (CRDT): each region counts its own increments; a merge keeps the larger
// count per region; the value is the sum. Merges commute and repeat harmlessly, so every
// increment survives whatever the order replicas hear of each other.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

namespace ladder {

class LwwLostUpdates {
 public:
  /// delay_s[a][b]: one-way replication delay from region a to region b (the diagonal unused).
  explicit LwwLostUpdates(std::vector<std::vector<double>> delay_s);
  /// A write at `region` at time `t_s`; writes must come in time order (ties: call order).
  /// Returns the write's index (0, 1, …).
  std::uint64_t write(int region, double t_s);
  std::uint64_t writes() const { return writes_; }
  /// Writes known lost so far (a write can only be found lost up to max delay after it).
  std::uint64_t lost() const { return lost_; }
  bool is_lost(std::uint64_t index) const { return index < lost_flags_.size() && lost_flags_[index]; }

 private:
  struct Pending {
    double t_s;
    std::uint64_t index;
  };
  std::vector<std::vector<double>> delay_;
  std::vector<std::deque<Pending>> recent_;  ///< per region: its writes still in flight to some region
  std::vector<bool> lost_flags_;
  std::uint64_t writes_ = 0, lost_ = 0;
  double max_delay_ = 0;
  double last_t_s_ = 0;
};

class GCounter {
 public:
  explicit GCounter(int regions) : counts_(static_cast<std::size_t>(regions), 0) {}
  void increment(int region, std::uint64_t by = 1) { counts_.at(static_cast<std::size_t>(region)) += by; }
  /// Keeps the larger count per region (commutative, associative, idempotent).
  void merge(const GCounter& other);
  std::uint64_t value() const;
  /// How many merges changed this replica's state (a merge that taught it nothing is not counted).
  std::uint64_t merges() const { return merges_; }

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t merges_ = 0;
};

}  // namespace ladder
