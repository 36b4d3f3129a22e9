// Read replicas (stage 4): the commit log that gives every key a version, the read-routing
// policies, and the monitor that takes a lagging replica out of read routing.
//
// Model assumptions:
// - The primary commits writes in one sequence: commit k gets position k, and the key it
//   wrote gets version k. Every commit is shipped to every replica (one way, replication_ms)
//   and applied there by one apply thread, in commit order, at apply_cpu_ms of CPU each on the
//   replica's cores (shared with the reads it serves). A replica's position is the last commit
//   it applied; its lag is the age of its oldest commit not yet applied.
// - A read served by replica r at time t returns, for key k, the latest version with position
//   ≤ position(r). It is stale when k has a later commit; it violates read-your-writes when
//   position(r) is below the reader's own last commit made before the read was sent (the
//   replica has not seen that write, whatever key it touched). Reads on the primary are never
//   either.
// - Memory grows with the keys written and the users who wrote during the run, not with the
//   key space or the population.
#pragma once

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

/// What replication as a whole counts, from warm-up on: each applied write's lag (commit on the
/// primary to applied on a replica), all replicas in one histogram filled in apply order, so
/// the lag's mean sums in event order whatever the number of replicas. View: `replication.lag_ms`.
struct ReplicationStats {
  Histogram lag_ms;
};

/// What the lag monitor counts, from warm-up on. View: `replication.evictions`, `readmissions`.
struct LagMonitorStats {
  std::uint64_t evictions = 0;     ///< replicas taken out of read routing for lagging
  std::uint64_t readmissions = 0;  ///< replicas routed to again
};

class ReplicationLog {
 public:
  explicit ReplicationLog(int replicas)
      : position_(static_cast<std::size_t>(replicas) + 1, 0), routable_(static_cast<std::size_t>(replicas) + 1, true) {}

  struct UserWrite {
    std::uint64_t position = 0;
    double t = -std::numeric_limits<double>::infinity();
  };

  /// A write of `key` by `user` committed on the primary at `t`: its position.
  std::uint64_t commit(std::uint64_t key, std::uint64_t user, double t) {
    ++head_;
    latest_[key] = head_;
    writes_[user] = {head_, t};
    return head_;
  }
  std::uint64_t head() const { return head_; }
  /// The latest committed version of `key` (0: not written during the run).
  std::uint64_t latest(std::uint64_t key) const {
    auto it = latest_.find(key);
    return it == latest_.end() ? 0 : it->second;
  }
  UserWrite last_write(std::uint64_t user) const {
    auto it = writes_.find(user);
    return it == writes_.end() ? UserWrite{} : it->second;
  }
  /// Replica r (1-based; 0 is the primary, always at the head).
  std::uint64_t position(int r) const { return r == 0 ? head_ : position_[static_cast<std::size_t>(r)]; }
  void applied(int r, std::uint64_t position) { position_[static_cast<std::size_t>(r)] = position; }
  bool routable(int r) const { return routable_[static_cast<std::size_t>(r)]; }
  void set_routable(int r, bool routable) { routable_[static_cast<std::size_t>(r)] = routable; }
  int replicas() const { return static_cast<int>(position_.size()) - 1; }
  ReplicationStats& stats() { return stats_; }
  const ReplicationStats& stats() const { return stats_; }

 private:
  std::uint64_t head_ = 0;
  std::vector<std::uint64_t> position_;
  std::vector<bool> routable_;
  std::unordered_map<std::uint64_t, std::uint64_t> latest_;
  std::unordered_map<std::uint64_t, UserWrite> writes_;
  ReplicationStats stats_;
};

/// Where a read query goes: 0 = the primary, r = replica r. Replicas in routing are taken in
/// round-robin order; with none suitable the primary serves the read.
class ReadRouter {
 public:
  ReadRouter(ReadPolicy policy, double window_s, const ReplicationLog& log)
      : policy_(policy), window_s_(window_s), log_(log) {}
  /// Also sets `token` to the commit position of the user's last write (what read-your-writes
  /// requires this read to see).
  /// `primary_only`: the query always goes to the primary (a primary_reads class).
  int route(bool primary_only, std::uint64_t user, double now, std::uint64_t& token);

 private:
  ReadPolicy policy_;
  double window_s_;
  const ReplicationLog& log_;
  int next_ = 0;
};

class Database;

/// Checks every replica's lag periodically; one lagging past the threshold leaves read routing
/// and comes back once its lag is below half the threshold.
class LagMonitor : public Component {
 public:
  LagMonitor(Kernel& kernel, Metrics& metrics, ReplicationLog& log, std::vector<Database*> replicas,
             double max_lag_s, double interval_s)
      : kernel_(kernel), metrics_(metrics), log_(log), replicas_(std::move(replicas)), max_lag_s_(max_lag_s),
        interval_s_(interval_s) {
    metrics_.stats().add(stats_);
  }
  void start() { kernel_.at(interval_s_, this, 0, 0); }
  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}
  const LagMonitorStats& stats() const { return stats_; }

 private:
  Kernel& kernel_;
  Metrics& metrics_;
  ReplicationLog& log_;
  std::vector<Database*> replicas_;
  double max_lag_s_, interval_s_;
  LagMonitorStats stats_;
};

}  // namespace ladder
