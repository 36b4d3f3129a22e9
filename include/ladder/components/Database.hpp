// The database: a connection pool limiting concurrent queries, a bounded FIFO queue for
// connections, CPU demand on its host's cores and I/O on its disk. The primary takes every
// write; replicas (stage 4) serve reads and apply the primary's writes.
//
// A query (the request's step::Query, set by the caller) burns its database CPU demand, then reads (or, for writes, writes) its I/O
// bytes on the host's disk, then replies. Concurrent queries share cores (processor sharing
// up to `connections` at once) and the disk's bandwidth.
//
// Buffer pool: rows of `row_kb` are hashed to pages of `page_kb`; the pool holds
// buffer_pool_fraction of the instance's memory in pages, LRU. A read whose page is not resident
// also reads the page from disk, and the page becomes resident (so does a written row's). When
// every page fits the pool is taken as warm (no read ever misses); otherwise it starts empty.
//
// Replication (see Replication.hpp): a committed write on the primary is shipped to each
// replica, which applies commits one at a time in order (its apply queue, metered as
// "<name>.apply": L, W and X obey Little's law), each costing apply_cpu_ms on its cores.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "ladder/cache/KeyCache.hpp"
#include "ladder/components/Registry.hpp"
#include "ladder/components/Replication.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/components/Service.hpp"
#include "ladder/components/SlotQueue.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

/// What one database instance counts, from warm-up on. Views: the result's `replication`
/// section sums them over the primary and its replicas (StatsViews.hpp); the apply lags of all
/// replicas go to their log's one histogram (ReplicationStats), not here.
struct DatabaseStats {
  std::uint64_t commits = 0;  ///< the primary: replicated writes committed
  std::uint64_t applied = 0;  ///< a replica: the primary's writes it applied
  /// Reads served with a replication log, by request class index (grown on demand).
  std::vector<ConsistencyCounts> reads;
};

class Database : public Component, public Slowable {
 public:
  /// kQuery: a query whose answer goes to the request's ReplyTo.
  enum Event : int { kQuery = 0, kShip = 1 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    Metrics& metrics;
    simgrid::s4u::Host* host;
    simgrid::s4u::Host* storage;  ///< the disk; speed = read bandwidth in bytes/s
    double write_cost;             ///< read bandwidth / write bandwidth: a written byte's cost
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
    ComponentMeter* apply_meter;   ///< replicas: the apply queue
    double reply_s;                ///< one-way hop back to a caller (the query's ReplyTo)
    ReplicationLog* log;           ///< null without replicas
  };
  /// `replica`: 0 for the primary, r ≥ 1 for replica r.
  Database(const DbConfig& cfg, const WorkloadConfig& workload, ServiceConfig service, std::uint64_t seed,
           int replica, std::string name, Wiring wiring);

  /// The primary ships its commits to these.
  void replicate_to(std::vector<Database*> replicas) { replicas_ = std::move(replicas); }
  /// A `slow` fault: every new query's (and apply's) CPU demand is multiplied by `factor`.
  void set_slow(double factor) override { slow_ = factor; }
  int replica_index() const { return replica_; }
  const DatabaseStats& stats() const { return stats_; }
  const std::string& name() const { return name_; }
  /// Age of the oldest commit shipped to this replica and not applied yet (0 when caught up).
  double lag_s(double now) const;
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

 private:
  enum Stage : int { kCpu = 0, kIo = 1, kApply = 2 };
  struct Commit {
    std::uint64_t position;
    double committed;  ///< on the primary
    double arrived;    ///< at this replica
  };
  void start(RequestId req);
  void reply(RequestId req);
  void send_back(RequestId req);
  void commit(RequestId req);
  void start_apply();
  /// Whether the key's page is in memory (and makes it resident).
  bool page_resident(std::uint64_t key, double now);

  DbConfig cfg_;
  ServiceSampler service_;
  int replica_;
  std::string name_;
  Wiring w_;
  Rng rng_;
  int host_slot_;
  int apply_slot_ = -1;  ///< replicas: the apply thread's share of the host
  int io_in_flight_ = 0;
  double slow_ = 1.0;
  SlotQueue connections_;
  std::vector<Database*> replicas_;
  std::deque<Commit> in_transit_;  ///< shipped, not arrived (constant latency: FIFO)
  std::deque<Commit> apply_queue_;  ///< arrived; the front one is being applied when applying_
  bool applying_ = false;
  std::uint64_t pages_ = 0;
  std::unique_ptr<KeyCache> buffer_pool_;  ///< null when every page fits (or no pool model)
  bool pool_holds_nothing_ = false;       ///< the pool is smaller than one page
  DatabaseStats stats_;
};

}  // namespace ladder
